import itertools
import os

import pytest

from ingest import emit


def test_writes_and_replaces(tmp_path) -> None:
    target = tmp_path / "deep" / "out.txt"
    emit.write_atomic(target, b"one")
    written = emit.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["out.txt"]
    found = os.stat(target)
    assert written == (found.st_dev, found.st_ino, 3, found.st_mtime_ns)  # the file written, which the stat cache checks
    written = emit.write_atomic(target, [b"chunk", b"s"], durable=False)
    found = os.stat(target)
    assert written == (found.st_dev, found.st_ino, 6, found.st_mtime_ns)


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


def test_a_write_without_fsync_is_still_atomic(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd))
    target = tmp_path / "a" / "b.txt"
    emit.write_atomic(target, b"first", durable=False)
    assert target.read_bytes() == b"first" and calls == []
    emit.write_atomic(target, b"second")
    assert target.read_bytes() == b"second" and len(calls) == 1
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_an_output_gets_the_mode_of_a_file_opened_for_writing(tmp_path, umask: int) -> None:
    # A temporary file made 0600 (as mkstemp makes it) and renamed into place left the output unreadable to the group.
    previous = os.umask(umask)
    try:
        emit.write_atomic(tmp_path / "out.txt", b"text")
        (tmp_path / "plain.txt").write_bytes(b"text")
    finally:
        os.umask(previous)
    assert oct((tmp_path / "out.txt").stat().st_mode & 0o777) == oct((tmp_path / "plain.txt").stat().st_mode & 0o777)


def test_a_file_where_the_folder_should_be_is_named_in_the_error(tmp_path) -> None:
    (tmp_path / "news").write_text("not a folder")
    with pytest.raises(OSError) as raised:
        emit.write_atomic(tmp_path / "news" / "doc.txt", b"text")
    assert raised.value.filename == str(tmp_path / "news")  # not the temporary file, which never existed
    assert os.listdir(tmp_path) == ["news"]


def test_a_temporary_name_a_killed_run_left_is_passed_over(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emit, "_numbers", itertools.count())
    fd, stale = emit.temporary(tmp_path / "out.txt")  # the first name this process would try
    os.write(fd, b"half")
    os.close(fd)
    monkeypatch.setattr(emit, "_numbers", itertools.count())
    emit.write_atomic(tmp_path / "out.txt", b"whole", durable=False)
    assert (tmp_path / "out.txt").read_bytes() == b"whole" and open(stale, "rb").read() == b"half"


def test_a_short_write_is_carried_on_to_the_end(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: write(fd, data[:3]))  # as a full disk or a signal may cut it
    emit.write_atomic(tmp_path / "out.txt", b"a longer text", durable=False)
    assert (tmp_path / "out.txt").read_bytes() == b"a longer text"


@pytest.mark.parametrize("made", [0, 0x10000, 2**32])
def test_a_temporary_name_is_as_long_as_mkstemps_however_many_came_before(tmp_path, monkeypatch: pytest.MonkeyPatch, made: int) -> None:
    # A longer suffix failed, past some count of outputs, a long name that fit before (ENAMETOOLONG).
    monkeypatch.setattr(emit, "_numbers", itertools.count(made))
    fd, temp = emit.temporary(tmp_path / "out.txt")
    os.close(fd)
    assert len(os.path.basename(temp)) == len(".out.txt..tmp") + 8
