"""Which files a run reads, and where each one's clean text goes."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .manifest import NAME as MANIFEST_NAME


class UsageError(ValueError):
    """The command line names something that cannot be processed; exit 2."""


@dataclass(frozen=True)
class Input:
    path: Path
    id: str  # its path relative to its root, suffix dropped, with "/" separators
    root: Path | None = None  # the folder it was found under; None when named on the command line
    linked: bool = True  # False: the walk saw a plain file under no symlinked folder, nothing to check

    def refused(self) -> str | None:
        """Why it is not read (a symlink under the folder that leads out of it, or a symlink loop), or None.
        A refused input is recorded as a failure; a file named on the command line is read wherever it points."""
        if self.root is None or not self.linked or not _symlink_below(self.path, self.root):
            return None  # no symlink between the folder and the file: it is inside
        target = resolved(self.path)
        if target is None:
            return "symlink loop; not read"
        if not target.is_relative_to(_resolved_root(self.root)):
            return f"symlink leads outside the input folder, to {target}; not read"
        return None

    @property
    def output(self) -> str:
        return f"{self.id}.txt"


@functools.lru_cache(maxsize=64)
def _resolved_root(root: Path) -> Path:
    return resolved(root) or root


def resolved(path: Path) -> Path | None:
    """Where a path leads, symlinks followed; None for a symlink loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
        return None


def _symlink_below(path: Path, root: Path) -> bool:
    """Whether the file, or a folder between it and `root`, is a symlink (or `path` is not written
    under `root`): only then can it lead out. One lstat per level instead of resolving both paths."""
    current, top = os.fspath(path), os.fspath(root).rstrip(os.sep) or os.sep
    if not current.startswith(top + os.sep if top != os.sep else top):
        return True
    while len(current) > len(top):
        if os.path.islink(current):
            return True
        current = os.path.dirname(current)
    return current != top


def discover(paths: list[str], raw_dir: Path) -> list[Input]:
    """Files named, and the files under folders named, each with its id; sorted by id."""
    found: dict[str, Input] = {}
    for given in paths:
        for item in _inputs(Path(given), raw_dir):
            other = found.get(item.id)
            if other is not None and (resolved(other.path) or other.path) != (resolved(item.path) or item.path):
                raise UsageError(f"{item.path}: same output {item.output} as {other.path}")
            found[item.id] = item
    return sorted(found.values(), key=lambda item: item.id)


def stream(paths: list[str], raw_dir: Path) -> Iterable[Input]:
    """What discover finds; for one folder, read as it is walked (a corpus of millions of files
    is never one list in memory), in the same order."""
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return walk(Path(paths[0]))
    return discover(paths, raw_dir)


def _inputs(path: Path, raw_dir: Path) -> Iterable[Input]:
    if path.is_dir():
        return walk(path)
    if path.exists() or path.is_symlink():
        return [Input(path, document_id(_relative_to_raw(path, raw_dir)))]
    raise UsageError(f"{path}: no such file or folder")


def document_id(relative: Path) -> str:
    """Its path with "/" separators and without its suffix (both of `.html.gz`)."""
    path = PurePosixPath(relative.as_posix())
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return as_text(str(path.with_suffix("")))


def as_text(name: str) -> str:
    """A name with each byte that is not UTF-8 (a lone surrogate, as os.fsdecode keeps it) written `\\xe9`:
    an id is text, for the manifest's JSON and for printing, and so is the name of its output."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _id_of_parts(parts: tuple[str, ...]) -> str:
    """document_id of a relative path given as its parts, with string operations (pathlib's cost
    shows on a re-run over a million files): the same suffix rule as PurePath.suffix."""

    def stem(name: str) -> str:
        dot = name.rfind(".")
        return name[:dot] if 0 < dot < len(name) - 1 else name

    name = parts[-1]
    if stem(name) != name and name[len(stem(name)) :].lower() == ".gz":
        name = stem(name)
    return as_text("/".join((*parts[:-1], stem(name))))


def walk(root: Path) -> Iterator[Input]:
    """The files under `root`, in id order, one folder's listing in memory at a time; every symlink but
    those to folders inside it; hidden ones and the manifest left out. Symlinked folders are not
    descended into, so there are no loops; one inside the root is walked under its own path, and one
    that leads out of it (or nowhere) becomes an input that is refused, so that it is recorded.
    Siblings sort by id, a folder by its name and "/", so that depth first is id order."""
    inside = _resolved_root(root)
    listings = [iter(_listing(root, (), inside))]
    while listings:
        entry = next(listings[-1], None)
        if entry is None:
            listings.pop()
        elif entry[3] == "folder":
            listings.append(iter(_listing(entry[1], entry[2], inside)))
        else:
            yield Input(entry[1], entry[0], root, entry[3] == "symlink")


def _listing(folder: Path, parts: tuple[str, ...], inside: Path) -> list[tuple[str, Path, tuple[str, ...], str]]:
    """One folder's entries as (sort key, path, parts, kind), sorted; two files with one id are an error.
    os.scandir tells files, folders and symlinks apart without a stat each."""
    try:
        with os.scandir(folder) as listing:
            found = [(entry.name, _kind(entry)) for entry in listing]
    except (PermissionError, NotADirectoryError):
        return []
    entries = []
    for name, kind in found:
        if hidden(name) or name == MANIFEST_NAME:
            continue
        path, relative = folder / name, (*parts, name)
        if kind == "symlink":
            target = resolved(path)
            if target is not None and target.is_dir() and target.is_relative_to(inside):
                continue  # walked under its own path
        entries.append(("/".join(relative) + "/" if kind == "folder" else _id_of_parts(relative), path, relative, kind))
    entries.sort(key=lambda entry: (entry[0], entry[2]))
    kept: list[tuple[str, Path, tuple[str, ...], str]] = []
    for entry in entries:
        if kept and kept[-1][0] == entry[0]:
            other = kept.pop()
            if (resolved(other[1]) or other[1]) != (resolved(entry[1]) or entry[1]):
                raise UsageError(f"{entry[1]}: same output {entry[0]}.txt as {other[1]}")
        kept.append(entry)
    return kept


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "symlink"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "file"  # a named pipe or a device too: reading refuses it, so that it is recorded


def _relative_to_raw(path: Path, raw_dir: Path) -> Path:
    try:
        return path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return Path(path.name)


def hidden(name: str) -> bool:
    """A name the walk passes over, as `ls` and git do: it starts with a dot."""
    return name.startswith(".")


def hidden_path(relative: str) -> bool:
    """Whether the walk passes over the relative path: a folder in it, or its name, is hidden."""
    return any(map(hidden, relative.split(os.sep)))
