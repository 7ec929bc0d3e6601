"""Fixtures shared by the test suite."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The suite's own cache folder (ingest/cache.py), for this run and the CLIs it starts: never the user's.
# Set before the first import of ingest, which reads the kept regex programs (ingest/regex_programs.py).
os.environ["SCRAPELINT_CACHE_DIR"] = CACHE_DIR = tempfile.mkdtemp(prefix="scrapelint-test-cache-")
os.environ.pop("SCRAPELINT_NO_CACHE", None)
atexit.register(shutil.rmtree, CACHE_DIR, True)

from support import RAW  # noqa: E402


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A working folder holding a copy of raw/."""
    target = tmp_path / "raw"
    target.mkdir()
    for file in RAW.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return tmp_path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own cache folder (ingest/cache.py), empty and not made yet."""
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class LockClock:
    """`time` for cache.Saving's wait for a lock: a sleep moves the clock on at once, and `then` is
    called at each (another run's save going on)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.then = lambda: None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.then()


@pytest.fixture
def lock_clock(monkeypatch: pytest.MonkeyPatch) -> LockClock:
    from ingest import cache

    clock = LockClock()
    monkeypatch.setattr(cache, "time", clock)
    return clock
