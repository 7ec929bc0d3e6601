import os

import pytest

from ingest import emit


def test_writes_and_replaces(tmp_path) -> None:
    target = tmp_path / "deep" / "out.txt"
    emit.write_atomic(target, b"one")
    emit.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(emit.os, "replace", broken_replace)
    with pytest.raises(OSError):
        emit.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.txt"]
