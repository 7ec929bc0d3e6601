"""Faults and odd inputs in one batch: kill -9, full disk, crashes inside a document, stray temporaries."""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path

import pytest
from support import digests, manifest_records

from ingest.cli import main

PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the coming year. "
    "Members argued for a long time about the cost of repairing the old bridge over the river, "
    "and several residents spoke about the need for better street lighting near the school. "
    "In the end the proposal passed by a narrow margin, and work is expected to begin in spring. "
    "The mayor said she was pleased with the result and thanked everyone who had taken part."
)
RUSSIAN = (
    "Городской совет собрался во вторник вечером, чтобы обсудить новый бюджет на следующий год. "
    "Члены совета долго спорили о стоимости ремонта старого моста через реку, и несколько жителей "
    "говорили о необходимости лучшего освещения улиц рядом со школой. В конце концов предложение "
    "было принято с небольшим перевесом, и работы должны начаться весной. Мэр поблагодарила всех."
)
JAPANESE = "市議会は火曜日の夜に集まり、来年度の新しい予算について話し合いました。" * 12
CHINESE = "市议会周二晚上开会讨论明年的新预算。议员们就修复河上旧桥的费用争论了很长时间。" * 10
LATIN = PROSE.replace("council", "conseil café") + " Déjà vu, façade, naïve, crème brûlée."


def battery(root: Path) -> dict[str, bytes]:
    """Every odd input by file name; the ones that should come out clean carry PROSE or its kin."""
    buffer = root / "archive.zip"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", PROSE)
    zipped = buffer.read_bytes()
    buffer.unlink()
    return {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n   \r\n",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,
        "archive.txt": zipped,
        "nul-inside.txt": PROSE[:200].encode() + b"\x00\x01\x02\x00\xff\xfe" + PROSE[200:].encode(),
        "truncated-utf8.txt": (PROSE + " Köln ä").encode("utf-8")[:-1],
        "utf16-bom.txt": codecs.BOM_UTF16_LE + LATIN.encode("utf-16-le"),
        "utf16le.txt": LATIN.encode("utf-16-le"),
        "utf16be.txt": LATIN.encode("utf-16-be"),
        "utf32-bom.txt": codecs.BOM_UTF32_BE + LATIN.encode("utf-32-be"),
        "utf32le.txt": LATIN.encode("utf-32-le"),
        "utf32be.txt": LATIN.encode("utf-32-be"),
        "windows-1252.txt": (LATIN + " “Quoted” – dash").encode("cp1252"),
        "latin-1.txt": LATIN.encode("latin-1"),
        "shift-jis.txt": JAPANESE.encode("shift_jis"),
        "gb18030.txt": CHINESE.encode("gb18030"),
        "koi8-r.txt": RUSSIAN.encode("koi8_r"),
        "mojibake.txt": LATIN.encode("utf-8").decode("cp1252").encode("utf-8"),
        "deep.html": ("<html><body>" + "<div>" * 100_000 + f"<p>{PROSE}</p>" + "</div>" * 100_000 + "</body></html>").encode(),
        "no-body.html": b"<html><head><title>Nothing here</title></head></html>",
        "name with spaces.txt": PROSE.encode(),
        "größe café 日本.txt": PROSE.encode(),
    }


# What each readable input should come out as (whitespace folded).
EXPECTED_TEXT = {
    "truncated-utf8": PROSE + " Köln",
    "utf16-bom": LATIN,
    "utf16le": LATIN,
    "utf16be": LATIN,
    "utf32-bom": LATIN,
    "utf32le": LATIN,
    "utf32be": LATIN,
    "windows-1252": LATIN + " “Quoted” – dash",
    "latin-1": LATIN,
    "shift-jis": JAPANESE,
    "gb18030": CHINESE,
    "koi8-r": RUSSIAN,
    "mojibake": LATIN,
    "name with spaces": PROSE,
    "größe café 日本": PROSE,
}
FAILING = {"empty", "whitespace", "image", "archive", "nul-inside", "no-body", "outside", "unreadable"}


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, dict[str, dict]]:
    base = tmp_path_factory.mktemp("battery")
    raw, out, secret = base / "raw", base / "clean", base / "secret.txt"
    raw.mkdir()
    for name, data in battery(base).items():
        (raw / name).write_bytes(data)
    secret.write_text(PROSE)
    (raw / "outside.txt").symlink_to(secret)
    (raw / "unreadable.txt").write_text(PROSE)
    before = {p.name: p.read_bytes() for p in raw.iterdir()}

    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", read_bytes)
        code = main(["fix", str(raw), "--out", str(out)])
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before
    return raw, out, code, manifest_records(out)


