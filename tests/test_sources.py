"""Corpus files in (JSONL, .jsonl.gz, WARC) and JSONL out, with each record's provenance."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

import pytest
from support import RAW, REPO, manifest_records, run_cli

from ingest.inputs import Input, UsageError, discover, stream
from ingest.sources import JsonlFields, Seen, container_id, docs, member, source_name

ARTICLE = "The council met on Tuesday to discuss the new bridge. " * 12
PAGE = (
    "<!doctype html><html><head><title>Bridge vote</title></head><body><nav>Home | News</nav>"
    f"<article><h1>Bridge vote</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
)


def jsonl(path: Path, rows: list[object]) -> Path:
    body = "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows).encode()
    path.write_bytes(gzip.compress(body) if path.name.endswith(".gz") else body)
    return path


@pytest.mark.parametrize("name", ["batch.jsonl", "batch.jsonl.gz"])
def test_jsonl_records_become_documents_with_their_line(tmp_path: Path, name: str) -> None:
    path = jsonl(tmp_path / name, [{"doc": "a1", "body": ARTICLE}, {"doc": "a2", "body": ARTICLE + " More."}])
    found = list(docs([Input(path, "batch")], JsonlFields(id="doc", text="body")))
    assert [(d.id, d.output, d.provenance["line"]) for d in found] == [("batch/a1", "batch/a1.txt", 1), ("batch/a2", "batch/a2.txt", 2)]
    assert found[0].data == ARTICLE.encode()


def test_a_bad_jsonl_line_is_a_failed_document_not_a_lost_one(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "batch.jsonl", ["{not json", {"id": "x"}, [1, 2]])
    found = list(docs([Input(path, "batch")]))
    assert [d.data for d in found] == [None, None, None]
    assert "line 1: not JSON" in str(found[0].error)
    assert "line 2: no string field 'text'" == found[1].error
    assert "not a JSON object" in str(found[2].error)


def test_a_lone_surrogate_escape_in_a_jsonl_record_becomes_a_replacement_character(tmp_path: Path) -> None:
    # "\\ud800" is valid JSON but no Unicode text: it must not stop the run when encoded or named.
    path = jsonl(tmp_path / "batch.jsonl", ['{"id": "a\\udc80", "text": "Caf\\ud800 ' + ARTICLE + '"}'])
    found = list(docs([Input(path, "batch")]))
    assert found[0].data == ("Caf\ufffd " + ARTICLE).encode()
    assert found[0].id == "batch/a\ufffd" and found[0].output.startswith("batch/a-")


def test_a_jsonl_text_without_a_lone_surrogate_is_not_scanned_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Encoding finds a lone surrogate; a scan of every non-ASCII text first cost more than the encoding.
    import ingest.sources

    class Unused:
        def sub(self, *_: object) -> str:
            raise AssertionError("scanned")

    monkeypatch.setattr(ingest.sources, "SURROGATE", Unused())
    path = jsonl(tmp_path / "batch.jsonl", [{"id": "caf\u00e9", "text": "Caf\u00e9 " + ARTICLE}])
    found = list(docs([Input(path, "batch")]))
    assert found[0].id == "batch/caf\u00e9" and found[0].data == ("Caf\u00e9 " + ARTICLE).encode()


def test_a_jsonl_id_used_twice_fails_the_second_record_under_its_line(tmp_path: Path) -> None:
    # Under one id, the second record's output and manifest record would replace the first's.
    path = jsonl(tmp_path / "batch.jsonl", [{"id": "a", "text": ARTICLE}, {"text": ARTICLE}, {"id": "a", "text": "Other."}, {"id": "line-2", "text": ARTICLE}])
    found = list(docs([Input(path, "batch")]))
    assert [(d.id, d.data is not None) for d in found] == [("batch/a", True), ("batch/line-2", True), ("batch/line-3", False), ("batch/line-4", False)]
    assert found[2].error == "line 3: id 'a' is used by an earlier document"
    assert found[3].error == "line 4: id 'line-2' is used by an earlier document"


@pytest.mark.parametrize(
    "rows",
    [
        [{"id": "line-2", "text": "FIRST " + ARTICLE}, {"id": "line-2", "text": ARTICLE}],  # its place's id is the one taken
        [{"id": "line-3", "text": "FIRST " + ARTICLE}, {"id": "a", "text": ARTICLE}, {"id": "a", "text": ARTICLE}],
        [{"id": "line-3", "text": "FIRST " + ARTICLE}, {"id": "line-3~1", "text": ARTICLE}, {"id": "line-3", "text": ARTICLE}],
    ],
)
def test_a_repeated_id_never_takes_an_id_in_use_nor_loses_the_first_document(tmp_path: Path, rows: list[object]) -> None:
    (tmp_path / "raw").mkdir()
    jsonl(tmp_path / "raw" / "same.jsonl", rows)
    found = list(docs(stream([str(tmp_path / "raw")], tmp_path / "raw")))
    assert len({d.id for d in found}) == len(found) and len({d.output for d in found}) == len(found)
    assert [d.error is None for d in found] == [True] * (len(found) - 1) + [False]
    result = run_cli("fix", "raw", "--out", "clean", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1 and "fail 1;" in result.stderr, result.stderr
    assert (tmp_path / "clean" / found[0].output).read_text().startswith("FIRST")
    assert set(manifest_records(tmp_path / "clean")) == {d.id for d in found}


def test_a_file_with_the_id_of_a_corpus_record_fails_instead_of_replacing_it(tmp_path: Path) -> None:
    # c.jsonl's record "x" and the file c/x.txt are both c/x: the folder walk cannot see it.
    jsonl(tmp_path / "c.jsonl", [{"id": "x", "text": ARTICLE}])
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(ARTICLE)
    (tmp_path / "c" / "y.txt").write_text(ARTICLE)
    found = list(docs(stream([str(tmp_path)], tmp_path / "raw"), unread=True))
    assert [(d.id, d.output, d.error) for d in found] == [
        ("c/x", "c/x.txt", None),
        ("c/x.txt", "c/x.txt.txt", "id 'c/x' is used by an earlier document"),
        ("c/y", "c/y.txt", None),
    ]


def test_the_failed_document_for_a_cut_jsonl_gz_takes_an_id_no_record_holds(tmp_path: Path) -> None:
    body = gzip.compress(b"".join(json.dumps({"id": f"line-{n + 2}", "text": ARTICLE}).encode() + b"\n" for n in range(50)))
    (tmp_path / "cut.jsonl.gz").write_bytes(body[: len(body) // 2])
    found = list(docs([Input(tmp_path / "cut.jsonl.gz", "cut")]))
    assert "cannot read" in str(found[-1].error) and len({d.id for d in found}) == len(found) > 1


def test_a_file_failed_for_a_record_s_id_takes_an_id_no_record_holds(tmp_path: Path) -> None:
    # c/x.txt would be failed as c/x.txt: the record "x.txt" holds that id, and its output would go.
    jsonl(tmp_path / "c.jsonl", [{"id": "x", "text": ARTICLE}, {"id": "x.txt", "text": "FIRST " + ARTICLE}])
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(ARTICLE)
    (tmp_path / "c" / "x.txt.txt").write_text(ARTICLE)  # its id, c/x.txt, is the record's too
    found = list(docs(stream([str(tmp_path)], tmp_path / "raw"), unread=True))
    assert len({d.id for d in found}) == len(found) == 4 and len({d.output for d in found}) == 4
    assert [d.error is None for d in found] == [True, True, False, False]


def test_a_failed_file_s_id_is_taken_in_the_run_s_ids_whatever_corpus_file_was_read_last(tmp_path: Path) -> None:
    # c.d.jsonl, whose ids are not kept for the run, is read between c.jsonl and c/: c/x.txt fails as
    # c/x.txt, which c/x.txt.txt's id then is too, and it must fail under another.
    jsonl(tmp_path / "c.jsonl", [{"id": "x", "text": ARTICLE}])
    jsonl(tmp_path / "c.d.jsonl", [{"id": "y", "text": ARTICLE}])
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(ARTICLE)
    (tmp_path / "c" / "x.txt.txt").write_text(ARTICLE)
    found = list(docs(stream([str(tmp_path)], tmp_path / "raw"), unread=True))
    assert len({d.id for d in found}) == len(found) == 4 and [d.error is None for d in found] == [True, True, False, False]


def test_ids_are_kept_for_the_run_only_beside_a_folder_of_the_corpus_file_s_name(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Only a file in c/ can have a record's id of c.jsonl: without that folder, a file's ids go with it.
    for name in ("a.jsonl", "b.jsonl", "c.jsonl"):
        jsonl(tmp_path / name, [{"id": f"r{n}", "text": ARTICLE} for n in range(200)] + [{"id": "r1", "text": ARTICLE}])
    seen = Seen()
    found = list(docs(stream([str(tmp_path)], tmp_path), seen=seen))
    assert [d.id for d in found if d.error] == ["a/line-201", "b/line-201", "c/line-201"]  # each file's repeat
    assert seen.run == set() and len(seen.ids) == 201  # the last file's, dropped with the next
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "r1.txt").write_text(ARTICLE)
    seen = Seen()
    found = list(docs(stream([str(tmp_path)], tmp_path), seen=seen))
    assert len(seen.run) == 202 and found[-1].id == "c/r1.txt" and found[-1].error
    # named one by one (a corpus file outside the folder): the file c/r1.txt named with it counts as beside
    elsewhere = jsonl(tmp_path_factory.mktemp("elsewhere") / "c.jsonl", [{"id": "r1", "text": ARTICLE}])
    found = list(docs(discover([str(elsewhere), str(tmp_path / "c" / "r1.txt")], tmp_path)))
    assert [d.error is None for d in found] == [True, False] and len({d.id for d in found}) == 2


def test_a_nested_corpus_file_s_record_never_takes_an_id_a_record_beside_it_holds(tmp_path: Path) -> None:
    # c.jsonl's record "d/k" and c/d.jsonl's record "k" are both c/d/k: the second fails, under an id of its own.
    jsonl(tmp_path / "c.jsonl", [{"id": "d/k", "text": ARTICLE}])
    (tmp_path / "c").mkdir()
    jsonl(tmp_path / "c" / "d.jsonl", [{"id": "k", "text": ARTICLE}])
    found = list(docs(stream([str(tmp_path)], tmp_path)))
    assert sorted(d.id for d in found) == ["c/d/k", "c/d/line-1"]
    assert [d.error is None for d in sorted(found, key=lambda d: d.id)] == [True, False]


def test_a_corpus_file_whose_name_is_not_utf8_is_cleaned(tmp_path: Path) -> None:
    import os

    (tmp_path / "raw").mkdir()
    jsonl(Path(os.fsdecode(bytes(tmp_path / "raw") + b"/caf\xe9.jsonl")), [{"id": "a", "text": ARTICLE}])
    result = run_cli("fix", "raw", "--out", "clean", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(manifest_records(tmp_path / "clean")) == ["caf\\xe9/a"] and (tmp_path / "clean" / "caf\\xe9" / "a.txt").is_file()


def test_a_file_with_a_record_s_id_and_a_name_that_is_not_utf8_is_failed(tmp_path: Path) -> None:
    import os

    (tmp_path / "raw" / "c").mkdir(parents=True)
    jsonl(tmp_path / "raw" / "c.jsonl", [{"id": "x\\xe9", "text": ARTICLE}])  # the id the file's name is shown by
    Path(os.fsdecode(bytes(tmp_path / "raw" / "c") + b"/x\xe9.txt")).write_text(ARTICLE)
    result = run_cli("fix", "raw", "--out", "clean", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1 and "fail 1;" in result.stderr, result.stderr
    assert sorted(manifest_records(tmp_path / "clean")) == ["c/x\\xe9", "c/x\\xe9.txt"]


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe.warc"])
def test_a_named_pipe_or_device_is_a_failed_document_not_a_read_that_never_ends(tmp_path: Path, name: str) -> None:
    import os
    import signal

    def waited(*_: object) -> None:
        raise TimeoutError("still reading")

    os.mkfifo(tmp_path / name)
    previous = signal.signal(signal.SIGALRM, waited)
    signal.alarm(20)  # before the check, opening a pipe with no writer waited for ever
    try:
        for unread in (False, True):
            found = list(docs([Input(tmp_path / name, "pipe"), Input(Path("/dev/zero"), "zero")], unread=unread))
            assert [(d.data, d.error) for d in found] == [(None, "not a regular file; not read")] * 2
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_record_without_an_id_is_named_by_its_line() -> None:
    assert member("batch", "line-3") == ("batch/line-3", "batch/line-3.txt")


def test_ids_that_are_not_file_names_get_a_safe_output_path() -> None:
    doc_id, output = member("batch", "https://example.org/a b")
    assert doc_id == "batch/https://example.org/a b"
    assert output.startswith("batch/https_example.org_a_b-") and output.endswith(".txt") and output.count("/") == 1


def test_container_id_drops_the_corpus_suffix() -> None:
    assert container_id(Input(Path("x/part.jsonl.gz"), "x/part.jsonl")) == "x/part"
    assert container_id(Input(Path("crawl.warc.gz"), "crawl.warc")) == "crawl"


def test_fix_over_jsonl_records_provenance_and_html_field(tmp_path: Path) -> None:
    jsonl(tmp_path / "pages.jsonl", [{"id": "p1", "html": PAGE}, {"id": "p2", "text": ARTICLE}])
    result = run_cli("fix", "pages.jsonl", "--jsonl-html-field", "html", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = manifest_records(tmp_path / "clean")
    assert records["pages/p1"]["format"] == "html" and records["pages/p2"]["format"] == "text"
    assert records["pages/p1"]["provenance"] == {"file": "pages.jsonl", "line": 1}
    assert "The council met" in (tmp_path / "clean" / "pages" / "p1.txt").read_text()
    assert "Home | News" not in (tmp_path / "clean" / "pages" / "p1.txt").read_text()


def test_jsonl_out_has_the_dolma_document_schema(tmp_path: Path) -> None:
    result = run_cli("fix", str(RAW), "--out-format", "jsonl", "--out", "out", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert len(lines) == len(list(RAW.iterdir()))
    for line in lines:
        assert set(line) == {"id", "text", "source", "added", "created", "metadata"}
        assert line["text"].strip() and line["metadata"]["status"] in ("ok", "warn")
    records = manifest_records(tmp_path / "out")
    assert {line["id"] for line in lines} == set(records)
    assert all(r["output"] == "documents.jsonl" for r in records.values())
    # Each text is the clean text the manifest hashes (raw/'s hold text outside ASCII), and the text fix writes.
    for line in lines:
        assert hashlib.sha256(line["text"].encode()).hexdigest() == records[line["id"]]["clean_sha256"]
    assert {line["text"] for line in lines} == {path.read_text(encoding="utf-8") for path in (REPO / "clean").glob("*.txt")}
    assert not list((tmp_path / "out").glob("*.txt"))


def test_jsonl_out_round_trips_as_jsonl_in(tmp_path: Path) -> None:
    run_cli("fix", str(RAW), "--out-format", "jsonl", "--out", "first", "--jobs", "1", cwd=tmp_path)
    (tmp_path / "first" / "documents.jsonl").rename(tmp_path / "again.jsonl")
    result = run_cli("fix", "again.jsonl", "--out", "second", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = manifest_records(tmp_path / "second")
    assert sorted(again) == sorted(f"again/{p.stem}" for p in RAW.iterdir())


def test_without_warcio_a_warc_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    (tmp_path / "crawl.warc").write_bytes(b"")
    with pytest.raises(UsageError, match=r"crawl.warc: .*scrapelint\[warc\]"):
        list(docs([Input(tmp_path / "crawl.warc", "crawl")]))


def warc_file(path: Path) -> list[str]:
    """A WARC with two HTML responses, one image response and one request; returns the HTML record ids."""
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for n, (ctype, body) in enumerate([("text/html; charset=utf-8", PAGE), ("image/png", "\x89PNG"), ("text/html", PAGE.replace("Bridge", "Tunnel"))]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"http://example.org/{n}", "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            writer.write_record(record)
            if "html" in ctype:
                ids.append(record.rec_headers.get_header("WARC-Record-ID"))
        writer.write_record(writer.create_warc_record("http://example.org/0", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return ids


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_documents(tmp_path: Path, name: str) -> None:
    ids = warc_file(tmp_path / name)
    found = list(docs([Input(tmp_path / name, name.split(".")[0])]))
    assert [d.provenance["warc_record_id"] for d in found] == ids
    assert [d.provenance["url"] for d in found] == ["http://example.org/0", "http://example.org/2"]
    assert all(d.format == "html" and d.data and d.data.startswith(b"<!doctype") for d in found)


def test_a_warc_record_id_met_twice_fails_the_second_record(tmp_path: Path) -> None:
    # Two WARC files joined with `cat`, one of them twice: the copies would replace the first records.
    once = tmp_path / "once.warc"
    ids = warc_file(once)
    (tmp_path / "twice.warc").write_bytes(once.read_bytes() * 2)
    found = list(docs([Input(tmp_path / "twice.warc", "twice")]))
    assert [d.id for d in found] == [f"twice/{i.strip('<>').removeprefix('urn:uuid:')}" for i in ids] + ["twice/record-5", "twice/record-7"]
    assert found[2].data is None and found[2].error == f"record 5: WARC-Record-ID {ids[0]} is used by an earlier document"


def test_fix_over_a_warc_writes_clean_text_and_provenance(tmp_path: Path) -> None:
    ids = warc_file(tmp_path / "crawl.warc.gz")
    result = run_cli("fix", "crawl.warc.gz", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = manifest_records(tmp_path / "clean")
    assert sorted(r["provenance"]["warc_record_id"] for r in records.values()) == sorted(ids)
    for record in records.values():
        assert "council met" in (tmp_path / "clean" / record["output"]).read_text()


@pytest.mark.parametrize("name", ["batch.jsonl", "batch.jsonl.gz", "crawl.warc", "crawl.warc.gz"])
def test_a_corpus_file_symlinked_from_outside_the_folder_is_one_failed_document(tmp_path: Path, name: str) -> None:
    secret = tmp_path / "secret" / name
    secret.parent.mkdir()
    if "warc" in name:
        warc_file(secret)
    else:
        jsonl(secret, [{"id": "a", "text": ARTICLE}])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).symlink_to(secret)
    found = list(docs([Input(tmp_path / "in" / name, name.split(".")[0], tmp_path / "in")]))
    assert [(d.id, d.data) for d in found] == [(name.split(".")[0], None)]
    assert "outside the input folder" in str(found[0].error)


def test_a_warc_that_cannot_be_opened_is_one_failed_document(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    (tmp_path / "crawl.warc").mkdir()  # a folder where a file is expected: open() fails
    found = list(docs([Input(tmp_path / "crawl.warc", "crawl")]))
    assert [(d.id, d.data) for d in found] == [("crawl", None)] and "cannot read" in str(found[0].error)


def test_a_warc_cut_inside_a_record_fails_that_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    ids = warc_file(path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"Tunnel") + 20])  # cut in the second HTML payload
    found = list(docs([Input(path, "crawl")]))
    assert [d.provenance["warc_record_id"] for d in found] == ids
    assert found[0].error is None and found[0].data
    assert found[1].data is None and "truncated" in str(found[1].error)


@pytest.mark.parametrize("cut", ["in the payload", "in the trailer", "in the last member"])
def test_a_warc_gz_cut_inside_a_gzip_member_adds_one_failed_document(tmp_path: Path, cut: str) -> None:
    """warcio reads a member cut short as far as it goes and says nothing; the end of the gzip stream tells."""
    path = tmp_path / "crawl.warc.gz"
    ids = warc_file(path)
    data = path.read_bytes()
    members = [0] + [i for i in range(1, len(data)) if data.startswith(b"\x1f\x8b\x08", i)]  # one per record
    assert len(members) == 4
    end = {"in the payload": (members[2] + members[3]) // 2, "in the trailer": members[3] - 4, "in the last member": len(data) - 20}[cut]
    path.write_bytes(data[:end])
    found = list(docs([Input(path, "crawl")]))
    kept = [d.provenance["warc_record_id"] for d in found if d.data]
    assert kept == (ids[:1] if cut == "in the payload" else ids)
    assert [d for d in found if d.data is None] == [found[-1]] and "truncated (the file ends inside a gzip member)" in str(found[-1].error)
    path.write_bytes(data)
    assert all(d.data for d in docs([Input(path, "crawl")]))  # whole: nothing more


def test_a_damaged_warc_gz_keeps_the_records_before_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    ids = warc_file(path)
    data = path.read_bytes()
    second_member = data.index(b"\x1f\x8b", 1)
    third_member = data.index(b"\x1f\x8b", second_member + 1)
    path.write_bytes(data[:third_member] + b"not gzip, not a record" * 20 + data[third_member:])
    found = list(docs([Input(path, "crawl")]))
    assert [d.error for d in found[:1]] == [None] and found[0].provenance["warc_record_id"] == ids[0]
    assert found[-1].data is None and "damaged WARC" in str(found[-1].error) and "\n" not in str(found[-1].error)


def test_fix_records_every_way_out_of_the_input_folder_and_reads_none(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text(ARTICLE.replace("council", "vault"))
    jsonl(secret / "dump.jsonl", [{"id": "a", "text": ARTICLE.replace("council", "vault")}])
    raw = tmp_path / "raw"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "doc.txt").write_text(ARTICLE)
    (raw / "folder").symlink_to(secret, target_is_directory=True)
    (raw / "dump.jsonl").symlink_to(secret / "dump.jsonl")
    (raw / "key.txt").symlink_to(secret / "key.txt")
    (raw / "loop").symlink_to(raw / "loop")
    (raw / "mirror").symlink_to(raw / "site", target_is_directory=True)
    result = run_cli("fix", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    records = manifest_records(tmp_path / "clean")
    assert sorted(records) == ["dump", "folder", "key", "loop", "site/doc"]
    for doc_id in ("dump", "folder", "key"):
        assert records[doc_id]["status"] == "fail" and "outside the input folder" in records[doc_id]["messages"][0]
    assert records["loop"]["status"] == "fail" and "symlink loop" in records["loop"]["messages"][0]
    assert records["site/doc"]["status"] != "fail"
    assert not any("vault" in p.read_text() for p in (tmp_path / "clean").rglob("*.txt"))


def test_sources_are_named_relative_to_the_project_root_wherever_the_run_starts(tmp_path: Path, monkeypatch) -> None:
    project, outside = tmp_path / "project", tmp_path / "elsewhere" / "crawl.jsonl"
    (project / "raw" / "forum").mkdir(parents=True)
    (project / "notes").mkdir()
    outside.parent.mkdir()
    monkeypatch.chdir(project / "notes")
    assert source_name(Path("../raw/forum/a.txt"), project) == "raw/forum/a.txt"
    assert source_name(project / "raw" / "a.txt", project) == "raw/a.txt"
    assert source_name(Path("../../elsewhere/crawl.jsonl"), project) == str(outside)  # outside the root: absolute
    assert source_name(Path("../raw/a.txt"), None) == "../raw/a.txt"  # no config, no root: as given
    found = list(docs([Input(jsonl(outside, [{"id": "x", "text": ARTICLE}]), "crawl")], root=project))
    assert [(doc.source, doc.provenance["file"]) for doc in found] == [(str(outside), str(outside))]


def test_an_unread_document_is_the_same_once_read(tmp_path: Path) -> None:
    from ingest.sources import read

    (tmp_path / "page.txt").write_text("Some text.")
    page = Input(tmp_path / "page.txt", "page")
    unread = next(docs([page], unread=True))
    assert unread.unread and unread.data is None and unread.stat is not None
    assert read(unread) == next(docs([page])) and not read(unread).unread
    (tmp_path / "page.txt").unlink()  # gone between its stat and its read: a failed document, as when read at once
    failed = read(unread)
    assert failed.data is None and failed.error.startswith("cannot read: ") and not failed.unread
