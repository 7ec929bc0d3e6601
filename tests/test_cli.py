"""The command-line contract, driven as a user drives it: `python lint.py ...` in a working folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import EXPECTED, RAW, REPO, digests, fix_in, folded_lines, manifest_records, run_cli

from ingest.cli import main


@pytest.fixture
def fixed(corpus: Path) -> Path:
    return fix_in(corpus)


@pytest.mark.parametrize("expected", sorted(EXPECTED.iterdir()), ids=lambda p: p.stem)
def test_fix_reproduces_the_expected_files(fixed: Path, expected: Path) -> None:
    clean = (fixed / "clean" / expected.name).read_text(encoding="utf-8")
    assert folded_lines(clean) == folded_lines(expected.read_text(encoding="utf-8"))


def test_bylines_and_datelines_land_in_the_records(fixed: Path) -> None:
    found = manifest_records(fixed / "clean")
    first, second = found["001_fb26dc5c801ada2b"], found["003_f879872a2367e060"]
    lines = [(RAW / f"{doc['id']}.txt").read_text(encoding="utf-8").splitlines() for doc in (first, second)]
    bylines = [" ".join(next(line for line in doc if line.startswith("By ")).split()) for doc in lines]  # a no-break space in one
    # The byline's names and agency; the date on the byline's own line, or on a dateline of its own.
    assert bylines[0] == f"By {first['author']}" and first["date"].startswith("June 3, 2023")
    assert bylines[1] == f"By {second['author']}, {second['date']}" and second["date"] == "Oct 24, 2011"


def test_manifest_records_every_document(fixed: Path) -> None:
    found = manifest_records(fixed / "clean")
    assert sorted(found) == sorted(p.stem for p in (fixed / "raw").iterdir())
    lines = (fixed / "clean" / "manifest.jsonl").read_text().splitlines()
    assert lines == sorted(lines, key=lambda line: json.loads(line)["id"])
    for doc_id, record in found.items():
        raw = (fixed / "raw" / f"{doc_id}.txt").read_bytes()
        clean = (fixed / "clean" / record["output"]).read_bytes()
        assert record["raw_sha256"] == hashlib.sha256(raw).hexdigest()
        assert record["clean_sha256"] == hashlib.sha256(clean).hexdigest()
        assert (record["bytes_before"], record["bytes_after"]) == (len(raw), len(clean))
        assert record["status"] == "ok" and record["format"] == "text" and record["encoding"] == "utf-8"
        assert record["version"] and record["ruleset"] and record["rules"]
        assert record["source"] == f"raw/{doc_id}.txt"


def test_fix_is_stable_and_leaves_raw_alone(fixed: Path) -> None:
    raw_before = digests(fixed / "raw")
    clean_before = digests(fixed / "clean")
    assert run_cli("fix", cwd=fixed).returncode == 0
    assert digests(fixed / "raw") == raw_before == digests(REPO / "raw")
    assert digests(fixed / "clean") == clean_before


def test_fix_of_its_own_output_changes_nothing(fixed: Path) -> None:
    result = run_cli("fix", "clean", "--out", "again", cwd=fixed)
    assert result.returncode == 0, result.stderr
    for path in (fixed / "clean").glob("*.txt"):
        assert (fixed / "again" / path.name).read_bytes() == path.read_bytes()


def test_fix_of_a_few_files_keeps_the_other_records(fixed: Path) -> None:
    before = manifest_records(fixed / "clean")
    (fixed / "raw" / "new.txt").write_text("A headline that is long enough\n\n" + "Words of a new document here. " * 20)
    result = run_cli("fix", "raw/new.txt", cwd=fixed)
    assert result.returncode == 0, result.stderr
    after = manifest_records(fixed / "clean")
    assert set(after) == set(before) | {"new"}
    assert all(after[key] == before[key] for key in before)


def test_fix_writes_no_temporary_files(fixed: Path) -> None:
    assert not [p for p in (fixed / "clean").iterdir() if p.name.startswith(".")]


def test_a_failed_document_is_recorded_and_exits_1(corpus: Path) -> None:
    (corpus / "raw" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli("fix", cwd=corpus)
    assert result.returncode == 1
    assert "raw/image.txt: SL001 unreadable: binary content" in result.stderr
    record = manifest_records(corpus / "clean")["image"]
    assert record["status"] == "fail" and record["output"] is None
    assert not (corpus / "clean" / "image.txt").exists()
    assert (corpus / "clean" / "000_c11e5c5de5512f21.txt").exists()


def test_fix_to_another_folder(corpus: Path) -> None:
    result = run_cli("fix", "raw", "--out", "elsewhere", cwd=corpus)
    assert result.returncode == 0
    assert len(list((corpus / "elsewhere").glob("*.txt"))) == 5


def test_check_prints_one_line_per_finding_and_exits_1(corpus: Path) -> None:
    result = run_cli("check", cwd=corpus)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "raw/001_fb26dc5c801ada2b.txt:4:1: SL201 share-row dropped 'Linkedin Pinterest'" in lines
    assert "raw/004_c6c4964a1338d4c4.txt:50:1: SL303 comment-section dropped 'Comments are closed.'" in lines
    assert all(line.startswith("raw/") and ": SL" in line for line in lines)
    assert not (corpus / "clean").exists()


def test_check_of_clean_text_exits_0(fixed: Path) -> None:
    result = run_cli("check", "clean/002_94dbe545757dba67.txt", cwd=fixed)
    assert (result.returncode, result.stdout) == (0, "")


def test_check_json(corpus: Path) -> None:
    result = run_cli("check", "raw/002_94dbe545757dba67.txt", "--format", "json", cwd=corpus)
    items = json.loads(result.stdout)
    assert [(i["line"], i["rule_id"], i["name"]) for i in items] == [(1, "SL301", "head-furniture"), (13, "SL203", "page-control")]
    assert result.returncode == 1


def test_warnings_alone_exit_0(corpus: Path) -> None:
    config = corpus / "warn.yaml"
    config.write_text("extends: default\nseverity: {SL301: warning, SL203: warning}\n")
    result = run_cli("check", "raw/002_94dbe545757dba67.txt", "--config", str(config), cwd=corpus)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 2


def test_scrapelint_yaml_in_the_current_folder_is_used(corpus: Path) -> None:
    (corpus / ".scrapelint.yaml").write_text("extends: default\nignore: [page-control, head-furniture, off-main-text]\n")
    result = run_cli("check", "raw/002_94dbe545757dba67.txt", cwd=corpus)
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize("folders", ["", "raw: raw\nclean: clean\n"], ids=["default-folders", "named-folders"])
def test_a_run_from_a_subfolder_matches_the_records_written_from_the_top(corpus: Path, folders: str) -> None:
    """Manifest sources are relative to the config's folder, as raw/ and clean/ are, so --check, a re-run
    or the hook from any folder of the project sees the records a run from the top wrote."""
    (corpus / ".scrapelint.yaml").write_text(f"extends: default\n{folders}per-path:\n  raw/002_*: {{ignore: [off-main-text]}}\n")
    assert run_cli("fix", "--quiet", cwd=corpus).returncode == 0
    manifest = (corpus / "clean" / "manifest.jsonl").read_bytes()
    assert {r["source"] for r in manifest_records(corpus / "clean").values()} == {f"raw/{p.name}" for p in RAW.iterdir()}
    below = corpus / "notes" / "drafts"
    below.mkdir(parents=True)
    check = run_cli("fix", "--check", cwd=below)
    assert (check.returncode, check.stdout) == (0, "")
    again = run_cli("fix", "--exit-non-zero-on-fix", cwd=below)
    assert again.returncode == 0 and "(0 processed, 5 unchanged)" in again.stderr
    hook = run_cli("fix", "--exit-non-zero-on-fix", "../../raw/002_94dbe545757dba67.txt", cwd=below)
    assert hook.returncode == 0 and "(0 processed, 1 unchanged)" in hook.stderr
    assert (corpus / "clean" / "manifest.jsonl").read_bytes() == manifest


def test_only_raw_cleans_the_named_files_under_the_raw_folder_and_no_others(corpus: Path) -> None:
    (corpus / ".scrapelint.yaml").write_text("extends: default\nraw: raw\nclean: out\n")
    (corpus / "NOTES.txt").write_text("Notes on the crawl, long enough to be a paragraph of prose on their own here.\n")
    nothing = run_cli("fix", "--only-raw", "NOTES.txt", ".scrapelint.yaml", cwd=corpus)
    assert (nothing.returncode, nothing.stderr) == (0, "") and not (corpus / "out").exists()  # not the whole raw folder
    name = sorted(p.name for p in RAW.iterdir())[0]
    one = run_cli("fix", "--only-raw", "--quiet", "NOTES.txt", f"raw/{name}", cwd=corpus)
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in (corpus / "out").iterdir()) == sorted([f"{Path(name).stem}.txt", "manifest.jsonl"])


def test_config_error_exits_2_with_one_line(corpus: Path) -> None:
    config = corpus / "bad.yaml"
    config.write_text(
        "extends: default\nrules:\n  - id: X100\n    name: x\n    kind: line\n    regex: ['(']\n"
        "    examples: {match: ['('], keep: [')']}\n"
    )
    result = run_cli("check", "--config", str(config), cwd=corpus)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"{config.resolve()}:3: rule X100:" in result.stderr and "does not compile" in result.stderr


def test_unsafe_yaml_is_refused_and_nothing_runs(corpus: Path) -> None:
    marker = corpus / "pwned"
    config = corpus / "evil.yaml"
    config.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    result = run_cli("rules", "--config", str(config), cwd=corpus)
    assert result.returncode == 2 and not marker.exists()


@pytest.mark.parametrize("args", [("check", "nowhere"), ("explain", "SL999"), ("frobnicate",)])
def test_usage_errors_exit_2(corpus: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, cwd=corpus)
    assert result.returncode == 2 and result.stderr.strip()


@pytest.mark.parametrize(
    "args, named",
    [
        (("raw", "--out", "raw"), "raw: the output folder is the input folder raw"),
        (("raw", "--out", "raw/clean"), "raw/clean: the output folder is inside the input folder raw"),
        ((".",), "clean: the output folder is inside the input folder ."),
        (("clean/000_c11e5c5de5512f21.txt",), "clean/000_c11e5c5de5512f21.txt: an input inside the output folder clean"),
    ],
)
def test_fix_refuses_an_output_folder_that_overlaps_its_inputs(fixed: Path, args: tuple[str, ...], named: str) -> None:
    # It would overwrite the raw documents, or read its own outputs as documents on the next run.
    before = digests(fixed)
    for extra in ((), ("--check",)):
        result = run_cli("fix", *args, *extra, cwd=fixed)
        assert result.returncode == 2 and result.stderr == f"scrapelint: {named}\n", result.stderr
    assert digests(fixed) == before


def test_fix_takes_an_output_folder_inside_the_input_folder_behind_a_hidden_name(fixed: Path) -> None:
    # The walk leaves hidden names out, so it never reads these outputs back as documents.
    first = run_cli("fix", "raw", "--out", "raw/.clean", cwd=fixed)
    assert first.returncode in (0, 1) and "output in raw/.clean" in first.stderr, first.stderr
    documents = sorted(path.name for path in (fixed / "raw").iterdir() if path.is_file())
    assert sorted(path.name[: -len(".txt")] for path in (fixed / "raw" / ".clean").glob("*.txt")) == sorted(name.rsplit(".", 1)[0] for name in documents)
    again = run_cli("fix", "raw", "--out", "raw/.clean", cwd=fixed)
    assert f"{len(documents)} documents (0 processed, {len(documents)} unchanged)" in again.stderr, again.stderr


def test_rules_and_explain(corpus: Path) -> None:
    table = run_cli("rules", cwd=corpus)
    assert table.returncode == 0 and "SL206  subscription-teaser" in table.stdout
    listed = json.loads(run_cli("rules", "--format", "json", cwd=corpus).stdout)
    assert {"SL101", "SL602"} <= {item["id"] for item in listed}
    by_name = run_cli("explain", "subscription-teaser", cwd=corpus)
    assert by_name.returncode == 0 and by_name.stdout == run_cli("explain", "SL206", cwd=corpus).stdout
    assert "Removes, for example:" in by_name.stdout and "Keeps, for example:" in by_name.stdout
    assert "SL003 too-few-words" in run_cli("explain", "SL003", cwd=corpus).stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("scrapelint ")


NOT_FOR_A_CHECK = ("trafilatura", "chardet", "json", "hashlib", "sqlite3", "tqdm", "yaml")


def test_one_text_file_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    code = (
        "import sys; from ingest.cli import main; "
        "code = main(['check', 'raw/000_c11e5c5de5512f21.txt']); "
        f"print(code, *[name for name in {NOT_FOR_A_CHECK!r} if name in sys.modules], file=sys.stderr)"
    )
    env = {**os.environ, "SCRAPELINT_CACHE_DIR": str(tmp_path)}  # an empty cache (ingest/cache.py)
    runs = [subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env) for _ in range(2)]
    assert runs[0].stderr.strip().splitlines()[-1] == "1 yaml"  # the first parses the pack, then it is cached
    assert runs[1].stderr.strip().splitlines()[-1] == "1"
    assert runs[1].stdout == runs[0].stdout and runs[0].stdout.startswith("raw/000_c11e5c5de5512f21.txt:")


def test_main_in_process(corpus: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(corpus)
    assert main(["check", "raw/000_c11e5c5de5512f21.txt"]) == 1
    assert capsys.readouterr().out.startswith("raw/000_c11e5c5de5512f21.txt:38:1: SL302 related-content")


def test_per_path_ignore_drops_a_rule_only_under_its_glob(corpus: Path) -> None:
    forum = corpus / "raw" / "forum"
    forum.mkdir()
    shutil.copy(corpus / "raw" / "004_c6c4964a1338d4c4.txt", forum / "004.txt")
    (corpus / ".scrapelint.yaml").write_text("extends: default\nper-path:\n  raw/forum/**: {ignore: [comment-section]}\n")
    lines = run_cli("check", cwd=corpus).stdout.splitlines()
    assert "raw/004_c6c4964a1338d4c4.txt:50:1: SL303 comment-section dropped 'Comments are closed.'" in lines
    assert not [line for line in lines if line.startswith("raw/forum/") and "SL303" in line]
    assert [line for line in lines if line.startswith("raw/forum/004.txt:") and "SL402" in line]  # other rules still run there


def test_select_and_ignore_on_the_command_line(corpus: Path) -> None:
    doc = "raw/001_fb26dc5c801ada2b.txt"
    everything = run_cli("check", doc, cwd=corpus).stdout.splitlines()
    selected = run_cli("check", doc, "--select", "SL202,share-row", "--select", "SL501", cwd=corpus).stdout.splitlines()
    assert {line.split(": ")[1].split()[0] for line in selected if ": SL" in line} >= {"SL201", "SL202", "SL501"}
    assert not [line for line in selected if " SL302 " in line or " SL503 " in line]
    assert [line for line in everything if " SL503 " in line]
    ignored = run_cli("check", doc, "--ignore", "SL503", cwd=corpus).stdout.splitlines()
    assert not [line for line in ignored if " SL503 " in line]
    assert [line for line in everything if " SL202 " in line] == [line for line in ignored if " SL202 " in line]
    unknown = run_cli("fix", "--ignore", "SL999", cwd=corpus)
    assert unknown.returncode == 2 and unknown.stderr == "scrapelint: --ignore: no rule with id or name 'SL999' in the rule set (see `scrapelint rules`)\n"
    assert not (corpus / "clean").exists()


def test_a_bad_per_path_key_is_one_line_with_file_and_line_and_exits_2(corpus: Path) -> None:
    config = corpus / ".scrapelint.yaml"
    config.write_text("extends: default\nper-path:\n  raw/forum/**:\n    ignore: [SL303]\n    ignored: [SL201]\n")
    for args in (("check",), ("fix",), ("fix", "--check")):
        result = run_cli(*args, cwd=corpus)
        assert result.returncode == 2
        assert result.stderr == f"scrapelint: {config.resolve()}:5: per-path: 'raw/forum/**': unknown key 'ignored' (expected one of select, ignore, severity, validation)\n"
    assert not (corpus / "clean").exists()


@pytest.mark.parametrize(
    "preview, option",
    [
        ("--check", ("--jobs", "2")),
        ("--check", ("--jobs", "1")),  # given, whatever N: --check has no workers
        ("--check", ("--executor", "dask")),
        ("--check", ("--scheduler", "tcp://127.0.0.1:1")),
        ("--check", ("--worker-timeout", "5")),
        ("--check", ("--checkpoint", "5")),
        ("--check", ("--checkpoint", "0")),  # 0 == False: not taken for an option left out
        ("--check", ("--out-format", "jsonl")),  # it compares the .txt outputs: every document read as new
        ("--check", ("--exit-non-zero-on-fix",)),
        ("--diff", ("--jobs", "2")),
        ("--diff", ("--out-format", "jsonl")),
    ],
)
def test_a_run_option_with_check_or_diff_is_a_usage_error_naming_both(corpus: Path, preview: str, option: tuple[str, ...]) -> None:
    # They were dropped in silence: --check cleans each document here and writes nothing.
    result = run_cli("fix", preview, *option, cwd=corpus)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"scrapelint: {option[0]}: not with {preview}, which cleans in this process and writes nothing\n"


def test_the_helps_of_check_and_diff_name_every_run_option_they_refuse(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.batch import RUN_OPTIONS
    from ingest.cli import main

    monkeypatch.setenv("COLUMNS", "1000")  # one line per option
    with pytest.raises(SystemExit):
        main(["fix", "--help"])
    lines = capsys.readouterr().out.splitlines()
    for preview in ("--check", "--diff"):
        (line,) = [line for line in lines if line.strip().startswith(preview + " ")]
        assert all("--" + name.replace("_", "-") in line for name in RUN_OPTIONS), line


def test_a_run_option_with_check_is_refused_before_only_raw_finds_no_raw_file(corpus: Path) -> None:
    (corpus / "notes.txt").write_text("not a raw document")
    result = run_cli("fix", "--check", "--jobs", "2", "--only-raw", "notes.txt", cwd=corpus)
    assert result.returncode == 2 and result.stderr == "scrapelint: --jobs: not with --check, which cleans in this process and writes nothing\n"


@pytest.fixture(scope="module")
def scrapelint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `scrapelint` command as pip installs it from this checkout, in a throw-away environment
    (the one on PATH may be an older install)."""
    root = tmp_path_factory.mktemp("installed")
    source = root / "source"  # a copy: building writes build/ and *.egg-info next to pyproject.toml
    for name in ("ingest", "rules"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    env = root / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(env)], check=True)
    install = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", str(source)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    return env / "bin" / "scrapelint"


