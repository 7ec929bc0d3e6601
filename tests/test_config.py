"""User configuration: the shape the issue gives, and one-line errors naming file, line and rule."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import aged

from ingest import cache, config
from ingest.config import ConfigError, find_config, load

USER = """\
extends: default            # the bundled pack
ignore: [SL201, breadcrumb]  # by id or by name
rules:
  - id: X100
    name: newsletter-box
    kind: line
    severity: error
    phrases: ["Sign up for our newsletter"]
    regex: ['^Subscribe( now)?[.!]?$']
    examples:
      match: ["Sign up for our newsletter"]
      keep: ["She said she would never sign up for our newsletter again, and she did."]
"""


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_user_config_extends_ignores_and_adds(tmp_path) -> None:
    ruleset = load(write(tmp_path, USER))
    ids = [r.spec.id for r in ruleset.rules]
    assert "X100" in ids and "SL201" not in ids and "SL202" not in ids
    assert "SL101" in ids
    assert ruleset.find("newsletter-box").spec.severity == "error"


def test_select_keeps_only_the_named_rules(tmp_path) -> None:
    ruleset = load(write(tmp_path, "extends: default\nselect: [SL101, share-row]\n"))
    assert [r.spec.id for r in ruleset.rules] == ["SL101", "SL201"]


def test_severity_override(tmp_path) -> None:
    ruleset = load(write(tmp_path, "extends: default\nseverity: {share-row: warning}\n"))
    assert ruleset.find("SL201").spec.severity == "warning"


def test_validation_thresholds(tmp_path) -> None:
    ruleset = load(write(tmp_path, "extends: default\nvalidation: {min_words: 10, max_removed: 0.9}\n"))
    assert (ruleset.thresholds.min_words, ruleset.thresholds.max_removed) == (10, 0.9)


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("min_words: .inf", "validation.min_words: expected a whole number of 0 or more"),
        ("min_words: .nan", "validation.min_words: expected a whole number of 0 or more"),
        ("min_words: 2.5", "validation.min_words: expected a whole number of 0 or more"),
        ("fallback_words: -1", "validation.fallback_words: expected a whole number of 0 or more"),
        ("rules_seconds: .nan", "validation.rules_seconds: expected a number of 0 or more"),
        ("rules_seconds: -5", "validation.rules_seconds: expected a number of 0 or more"),
        ("max_removed: -.inf", "validation.max_removed: expected a number of 0 or more"),
    ],
)
def test_a_threshold_that_is_not_a_finite_number_of_0_or_more_is_an_error(tmp_path, setting: str, expected: str) -> None:
    # .inf and .nan crashed the int() of a word count; a NaN time budget failed every document.
    message = error_of(write(tmp_path, f"extends: default\nvalidation:\n  {setting}\n"))
    assert message.endswith(f"config.yaml:3: {expected}"), message
    assert load(write(tmp_path, "validation: {min_words: 20.0, rules_seconds: 0, max_removed: 1.5}\n")).thresholds.min_words == 20


def test_ignore_may_name_an_html_step_which_switches_it_off(tmp_path) -> None:
    assert load().off == frozenset()
    ruleset = load(write(tmp_path, "extends: default\nignore: [gap-restored, SL008]\n"))
    assert ruleset.off == {"SL009", "SL008"} and len(ruleset.rules) == len(load().rules)
    assert ruleset.digest() != load().digest()  # the outputs change: so does what the manifest records
    assert load(write(tmp_path, "extends: default\nselect: [SL201]\n", "select.yaml")).off == frozenset()  # select names rules
    per_path = load(write(tmp_path, "extends: default\nper-path:\n  raw/shop/**: {ignore: [SL009]}\n", "per-path.yaml"))
    assert per_path.for_source(str(tmp_path / "raw" / "shop" / "a.html")).off == {"SL009"}
    assert per_path.for_source(str(tmp_path / "raw" / "a.html")).off == frozenset()


def test_a_step_is_not_a_rule_to_select_or_give_a_severity(tmp_path) -> None:
    for text in ("extends: default\nselect: [SL009]\n", "extends: default\nseverity: {gap-restored: warning}\n"):
        with pytest.raises(ConfigError, match="no rule with id or name"):
            load(write(tmp_path, text))


def test_narrowed_is_the_command_lines_select_and_ignore_on_top_of_the_config(tmp_path) -> None:
    base = load(write(tmp_path, "extends: default\nignore: [SL201]\nper-path:\n  raw/shop/**: {ignore: [SL101]}\n"))
    assert base.narrowed(None, None) is base and base.narrowed([], []) is base
    selected = base.narrowed(["SL101", "breadcrumb"], None)
    assert [r.spec.id for r in selected.rules] == ["SL101", "SL202"]
    assert selected.for_source(str(tmp_path / "raw" / "shop" / "a.txt")).rules == [selected.find("SL202")]
    ignored = base.narrowed(None, ["page-control", "SL202", "hard-wraps"])
    assert ignored.find("SL202") is None and ignored.find("SL101") is not None and ignored.off == {"SL011"}
    assert len({base.digest(), selected.digest(), ignored.digest()}) == 3  # the records say which rules ran
    for select, ignore in ((["SL999"], None), (None, ["no-such-rule"]), (["SL011"], None), (["SL201"], None)):
        with pytest.raises(ConfigError, match=r"^--(select|ignore): no rule with id or name '(SL999|no-such-rule|SL011|SL201)'"):
            base.narrowed(select, ignore)


def test_extends_a_path(tmp_path) -> None:
    write(tmp_path, USER, "base.yaml")
    ruleset = load(write(tmp_path, "extends: base.yaml\nignore: [X100]\n"))
    assert ruleset.find("X100") is None and ruleset.find("SL101") is not None


def test_extends_a_bundled_pack_by_name(tmp_path) -> None:
    ruleset = load(write(tmp_path, "extends: html-furniture\nignore: [comment-thread]\n"))
    assert ruleset.find("SL720") is not None and ruleset.find("SL101") is not None and ruleset.find("SL722") is None


def test_digest_changes_with_the_rules(tmp_path) -> None:
    assert load().digest() == load().digest()
    assert load(write(tmp_path, USER)).digest() != load().digest()


def test_digest_is_computed_once_per_rule_set() -> None:
    ruleset = load()
    first = ruleset.digest()
    ruleset.rules = []  # a cached digest: a run asks once per document, the rules do not change in it
    assert ruleset.digest() == first and ruleset._compute_digest() != first


def test_config_is_found_in_the_current_folder(tmp_path) -> None:
    assert find_config(tmp_path) is None
    config = write(tmp_path, "extends: default\n", ".scrapelint.yaml")
    assert find_config(tmp_path) == config.resolve()


def test_config_is_found_walking_up(tmp_path) -> None:
    config = write(tmp_path, "extends: default\n", ".scrapelint.yaml")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == config.resolve()


def test_the_nearest_config_wins_and_pyproject_counts(tmp_path) -> None:
    write(tmp_path, "extends: default\n", ".scrapelint.yaml")
    inner = tmp_path / "site"
    inner.mkdir()
    write(inner, "[project]\nname = 'x'\n\n[tool.scrapelint]\nextends = 'default'\nignore = ['SL201']\n", "pyproject.toml")
    assert find_config(inner) == (inner / "pyproject.toml").resolve()
    ruleset = load(find_config(inner))
    assert ruleset.find("SL201") is None and ruleset.find("SL202") is not None


def test_a_pyproject_without_the_table_is_not_a_config(tmp_path) -> None:
    write(tmp_path, "[project]\nname = 'x'  # settings could go in [tool.scrapelint]\n", "pyproject.toml")
    assert find_config(tmp_path) is None


def test_pyproject_errors_name_file_line_and_key(tmp_path) -> None:
    path = write(tmp_path, "[project]\nname = 'x'\n[tool.scrapelint]\nextends = 'default'\nbogus = 1\n", "pyproject.toml")
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:5:") and "unknown key 'bogus'" in message


PER_PATH = "extends: default\nper-path:\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules: [\n", 2, "invalid YAML"),
        ("extends: default\nbogus: 1\n", 2, "unknown key 'bogus'"),
        ("ignore: SL201\n", 1, "ignore: expected a list"),
        ("ignore: [SL999]\n", 1, "no rule with id or name 'SL999'"),
        ("severity: {SL201: fatal}\n", 1, "no rule"),
        ("extends: default\nseverity: {SL201: fatal}\n", 2, "'fatal' is not one of"),
        ("extends: nowhere.yaml\n", 1, "no such file"),
        ("!!python/object/apply:os.system ['echo hacked']\n", 1, "invalid YAML"),
        # per-path entries: the line of the key inside the entry
        (PER_PATH + "  raw/**:\n    colour: red\n", 4, "per-path: 'raw/**': unknown key 'colour'"),
        (PER_PATH + "  raw/**:\n    ignore: [no-such-rule]\n", 4, "per-path: 'raw/**': ignore: no rule with id or name 'no-such-rule'"),
        (PER_PATH + "  raw/**:\n    ignore: SL201\n", 4, "per-path: 'raw/**': ignore: expected a list"),
        (PER_PATH + "  raw/**:\n    severity: {SL201: loud}\n", 4, "'loud' is not one of"),
        (PER_PATH + "  raw/**:\n    validation: {min_word: 3}\n", 4, "validation: unknown key 'min_word'"),
        (PER_PATH + "  raw/**: [SL201]\n", 3, "per-path: 'raw/**': expected a mapping"),
        (PER_PATH + "  - raw/**\n", 2, "per-path: expected a mapping"),
    ],
)
def test_config_errors_are_one_line_with_file_and_line(tmp_path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:{line}: "), message
    assert words in message


RULE = """\
rules:
  - id: X100
    name: newsletter-box
    kind: line
    phrases: ["Sign up"]
    examples:
      match: ["Sign up"]
      keep: ["Nothing to see"]
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("    phrases:", "    colour: red\n    phrases:", 5, "unknown key 'colour' for kind line"),
        ('phrases: ["Sign up"]', "phrases: Sign up", 5, "`phrases` must be a list"),
        ('phrases: ["Sign up"]', "phrases: [1, 2]", 5, "must be a list of strings"),
        ("    phrases:", "    max_words: -2\n    phrases:", 5, "`max_words` must be a finite number of 0 or more"),
        ("    phrases:", "    min_matches: .inf\n    phrases:", 5, "`min_matches` must be an integer"),
        ('phrases: ["Sign up"]', "regex: ['(unclosed']", 2, "does not compile"),
        ("kind: line", "kind: magic", 4, "unknown kind 'magic'"),
        ("kind: line", "kind: line\n    formats: [pdf]", 5, "`formats` must be a non-empty list of text, html"),
        ("id: X100", "id: x-100", 2, "must look like SL201"),
        ("name: newsletter-box", "name: Newsletter Box", 3, "kebab-case"),
        ('keep: ["Nothing to see"]', 'keep: ["Please Sign up"]', 2, "changes its keep example"),
        ('match: ["Sign up"]', 'match: ["Log in"]', 2, "does not match its example"),
        ("    examples:\n      match: [\"Sign up\"]\n      keep: [\"Nothing to see\"]\n", "", 2, "`examples`"),
    ],
)
def test_rule_errors_name_file_line_and_rule(tmp_path, old: str, new: str, line: int, words: str) -> None:
    assert old in RULE
    path = write(tmp_path, RULE.replace(old, new))
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:{line}:"), message
    assert "X100" in message or "rule" in message
    assert words in message


