"""Fixtures shared by the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import RAW


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A working folder holding a copy of raw/."""
    target = tmp_path / "raw"
    target.mkdir()
    for file in RAW.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return tmp_path
