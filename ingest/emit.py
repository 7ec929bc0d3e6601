"""Writing outputs atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from pathlib import Path

# As mkstemp opens its file, but created with the mode open() would give the output (0666 less the
# umask, or as a folder's default ACL says), where mkstemp's 0600 took a umask read and a chmod per file.
FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
ATTEMPTS = 10000  # names tried before giving up, as tempfile.TMP_MAX
_numbers = itertools.count()


def temporary(path: Path) -> tuple[int, str]:
    """A temporary file to rename to `path`, open for writing, named `.NAME.XXXXXXXX.tmp` (from this
    process's pid and a count; a name taken, as by a killed run, is passed over)."""
    made_folder = False
    for _ in range(ATTEMPTS):
        # Eight characters, as mkstemp's: a longer suffix would fail names that fit before.
        temp = os.path.join(path.parent, f".{path.name}.{(os.getpid() << 20 ^ next(_numbers)) & 0xFFFFFFFF:08x}.tmp")
        try:
            return os.open(temp, FLAGS, 0o666), temp
        except FileExistsError:
            continue
        except (FileNotFoundError, NotADirectoryError):  # the folder is made by the first write into it, not asked for
            if made_folder:  # by each; a file where the folder should be makes mkdir name it, not the temporary file
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            made_folder = True
    raise FileExistsError(f"{path.parent}: no free name for a temporary file beside {path.name}")


Written = tuple[int, int, int, int]  # a file's device, inode, size and mtime_ns, as written


def write_atomic(path: Path, data: bytes | Iterable[bytes], durable: bool = True) -> Written:
    """`data` as bytes, or as chunks written one by one. `durable` False skips the fsync: for a batch
    that syncs everything before it records it (ingest/batch.py's outputs; the manifest is durable).
    Returns the device, inode, size and mtime of the file written: `path` may hold another's by the
    time it is stat'ed (another run writing the same output), and a freed inode is soon another
    file's (ext4 reuses one at once)."""
    fd, temp = temporary(path)
    try:
        try:
            if isinstance(data, bytes):  # one output: written as it is, no buffer in between
                _write_all(fd, data)
            else:  # many chunks (the manifest's lines): through a buffer, flushed before the fstat
                with os.fdopen(fd, "wb", closefd=False) as handle:
                    handle.writelines(data)
            if durable:
                os.fsync(fd)
            found = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def _write_all(fd: int, data: bytes) -> None:
    """os.write, which may write less than it is given, until it has written all of `data`."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