def test_duplicate_id_names_both_places(tmp_path) -> None:
    second = RULE.split("rules:\n")[1].replace("newsletter-box", "other-box")
    path = write(tmp_path, RULE + second)
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:9:")
    assert "duplicate id" in message and ":2" in message


def test_duplicate_of_a_bundled_id(tmp_path) -> None:
    path = write(tmp_path, "extends: default\n" + RULE.replace("X100", "SL201"))
    assert "duplicate id" in error_of(path)


def test_extends_cycle(tmp_path) -> None:
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    path = write(tmp_path, "extends: a.yaml\n", "b.yaml")
    assert "extends itself" in error_of(path)


def test_formats_of_a_rule(tmp_path) -> None:
    path = write(tmp_path, RULE.replace("kind: line", "kind: line\n    formats: [html]"))
    assert load(path).find("X100").spec.formats == ("html",)


PER_PATH = """\
extends: default
per-path:
  "raw/forum/**":
    ignore: [comment-section]
    severity: {share-row: warning}
  "raw/*.txt":
    validation: {min_words: 5}
"""


def test_per_path_settings_apply_only_under_their_glob(tmp_path) -> None:
    ruleset = load(write(tmp_path, PER_PATH))
    forum = ruleset.for_source(str(tmp_path / "raw" / "forum" / "a" / "page.txt"))
    assert forum.find("SL303") is None and forum.find("SL201").spec.severity == "warning"
    assert forum.thresholds.min_words == 50  # `*` stays within one folder
    top = ruleset.for_source(str(tmp_path / "raw" / "page.txt"))
    assert top.find("SL303") is not None and top.thresholds.min_words == 5
    assert ruleset.for_source(str(tmp_path / "other" / "page.txt")) is ruleset
    assert ruleset.find("SL303") is not None and ruleset.find("SL201").spec.severity == "error"


