"""The user's cache folder: where it is, and that it only ever saves work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
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


def test_entries_are_read_under_their_stamp_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    assert cache.read_entries("entries", (1, "v")) == {}
    cache.write("entries", ((1, "v"), {"a": 1}))
    assert cache.read_entries("entries", (1, "v")) == {"a": 1}
    assert cache.read_entries("entries", (2, "v")) == {}  # another version's
    cache.write("entries", ((1, "v"), ["not", "a", "dict"]))
    assert cache.read_entries("entries", (1, "v")) == {}


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


def test_two_installs_taking_turns_keep_their_entries(tmp_path: Path) -> None:
    """A pre-commit hook's install and a virtualenv's share the user's cache folder: when each
    emptied the other's entries, every other one-file check parsed the YAML pack again."""
    checkout = Path(cache.__file__).resolve().parent.parent
    installs = []
    for age, name in ((100, "hook"), (200, "venv")):  # installed at different times
        install = tmp_path / name
        shutil.copytree(checkout / "ingest", install / "ingest", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(checkout / "rules", install / "rules")
        shutil.copy2(checkout / "lint.py", install / "lint.py")
        for path in install.rglob("*"):
            os.utime(path, (time.time() - age, time.time() - age))
        installs.append(install)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".scrapelint.yaml").write_text("extends: default\n", encoding="utf-8")
    os.utime(project / ".scrapelint.yaml", (time.time() - 100, time.time() - 100))
    document = project / "doc.txt"
    document.write_text("A paragraph of the document, long enough to count as one.\n", encoding="utf-8")
    env = {**os.environ, "SCRAPELINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SCRAPELINT_NO_CACHE", None)

    def check(install: Path) -> None:
        subprocess.run([sys.executable, str(install / "lint.py"), "check", str(document)], cwd=project, env=env, check=True, capture_output=True)

    for install in installs:
        check(install)
    entries = {path.name: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()}
    assert any(name.startswith("config-") for name in entries) and any(name.startswith("regexes-") for name in entries)
    for install in installs:
        check(install)
    assert {path.name: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()} == entries
