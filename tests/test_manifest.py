import json

import pytest

from ingest.manifest import ManifestError, dumps, read, write


def test_round_trip_sorted_by_id(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    write(path, {"b": {"id": "b", "z": 1, "a": 2}, "a": {"id": "a"}})
    lines = path.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]
    assert lines[1] == '{"a": 2, "id": "b", "z": 1}'
    assert read(path) == {"a": {"id": "a"}, "b": {"id": "b", "z": 1, "a": 2}}


def test_missing_manifest_is_empty(tmp_path) -> None:
    assert read(tmp_path / "manifest.jsonl") == {}


def test_non_ascii_is_kept_readable() -> None:
    assert "Köln" in dumps({"k": {"id": "k", "title": "Köln"}}).decode()


def test_bad_line_is_an_error_naming_it(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"id": "a"}\nnot json\n')
    with pytest.raises(ManifestError, match=r"manifest.jsonl:2:"):
        read(path)
