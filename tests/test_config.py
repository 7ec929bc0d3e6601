"""User configuration: the shape the issue gives, and one-line errors naming file, line and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_extends_a_path(tmp_path) -> None:
    write(tmp_path, USER, "base.yaml")
    ruleset = load(write(tmp_path, "extends: base.yaml\nignore: [X100]\n"))
    assert ruleset.find("X100") is None and ruleset.find("SL101") is not None


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
    ],
)
def test_config_errors_are_one_line_with_file_and_line(tmp_path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path.resolve()}:{line}:")
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
