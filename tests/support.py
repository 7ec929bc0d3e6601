"""Helpers shared by the tests: repository paths, the CLI as a user runs it, what a run leaves in a
folder, one-rule runs, a page's lines."""

from __future__ import annotations

import hashlib
import json
import multiprocessing  # here, not late: its children find modules from the folder it was first imported in
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from ingest.engine import Outcome, run_rules
from ingest.kinds import KINDS, Rule, RuleSpec
from ingest.pagetext import page_text

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "raw"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "expected"


def folded_lines(text: str) -> list[str]:
    """Non-blank lines with whitespace folded: the expected files keep NBSP, decode turns it into a space."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`python lint.py ARGS` in `cwd`, as a user would run it."""
    return subprocess.run(
        [sys.executable, str(REPO / "lint.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def fix_in(corpus: Path) -> Path:
    """`corpus` after `lint.py fix` ran in it and passed."""
    result = run_cli("fix", cwd=corpus)
    assert result.returncode == 0, result.stderr
    return corpus


def manifest_records(folder: Path) -> dict[str, dict]:
    """The records of `folder`'s manifest.jsonl by document id."""
    lines = (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def digests(root: Path) -> dict[str, str]:
    """The sha256 of every file under `root`, by its path from there: two calls compare the trees."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def aged(*paths: Path) -> None:
    """Files last modified a minute ago: older than the racy window in which a stat is not trusted (ingest/cache.py)."""
    for path in paths:
        os.utime(path, ns=(time.time_ns() - 60 * 10**9,) * 2)


def owned_lines(tree: Any) -> list[tuple[str, Any]]:
    """Each line of the page's text with the block element it is in (pagetext.page_text)."""
    owned: list[tuple[str, Any]] = []
    page_text(tree, owned)
    return owned


def make(kind: str, **options: Any) -> Rule:
    """One rule of a kind, without a YAML pack."""
    return KINDS[kind](RuleSpec(id="T100", name="test-rule", kind=kind, description="test", options=options))


def run(rule: Rule, text: str) -> Outcome:
    return run_rules([rule], text)


def in_a_thread(call: Callable[[], Any]) -> Any:
    """call() in a thread that is not the main one; returns its value or raises what it raised."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def in_many_threads(call: Callable[[], Any], threads: int, times: int) -> None:
    """call() `times` times in each of `threads` threads, all let go at once (to provoke races)."""
    start = threading.Barrier(threads)

    def run() -> None:
        start.wait()
        for _ in range(times):
            call()

    running = [threading.Thread(target=run) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()


def at_once_in_processes(target: Callable[..., None], arguments: list[tuple[Any, ...]], seconds: float = 120) -> None:
    """`target(*args, together)` in a process for each `args`, `together` a barrier for them all. Started
    by "spawn": forking pytest (which may hold threads) is unsafe, deprecated from Python 3.12 and
    impossible on Windows, so `target` is a module's function. Fails when one fails or hangs."""
    context = multiprocessing.get_context("spawn")
    together = context.Barrier(len(arguments))
    runs = [context.Process(target=target, args=(*args, together)) for args in arguments]
    for run in runs:
        run.start()
    deadline = time.monotonic() + seconds
    for run in runs:
        run.join(timeout=max(0.0, deadline - time.monotonic()))
    hung = [run for run in runs if run.is_alive()]
    for run in hung:
        run.kill()
        run.join()
    assert not hung, f"{len(hung)} of {len(runs)} processes not done in {seconds} s"
    assert [run.exitcode for run in runs] == [0] * len(runs)