def test_per_path_globs_are_relative_to_the_config_folder(tmp_path, monkeypatch) -> None:
    project = tmp_path / "project"
    (project / "raw" / "forum").mkdir(parents=True)
    ruleset = load(write(project, PER_PATH))
    monkeypatch.chdir(project / "raw")
    assert ruleset.for_source("raw/forum/page.txt").find("SL303") is None  # a source as the manifest names it, from the root
    assert ruleset.for_source("forum/page.txt") is ruleset  # not relative to the current folder
    assert ruleset.for_source(str(tmp_path / "raw" / "forum" / "page.txt")) is ruleset  # outside the project
    (tmp_path / "link").symlink_to(project / "raw")
    assert ruleset.for_source(str(tmp_path / "link" / "forum" / "page.txt")).find("SL303") is None  # it leads inside


def test_per_path_entries_apply_in_order_after_the_top_level(tmp_path) -> None:
    text = "extends: default\nignore: [SL201]\nper-path:\n  raw/**: {select: [SL201, SL202, SL203]}\n  raw/a/**: {ignore: [SL202]}\n"
    ruleset = load(write(tmp_path, text))
    assert [r.spec.id for r in ruleset.for_source(str(tmp_path / "raw" / "b.txt")).rules] == ["SL202", "SL203"]
    assert [r.spec.id for r in ruleset.for_source(str(tmp_path / "raw" / "a" / "b.txt")).rules] == ["SL203"]


