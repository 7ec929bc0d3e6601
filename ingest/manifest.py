"""clean/manifest.jsonl: one record per document, sorted by id, stable from run to run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .emit import temporary, write_atomic

NAME = "manifest.jsonl"
# The fields of a record that tell whether its document must be cleaned again (ingest/batch.py
# unchanged) and how it ended: what a re-run reads of every record.
BRIEF_FIELDS = ("ruleset", "version", "source", "provenance", "raw_sha256", "clean_sha256", "output", "status")
_BRIEF_QUERY = (
    "SELECT id, json_extract(CAST(line AS TEXT), " + ", ".join(f"'$.{name}'" for name in BRIEF_FIELDS) + ") "
    "FROM records WHERE id >= ? ORDER BY id LIMIT ?"
)
READ_AHEAD = 128  # records read ahead at most by Records.brief


class ManifestError(ValueError):
    """The existing manifest cannot be read, or the run's records cannot be saved to it."""


def line(record: dict[str, Any]) -> bytes:
    """One record as its manifest line, without the newline. A source file name byte that is not UTF-8
    (a lone surrogate from os.fsdecode) is written as its JSON escape, which reads back as the same path."""
    import json  # here and below: not on the start-up path of a one-file check

    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8", "backslashreplace")


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
        # What Records.brief read ahead: the briefs of the records with ids from `_ahead_from` to `_ahead_to`
        # (None: to the last), and how many lookups they answered. A write drops them.
        self._ahead: dict[str, dict[str, Any]] = {}
        self._ahead_from: str | None = None
        self._ahead_to: str | None = None
        self._ahead_used = READ_AHEAD // 2
        self._json = True  # this SQLite has JSON functions
        self.failure = "unknown"  # the last SQLite error of a put or delete, for the message of a save it stops
        self._file: str | None = None
        if folder is None:
            self._db = sqlite3.connect("", isolation_level=None)  # private, on disk, deleted by SQLite
        else:
            fd, self._file = temporary(folder / NAME)  # beside the manifest, named as the run's other temporaries
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
        or a line is not a record, Python reads it again and names the line. The transaction begun here
        is never committed: the database is only this run's working copy, and closing it throws it away."""
        import sqlite3

        self._db.execute("BEGIN")
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO records SELECT json_extract(CAST(?1 AS TEXT), '$.id'), ?1", ((raw,) for _, raw in _raw_lines(path))
            )
        except sqlite3.Error:  # no JSON functions, or a line that is not an object with an id (NULL)
            self._json = self._has_json()
            self._db.execute("DELETE FROM records")
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", _lines(path))
        # and left open: a run's writes stay in SQLite's cache (spilled to the file only past its size)
        # instead of each committed to the file as it comes, pages and all, for a copy no one reads after.

    def get(self, doc_id: str) -> dict[str, Any] | None:
        import json

        row = self._db.execute("SELECT line FROM records WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def brief(self, doc_id: str) -> dict[str, Any] | None:
        """The BRIEF_FIELDS of this id's record (a field that is null or missing left out), or None.
        SQLite's JSON functions pick them out of the line, so that no record is parsed in Python.
        Records are read ahead in id order, as a folder is walked, so that such a run asks SQLite
        once for many documents; only as far ahead as the last lookups went on in order."""
        if self._ahead_from is None or not (self._ahead_from <= doc_id and (self._ahead_to is None or doc_id <= self._ahead_to)):
            self._read_ahead(doc_id)
        self._ahead_used += 1
        return self._ahead.get(doc_id)

    def _read_ahead(self, doc_id: str) -> None:
        import json

        size = max(1, min(READ_AHEAD, 2 * self._ahead_used))  # twice as many as the last read ahead answered
        if self._json:
            found = [(found_id, json.loads(values)) for found_id, values in self._db.execute(_BRIEF_QUERY, (doc_id, size))]
            last = found[-1][0] if len(found) == size else None  # fewer: there is no record after them
        else:  # no JSON functions: this record alone, parsed whole
            record = self.get(doc_id)
            found = [(doc_id, [record.get(name) for name in BRIEF_FIELDS])] if record is not None else []
            last = doc_id
        # Every record from doc_id to `last`: an id between them that is not here has none.
        self._ahead = {found_id: {name: value for name, value in zip(BRIEF_FIELDS, values) if value is not None} for found_id, values in found}
        self._ahead_from, self._ahead_to, self._ahead_used = doc_id, last, 0

    def _has_json(self) -> bool:
        import sqlite3

        try:
            self._db.execute("SELECT json_extract('{}', '$.id')")
            return True
        except sqlite3.Error:
            return False

    def put(self, record: dict[str, Any]) -> None:
        new = line(record)
        row = self._run("SELECT line FROM records WHERE id = ?", (record["id"],)).fetchone()
        if row is None or row[0] != new:
            self._run("INSERT OR REPLACE INTO records VALUES (?, ?)", (record["id"], new))
            self.changed = True
            self._ahead_from = None

    def delete(self, doc_id: str) -> None:
        if self._run("DELETE FROM records WHERE id = ?", (doc_id,)).rowcount:
            self.changed = True
            self._ahead_from = None

    def _run(self, statement: str, values: tuple[Any, ...]) -> Any:
        import sqlite3

        try:
            return self._db.execute(statement, values)
        except sqlite3.Error as error:
            self.failure = f"{type(error).__name__}: {error}"
            if not self._db.in_transaction:  # the run's records went with it (see save)
                raise self._lost() from error
            raise

    def _lost(self) -> ManifestError:
        return ManifestError(f"{self.path}: not saved: this run's working copy of it was lost to an error ({self.failure}); it is as the last save left it")

    def lines(self) -> Iterator[bytes]:
        """Every record's line, sorted by id (SQLite compares ids as UTF-8 bytes: code point order, as `sorted`)."""
        for (raw,) in self._db.execute("SELECT line FROM records ORDER BY id"):
            yield raw + b"\n"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        import json

        return map(json.loads, self.lines())

    def save(self) -> None:
        # SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error): the run's
        # records, those read from the manifest too, are then gone, and saving would empty the manifest.
        if not self._db.in_transaction:
            raise self._lost()
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
