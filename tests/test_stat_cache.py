"""The stat cache: a file's sha256 is trusted from it only while the file's stat is as recorded, and
not for racy entries (modified too close to the moment the cache was written)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from ingest import cache
from ingest.cache import encoded
from ingest.emit import write_atomic
from ingest.stat_cache import FileHashes, stat_of
from support import at_once_in_processes


pytestmark = pytest.mark.usefixtures("cache_dir")


def written(path: Path, data: bytes, age: float = 60.0) -> str:
    """`data` in `path`, last modified `age` seconds ago; its sha256."""
    path.write_bytes(data)
    os.utime(path, ns=(time.time_ns() - int(age * 1e9),) * 2)
    return hashlib.sha256(data).hexdigest()


def recorded(path: Path, sha: str, out: Path) -> None:
    hashes = FileHashes(out)
    hashes.remember(str(path), stat_of(os.stat(path)), sha)
    hashes.save()


def test_a_file_whose_stat_is_unchanged_is_known_on_the_next_run(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text")
    recorded(page, sha, tmp_path / "out")
    assert FileHashes(tmp_path / "out").known(str(page)) == sha
    assert FileHashes(tmp_path / "elsewhere").known(str(page)) is None  # one cache per output folder


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text")
    recorded(page, sha, tmp_path / "out")
    before = os.stat(page)
    time.sleep(0.01)  # a ctime the edit can change
    with open(page, "r+b") as handle:  # the same inode, size and (set back) mtime
        handle.write(b"SOME")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(page).st_size == before.st_size and os.stat(page).st_mtime_ns == before.st_mtime_ns
    assert FileHashes(tmp_path / "out").known(str(page)) is None


def test_a_file_replaced_by_another_is_seen(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text")
    recorded(page, sha, tmp_path / "out")
    stat = os.stat(page)
    other = tmp_path / "other.txt"
    written(other, b"SOME text")
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, page)  # a new inode: what an editor that saves by renaming leaves
    assert FileHashes(tmp_path / "out").known(str(page)) is None


def test_a_racy_entry_is_not_trusted(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text", age=0.0)  # modified as the cache is written: it may change unseen
    recorded(page, sha, tmp_path / "out")
    assert FileHashes(tmp_path / "out").known(str(page)) is None


def shapes(folder: str, page: str) -> list[object]:
    """Well-formed marshal data of the wrong shape, each but one part right."""
    packed = b"\0" * 72
    return [
        (1, folder, time.time_ns(), {page: ("x", 5)}),  # another format
        (2, folder, "not a time", [page], packed),
        (2, folder, time.time_ns(), page, packed),  # a string, not a list of paths
        (2, folder, time.time_ns(), [page], "\0" * 72),  # a string, not bytes
        (2, folder, time.time_ns(), [page, page], packed),  # fewer entries than paths
    ]


@pytest.mark.parametrize("damage", [b"garbage", b"", *range(5)])
def test_a_corrupt_cache_knows_nothing(tmp_path: Path, damage: bytes | int) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text")
    recorded(page, sha, tmp_path / "out")
    (stored,) = (tmp_path / "cache").glob("stat-*")
    if isinstance(damage, int):
        damage = encoded(shapes(str(tmp_path / "out"), str(page))[damage])
    stored.write_bytes(damage)
    assert FileHashes(tmp_path / "out").known(str(page)) is None


def test_forgetting_a_file(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sha = written(page, b"some text")
    recorded(page, sha, tmp_path / "out")
    hashes = FileHashes(tmp_path / "out")
    hashes.remember(str(page), None, None)
    hashes.save()
    assert FileHashes(tmp_path / "out").known(str(page)) is None


def test_a_racy_entry_stays_untrusted_when_the_cache_is_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page, other = tmp_path / "page.txt", tmp_path / "other.txt"
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.1)  # a window short enough to wait out
    sha = written(page, b"some text", age=0.0)
    recorded(page, sha, tmp_path / "out")
    time.sleep(cache.RACY_SECONDS + 0.1)  # the next write of the cache is later than the racy window
    recorded(other, written(other, b"other text"), tmp_path / "out")
    hashes = FileHashes(tmp_path / "out")
    assert hashes.known(str(page)) is None and hashes.known(str(other)) is not None


def remember_and_save(out: Path, pages: list[tuple[Path, str]], together: Any) -> None:
    hashes = FileHashes(out)  # the file as it is before the other run saves
    for page, sha in pages:
        hashes.remember(str(page), stat_of(os.stat(page)), sha)
    together.wait(timeout=60)
    hashes.save()


def test_runs_over_parts_of_a_corpus_saving_at_once_keep_each_others_entries(tmp_path: Path) -> None:
    """Two `fix` runs into one output folder, over different parts of a corpus: the last to save
    wrote the file as it had loaded it, with only its own part, and the next run hashed the other again."""
    pytest.importorskip("fcntl")  # no lock without it (Windows)
    parts = []
    for part in "ab":
        pages = [tmp_path / f"{part}{number}.txt" for number in range(30)]
        parts.append([(page, written(page, f"text of {page.name}".encode())) for page in pages])
    at_once_in_processes(remember_and_save, [(tmp_path / "out", pages) for pages in parts])
    hashes = FileHashes(tmp_path / "out")
    assert [hashes.known(str(page)) for pages in parts for page, _ in pages] == [sha for pages in parts for _, sha in pages]


def test_a_save_waits_for_another_runs_save_of_a_big_corpus(tmp_path: Path, lock_clock: Any) -> None:
    """Read again and merged, a million entries take about 2 s to save: a run that waited no longer
    than a save of rule facts does went on without the lock, and one of the two parts was lost.
    (A fake clock: the other run's save ends 10 s into this one's wait.)"""
    fcntl = pytest.importorskip("fcntl")
    page, other = tmp_path / "page.txt", tmp_path / "other.txt"
    ours, theirs = FileHashes(tmp_path / "out"), FileHashes(tmp_path / "out")
    sha, other_sha = written(page, b"some text"), written(other, b"other text")
    ours.remember(str(page), stat_of(os.stat(page)), sha)
    theirs.remember(str(other), stat_of(os.stat(other)), other_sha)
    folder = cache.folder()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    held = open(folder / cache.lock_name(ours.name), "wb")
    fcntl.flock(held, fcntl.LOCK_EX)

    def their_save_ends() -> None:
        if lock_clock.now >= 10 and not held.closed:
            held.close()
            theirs.save()

    lock_clock.then = their_save_ends
    try:
        ours.save()
    finally:
        held.close()
    hashes = FileHashes(tmp_path / "out")
    assert (hashes.known(str(page)), hashes.known(str(other))) == (sha, other_sha)


def test_another_runs_racy_entry_stays_untrusted_when_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A racy entry kept from another run's save, written again later, would look old enough to trust."""
    page, other = tmp_path / "page.txt", tmp_path / "other.txt"
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.1)  # a window short enough to wait out
    later = FileHashes(tmp_path / "out")  # loaded before the other run saves
    recorded(page, written(page, b"some text", age=0.0), tmp_path / "out")
    time.sleep(cache.RACY_SECONDS + 0.1)  # this run's save is later than the racy window
    sha = written(other, b"other text")
    later.remember(str(other), stat_of(os.stat(other)), sha)
    later.save()
    hashes = FileHashes(tmp_path / "out")
    assert hashes.known(str(page)) is None and hashes.known(str(other)) is not None


