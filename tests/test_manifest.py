import gc
import json
import os

import pytest

from ingest.manifest import ManifestError, Records, line


def save(path, records) -> None:
    """The manifest as a run writes it."""
    with Records(path) as stored:
        for record in records:
            stored.put(record)
        stored.save()


def read(path) -> dict:
    with Records(path) as stored:
        return {record["id"]: record for record in stored}


def test_round_trip_sorted_by_id(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    save(path, [{"id": "b", "z": 1, "a": 2}, {"id": "a"}])
    lines = path.read_text().splitlines()
    assert [json.loads(text)["id"] for text in lines] == ["a", "b"]
    assert lines[1] == '{"a": 2, "id": "b", "z": 1}'
    assert read(path) == {"a": {"id": "a"}, "b": {"id": "b", "z": 1, "a": 2}}


def test_missing_manifest_is_empty(tmp_path) -> None:
    assert read(tmp_path / "manifest.jsonl") == {}


def test_non_ascii_is_kept_readable() -> None:
    assert "Köln" in line({"id": "k", "title": "Köln"}).decode()


def test_a_source_name_that_is_not_utf8_saves_and_reads_back(tmp_path) -> None:
    # os.fsdecode keeps a byte that is not UTF-8 as a lone surrogate: the line holds it as a JSON escape.
    path = tmp_path / "manifest.jsonl"
    source = "raw/" + os.fsdecode(b"caf\xe9.txt")
    save(path, [{"id": "caf\\xe9", "source": source}])
    assert "\\udce9" in path.read_text(encoding="ascii")
    assert read(path)["caf\\xe9"] == {"id": "caf\\xe9", "source": source}


def test_bad_line_is_an_error_naming_it(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"id": "a"}\nnot json\n')
    with pytest.raises(ManifestError, match=r"manifest.jsonl:2:"):
        read(path)


def test_a_title_holding_a_line_separator_stays_one_record(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    save(path, [{"id": "a", "title": "one\u2028two\x85three"}, {"id": "b"}])
    assert read(path)["a"] == {"id": "a", "title": "one\u2028two\x85three"}


def test_records_replace_and_add_and_save_sorted_by_id(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    save(path, [{"id": "b", "n": 1}, {"id": "é"}])
    with Records(path, folder=tmp_path) as records:
        assert records.get("b") == {"id": "b", "n": 1} and records.get("z") is None
        records.put({"id": "b", "n": 2})
        records.put({"id": "a"})
        records.put({"id": "Z"})
        records.delete("é")
        assert [r["id"] for r in records] == sorted(["a", "b", "Z"])
        assert read(path)["b"]["n"] == 1  # nothing reaches the manifest before save
        records.save()
    assert path.read_bytes() == b"".join(line(record) + b"\n" for record in ({"id": "Z"}, {"id": "a"}, {"id": "b", "n": 2}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.jsonl"]  # its working database is gone


def test_ids_sort_by_code_point_as_python_sorts_them(tmp_path) -> None:
    ids = ["b", "a/b", "a b", "a.b", "ä", "日本", "\U0001f600", "Z", "a", "ｚ"]
    with Records(tmp_path / "manifest.jsonl") as records:
        for doc_id in ids:
            records.put({"id": doc_id})
        assert [r["id"] for r in records] == sorted(ids)


def test_a_record_equal_to_the_stored_one_changes_nothing(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    save(path, [{"id": "a", "n": 1}])
    with Records(path) as records:
        records.put({"n": 1, "id": "a"})
        records.delete("missing")
        assert not records.changed
        records.put({"id": "a", "n": 2})
        assert records.changed


def test_records_put_are_not_committed_one_by_one(tmp_path) -> None:
    # A commit per record wrote its pages to the working copy's file at every document of a run.
    save(tmp_path / "manifest.jsonl", [{"id": "a"}])
    with Records(tmp_path / "manifest.jsonl", folder=tmp_path) as records:
        for doc_id in "bcd":
            records.put({"id": doc_id})
            assert records._db.in_transaction
        records.save()
        assert records._db.in_transaction and [r["id"] for r in records] == ["a", "b", "c", "d"]
    assert [json.loads(raw)["id"] for raw in (tmp_path / "manifest.jsonl").read_bytes().splitlines()] == ["a", "b", "c", "d"]


def test_a_working_copy_rolled_back_by_sqlite_is_not_saved_over_the_manifest(tmp_path) -> None:
    # On a full disk or an I/O error SQLite rolls the run's one transaction back by itself: saving then
    # wrote an empty manifest over the last one.
    save(tmp_path / "manifest.jsonl", [{"id": "a"}, {"id": "b"}])
    before = (tmp_path / "manifest.jsonl").read_bytes()
    with Records(tmp_path / "manifest.jsonl", folder=tmp_path) as records:
        records.put({"id": "c"})
        records._db.execute(f"PRAGMA max_page_count = {records._db.execute('PRAGMA page_count').fetchone()[0]}")
        # A full disk, as SQLite sees it: named at once (a run whose manifest had no change since its last
        # checkpoint does not save at its end), and again by a save.
        lost = r"manifest.jsonl: not saved: .*\(OperationalError: database or disk is full\)"
        with pytest.raises(ManifestError, match=lost):
            for number in range(10_000):
                records.put({"id": f"d{number}", "text": "x" * 1000})
        with pytest.raises(ManifestError, match=lost):
            records.save()
    assert (tmp_path / "manifest.jsonl").read_bytes() == before


def test_the_working_database_is_unlinked_while_open(tmp_path) -> None:
    with Records(tmp_path / "manifest.jsonl", folder=tmp_path):
        assert list(tmp_path.iterdir()) == []  # a run killed now leaves no file behind


def test_records_hold_no_record_in_python_memory(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    save(path, [{"id": str(n), "held_probe": [n]} for n in range(500)])
    with Records(path, folder=tmp_path) as records:
        for n in range(500, 1000):
            records.put({"id": str(n), "held_probe": [n]})
        gc.collect()
        assert sum(1 for o in gc.get_objects() if isinstance(o, dict) and "held_probe" in o) == 0
        assert len(list(records.lines())) == 1000


def test_a_bad_line_fails_records_too(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": null}\n')
    with pytest.raises(ManifestError, match=r"manifest.jsonl:3:"):
        Records(path, folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.jsonl"]


def brief_of(record: dict) -> dict:
    from ingest.manifest import BRIEF_FIELDS

    return {name: record[name] for name in BRIEF_FIELDS if record.get(name) is not None}


@pytest.mark.parametrize("json_functions", [True, False])
def test_briefs_are_the_records_fields_whatever_the_order_of_lookups_and_writes(tmp_path, json_functions: bool) -> None:
    import random

    from ingest.manifest import READ_AHEAD

    path = tmp_path / "manifest.jsonl"
    stored = {
        f"doc{n:04}": {
            "id": f"doc{n:04}", "ruleset": "r", "version": "1", "source": f"raw/doc{n:04}.txt", "raw_sha256": f"{n:064x}",
            "clean_sha256": None if n % 7 == 0 else f"{n + 1:064x}", "output": None if n % 7 == 0 else f"doc{n:04}.txt",
            "status": "fail" if n % 7 == 0 else "ok", "title": "Köln\u2028", "messages": ["x"],
            **({"provenance": {"file": "a.jsonl", "line": n}} if n % 3 == 0 else {}),
        }
        for n in range(0, 3 * READ_AHEAD, 2)  # odd numbers have no record
    }
    save(path, stored.values())
    asked = [f"doc{n:04}" for n in range(-1, 3 * READ_AHEAD + 1)]
    with Records(path) as records:
        records._json = json_functions  # as where SQLite has no JSON functions
        for order in (asked, asked[::-1], random.Random(6).sample(asked, len(asked))):
            for doc_id in order:
                assert records.brief(doc_id) == (brief_of(stored[doc_id]) if doc_id in stored else None), doc_id
        # In id order again, as a folder is walked, writing records just ahead of the lookups.
        writes = {"doc0100": {**stored["doc0102"], "raw_sha256": "new"}, "doc0120": {"id": "doc0121", "status": "ok"}, "doc0140": "doc0142"}
        for doc_id in asked:
            write = writes.get(doc_id)
            if isinstance(write, dict):
                records.put(write)
                stored[write["id"]] = write
            elif write:
                records.delete(write)
                del stored[write]
            assert records.brief(doc_id) == (brief_of(stored[doc_id]) if doc_id in stored else None), doc_id
