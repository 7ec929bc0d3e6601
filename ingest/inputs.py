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

    def outside_root(self) -> bool:
        """A symlink under the folder that leads out of it: not read, recorded as a failure."""
        return self.root is not None and not self.path.resolve().is_relative_to(self.root.resolve())

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
            if other is not None and other.path.resolve() != file.resolve():
                raise UsageError(f"{file}: same output {item.output} as {other.path}")
            found[item.id] = item
    return sorted(found.values(), key=lambda item: item.id)


def document_id(relative: Path) -> str:
    """Its path with "/" separators and without its suffix (both of `.html.gz`)."""
    path = PurePosixPath(relative.as_posix())
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return str(path.with_suffix(""))


def _walk(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.name == MANIFEST_NAME:
            continue
        if path.is_file() or (path.is_symlink() and not path.is_dir()):
            files.append(path)
    return files


def _relative_to_raw(path: Path, raw_dir: Path) -> Path:
    try:
        return path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return Path(path.name)
