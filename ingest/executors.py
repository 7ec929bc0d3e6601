"""Run the per-document function over a stream of documents: here, on a process pool, or on Dask.

Every executor yields `(doc, record, clean)` in input order, whatever the number of workers,
and holds only a bounded window of documents at a time, so memory stays flat. `clean` is the clean
text as UTF-8, as a text output is written: the parent writes it as it comes, where sent as a str it
was encoded to be pickled, decoded by the parent and encoded again to be written.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .config import RuleSet
from .inputs import UsageError
from .sources import Doc, read

if TYPE_CHECKING:
    from .pipeline import Result

Cleaned = tuple[dict[str, Any], "bytes | None"]
Executor = Callable[[Iterable[Doc]], Iterator[tuple[Doc, dict[str, Any], "bytes | None"]]]
EXECUTORS = ("local", "dask")
# A task is a batch of documents: enough work to amortise the round trip to a worker (about a tenth of
# a millisecond), little enough that the last task of a run leaves the other workers idle only briefly.
# Cleaning costs about in proportion to size (~1 MB/s of text, a 100 kB page of HTML in ~0.1 s).
BATCH_BYTES = 64 * 1024
BATCH_DOCS = 32  # tiny documents (JSONL lines) still go many to a task
IN_FLIGHT = 4  # tasks queued per worker: none waits for work while the parent stores results

# Objects made before the cyclic collector runs on its youngest generation, while documents are cleaned
# (Python's default: 700). Cleaning makes and drops many containers that hold no cycles (a tuple per line,
# lists per rule): at 700 the collector took 1.7% of the instructions over the dev-set dumps.
GC_YOUNG_THRESHOLD = 10_000

# Dask keeps its last messages in memory for its developers (1000 by default): each of ours holds a
# batch of documents, so the client, a local cluster's scheduler and its workers each held the last
# 1000 batches (the bundled files cleaned 6000 times on one worker: the parent grew 68 -> 122 MB; kept
# none, it stays at 64 MB).
DASK_CONFIG = {"distributed.admin.low-level-log-length": 0}

# A worker still on one document this many times the document's time budgets (its rules' and the
# extraction's) is stuck where no budget reaches (in C code, in a step outside the budgets): the
# parent kills it. Never sooner than TIMEOUT_FLOOR seconds.
TIMEOUT_FACTOR = 3
TIMEOUT_FLOOR = 60.0
POLL_SECONDS = 1.0  # how often a waiting parent looks for a worker past its limit, or a task lost
# Looks a task may stay pending after a worker of its pool has ended: the pool fails its tasks as soon as
# it sees one end, so a task still pending after this many is one it lost (_Pool._lost).
LOST_POLLS = 5
RUN_WATCH_SECONDS = 1.0  # without a pidfd, how often a worker looks whether its OS parent is still the run (_end_with_the_run)

_ruleset: RuleSet | None = None  # set once per worker process
# Per worker process: its pid, the number of the document it is cleaning (-1 between batches) and when
# it began it (time.monotonic_ns), in memory the parent shares: when a worker dies the parent can name
# the document it died on, and it sees a worker stuck on one.
_doing: Any = None
_slot = 0
SLOT = 3


class WorkerDied(Exception):
    """A worker process died (the OOM killer, `kill -9`, a crash in C code): `docs` were in its hands."""

    def __init__(self, docs: list[Doc], reason: str) -> None:
        super().__init__(reason)
        self.docs, self.reason = docs, reason


def run_document(doc: Doc, ruleset: RuleSet, hashes: bool = True, placed: bool = False) -> Result:
    """One document through the pipeline, with the rules of its path, read first if it is unread; a
    crash on it becomes its failure record, the batch goes on. `hashes` and `placed`: as for `process`."""
    from .pipeline import process  # here: a re-run that finds every document unchanged cleans none

    doc = read(doc)
    rules = ruleset.for_source(doc.source)
    try:
        return process(doc.data, doc.id, doc.source, rules, doc.error, doc.format, hashes, placed)
    except Exception as failure:
        return process(None, doc.id, doc.source, rules, f"internal error: {type(failure).__name__}: {failure}", None, hashes)


def clean(doc: Doc, ruleset: RuleSet) -> tuple[dict[str, Any], str | None]:
    """The document's record and clean text."""
    result = run_document(doc, ruleset)
    return result.record, result.clean


