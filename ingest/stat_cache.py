"""The sha256 of files known by their stat, as git's index knows the working tree: a re-run over an
unchanged corpus need not read nor hash its raw files and clean outputs.

One cache file per output folder, in the user's cache folder (ingest/cache.py), kept outside the
output folder. An entry is a file's absolute path with its size, mtime, ctime, inode and device
when its content was read or written, and the sha256 of that content; any change to one of them
makes the file be read and hashed again. The ctime cannot be set back by hand (`touch -d` sets
only mtime), so an edit that keeps the size and restores the mtime is still seen. Racy entries,
as git calls them: a file modified again within its file system's timestamp granularity after it
was read keeps its stat. So an entry whose mtime is not at least cache.RACY_SECONDS older than the
moment the cache was written is not trusted, and its file is hashed again on the next run.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path
from typing import Any

from . import cache
from .emit import Written

FORMAT = 2
Stat = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
# An entry as stored: its stat, then its sha256 as 32 bytes. Entries are packed into one bytes object,
# found by their path's index: loading tens of thousands of them makes no Python object per entry.
ENTRY = struct.Struct("<qqqQQ32s")
MTIME, MTIME_AT = struct.Struct("<q"), 8  # an entry's mtime, after its size
# How long a save waits for another run's save of the same file (cache.Saving): saved once, at a long
# run's end, and a big corpus's takes seconds (a million entries, read again and merged: ~2 s).
LOCK_SECONDS = 60.0


def stat_of(found: os.stat_result) -> Stat:
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


class FileHashes:
    """The stat cache of one output folder: `known` answers from it, `remember` adds to it, `save` keeps it."""

    def __init__(self, out: Path) -> None:
        self.here = os.getcwd()
        where = self._key(str(out))
        self.name = cache.name_for("stat", where)
        self.folder = where
        self.paths: list[str] = []
        self.packed = b""
        self.trusted_before = 0  # mtimes from here on are racy
        self._load()
        self.index = {path: number for number, path in enumerate(self.paths)}
        self.added: dict[str, tuple[Stat, str] | None] = {}  # this run's entries; None: forgotten

    def _key(self, path: str) -> str:
        """The path made absolute without normalising it (a path spelt two ways is only a miss)."""
        return path if os.path.isabs(path) else os.path.join(self.here, path)

    def _load(self) -> None:
        stored = self._stored()
        if stored is not None:
            self.paths, self.packed, self.trusted_before = stored

    def _stored(self) -> tuple[list[str], bytes, int] | None:
        """The file's paths, packed entries and the mtime from which they are racy; None when it has none."""
        stored: Any = cache.read(self.name)
        try:
            version, folder, saved_ns, paths, packed = stored
            trusted_before = int(saved_ns) - cache.RACY_SECONDS * 10**9
            if version != FORMAT or folder != self.folder or type(paths) is not list or type(packed) is not bytes:
                return None
            if len(packed) == len(paths) * ENTRY.size and all(type(path) is str for path in paths):
                return paths, packed, trusted_before
        except (TypeError, ValueError):  # nothing stored, or not what this version stores
            pass
        return None

    def _entry(self, key: str) -> tuple[Stat, str] | None:
        if key in self.added:
            return self.added[key]
        number = self.index.get(key)
        if number is None:
            return None
        *stat, digest = ENTRY.unpack_from(self.packed, number * ENTRY.size)
        if stat[1] >= self.trusted_before:  # racy: modified too close to the moment the cache was written
            return None
        return tuple(stat), digest.hex()  # type: ignore[return-value]

    def known(self, path: str, stat: Stat | None = None) -> str | None:
        """The sha256 of the file when its stat (`stat`, taken before its content was read; else now)
        is the one recorded with it; None when it is not known or the file is not as it was."""
        entry = self._entry(self._key(path))
        if entry is None:
            return None
        if stat is None:
            try:
                stat = stat_of(os.stat(path))
            except OSError:
                return None
        return entry[1] if entry[0] == stat else None

    def remember(self, path: str, stat: Stat | None, sha256: str | None) -> None:
        """`sha256` is the content the file had when `stat` was taken (a stat taken before reading it,
        or after writing it); None for either forgets the file."""
        key = self._key(path)
        entry = (stat, sha256) if stat is not None and sha256 is not None else None
        if self._entry(key) != entry:
            self.added[key] = entry

    def remember_now(self, path: str, sha256: str | None, written: Written | None = None) -> None:
        """The file's current stat with `sha256`: for a file this run has just written, whose device,
        inode, size and mtime were `written` (emit.write_atomic). When the path holds another file by
        now (another run wrote the same output in between; ext4 gives a freed inode to the next file
        made), the file is forgotten: its stat with this run's sha256 would say it holds what this run wrote."""
        try:
            found = os.stat(path)
            same = written is None or (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns) == written
            stat: Stat | None = stat_of(found) if same else None
        except OSError:
            stat = None
        self.remember(path, stat, sha256)

    def save(self) -> None:
        """The entries of the file as it is now, with this run's in their place: another run over the
        same output folder (another part of the corpus) may have saved its own since this one loaded
        it (cache.Saving). The file's racy entries are dropped: written again now, they would look
        older than this write and be trusted."""
        if not self.added:
            return
        with cache.Saving(self.name, LOCK_SECONDS):
            stored_paths, packed, trusted_before = self._stored() or (self.paths, self.packed, self.trusted_before)
            paths, chunks = [], []
            for number, path in enumerate(stored_paths):
                start = number * ENTRY.size
                if path not in self.added and MTIME.unpack_from(packed, start + MTIME_AT)[0] < trusted_before:
                    paths.append(path)
                    chunks.append(packed[start : start + ENTRY.size])
            for path, entry in self.added.items():
                if entry is not None:
                    try:
                        chunks.append(ENTRY.pack(*entry[0], bytes.fromhex(entry[1])))
                    except (struct.error, ValueError):  # a stat field out of range here: the file goes unremembered
                        continue
                    paths.append(path)
            cache.write(self.name, (FORMAT, self.folder, time.time_ns(), paths, b"".join(chunks)))
        self.added = {}
