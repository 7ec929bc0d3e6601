"""The sha256 of files known by their stat, as git's index knows the working tree: a re-run over an
unchanged corpus need not hash its raw files again, nor read and hash its clean outputs.

One cache file per output folder, in the user's cache folder (ingest/cache.py), kept outside the
output folder. An entry is a file's absolute path with its size, mtime, ctime, inode and device
when its content was read or written, and the sha256 of that content; any change to one of them
makes the file be read and hashed again. The ctime cannot be set back by hand (`touch -d` sets
only mtime), so an edit that keeps the size and restores the mtime is still seen. Racy entries,
as git calls them: a file modified again within its file system's timestamp granularity after it
was read keeps its stat. So an entry whose mtime is not at least RACY_SECONDS older than the
moment the cache was written is not trusted, and its file is hashed again on the next run.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path
from typing import Any

from . import cache

FORMAT = 1
RACY_SECONDS = 2  # the coarsest timestamp granularity in common use (FAT); ext4 and NTFS are much finer
Stat = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def stat_of(found: os.stat_result) -> Stat:
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


class FileHashes:
    """The stat cache of one output folder: `known` answers from it, `remember` adds to it, `save` keeps it."""

    def __init__(self, out: Path) -> None:
        where = os.path.abspath(out)
        self.name = f"stat-{zlib.crc32(where.encode('utf-8', 'surrogateescape')):08x}.marshal"
        self.folder = where
        self.entries: dict[str, tuple[Stat, str]] = self._stored()
        self.changed = False

    def _stored(self) -> dict[str, tuple[Stat, str]]:
        """The entries of the last run that can be trusted: racy ones are left out, to be hashed again."""
        stored: Any = cache.read(self.name)
        try:
            version, folder, saved_ns, entries = stored
            if version != FORMAT or folder != self.folder or not isinstance(entries, dict):
                return {}
            trusted = saved_ns - RACY_SECONDS * 10**9
            return {
                path: entry
                for path, entry in entries.items()
                if type(entry) is tuple and len(entry) == 2 and type(entry[0]) is tuple and len(entry[0]) == 5 and entry[0][1] < trusted
            }
        except (TypeError, ValueError):  # nothing stored, or not what this version stores
            return {}

    def known(self, path: str, stat: Stat | None = None) -> str | None:
        """The sha256 of the file when its stat (`stat`, taken before its content was read; else now)
        is the one recorded with it; None when it is not known or the file is not as it was."""
        entry = self.entries.get(os.path.abspath(path))
        if entry is None:
            return None
        if stat is None:
            try:
                stat = stat_of(os.stat(path))
            except OSError:
                return None
        # `stat` holds ints: an equal entry is well formed, but for its sha256, which is checked here.
        return entry[1] if entry[0] == stat and type(entry[1]) is str else None

    def remember(self, path: str, stat: Stat | None, sha256: str | None) -> None:
        """`sha256` is the content the file had when `stat` was taken (a stat taken before reading it,
        or after writing it); None for either forgets the file."""
        key = os.path.abspath(path)
        if stat is None or sha256 is None:
            if self.entries.pop(key, None) is not None:
                self.changed = True
            return
        if self.entries.get(key) != (stat, sha256):
            self.entries[key] = (stat, sha256)
            self.changed = True

    def remember_now(self, path: str, sha256: str | None) -> None:
        """The file's current stat with `sha256`: for a file this run has just written."""
        try:
            stat: Stat | None = stat_of(os.stat(path))
        except OSError:
            stat = None
        self.remember(path, stat, sha256)

    def save(self) -> None:
        if self.changed:
            cache.write(self.name, (FORMAT, self.folder, time.time_ns(), self.entries))
            self.changed = False

