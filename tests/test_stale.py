"""fix --check and fix --diff: the CI gate over clean/, writing nothing."""

from __future__ import annotations

from pathlib import Path

from support import digests, fix_in, run_cli


def test_up_to_date_passes(corpus: Path) -> None:
    fix_in(corpus)
    result = run_cli("fix", "--check", cwd=corpus)
    assert (result.returncode, result.stdout) == (0, "")
    assert run_cli("fix", "--diff", cwd=corpus).returncode == 0


def test_before_any_fix_every_document_is_new(corpus: Path) -> None:
    result = run_cli("fix", "--check", cwd=corpus)
    assert result.returncode == 1
    assert result.stdout.count("(new document)") == 5
    assert not (corpus / "clean").exists()


def test_changed_raw_is_named_and_nothing_is_written(corpus: Path) -> None:
    fix_in(corpus)
    raw = corpus / "raw" / "002_94dbe545757dba67.txt"
    raw.write_text(raw.read_text() + "\n\nOne more paragraph added by the scraper on a later visit, with enough words.")
    before = digests(corpus)
    result = run_cli("fix", "--check", cwd=corpus)
    assert result.returncode == 1
    assert "clean/002_94dbe545757dba67.txt: would change (raw document changed)" in result.stdout.splitlines()
    assert "clean/manifest.jsonl: would change (manifest records differ)" in result.stdout.splitlines()
    diff = run_cli("fix", "--diff", cwd=corpus)
    assert diff.returncode == 1
    assert "+One more paragraph added by the scraper" in diff.stdout
    assert "--- a/clean/002_94dbe545757dba67.txt" in diff.stdout
    assert digests(corpus) == before


def test_changed_rules_are_named(corpus: Path) -> None:
    fix_in(corpus)
    config = corpus / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [comment-section]\n")
    result = run_cli("fix", "--check", cwd=corpus)
    assert "clean/004_c6c4964a1338d4c4.txt: would change (rules changed)" in result.stdout.splitlines()


def test_removed_documents_and_orphans(corpus: Path) -> None:
    fix_in(corpus)
    (corpus / "raw" / "000_c11e5c5de5512f21.txt").unlink()
    (corpus / "clean" / "stray.txt").write_text("left over\n")
    lines = run_cli("fix", "--check", cwd=corpus).stdout.splitlines()
    assert "clean/000_c11e5c5de5512f21.txt: would change (its raw document is gone)" in lines
    assert "clean/stray.txt: would change (orphan: no document writes it)" in lines


def test_a_file_behind_a_hidden_name_is_no_orphan(corpus: Path) -> None:
    # The walk passes over a hidden folder as over a hidden file (inputs.hidden_path): so does the check.
    fix_in(corpus)
    (corpus / "clean" / ".snapshots").mkdir()
    (corpus / "clean" / ".snapshots" / "old.txt").write_text("kept by hand\n")
    (corpus / "clean" / ".note.txt").write_text("kept by hand\n")
    checked = run_cli("fix", "--check", cwd=corpus)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_a_failing_document_fails_the_check(corpus: Path) -> None:
    (corpus / "raw" / "empty.txt").write_text("   \n")
    run_cli("fix", cwd=corpus)
    result = run_cli("fix", "--check", cwd=corpus)
    assert result.returncode == 1
    assert "raw/empty.txt: fails validation: SL002 empty-document: no words left after cleaning" in result.stdout


def test_a_changed_per_path_override_makes_only_its_documents_stale(corpus: Path) -> None:
    forum = corpus / "raw" / "forum"
    forum.mkdir()
    (corpus / "raw" / "004_c6c4964a1338d4c4.txt").rename(forum / "004.txt")
    config = corpus / ".scrapelint.yaml"
    config.write_text("extends: default\nper-path:\n  raw/forum/**: {ignore: [pull-quote]}\n")
    fix_in(corpus)
    assert run_cli("fix", "--check", cwd=corpus).returncode == 0

    config.write_text("extends: default\nper-path:\n  raw/forum/**: {ignore: [comment-section]}\n")
    before = digests(corpus)
    result = run_cli("fix", "--check", cwd=corpus)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "clean/forum/004.txt: would change (rules changed)",
        "clean/manifest.jsonl: would change (manifest records differ)",
    ]
    assert "\n+2 replies on " in run_cli("fix", "--diff", cwd=corpus).stdout  # the comment section stays
    assert digests(corpus) == before

    again = run_cli("fix", "--jobs", "1", cwd=corpus)
    assert "(1 processed, 4 unchanged)" in again.stderr  # the incremental skip keeps the other documents
    assert run_cli("fix", "--check", cwd=corpus).returncode == 0


def test_check_names_the_same_changes_as_diff_without_their_texts(corpus: Path) -> None:
    from ingest.config import load
    from ingest.inputs import discover
    from ingest.sources import docs
    from ingest.stale import plan

    fix_in(corpus)
    raw = corpus / "raw" / "002_94dbe545757dba67.txt"
    raw.write_text(raw.read_text() + "\n\nOne more paragraph added by the scraper on a later visit, with enough words.")
    (corpus / "clean" / "stray.txt").write_text("left over\n")
    found = discover([str(corpus / "raw")], corpus / "raw")
    with_texts = plan(docs(found), load(), corpus / "clean")
    names_only = plan(docs(found), load(), corpus / "clean", texts=False)
    assert [(c.path, c.reason) for c in names_only] == [(c.path, c.reason) for c in with_texts]
    assert len(with_texts) == 3 and all(c.before or c.after for c in with_texts)
    assert all(c.before == c.after == "" for c in names_only)


def test_a_diff_parts_lines_at_line_breaks_only() -> None:
    from ingest.stale import Change, diff

    # U+2028 and a form feed stay inside a line, as the rules' lines hold them.
    shown = diff([Change("p.txt", "text", "one\u2028two\fsix\nthree\n", "one\u2028TWO\fsix\nthree\nfour")])
    assert shown.split("\n")[2:] == ["@@ -1,2 +1,3 @@", "-one\u2028two\fsix", "+one\u2028TWO\fsix", " three", "+four", "\\ No newline at end of file"]
