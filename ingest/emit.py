"""Writing outputs atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def temporary(path: Path) -> tuple[int, str]:
    """A temporary file to rename to `path`, open, with the mode open() would give `path` (mkstemp's is 0600)."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except (FileNotFoundError, NotADirectoryError):  # the folder is made by the first write into it, not asked for
        # by each; a file where the folder should be makes mkdir name it, not the temporary file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0o022)  # read back at once; 022, not 0, for a thread that creates a file meanwhile
    os.umask(umask)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o666 & ~umask)
    return fd, temp


def write_atomic(path: Path, data: bytes | Iterable[bytes], durable: bool = True) -> None:
    """`data` as bytes, or as chunks written one by one. `durable` False skips the fsync: for a batch
    that syncs everything before it records it (ingest/batch.py)."""
    fd, temp = temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
