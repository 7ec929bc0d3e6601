"""`scrapelint fix` over a whole corpus: parallel, incremental, resumable.

A document is skipped when its manifest record has the same raw sha256, rule-set digest,
tool version and provenance, and its clean text is on disk with the recorded sha256.
The manifest is rewritten atomically every few seconds, so a run killed at any point
leaves a valid manifest (and only whole output files) and the next run picks up from there.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import __version__
from .config import RuleSet
from .emit import Written, temporary, write_atomic
from .executors import EXECUTORS, WorkerDied, default_limit, make
from .manifest import NAME as MANIFEST_NAME
from .manifest import Records
from .progress import Progress
from .inputs import Input, UsageError, as_text
from .sources import Doc, JsonlFields, corpus_kind, docs, read
from .stat_cache import FileHashes, stat_of

DOCUMENTS_NAME = "documents.jsonl"
METADATA_KEYS = ("title", "author", "date", "url", "sitename", "language", "format", "status", "raw_sha256", "words_after")


CHECKPOINT_SECONDS = 10.0
JOBS_PER_CORE = 8  # workers beyond the cores only share them; far beyond, they fill memory


def cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def add_arguments(fix: argparse.ArgumentParser) -> None:
    """The batch options of `scrapelint fix`. --jobs, --checkpoint, --executor and --out-format default to
    None, so that one given can be told from its default (refuse_ignored); settings() fills in the default."""
    fix.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes: a pool, or a local Dask cluster (default: all cores; 1: cleaned in this process, on one worker under --worker-timeout)",
    )
    fix.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    fix.add_argument("--out-format", choices=("text", "jsonl"), help=f"clean .txt files (default), or one {DOCUMENTS_NAME} (Dolma schema)")
    fix.add_argument(
        "--checkpoint",
        type=float,
        metavar="SECONDS",
        help=f"rewrite the manifest this often (default: {CHECKPOINT_SECONDS:g}; not with --out-format jsonl, which writes it once, at the end)",
    )
    fix.add_argument(
        "--worker-timeout",
        type=float,
        metavar="SECONDS",
        help="kill a worker process still on one document after this long and record the document as failed, "
        f"to be cleaned again by the next run (default: {default_limit()}, under --jobs 2 or more; 0: never; "
        "not with --executor dask)",
    )
    fix.add_argument("--executor", choices=EXECUTORS, help="where documents are cleaned (default: local; dask: pip install 'scrapelint[dask]')")
    fix.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler for --executor dask; its workers are its own, not --jobs (default: a local cluster of --jobs workers)")
    fix.add_argument("--jsonl-id-field", default="id", metavar="NAME", help="JSONL input: the id field (default: id)")
    fix.add_argument("--jsonl-text-field", default="text", metavar="NAME", help="JSONL input: the text field (default: text)")
    fix.add_argument("--jsonl-html-field", metavar="NAME", help="JSONL input: a field holding HTML (wins over the text field)")


# The options of a run that --check and --diff do not make (they clean here, one document at a time,
# and write nothing), by their names in argparse's namespace.
RUN_OPTIONS = ("jobs", "executor", "scheduler", "worker_timeout", "checkpoint", "out_format", "exit_non_zero_on_fix")


def refuse_ignored(args: argparse.Namespace) -> None:
    """An option that the other options given would make do nothing is a usage error naming both, as
    ruff's are: dropped in silence, a run would not do what its command line says."""
    given = [name for name in RUN_OPTIONS if getattr(args, name, None) is not None and getattr(args, name) is not False]  # a flag left out is False; 0 is a value
    preview = "--check" if getattr(args, "check", False) else "--diff" if getattr(args, "diff", False) else None
    if preview and given:
        raise UsageError(f"{_option(given[0])}: not with {preview}, which cleans in this process and writes nothing")
    if args.scheduler is not None and args.executor != "dask":
        raise UsageError("--scheduler: for --executor dask only")
    if args.jobs is not None and args.scheduler is not None:
        raise UsageError("--jobs: not with --scheduler, whose workers are its own (--jobs sizes a local pool or cluster)")
    if args.worker_timeout is not None and args.executor == "dask":
        raise UsageError("--worker-timeout: not with --executor dask, which has no limit per task")
    if args.checkpoint is not None and args.out_format == "jsonl":
        raise UsageError("--checkpoint: not with --out-format jsonl, which writes the manifest once, with documents.jsonl at the end")
    if getattr(args, "exit_non_zero_on_fix", False) and args.out_format == "jsonl":
        raise UsageError("--exit-non-zero-on-fix: not with --out-format jsonl, which writes every document again each run")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def run_options_named() -> str:
    """RUN_OPTIONS as the command line spells them, for the help of --check and --diff."""
    return ", ".join(map(_option, RUN_OPTIONS[:-1])) + " or " + _option(RUN_OPTIONS[-1])


