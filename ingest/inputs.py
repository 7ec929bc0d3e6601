"""Which files a run reads, and where each one's clean text goes."""

from __future__ import annotations

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

    def refused(self) -> str | None:
        """Why it is not read (a symlink under the folder that leads out of it, or a symlink loop), or None.
        A refused input is recorded as a failure; a file named on the command line is read wherever it points."""
        if self.root is None:
            return None
        target = resolved(self.path)
        if target is None:
            return "symlink loop; not read"
        if not target.is_relative_to(resolved(self.root) or self.root):
            return f"symlink leads outside the input folder, to {target}; not read"
        return None

    @property
    def output(self) -> str:
        return f"{self.id}.txt"


def discover(paths: list[str], raw_dir: Path) -> list[Input]:
    """Files named, and the files under folders named, each with its id; sorted by id."""
    found: dict[str, Input] = {}
    for given in paths:
        path = Path(given)
        root: Path | None = None
        if path.is_dir():
            root = path
            pairs = [(file, file.relative_to(path)) for file in _walk(path)]
        elif path.exists() or path.is_symlink():
            pairs = [(path, _relative_to_raw(path, raw_dir))]
        else:
            raise UsageError(f"{given}: no such file or folder")
        for file, relative in pairs:
            item = Input(file, document_id(relative), root)
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


def resolved(path: Path) -> Path | None:
    """Where a path leads, symlinks followed; None for a symlink loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
        return None


def _walk(root: Path) -> list[Path]:
    """Files under `root`, and every symlink but those to folders inside it. rglob does not descend into
    symlinked folders, so there are no loops; one inside the root is walked under its own path, and one
    that leads out of it (or nowhere) becomes an input that is refused, so that it is recorded."""
    files = []
    inside = resolved(root) or root
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.name == MANIFEST_NAME:
            continue
        if path.is_symlink():
            target = resolved(path)
            if not (target is not None and target.is_dir() and target.is_relative_to(inside)):
                files.append(path)
        elif path.is_file():
            files.append(path)
    return files


def _relative_to_raw(path: Path, raw_dir: Path) -> Path:
    try:
        return path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return Path(path.name)
