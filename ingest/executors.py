"""Run the per-document function over a stream of documents: here, on a process pool, or on Dask.

Every executor yields `(doc, record, clean)` in input order, whatever the number of workers,
and holds only a bounded window of documents at a time, so memory stays flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from .config import RuleSet
from .inputs import UsageError
from .sources import Doc

if TYPE_CHECKING:
    from .pipeline import Result

Cleaned = tuple[dict[str, Any], "str | None"]
Executor = Callable[[Iterable[Doc]], Iterator[tuple[Doc, dict[str, Any], "str | None"]]]
EXECUTORS = ("local", "dask")
CHUNK = 16  # documents per task: enough to amortise the pickling round trip, small enough to balance

_ruleset: RuleSet | None = None  # set once per worker process


def run_document(doc: Doc, ruleset: RuleSet, hashes: bool = True) -> Result:
    """One document through the pipeline, with the rules of its path; a crash on it becomes its failure
    record, the batch goes on. `hashes`: as for `process`."""
    from .pipeline import process  # here: a re-run that finds every document unchanged cleans none

    rules = ruleset.for_source(doc.source)
    try:
        return process(doc.data, doc.id, doc.source, rules, doc.error, doc.format, hashes)
    except Exception as failure:
        return process(None, doc.id, doc.source, rules, f"internal error: {type(failure).__name__}: {failure}", None, hashes)


def clean(doc: Doc, ruleset: RuleSet) -> Cleaned:
    """The per-document function every executor runs."""
    result = run_document(doc, ruleset)
    return result.record, result.clean


def clean_batch(batch: list[Doc], ruleset: RuleSet) -> list[Cleaned]:
    return [clean(doc, ruleset) for doc in batch]


def _init(ruleset: RuleSet) -> None:
    import signal

    global _ruleset
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it saves the manifest
    _ruleset = ruleset


def _clean_here(doc: Doc) -> Cleaned:
    assert _ruleset is not None
    return clean(doc, _ruleset)


def _windows(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    iterator = iter(docs)
    while window := list(islice(iterator, size)):
        yield window


def local(ruleset: RuleSet, jobs: int) -> Executor:
    def run(docs: Iterable[Doc]) -> Iterator[tuple[Doc, dict[str, Any], str | None]]:
        if jobs <= 1:
            for doc in docs:
                yield (doc, *clean(doc, ruleset))
            return
        import multiprocessing  # not on the start-up path of a one-file run

        with multiprocessing.get_context().Pool(jobs, initializer=_init, initargs=(ruleset,)) as pool:
            # Pool.imap reads its whole input ahead; windows keep memory bounded.
            for window in _windows(docs, jobs * CHUNK * 8):
                chunk = max(1, min(CHUNK, len(window) // (jobs * 4)))  # a short window still feeds every worker
                for doc, (record, text) in zip(window, pool.imap(_clean_here, window, chunksize=chunk)):
                    yield doc, record, text

    return run


def dask(ruleset: RuleSet, jobs: int, address: str | None = None) -> Executor:
    """Batches of documents as Dask futures; a local cluster of `jobs` processes unless `address` names a scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'scrapelint[dask]'") from None

    def run(docs: Iterable[Doc]) -> Iterator[tuple[Doc, dict[str, Any], str | None]]:
        cluster = None if address else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        with Client(address or cluster) as client:
            shared = client.scatter(ruleset, broadcast=True)
            pending: deque[tuple[list[Doc], Any]] = deque()
            in_flight = max(2, 4 * len(client.scheduler_info().get("workers", {}) or [None]))
            for batch in _windows(docs, CHUNK):
                pending.append((batch, client.submit(clean_batch, batch, shared, pure=False)))
                if len(pending) >= in_flight:
                    yield from _collect(*pending.popleft())
            while pending:
                yield from _collect(*pending.popleft())
        if cluster is not None:
            cluster.close()

    return run


def _collect(batch: list[Doc], future: Any) -> Iterator[tuple[Doc, dict[str, Any], str | None]]:
    for doc, (record, text) in zip(batch, future.result()):
        yield doc, record, text


def make(name: str, ruleset: RuleSet, jobs: int, address: str | None = None) -> Executor:
    if name == "dask":
        return dask(ruleset, jobs, address)
    return local(ruleset, jobs)
