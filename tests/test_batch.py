"""fix over a corpus: output independent of --jobs, incremental skip, checkpoints, resuming after kill -9."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import REPO, RAW, aged, digests, manifest_records, run_cli

from ingest.batch import JsonlOut, Settings, fix
from ingest.config import load
from ingest.inputs import discover
from ingest.sources import Doc, docs


def three_documents(tmp_path: Path) -> Path:
    """A raw folder of three short documents."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        (raw / f"doc{i}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    return raw


def summary(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def test_output_is_identical_for_one_and_two_jobs(corpus: Path) -> None:
    one = run_cli("fix", "raw", "--out", "one", "--jobs", "1", cwd=corpus)
    two = run_cli("fix", "raw", "--out", "two", "--jobs", "2", cwd=corpus)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert digests(corpus / "one") == digests(corpus / "two")
    assert len(digests(corpus / "one")) == len(list(RAW.iterdir())) + 1  # every document and the manifest


def test_a_first_run_on_a_pool_leaves_reading_the_files_to_the_workers(corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = corpus / "raw"
    one = fix(docs(discover([str(raw)], raw), unread=True), load(), Settings(out=corpus / "one", quiet=True))
    parent, read_bytes = os.getpid(), Path.read_bytes

    def read_in_a_worker(path: Path) -> bytes:  # the forked workers have it too, under their own pid
        assert os.getpid() != parent, f"the parent read {path}"
        return read_bytes(path)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", read_in_a_worker)
        two = fix(docs(discover([str(raw)], raw), unread=True), load(), Settings(out=corpus / "two", quiet=True, jobs=2))
    assert one.processed == two.processed == len(list(raw.iterdir()))
    assert digests(corpus / "one") == digests(corpus / "two")  # the raw sha256s, as the workers found them


def test_a_rerun_over_an_unchanged_corpus_processes_nothing(corpus: Path) -> None:
    first = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    before = digests(corpus / "clean")
    again = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    count = len(list(RAW.iterdir()))
    assert f"({count} processed, 0 unchanged)" in summary(first.stderr)
    assert f"(0 processed, {count} unchanged)" in summary(again.stderr)
    assert digests(corpus / "clean") == before


def test_a_rerun_that_changes_nothing_leaves_the_manifest_untouched(corpus: Path) -> None:
    run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    manifest = corpus / "clean" / "manifest.jsonl"
    os.utime(manifest, (0, 0))
    run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    assert manifest.stat().st_mtime == 0


def test_a_changed_raw_file_is_processed_again(corpus: Path) -> None:
    run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    first = sorted((corpus / "raw").iterdir())[0]
    before = manifest_records(corpus / "clean")[first.stem]
    first.write_bytes(first.read_bytes().replace(b" ", b"  ", 1))
    again = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    assert "(1 processed," in summary(again.stderr)
    assert manifest_records(corpus / "clean")[first.stem]["raw_sha256"] != before["raw_sha256"]


def test_changed_rules_process_everything_again(corpus: Path) -> None:
    run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    (corpus / ".scrapelint.yaml").write_text("extends: default\nvalidation: {min_words: 40}\n")
    again = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    assert f"({len(list(RAW.iterdir()))} processed, 0 unchanged)" in summary(again.stderr)


def test_a_damaged_or_missing_output_is_written_again(corpus: Path) -> None:
    run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    outputs = sorted((corpus / "clean").glob("*.txt"))
    outputs[0].write_text("tampered\n")
    outputs[1].unlink()
    again = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    assert "(2 processed," in summary(again.stderr)
    assert outputs[0].read_text() != "tampered\n" and outputs[1].exists()


def test_a_failed_document_stays_failed_when_skipped(corpus: Path) -> None:
    (corpus / "raw" / "image.txt").write_bytes(bytes(range(256)) * 4)
    first = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    again = run_cli("fix", "raw", "--jobs", "1", cwd=corpus)
    assert first.returncode == again.returncode == 1
    assert "0 processed" in summary(again.stderr) and "fail 1" in summary(again.stderr)


def test_quiet_prints_no_summary(corpus: Path) -> None:
    result = run_cli("fix", "raw", "--quiet", "--jobs", "1", cwd=corpus)
    assert result.returncode == 0 and result.stderr == ""


def test_jobs_default_to_the_cores_this_process_may_use() -> None:
    from ingest.batch import cores, settings
    from ingest.cli import build_parser

    assert settings(build_parser().parse_args(["fix"])).jobs == cores() >= 1


def test_the_options_left_out_get_their_defaults() -> None:
    # They are None in the namespace, to be told from one given (refuse_ignored). An executor left None
    # still ran the local pool, but the parent read and hashed every document itself, as for Dask.
    from ingest.batch import settings
    from ingest.cli import build_parser

    given = settings(build_parser().parse_args(["fix"]))
    assert (given.executor, given.out_format, given.checkpoint_seconds, given.scheduler, given.worker_timeout) == ("local", "text", 10.0, None, None)


def test_jobs_must_be_positive(corpus: Path) -> None:
    result = run_cli("fix", "raw", "--jobs", "0", cwd=corpus)
    assert result.returncode == 2 and "--jobs 0" in result.stderr



def test_unchanged_takes_the_raw_sha256_its_caller_found_in_the_stat_cache(tmp_path: Path) -> None:
    from ingest import __version__
    from ingest.batch import unchanged

    ruleset = load()
    gone = tmp_path / "gone.txt"  # unread, and it cannot be read now: only the sha256 given tells
    doc = Doc("gone", "gone.txt", "gone.txt", None, stat=(1, 2, 3, 4, 5), unread=True, path=gone)
    record = {"id": "gone", "source": "gone.txt", "ruleset": ruleset.digest(), "version": __version__, "raw_sha256": "a" * 64, "status": "fail"}
    assert unchanged(doc, record, ruleset.digest(), tmp_path, raw_sha256="a" * 64)
    assert not unchanged(doc, record, ruleset.digest(), tmp_path, raw_sha256="b" * 64)
    assert not unchanged(doc, record, ruleset.digest(), tmp_path)


def test_the_batch_machinery_loads_no_pipeline_until_a_document_is_cleaned() -> None:
    # A re-run over an unchanged corpus cleans nothing: it does not pay for importing the pipeline.
    code = "import sys; import ingest.cli, ingest.batch; print('ingest.pipeline' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

def test_checkpoints_write_a_valid_manifest_during_the_run(tmp_path: Path) -> None:
    raw = three_documents(tmp_path)
    seen: list[int] = []
    options = Settings(out=tmp_path / "clean", checkpoint_seconds=0.0, quiet=True)

    def watched():  # the manifest on disk as each document is handed out
        for doc in docs(discover([str(raw)], raw)):
            manifest = options.out / "manifest.jsonl"
            seen.append(len(manifest.read_text().splitlines()) if manifest.exists() else 0)
            yield doc

    fix(watched(), load(), options)
    assert seen == [0, 1, 2]


KILLER = """
import sys, time
import ingest.executors as executors
real = executors.clean
def slow(doc, ruleset):
    time.sleep(0.15)
    return real(doc, ruleset)
executors.clean = slow
from ingest.cli import main
sys.exit(main(sys.argv[1:]))
"""


def slow_corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """40 documents under raw/, and a `fix` that takes its time over each: the script and its environment."""
    return corpus_and_script(tmp_path, 40, KILLER)


def corpus_and_script(tmp_path: Path, count: int, script_text: str, poison: int | None = None) -> tuple[Path, dict[str, str]]:
    """`count` documents under raw/ (number `poison` named `docNN-poison.txt`), and a script that runs
    the command line after `script_text`'s changes: the script and its environment."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(count):
        (raw / f"doc{i:02}{'-poison' if i == poison else ''}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    script = tmp_path / "script.py"
    script.write_text(script_text)
    return script, {**os.environ, "PYTHONPATH": str(REPO)}


def test_kill_9_mid_run_leaves_a_valid_manifest_and_the_next_run_finishes(tmp_path: Path) -> None:
    script, env = slow_corpus(tmp_path)
    command = [sys.executable, str(script), "fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "0"]
    proc = subprocess.Popen(command, cwd=tmp_path, env=env)
    manifest = tmp_path / "clean" / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (manifest.exists() and manifest.read_text().count("\n") >= 3):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = [json.loads(line) for line in manifest.read_text().splitlines()]
    assert 3 <= len(done) < 40
    for record in done:
        assert (tmp_path / "clean" / record["output"]).exists()
    again = run_cli("fix", "raw", "--jobs", "1", cwd=tmp_path)
    assert again.returncode == 0
    assert f"({40 - len(done)} processed, {len(done)} unchanged)" in summary(again.stderr)
    assert len(manifest.read_text().splitlines()) == 40


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_keyboard_interrupt_saves_the_manifest(tmp_path: Path, jobs: str) -> None:
    script, env = slow_corpus(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, str(script), "fix", "raw", "--jobs", jobs, "--quiet"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not list((tmp_path / "clean").glob("*.txt")) and time.monotonic() < deadline:
        time.sleep(0.05)  # interrupt once work is under way, however loaded the machine
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    records = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert records and all((tmp_path / "clean" / r["output"]).exists() for r in records)


def test_ctrl_c_between_writing_an_output_and_recording_it_waits_for_the_record(tmp_path: Path, monkeypatch) -> None:
    import ingest.batch as batch

    raw = three_documents(tmp_path)
    store = batch._store

    def store_then_interrupted(*args) -> None:
        store(*args)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C the moment the first output is written

    monkeypatch.setattr(batch, "_store", store_then_interrupted)
    options = Settings(out=tmp_path / "clean", jobs=1, quiet=True)
    with pytest.raises(KeyboardInterrupt):
        fix(docs(discover([str(raw)], raw)), load(), options)
    outputs = sorted(path.name for path in options.out.glob("*.txt"))
    recorded = sorted(json.loads(line)["output"] for line in (options.out / "manifest.jsonl").read_text().splitlines())
    assert outputs == recorded == ["doc0.txt"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("caller_handling", [False, True])
def test_ctrl_c_while_the_run_saves_its_manifest_waits_for_the_save(tmp_path: Path, monkeypatch, caller_handling: bool) -> None:
    # The handler was put back before the run's last sync and save: a Ctrl-C there (a second one, on a big
    # corpus's long sync) left outputs and no manifest, though the message said the manifest recorded them.
    # Called while its caller handles an exception, a run that went well is not one ending on an error.
    raw = three_documents(tmp_path)
    sync = os.sync
    monkeypatch.setattr(os, "sync", lambda: (sync(), os.kill(os.getpid(), signal.SIGINT)))
    options = Settings(out=tmp_path / "clean", jobs=1, quiet=True)
    with pytest.raises(KeyboardInterrupt):
        try:
            if caller_handling:
                raise LookupError("the caller's own")
            fix(docs(discover([str(raw)], raw)), load(), options)
        except LookupError:
            fix(docs(discover([str(raw)], raw)), load(), options)
    recorded = sorted(json.loads(line)["output"] for line in (options.out / "manifest.jsonl").read_text().splitlines())
    assert recorded == sorted(path.name for path in options.out.glob("*.txt")) == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def a_worker_dies_after_the_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs whose executor, once it has cleaned every document, raises WorkerDied (between documents)."""
    import ingest.batch as batch
    from ingest.executors import WorkerDied

    make = batch.make

    def dying(*args):
        execute = make(*args)

        def run(documents):
            yield from execute(documents)
            raise WorkerDied([], "worker process died (signal 9)")

        return run

    monkeypatch.setattr(batch, "make", dying)


def test_ctrl_c_while_a_run_that_failed_saves_its_manifest_leaves_the_failure_to_be_told(tmp_path: Path, monkeypatch) -> None:
    # Held, then raised at the end, the Ctrl-C replaced the error the run was ending on (which document killed its worker).
    from ingest.executors import WorkerDied

    raw = three_documents(tmp_path)
    a_worker_dies_after_the_documents(monkeypatch)
    sync = os.sync
    monkeypatch.setattr(os, "sync", lambda: (sync(), os.kill(os.getpid(), signal.SIGINT)))
    options = Settings(out=tmp_path / "clean", jobs=1, quiet=True)
    with pytest.raises(WorkerDied):
        fix(docs(discover([str(raw)], raw)), load(), options)
    assert len((options.out / "manifest.jsonl").read_text().splitlines()) == 3
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


SLOW_END = """
import os, signal, sys, time
from pathlib import Path
def slow_sync():  # a slow disk: the run's last sync waits till the test creates release
    # As the kernel's sync, a C call, no signal handler runs in the thread that makes it.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    Path("syncing").touch()
    deadline = time.monotonic() + 120
    while not Path("release").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
os.sync = slow_sync
class Marked:  # sys.stderr, leaving the file told once written to (even if the write fails: a pipe with no reader)
    def __init__(self, stream):
        self.stream = stream
    def write(self, text):
        Path("told").touch()
        return self.stream.write(text)
    def __getattr__(self, name):
        return getattr(self.stream, name)
sys.stderr = Marked(sys.stderr)
from ingest.cli import main
sys.exit(main(sys.argv[1:]))
"""
FINISHING = "scrapelint: finishing: syncing outputs and saving the manifest; press Ctrl-C again to stop"
STOPPED = f"stopped as the run ended; {Path('clean', 'manifest.jsonl')} is valid: as its last checkpoint or the save under way left it"


def until(done, proc: subprocess.Popen) -> None:
    """Wait for `done()` (a minute at most, however loaded the machine); the process is killed if it never comes."""
    deadline = time.monotonic() + 60
    while not done():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            proc.wait()
            pytest.fail("never came")
        time.sleep(0.02)


def run_in_a_slow_end(tmp_path: Path, stderr_to: int | None = None) -> tuple[subprocess.Popen, Path, bytes]:
    """A run over three documents, then one over five whose last sync waits for `release`: that run, in
    its sync, the file of its stderr (or its stderr is `stderr_to`), and the manifest the first run left."""
    raw = three_documents(tmp_path)
    assert run_cli("fix", "raw", "--jobs", "1", "--quiet", cwd=tmp_path).returncode == 0
    before = (tmp_path / "clean" / "manifest.jsonl").read_bytes()
    for i in (3, 4):
        (raw / f"doc{i}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    script = tmp_path / "script.py"
    script.write_text(SLOW_END)
    stderr = tmp_path / "stderr"
    with stderr.open("w") as handle:  # no mid-run checkpoint: the end's sync is the run's only one
        command = [sys.executable, str(script), "fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]
        proc = subprocess.Popen(command, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=handle if stderr_to is None else stderr_to)
    until((tmp_path / "syncing").exists, proc)
    return proc, stderr, before


def test_a_ctrl_c_in_a_slow_end_says_what_the_run_is_finishing_and_lets_it_finish(tmp_path: Path) -> None:
    # Held silently, every Ctrl-C in a long last sync looked ignored.
    proc, stderr, _ = run_in_a_slow_end(tmp_path)
    proc.send_signal(signal.SIGINT)
    until(lambda: FINISHING in stderr.read_text(), proc)
    (tmp_path / "release").touch()
    proc.wait(timeout=60)
    told = stderr.read_text().splitlines()
    assert proc.returncode == 130, told
    assert len(told) == 2 and told[0].startswith(FINISHING) and told[1].startswith("scrapelint: interrupted; ")
    records = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert [record["id"] for record in records] == ["doc0", "doc1", "doc2", "doc3", "doc4"]
    assert sorted(path.name for path in (tmp_path / "clean").iterdir()) == [f"doc{i}.txt" for i in range(5)] + ["manifest.jsonl"]


def test_a_ctrl_c_in_a_slow_end_with_stderr_a_pipe_no_one_reads_still_lets_the_run_save_its_manifest(tmp_path: Path) -> None:
    # `fix 2>&1 | tee log`, tee ended by the same Ctrl-C: FINISHING's write raised BrokenPipeError out of the
    # handler, into the run's end, which skipped the save.
    reader, writer = os.pipe()
    try:
        proc, _, before = run_in_a_slow_end(tmp_path, stderr_to=writer)
    finally:
        os.close(writer)
        os.close(reader)
    proc.send_signal(signal.SIGINT)
    until((tmp_path / "told").exists, proc)
    (tmp_path / "release").touch()
    proc.wait(timeout=60)
    records = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert [record["id"] for record in records] == ["doc0", "doc1", "doc2", "doc3", "doc4"]


def test_a_second_ctrl_c_in_a_slow_end_stops_the_run_before_its_save(tmp_path: Path) -> None:
    # Both were held till the sync and the save were done: a hung disk left only kill -9.
    proc, stderr, before = run_in_a_slow_end(tmp_path)
    proc.send_signal(signal.SIGINT)
    until(lambda: FINISHING in stderr.read_text(), proc)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)  # the sync still under way
    told = stderr.read_text().splitlines()
    assert proc.returncode == 130, told
    assert len(told) == 2 and told[1] == f"scrapelint: {STOPPED}"
    manifest = tmp_path / "clean" / "manifest.jsonl"
    assert manifest.read_bytes() == before and len([json.loads(line) for line in before.splitlines()]) == 3
    assert sorted(path.name for path in (tmp_path / "clean").iterdir()) == [f"doc{i}.txt" for i in range(5)] + ["manifest.jsonl"]
    again = run_cli("fix", "raw", "--jobs", "1", cwd=tmp_path)  # the outputs the manifest does not name are cleaned again
    assert again.returncode == 0 and "(2 processed, 3 unchanged)" in summary(again.stderr)


def fixed_then_new_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *numbers: int) -> bytes:
    """Three documents fixed from tmp_path (made the working folder), then doc{number}s added: the manifest of that run."""
    from ingest.cli import main

    raw = three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "raw", "--jobs", "1", "--quiet"]) == 0
    for i in numbers:
        (raw / f"doc{i}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    return (tmp_path / "clean" / "manifest.jsonl").read_bytes()


def ctrl_c_in_the_last_sync_and_again_at_the_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sync sends a Ctrl-C (and syncs nothing), each save another as it begins: for runs whose end is their only checkpoint."""
    from ingest.manifest import Records

    monkeypatch.setattr(os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    save = Records.save
    monkeypatch.setattr(Records, "save", lambda self: (os.kill(os.getpid(), signal.SIGINT), save(self)))


def test_a_ctrl_c_while_the_run_waits_for_a_document_says_what_the_run_is_finishing_and_a_second_stops_it(tmp_path: Path, monkeypatch, capsys) -> None:
    # That Ctrl-C (most land there, outside `with held`) ended the run at once without a word: the next one
    # only said FINISHING, a third stopped it.
    import ingest.batch as batch
    from ingest.cli import main

    before = fixed_then_new_documents(tmp_path, monkeypatch, 3, 4)
    make = batch.make

    def interrupted(*args):
        execute = make(*args)

        def run(documents):
            for number, done in enumerate(execute(documents)):
                if number == 1:  # doc3 is stored; the loop waits on execute for doc4
                    os.kill(os.getpid(), signal.SIGINT)
                yield done

        return run

    monkeypatch.setattr(batch, "make", interrupted)
    monkeypatch.setattr(os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 130
    assert (tmp_path / "clean" / "manifest.jsonl").read_bytes() == before
    told = capsys.readouterr().err.splitlines()
    assert len(told) == 2 and told[0] == batch.FINISHING and told[1].startswith("scrapelint: stopped "), told
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_in_a_run_with_nothing_to_save_says_nothing_of_finishing(tmp_path: Path, monkeypatch, capsys) -> None:
    import ingest.batch as batch
    from ingest.cli import main

    before = fixed_then_new_documents(tmp_path, monkeypatch)  # nothing new: the re-run records nothing
    make = batch.make

    def interrupted(*args):
        execute = make(*args)

        def run(documents):
            os.kill(os.getpid(), signal.SIGINT)
            yield from execute(documents)

        return run

    monkeypatch.setattr(batch, "make", interrupted)
    assert main(["fix", "raw", "--jobs", "1", "--quiet"]) == 130
    assert (tmp_path / "clean" / "manifest.jsonl").read_bytes() == before
    assert [line for line in capsys.readouterr().err.splitlines() if line.startswith("scrapelint:")] == [
        f"scrapelint: interrupted; {Path('clean', 'manifest.jsonl')} records the documents done"
    ]


def test_a_second_ctrl_c_in_the_end_of_a_run_that_failed_stops_it_and_tells_the_failure(tmp_path: Path, monkeypatch, capsys) -> None:
    import ingest.batch as batch
    from ingest.cli import main

    before = fixed_then_new_documents(tmp_path, monkeypatch, 3)
    a_worker_dies_after_the_documents(monkeypatch)
    ctrl_c_in_the_last_sync_and_again_at_the_save(monkeypatch)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 2  # the failure's exit, not 130
    manifest = Path("clean", "manifest.jsonl")
    assert (tmp_path / manifest).read_bytes() == before
    assert capsys.readouterr().err.splitlines() == [
        batch.FINISHING,
        f"scrapelint: worker process died (signal 9) between documents; {STOPPED}",
    ]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("third_as_it_closes", [False, True])
def test_a_second_ctrl_c_in_the_end_of_a_run_failing_on_a_disk_error_leaves_that_error_to_the_command_line(
    tmp_path: Path, monkeypatch, capsys, third_as_it_closes: bool
) -> None:
    # A third Ctrl-C, as the manifest's working copy was closed, replaced Stopped (and the disk error) by a
    # KeyboardInterrupt: exit 130 and "interrupted; ... records the documents done".
    import ingest.batch as batch
    from ingest.cli import main
    from ingest.manifest import Records

    before = fixed_then_new_documents(tmp_path, monkeypatch, 3, 4)
    store = batch._store

    def full(doc, *args) -> None:
        if doc.id == "doc4":
            raise OSError(28, "No space left on device", str(Path("clean", "doc4.txt")))
        store(doc, *args)

    monkeypatch.setattr(batch, "_store", full)
    ctrl_c_in_the_last_sync_and_again_at_the_save(monkeypatch)
    if third_as_it_closes:
        close = Records.close
        monkeypatch.setattr(Records, "close", lambda self: (os.kill(os.getpid(), signal.SIGINT), close(self)))
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 2
    assert (tmp_path / "clean" / "manifest.jsonl").read_bytes() == before  # doc3's record not saved
    assert capsys.readouterr().err.splitlines() == [batch.FINISHING, f"scrapelint: {Path('clean', 'doc4.txt')}: No space left on device"]


@pytest.mark.parametrize("just_after", ["open", "replace"])
def test_a_second_ctrl_c_just_after_the_save_makes_its_temporary_file_or_renames_it_is_told_truly(tmp_path: Path, monkeypatch, capsys, just_after: str) -> None:
    # The message said the manifest was as its last checkpoint wrote it: after the rename it is the new one.
    import ingest.batch as batch
    from ingest.cli import main
    from ingest.manifest import Records

    before = fixed_then_new_documents(tmp_path, monkeypatch, 3)
    monkeypatch.setattr(os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    saving: list[bool] = []
    save, real = Records.save, getattr(os, just_after)
    monkeypatch.setattr(Records, "save", lambda self: (saving.append(True), save(self)))

    def interrupted(path, *args):
        done = real(path, *args)
        if saving and ".manifest.jsonl." in str(path):  # the save's temporary file, made or renamed
            os.kill(os.getpid(), signal.SIGINT)
        return done

    monkeypatch.setattr(os, just_after, interrupted)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 130
    assert capsys.readouterr().err.splitlines() == [batch.FINISHING, f"scrapelint: {STOPPED}"]
    manifest = (tmp_path / "clean" / "manifest.jsonl").read_bytes()
    strays = list((tmp_path / "clean").glob(".*.tmp"))
    if just_after == "open":
        assert manifest == before and len(strays) == 1
        assert run_cli("fix", "raw", "--jobs", "1", "--quiet", cwd=tmp_path).returncode == 0  # the next run removes it
        assert not list((tmp_path / "clean").glob(".*.tmp"))
    else:
        assert [json.loads(line)["id"] for line in manifest.splitlines()] == ["doc0", "doc1", "doc2", "doc3"] and not strays


def test_two_ctrl_cs_in_the_end_of_a_jsonl_out_run_are_held_silently_for_its_manifest(tmp_path: Path, monkeypatch, capsys) -> None:
    # documents.jsonl is in place by then: a run stopped there would leave a manifest that does not match it.
    from ingest.cli import main

    raw = three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)
    ctrl_c_in_the_last_sync_and_again_at_the_save(monkeypatch)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--out-format", "jsonl"]) == 130
    told = capsys.readouterr().err.splitlines()
    assert told == [f"scrapelint: interrupted; {Path('clean', 'documents.jsonl')} and {Path('clean', 'manifest.jsonl')} hold every document"]
    documents = [json.loads(line)["id"] for line in (tmp_path / "clean" / "documents.jsonl").read_text().splitlines()]
    records = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert documents == [record["id"] for record in records] == ["doc0", "doc1", "doc2"]
    assert all(record["output"] == "documents.jsonl" for record in records)


def test_a_ctrl_c_as_documents_jsonl_is_renamed_into_place_waits_for_its_manifest(tmp_path: Path, monkeypatch, capsys) -> None:
    # It left the new documents.jsonl with the last run's manifest, and said nothing was written.
    from ingest.cli import main

    raw = three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--out-format", "jsonl"]) == 0
    (raw / "doc3.txt").write_text("Document 3. " + "A plain sentence of the article body. " * 20)
    replace = os.replace

    def interrupted(source, target) -> None:
        replace(source, target)
        if str(target).endswith("documents.jsonl"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", interrupted)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--out-format", "jsonl"]) == 130
    told = capsys.readouterr().err.splitlines()
    assert told == [f"scrapelint: interrupted; {Path('clean', 'documents.jsonl')} and {Path('clean', 'manifest.jsonl')} hold every document"]
    documents = [json.loads(line)["id"] for line in (tmp_path / "clean" / "documents.jsonl").read_text().splitlines()]
    records = [json.loads(line)["id"] for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert documents == records == ["doc0", "doc1", "doc2", "doc3"]


def test_a_second_ctrl_c_once_the_manifest_is_saved_is_held_till_the_file_hashes_are_saved_too(tmp_path: Path, monkeypatch, capsys) -> None:
    # Stopped there would say the run stopped with its manifest maybe not saved, and leave the hashes unsaved.
    import ingest.batch as batch
    from ingest.cli import main
    from ingest.stat_cache import FileHashes

    raw = three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    saved: list[bool] = []
    save = FileHashes.save
    monkeypatch.setattr(FileHashes, "save", lambda self: (os.kill(os.getpid(), signal.SIGINT), save(self), saved.append(True)))
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 130
    assert capsys.readouterr().err.splitlines() == [batch.FINISHING, f"scrapelint: interrupted; {Path('clean', 'manifest.jsonl')} records the documents done"]
    assert saved and [json.loads(line)["id"] for line in Path("clean", "manifest.jsonl").read_text().splitlines()] == ["doc0", "doc1", "doc2"]


def test_a_third_ctrl_c_as_a_stopped_save_cleans_up_is_ignored(tmp_path: Path, monkeypatch, capsys) -> None:
    # It cut the removal of the manifest's temporary file short, and left it.
    import ingest.batch as batch
    from ingest.cli import main
    from ingest.manifest import Records

    before = fixed_then_new_documents(tmp_path, monkeypatch, 3)
    monkeypatch.setattr(os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    lines, unlink = Records.lines, Path.unlink

    def interrupted_lines(self):
        for number, line in enumerate(lines(self)):
            if number == 1:  # the second Ctrl-C, as the save writes the manifest's temporary file
                os.kill(os.getpid(), signal.SIGINT)
            yield line

    def interrupted_unlink(self, *args, **kwargs) -> None:
        if self.name.startswith(".manifest.jsonl."):  # the third, as that file is removed
            os.kill(os.getpid(), signal.SIGINT)
        unlink(self, *args, **kwargs)

    monkeypatch.setattr(Records, "lines", interrupted_lines)
    monkeypatch.setattr(Path, "unlink", interrupted_unlink)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "1000"]) == 130
    assert (tmp_path / "clean" / "manifest.jsonl").read_bytes() == before
    assert sorted(path.name for path in (tmp_path / "clean").iterdir()) == [f"doc{i}.txt" for i in range(4)] + ["manifest.jsonl"]
    told = capsys.readouterr().err.splitlines()
    assert len(told) == 2 and told[0] == batch.FINISHING and told[1].startswith("scrapelint: stopped "), told
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_working_copy_lost_mid_run_with_no_save_after_ends_the_run_on_the_manifests_error(tmp_path: Path, monkeypatch, capsys) -> None:
    # A full disk, as SQLite sees it, at a put after which nothing changed the manifest: no save at the end to name it.
    from ingest.cli import main
    from ingest.manifest import Records

    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(60):
        (raw / f"doc{i:02}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    saved: list[bytes] = []
    save, put = Records.save, Records.put
    manifest = tmp_path / "clean" / "manifest.jsonl"

    def saving(self) -> None:
        save(self)
        saved.append(manifest.read_bytes())

    def filling(self, record) -> None:
        if record["id"] == "doc10":  # the disk full from here on
            self._db.execute(f"PRAGMA max_page_count = {self._db.execute('PRAGMA page_count').fetchone()[0]}")
        put(self, record)

    monkeypatch.setattr(Records, "save", saving)
    monkeypatch.setattr(Records, "put", filling)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--checkpoint", "0"]) == 2
    told = capsys.readouterr().err.splitlines()
    assert len(told) == 1 and told[0].startswith(f"scrapelint: {Path('clean', 'manifest.jsonl')}: not saved: "), told
    assert told[0].endswith("(OperationalError: database or disk is full); it is as the last save left it")
    assert len(saved) >= 10 and manifest.read_bytes() == saved[-1]
    assert 10 <= len(saved[-1].splitlines()) < 60


def test_the_interrupt_handler_is_set_once_a_run_not_once_a_document(tmp_path: Path, monkeypatch) -> None:
    raw = three_documents(tmp_path)
    set_to: list[object] = []
    real = signal.signal
    monkeypatch.setattr(signal, "signal", lambda signum, handler: set_to.append(handler) or real(signum, handler) if signum == signal.SIGINT else real(signum, handler))
    fix(docs(discover([str(raw)], raw)), load(), Settings(out=tmp_path / "clean", jobs=1, quiet=True))
    assert len(list((tmp_path / "clean").glob("*.txt"))) == 3
    assert len(set_to) == 2 and set_to[-1] is signal.default_int_handler  # the run's handler, then the one before


def test_ctrl_c_in_a_jsonl_out_run_leaves_the_manifest_as_documents_jsonl_is(tmp_path: Path, monkeypatch) -> None:
    # documents.jsonl is written whole at the end: a manifest saved on Ctrl-C, or at a checkpoint,
    # would name it as the output of documents it does not hold.
    import ingest.batch as batch

    raw = three_documents(tmp_path)
    options = Settings(out=tmp_path / "clean", jobs=1, quiet=True, out_format="jsonl", checkpoint_seconds=0.0)
    fix(docs(discover([str(raw)], raw)), load(), options)
    (raw / "doc1.txt").write_text("Document 1 changed. " + "Another plain sentence of the body. " * 20)
    (raw / "doc3.txt").write_text("Document 3. " + "A plain sentence of the article body. " * 20)
    before = {name: (options.out / name).read_bytes() for name in ("manifest.jsonl", "documents.jsonl")}
    store = batch._store

    def store_then_interrupted(*args) -> None:
        store(*args)
        if args[0].id == "doc2":
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(batch, "_store", store_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        fix(docs(discover([str(raw)], raw)), load(), options)
    assert {name: (options.out / name).read_bytes() for name in before} == before
    assert sorted(path.name for path in options.out.iterdir()) == ["documents.jsonl", "manifest.jsonl"]


def held(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


@pytest.mark.parametrize("jobs, most", [(1, 2), (2, 6)])
def test_memory_holds_no_more_records_or_documents_as_the_corpus_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, most: int) -> None:
    import ingest.executors as executors

    # With a pool: batches of one document, one in flight a worker, so the documents held are a few.
    monkeypatch.setattr(executors, "BATCH_DOCS", 1)
    monkeypatch.setattr(executors, "IN_FLIGHT", 1)
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(40):
        (raw / f"doc{i:02}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    options = Settings(out=tmp_path / "clean", quiet=True, jobs=jobs)

    def counted(seen: list[tuple[int, int]]):  # live manifest records and documents as each document is handed out
        for number, doc in enumerate(docs(discover([str(raw)], raw))):
            if number % 8 == 7:
                seen.append((sum(1 for o in gc.get_objects() if isinstance(o, dict) and "raw_sha256" in o), held(Doc)))
            yield doc

    for run in ("first", "again"):  # the first run cleans every document, the second skips them all
        seen: list[tuple[int, int]] = []
        fix(counted(seen), load(), options)
        assert len(seen) == 5, run
        assert max(count for count, _ in seen) <= 2 and max(count for _, count in seen) <= most, (run, seen)
    assert len(manifest_records(options.out)) == 40


INTERRUPTED = """
import os, signal, sys
from pathlib import Path
from ingest.batch import Settings, fix
from ingest.config import load
from ingest.inputs import discover
from ingest.sources import docs

def until_killed():
    for number, doc in enumerate(docs(discover(["raw"], Path("raw")))):
        if number == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)  # between two checkpoints: none has run since the start
        yield doc

