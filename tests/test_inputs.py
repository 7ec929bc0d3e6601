from pathlib import Path

import pytest

from ingest.inputs import UsageError, discover, document_id


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    return path


def test_folder_ids_are_relative_paths_without_suffix(tmp_path) -> None:
    touch(tmp_path / "in" / "b.txt")
    touch(tmp_path / "in" / "site" / "a.html")
    items = discover([str(tmp_path / "in")], tmp_path / "raw")
    assert [(i.id, i.output) for i in items] == [("b", "b.txt"), ("site/a", "site/a.txt")]


def test_hidden_files_and_manifests_are_skipped(tmp_path) -> None:
    touch(tmp_path / "in" / ".git" / "config")
    touch(tmp_path / "in" / ".hidden.txt")
    touch(tmp_path / "in" / "manifest.jsonl")
    touch(tmp_path / "in" / "doc.txt")
    assert [i.id for i in discover([str(tmp_path / "in")], tmp_path / "raw")] == ["doc"]


def test_files_under_raw_keep_their_path_below_raw(tmp_path) -> None:
    file = touch(tmp_path / "raw" / "site" / "doc.txt")
    assert discover([str(file)], tmp_path / "raw")[0].id == "site/doc"


def test_files_elsewhere_use_their_name(tmp_path) -> None:
    file = touch(tmp_path / "other" / "doc.txt")
    assert discover([str(file)], tmp_path / "raw")[0].id == "doc"


def test_two_inputs_for_one_output_is_a_usage_error(tmp_path) -> None:
    touch(tmp_path / "in" / "doc.txt")
    touch(tmp_path / "in" / "doc.html")
    with pytest.raises(UsageError, match="same output doc.txt"):
        discover([str(tmp_path / "in")], tmp_path / "raw")


def test_missing_path_is_a_usage_error(tmp_path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([str(tmp_path / "nope")], tmp_path / "raw")


def test_html_gz_loses_both_suffixes(tmp_path) -> None:
    touch(tmp_path / "in" / "page.html.gz")
    assert discover([str(tmp_path / "in")], tmp_path / "raw")[0].output == "page.txt"


def test_ids_found_in_a_folder_follow_the_same_suffix_rule_as_named_files() -> None:
    from ingest.inputs import _id_of_parts

    for name in ["a.txt", "a.html.gz", "a.GZ", ".gz", "a.", "a..gz", "a.gz.", ".hidden", "noext", "x.y.z", "é.TXT.Gz"]:
        for folders in [(), ("d",), ("d.e", "f")]:
            assert _id_of_parts((*folders, name)) == document_id(Path(*folders, name))


def test_a_symlink_inside_the_folder_to_a_file_inside_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "real.txt").write_text("text\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "sub" / "real.txt")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("text\n")
    (tmp_path / "out.txt").symlink_to(outside)
    found = {item.id: item.outside_root() for item in discover([str(tmp_path)], tmp_path)}
    assert found == {"link": False, "out": True, "sub/real": False}
