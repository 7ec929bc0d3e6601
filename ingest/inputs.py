"""Which files a run reads, and where each one's clean text goes."""

from __future__ import annotations

import functools
import os
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
        path = Path(given)
        root: Path | None = None
        if path.is_dir():
            root = path
            found_here = [(file, _id_of_parts(parts), linked) for file, parts, linked in _walk(path)]
        elif path.exists() or path.is_symlink():
            found_here = [(path, document_id(_relative_to_raw(path, raw_dir)), True)]
        else:
            raise UsageError(f"{given}: no such file or folder")
        for file, doc_id, linked in found_here:
            item = Input(file, doc_id, root, linked)
            other = found.get(item.id)
            if other is not None and (resolved(other.path) or other.path) != (resolved(file) or file):
                raise UsageError(f"{file}: same output {item.output} as {other.path}")
            found[item.id] = item
    return sorted(found.values(), key=lambda item: item.id)


def document_id(relative: Path) -> str:
    """Its path with "/" separators and without its suffix (both of `.html.gz`)."""
    path = PurePosixPath(relative.as_posix())
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return str(path.with_suffix(""))


def _id_of_parts(parts: tuple[str, ...]) -> str:
    """document_id of a relative path given as its parts, with string operations (pathlib's cost
    shows on a re-run over a million files): the same suffix rule as PurePath.suffix."""

    def stem(name: str) -> str:
        dot = name.rfind(".")
        return name[:dot] if 0 < dot < len(name) - 1 else name

    name = parts[-1]
    if stem(name) != name and name[len(stem(name)) :].lower() == ".gz":
        name = stem(name)
    return "/".join((*parts[:-1], stem(name)))


def _walk(root: Path) -> list[tuple[Path, tuple[str, ...], bool]]:
    """Files under `root` with their path's parts below it and whether they are symlinks, and every
    symlink but those to folders inside it; hidden ones and the manifest left out. Symlinked folders are
    not descended into, so there are no loops; one inside the root is walked under its own path, and one
    that leads out of it (or nowhere) becomes an input that is refused, so that it is recorded.
    os.scandir tells files, folders and symlinks apart without a stat each (a re-run over a million files)."""
    files = []
    inside = _resolved_root(root)
    folders: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while folders:
        folder, parts = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except (PermissionError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
                continue
            path, relative = folder / entry.name, (*parts, entry.name)
            if entry.is_symlink():
                target = resolved(path)
                if not (target is not None and target.is_dir() and target.is_relative_to(inside)):
                    files.append((path, relative, True))
            elif entry.is_dir():
                folders.append((path, relative))
            elif entry.is_file():
                files.append((path, relative, False))
    return sorted(files, key=lambda found: found[1])


def _relative_to_raw(path: Path, raw_dir: Path) -> Path:
    try:
        return path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return Path(path.name)