def test_the_folders_of_the_config_are_what_fix_reads_and_writes(scrapelint: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    raw = project / "corpus" / "in"
    (raw / "forum").mkdir(parents=True)
    names = sorted(p.name for p in RAW.iterdir())
    shutil.copy(RAW / names[0], raw / names[0])
    shutil.copy(RAW / names[1], raw / "forum" / names[1])
    (project / ".scrapelint.yaml").write_text("extends: default\nraw: corpus/in\nclean: corpus/out\n")
    before = digests(raw)

    def run(*args: str, cwd: Path = project) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(scrapelint), *args], cwd=cwd, capture_output=True, text=True, timeout=300)

    result = run("fix", "--quiet")
    assert result.returncode == 0, result.stderr
    out = project / "corpus" / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        [Path(names[0]).with_suffix(".txt").name, f"forum/{Path(names[1]).stem}.txt", "manifest.jsonl"]
    )
    assert {r["source"] for r in manifest_records(out).values()} == {f"corpus/in/{names[0]}", f"corpus/in/forum/{names[1]}"}
    assert not (project / "clean").exists() and digests(raw) == before
    assert run("fix", "--check").returncode == 0 and run("fix", "--diff").stdout == ""

    # The scrapelint-fix hook passes staged files: each goes to its place under the clean folder.
    staged = raw / "forum" / names[1]
    staged.write_text(staged.read_text(encoding="utf-8") + "\n\nA paragraph the scraper found on a later visit, long enough to stay.\n")
    check = run("fix", "--check")
    assert check.returncode == 1 and f"corpus/out/forum/{Path(names[1]).stem}.txt: would change (raw document changed)" in check.stdout
    hook = run("fix", "--quiet", "--jobs", "1", "--exit-non-zero-on-fix", f"corpus/in/forum/{names[1]}")
    assert hook.returncode == 1
    assert "A paragraph the scraper found" in (out / "forum" / f"{Path(names[1]).stem}.txt").read_text(encoding="utf-8")
    assert run("fix", "--check").returncode == 0
    assert not (project / "clean").exists()


def test_the_committed_clean_folder_is_what_fix_makes_of_raw_with_the_bundled_rules() -> None:
    # A rule change must come with `scrapelint fix` run on the bundled corpus, or the README's first
    # command would rewrite the checkout's manifest.
    result = run_cli("fix", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path) -> None:
    # `scrapelint check | head -1`: more findings than a pipe holds, and the reader gone after one line
    page = "The council approved the budget on Tuesday after a long debate about the roads.\n" + "Share on Facebook\n" * 3000
    (tmp_path / "page.txt").write_text(page)
    reader = subprocess.Popen(
        [sys.executable, str(REPO / "lint.py"), "check", str(tmp_path / "page.txt")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert b"page.txt" in reader.stdout.readline()
    reader.stdout.close()
    assert reader.stderr.read() == b"" and reader.wait(timeout=60) == 1
