"""The user's cache folder: facts slow to find and cheap to check, kept from one run to the next.

$SCRAPELINT_CACHE_DIR, else $XDG_CACHE_HOME/scrapelint, else ~/.cache/scrapelint (as ruff and
pre-commit keep theirs); SCRAPELINT_NO_CACHE=1 turns it off. The cache only ever saves work: an
entry that is missing, unreadable or corrupt is found again, and one that cannot be written (a
read-only home) is not kept. Neither is an error. Entries are `marshal` data, like Python's own
bytecode cache: fast to load and in the standard library, with nothing to import at start-up. Each
file ends with the CRC-32 of its data, checked before it is read: a file damaged on disk (a bit
flipped, or a crash that left it blocks of another file) can still be marshal data, of other facts,
which would change what a run finds. (`marshal.loads` ignores bytes after its data.)
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from pathlib import Path
from typing import Any, Callable

# A file modified this recently could change again within its file system's timestamp granularity
# unseen (git's "racy clean" entries): the coarsest in common use is FAT's; ext4 and NTFS are much finer.
RACY_SECONDS = 2
DIR_VARIABLE = "SCRAPELINT_CACHE_DIR"
OFF_VARIABLE = "SCRAPELINT_NO_CACHE"
# The longest a save waits for another's save of the same file, then goes on without the lock. Rule
# facts are saved by one-file checks, which should not wait long; the stat cache waits longer (stat_cache.py).
LOCK_SECONDS = 2.0


def folder() -> Path | None:
    """Where the cache lives; None when it is turned off or there is no home to keep it in."""
    if os.environ.get(OFF_VARIABLE, "") not in ("", "0"):
        return None
    chosen = os.environ.get(DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
        return Path(xdg) / "scrapelint"
    try:
        return Path.home() / ".cache" / "scrapelint"
    except (RuntimeError, KeyError):  # no HOME and no password entry
        return None


def name_for(kind: str, path: str) -> str:
    """The entry's name for what this copy of scrapelint keeps about one file or folder (an absolute
    path). Two installs, such as a pre-commit hook's and a virtualenv's, keep entries apart: sharing
    one, each would find the other's stale and rebuild it at every turn."""
    return f"{kind}-{_crc(path)}-{install_tag()}.marshal"


def install_tag() -> str:
    """Where this copy of scrapelint is installed, as 8 hex digits."""
    return _crc(os.path.dirname(os.path.abspath(__file__)))


def _crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8', 'surrogateescape')):08x}"


def read(name: str) -> Any:
    """The value stored under `name`, or None when there is none that can be read."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / name, "rb") as handle:
            stored = handle.read()  # marshal.load reads a file object piece by piece: several times slower
    except OSError:  # missing or unreadable
        return None
    data = memoryview(stored)[:-4]
    if len(stored) < 4 or zlib.crc32(data) != int.from_bytes(stored[-4:], "little"):  # truncated or damaged
        return None
    try:
        return marshal.loads(data)
    except Exception:  # not marshal data; a length in it past memory (MemoryError), a bad code object (SystemError)
        return None


def encoded(value: Any) -> bytes:
    """A cache file's bytes: `value` as marshal data, then its CRC-32."""
    data = marshal.dumps(value)
    return data + zlib.crc32(data).to_bytes(4, "little")


def file_stamp(version: Any, path: str) -> tuple[Any, int, int]:
    """A stamp for entries that `version` and the code in `path` decide: the file's size and mtime
    change when it is edited in a checkout. -1s when it cannot be stat'ed (then `version` alone counts)."""
    try:
        found = os.stat(path)
        return (version, found.st_size, found.st_mtime_ns)
    except OSError:
        return (version, -1, -1)


def read_entries(name: str, stamp: Any) -> dict[Any, Any]:
    """The entries stored under `name` with `stamp` (by `write(name, (stamp, entries))`), or none when
    there are none, they cannot be read, or they were stored under another stamp (another version)."""
    stored = read(name)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp and isinstance(stored[1], dict):
        return stored[1]
    return {}


