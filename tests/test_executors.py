"""Every executor yields the same records and text, in input order, as the plain loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import RAW, REPO, run_cli

from ingest.config import load
from ingest.executors import TIMEOUT_FACTOR, TIMEOUT_FLOOR, WorkerDied, batches, clean, clean_batch, clean_encoded, dask, in_order, local, time_limit, timed_out
from ingest.inputs import UsageError
from ingest.inputs import discover
from ingest.sources import Doc, docs


def corpus() -> list:
    return list(docs(discover([str(RAW)], RAW)))


@pytest.mark.parametrize("batch_docs", [2, 32])
def test_a_pool_yields_what_the_loop_does_in_input_order(monkeypatch: pytest.MonkeyPatch, batch_docs: int) -> None:
    monkeypatch.setattr("ingest.executors.BATCH_DOCS", batch_docs)  # many batches, or all in one or two
    ruleset = load()
    items = corpus() * 3  # more documents than workers, repeated ids keep their places
    expected = [(doc.id, *clean_encoded(doc, ruleset)) for doc in items]
    for jobs in (1, 2):
        assert [(doc.id, record, text) for doc, record, text in local(ruleset, jobs)(iter(items))] == expected


def test_executors_yield_the_clean_text_as_utf8_bytes() -> None:
    ruleset = load()
    doc = Doc("caf\u00e9", "cafe.txt", "cafe.txt", "Caf\u00e9 cr\u00e8me \u2014 a plain sentence of the article body. \n".encode("utf-8") * 20)
    record, text = clean(doc, ruleset)
    assert text is not None and not text.isascii()
    for jobs in (1, 2):
        assert [(found, clean_text) for _, found, clean_text in local(ruleset, jobs)(iter([doc, doc]))] == [(record, text.encode("utf-8"))] * 2


def test_a_batch_is_cleaned_as_its_documents_are_one_by_one_less_the_numbers_skipped() -> None:
    # Dask's task and the pool's (whose worker was killed on the numbers skipped) are this one function.
    ruleset, items = load(), corpus()
    expected = [clean_encoded(doc, ruleset) for doc in items]
    assert clean_batch(items, ruleset) == expected
    assert clean_batch(items, ruleset, first=10, skipped=frozenset({11, 99})) == [expected[0], None, *expected[2:]]


def test_a_rule_set_unpickled_cleans_as_the_one_sent() -> None:
    # What a worker started by spawn (or a Dask worker) gets: sent fresh, and after cleaning (its rules' answers).
    import pickle

    ruleset, items = load(), corpus()
    fresh = pickle.loads(pickle.dumps(ruleset))
    expected = [clean_encoded(doc, ruleset) for doc in items]
    used = pickle.loads(pickle.dumps(ruleset))
    assert [clean_encoded(doc, fresh) for doc in items] == expected == [clean_encoded(doc, used) for doc in items]


def test_a_local_run_collects_young_objects_less_often_and_sets_the_collector_back_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from ingest import executors

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(executors, "clean", lambda doc, ruleset: (seen.append(gc.get_threshold()) or {}, None))
    assert len(list(local(load(), 1)(iter(corpus())))) == len(corpus())
    assert seen and all(threshold == (executors.GC_YOUNG_THRESHOLD, *before[1:]) for threshold in seen)
    assert gc.get_threshold() == before


@pytest.mark.parametrize("timeout", [None, 0.0])  # 0: never killed, so no worker to kill: no pool
def test_one_job_without_a_worker_timeout_cleans_in_the_runs_own_process(monkeypatch: pytest.MonkeyPatch, timeout: float | None) -> None:
    from ingest import executors

    cleaned_in: list[int] = []
    monkeypatch.setattr(executors, "clean", lambda doc, ruleset: (cleaned_in.append(os.getpid()), clean(doc, ruleset))[1])
    assert len(list(local(load(), 1, timeout)(iter(corpus())))) == len(corpus())
    assert cleaned_in == [os.getpid()] * len(corpus())


def test_a_documents_time_limit_is_a_multiple_of_its_budgets_or_as_given(tmp_path: Path) -> None:
    from ingest.extract import BUDGET_SECONDS

    ruleset = load()
    small, big = _doc(1, 100), _doc(2, 10_000_000)  # the rules' budget grows past 1 MB
    assert time_limit(small, ruleset) == max(TIMEOUT_FLOOR, TIMEOUT_FACTOR * (ruleset.thresholds.rules_seconds + BUDGET_SECONDS))
    assert time_limit(big, ruleset) == TIMEOUT_FACTOR * (10 * ruleset.thresholds.rules_seconds + BUDGET_SECONDS)
    assert (time_limit(small, ruleset), time_limit(big, ruleset)) == (120.0, 390.0)  # the default pack's 10 s, the extraction's 30 s
    assert time_limit(big, ruleset, 5.0) == 5.0 and time_limit(big, ruleset, 0.0) == 0.0
    unbudgeted = tmp_path / ".scrapelint.yaml"
    unbudgeted.write_text("extends: default\nvalidation: {rules_seconds: 0}\n")
    assert time_limit(small, load(unbudgeted)) == 0.0  # rules without a limit: a worker without one


POLLED = """
import sys
from pathlib import Path
import ingest.executors as executors
executors.POLL_SECONDS = 0.001  # the parent looks for a stuck worker at every chance
from ingest.config import load
from ingest.inputs import discover
from ingest.sources import docs
raw = Path(sys.argv[1])
cleaned = list(executors.local(load(), 2)(docs(discover([str(raw)], raw))))
print(len(cleaned), "ingest.extract" in sys.modules)
"""


def test_a_parent_looking_for_stuck_workers_does_not_import_the_extractor_before_any_can_be() -> None:
    # A document's limit reads the extraction's budget; before TIMEOUT_FLOOR no limit can have passed.
    done = subprocess.run([sys.executable, "-c", POLLED, str(RAW)], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == [str(len(corpus())), "False"], done.stderr


def in_session(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """The command run in a session of its own (a kill of its process group stays there), and that whole
    group killed if it outlasts `timeout`: a hung pool's workers and forkserver are left running else."""
    import signal

    process = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