@dataclass
class Settings:
    out: Path
    jobs: int = 1
    executor: str = "local"
    scheduler: str | None = None
    out_format: str = "text"
    quiet: bool = False
    checkpoint_seconds: float = CHECKPOINT_SECONDS
    added: str | None = None  # the `added` time of JSONL output; now when None
    worker_timeout: float | None = None  # executors.time_limit's; None: from the budgets


def settings(args: argparse.Namespace) -> Settings:
    jobs = args.jobs if args.jobs is not None else cores()
    checkpoint = args.checkpoint if args.checkpoint is not None else CHECKPOINT_SECONDS
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: must be 1 or more")
    if jobs > JOBS_PER_CORE * cores():  # each worker holds the rules: thousands of them exhaust memory
        raise UsageError(f"--jobs {jobs}: at most {JOBS_PER_CORE * cores()} here ({JOBS_PER_CORE} per core)")
    if not 0 <= checkpoint < float("inf"):
        raise UsageError(f"--checkpoint {checkpoint}: must be a number of seconds, 0 or more")
    if args.worker_timeout is not None and not 0 <= args.worker_timeout < float("inf"):
        raise UsageError(f"--worker-timeout {args.worker_timeout}: must be a number of seconds, 0 or more")
    executor, out_format = args.executor or "local", args.out_format or "text"
    return Settings(args.out, jobs, executor, args.scheduler, out_format, args.quiet, checkpoint, worker_timeout=args.worker_timeout)


def fields(args: argparse.Namespace) -> JsonlFields:
    return JsonlFields(args.jsonl_id_field, args.jsonl_text_field, args.jsonl_html_field)


def sha256(data: bytes) -> str:
    import hashlib  # not on the start-up path of a one-file check (the CLI imports this module)

    return hashlib.sha256(data).hexdigest()


def unchanged(
    doc: Doc, record: dict[str, Any] | None, digest: str, out: Path, hashes: FileHashes | None = None, raw_sha256: str | None = None
) -> bool:
    """The record is this document's, cleaned by these rules and this version, and its output is intact.
    With `hashes`, a raw file or output whose stat is as recorded there is not hashed (nor read);
    `raw_sha256` is the raw file's when the caller has already found it there. Of the record, only
    manifest.BRIEF_FIELDS are read."""
    if record is None or (doc.data is None and not doc.unread):
        return False
    if (
        record.get("ruleset") != digest
        or record.get("version") != __version__
        or record.get("source") != doc.source
        or record.get("provenance", {}) != doc.provenance
    ):
        return False
    raw = raw_sha256 or _raw_sha256(doc, hashes)
    if raw is None or record.get("raw_sha256") != raw:
        return False
    expected = record.get("clean_sha256")
    target = os.path.join(out, doc.output)
    if expected is None:
        return not os.path.exists(target)
    if record.get("output") != doc.output:
        return False
    known = hashes.known(target) if hashes is not None else None
    if known is not None:
        return known == expected
    try:
        with open(target, "rb") as handle:
            stat = stat_of(os.fstat(handle.fileno()))
            found = sha256(handle.read())
    except OSError:
        return False
    if hashes is not None:
        hashes.remember(target, stat, found)
    return found == expected


def _raw_sha256(doc: Doc, hashes: FileHashes | None) -> str | None:
    found = hashes.known(doc.source, doc.stat) if hashes is not None and doc.stat is not None else None
    if found is None:
        data = read(doc).data
        if data is None:  # an unread file that cannot be read now
            return None
        found = sha256(data)
        if hashes is not None and doc.stat is not None:
            hashes.remember(doc.source, doc.stat, found)
    return found


class Checkpoints:
    """Rewrites the manifest atomically every `every` seconds, and at least ten times as long as a rewrite
    takes (a manifest of millions of records); `every` 0 rewrites it after each document."""

    def __init__(self, records: Records, every: float) -> None:
        self.records, self.every = records, every
        self.last = time.monotonic()
        self.cost = 0.0

    def maybe(self) -> None:
        if self.records.changed and time.monotonic() - self.last >= (max(self.every, 10 * self.cost) if self.every else 0):
            self.write()

    def write(self) -> None:
        if not self.records.changed:
            return
        started = time.monotonic()
        # Outputs are written without an fsync each; one sync here makes every output the manifest names durable.
        _sync()
        self.records.save()
        self.last = time.monotonic()
        self.cost = self.last - started