fix(until_killed(), load(), Settings(out=Path("clean"), quiet=True, checkpoint_seconds=3600))
"""


def test_a_run_killed_between_checkpoints_is_finished_by_the_next(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(12):
        (raw / f"doc{i:02}.txt").write_text(f"Document {i}. " + "A plain sentence of the article body. " * 20)
    assert run_cli("fix", "raw", "--jobs", "1", cwd=tmp_path).returncode == 0
    manifest = (tmp_path / "clean" / "manifest.jsonl").read_bytes()
    for i in range(8):  # eight documents change; the killed run rewrites the outputs of five of them
        (raw / f"doc{i:02}.txt").write_text(f"Document {i}, revised. " + "Another plain sentence of the body. " * 20)
    killed = subprocess.run([sys.executable, "-c", INTERRUPTED, "5"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert killed.returncode == -signal.SIGKILL
    assert (tmp_path / "clean" / "manifest.jsonl").read_bytes() == manifest  # the last checkpoint: the first run's
    assert "revised" in (tmp_path / "clean" / "doc00.txt").read_text()
    assert [p.name for p in (tmp_path / "clean").iterdir() if p.name.startswith(".")] == []
    again = run_cli("fix", "raw", "--jobs", "1", cwd=tmp_path)
    assert again.returncode == 0 and "(8 processed, 4 unchanged)" in summary(again.stderr)
    done = manifest_records(tmp_path / "clean")
    assert len(done) == 12
    for record in done.values():
        clean = (tmp_path / "clean" / record["output"]).read_bytes()
        assert hashlib.sha256(clean).hexdigest() == record["clean_sha256"]
        assert hashlib.sha256((tmp_path / record["source"]).read_bytes()).hexdigest() == record["raw_sha256"]


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "not-a-terminal"])
@pytest.mark.parametrize("listed", [True, False], ids=["list", "stream"])
def test_the_documents_are_counted_for_a_bar_only_and_alike_for_a_list_and_a_stream(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool, listed: bool
) -> None:
    import io

    from ingest import batch
    from ingest.cli import build_parser
    from ingest.inputs import stream

    class Stderr(io.StringIO):
        def isatty(self) -> bool:
            return terminal

    count, walks, totals = batch._count, [], []  # walks: each time the inputs are counted
    monkeypatch.setattr(batch, "_count", lambda items: walks.append("count") or count(items))
    monkeypatch.setattr(batch, "fix", lambda documents, ruleset, options, total: totals.append(total) or batch.Progress(io.StringIO(), total))
    monkeypatch.setattr(sys, "stderr", Stderr())
    raw = corpus / "raw"
    items = discover([str(raw)], raw) if listed else stream([str(raw)], raw)
    args = build_parser().parse_args(["fix", str(raw), "--out", str(corpus / "clean")])
    assert batch.run(items, args, load(), again=lambda: stream([str(raw)], raw)) == 0
    assert totals == [len(list(RAW.iterdir())) if terminal else None]
    assert walks == (["count"] if terminal else [])


def edited_in_place(path: Path) -> None:
    """Another text of the same size, written into the same file, its mtime set back."""
    before = path.stat()
    data = path.read_bytes()
    time.sleep(0.02)  # a ctime of its own
    path.write_bytes(data[:10].swapcase() + data[10:])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_the_stat_cache_spares_hashing_an_unchanged_corpus_and_sees_edits(corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.batch as batch

    raw, out = corpus / "raw", corpus / "clean"
    aged(*raw.rglob("*"))
    ruleset = load()

    def run() -> int:  # as `scrapelint fix` runs it: files read only when needed
        return fix(docs(discover([str(raw)], raw), unread=True), ruleset, Settings(out=out, quiet=True)).processed

    count = len(list(raw.iterdir()))
    assert run() == count  # the raw files' stats recorded as they were read
    aged(*out.rglob("*"))  # outputs written a while ago (an output just written is a racy entry)
    assert run() == 0  # their new stats recorded with their hashes
    hashed: list[bytes] = []
    real = batch.sha256
    monkeypatch.setattr(batch, "sha256", lambda data: hashed.append(data) or real(data))
    expected = digests(out)
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path) or read_bytes(path))
    assert run() == 0 and hashed == [] and reads == []  # nothing read, nothing hashed

    page = sorted(out.glob("*.txt"))[0]
    edited_in_place(page)
    assert run() == 1 and digests(out) == expected and len(hashed) == 1

    source = sorted(raw.iterdir())[1]
    edited_in_place(source)
    reads.clear()
    assert run() == 1 and reads.count(source) == 1  # read once, to hash it and to clean it
    assert manifest_records(out)[source.stem]["raw_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_documents_jsonl_gets_the_mode_of_a_file_opened_for_writing(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # under 077 a 0600 temporary file (mkstemp's) is a plain file's mode too: the bug would not show
    try:
        out = JsonlOut(tmp_path / "documents.jsonl", "2024-01-01T00:00:00+00:00")
        out.commit()
        (tmp_path / "plain.txt").write_bytes(b"")
    finally:
        os.umask(previous)
    assert (tmp_path / "documents.jsonl").stat().st_mode == (tmp_path / "plain.txt").stat().st_mode


@pytest.mark.parametrize(
    "option, message",
    [
        (("--jobs", "100000"), "--jobs 100000: at most"),
        (("--checkpoint", "nan"), "--checkpoint nan: must be a number of seconds, 0 or more"),
        (("--checkpoint", "-1"), "--checkpoint -1.0: must be a number of seconds, 0 or more"),
        (("--jobs", "2", "--worker-timeout", "-1"), "--worker-timeout -1.0: must be a number of seconds, 0 or more"),
    ],
)
def test_a_worker_count_past_reason_or_a_checkpoint_that_is_no_time_is_a_usage_error(corpus: Path, option, message, capsys, monkeypatch) -> None:
    # --jobs 100000 started a hundred thousand processes; --checkpoint nan never checkpointed.
    from ingest.cli import main

    monkeypatch.chdir(corpus)
    assert main(["fix", *option]) == 2
    assert capsys.readouterr().err.startswith(f"scrapelint: {message}")
    assert not (corpus / "clean").exists()


@pytest.mark.parametrize(
    "options, message",
    [
        # Each was dropped in silence: the run went on without it (or, for --jobs under --scheduler, a
        # scheduler's workers cleaned the documents, not N).
        (("--scheduler", "tcp://127.0.0.1:1"), "--scheduler: for --executor dask only"),
        (("--executor", "local", "--scheduler", "tcp://127.0.0.1:1"), "--scheduler: for --executor dask only"),
        (("--executor", "dask", "--scheduler", "tcp://127.0.0.1:1", "--jobs", "2"), "--jobs: not with --scheduler, whose workers are its own (--jobs sizes a local pool or cluster)"),
        (("--executor", "dask", "--worker-timeout", "5"), "--worker-timeout: not with --executor dask, which has no limit per task"),
        (("--out-format", "jsonl", "--checkpoint", "5"), "--checkpoint: not with --out-format jsonl, which writes the manifest once, with documents.jsonl at the end"),
        # Not dropped, but always on: every run rewrites documents.jsonl whole, a hook's run stopped every commit.
        (("--out-format", "jsonl", "--exit-non-zero-on-fix"), "--exit-non-zero-on-fix: not with --out-format jsonl, which writes every document again each run"),
    ],
)
def test_an_option_the_others_make_do_nothing_is_a_usage_error_naming_both(corpus: Path, options, message, capsys, monkeypatch) -> None:
    from ingest.cli import main

    monkeypatch.chdir(corpus)
    assert main(["fix", *options]) == 2
    assert capsys.readouterr().err == f"scrapelint: {message}\n"
    assert not (corpus / "clean").exists()


@pytest.mark.parametrize(
    "options",
    [
        ("--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"),  # --jobs not given: its default (all cores) is no conflict
        ("--executor", "dask", "--jobs", "2"),  # the size of a local cluster
        ("--jobs", "1", "--worker-timeout", "5"),  # one worker process, killed past 5 s (executors.local)
        ("--out-format", "jsonl", "--jobs", "1", "--quiet"),
        ("--check", "--quiet", "--jsonl-id-field", "url"),  # the check reads JSONL inputs with these fields too
    ],
)
def test_options_that_act_together_are_no_usage_error(options) -> None:
    from ingest.batch import refuse_ignored
    from ingest.cli import build_parser

    refuse_ignored(build_parser().parse_args(["fix", *options]))


POISONED = """
import os, signal, sys
import ingest.executors as executors
real = executors.clean
def clean(doc, ruleset):
    if "poison" in doc.id:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer, or a crash in C code, ends a worker
    return real(doc, ruleset)
