import os
from pathlib import Path

import pytest

from ingest.inputs import UsageError, discover, document_id, stream


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


def test_a_name_byte_that_is_not_utf8_shows_in_the_id_as_an_escape(tmp_path) -> None:
    # The id is text for the manifest and its output's name: the byte as \\xe9, as a file or in a folder.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    found = discover([str(folder)], tmp_path / "raw") + discover([str(next(folder.iterdir()))], tmp_path / "raw")
    assert [(i.id, i.output) for i in found] == [("caf\\xe9", "caf\\xe9.txt")] * 2
    assert found[0].path.read_text() == "x"


def test_a_named_pipe_in_a_folder_is_an_input_so_that_it_is_recorded(tmp_path) -> None:
    touch(tmp_path / "in" / "doc.txt")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    assert [i.id for i in discover([str(tmp_path / "in")], tmp_path / "raw")] == ["doc", "pipe"]


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
    found = {item.id: item.refused() is not None for item in discover([str(tmp_path)], tmp_path)}
    assert found == {"link": False, "out": True, "sub/real": False}


def test_a_folder_symlink_inside_the_root_is_walked_once_under_its_own_path(tmp_path) -> None:
    touch(tmp_path / "in" / "site" / "a.txt")
    (tmp_path / "in" / "mirror").symlink_to(tmp_path / "in" / "site", target_is_directory=True)
    (tmp_path / "in" / "site" / "up").symlink_to(tmp_path / "in", target_is_directory=True)  # a loop
    items = discover([str(tmp_path / "in")], tmp_path / "raw")
    assert [(i.id, i.refused()) for i in items] == [("site/a", None)]


def test_a_folder_symlink_leading_out_of_the_root_is_an_input_that_is_refused(tmp_path) -> None:
    touch(tmp_path / "secret" / "key.txt")
    touch(tmp_path / "in" / "doc.txt")
    (tmp_path / "in" / "elsewhere").symlink_to(tmp_path / "secret", target_is_directory=True)
    items = {i.id: i for i in discover([str(tmp_path / "in")], tmp_path / "raw")}
    assert sorted(items) == ["doc", "elsewhere"]  # nothing under it: not walked into
    assert "outside the input folder" in str(items["elsewhere"].refused())
    assert items["doc"].refused() is None


def test_a_symlink_loop_is_an_input_that_is_refused(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in" / "loop")
    (tmp_path / "in" / "a.txt").symlink_to(tmp_path / "in" / "b.txt")
    (tmp_path / "in" / "b.txt").symlink_to(tmp_path / "in" / "a.txt")
    items = discover([str(tmp_path / "in")], tmp_path / "raw")
    assert [(i.id, i.refused()) for i in items] == [(name, "symlink loop; not read") for name in ("a", "b", "loop")]


def test_a_file_named_on_the_command_line_is_read_wherever_it_points(tmp_path) -> None:
    target = touch(tmp_path / "secret" / "doc.txt")
    (tmp_path / "link.txt").symlink_to(target)
    assert discover([str(tmp_path / "link.txt")], tmp_path / "raw")[0].refused() is None


def test_a_folder_is_walked_in_id_order(tmp_path) -> None:
    names = ["a.txt", "a-b.txt", "a/x.txt", "a/b/c.html", "a b/y.txt", "B.txt", "a.b/z.txt", "z.html.gz", "ä.txt", "a0.txt"]
    for name in names:
        touch(tmp_path / "in" / name)
    walked = [item.id for item in stream([str(tmp_path / "in")], tmp_path / "raw")]
    assert walked == sorted(walked) == [item.id for item in discover([str(tmp_path / "in")], tmp_path / "raw")]
    assert len(walked) == len(names)


def test_one_folder_is_read_as_it_is_walked(tmp_path) -> None:
    touch(tmp_path / "in" / "a" / "first.txt")
    touch(tmp_path / "in" / "c" / "third.txt")
    found = iter(stream([str(tmp_path / "in")], tmp_path / "raw"))
    assert next(found).id == "a/first"
    touch(tmp_path / "in" / "c" / "second.txt")  # c/ is not listed yet: there is no list of every file
    assert [item.id for item in found] == ["c/second", "c/third"]