def clean_encoded(doc: Doc, ruleset: RuleSet) -> Cleaned:
    """The per-document function every executor runs: the record and the clean text as UTF-8."""
    record, text = clean(doc, ruleset)
    return record, None if text is None else text.encode("utf-8")


def _init(ruleset: RuleSet, doing: Any, workers: Any) -> None:
    import os
    import signal

    global _ruleset, _doing, _slot
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it saves the manifest
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])  # a forked worker has it already; a spawned one not
    _ruleset = ruleset
    with workers.get_lock():
        _slot, workers.value = workers.value, workers.value + 1
    _doing = doing
    _doing[SLOT * _slot], _doing[SLOT * _slot + 1] = os.getpid(), -1
    _end_with_the_run()


def _end_with_the_run() -> None:
    """A thread that ends this worker once the run that started it has ended: a run killed (kill -9)
    cannot stop its workers, and they waited on the pool's queue, or on a stuck document, for ever."""
    import multiprocessing
    import os
    import threading

    # The parent's sentinel is a pipe whose write end the run holds: it reads as ended when the run has,
    # under fork, spawn and forkserver alike (under fork the workers forked after this one hold it too, and
    # go first the same way). Not the OS parent alone: under forkserver it is the server. Not PR_SET_PDEATHSIG:
    # it fires when the parent *thread* that started the worker ends. A thread needs the GIL: a worker inside
    # one long C call that holds it (a regex) goes when that call returns.
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    # The run itself is watched as well: a process it forks without exec (a program using scrapelint as a
    # library) holds a copy of the pipe's write end, and kept the workers of a killed run while it lived.
    # Where the OS has them (Linux 5.3+), a pidfd of the run reads as ended when it has, under every start
    # method; else the OS parent is looked at, which is the run under fork and spawn only, and changes when
    # the run ends (a worker spawned as the run was killed starts with another already).
    pidfd, run = None, None
    try:
        pidfd = os.pidfd_open(parent.pid)
    except ProcessLookupError:
        os._exit(1)  # the run is gone already
    except (AttributeError, OSError):  # no pidfd_open in this Python or OS
        run = parent.pid if multiprocessing.get_start_method() != "forkserver" else None
    threading.Thread(target=_exit_when_ended, args=(parent, pidfd, run), name="scrapelint-run-watch", daemon=True).start()


def _exit_when_ended(parent: Any, pidfd: int | None, run: int | None) -> None:
    import os
    from multiprocessing.connection import wait

    ends = [parent.sentinel] if pidfd is None else [parent.sentinel, pidfd]
    while True:
        if wait(ends, RUN_WATCH_SECONDS if run is not None else None) or (run is not None and os.getppid() != run):
            os._exit(1)  # no clean-up to run: the results are the run's to store, and it is gone


def clean_batch(batch: list[Doc], ruleset: RuleSet | None = None, first: int = 0, skipped: frozenset[int] = frozenset()) -> list[Cleaned | None]:
    """`batch` cleaned with `ruleset` (on a pool's worker, None: the one it was started with), None for
    the documents numbered (from `first`) in `skipped`: their worker was killed on them. A pool's worker
    sets each number in its slot of `_doing` while it cleans the document (a Dask worker has none)."""
    rules = ruleset if ruleset is not None else _ruleset
    assert rules is not None
    at = SLOT * _slot if _doing is not None else None
    cleaned: list[Cleaned | None] = []
    for number, doc in enumerate(batch, first):
        if number in skipped:
            cleaned.append(None)
            continue
        if at is not None:
            _doing[at + 2] = time.monotonic_ns()  # before the number: the parent reads the number first
            _doing[at + 1] = number
        cleaned.append(clean_encoded(doc, rules))
    if at is not None:
        _doing[at + 1] = -1
    return cleaned


