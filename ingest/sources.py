"""Where documents come from: one file each, or many in a JSONL or WARC corpus file.

Every source yields `Doc`s in a stable order; a record that cannot be read is still a
`Doc` (with `error` set) so that it is recorded as failed, never dropped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import IO, Any

from .config import relative_path
from .inputs import Input, UsageError, as_text
from .stat_cache import Stat, stat_of

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
NOT_REGULAR = "not a regular file; not read"  # a named pipe or a device: reading it may never end
SURROGATE = re.compile("[\ud800-\udfff]")  # what json.loads leaves of a "\\ud800" escape with no pair


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
    stat: Stat | None = field(default=None, compare=False)
    unread: bool = False  # a file whose bytes `read` has yet to read (`docs(..., unread=True)`)
    path: Path | None = field(default=None, compare=False)  # the file `read` reads, where `source` is relative to the root


def corpus_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def docs(
    items: Iterable[Input], fields: JsonlFields | None = None, root: Path | None = None, unread: bool = False, seen: Seen | None = None
) -> Iterator[Doc]:
    """The documents of every input, in input order, read lazily (memory stays flat); `root`: see
    source_name. With `unread`, a file's document comes with its stat only, for `read` to read when
    it is needed: a re-run that finds the file unchanged by its stat (ingest/stat_cache.py) never reads it."""
    seen = seen or Seen()
    for item in items:
        kind = corpus_kind(item.path)
        if kind is not None:
            seen.begin(_folder_beside(item, items))
        if kind == "jsonl":
            yield from jsonl_docs(item, fields or JsonlFields(), root, seen)
        elif kind == "warc":
            yield from warc_docs(item, root, seen)
        else:
            instead = seen.file(item.id, as_text(item.path.name))  # a corpus file comes before the folder of its name
            if instead is not None:
                yield Doc(*instead, source_name(item.path, root), None, f"id {item.id!r} is used by an earlier document")
            else:
                yield unread_doc(item, root) if unread else file_doc(item, root)


def unread_doc(item: Input, root: Path | None = None) -> Doc:
    if item.refused() is None:
        try:
            found = os.stat(item.path)
            if not _special(found.st_mode):
                return Doc(item.id, item.output, source_name(item.path, root), None, stat=stat_of(found), unread=True, path=item.path)
        except OSError:
            pass
    return file_doc(item, root)  # what cannot be read says why, as it does when read at once


def read(doc: Doc) -> Doc:
    """The document with its bytes: an unread one is read now (after its stat was taken)."""
    if not doc.unread:
        return doc
    try:
        return replace(doc, data=Path(doc.path or doc.source).read_bytes(), unread=False)
    except OSError as failure:
        return replace(doc, error=f"cannot read: {failure.strerror or failure}", unread=False)


def source_name(path: Path, root: Path | None) -> str:
    """The file as the manifest names it: relative to the project root (the config file's folder), with "/"
    separators, so that a run from any folder of the project names it alike; absolute when it lies outside
    the root. Without a root (no config), as given, relative to the folder scrapelint runs in."""
    if root is None:
        return str(path)
    return relative_path(str(path), root) or os.path.abspath(path)


def file_doc(item: Input, root: Path | None = None) -> Doc:
    source = source_name(item.path, root)
    reason = item.refused()
    if reason:
        return Doc(item.id, item.output, source, None, reason)
    try:
        found = os.stat(item.path)  # before reading: a change after it changes the stat
        if _special(found.st_mode):
            return Doc(item.id, item.output, source, None, NOT_REGULAR)
        return Doc(item.id, item.output, source, item.path.read_bytes(), stat=stat_of(found))
    except OSError as failure:
        return Doc(item.id, item.output, source, None, f"cannot read: {failure.strerror or failure}")


def _special(mode: int) -> bool:
    """A named pipe, a device or a socket: reading one may wait or go on for ever (a folder fails to open)."""
    return not (S_ISREG(mode) or S_ISDIR(mode))


def container_id(item: Input) -> str:
    """`a/b.jsonl.gz` -> `a/b`: the id a corpus file's documents are named under."""
    stem = _stem(item.path.name)
    if stem is None:
        return item.id
    stem = as_text(stem)  # a byte that is not UTF-8 as `\xe9`, as in the ids of files
    parent = item.id.rpartition("/")[0]
    return f"{parent}/{stem}" if parent else stem


def _stem(name: str) -> str | None:
    """A corpus file's name without its suffix (`b.jsonl.gz` -> `b`); None for another file."""
    for suffix in JSONL_SUFFIXES + WARC_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return None


def _folder_beside(item: Input, items: Iterable[Input]) -> bool:
    """Whether a file may have the id of one of the corpus file's records: only one in the folder of its
    name (`c/x.txt` and the record `x` of `c.jsonl` are both `c/x`), or, among inputs named one by one
    (a list sorted by id), one whose id lies under the corpus file's."""
    if os.path.isdir(item.path.parent / (_stem(item.path.name) or "")):
        return True
    if isinstance(items, list):
        import bisect

        under = container_id(item) + "/"
        at = bisect.bisect_left(items, under, key=lambda other: other.id)
        return at < len(items) and items[at].id.startswith(under)
    return False


def member(base: str, key: str) -> tuple[str, str]:
    """Id and output path of one record of a corpus file; keys that are not file-safe get a hash suffix."""
    safe = SAFE.sub("_", key).strip("._") or "_"
    if safe != key:
        import hashlib  # here and below: not on the start-up path of a one-file check

        safe = f"{safe[:80]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    return f"{base}/{key}", f"{base}/{safe}.txt"


def _open_container(item: Input, base: str, source: str, unzip: bool = True) -> Generator[Doc, None, IO[bytes] | None]:
    """The corpus file open for reading; or None, after yielding one failed document that says why not
    (a symlink out of the input folder, or a file that cannot be opened)."""
    reason = item.refused()
    if reason is None:
        try:
            if _special(os.stat(item.path).st_mode):
                yield Doc(base, f"{base}.txt", source, None, NOT_REGULAR)
                return None
            if unzip and item.path.name.lower().endswith(".gz"):
                import gzip  # only for gzipped corpus files

                return gzip.open(item.path, "rb")
            return item.path.open("rb")
        except OSError as failure:
            reason = f"cannot read: {failure.strerror or failure}"
    yield Doc(base, f"{base}.txt", source, None, reason)
    return None


def jsonl_docs(item: Input, fields: JsonlFields, root: Path | None, seen: Seen) -> Iterator[Doc]:
    base, source = container_id(item), source_name(item.path, root)
    handle = yield from _open_container(item, base, source)
    if handle is None:
        return
    with handle:
        number = 0
        try:
            for number, raw_line in enumerate(handle, start=1):
                if raw_line.strip():
                    doc = _jsonl_doc(raw_line, number, base, source, fields)
                    instead = seen.again(doc.id, base, f"line-{number}")
                    if instead is not None:
                        error = f"line {number}: id {doc.id[len(base) + 1 :]!r} is used by an earlier document"
                        doc = Doc(*instead, source, None, error, None, doc.provenance)
                    yield doc
        except (OSError, EOFError) as failure:  # a truncated .gz
            doc_id, output = seen.unique(base, f"line-{number + 1}")
            yield Doc(doc_id, output, source, None, f"line {number + 1}: cannot read: {failure}", None, {"file": source, "line": number + 1})


class Seen:
    """The ids a run has named that a later document could be given: a second document under one id
    would replace the first's output and record, so it is failed instead, under the id of its place.
    A corpus file's ids are kept while it is read (one id twice in it), and for the rest of the run
    only when a folder of its name lies beside it, whose files are looked up (two files with one id
    are the walk's error): memory does not grow with a run of corpus files. A 16-byte digest of each
    id, whatever its length (two ids share one with odds of about n² / 2^129)."""

    def __init__(self) -> None:
        self.run: set[bytes] = set()  # ids that a file to come may have
        self.ids: set[bytes] = self.run  # where the corpus file being read puts its ids

    def begin(self, kept: bool) -> None:
        """A corpus file starts: its ids are kept for the run, or only while it is read."""
        self.ids = self.run if kept else set()

    def again(self, doc_id: str, base: str, place: str) -> tuple[str, str] | None:
        """None when `doc_id` is new (it is taken now); else the id and output of `place` instead."""
        if self._take(doc_id):
            return None
        return self.unique(base, place)

    def unique(self, base: str, place: str) -> tuple[str, str]:
        """The id and output of `place`, or of `place~1`, `place~2`... when a document holds it: a
        failed document under a taken id would replace that document's record and delete its output."""
        instead, number = member(base, place), 0
        while not self._take(instead[0]):
            number += 1
            instead = member(base, f"{place}~{number}")
        return instead

    def file(self, doc_id: str, name: str) -> tuple[str, str] | None:
        """None when no record has a file's id (it is not kept); else the id and output of its name."""
        if not self.run or _digest(doc_id) not in self.run:
            return None
        self.ids = self.run  # unique() below takes its id in the run's set
        return self.unique(doc_id.rpartition("/")[0], name)

    def _take(self, doc_id: str) -> bool:
        digest = _digest(doc_id)
        new = digest not in self.ids and digest not in self.run  # a file's own, or one a folder's file may have
        self.ids.add(digest)
        return new


def _digest(doc_id: str) -> bytes:
    import hashlib

    return hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


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
    doc_id, output = member(base, _without_lone_surrogates(str(key)) if key not in (None, "") else f"line-{number}")
    for name, kind in ((fields.html, "html"), (fields.text, None)):
        if name and isinstance(record.get(name), str):
            return Doc(doc_id, output, source, _utf8(record[name]), None, kind, provenance)
    wanted = " or ".join(repr(name) for name in (fields.html, fields.text) if name)
    return Doc(doc_id, output, source, None, f"line {number}: no string field {wanted}", None, provenance)


def _utf8(value: str) -> bytes:
    """A JSON string as UTF-8: a lone surrogate (valid JSON, not text) becomes U+FFFD. Encoding finds
    one; a scan of every text that is not ASCII cost more than the encoding."""
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE.sub("\ufffd", value).encode("utf-8")


def _without_lone_surrogates(value: str) -> str:
    """A JSON string (a record's id) with each lone surrogate as U+FFFD."""
    return value if value.isascii() else _utf8(value).decode("utf-8")


def warc_docs(item: Input, root: Path | None, seen: Seen) -> Iterator[Doc]:
    """Response records with an HTML payload; other records (requests, metadata, images) are not documents."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise UsageError(f"{item.path}: reading WARC files needs warcio: pip install 'scrapelint[warc]'") from None
    base, source = container_id(item), source_name(item.path, root)
    handle = yield from _open_container(item, base, source, unzip=False)  # warcio reads gzip itself, record by record
    if handle is None:
        return
    with handle:
        records = ArchiveIterator(handle)
        number, last = 0, 0
        try:
            for number, record in enumerate(records, start=1):
                last = records.offset  # where this record starts in the file
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in content_type:
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                doc_id, output = member(base, record_id.strip("<>").removeprefix("urn:uuid:"))
                provenance = {"file": source, "warc_record_id": record_id, "url": url}
                instead = seen.again(doc_id, base, f"record-{number}")
                if instead is not None:
                    error = f"record {number}: WARC-Record-ID {record_id} is used by an earlier document"
                    yield Doc(*instead, source, None, error, "html", provenance)
                    continue
                payload = record.content_stream().read()
                missing = record.raw_stream.limit  # what Content-Length promised and the file did not hold
                error = f"record {number}: truncated ({missing} bytes missing)" if missing else None
                yield Doc(doc_id, output, source, None if error else payload, error, "html", provenance)
        except Exception as failure:  # warcio's ArchiveLoadFailed, zlib.error, EOFError: the rest is unreadable
            yield _unread_record(seen, base, source, number + 1, f"damaged WARC, the rest of the file is skipped: {failure}")
            return
        if _gzip_cut_short(handle, last):
            yield _unread_record(seen, base, source, number + 1, "truncated (the file ends inside a gzip member)")


def _unread_record(seen: Seen, base: str, source: str, number: int, reason: str) -> Doc:
    """One failed document standing for what could not be read of a WARC file from record `number` on."""
    doc_id, output = seen.unique(base, f"record-{number}")
    return Doc(doc_id, output, source, None, f"record {number}: {reason}".splitlines()[0], None, {"file": source, "warc_record": number})


def _gzip_cut_short(handle: IO[bytes], start: int) -> bool:
    """Whether gzip members from `start` (the last record warcio read) to the end of the file stop before
    one of them ends. warcio reads a member cut short as far as it goes and raises nothing: a record
    cut there, or one whose member lost its trailer, would be passed over without a word."""
    import zlib

    handle.seek(start)
    if handle.read(2) != b"\x1f\x8b":
        return False  # not gzipped
    handle.seek(start)
    pending = b""
    while True:
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)  # one gzip member
        while not decompressor.eof:
            chunk = pending or handle.read(1 << 16)
            pending = b""
            if not chunk:
                return True  # the file ended inside this member
            decompressor.decompress(chunk)
        pending = decompressor.unused_data
        if not pending:
            pending = handle.read(1 << 16)
            if not pending:
                return False  # the last member ended cleanly at the end of the file