def _sync() -> None:
    """os.sync in a thread of its own, waited for: a Ctrl-C's handler runs between bytecodes, so in the
    main thread it would wait for the whole sync (minutes on a slow disk), and two Ctrl-Cs there would
    be one. The sync itself cannot be cut short: a run stopped during it ends as the kernel's sync returns."""
    if not hasattr(os, "sync"):
        return
    syncing = threading.Thread(target=os.sync, name="scrapelint sync", daemon=True)
    syncing.start()
    while syncing.is_alive():
        syncing.join(0.1)  # a signal taken by the other thread is handled here when this thread next looks


class JsonlOut:
    """Clean documents in the Dolma / datatrove schema, written to a temporary file renamed at the end."""

    def __init__(self, path: Path, added: str) -> None:
        self.path, self.added = path, added
        fd, self.temp = temporary(path)
        self.handle: IO[bytes] = os.fdopen(fd, "wb")

    def add(self, doc: Doc, record: dict[str, Any], text: str) -> None:
        metadata = {key: record[key] for key in METADATA_KEYS if record.get(key) is not None}
        if doc.provenance:
            metadata["provenance"] = doc.provenance
        import json

        line = {"id": doc.id, "text": text, "source": doc.source, "added": self.added, "created": record.get("date"), "metadata": metadata}
        self.handle.write(json.dumps(line, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n")  # as manifest.line

    def sync(self) -> None:
        """Flushed, fsync'd and closed (long for a big file): what `commit` renames is durable."""
        if not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()

    def commit(self) -> None:
        self.sync()
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        self.handle.close()
        Path(self.temp).unlink(missing_ok=True)


def fix(documents: Iterable[Doc], ruleset: RuleSet, options: Settings, total: int | None = None) -> Progress:
    """Clean every document into `options.out`; returns the counts. The manifest is written even on Ctrl-C
    (not after a second one as the run ends: Stopped)."""
    out = options.out
    held = _HeldInterrupt()
    try:
        with Records(out / MANIFEST_NAME, folder=out) as records:
            held.install()
            return _fix(documents, ruleset, options, total, records, held)
    finally:
        held.restore()  # once the working copy is closed: after Stopped, a Ctrl-C there is ignored too


def _fix(documents: Iterable[Doc], ruleset: RuleSet, options: Settings, total: int | None, records: Records, held: _HeldInterrupt) -> Progress:
    out = options.out
    checkpoints = Checkpoints(records, options.checkpoint_seconds)
    progress = Progress(sys.stderr, total, options.quiet)
    jsonl = None
    if options.out_format == "jsonl":
        from datetime import datetime, timezone

        added = options.added or datetime.now(timezone.utc).isoformat(timespec="seconds")
        jsonl = JsonlOut(out / DOCUMENTS_NAME, added)

    hashes = FileHashes(out) if jsonl is None else None  # what the last run hashed (ingest/stat_cache.py)
    # A new document is read (and hashed) by the worker that cleans it, not here: the local executor's
    # workers see the files the parent sees, a Dask scheduler's may not.
    parent_reads = options.executor != "local"

    def fresh() -> Iterator[Doc]:
        # JSONL output is rewritten whole, so every document is cleaned again there.
        for doc in documents:
            record = None if jsonl is not None else records.brief(doc.id)
            if record is None:
                yield read(doc) if parent_reads else doc
                continue
            raw = hashes.known(doc.source, doc.stat) if hashes is not None and doc.stat is not None else None
            if raw is None:
                doc = read(doc)  # to be hashed or cleaned, or both: read once for both
            if unchanged(doc, record, ruleset.for_source(doc.source).digest(), out, hashes, raw):
                progress.update(record["status"], skipped=True)
            else:
                yield read(doc)

    execute = make(options.executor, ruleset, options.jobs, options.scheduler, options.worker_timeout)
    failure: BaseException | None = None  # the error the run ends on, which a held Ctrl-C must not replace
    try:
        for doc, record, text in execute(fresh()):
            with held:  # an output written is an output recorded
                written = _store(doc, record, text, out, jsonl)
                if hashes is not None:
                    _remember(hashes, doc, record, out, written)
                records.put(record)
            progress.update(record["status"])
            if record["status"] == "fail":
                _say(progress, f"{_named(doc)}: {'; '.join(record['messages'])}")
            if jsonl is None:  # documents.jsonl is written whole at the end, and the manifest with it
                checkpoints.maybe()
        if jsonl is not None:
            jsonl.sync()  # a Ctrl-C during it leaves nothing written
            with held:  # documents.jsonl in place is a manifest to save with it, not an old one left as it was
                jsonl.commit()
                jsonl = None
    except BaseException as error:
        failure = error
        if isinstance(error, KeyboardInterrupt):
            error.documents_written = jsonl is None  # type: ignore[attr-defined]
        raise
    finally:
        try:
            with held:  # a Ctrl-C as the run ends (a second one, in a long sync or save) waits for the manifest
                progress.close()
                if jsonl is not None:  # stopped before documents.jsonl was in place: the manifest stays as that file is
                    jsonl.discard()
                else:
                    # documents.jsonl is in place by now: a manifest left as it was would not match it.
                    held.ending = options.out_format != "jsonl"
                    if held.ending and records.changed and isinstance(failure, KeyboardInterrupt) and not held.told:
                        held.tell()  # a Ctrl-C outside `with held` (most: the loop waits on execute) ends the run at once
                    checkpoints.write()
                    held.ending = False
                if hashes is not None:
                    hashes.save()
                if failure is not None:
                    held.received = []
        except Stopped as stopped:
            stopped.failure = failure
            raise
        except KeyboardInterrupt as interrupt:  # held as the run ended, documents.jsonl (if any) in place
            interrupt.documents_written = True  # type: ignore[attr-defined]
            raise
    return progress


FINISHING = (
    "scrapelint: finishing: syncing outputs and saving the manifest; press Ctrl-C again to stop now "
    "(the manifest stays valid, as its last checkpoint or this save leaves it; the process ends once a disk sync under way returns)"
)


class Stopped(KeyboardInterrupt):
    """A second Ctrl-C while the run syncs and saves its manifest at its end: the run stops, the manifest
    valid, as its last checkpoint or the save under way left it (a temporary file the next run removes).
    `failure`: the error the run was ending on, if any, still to be told."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: BaseException | None = None


class _HeldInterrupt:
    """Ctrl-C inside `with held:` is handled when the block ends. Between writing a document's output and
    putting its record, an interrupt would leave an output the manifest does not name. The handler is set
    once for the run (`install`), not at each document (four calls into `signal`): a block only marks itself.
    While `ending` (the run's last sync and save, which a slow disk can make last minutes), the first Ctrl-C
    is told (FINISHING; told at once if the run ends on one) and a second one raises Stopped at once. Any
    Ctrl-C after that is ignored: it would cut short the cleanup of the manifest's temporary file, or
    replace Stopped (and the error the run ended on) by a KeyboardInterrupt."""

    def __init__(self) -> None:
        self.previous: Any = None  # the handler before the run's own; None while the run's is not set
        self.holding = False
        self.ending = False
        self.told = False  # FINISHING was printed
        self.stopped = False  # Stopped was raised
        self.received: list[Any] = []  # the frame of a Ctrl-C held

    def install(self) -> None:
        previous = signal.getsignal(signal.SIGINT)
        if threading.current_thread() is not threading.main_thread() or not callable(previous):
            return  # no handler can be set off the main thread; an ignored or C-level SIGINT is left as it is
        self.previous = previous  # first: a Ctrl-C as the handler is set is passed on to it
        signal.signal(signal.SIGINT, self._handle)

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.stopped:
            return
        if not self.holding:
            self.previous(signum, frame)  # Python's own handler raises KeyboardInterrupt
        elif self.ending and self.told:
            self.stopped = True
            raise Stopped
        else:
            self.received.append(frame)
            if self.ending:
                self.tell()

    def tell(self) -> None:
        """FINISHING: the next Ctrl-C while ending stops the run."""
        self.told = True
        _tell(FINISHING)

    def __enter__(self) -> None:
        self.holding = True

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.holding = self.ending = False
        frames, self.received = self.received, []
        if frames and kind is None and self.previous is not None:
            self.previous(signal.SIGINT, frames[0])


def _tell(line: str) -> None:
    """A line on stderr from the signal handler (the main thread writes nothing while ending). It must not
    raise: stderr may be a pipe whose reader the same Ctrl-C ended (`fix 2>&1 | tee log`), and the error
    would escape the handler into the run's end and skip its save."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass


def _remember(hashes: FileHashes, doc: Doc, record: dict[str, Any], out: Path, written: Written | None) -> None:
    """The raw file's stat when it was read and the output's now, with the sha256s of what they held."""
    if doc.stat is not None:
        hashes.remember(doc.source, doc.stat, record.get("raw_sha256"))
    hashes.remember_now(os.path.join(out, doc.output), record.get("clean_sha256") if record.get("output") else None, written)


def _store(doc: Doc, record: dict[str, Any], text: bytes | None, out: Path, jsonl: JsonlOut | None) -> Written | None:
    """The clean text (UTF-8, executors.clean_encoded) as its output, or in documents.jsonl; the device,
    inode, size and mtime of the output written (write_atomic), else None."""
    if doc.provenance:
        record["provenance"] = doc.provenance
    if jsonl is not None:
        if text and record["status"] != "fail":
            jsonl.add(doc, record, text.decode("utf-8"))
            record["output"] = DOCUMENTS_NAME
        return None
    target = out / doc.output
    if text:
        written = write_atomic(target, text, durable=False)
        record["output"] = doc.output
        return written
    target.unlink(missing_ok=True)
    return None


def _named(doc: Doc) -> str:
    """The document as a message names it: its file, and its line or WARC record in a corpus file."""
    return f"{as_text(doc.source)}{_where(doc)}"


def _where(doc: Doc) -> str:
    if "line" in doc.provenance:
        return f":{doc.provenance['line']}"
    if "warc_record_id" in doc.provenance:
        return f" {doc.provenance['warc_record_id']}"
    return ""


def _say(progress: Progress, message: str) -> None:
    if progress.bar is not None:
        progress.bar.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)


def _died(died: WorkerDied) -> str:
    where = ", ".join(map(_named, died.docs))
    return f"{where}: {died.reason}" if where else f"{died.reason} between documents"


def _count(items: Iterable[Input]) -> int | None:
    """How many documents, when that is known ahead: a corpus file holds an unknown number."""
    count = 0
    for item in items:
        if corpus_kind(item.path):
            return None
        count += 1
    return count


def run(items: Iterable[Input], args: argparse.Namespace, ruleset: RuleSet, again: Callable[[], Iterable[Input]] | None = None) -> int:
    """`scrapelint fix`: clean the inputs, print the one-line summary (unless quiet); 1 when a document failed.
    `items` may be read as they are found; `again` finds them once more, to count them for a progress bar."""
    options = settings(args)
    total = None
    if not options.quiet and sys.stderr.isatty():  # only a bar shows it
        if isinstance(items, list):
            total = _count(items)
        elif again is not None:
            total = _count(again())
    done = "nothing was written" if options.out_format == "jsonl" else f"{options.out / MANIFEST_NAME} records the documents done"
    try:
        progress = fix(docs(items, fields(args), ruleset.root, unread=True), ruleset, options, total)
    except Stopped as stopped:
        # Stopped may land just after the save's os.replace (the manifest new and complete) or its temporary
        # file's os.open (a file the next run removes): both are as "this save left it".
        unsaved = f"stopped as the run ended; {options.out / MANIFEST_NAME} is valid: as its last checkpoint or the save under way left it"
        if not (options.out / MANIFEST_NAME).exists():  # stopped before the run's first checkpoint
            unsaved = "stopped as the run ended, before any manifest was saved; the next run cleans every document again"
        if isinstance(stopped.failure, WorkerDied):
            print(f"scrapelint: {_died(stopped.failure)}; {unsaved}", file=sys.stderr)
            return 2
        if stopped.failure is not None and not isinstance(stopped.failure, KeyboardInterrupt):
            raise stopped.failure  # told by the command line, as any run ending on it (its message says nothing of the manifest)
        print(f"scrapelint: {unsaved}", file=sys.stderr)
        return 130
    except KeyboardInterrupt as interrupt:
        if options.out_format == "jsonl" and getattr(interrupt, "documents_written", False):
            done = f"{options.out / DOCUMENTS_NAME} and {options.out / MANIFEST_NAME} hold every document"
        print(f"scrapelint: interrupted; {done}", file=sys.stderr)
        return 130
    except WorkerDied as died:
        # The run stops: carrying on, a document that kills its worker each time would break a pool per
        # run, and a fail record would keep it failed after a death that was not its doing (the OOM killer).
        print(f"scrapelint: {_died(died)}; stopped, {done}", file=sys.stderr)
        return 2
    if not options.quiet:
        print(progress.summary(str(options.out)), file=sys.stderr)
    wrote = getattr(args, "exit_non_zero_on_fix", False) and progress.processed > 0
    return 1 if progress.counts["fail"] or wrote else 0