def time_limit(doc: Doc, ruleset: RuleSet, timeout: float | None = None) -> float:
    """The seconds a worker may spend on `doc` before the parent kills it (0: no limit): `timeout` when
    given, else TIMEOUT_FACTOR times the document's budgets, at least TIMEOUT_FLOOR; no limit when its
    rules have none (validation.rules_seconds 0)."""
    if timeout is not None:
        return timeout
    rules_seconds = ruleset.for_source(doc.source).thresholds.rules_seconds
    if rules_seconds <= 0:
        return 0.0
    from .budget import scaled
    from .extract import BUDGET_SECONDS  # here: the parent of a run over text need not import it

    return max(TIMEOUT_FLOOR, TIMEOUT_FACTOR * (scaled(rules_seconds, _size(doc)) + BUDGET_SECONDS))


def _size(doc: Doc) -> int:
    """Its bytes, or its file's size when it is still unread."""
    return len(doc.data) if doc.data is not None else doc.stat[0] if doc.stat is not None else 0


def default_limit() -> str:
    """time_limit's default, in words (the help of --worker-timeout and the SL007 message)."""
    return f"{TIMEOUT_FACTOR}x its time budgets, at least {TIMEOUT_FLOOR:g} s"


def timed_out(doc: Doc, ruleset: RuleSet, seconds: float, given: bool) -> Cleaned:
    """The record of a document whose worker was killed after `seconds` on it (`given`: by --worker-timeout,
    else time_limit's default). It holds no raw sha256, so the next run cleans the document again: a worker
    can be that slow for the machine's sake (swap, a stopped process), and a fail record with its sha256
    would keep the document failed for good."""
    result = run_document(replace(doc, data=None, error="timed out", unread=False), ruleset)
    limit = "--worker-timeout" if given else f"the default limit: {default_limit()}; --worker-timeout sets another"
    result.record["messages"] = [f"SL007 over-time-budget: its worker was still on it after {seconds:g} s ({limit}) and was killed; document not cleaned"]
    return result.record, None


def batches(docs: Iterable[Doc], max_bytes: int, max_docs: int) -> Iterator[list[Doc]]:
    """The documents in input order, in batches that stop once they hold `max_bytes`, or at a count
    that doubles from one up to `max_docs`: the first results come back at once, and a short corpus
    of small documents still spreads over the workers."""
    batch: list[Doc] = []
    size, count = 0, 1
    for doc in docs:
        batch.append(doc)
        size += _size(doc)
        if size >= max_bytes or len(batch) >= count:
            yield batch
            batch, size, count = [], 0, min(max_docs, count * 2)
    if batch:
        yield batch


def in_order(tasks: Iterable[tuple[list[Doc], Callable[[], list[Cleaned]]]], in_flight: int) -> Iterator[tuple[Doc, dict[str, Any], bytes | None]]:
    """The results of tasks submitted as they are pulled, `(batch, wait for its results)`, in submission
    order, with at most `in_flight` submitted and not yet collected: memory stays flat, and the workers
    never wait at a window's end for the slowest task of the window to finish."""
    pending: deque[tuple[list[Doc], Callable[[], list[Cleaned]]]] = deque()
    try:
        for task in tasks:
            pending.append(task)
            if len(pending) >= in_flight:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    except WorkerDied as died:
        # The tasks in flight that finished before the worker died are kept: the next run need not clean them.
        # A task lost another way (Dask cancels every task whose rule set went with the dead worker) adds its
        # documents: the one that killed the worker may be among them, not in the first task lost.
        for batch, results in pending:
            try:
                yield from _collect(batch, results)  # fails, when it does, before yielding a document
            except WorkerDied as lost:
                if lost is not died:
                    died.docs.extend(lost.docs)
        raise


