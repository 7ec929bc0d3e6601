"""Helpers shared by the tests: repository paths, the CLI as a user runs it, one-rule runs."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from ingest.engine import Outcome, run_rules
from ingest.kinds import KINDS, Rule, RuleSpec

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
