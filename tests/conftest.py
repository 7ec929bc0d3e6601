"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A working folder holding a copy of raw/."""
    target = tmp_path / "raw"
    target.mkdir()
    for file in RAW.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return tmp_path