def local(ruleset: RuleSet, jobs: int, timeout: float | None = None) -> Executor:
    """Here when `jobs` is 1, else on a pool of `jobs` processes whose worker is killed past a
    document's time_limit (`timeout`). A `timeout` given (not 0) takes a pool at `jobs` 1 too: only a
    worker process can be killed, and here the limit was dropped in silence."""

    def run(docs: Iterable[Doc]) -> Iterator[tuple[Doc, dict[str, Any], bytes | None]]:
        previous = gc.get_threshold()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *previous[1:])  # for the run only (GC_YOUNG_THRESHOLD)
        try:
            if jobs <= 1 and not timeout:
                for doc in docs:
                    yield (doc, *clean_encoded(doc, ruleset))
                return
            yield from _on_pool(docs, ruleset, jobs, timeout)
        finally:
            gc.set_threshold(*previous)

    return run


def _on_pool(docs: Iterable[Doc], ruleset: RuleSet, jobs: int, timeout: float | None) -> Iterator[tuple[Doc, dict[str, Any], bytes | None]]:
    pool = _Pool(ruleset, jobs, timeout)

    def tasks() -> Iterator[tuple[list[Doc], Callable[[], list[Cleaned]]]]:
        first = 0
        for batch in batches(docs, BATCH_BYTES, BATCH_DOCS):
            yield batch, pool.submit(first, batch)
            first += len(batch)

    try:
        yield from in_order(tasks(), jobs * IN_FLIGHT)
    except BaseException:  # stopped early (Ctrl-C, the caller stopped): not a wait for the batches in hand
        pool.stop()
        raise
    finally:
        pool.executor.shutdown(cancel_futures=True)


