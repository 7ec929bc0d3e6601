"""clean/manifest.jsonl: one record per document, sorted by id, stable from run to run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .emit import write_atomic

NAME = "manifest.jsonl"


class ManifestError(ValueError):
    """The existing manifest cannot be read."""


def line(record: dict[str, Any]) -> bytes:
    """One record as its manifest line, without the newline."""
    import json  # here and below: not on the start-up path of a one-file check

    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _raw_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The manifest's non-blank lines with their numbers, newline dropped. Only a newline byte ends a
    line (a title may hold U+2028, which str.splitlines would split at)."""
    if path.exists():
        with path.open("rb") as handle:
            yield from ((number, raw.rstrip(b"\r\n")) for number, raw in enumerate(handle, start=1) if raw.strip())


def _lines(path: Path) -> Iterator[tuple[str, bytes]]:
    """Each record's id and line; a line that is not a record with an id is an error naming it."""
    import json

    for number, raw in _raw_lines(path):
        try:
            doc_id = json.loads(raw)["id"]
            if not isinstance(doc_id, str):
                raise TypeError(doc_id)
        except (ValueError, KeyError, TypeError, IndexError):
            raise ManifestError(f"{path}:{number}: not a manifest record") from None
        yield doc_id, raw


class Records:
    """The manifest's records while a run reads and replaces them, in a temporary SQLite database on
    disk, so that memory does not grow with the corpus; `save` writes them, sorted by id, to the manifest.

    The database lives in `folder` (the output folder for fix, beside the manifest it mirrors, since
    a temporary folder may be small or in memory), or in SQLite's own temporary folder when None. Its
    file is unlinked as soon as it is open, so a killed run leaves nothing behind; the manifest on disk
    is the only record that lasts. Lines read from the manifest are kept byte for byte."""

    def __init__(self, path: Path, folder: Path | None = None) -> None:
        import sqlite3  # not on the start-up path of a one-file check

        self.path = path
        self.changed = False  # a run that replaced no record leaves the manifest as it is
        self._file: str | None = None
        if folder is None:
            self._db = sqlite3.connect("", isolation_level=None)  # private, on disk, deleted by SQLite
        else:
            folder.mkdir(parents=True, exist_ok=True)
            fd, self._file = tempfile.mkstemp(dir=folder, prefix=f".{NAME}.", suffix=".tmp")
            os.close(fd)
            self._db = sqlite3.connect(self._file, isolation_level=None)
        # Durability is the manifest's job, not this working copy's: no journal, no syncs.
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
            "CREATE TABLE records (id TEXT PRIMARY KEY, line BLOB NOT NULL) WITHOUT ROWID;"
        )
        self._unlink()  # open: the file is no longer needed by name (POSIX); elsewhere, at close
        try:
            self._load(path)
        except BaseException:
            self.close()
            raise

    def _load(self, path: Path) -> None:
        """The manifest's lines, in one transaction. SQLite's JSON functions find the ids (parsing each
        line in Python costs as much as the rest of a re-run's bookkeeping); where this SQLite has none,
        or a line is not a record, Python reads it again and names the line."""
        import sqlite3

        self._db.execute("BEGIN")
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO records SELECT json_extract(CAST(?1 AS TEXT), '$.id'), ?1", ((raw,) for _, raw in _raw_lines(path))
            )
        except sqlite3.Error:  # no JSON functions, or a line that is not an object with an id (NULL)
            self._db.execute("DELETE FROM records")
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", _lines(path))
        self._db.execute("COMMIT")

    def get(self, doc_id: str) -> dict[str, Any] | None:
        import json

        row = self._db.execute("SELECT line FROM records WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, record: dict[str, Any]) -> None:
        new = line(record)
        row = self._db.execute("SELECT line FROM records WHERE id = ?", (record["id"],)).fetchone()
        if row is None or row[0] != new:
            self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (record["id"], new))
            self.changed = True

    def delete(self, doc_id: str) -> None:
        if self._db.execute("DELETE FROM records WHERE id = ?", (doc_id,)).rowcount:
            self.changed = True

    def lines(self) -> Iterator[bytes]:
        """Every record's line, sorted by id (SQLite compares ids as UTF-8 bytes: code point order, as `sorted`)."""
        for (raw,) in self._db.execute("SELECT line FROM records ORDER BY id"):
            yield raw + b"\n"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        import json

        return map(json.loads, self.lines())

    def save(self) -> None:
        write_atomic(self.path, self.lines())
        self.changed = False

    def close(self) -> None:
        self._db.close()
        self._unlink()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _unlink(self) -> None:
        if self._file is not None:
            try:
                os.unlink(self._file)
                self._file = None
            except OSError:  # Windows: not while open
                pass
