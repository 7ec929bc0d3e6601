"""The regex cache: what a rule set learns of its regexes on one run saves compiling them on the next."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import cache, regex_cache
from ingest.config import ConfigError, load
from ingest.kinds.base import Patterns
from ingest.regex_cache import RegexCache

BAD_REGEX = """\
extends: default
rules:
  - id: X100
    name: broken
    kind: line
    regex: ['^(Subscribe']
    examples:
      match: ["Subscribe"]
      keep: ["Prose."]
"""


@pytest.fixture
def known(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and a cache object that has read nothing yet."""
    monkeypatch.setattr(regex_cache, "KNOWN", RegexCache())
    return cache_dir


def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: the cache read again from its file."""
    monkeypatch.setattr(regex_cache, "KNOWN", RegexCache())


def test_regexes_seen_before_are_compiled_only_for_a_text_holding_their_literals(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = ["(?i)^share this$", r"^\W*subscribe\b"]
    first = Patterns(["read more"], sources)
    assert None not in first.compiled  # not seen before: compiled at once
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    later = Patterns(["read more"], sources)
    assert later.compiled == [None, None, None]
    assert later.search("nothing to see") is None
    assert later.compiled == [None, None, None]
    assert later.search("SHARE THIS") is not None
    assert later.compiled[0] is not None and later.compiled[1:] == [None, None]


def test_after_a_few_hundred_searches_every_regex_is_compiled_and_runs(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.kinds.base import COMPILE_ALL_AFTER

    sources = ["(?i)^share this$", r"^\W*subscribe\b"]
    Patterns([], sources)
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    later = Patterns([], sources)
    for number in range(COMPILE_ALL_AFTER):  # texts of their own: an answer remembered runs no search
        assert later.search(f"nothing to see {number}") is None
    assert later.compiled == [None, None]
    assert later.search("nothing to see") is None and None not in later.compiled  # a batch: all of them, as cheaper
    assert later.search("subscribe now") is not None and later.search("Share this") is not None


def test_with_many_regexes_a_search_keeps_running_only_those_whose_literals_the_text_holds(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.kinds.base import COMPILE_ALL_AFTER, SCREEN_FROM

    words = [f"word{number}" for number in range(SCREEN_FROM - 1)]
    sources = [rf"(?i)^\W*{word}\b" for word in words] + [r"(?i)\bshare\b", r"^\d+$"]  # the last has no literal
    Patterns([], sources)
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    later = Patterns([], sources)
    for number in range(COMPILE_ALL_AFTER + 1):
        assert later.search(f"nothing to see {number}") is None
    assert later.compiled[:-1] == [None] * (len(sources) - 1)  # none compiled: the texts held none of their literals
    assert later.search("Share WORD2 here").re.pattern == sources[-2]  # the first in order that matches
    assert later.search("WORD2, share").re.pattern == sources[2]
    assert later.compiled[3] is None and later.search("12").re.pattern == sources[-1]


def test_a_regex_without_literals_is_compiled_at_its_first_search(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Patterns([], [r"^\d+$"])
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    later = Patterns([], [r"^\d+$"])
    assert later.search("12") is not None and later.compiled[0] is not None


def test_group_names_come_from_the_cache(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Patterns([], [r"^By (?P<author>\w+)$"])
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    later = Patterns([], [r"^By (?P<author>\w+)$"])
    assert later.groups() == [("author",)] and later.compiled == [None]


def test_the_pack_loads_without_compiling_once_it_has_been_seen(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load()
    fresh(monkeypatch)
    patterns = [p for rule in load().rules for p in vars(rule).values() if isinstance(p, Patterns)]
    assert patterns and all(p.compiled == [None] * len(p.sources) for p in patterns)


def findings(rules: list, texts: list[str]) -> list:
    from ingest.engine import run_rules

    return [(outcome.text, outcome.findings, outcome.record) for outcome in (run_rules(rules, text) for text in texts)]


def test_compiled_when_needed_or_all_at_load_the_rules_do_the_same(known: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.decode import decode

    root = Path(__file__).parent
    pages = sorted((root / "fixtures" / "devset" / "dumps").glob("*.txt")) + sorted((root.parent / "raw").glob("*.txt"))
    texts = [decode(page.read_bytes()).text for page in pages]
    monkeypatch.setenv("SCRAPELINT_NO_CACHE", "1")
    eager = load().rules
    monkeypatch.delenv("SCRAPELINT_NO_CACHE")
    load()
    fresh(monkeypatch)
    lazy = load().rules
    assert all(None not in p.compiled for rule in eager for p in vars(rule).values() if isinstance(p, Patterns))
    assert findings(lazy, texts) == findings(eager, texts)
    compiled = [c for rule in lazy for p in vars(rule).values() if isinstance(p, Patterns) for c in p.compiled]
    assert None in compiled  # some regex no page called for was never compiled


def test_a_regex_that_does_not_compile_is_an_error_at_every_load(known: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(BAD_REGEX)
    for _ in range(2):
        with pytest.raises(ConfigError, match=rf"^{config}:3: rule X100: regex '\^\(Subscribe' does not compile"):
            load(config)
        fresh(monkeypatch)


@pytest.mark.parametrize(
    "stored",
    [
        b"not marshal data at all",
        cache.encoded("a string"),
        cache.encoded((("old version", 0, 0), {})),
    ],
)
def test_a_corrupt_or_stale_cache_file_is_rebuilt(known: Path, monkeypatch: pytest.MonkeyPatch, stored: bytes) -> None:
    known.mkdir()
    (known / regex_cache.NAME).write_bytes(stored)
    patterns = Patterns([], ["^Menu$"])
    assert patterns.compiled[0] is not None and patterns.search("Menu")
    regex_cache.KNOWN.save()
    fresh(monkeypatch)
    assert Patterns([], ["^Menu$"]).compiled == [None]


@pytest.mark.parametrize("facts", [("menu",), (("",), ()), ((), ()), ((1,), ()), (("menu",), (None,)), None])
def test_a_malformed_entry_is_not_trusted(known: Path, monkeypatch: pytest.MonkeyPatch, facts: object) -> None:
    known.mkdir()
    entries = {RegexCache.key("^Menu$", 0): facts}
    (known / regex_cache.NAME).write_bytes(cache.encoded((regex_cache._stamp(), entries)))
    patterns = Patterns([], ["^Menu$"])
    assert patterns.compiled[0] is not None and patterns.search("Menu")


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(blocker / "cache"))
    fresh(monkeypatch)
    assert load().rules
    assert os.listdir(tmp_path) == ["a-file"]


def test_without_a_cache_every_regex_is_compiled_at_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SCRAPELINT_NO_CACHE", "1")
    fresh(monkeypatch)
    patterns = Patterns([], ["^Menu$"])
    assert patterns.compiled[0] is not None and patterns.facts == [None]
    regex_cache.KNOWN.save()
    assert list(tmp_path.iterdir()) == []