class _Noting:
    """A multiprocessing context that notes each process it makes: handed to the pool, the processes are
    its workers and no other (the pool's own list of them is private), each noted before it starts."""

    def __init__(self, context: Any, made: list[Any]) -> None:
        self.context, self.made = context, made

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 (multiprocessing's name)
        process = self.context.Process(*args, **kwargs)
        self.made.append(process)
        return process

    def __getattr__(self, name: str) -> Any:
        return getattr(self.context, name)


class _Task:
    """A batch on the pool, numbered from `first`; sent again, it gets a new future."""

    def __init__(self, first: int, batch: list[Doc], future: Any) -> None:
        self.first, self.batch, self.future = first, batch, future


class _Pool:
    """`concurrent.futures.ProcessPoolExecutor`, not multiprocessing.Pool: when a worker dies there, the
    pool starts another and the parent waits for the lost task for ever; this one fails every task in
    flight (BrokenProcessPool), and the run stops naming the document the dead worker held (WorkerDied).
    A worker still on one document past its time limit (time_limit) is killed by the parent: that
    document is recorded as timed out, and the pool is started anew with the batches lost with it."""

    def __init__(self, ruleset: RuleSet, jobs: int, timeout: float | None) -> None:
        import multiprocessing  # not on the start-up path of a one-file run

        self.ruleset, self.jobs, self.timeout = ruleset, jobs, timeout
        self.context = multiprocessing.get_context()
        self.numbered: dict[int, Doc] = {}  # the documents in flight, by number
        self.tasks: dict[int, _Task] = {}  # submitted and not collected, in input order, by their first number
        self.killed: dict[int, float] = {}  # documents whose worker was killed: number -> the limit it passed
        self.died: WorkerDied | None = None  # every task in flight fails with the pool: the cause is found once
        self._start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.doing = self.context.Array("q", SLOT * self.jobs, lock=False)
        # A slot no worker has claimed yet (one still starting, or never started: spawn starts workers as
        # batches need them) holds pid 0 and no document: read as document 0 started at boot, its pid
        # would have been killed, and kill(0) kills the parent's whole process group.
        self.doing[1::SLOT] = [-1] * self.jobs
        self.workers: list[Any] = []  # every process the pool makes: how one died, and stopping them
        self.ended_looks = 0  # looks that found one of them ended (_lost)
        context = _Noting(self.context, self.workers)
        self.executor = ProcessPoolExecutor(self.jobs, context, initializer=_init, initargs=(self.ruleset, self.doing, self.context.Value("i", 0)))

    def submit(self, first: int, batch: list[Doc]) -> Callable[[], list[Cleaned]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            task = _Task(first, batch, self.executor.submit(clean_batch, batch, ruleset=None, first=first))
        except BrokenProcessPool:  # a worker died while the last batch's documents were stored
            raise self.stopped() from None
        self.tasks[first] = task
        self.numbered.update(enumerate(batch, first))
        return lambda: self.results(task)

    def results(self, task: _Task) -> list[Cleaned]:
        from concurrent.futures import TimeoutError as Waiting
        from concurrent.futures.process import BrokenProcessPool

        while True:
            try:
                cleaned = task.future.result(POLL_SECONDS)
                break
            except Waiting:
                # A pool with a worker ended is broken: its workers are reaped, and one's pid may be another's now.
                if not self._lost():
                    self._kill_overdue()  # and the task sent again, when it was lost with the pool
            except BrokenProcessPool:
                raise self.stopped() from None
        del self.tasks[task.first]
        numbers = range(task.first, task.first + len(task.batch))
        for number in numbers:
            del self.numbered[number]
        return [found if found is not None else timed_out(doc, self.ruleset, self.killed.pop(number), self.timeout is not None) for number, doc, found in zip(numbers, task.batch, cleaned)]

    def _kill_overdue(self) -> None:
        import os
        import signal

        now = time.monotonic_ns()
        # No document's limit is below this: time_limit (and the extractor's import it needs) waits till one could be past.
        soonest = TIMEOUT_FLOOR if self.timeout is None else self.timeout
        overdue: dict[int, tuple[int, float]] = {}
        for at in range(0, len(self.doing), SLOT):
            pid, number = self.doing[at], self.doing[at + 1]  # its number before its start: a start read newer only looks sooner
            doc = self.numbered.get(number)
            spent = (now - self.doing[at + 2]) / 1e9
            if pid > 0 and doc is not None and spent > soonest and spent > (limit := time_limit(doc, self.ruleset, self.timeout)) > 0:
                overdue[pid] = number, limit
        if not overdue:
            return
        for pid in overdue:
            # A child not yet reaped keeps its pid (under forkserver the server reaps it: a pid freed that
            # soon is unlikely to be taken again, as CPython's own pool assumes when it stops its workers).
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # gone meanwhile and reaped: the pool broke on an earlier kill, or it died
                pass  # (the OOM killer); its document was past its limit all the same, and is recorded so
        self.killed.update(overdue.values())
        self.executor.shutdown()  # broken by the kill: every task not done fails, the other workers are stopped
        self._start()
        for task in self.tasks.values():
            if task.future.exception() is not None:  # lost with the pool: sent again, less the documents timed out
                skipped = frozenset(number for number in range(task.first, task.first + len(task.batch)) if number in self.killed)
                task.future = self.executor.submit(clean_batch, task.batch, ruleset=None, first=task.first, skipped=skipped)

    def _lost(self) -> bool:
        """Whether a worker of this pool has ended. The run stops as for a dead worker when the task waited
        for stays pending LOST_POLLS such looks on. CPython 3.11's pool marks itself broken without the lock
        its submit takes: a submit racing that adds a task after the pool failed those it had, and nothing
        would ever resolve it."""
        from multiprocessing.connection import wait

        if not wait([process.sentinel for process in self.workers if process.pid is not None], timeout=0):
            return False
        self.ended_looks += 1
        if self.ended_looks >= LOST_POLLS:
            raise self.stopped() from None
        return True

    def stopped(self) -> WorkerDied:
        if self.died is None:
            self.died = self._died()
        return self.died

    def _died(self) -> WorkerDied:
        """What the worker that broke the pool was cleaning, and how it died."""
        import signal

        # The others are stopped first, as the pool stops them, on SIGTERM; the one that broke it ended on
        # what killed it. First: CPython 3.11's pool leaves unstopped a worker it was starting (spawn,
        # forkserver) as the pool broke, and its shutdown waits for that worker for ever.
        self.stop()
        self.executor.shutdown()
        ended = {process.pid: process.exitcode for process in self.workers}
        slots = {self.doing[at]: self.doing[at + 1] for at in range(0, len(self.doing), SLOT)}
        dead = [pid for pid, code in ended.items() if code not in (None, 0, -signal.SIGTERM)]
        if dead:
            code = ended[dead[0]]
            reason = "worker process died" + (f" (signal {-code})" if code < 0 else f" (exit code {code})")
            return WorkerDied([self.numbered[slots[pid]] for pid in dead if slots.get(pid) in self.numbered], reason)
        # It ended as the pool ends the others (SIGTERM), or as asked: any worker's document may be the one.
        held = [self.numbered[number] for number in slots.values() if number in self.numbered]
        return WorkerDied(held, "a worker process died; one of these documents may have killed it" if held else "worker process died")

    def stop(self) -> None:
        for process in self.workers:
            if process.pid is not None:
                process.terminate()


def dask(ruleset: RuleSet, jobs: int, address: str | None = None) -> Executor:
    """Batches of documents as Dask futures; a local cluster of `jobs` processes unless `address` names a scheduler."""
    from concurrent.futures import CancelledError

    try:
        from dask import config as dask_config
        from distributed import Client, KilledWorker, LocalCluster
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'scrapelint[dask]'") from None

    def run(docs: Iterable[Doc]) -> Iterator[tuple[Doc, dict[str, Any], bytes | None]]:
        cluster = None
        try:  # the cluster's processes closed too when the client fails to start or the run stops early
            with dask_config.set(DASK_CONFIG):  # read as the cluster and the client start (DASK_CONFIG)
                cluster = None if address else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
                client = Client(address or cluster)
            with client:
                shared = client.scatter(ruleset, broadcast=True)
                in_flight = max(2, IN_FLIGHT * len(client.scheduler_info().get("workers", {}) or [None]))
                tasks = ((batch, _lost_as_died(batch, client.submit(clean_batch, batch, shared, pure=False))) for batch in batches(docs, BATCH_BYTES, BATCH_DOCS))
                yield from in_order(tasks, in_flight)
        finally:
            if cluster is not None:
                cluster.close()

    def _lost_as_died(batch: list[Doc], future: Any) -> Callable[[], list[Cleaned]]:
        # A worker that dies takes the rule set scattered to it: Dask cancels the tasks that needed it, or
        # gives a task up (KilledWorker) after it killed `allowed-failures` workers. Which document of the
        # batch did it is not known there.
        def results() -> list[Cleaned]:
            try:
                return future.result()
            except (KilledWorker, CancelledError) as lost:
                raise WorkerDied(list(batch), f"a Dask worker process died ({type(lost).__name__}); one of these documents may have killed it") from None

        return results

    return run


def _collect(batch: list[Doc], results: Callable[[], list[Cleaned]]) -> Iterator[tuple[Doc, dict[str, Any], bytes | None]]:
    for doc, (record, text) in zip(batch, results()):
        yield doc, record, text


def make(name: str, ruleset: RuleSet, jobs: int, address: str | None = None, timeout: float | None = None) -> Executor:
    if name == "dask":
        return dask(ruleset, jobs, address)
    return local(ruleset, jobs, timeout)
