"""Where documents come from: one file each, or many in a JSONL or WARC corpus file.

Every source yields `Doc`s in a stable order; a record that cannot be read is still a
`Doc` (with `error` set) so that it is recorded as failed, never dropped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .inputs import Input, UsageError
from .stat_cache import stat_of

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class JsonlFields:
    """Which fields of a JSONL record hold the id and the document (text, or HTML)."""

    id: str = "id"
    text: str = "text"
    html: str | None = None  # when set, this field holds HTML and wins over `text`


@dataclass(frozen=True)
class Doc:
    id: str
    output: str  # path of its clean text, relative to the output folder
    source: str  # the file it came from
    data: bytes | None
    error: str | None = None  # why `data` is None
    format: str | None = None  # "html" or "text" when the source says so; None: sniff
    provenance: dict[str, Any] = field(default_factory=dict)
    # A file's size, mtime, ctime, inode and device, taken before `data` was read (ingest/stat_cache.py).
    stat: tuple[int, int, int, int, int] | None = field(default=None, compare=False)
    unread: bool = False  # a file whose bytes `read` has yet to read (`docs(..., unread=True)`)


def corpus_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def docs(items: list[Input], fields: JsonlFields | None = None, unread: bool = False) -> Iterator[Doc]:
    """The documents of every input, in input order, read lazily (memory stays flat). With `unread`,
    a file's document comes with its stat only, for `read` to read when it is needed: a re-run that
    finds the file unchanged by its stat (ingest/stat_cache.py) never reads it."""
    for item in items:
        kind = corpus_kind(item.path)
        if kind == "jsonl":
            yield from jsonl_docs(item, fields or JsonlFields())
        elif kind == "warc":
            yield from warc_docs(item)
        else:
            yield unread_doc(item) if unread else file_doc(item)


def unread_doc(item: Input) -> Doc:
    if item.refused() is None:
        try:
            return Doc(item.id, item.output, str(item.path), None, stat=stat_of(os.stat(item.path)), unread=True)
        except OSError:
            pass
    return file_doc(item)  # what cannot be read says why, as it does when read at once


def read(doc: Doc) -> Doc:
    """The document with its bytes: an unread one is read now (after its stat was taken)."""
    if not doc.unread:
        return doc
    try:
        return replace(doc, data=Path(doc.source).read_bytes(), unread=False)
    except OSError as failure:
        return replace(doc, error=f"cannot read: {failure.strerror or failure}", unread=False)


def file_doc(item: Input) -> Doc:
    reason = item.refused()
    if reason:
        return Doc(item.id, item.output, str(item.path), None, reason)
    try:
        stat = stat_of(os.stat(item.path))  # before reading: a change after it changes the stat
        return Doc(item.id, item.output, str(item.path), item.path.read_bytes(), stat=stat)
    except OSError as failure:
        return Doc(item.id, item.output, str(item.path), None, f"cannot read: {failure.strerror or failure}")


def container_id(item: Input) -> str:
    """`a/b.jsonl.gz` -> `a/b`: the id a corpus file's documents are named under."""
    name = item.path.name
    for suffix in JSONL_SUFFIXES + WARC_SUFFIXES:
        if name.lower().endswith(suffix):
            stem = name[: -len(suffix)]
            parent = item.id.rpartition("/")[0]
            return f"{parent}/{stem}" if parent else stem
    return item.id


def member(base: str, key: str) -> tuple[str, str]:
    """Id and output path of one record of a corpus file; keys that are not file-safe get a hash suffix."""
    safe = SAFE.sub("_", key).strip("._") or "_"
    if safe != key:
        import hashlib  # here and below: not on the start-up path of a one-file check

        safe = f"{safe[:80]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    return f"{base}/{key}", f"{base}/{safe}.txt"


def _open_container(item: Input, base: str, unzip: bool = True) -> Generator[Doc, None, IO[bytes] | None]:
    """The corpus file open for reading; or None, after yielding one failed document that says why not
    (a symlink out of the input folder, or a file that cannot be opened)."""
    reason = item.refused()
    if reason is None:
        try:
            if unzip and item.path.name.lower().endswith(".gz"):
                import gzip  # only for gzipped corpus files

                return gzip.open(item.path, "rb")
            return item.path.open("rb")
        except OSError as failure:
            reason = f"cannot read: {failure.strerror or failure}"
    yield Doc(base, f"{base}.txt", str(item.path), None, reason)
    return None


def jsonl_docs(item: Input, fields: JsonlFields) -> Iterator[Doc]:
    base, source = container_id(item), str(item.path)
    handle = yield from _open_container(item, base)
    if handle is None:
        return
    with handle:
        number = 0
        try:
            for number, raw_line in enumerate(handle, start=1):
                if raw_line.strip():
                    yield _jsonl_doc(raw_line, number, base, source, fields)
        except (OSError, EOFError) as failure:  # a truncated .gz
            doc_id, output = member(base, f"line-{number + 1}")
            yield Doc(doc_id, output, source, None, f"line {number + 1}: cannot read: {failure}", None, {"file": source, "line": number + 1})


def _jsonl_doc(raw_line: bytes, number: int, base: str, source: str, fields: JsonlFields) -> Doc:
    import json

    provenance: dict[str, Any] = {"file": source, "line": number}
    try:
        record = json.loads(raw_line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
    except ValueError as failure:
        doc_id, output = member(base, f"line-{number}")
        return Doc(doc_id, output, source, None, f"line {number}: not JSON: {failure}", None, provenance)
    key = record.get(fields.id)
    doc_id, output = member(base, str(key) if key not in (None, "") else f"line-{number}")
    for name, kind in ((fields.html, "html"), (fields.text, None)):
        if name and isinstance(record.get(name), str):
            return Doc(doc_id, output, source, record[name].encode("utf-8"), None, kind, provenance)
    wanted = " or ".join(repr(name) for name in (fields.html, fields.text) if name)
    return Doc(doc_id, output, source, None, f"line {number}: no string field {wanted}", None, provenance)


def warc_docs(item: Input) -> Iterator[Doc]:
    """Response records with an HTML payload; other records (requests, metadata, images) are not documents."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise UsageError(f"{item.path}: reading WARC files needs warcio: pip install 'scrapelint[warc]'") from None
    base, source = container_id(item), str(item.path)
    handle = yield from _open_container(item, base, unzip=False)  # warcio reads gzip itself, record by record
    if handle is None:
        return
    with handle:
        records = ArchiveIterator(handle)
        number = 0
        try:
            for number, record in enumerate(records, start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in content_type:
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                doc_id, output = member(base, record_id.strip("<>").removeprefix("urn:uuid:"))
                provenance = {"file": source, "warc_record_id": record_id, "url": url}
                payload = record.content_stream().read()
                missing = record.raw_stream.limit  # what Content-Length promised and the file did not hold
                error = f"record {number}: truncated ({missing} bytes missing)" if missing else None
                yield Doc(doc_id, output, source, None if error else payload, error, "html", provenance)
        except Exception as failure:  # warcio's ArchiveLoadFailed, zlib.error, EOFError: the rest is unreadable
            doc_id, output = member(base, f"record-{number + 1}")
            reason = f"record {number + 1}: damaged WARC, the rest of the file is skipped: {failure}".splitlines()[0]
            yield Doc(doc_id, output, source, None, reason, None, {"file": source, "warc_record": number + 1})
