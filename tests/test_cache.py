"""The user's cache folder: where it is, and that it only ever saves work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ingest import cache
from support import at_once_in_processes


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


def test_a_file_stamp_changes_when_the_file_is_edited(tmp_path: Path) -> None:
    code = tmp_path / "module.py"
    code.write_text("A = 1\n")
    os.utime(code, ns=(10**18, 10**18))
    first = cache.file_stamp("1.0", str(code))
    assert first == ("1.0", 6, 10**18) and cache.file_stamp("1.0", str(code)) == first
    code.write_text("A = 2\n")  # the same size: the mtime tells
    os.utime(code, ns=(10**18 + 1, 10**18 + 1))
    assert cache.file_stamp("1.0", str(code)) == ("1.0", 6, 10**18 + 1)
    assert cache.file_stamp("2.0", str(code))[0] == "2.0"
    assert cache.file_stamp("1.0", str(tmp_path / "gone.py")) == ("1.0", -1, -1)  # the version alone counts


@pytest.mark.parametrize("data", [b"", b"\x00garbage\xff", b"\xe9" * 3])
def test_a_corrupt_or_missing_entry_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    assert cache.read("entry") is None
    (tmp_path / "entry").write_bytes(data)
    assert cache.read("entry") is None


def test_a_damaged_file_that_is_still_marshal_data_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bit flipped on disk can leave marshal data of other facts (a regex's literal, a pattern's
    width): read, they changed what a run found. The file's checksum tells."""
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    cache.write("entry", {"key": "literal"})
    data = (tmp_path / "entry").read_bytes()
    (tmp_path / "entry").write_bytes(data.replace(b"literal", b"literbl"))
    assert cache.read("entry") is None


@pytest.mark.parametrize("error", [MemoryError, SystemError])
def test_marshal_data_that_fails_otherwise_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    """A damaged file with a sound checksum: marshal.loads raises MemoryError for a length past memory
    (a list of 2**31 - 1 items), SystemError for a bad code object, and either ended the run."""
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    cache.write("entry", {"a": 1})

    def loads(data: bytes) -> Any:
        raise error("as marshal raises it")

    monkeypatch.setattr(cache, "marshal", type("Marshal", (), {"loads": staticmethod(loads)}))
    assert cache.read("entry") is None


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(blocker / "cache"))  # a folder under a file: never creatable
    cache.write("entry", {"a": 1})  # raises nothing
    store = entries()
    store.put("a", 1)
    store.save()  # nor this
    assert cache.read("entry") is None and entries().get("a") is None
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


def entries(limit: int = 10) -> cache.Entries:
    return cache.Entries("entries", lambda: (1, "v"), limit)


@pytest.mark.parametrize("data", [b"", b"\x00garbage\xff", b"\xe9" * 3, None])
def test_entries_of_a_corrupt_or_unreadable_file_are_none_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes | None) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    if data is None:
        (tmp_path / "entries").mkdir()  # a path that cannot be read as a file, nor replaced
    else:
        (tmp_path / "entries").write_bytes(data)
    store = entries()
    assert store.get("a") is None
    store.put("a", 1)
    store.save()  # raises nothing
    assert entries().get("a") == (None if data is None else 1)
    assert sorted(path.name for path in tmp_path.iterdir()) == [cache.lock_name("entries"), "entries"]  # no temporary file left


def test_entries_are_written_once_when_asked_and_only_when_learnt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    writes = []
    write = cache.write
    monkeypatch.setattr(cache, "write", lambda name, value: writes.append(value) or write(name, value))
    store = entries()
    for key in ("a", "b", "a"):
        if store.get(key) is None:
            store.put(key, key.upper())
    assert writes == []
    store.save()
    store.save()  # nothing learnt since
    assert writes == [((1, "v"), {"a": "A", "b": "B"})]
    again = entries()
    assert again.get("a") == "A"
    again.save()
    assert len(writes) == 1


def test_entries_another_run_saved_meanwhile_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    first, second = entries(), entries()
    assert first.get("a") is None and second.get("b") is None  # both read the file before either wrote
    first.put("a", 1)
    first.save()
    second.put("b", 2)
    second.save()
    assert entries().entries == {"a": 1, "b": 2}


def test_the_oldest_unused_entries_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    store = entries(limit=3)
    for key in "abc":
        store.put(key, 0)
    store.save()
    store = entries(limit=3)
    assert store.get("a") == 0
    store.used.add("a")
    store.put("d", 0)
    store.save()
    assert list(entries().entries) == ["c", "a", "d"]


def learn_and_save(who: str, rounds: int, together: Any) -> None:
    for number in range(rounds):
        store = entries(limit=100_000)
        store.get(0)  # the file as it is before any of the others saves
        for key in range(50):
            store.put(f"{who}{number}-{key}", key)
        together.wait(timeout=60)
        store.save()


def test_processes_saving_at_once_keep_every_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pre-commit hooks in two terminals, `--jobs` workers: each read the file, then all wrote at once.
    Each wrote what it read with what it learnt, and the last rename dropped the others' entries."""
    pytest.importorskip("fcntl")  # no lock without it (Windows)
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    at_once_in_processes(learn_and_save, [(who, 20) for who in "abc"])
    kept = cache.read_entries("entries", (1, "v"))
    assert sorted(kept) == sorted(f"{who}{number}-{key}" for who in "abc" for number in range(20) for key in range(50))
    assert sorted(path.name for path in tmp_path.iterdir()) == [cache.lock_name("entries"), "entries"]


def test_a_save_does_not_wait_long_for_a_lock_held_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lock_clock: Any) -> None:
    """A process stopped while it saves (Ctrl-Z) holds the lock: the others' saves go on without it
    once they have waited LOCK_SECONDS (of a fake clock, which fails a wait ten times as long)."""
    fcntl = pytest.importorskip("fcntl")

    def not_too_long() -> None:
        assert lock_clock.now < 10 * cache.LOCK_SECONDS, "still waiting"

    lock_clock.then = not_too_long
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    with open(tmp_path / cache.lock_name("entries"), "wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        store = entries()
        store.put("a", 1)
        store.save()
    assert cache.LOCK_SECONDS <= lock_clock.now < cache.LOCK_SECONDS + 0.1
    assert entries().get("a") == 1


def test_a_save_waits_only_for_saves_of_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lock_clock: Any) -> None:
    """With one lock for the folder, a one-file check that learnt a regex waited behind a big fix run's
    save of its stat cache (a fake clock counts the waits)."""
    fcntl = pytest.importorskip("fcntl")
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    locked_while_written = []
    write = cache.write

    def locked(name: str) -> bool:
        with open(tmp_path / cache.lock_name(name), "ab") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False

    monkeypatch.setattr(cache, "write", lambda name, value: locked_while_written.append(locked(name)) or write(name, value))
    with open(tmp_path / cache.lock_name("stat-other"), "wb") as held:  # another file's save going on
        fcntl.flock(held, fcntl.LOCK_EX)
        store = entries()
        store.put("a", 1)
        store.save()
    assert lock_clock.now == 0.0  # no wait
    assert locked_while_written == [True] and entries().get("a") == 1