UNCLAIMED = """
import multiprocessing
import sys
from pathlib import Path
multiprocessing.set_start_method(sys.argv[2])
import ingest.executors as executors
executors.POLL_SECONDS = 0.001
from ingest.config import load
from ingest.inputs import discover
from ingest.sources import docs
raw = Path(sys.argv[1])
print(len(list(executors.local(load(), 2)(docs(discover([str(raw / "article.txt")], raw))))))
"""


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_slot_no_worker_has_claimed_is_not_taken_for_a_stuck_worker(tmp_path: Path, method: str) -> None:
    # One document for two workers: under spawn the second worker never starts; under fork its slot can
    # be read before it is claimed. Read as pid 0 on document 0 since boot, the parent killed its own
    # process group (a session of its own here, so that only the run dies).
    (tmp_path / "article.txt").write_text("A plain sentence of the article body, long enough to keep.\n" * 40)
    done = in_session([sys.executable, "-c", UNCLAIMED, str(tmp_path), method], timeout=120)
    assert (done.returncode, done.stdout.split()) == (0, ["1"]), done.stderr


CALLERS_CHILD = """
import multiprocessing, os, signal, sys, time
import ingest.executors as executors
from ingest.config import load
from ingest.sources import Doc
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "d005":
        time.sleep(1)
        os.kill(os.getpid(), signal.SIGKILL)
    return real(doc, ruleset)
executors.clean = clean
def source(target):
    global child
    for number in range(200):
        if number == 0:  # the caller's own child, started as the pool is
            child = multiprocessing.Process(target=target)
            child.start()
        yield Doc(f"d{number:03}", f"d{number:03}.txt", f"d{number:03}.txt", b"A plain sentence of the article body. " * 20)
results = executors.local(load(), 2)(source(lambda: time.sleep(30)))
next(results)
results.close()  # the caller stops the run early
time.sleep(0.2)
print(child.exitcode)
child.terminate()
try:
    list(executors.local(load(), 2)(source(lambda: (time.sleep(0.2), sys.exit(3)))))
except executors.WorkerDied as died:
    print(" ".join(doc.id for doc in died.docs), "|", died.reason)
"""


def test_a_child_process_of_the_callers_is_not_taken_for_a_worker() -> None:
    # Only the processes the pool makes are its workers: a child the caller started as the pool was
    # starting was stopped with the pool, and its exit code read as the one of the worker that died.
    done = in_session([sys.executable, "-c", CALLERS_CHILD], timeout=120)
    assert done.stdout.splitlines() == ["None", "d005 | worker process died (signal 9)"], done.stderr