def test_each_effective_rule_set_has_its_own_digest(tmp_path) -> None:
    ruleset = load(write(tmp_path, PER_PATH))
    forum = ruleset.for_source(str(tmp_path / "raw" / "forum" / "x.txt"))
    assert forum is ruleset.for_source(str(tmp_path / "raw" / "forum" / "y" / "z.txt"))  # built once
    digests = {ruleset.digest(), forum.digest(), ruleset.for_source(str(tmp_path / "raw" / "x.txt")).digest()}
    assert len(digests) == 3
    assert ruleset.digest() == load(write(tmp_path, "extends: default\n", "plain.yaml")).digest()
    edited = load(write(tmp_path, PER_PATH.replace("comment-section", "related-content")))
    assert edited.for_source(str(tmp_path / "raw" / "forum" / "x.txt")).digest() != forum.digest()
    assert edited.for_source(str(tmp_path / "raw" / "x.txt")).digest() == ruleset.for_source(str(tmp_path / "raw" / "x.txt")).digest()


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("raw/forum/**", "raw/forum/a/b.txt", True),
        ("raw/forum", "raw/forum/b.txt", True),  # a folder covers what is under it
        ("raw/forum/", "raw/forum/a/b.txt", True),
        ("raw/forum/**", "raw/forum2/b.txt", False),
        ("raw/*.txt", "raw/b.txt", True),
        ("raw/*.txt", "raw/a/b.txt", False),
        ("raw/**/*.html", "raw/b.html", True),
        ("raw/**/*.html", "raw/a/b/c.html", True),
        ("*.html", "raw/a/b.html", True),  # no `/`: a name at any depth
        ("raw/?.txt", "raw/ab.txt", False),
        ("raw/a+b/*", "raw/a+b/c.txt", True),
    ],
)
def test_per_path_globs(tmp_path, pattern: str, path: str, matches: bool) -> None:
    from ingest.config import Adjustment, PathOverride

    assert PathOverride(pattern, tmp_path, Adjustment()).matches(path) is matches