def test_an_output_another_run_replaced_before_its_stat_is_forgotten(tmp_path: Path) -> None:
    """Two runs into one output folder write the same document's output: when the other's rename lands
    between this run's write and its stat, that stat is of the other's file. Kept with this run's
    sha256, the next run took the other's output (of other rules) for this run's, unread."""
    output = tmp_path / "doc.txt"
    ours = write_atomic(output, b"this run's clean text")
    theirs = tmp_path / "theirs.txt"
    written(theirs, b"another run's text")  # as old as a copy that kept its mtime
    os.replace(theirs, output)
    hashes = FileHashes(tmp_path / "out")
    hashes.remember_now(str(output), hashlib.sha256(b"this run's clean text").hexdigest(), ours)
    hashes.save()
    assert FileHashes(tmp_path / "out").known(str(output)) is None


def test_an_output_whose_inode_now_holds_another_file_is_forgotten(tmp_path: Path) -> None:
    """ext4 gives a freed inode to the next file made: another run's output can land in the path under
    the inode this run's had, and the inode alone took it for this run's. (The other's file written
    into this run's inode stands for that.)"""
    output = tmp_path / "doc.txt"
    ours = write_atomic(output, b"this run's clean text")
    with open(output, "r+b") as handle:  # the same device and inode, another file
        handle.write(b"other run's clean txt")  # as long as ours: the mtime tells it (and the inode, size)
    os.utime(output, ns=(time.time_ns() - 60 * 10**9,) * 2)
    hashes = FileHashes(tmp_path / "out")
    hashes.remember_now(str(output), hashlib.sha256(b"this run's clean text").hexdigest(), ours)
    hashes.save()
    assert FileHashes(tmp_path / "out").known(str(output)) is None