FIRST_KILLS = """
import multiprocessing, os, signal, sys
multiprocessing.set_start_method(sys.argv[1], force=True)
import ingest.executors as executors
from ingest.config import load
from ingest.sources import Doc
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "d000":
        os.kill(os.getpid(), signal.SIGKILL)
    return real(doc, ruleset)
executors.clean = clean
if __name__ == "__main__":
    docs = [Doc(f"d{number:03}", f"d{number:03}.txt", f"d{number:03}.txt", b"A plain sentence of the article body. " * 20) for number in range(200)]
    try:
        list(executors.local(load(), 2, float(sys.argv[2]) if len(sys.argv) > 2 else None)(iter(docs)))
    except executors.WorkerDied as died:
        print(" ".join(doc.id for doc in died.docs), "|", died.reason)
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_worker_that_dies_on_the_first_document_stops_the_run_whatever_the_start_method(tmp_path: Path, method: str) -> None:
    # Under spawn and forkserver the pool starts workers as batches need them; on CPython 3.11 one it was
    # starting as the pool broke was never stopped, and the run waited for it for ever (3 runs in 10).
    script = tmp_path / "first_kills.py"  # spawn's workers import the main module: a file, not -c
    script.write_text(FIRST_KILLS)
    for _ in range(3):
        done = in_session([sys.executable, str(script), method], timeout=60)
        assert done.stdout.strip() == "d000 | worker process died (signal 9)", done.stderr


def test_a_timed_out_document_fails_without_a_raw_sha256_so_the_next_run_cleans_it_again() -> None:
    from ingest.batch import unchanged

    ruleset = load()
    doc = corpus()[0]
    record, text = timed_out(doc, ruleset, 90.0, given=True)
    assert text is None and record["status"] == "fail" and record["raw_sha256"] is None
    assert record["messages"] == ["SL007 over-time-budget: its worker was still on it after 90 s (--worker-timeout) and was killed; document not cleaned"]
    assert not unchanged(doc, record, ruleset.for_source(doc.source).digest(), Path("clean"))


def test_a_timed_out_documents_message_names_the_limit_it_passed_given_or_the_default() -> None:
    doc, ruleset = corpus()[0], load()
    given, default = (timed_out(doc, ruleset, 120.0, given)[0]["messages"] for given in (True, False))
    assert given == ["SL007 over-time-budget: its worker was still on it after 120 s (--worker-timeout) and was killed; document not cleaned"]
    limit = "the default limit: 3x its time budgets, at least 60 s; --worker-timeout sets another"
    assert default == [f"SL007 over-time-budget: its worker was still on it after 120 s ({limit}) and was killed; document not cleaned"]


KILLED_PAST = """
import sys, time
from pathlib import Path
import ingest.executors as executors
import ingest.extract
executors.POLL_SECONDS = 0.05
executors.TIMEOUT_FLOOR = 0.5
ingest.extract.BUDGET_SECONDS = 0.1  # with the rules' 0.1 s: a default limit of 3 x 0.2 s, at least 0.5 s
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "stuck":
        time.sleep(3600)
    return real(doc, ruleset)
executors.clean = clean
from ingest.config import load
from ingest.sources import Doc
docs = [Doc(name, name + ".txt", name + ".txt", b"A plain sentence of the article body. " * 20) for name in ("first", "stuck", "last")]
timeout = None if sys.argv[2] == "default" else float(sys.argv[2])
for doc, record, text in executors.local(load(Path(sys.argv[1])), int(sys.argv[3]), timeout)(iter(docs)):
    print(doc.id, "|", " ".join(record["messages"]))