def test_per_path_in_pyproject(tmp_path) -> None:
    text = (
        "[project]\nname = 'x'\n\n[tool.scrapelint]\nextends = 'default'\n\n"
        '[tool.scrapelint.per-path."raw/forum/**"]\nignore = ["SL303"]\n'
        '[tool.scrapelint.per-path."raw/news/**"]\nignore = ["SL201"]\ncolour = "red"\n'
    )
    path = write(tmp_path, text, "pyproject.toml")
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:11: ") and "per-path: 'raw/news/**': unknown key 'colour'" in message
    ruleset = load(write(tmp_path, text.replace('colour = "red"\n', ""), "pyproject.toml"))
    assert ruleset.for_source(str(tmp_path / "raw" / "forum" / "a.txt")).find("SL303") is None
    assert ruleset.for_source(str(tmp_path / "raw" / "news" / "a.txt")).find("SL303") is not None


def test_raw_and_clean_folders_are_relative_to_the_config_file(tmp_path) -> None:
    assert (load().raw, load().clean) == (None, None)
    ruleset = load(write(tmp_path, "extends: default\nraw: corpus/in\nclean: corpus/out\n"))
    assert (ruleset.raw, ruleset.clean) == (tmp_path.resolve() / "corpus/in", tmp_path.resolve() / "corpus/out")
    (tmp_path / "site").mkdir()
    inner = load(write(tmp_path / "site", "extends: ../config.yaml\nclean: out\n"))
    assert (inner.raw, inner.clean) == (tmp_path.resolve() / "corpus/in", tmp_path.resolve() / "site/out")
    toml = load(write(tmp_path, "[tool.scrapelint]\nraw = 'pages'\n", "pyproject.toml"))
    assert toml.raw == tmp_path.resolve() / "pages"
    assert error_of(write(tmp_path, "raw: [a]\n", "bad.yaml")).endswith("raw: expected a string")


