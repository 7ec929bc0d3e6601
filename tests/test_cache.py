"""The user's cache folder: where it is, and that it only ever saves work."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import cache


def test_the_folder_is_the_variable_then_xdg_then_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "chosen"
    monkeypatch.delenv("SCRAPELINT_CACHE_DIR")
    assert cache.folder() == tmp_path / "xdg" / "scrapelint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: only absolute paths count
    assert cache.folder() == tmp_path / "home" / ".cache" / "scrapelint"


def test_it_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SCRAPELINT_NO_CACHE", "1")
    assert cache.folder() is None
    cache.write("entry", {"a": 1})
    assert cache.read("entry") is None
    assert list(tmp_path.iterdir()) == []


def test_what_is_written_is_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path / "new" / "folder"))
    value = {"key": (("a", "b"), None), "other": [1, 2.5, "x"]}
    cache.write("entry", value)
    assert cache.read("entry") == value
    assert [p.name for p in (tmp_path / "new" / "folder").iterdir()] == ["entry"]  # no temporary file left


@pytest.mark.parametrize("data", [b"", b"\x00garbage\xff", b"\xe9" * 3])
def test_a_corrupt_or_missing_entry_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    assert cache.read("entry") is None
    (tmp_path / "entry").write_bytes(data)
    assert cache.read("entry") is None


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(blocker / "cache"))  # a folder under a file: never creatable
    cache.write("entry", {"a": 1})  # raises nothing
    assert cache.read("entry") is None
    assert blocker.read_text() == "" and [path.name for path in tmp_path.iterdir()] == ["a-file"]  # and leaves nothing behind