def test_every_input_has_one_record_and_the_exit_code_says_something_failed(ran) -> None:
    raw, _, code, records = ran
    assert code == 1
    assert sorted(records) == sorted(Path(name).stem for name in [p.name for p in raw.iterdir()])


@pytest.mark.parametrize("doc_id", sorted(EXPECTED_TEXT))
def test_readable_inputs_give_their_text(ran, doc_id: str) -> None:
    _, out, _, records = ran
    assert records[doc_id]["status"] != "fail", records[doc_id]["messages"]
    assert fold((out / f"{doc_id}.txt").read_text(encoding="utf-8")) == fold(EXPECTED_TEXT[doc_id])


@pytest.mark.parametrize("doc_id", sorted(FAILING))
def test_unusable_inputs_are_recorded_as_failed_with_a_reason(ran, doc_id: str) -> None:
    _, out, _, records = ran
    record = records[doc_id]
    assert record["status"] == "fail"
    assert record["messages"] and all(message.strip() for message in record["messages"])
    assert not (out / f"{doc_id}.txt").exists()


def test_the_reasons_name_what_is_wrong(ran) -> None:
    records = ran[3]
    assert "binary" in records["image"]["messages"][0]
    assert "outside the input folder" in records["outside"]["messages"][0]
    assert "Permission denied" in records["unreadable"]["messages"][0]
    assert "empty" in " ".join(records["empty"]["messages"])


def test_deep_html_does_not_crash(ran) -> None:
    assert ran[3]["deep"]["status"] in ("ok", "warn", "fail")  # recorded, whatever trafilatura makes of it


def test_a_huge_single_line_is_processed(tmp_path: Path) -> None:
    # 1 MB on one line: every rule regex must be linear in the line's length (50 MB was measured by hand; README).
    (tmp_path / "huge.txt").write_text(PROSE.replace(". ", ", ") * 2_400)
    assert main(["fix", str(tmp_path / "huge.txt"), "--out", str(tmp_path / "clean")]) in (0, 1)
    record = json.loads((tmp_path / "clean" / "manifest.jsonl").read_text())
    assert record["bytes_before"] > 1_000_000
    assert record["status"] != "fail" and record["words_after"] == record["words_before"]