"""


# One job and a timeout given: a pool of one worker, killed past it (it cleaned here, and hung for good).
@pytest.mark.parametrize("timeout, jobs", [("default", "2"), ("0.6", "2"), ("0.6", "1")])
def test_a_pool_names_the_limit_its_stuck_worker_passed(tmp_path: Path, timeout: str, jobs: str) -> None:
    rules = tmp_path / ".scrapelint.yaml"
    rules.write_text("extends: default\nvalidation: {rules_seconds: 0.1}\n")
    done = in_session([sys.executable, "-c", KILLED_PAST, str(rules), timeout, jobs], timeout=60)
    limit = "--worker-timeout" if timeout != "default" else "the default limit: 3x its time budgets, at least 0.5 s; --worker-timeout sets another"
    stuck = f"stuck | SL007 over-time-budget: its worker was still on it after 0.6 s ({limit}) and was killed; document not cleaned"
    assert done.stdout.splitlines()[1] == stuck and done.stdout.splitlines()[2].startswith("last | "), done.stderr


def _doc(number: int, size: int) -> Doc:
    return Doc(str(number), f"{number}.txt", f"{number}.txt", b"x" * size)


def test_batches_keep_the_order_and_stop_at_a_size_or_a_count_that_doubles() -> None:
    sizes = [10, 30, 70, 5, 5, 5, 5, 5, 200, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    items = [_doc(number, size) for number, size in enumerate(sizes)]
    found = list(batches(iter(items), max_bytes=100, max_docs=4))
    assert [doc for batch in found for doc in batch] == items
    counts = [["0"], ["1", "2"], ["3", "4", "5", "6"], ["7", "8"], ["9", "10", "11", "12"], ["13", "14", "15", "16"], ["17"]]
    assert [[doc.id for doc in batch] for batch in found] == counts


def test_in_order_collects_in_submission_order_with_a_bounded_number_in_flight() -> None:
    submitted: list[int] = []
    collected: list[int] = []
    most = 0

    def task(number: int):
        submitted.append(number)
        batch = [_doc(number, 1)]

        def results() -> list:
            nonlocal most
            most = max(most, len(submitted) - len(collected))
            collected.append(number)
            return [({"id": str(number)}, f"text {number}".encode())]

        return batch, results

    out = [(doc.id, record["id"], text) for doc, record, text in in_order((task(n) for n in range(10)), in_flight=3)]
    assert out == [(str(n), str(n), f"text {n}".encode()) for n in range(10)]
    assert collected == list(range(10)) and most == 3


@pytest.mark.parametrize("named, lost", [("the pool's", ["2"]), ("each task's", ["2", "4"])])
def test_in_order_keeps_the_tasks_in_flight_that_finished_when_a_worker_died_then_stops(named: str, lost: list[str]) -> None:
    # The local pool names the dead worker's document in one exception every lost task raises; Dask knows
    # only each lost task's batch, and the one that killed its worker may be any of them.
    submitted: list[int] = []
    broken = WorkerDied([_doc(2, 1)], "worker process died (signal 9)")

    def task(number: int):
        submitted.append(number)

        def results() -> list:
            if number in (2, 4):  # every task that had not finished fails with the worker
                raise broken if named == "the pool's" else WorkerDied([_doc(number, 1)], "a Dask worker process died")
            return [({"id": str(number)}, b"")]

        return [_doc(number, 1)], results

    out: list[str] = []
    with pytest.raises(WorkerDied) as died:
        for doc, _, _ in in_order((task(n) for n in range(8)), in_flight=3):
            out.append(doc.id)
    assert out == ["0", "1", "3"] and submitted == [0, 1, 2, 3, 4]  # nothing more is submitted
    assert [doc.id for doc in died.value.docs] == lost


STUCK = """
import sys, time
import ingest.executors as executors
from ingest.config import load
from ingest.sources import Doc
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "stuck":
        time.sleep(3600)  # a batch a worker is still on when the run stops
    return real(doc, ruleset)
executors.clean = clean
docs = [Doc(name, name + ".txt", name + ".txt", b"A plain sentence of the article body. " * 20) for name in ("first", "stuck", "last")]
results = executors.local(load(), 2)(iter(docs))
print(next(results)[0].id)
results.close()
print("closed")
"""


def test_a_pool_stopped_early_does_not_wait_for_the_batches_its_workers_hold() -> None:
    # Ctrl-C, or the caller stopping: the pool's workers are stopped, not waited for.
    done = subprocess.run([sys.executable, "-c", STUCK], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.split() == ["first", "closed"], done.stderr


DIES = """
import os, signal, sys, time
import ingest.executors as executors
from ingest.config import load
from ingest.sources import Doc
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "d005":
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return real(doc, ruleset)
executors.clean = clean
docs = [Doc(f"d{i:03}", f"d{i:03}.txt", f"d{i:03}.txt", b"A plain sentence of the article body. " * 20) for i in range(200)]
try:
    for number, (doc, record, text) in enumerate(executors.local(load(), 2)(iter(docs))):
        if number == 0:
            time.sleep(3)  # the parent storing the first document while the worker dies: the next submit finds the pool broken