def test_the_readme_example_config_loads(tmp_path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Configuration", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    ruleset = load(write(tmp_path, example, ".scrapelint.yaml"))
    assert ruleset.raw == tmp_path.resolve() / "corpus" / "in"
    forum = ruleset.for_source(str(tmp_path / "corpus" / "in" / "forum" / "a.txt"))
    assert forum.find("comment-section") is None and forum.thresholds.min_words == 20


# The cache of loaded configs (ingest/config.py `_cached`): a config whose files are unchanged loads
# without the YAML parser, with the same rules; any change to a file it was read from is seen.


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(config, "_read_yaml", refuse)


def summary(ruleset: config.RuleSet) -> list[object]:
    return [[r.spec for r in ruleset.rules], ruleset.thresholds, ruleset.sources, ruleset.overrides, ruleset.raw, ruleset.clean, ruleset.root, ruleset.off, ruleset.digest()]


def test_an_unchanged_config_loads_from_the_cache(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = USER.replace("ignore: [", "ignore: [gap-restored, ") + PER_PATH.removeprefix("extends: default\n") + "raw: pages\n"
    path = write(tmp_path, text)
    aged(path)
    first = load(path)
    no_yaml(monkeypatch)
    again = load(path)
    assert summary(again) == summary(first) and again.overrides and again.raw == tmp_path / "pages" and again.root == tmp_path
    assert again.off == {"SL009"}
    forum = str(tmp_path / "raw" / "forum" / "page.txt")
    assert summary(again.for_source(forum)) == summary(first.for_source(forum))


def test_an_edit_of_the_config_or_what_it_extends_is_seen(tmp_path: Path, cache_dir: Path) -> None:
    parent = write(tmp_path, USER, "base.yaml")
    path = write(tmp_path, "extends: base.yaml\n")
    aged(parent, path)
    assert load(path).find("X100").spec.severity == "error"
    parent.write_text(USER.replace("severity: error", "severity: info "))  # the same size
    aged(parent)  # and an mtime the cache could have seen: the inode, or the time, differs
    assert load(path).find("X100").spec.severity == "info"
    path.write_text("extends: base.yaml\nignore: [X100]\n")
    aged(path)
    assert load(path).find("X100") is None


def test_a_config_modified_just_now_is_not_cached(tmp_path: Path, cache_dir: Path) -> None:
    path = write(tmp_path, USER)
    load(path)  # its mtime may be within the file system's timestamp granularity of a next edit
    assert not list(cache_dir.glob("config-*"))
    aged(path)
    load(path)
    assert len(list(cache_dir.glob("config-*"))) == 1


def test_a_corrupt_cached_config_is_loaded_from_its_files(tmp_path: Path, cache_dir: Path) -> None:
    path = write(tmp_path, USER)
    aged(path)
    expected = summary(load(path))
    (entry,) = cache_dir.glob("config-*")
    for damaged in (entry.read_bytes()[:-40], b"garbage", cache.encoded(("stamp", str(path), [], ()))):
        entry.write_bytes(damaged)
        assert summary(load(path)) == expected


def test_an_edit_saved_while_the_config_loads_is_seen(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves the config just after a run read it, and the run's load outlasts the racy window
    (a large config's examples on a busy machine): the files were stat'ed after the load, so the run
    kept the rules it had read with the edited file's stat, and the next runs used those."""
    path = write(tmp_path, USER)
    aged(path)
    read_yaml = config._read_yaml

    def read_then_edited(file: Path) -> object:
        found = read_yaml(file)
        if file == path.resolve():
            path.write_text(USER.replace("severity: error", "severity: info "))
            time.sleep(cache.RACY_SECONDS + 0.1)  # the rest of a slow load
        return found

    monkeypatch.setattr(cache, "RACY_SECONDS", 0.1)  # a window short enough to wait out
    monkeypatch.setattr(config, "_read_yaml", read_then_edited)
    assert load(path).find("X100").spec.severity == "error"  # as it was read
    monkeypatch.setattr(config, "_read_yaml", read_yaml)
    assert load(path).find("X100").spec.severity == "info"


def test_a_config_loads_and_is_kept_when_scrapelint_own_module_cannot_be_statted(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cache's stamp then reads -1s (cache.file_stamp), as the regex and sparse caches' do; a load used to fail.
    path = write(tmp_path, USER)
    aged(path)
    real_stat = config.os.stat

    def stat(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == config.__file__:
            raise FileNotFoundError(file)
        return real_stat(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(config.os, "stat", stat)
    first = summary(load(path))
    no_yaml(monkeypatch)
    assert summary(load(path)) == first