executors.clean = clean
from ingest.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("out_format", ["text", "jsonl"])
def test_a_worker_that_dies_stops_the_run_naming_its_document_and_the_next_run_finishes(tmp_path: Path, out_format: str) -> None:
    script, env = corpus_and_script(tmp_path, 60, POISONED, poison=45)
    command = [sys.executable, str(script), "fix", "raw", "--jobs", "2", "--out-format", out_format]
    killed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == 2, killed.stderr
    error = killed.stderr.strip().splitlines()[-1]
    assert error.startswith("scrapelint: raw/doc45-poison.txt: worker process died (signal 9); stopped"), killed.stderr
    clean = tmp_path / "clean"
    assert [p.name for p in clean.iterdir() if p.name.startswith(".")] == []  # no partial output
    done = manifest_records(clean) if (clean / "manifest.jsonl").exists() else {}
    if out_format == "jsonl":
        assert done == {} and not (clean / "documents.jsonl").exists()  # written whole or not at all
    else:
        assert len(done) < 60 and "doc45-poison" not in done  # what finished, whatever the order the workers took
        for record in done.values():
            assert hashlib.sha256((clean / record["output"]).read_bytes()).hexdigest() == record["clean_sha256"]
        assert sorted(p.name for p in clean.glob("*.txt")) == sorted(record["output"] for record in done.values())
    again = run_cli("fix", "raw", "--jobs", "2", "--out-format", out_format, cwd=tmp_path)  # the poison harmless now
    assert again.returncode == 0, again.stderr
    assert f"({60 - len(done)} processed, {len(done)} unchanged)" in summary(again.stderr)
    assert len(manifest_records(clean)) == 60