except executors.WorkerDied as died:
    print(" ".join(doc.id for doc in died.docs), "|", died.reason)
"""


def test_a_worker_that_dies_while_the_parent_stores_a_document_is_named_by_the_next_submit() -> None:
    done = subprocess.run([sys.executable, "-c", DIES, "SIGKILL"], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "d005 | worker process died (signal 9)", done.stderr


def test_a_worker_that_ends_as_the_pool_ends_the_others_names_every_document_in_hand() -> None:
    # SIGTERM is how the pool stops the workers that did not die: the one that did is not told apart.
    done = subprocess.run([sys.executable, "-c", DIES, "SIGTERM"], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    held, reason = done.stdout.strip().split(" | ")
    assert "d005" in held.split() and reason == "a worker process died; one of these documents may have killed it", done.stderr


def test_a_generator_input_is_consumed_lazily() -> None:
    ruleset = load()
    pulled: list[str] = []

    def stream():
        for doc in corpus():
            pulled.append(doc.id)
            yield doc

    results = local(ruleset, 1)(stream())
    next(results)
    assert len(pulled) == 1


def test_without_dask_the_dask_executor_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"scrapelint\[dask\]"):
        dask(load(), 1)


def test_dask_starts_its_cluster_and_client_keeping_none_of_their_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    from dask import config as dask_config

    from ingest.executors import DASK_CONFIG

    kept: list[int] = []

    class Started(Exception):
        pass

    class Cluster:
        def close(self) -> None:
            kept.append(-1)

    def cluster(*args, **kwargs) -> object:
        kept.append(dask_config.get("distributed.admin.low-level-log-length"))
        return Cluster()

    def client(*args, **kwargs) -> None:
        cluster()
        raise Started

    monkeypatch.setattr(distributed, "LocalCluster", cluster)
    monkeypatch.setattr(distributed, "Client", client)
    before = dask_config.get("distributed.admin.low-level-log-length")
    with pytest.raises(Started):
        list(dask(load(), 1)(iter([])))
    assert DASK_CONFIG == {"distributed.admin.low-level-log-length": 0} and kept == [0, 0, -1]
    assert dask_config.get("distributed.admin.low-level-log-length") == before != 0  # for the run only


def test_dask_closes_its_local_cluster_when_the_client_fails_or_the_run_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    closed: list[str] = []

    class Cluster:
        def close(self) -> None:
            closed.append("cluster")

    class Client:
        def __init__(self, cluster: object) -> None:
            if fail:
                raise OSError("the scheduler did not answer")

        def __enter__(self) -> "Client":
            return self

        def __exit__(self, *exc: object) -> None:
            closed.append("client")

        def scatter(self, value: object, broadcast: bool) -> object:
            return value

        def scheduler_info(self) -> dict[str, Any]:
            return {"workers": {"one": {}}}

        def submit(self, function: Callable[..., Any], batch: list[Doc], *args: object, pure: bool) -> Any:
            return type("Future", (), {"result": lambda _: function(batch, *args)})()

    monkeypatch.setattr(distributed, "LocalCluster", lambda *args, **kwargs: Cluster())
    monkeypatch.setattr(distributed, "Client", Client)
    fail = True
    with pytest.raises(OSError):
        list(dask(load(), 1)(iter([])))
    assert closed == ["cluster"]
    fail, closed[:] = False, []
    results = dask(load(), 1)(iter(corpus()))
    next(results)
    results.close()  # the caller stops early (an interrupt, a first failure)
    assert closed == ["client", "cluster"]


def test_dask_on_a_local_cluster_writes_what_the_local_run_does(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    local_run = run_cli("fix", str(RAW), "--out", "local", "--jobs", "1", cwd=tmp_path)
    dask_run = run_cli("fix", str(RAW), "--out", "dask", "--jobs", "2", "--executor", "dask", cwd=tmp_path)
    assert local_run.returncode == dask_run.returncode == 0, dask_run.stderr
    texts = sorted(p.name for p in (tmp_path / "local").glob("*.txt"))
    assert texts and texts == sorted(p.name for p in (tmp_path / "dask").glob("*.txt"))
    for name in texts:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    local_records = (tmp_path / "local" / "manifest.jsonl").read_text().splitlines()
    dask_records = (tmp_path / "dask" / "manifest.jsonl").read_text().splitlines()
    assert [json.loads(r) for r in local_records] == [json.loads(r) for r in dask_records]


DYING_DASK_WORKER = """
import os, signal
import ingest.executors as executors
real = executors.clean
def clean(doc, ruleset):
    if "poison" in doc.id:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(doc, ruleset)