def test_a_crash_inside_one_document_is_recorded_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.pipeline as pipeline

    real = pipeline.process

    def flaky(data, doc_id, *args):
        if doc_id == "a" and data is not None:
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, doc_id, *args)

    monkeypatch.setattr(pipeline, "process", flaky)
    (tmp_path / "in").mkdir()  # not tmp_path itself: an output folder inside the input folder is refused
    for name in "ab":
        (tmp_path / "in" / f"{name}.txt").write_text(PROSE)
    assert main(["fix", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    lines = (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()
    statuses = {r["id"]: (r["status"], r["messages"]) for r in map(json.loads, lines)}
    assert statuses["a"][0] == "fail" and "RecursionError" in statuses["a"][1][0]
    assert statuses["b"][0] == "ok"


HOSTILE_CONFIG = """\
extends: default
validation: {rules_seconds: 1}
rules:
  - id: X100
    name: bare-word-line
    kind: line
    description: A line of bare words
    regex: ['(\\w+\\s?)+$']   # \\w keeps it on Python's re; backtracks exponentially when the line does not end in a word
    max_words: 1000
    sentence_words: 5
    examples:
      match: ["menu items here"]
      keep: ["She said she would never sign up for our newsletter again."]
  - id: X101
    name: a-run
    kind: line
    regex: ['(a+)+$']          # catastrophic for a backtracking engine; RE2 runs it in linear time
    max_words: 1000
    examples:
      match: ["aaa"]
      keep: ["bbb"]
"""


def test_a_rule_past_its_time_budget_fails_its_document_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".scrapelint.yaml").write_text(HOSTILE_CONFIG)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "hostile.txt").write_text(f"{PROSE}\n{'abcdefghij ' * 300}#\n{LATIN}\n")
    (raw / "a-run.txt").write_text(f"{PROSE}\n{'a' * 5000}b\n{LATIN}\n")
    for number, text in enumerate([PROSE, LATIN, RUSSIAN]):
        (raw / f"doc{number}.txt").write_text(text + "\n")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--jobs", "1"]) == 1
    records = manifest_records(tmp_path / "clean")
    assert records["hostile"]["status"] == "fail" and records["hostile"]["output"] is None
    assert records["hostile"]["messages"] == ["X100 bare-word-line: exceeded the time budget of 1 s (validation.rules_seconds); document not cleaned"]
    assert records["a-run"]["status"] != "fail", records["a-run"]["messages"]
    assert "a" * 5000 not in (tmp_path / "clean" / "a-run.txt").read_text()  # RE2 matched it, at once
    for number, text in enumerate([PROSE, LATIN, RUSSIAN]):
        assert records[f"doc{number}"]["status"] == "ok", records[f"doc{number}"]["messages"]
        assert fold((tmp_path / "clean" / f"doc{number}.txt").read_text()) == fold(text)
    capsys.readouterr()
    assert main(["check", "raw/hostile.txt"]) == 1
    assert "raw/hostile.txt:2:1: X100 bare-word-line exceeded the time budget" in capsys.readouterr().out


# Faults: a run killed at random points, then a re-run, loses nothing and leaves nothing behind.
KILL_DELAYS = (0.4, 1.2, 2.5, 4.0)  # seconds after start; the run takes a few seconds for 200 documents


def test_kill_9_at_random_points_then_a_rerun_loses_nothing(tmp_path: Path) -> None:
    import hashlib
    import random
    import signal
    import subprocess
    import sys
    import time

    from support import REPO

    rng = random.Random(7)
    vocabulary = PROSE.lower().replace(".", "").replace(",", "").split()
    raw, out = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for number in range(200):
        (raw / f"doc {number:03}.txt").write_text(" ".join(rng.choices(vocabulary, k=80)).capitalize() + ".\n")
    (raw / "binary.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    before = digests(raw)
    command = [sys.executable, str(REPO / "lint.py"), "fix", str(raw), "--out", str(out)]
    for delay in KILL_DELAYS:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay + rng.random() / 2)
        process.send_signal(signal.SIGKILL)
        process.wait()
        manifest = out / "manifest.jsonl"
        if manifest.exists():  # whatever manifest a killed run left is a valid one
            assert all(json.loads(line)["id"] for line in manifest.read_text(encoding="utf-8").splitlines())
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1 and "fail 1" in rerun.stderr  # the binary file, recorded
    assert digests(raw) == before
    assert not list(out.rglob("*.tmp"))
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(Path(name).stem for name in before)
    outputs = {p.name for p in out.iterdir() if p.name != "manifest.jsonl"}
    assert outputs == {r["output"] for r in records if r["output"]}
    for record in records:
        if record["output"]:
            assert hashlib.sha256((out / record["output"]).read_bytes()).hexdigest() == record["clean_sha256"]


def test_fix_removes_temporary_files_a_killed_run_left(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PROSE)
    out = tmp_path / "clean"
    (out / "sub").mkdir(parents=True)
    strays = [out / ".a.txt.k2j3h4.tmp", out / "sub" / ".b.txt.x1y2z3.tmp"]
    for stray in strays:
        stray.write_text("half")
    keep = out / "notes.tmp"
    keep.write_text("not ours")
    assert main(["fix", str(tmp_path / "a.txt"), "--out", str(out)]) == 0
    assert not any(stray.exists() for stray in strays)
    assert keep.exists()


def test_an_unwritable_output_gives_one_line_and_keeps_the_previous_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    import ingest.batch as batch

    (tmp_path / "a.txt").write_text(PROSE)
    out = tmp_path / "clean"
    assert main(["fix", str(tmp_path / "a.txt"), "--out", str(out)]) == 0
    previous = digests(out)
    (tmp_path / "a.txt").write_text(PROSE + " One more sentence at the end of it.")

    def full_disk(path: Path, data: bytes, durable: bool = True) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(batch, "write_atomic", full_disk)
    capsys.readouterr()
    assert main(["fix", str(tmp_path / "a.txt"), "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error[-1].startswith("scrapelint: ") and "No space left on device" in error[-1]
    assert digests(out) == previous


def test_an_output_path_that_is_a_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "clean").write_text("a file, not a folder")
    assert main(["fix", str(tmp_path / "a.txt"), "--out", str(tmp_path / "clean")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (tmp_path / "clean").read_text() == "a file, not a folder"