def write(name: str, value: Any) -> None:
    """Store `value` under `name`, atomically (a temporary file renamed into place); when the folder
    cannot be written, nothing is kept."""
    where = folder()
    if where is None:
        return
    data = encoded(value)
    temporary = where / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        where.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, where / name)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def lock_name(name: str) -> str:
    """The file whose flock guards saves of the cache file `name`: one per file, so that saving one
    never waits for saves of another (a one-file check's rule facts for a big run's stat cache)."""
    return f".{name}.lock"


class Saving:
    """Held while a run reads the cache file `name` to merge what it learnt with and writes it back
    (`with Saving(name):`), so that runs saving at once keep each other's entries: without it, two
    that read the file before either wrote each wrote only its own. An flock on `lock_name(name)`,
    released when its holder ends however it ends. Taken when it can be within `wait` seconds (else
    LOCK_SECONDS): a save never fails for it and goes on without it once the wait runs out (a
    stopped process may hold it; a folder may be read-only, a file system without locks; Windows
    has no fcntl, so no lock at all), at the risk of losing another run's entries, which costs the
    next run time."""

    def __init__(self, name: str, wait: float | None = None) -> None:
        self.name, self.wait = name, wait
        self.handle: int | None = None

    def __enter__(self) -> None:
        where = folder()
        if where is None:
            return
        try:
            import fcntl

            where.mkdir(parents=True, exist_ok=True)
            self.handle = os.open(where / lock_name(self.name), os.O_RDWR | os.O_CREAT, 0o666)
            deadline = time.monotonic() + (LOCK_SECONDS if self.wait is None else self.wait)
            while True:
                try:
                    fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        return
                    time.sleep(0.005)
        except (ImportError, OSError):  # no fcntl (Windows); a folder that cannot be written; no locks there
            pass

    def __exit__(self, *_: object) -> None:
        if self.handle is not None:
            os.close(self.handle)  # which releases the lock
            self.handle = None


class Entries:
    """One file of keyed entries that runs, several at once among them, add to: read at the first
    question, what a run learns kept in memory, and written once when asked (`save`), merged with what
    the file holds by then (another run may have added to it since; `Saving`) and renamed into place,
    so two runs writing at once leave a whole file with the entries of both. The newest `limit`
    entries are kept: those this run used (`used`) and learnt go last. Entries are read under
    `stamp()` (taken at the first read, and written with them): a file of another version of what
    made them is ignored."""

    def __init__(self, name: str, stamp: Callable[[], Any], limit: int) -> None:
        self.name, self.limit, self._stamp_of = name, limit, stamp
        self._stamp: Any = None
        self._entries: dict[Any, Any] | None = None
        self.learnt: dict[Any, Any] = {}
        self.used: set[Any] = set()

    @property
    def entries(self) -> dict[Any, Any]:
        if self._entries is None:
            self._stamp = self._stamp_of()
            self._entries = read_entries(self.name, self._stamp)
        return self._entries

    def get(self, key: Any, default: Any = None) -> Any:
        return self.entries.get(key, default)

    def put(self, key: Any, value: Any) -> None:
        self.entries[key] = self.learnt[key] = value

    def forget(self, key: Any) -> None:
        """Drop a damaged entry from memory (a `put` replaces it in the file)."""
        self.entries.pop(key, None)

    def save(self) -> None:
        """Add what this run learnt to the file; nothing is written when it learnt nothing."""
        if not self.learnt:
            return
        with Saving(self.name):
            stored = read_entries(self.name, self._stamp)
            merged = {key: value for key, value in stored.items() if key not in self.used}
            merged.update((key, stored[key]) for key in self.used if key in stored)
            merged.update(self.learnt)
            write(self.name, (self._stamp, dict(list(merged.items())[-self.limit :])))
        self.learnt = {}