executors.clean = clean
"""


def test_a_dask_worker_that_dies_stops_the_run_naming_its_batch(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(12):
        (raw / f"doc{i:02}{'-poison' if i == 9 else ''}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(DYING_DASK_WORKER)  # Dask's worker processes are spawned: they import it too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    command = [sys.executable, str(REPO / "lint.py"), "fix", "raw", "--jobs", "2", "--executor", "dask"]
    stopped = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    error = stopped.stderr.strip().splitlines()[-1]
    assert stopped.returncode == 2 and error.startswith("scrapelint: ") and "raw/doc09-poison.txt" in error, stopped.stderr
    assert "a Dask worker process died" in error and "stopped" in error
    done = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert "doc09-poison" not in [record["id"] for record in done]
    assert all((tmp_path / "clean" / record["output"]).exists() for record in done)


ORPHANED = """
import multiprocessing, sys, time
import ingest.executors as executors
real = executors.clean
def clean(doc, ruleset):
    if "stuck" in doc.id:
        open("stuck-started", "w").close()
        time.sleep(3600)  # a worker in the middle of a document when its run is killed
    return real(doc, ruleset)
executors.clean = clean
if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    from ingest.cli import main
    sys.exit(main(sys.argv[2:]))
"""


def _group(pgid: int) -> set[int]:
    """The live processes of process group `pgid` (a zombie has ended: nothing reaps it here, maybe)."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except (OSError, ValueError):
            continue  # not a process, or one that ended meanwhile
        state, _, group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            found.add(int(entry))
    return found


@contextmanager
def _stuck_run(tmp_path: Path, script: str, method: str) -> Iterator[subprocess.Popen[bytes]]:
    """`script` run as `fix raw --jobs 2` with start method `method`, in a session of its own, over six
    documents of which the second (doc1-stuck) is stuck on; what it left killed at the end."""
    import signal

    path = tmp_path / "run.py"  # spawn's workers import the main module: a file, not -c
    path.write_text(script)
    raw = tmp_path / "raw"
    raw.mkdir()
    for number in range(6):
        (raw / f"doc{number}{'-stuck' if number == 1 else ''}.txt").write_text("A plain sentence of the article body. " * 20)
    command = [sys.executable, str(path), method, "fix", "raw", "--jobs", "2", "--quiet"]
    run = subprocess.Popen(command, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)
    try:
        yield run
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)  # what a failed run left
        except ProcessLookupError:
            pass
        run.wait()


def _wait_for(done: Callable[[], Any], seconds: float = 30) -> None:
    """Till `done()`, or `seconds` (the margin is for a loaded machine)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes from /proc")
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_the_workers_of_a_run_killed_with_sigkill_end_soon_after_it(tmp_path: Path, method: str) -> None:
    # A run killed by kill -9 cannot stop its workers: they waited on the pool's queue for ever, or
    # slept out the document in hand; and under forkserver their parent is the server, not the run.
    with _stuck_run(tmp_path, ORPHANED, method) as run:
        _wait_for(lambda: (tmp_path / "stuck-started").exists() or run.poll() is not None)
        workers = _group(run.pid) - {run.pid}
        assert (tmp_path / "stuck-started").exists() and len(workers) >= 2  # the stuck worker and the other, at least
        run.kill()
        run.wait()
        _wait_for(lambda: not _group(run.pid))  # they go in under a second
        assert _group(run.pid) == set()


FORKS = """
import multiprocessing, os, sys, threading, time
import ingest.executors as executors
if os.environ.get("NO_PIDFD"):  # in each worker too: spawn's and forkserver's import this file
    del os.pidfd_open
real = executors.clean
def clean(doc, ruleset):
    if "stuck" in doc.id:
        open(f"stuck-{os.getpid()}", "w").close()
        time.sleep(3600)
    open(f"cleaned-{os.getpid()}", "w").close()
    return real(doc, ruleset)