HANGS = """
import sys, time
import ingest.executors as executors
real = executors.clean
def clean(doc, ruleset):
    if "poison" in doc.id:
        time.sleep(3600)  # stuck where no time budget reaches, and alive
    return real(doc, ruleset)
executors.clean = clean
from ingest.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_worker_stuck_on_a_document_is_killed_the_document_failed_and_the_run_goes_on(tmp_path: Path) -> None:
    script, env = corpus_and_script(tmp_path, 60, HANGS, poison=45)
    command = [sys.executable, str(script), "fix", "raw", "--jobs", "2", "--worker-timeout", "1"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    killed = "raw/doc45-poison.txt: SL007 over-time-budget: its worker was still on it after 1 s (--worker-timeout) and was killed"
    assert killed in done.stderr and "(60 processed, 0 unchanged), ok 59 warn 0 fail 1" in summary(done.stderr)
    clean = tmp_path / "clean"
    records = manifest_records(clean)
    assert records["doc45-poison"]["status"] == "fail" and records["doc45-poison"]["output"] is None
    for record in records.values():  # the batches lost with the killed worker's pool were cleaned by the next pool
        if record["id"] != "doc45-poison":
            assert hashlib.sha256((clean / record["output"]).read_bytes()).hexdigest() == record["clean_sha256"]
    again = run_cli("fix", "raw", "--jobs", "2", cwd=tmp_path)  # a timeout is not kept as the document's verdict
    assert again.returncode == 0, again.stderr
    assert "(1 processed, 59 unchanged)" in summary(again.stderr)


def test_a_ctrl_c_as_the_runs_handler_is_set_is_passed_on_and_the_handler_restored(monkeypatch) -> None:
    # The handler was set before the one it passes Ctrl-C on to was known: a Ctrl-C in between raised
    # TypeError, and restore() left the run's handler set for good.
    from ingest.batch import _HeldInterrupt

    before, real = signal.getsignal(signal.SIGINT), signal.signal

    def setting(signum, handler):
        previous = real(signum, handler)
        handler(signum, None)  # a Ctrl-C the moment it is set
        return previous

    held = _HeldInterrupt()
    monkeypatch.setattr(signal, "signal", setting)
    try:
        with pytest.raises(KeyboardInterrupt):
            held.install()
    finally:
        monkeypatch.setattr(signal, "signal", real)
        held.restore()
    assert signal.getsignal(signal.SIGINT) is before


def test_a_ctrl_c_in_a_jsonl_runs_fsync_writes_nothing_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from ingest.cli import main

    raw = three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--out-format", "jsonl"]) == 0
    before = {name: (tmp_path / "clean" / name).read_bytes() for name in ("documents.jsonl", "manifest.jsonl")}
    (raw / "doc3.txt").write_text("Document 3. " + "A plain sentence of the article body. " * 20)
    fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsync(fd), os.kill(os.getpid(), signal.SIGINT)))  # documents.jsonl's, before its rename
    assert main(["fix", "raw", "--jobs", "1", "--quiet", "--out-format", "jsonl"]) == 130
    assert capsys.readouterr().err.splitlines() == ["scrapelint: interrupted; nothing was written"]
    assert {name: (tmp_path / "clean" / name).read_bytes() for name in before} == before
    assert sorted(path.name for path in (tmp_path / "clean").iterdir()) == ["documents.jsonl", "manifest.jsonl"]


def test_a_run_stopped_before_any_manifest_was_saved_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ingest.batch as batch
    from ingest.cli import main

    three_documents(tmp_path)
    monkeypatch.chdir(tmp_path)

    def stopped(*_: object, **__: object) -> None:
        raise batch.Stopped

    monkeypatch.setattr(batch, "fix", stopped)
    assert main(["fix", "raw", "--jobs", "1", "--quiet"]) == 130
    assert capsys.readouterr().err.splitlines() == ["scrapelint: stopped as the run ended, before any manifest was saved; the next run cleans every document again"]
