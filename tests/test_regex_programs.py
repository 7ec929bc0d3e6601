"""Kept regex programs: a pattern compiled on one run is built from its program on the next, the same."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import RAW, REPO

from ingest import cache, regex_programs

PATTERNS = [(r"(?i)caf[eé] (?P<number>\d+)", 0), (rb"<meta[^>]+charset", re.IGNORECASE), (r"\w+(?=:)", re.ASCII | re.MULTILINE)]


@pytest.fixture
def programs(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, nothing kept or compiled yet, and `re`'s compiler as it was."""
    if regex_programs.STAMP is None:
        pytest.skip("this Python's `re` lacks what kept programs rely on")
    monkeypatch.setattr(regex_programs, "PROGRAMS", fresh())
    monkeypatch.setattr(re._compiler, "compile", regex_programs.ORIGINAL)
    return cache_dir


def fresh() -> cache.Entries:
    return cache.Entries(regex_programs.NAME, lambda: regex_programs.STAMP, regex_programs.MAX_PROGRAMS)


def new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: nothing kept in memory, `re`'s own compiler."""
    monkeypatch.setattr(regex_programs, "PROGRAMS", fresh())
    re._compiler.compile = regex_programs.ORIGINAL
    regex_programs.load()


def test_a_kept_program_builds_the_pattern_re_compiles(programs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regex_programs.load()
    first = [re._compiler.compile(pattern, int(flags)) for pattern, flags in PATTERNS]
    regex_programs.save()
    assert (programs / regex_programs.NAME).is_file()
    new_run(monkeypatch)
    built = [regex_programs._compile(pattern, int(flags)) for pattern, flags in PATTERNS]
    assert regex_programs.PROGRAMS.learnt == {}  # none compiled anew: all built from the kept programs
    assert built == first  # a Pattern compares its flags and program
    assert built[0].groupindex == {"number": 1} and built[0].search("CAFÉ 12")["number"] == "12"
    assert built[1].search(b'<META content="x" charset') is not None
    assert [m[0] for m in built[2].finditer("é:\nkey: value")] == ["key"]


def test_re_compile_anywhere_finds_a_kept_pattern(programs: Path) -> None:
    source = r"kept by (?:one|an earlier) run \d+"
    code = f"import re, ingest.cli; re.compile({source!r}); from ingest import regex_programs as r; r.save(); print(len(r.PROGRAMS.learnt))"
    env = {"SCRAPELINT_CACHE_DIR": str(programs), "PATH": "", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    again = subprocess.run(
        [sys.executable, "-c", f"import re, ingest.cli; from ingest import regex_programs as r; re.compile({source!r}); print(r.PROGRAMS.learnt, ({source!r}, 0) in r.PROGRAMS.used, re._compiler.compile is r._compile)"],
        check=True, env=env, capture_output=True, text=True,
    )
    assert again.stdout.split() == ["{}", "True", "True"]


def test_a_library_import_leaves_re_as_it_is(programs: Path) -> None:
    env = {"SCRAPELINT_CACHE_DIR": str(programs), "PATH": "", "PYTHONPATH": str(REPO)}
    code = "import re._compiler as c; before = c.compile; import ingest.pipeline, ingest.config; print(c.compile is before)"
    assert subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True).stdout.strip() == "True"


@pytest.mark.parametrize("differs", ["program", "group names"])
def test_where_a_built_pattern_differs_from_re_s_none_is_kept(programs: Path, monkeypatch: pytest.MonkeyPatch, differs: str) -> None:
    found = regex_programs._program

    def other(pattern, flags):  # as if `re` found programs differently from this module
        final_flags, code, groups, groupindex, indexgroup = found(pattern, flags)
        if differs == "program":
            return found("b+" if isinstance(pattern, str) else b"b+", flags)
        renamed = {f"other_{name}": index for name, index in groupindex.items()}
        return final_flags, code, groups, renamed, tuple(name and f"other_{name}" for name in indexgroup)

    monkeypatch.setattr(regex_programs, "_program", other)
    regex_programs._same_as_re.cache_clear()
    try:
        regex_programs.load()
        assert re._compiler.compile("(?P<a>x)+", 0).groupindex == {"a": 1}  # compiled by `re` itself
        regex_programs.save()
        assert not (programs / regex_programs.NAME).exists()
    finally:
        regex_programs._same_as_re.cache_clear()


def test_a_pattern_not_kept_yet_is_compiled_once(programs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a first run, the program kept is the one the pattern was compiled from, not found again at `save`."""
    source = r"compiled once (?:on|at) (?P<start>\w+)"
    regex_programs.load()
    regex_programs._same_as_re()
    parses = []
    parse = re._parser.parse
    monkeypatch.setattr(re._parser, "parse", lambda pattern, *rest: parses.append(pattern) or parse(pattern, *rest))
    compiled = re._compiler.compile(source, 0)
    regex_programs.save()
    assert parses == [source]
    new_run(monkeypatch)
    assert re._compiler.compile(source, 0) == compiled and parses == [source]  # built from the kept program


@pytest.mark.parametrize("stored", ["another stamp", "damaged"])
def test_a_file_of_another_python_or_damaged_is_not_used(programs: Path, monkeypatch: pytest.MonkeyPatch, stored: str) -> None:
    regex_programs.load()
    re.purge()
    expected = re.compile("(?:kept)+ programs", re.IGNORECASE)
    regex_programs.save()
    path = programs / regex_programs.NAME
    stamp, entries = cache.read(regex_programs.NAME)
    if stored == "another stamp":
        cache.write(regex_programs.NAME, ((0, *stamp[1:]), entries))
    else:
        cache.write(regex_programs.NAME, (stamp, {key: (program[0], b"\x00\x01\x02\x03", *program[2:]) for key, program in entries.items()}))
    assert path.is_file()
    new_run(monkeypatch)
    re.purge()
    assert re.compile("(?:kept)+ programs", re.IGNORECASE) == expected  # compiled by `re` itself
    assert ("(?:kept)+ programs", int(re.IGNORECASE)) in regex_programs.PROGRAMS.learnt


def test_a_check_keeps_what_it_compiled_for_the_next_start(programs: Path) -> None:
    env = {"SCRAPELINT_CACHE_DIR": str(programs), "PATH": "", "PYTHONPATH": str(REPO)}
    sample = str(sorted(RAW.glob("*.txt"))[0])
    subprocess.run([sys.executable, str(REPO / "lint.py"), "check", sample], env=env, capture_output=True)
    probe = "import ingest.cli, ingest.text, re; from ingest import regex_programs as r; print((ingest.text.WORD.pattern, 0) in r.PROGRAMS.used, r.PROGRAMS.learnt == {})"
    again = subprocess.run([sys.executable, "-c", probe], check=True, env=env, capture_output=True, text=True)
    assert again.stdout.split() == ["True", "True"]


def test_what_is_remembered_for_saving_is_bounded(programs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_programs, "MAX_PROGRAMS", 3)
    regex_programs.load()
    for number in range(5):
        regex_programs._compile(f"made for page {number}", 0)
    assert list(regex_programs.PROGRAMS.learnt) == [(f"made for page {number}", 0) for number in range(3)]


def test_a_pattern_of_a_documents_words_is_not_kept(programs: Path) -> None:
    regex_programs.load()
    pattern = regex_programs.unkept(r"Work starts(?!\w)")
    assert pattern.search("Work starts in June") is not None
    assert regex_programs.PROGRAMS.learnt == {}


def test_patterns_a_run_used_are_kept_ahead_of_older_ones(programs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_programs, "MAX_PROGRAMS", 3)
    new_run(monkeypatch)
    for number in range(3):
        regex_programs._compile(f"kept from run {number}", 0)
    regex_programs.save()
    new_run(monkeypatch)
    regex_programs._compile("kept from run 0", 0)  # used again: from its program
    regex_programs._compile("learnt by the next run", 0)
    regex_programs.save()
    _, entries = cache.read(regex_programs.NAME)
    assert [pattern for pattern, _ in entries] == ["kept from run 2", "kept from run 0", "learnt by the next run"]


def test_a_check_of_the_bundled_files_keeps_none_of_their_words(programs: Path) -> None:
    # Patterns made of a page's own words (locate's anchors, a heading named in a paragraph, a page's
    # made-up tags) are compiled unkept: three words of a document in a row never reach the user's cache.
    env = {"SCRAPELINT_CACHE_DIR": str(programs), "PATH": "", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, str(REPO / "lint.py"), "check", str(RAW)], env=env, capture_output=True)
    probe = "import json; from ingest import regex_programs as r; r.load(); print(json.dumps([p for p, _ in r.PROGRAMS.entries if isinstance(p, str)]))"
    kept = json.loads(subprocess.run([sys.executable, "-c", probe], check=True, env=env, capture_output=True, text=True).stdout)
    assert len(kept) > 50  # the rules' patterns are kept
    runs = set()  # four words of a document in a row
    for path in RAW.iterdir():
        words = re.findall(r"[a-z]{3,}", path.read_text(encoding="utf-8", errors="replace").lower())
        runs.update(" ".join(words[at:at + 4]) for at in range(len(words) - 3))
    plain = [" ".join(re.findall(r"[a-z]{3,}", re.sub(r"\\[a-z]", " ", pattern.lower()))) for pattern in kept]
    assert [pattern for pattern, text in zip(kept, plain) if any(run in text for run in runs)] == []


def test_a_pattern_compiled_with_debug_prints_its_program_as_re_does(programs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # re.DEBUG asks `re` to print the parsed program while compiling: left to `re` itself, not kept.
    regex_programs.ORIGINAL("ab+c", re.DEBUG)
    printed = capsys.readouterr().out
    regex_programs.load()
    regex_programs._compile("ab+c", int(re.DEBUG))
    assert printed and capsys.readouterr().out == printed
    assert regex_programs.PROGRAMS.learnt == {}