executors.clean = clean
def fork_when_both_are_up():  # as a program using scrapelint as a library may fork during a run, and not exec
    # Not sooner: spawn's second worker, were the run killed as it sends that worker its start (the rule
    # set), would wait for the rest of it before any code of ours runs.
    while True:
        names = os.listdir(".")
        stuck = {name.split("-")[1] for name in names if name.startswith("stuck-")}
        if stuck and any(name.startswith("cleaned-") and name.split("-")[1] not in stuck for name in names):
            break
        time.sleep(0.05)
    if os.fork() == 0:
        open("forking", "w").write(str(os.getpid()))
        os.rename("forking", "forked")  # whole when the test sees it
        time.sleep(3600)
        os._exit(0)
if __name__ == "__main__":
    threading.Thread(target=fork_when_both_are_up, daemon=True).start()
    multiprocessing.set_start_method(sys.argv[1])
    from ingest.cli import main
    sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes from /proc")
@pytest.mark.parametrize(
    "method, pidfd",
    [
        ("fork", True),
        ("spawn", True),
        ("forkserver", True),
        ("fork", False),  # without os.pidfd_open: the OS parent is looked at
        ("spawn", False),  # not forkserver: its OS parent is the server, which the forked process keeps (README)
    ],
)
def test_the_workers_of_a_run_killed_with_sigkill_end_while_a_process_it_forked_lives(tmp_path: Path, method: str, pidfd: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A process forked from the run holds a copy of the pipe whose end the workers watch: they waited
    # for that process to end too.
    if pidfd and not hasattr(os, "pidfd_open"):
        pytest.skip("no os.pidfd_open here")
    if not pidfd:
        monkeypatch.setenv("NO_PIDFD", "1")
    with _stuck_run(tmp_path, FORKS, method) as run:
        _wait_for(lambda: (tmp_path / "forked").exists() or run.poll() is not None)
        forked = int((tmp_path / "forked").read_text())
        # Named by the files they wrote: not multiprocessing's resource tracker or forkserver, which stay
        # while the forked process lives (and forkserver's workers share its command line).
        workers = {int(name.split("-")[1]) for name in os.listdir(tmp_path) if name.startswith(("stuck-", "cleaned-"))}
        assert len(workers) >= 2  # the stuck worker and the other, at least
        run.kill()
        run.wait()
        _wait_for(lambda: not _group(run.pid) & workers)  # they go in about a second
        assert _group(run.pid) & workers == set() and forked in _group(run.pid)


LIVE = """
import multiprocessing, os, sys, time
multiprocessing.set_start_method(sys.argv[1], force=True)
import ingest.executors as executors
if os.environ.get("NO_PIDFD"):  # in each worker too: spawn's and forkserver's import this file
    del os.pidfd_open
if os.environ.get("RUN_GONE"):  # as when the run has ended before the worker looks at it
    def pidfd_open(pid):
        raise ProcessLookupError(3, "No such process")
    os.pidfd_open = pidfd_open
from ingest.config import load
from ingest.sources import Doc
executors.RUN_WATCH_SECONDS = 0.05  # without a pidfd: many looks at the OS parent during d001
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "d001":
        time.sleep(0.5)  # past RUN_WATCH_SECONDS: the worker's watch has looked at the run meanwhile
    return real(doc, ruleset)
executors.clean = clean
if __name__ == "__main__":
    docs = [Doc(f"d{number:03}", f"d{number:03}.txt", f"d{number:03}.txt", b"A plain sentence of the article body. " * 20) for number in range(6)]
    for doc, record, text in executors.local(load(), 2)(iter(docs)):
        print(doc.id, record["status"], text is not None)
"""


@pytest.mark.parametrize("pidfd", [True, False])
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_the_workers_of_a_live_run_outlast_their_watch_of_it(tmp_path: Path, method: str, pidfd: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # Under forkserver a worker's OS parent is the server, not the run: without a pidfd of the run, taken
    # for a run gone, every worker ended at its first look ("worker process died (exit code 1)").
    if not pidfd:
        monkeypatch.setenv("NO_PIDFD", "1")
    script = tmp_path / "live.py"  # spawn's workers import the main module: a file, not -c
    script.write_text(LIVE)
    done = in_session([sys.executable, str(script), method], timeout=60)
    assert done.stdout.splitlines() == [f"d{number:03} ok True" for number in range(6)], done.stderr


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="no os.pidfd_open here")
def test_a_worker_that_finds_its_run_gone_as_it_starts_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pidfd_open raises then (ProcessLookupError, an OSError): not taken for an OS without pidfds.
    monkeypatch.setenv("RUN_GONE", "1")
    script = tmp_path / "live.py"
    script.write_text(LIVE)
    done = in_session([sys.executable, str(script), "fork"], timeout=60)
    assert done.stdout == "" and "worker process died (exit code 1)" in done.stderr, done.stderr


LOST = """
from concurrent.futures import Future, ProcessPoolExecutor
import ingest.executors as executors
executors.POLL_SECONDS = 0.05
real_submit = ProcessPoolExecutor.submit
lost = []
def submit(self, *args, **kwargs):
    future = real_submit(self, *args, **kwargs)
    if lost:
        return future
    lost.append(future)
    return Future()  # as a submit that raced the pool's terminate_broken on CPython 3.11: never resolved
ProcessPoolExecutor.submit = submit
""" + FIRST_KILLS  # whose worker dies on the first document, of the first task


@pytest.mark.parametrize("timeout", [None, "0", "0.1"])
def test_a_task_the_pool_lost_while_a_worker_died_stops_the_run_as_the_death_does(tmp_path: Path, timeout: str | None) -> None:
    # The pool failed every task it had, not the one it lost: the parent waited for that one for ever.
    # With a time limit the dead worker's document passes while the task stays pending: its reaped pid
    # was killed (ProcessLookupError, or another process's).
    script = tmp_path / "lost.py"
    script.write_text(LOST)
    done = in_session([sys.executable, str(script), "fork", *([timeout] if timeout else [])], timeout=60)
    assert done.stdout.strip() == "d000 | worker process died (signal 9)", done.stderr


OVERDUE_DIES = """
import multiprocessing, os, signal, sys, time
import ingest.executors as executors
from ingest.config import load
from ingest.sources import Doc
executors.POLL_SECONDS = 0.05
real = executors.clean
def clean(doc, ruleset):
    if doc.id == "d000":
        time.sleep(3600)  # stuck
    return real(doc, ruleset)
executors.clean = clean
real_limit = executors.time_limit
done = []
def time_limit(doc, ruleset, timeout=None):
    if not done and doc.id == "d000":  # the stuck worker dies (as by the OOM killer) while its limit is worked out
        done.append(1)
        doing = sys._getframe(1).f_locals["self"].doing
        pid = doing[0] if doing[1] == 0 else doing[3]
        os.kill(pid, signal.SIGKILL)
        for _ in range(400):  # the pool's thread reaps it meanwhile
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.05)
    return real_limit(doc, ruleset, timeout)
executors.time_limit = time_limit
if __name__ == "__main__":
    multiprocessing.set_start_method("fork", force=True)
    docs = [Doc(f"d{number:03}", f"d{number:03}.txt", f"d{number:03}.txt", b"A plain sentence of the article body. " * 20) for number in range(200)]
    for doc, record, text in executors.local(load(), 2, 0.3)(iter(docs)):
        print(doc.id, "|", " ".join(record["messages"]))
"""


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="waits for the worker's end in /proc")
def test_a_stuck_worker_gone_before_it_is_killed_is_recorded_as_timed_out_and_the_run_goes_on(tmp_path: Path) -> None:
    # Its pid, reaped by the pool, was sent SIGKILL: ProcessLookupError (or another process's, reused).
    # Gone by the OOM killer's hand or by the pool's after an earlier kill, its document was past its limit.
    script = tmp_path / "overdue_dies.py"
    script.write_text(OVERDUE_DIES)
    done = in_session([sys.executable, str(script)], timeout=120)
    lines = done.stdout.splitlines()
    assert len(lines) == 200 and lines[0].startswith("d000 | SL007 over-time-budget: its worker was still on it after"), done.stderr


def test_sl007s_description_gives_the_default_limit_the_pool_uses() -> None:
    # validate cannot import executors (config imports validate): its description holds the figures itself.
    from ingest.executors import TIMEOUT_FACTOR, TIMEOUT_FLOOR
    from ingest.validate import CHECKS

    assert f"default: {TIMEOUT_FACTOR}x those budgets, at least {TIMEOUT_FLOOR:g} s" in CHECKS["SL007"].description
