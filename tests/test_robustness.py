"""Odd inputs: each gives clean text or a recorded failure with its reason; never a traceback; the batch goes on."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest
from support import manifest_records, run_cli

PROSE = "The council approved the budget on Tuesday after a long debate about schools and roads. " * 8
CYRILLIC = "Совет утвердил бюджет во вторник после долгих дебатов о школах и дорогах. " * 8
JAPANESE = "議会は火曜日、学校と道路をめぐる長い議論の末に予算を承認した。" * 8
CHINESE = "议会在周二经过关于学校和道路的长时间辩论后批准了预算。" * 8

INPUTS: dict[str, tuple[bytes, str | None]] = {
    # name: (bytes, a phrase the clean text must hold; None when the document must fail)
    "empty.txt": (b"", None),
    "blank.txt": (b"  \n\t\n   \n", None),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", None),
    "archive.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), None),
    "nul-inside.txt": (PROSE.encode()[:200] + b"\x00\x00\x00" + PROSE.encode()[200:], None),
    "truncated-utf8.txt": (("Grüße " + PROSE).encode()[:-1] + "é".encode()[:1], "council approved the budget"),
    "utf16-bom.txt": (codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le"), "council approved the budget"),
    "utf32-bom.txt": (codecs.BOM_UTF32_BE + PROSE.encode("utf-32-be"), "council approved the budget"),
    "cp1252.txt": (("“Quoted” – " + PROSE).encode("cp1252"), "“Quoted” –"),
    "latin1.txt": (("Über die Straße " + PROSE).encode("latin-1"), "Über die Straße"),
    "koi8r.txt": (CYRILLIC.encode("koi8-r"), "Совет утвердил бюджет"),
    "shift-jis.txt": (JAPANESE.encode("shift_jis"), "議会は火曜日"),
    "gb18030.txt": (CHINESE.encode("gb18030"), "议会在周二"),
    "no-body.html": (b"<!DOCTYPE html><html><head><title>Nothing</title></head></html>", None),
    "deep.html": (b"<!DOCTYPE html><html><body>" + b"<div>" * 100_000 + PROSE.encode() + b"</div>" * 100_000 + b"</body></html>", None),
    "page.html.gz": (gzip.compress(f"<!DOCTYPE html><html><body><article><p>{PROSE}</p></article></body></html>".encode()), "council approved the budget"),
    "name with spaces é.txt": (PROSE.encode(), "council approved the budget"),
}


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict], "subprocess.CompletedProcess[str]"]:
    root = tmp_path_factory.mktemp("battery")
    raw = root / "raw"
    raw.mkdir()
    for name, (data, _) in INPUTS.items():
        (raw / name).write_bytes(data)
    outside = root / "outside.txt"
    outside.write_text(PROSE)
    (raw / "link-out.txt").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    result = run_cli("fix", "--jobs", "2", cwd=root)
    records = manifest_records(root / "clean")
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before
    return root, records, result


def doc_id(name: str) -> str:
    return name.removesuffix(".gz").rsplit(".", 1)[0]


def test_no_traceback_and_the_exit_code_says_something_failed(battery) -> None:
    _, _, result = battery
    assert "Traceback" not in result.stderr
    assert result.returncode == 1


def test_every_input_has_exactly_one_record(battery) -> None:
    _, records, _ = battery
    assert sorted(records) == sorted({doc_id(name) for name in INPUTS} | {"link-out"})


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_each_input_gives_clean_text_or_a_reason(battery, name: str) -> None:
    root, records, result = battery
    record = records[doc_id(name)]
    data, phrase = INPUTS[name]
    if phrase is None and name != "deep.html":
        assert record["status"] == "fail" and record["messages"], record
        assert f"raw/{name}:" in result.stderr
    elif phrase is not None:
        assert record["status"] in ("ok", "warn"), record["messages"]
        assert phrase in (root / "clean" / record["output"]).read_text(encoding="utf-8")
    else:  # a page nested 100,000 deep: clean text if the parser copes, else a recorded failure
        assert record["status"] == "fail" or "council approved" in (root / "clean" / record["output"]).read_text()


def test_a_huge_single_line_file_finishes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "huge.txt").write_bytes(b"word " * (50 * 1024 * 1024 // 5))
    result = run_cli("fix", "--jobs", "1", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    record = json.loads((tmp_path / "clean" / "manifest.jsonl").read_text())
    assert record["bytes_before"] == 50 * 1024 * 1024 // 5 * 5


def test_a_file_that_cannot_be_read_is_recorded(corpus: Path, monkeypatch, capsys) -> None:
    from ingest import cli

    monkeypatch.chdir(corpus)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name.startswith("000_"):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert cli.main(["fix", "--jobs", "1", "--quiet"]) == 1
    record = json.loads((corpus / "clean" / "manifest.jsonl").read_text().splitlines()[0])
    assert record["status"] == "fail" and "Permission denied" in record["messages"][0]
    assert os.path.exists(corpus / "clean" / "001_fb26dc5c801ada2b.txt")


def test_a_file_name_that_is_not_utf8_is_cleaned_and_recorded(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / os.fsdecode(b"caf\xe9.txt")).write_text(PROSE)
    (raw / os.fsdecode(b"empty\xe9.txt")).write_bytes(b"")
    (raw / "plain.txt").write_text(PROSE)
    for command in (("fix", "--jobs", "1"), ("check",), ("fix", "--check")):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 1 and "raw/empty\\xe9.txt:" in result.stdout + result.stderr, result.stderr
    records = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["caf\\xe9", "empty\\xe9", "plain"]
    assert (tmp_path / "clean" / "caf\\xe9.txt").read_text() == (tmp_path / "clean" / "plain.txt").read_text()
    assert "0 processed" in run_cli("fix", "--jobs", "1", cwd=tmp_path).stderr
    assert "gone" not in run_cli("fix", "--check", cwd=tmp_path).stdout  # its source is found again
    result = run_cli("fix", "--out-format", "jsonl", "--out", "as-jsonl", cwd=tmp_path)
    assert result.returncode == 1 and len((tmp_path / "as-jsonl" / "documents.jsonl").read_text().splitlines()) == 2
