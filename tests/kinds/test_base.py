import pickle
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.document import FOLDED, Finding, Line, folded_lines
from ingest import regex_cache
from ingest.kinds import base
from ingest.prefilter import Literals, NeedSets
from ingest.kinds.base import MAX_ANSWERED_CHARS, Patterns, Positions, Rule, RuleSpec, Screener, filled, filled_of, folded_of, printed, printed_counts
from ingest.kinds.boundary import BoundaryRule
from ingest.kinds.line import LineRule
from ingest.kinds.metadata import MetadataRule
from ingest.kinds.normalize import NormalizeRule
from ingest.kinds.teasers import TeasersRule


def test_phrases_are_literal_and_case_insensitive() -> None:
    patterns = Patterns(["read more (free)"], [])
    assert patterns.search("READ MORE (FREE) here")
    assert not patterns.search("read more free")


def test_phrases_match_whole_words_only() -> None:
    assert not Patterns(["share"], []).search("shareholders met")


def test_regex_is_taken_as_written() -> None:
    assert not Patterns([], ["^Menu$"]).search("menu")
    assert Patterns([], ["(?i)^Menu$"]).search("menu")


def test_bad_regex_is_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match=r"\(unclosed"):
        Patterns([], ["(unclosed"])


def test_positions_measure_head_and_tail_in_words() -> None:
    lines = [Line(1, "one two"), Line(2, "three four five six seven eight"), Line(3, "nine ten")]
    positions = Positions(lines)
    assert positions.total == 10
    assert positions.in_head(0, 0.1) and not positions.in_head(2, 0.5)
    assert positions.in_tail(2, 0.1) and not positions.in_tail(0, 0.5)
    assert positions.where(1, "any", 0.0)


def test_a_catastrophic_user_regex_cannot_hang_a_run() -> None:
    # Backtracking engines take ~2^5000 steps here; RE2 answers in linear time.
    patterns = Patterns([], ["(a+)+$"])
    assert type(patterns.regexes[0]).__module__.startswith("re2")
    assert patterns.search("a" * 5000 + "b") is None
    assert patterns.search("aaa") is not None


def test_patterns_with_unicode_classes_or_lookaround_stay_on_re() -> None:
    import re

    for source in [r"\w+", r"(?<!\w)Menu", r"(a)\1"]:
        assert isinstance(Patterns([], [source]).regexes[0], re.Pattern)
    assert Patterns([], [r"^\w+$"]).search("Köln")


def test_a_regex_that_does_not_compile_is_still_a_config_error() -> None:
    with pytest.raises(ValueError, match="does not compile"):
        Patterns([], ["(unclosed"])


@pytest.mark.parametrize("position", ["head", "tail", "edges", "any"])
def test_span_holds_every_index_where_accepts(position: str) -> None:
    import random

    rng = random.Random(7)
    for _ in range(200):
        lines = [Line(n, " ".join(["w"] * rng.choice([0, 0, 1, 3, 12]))) for n in range(1, rng.randint(0, 30))]
        positions = Positions(lines)
        share = rng.choice([0.0, 0.1, 0.25, 0.3, 0.5, 1.0])
        accepted = [index for index in range(len(lines)) if positions.where(index, position, share)]
        span = positions.span(position, share)
        assert set(accepted) <= set(span)
        if position in ("head", "tail"):
            assert list(span) == accepted  # and nothing more: one run of lines


def test_without_drops_the_lines_at_the_indices_given_and_keeps_the_order() -> None:
    from ingest.kinds.base import without

    lines = [Line(number, str(number)) for number in range(1, 8)]
    assert without(lines, set()) is lines
    assert without(lines, {0, 3, 4, 6}) == [lines[1], lines[2], lines[5]]
    assert without(lines, set(range(7))) == []


def test_a_rule_finding_is_the_finding_its_constructor_makes() -> None:
    rule = LineRule(RuleSpec(id="X1", name="word", kind="line", severity="warning", options={"phrases": ["word"]}))
    made = rule.finding(Line(3, "a word"), "drop", "why", col=3)
    expected = Finding("X1", "word", "warning", 3, 3, "drop", "why", "a word")
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    assert rule.finding(Line(4, "a word"), "edit", "why", "removed").text == "removed"


def test_findings_of_dropped_lines_made_in_one_go_are_those_the_constructor_makes() -> None:
    rule = LineRule(RuleSpec(id="X1", name="word", kind="line", severity="warning", options={"phrases": ["word"]}))
    lines = [Line(3, "a word"), Line(7, "  another word ")]
    made = rule.dropped_lines(iter(lines), "why")
    expected = [Finding("X1", "word", "warning", line.no, 1, "drop", "why", line.text) for line in lines]
    assert made == expected and list(map(repr, made)) == list(map(repr, expected)) and list(map(hash, made)) == list(map(hash, expected))
    assert [list(vars(finding).items()) for finding in made] == [list(vars(finding).items()) for finding in expected]
    assert pickle.loads(pickle.dumps(made)) == expected and rule.dropped_lines([], "why") == []


def test_findings_say_the_rules_description_or_else_its_name() -> None:
    lines = [Line(1, "Share")]
    for description, said in [("a share button", "a share button"), ("", "share")]:
        rule = LineRule(RuleSpec(id="X1", name="share", kind="line", description=description, options={"phrases": ["Share"]}))
        assert [finding.message for finding in rule.apply(lines, {})[1]] == [said]


def test_a_kind_that_writes_run_answers_apply_with_it_and_one_that_writes_neither_says_so() -> None:
    class FirstGoes(Rule):
        kind, phase = "first-goes", 0

        def run(self, lines: list[Line], record: dict[str, str]) -> tuple[list[Line], list[Finding], bool]:
            return lines[1:], self.dropped_lines(lines[:1], "first"), False

    lines = [Line(1, "one"), Line(2, "two")]
    assert FirstGoes(RuleSpec(id="X1", name="first", kind="first-goes")).apply(lines, {}) == ([lines[1]], [Finding("X1", "first", "error", 1, 1, "drop", "first", "one")])
    # The kinds that work out each answer's quiet flag take their `apply` from the base class.
    assert all(kind.apply is Rule.apply for kind in (LineRule, BoundaryRule, MetadataRule, NormalizeRule, TeasersRule))

    class Neither(Rule):
        kind, phase = "neither", 0

    with pytest.raises(NotImplementedError, match="Neither"):
        Neither(RuleSpec(id="X2", name="neither", kind="neither")).apply(lines, {})


def test_printed_counts_each_non_blank_lines_fold_as_the_lines_own_folded_does() -> None:
    # printed folds the lines together (folded_lines); the plain definition asks each line's `folded`.
    texts = ["Share this", "  ", "", "SHARE  this!", "Reply", "réponse", "Réponse", "Reply", "\tReply ", "a_b"]
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    FOLDED.clear()  # each way works out the folds itself, not from the other's
    counted = printed(lines)
    FOLDED.clear()
    plain: dict[str, int] = {}
    for line in lines:
        if line.text.strip():
            plain[line.folded] = plain.get(line.folded, 0) + 1
    assert counted == plain
    assert counted["share this"] == 2 and counted["reply"] == 3


def test_the_filled_mask_marks_the_lines_with_text_and_the_printed_counts_read_it() -> None:
    # A line with no words folds to nothing, as a blank line does: it is counted, the blank lines are not.
    # Blank as str.strip has it: an ideographic space (decode keeps it), separators, NEL and NBSP too.
    lines = [Line(1, "Home"), Line(2, ""), Line(3, " \t"), Line(4, "\u2014"), Line(5, "* * *"), Line(6, "\u3000"), Line(7, "\x1c\u2028\x85\xa0")]
    assert filled(lines) == bytes([1, 0, 0, 1, 1, 0, 0])
    assert filled_of(lines) is filled_of(lines)  # one mask for the readers of a list in a row
    assert printed(lines)[""] == 2 and printed(lines)["home"] == 1


def test_printed_count_is_the_printed_count_of_one_fold() -> None:
    # "***" and "--" fold to nothing, as the blank lines do, which are not counted
    texts = ["Share this", "  ", "", "SHARE  this!", "***", "Reply", "--", "\tReply ", "a_b"]
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    counted = printed(lines)
    assert counted[""] == 2
    for folded in ["", "share this", "reply", "a_b", "never printed"]:
        assert printed_counts(lines)(folded) == counted[folded]


def test_printed_counts_asked_many_times_about_one_list_answer_as_the_counter() -> None:
    # A page of many repeated markers asks about one fold per marker line: past a few asks the
    # folds are counted once (printed_of), and the answers stay those of printed().
    texts = [f"Post {n} about the walk along the coast\n{n % 7} comments\n\n***" for n in range(60)]
    lines = [Line(number, text) for number, text in enumerate("\n".join(texts).split("\n"), 1)]
    counted = printed(lines)
    asked = [line.folded for line in lines] + ["never printed", ""]
    count = printed_counts(lines)
    assert [count(folded) for folded in asked] == [counted[folded] for folded in asked]
    fewer = lines[:30]  # another list starts its own asks
    count = printed_counts(fewer)
    assert [count(folded) for folded in asked] == [printed(fewer)[folded] for folded in asked]


def test_printed_counts_go_over_the_folds_twice_at_most_however_often_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # list.count for each of thousands of marker lines, or the shared cache's check of the whole list
    # for each, was quadratic in the page's length: the folds are read once counted alone, once together.
    passes = []
    monkeypatch.setattr(base, "folded_of", lambda lines: passes.append("alone") or folded_lines(lines))
    monkeypatch.setattr(base, "printed_of", lambda lines: passes.append("together") or printed(lines))
    lines = [Line(number, f"{number % 5} comments") for number in range(1, 201)]
    count = printed_counts(lines)
    assert sum(count(line.folded) for line in lines) == 200 * 40
    assert len(passes) <= 3  # printed() reads the folds itself: alone, together, alone


def test_search_remembers_its_answers_and_gives_those_the_regexes_give_in_order() -> None:
    regexes = [r"(?i)^share\b", r"(?P<who>by \w+)", r"\d{2,}"]
    patterns = Patterns(["reply"], regexes)
    compiled = [re.compile(source) for source in regexes] + [re.compile(r"(?<!\w)(?:reply)(?!\w)", re.IGNORECASE)]

    def plain(text: str) -> Any:
        return next((match for regex in compiled if (match := regex.search(text))), None)

    texts = ["Share this", "by Someone 12", "Reply", "nothing here", "x" * 300 + " 42", "Reply", "Share this", "nothing here", "x" * 300 + " 42"]
    for text in texts:
        found, expected = patterns.search(text), plain(text)
        assert (found and (found.span(), found.group(), found.groupdict())) == (expected and (expected.span(), expected.group(), expected.groupdict()))
    assert set(patterns.answers) == {text for text in texts if len(text) <= MAX_ANSWERED_CHARS}
    copied = pickle.loads(pickle.dumps(patterns))  # a match does not pickle: a worker starts without the answers
    assert copied.answers == {} and copied.search("by Someone").group() == "by Someone"


def test_search_starts_its_answers_again_past_max_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_ANSWERS", 3)
    patterns = Patterns(["word"], [])
    for number in range(7):
        assert (patterns.search(f"word {number}") is not None) and patterns.search(f"other {number}") is None
        assert len(patterns.answers) <= 3


def test_folded_of_is_each_lines_own_folded_and_follows_the_list_when_it_changes() -> None:
    lines = [Line(number, text) for number, text in enumerate(["Share  this!", "", "Réponse", "a_b c"], 1)]
    first = folded_of(lines)
    assert folded_of(lines) is first  # the rules one after another share it
    FOLDED.clear()
    assert first == [line.folded for line in lines]
    lines[2] = Line(3, "Autre ligne")  # changed in place: worked out again
    assert folded_of(lines) == [line.folded for line in lines] and folded_of(lines)[2] == "autre ligne"


def test_the_screener_gives_in_order_the_regexes_whose_literals_a_text_holds_and_those_without() -> None:
    pytest.importorskip("re2")
    facts = [(("share", "tweet"), ()), (None, ()), (("cookie",), ()), (("tweet", "pin it"), ()), (("zz",), ())]
    screener = Screener(facts)  # type: ignore[arg-type]
    assert screener.matcher is not None
    assert screener.may_match("tweet this") == [0, 1, 3]
    assert screener.may_match("a cookie to pin it") == [1, 2, 3]
    assert screener.may_match("nothing") == [1]


@pytest.mark.parametrize("re2_set", [True, False], ids=["re2-set", "without-re2"])
def test_a_rule_of_many_regexes_finds_what_running_them_all_finds(monkeypatch: pytest.MonkeyPatch, re2_set: bool) -> None:
    # Past COMPILE_ALL_AFTER searches a rule of SCREEN_FROM regexes or more screens each text by the
    # literals (Screener; without RE2, a `str.find` each) and runs only those it may match.
    import random

    if not re2_set:
        monkeypatch.setattr(base, "literal_set", lambda strings, memory: None)
    sources = [rf"(?i)\b{word}s?\b" for word in ("share", "tweet", "cookie", "pin", "save", "print")] + [r"^\d+$", r"(?i)^follow us\b"]
    assert len(sources) > base.SCREEN_FROM
    rng = random.Random(5)
    words = ["share", "Tweets", "COOKIE", "pin", "saves", "print", "follow", "us", "12", "x"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(1, 4))) for _ in range(3 * base.COMPILE_ALL_AFTER)]
    regexes = [re.compile(source) for source in sources]
    patterns = Patterns([], sources)
    for text in texts:
        expected = next((match for regex in regexes if (match := regex.search(text))), None)
        found = patterns.search(text)
        assert (found and (found.re.pattern, found.span())) == (expected and (expected.re.pattern, expected.span()))
    assert patterns.screen and (patterns.screener is not None and patterns.screener.matcher is not None) == re2_set
    copied = pickle.loads(pickle.dumps(patterns))  # an RE2 set does not pickle: a worker builds its screener again
    assert copied.screener is None and [copied.search(text) and copied.search(text).span() for text in texts[:20]] == [
        patterns.search(text) and patterns.search(text).span() for text in texts[:20]
    ]


@given(st.lists(st.integers(0, 40), max_size=40), st.floats(0, 1))
def test_tail_span_is_the_lines_in_tail_accepts(counts: list[int], share: float) -> None:
    # The span is found by bisection over integers; in_tail compares each line's words after it with share * total.
    lines = [Line(n, " ".join(["w"] * count)) for n, count in enumerate(counts, 1)]
    positions = Positions(lines)
    assert list(positions.span("tail", share)) == [index for index in range(len(lines)) if positions.in_tail(index, share)]


def test_required_literals_are_the_fewest_folded_strings_one_of_which_every_match_holds() -> None:
    patterns = Patterns(["Share this", "Share"], ["(?i)^read more$", "Next page"])
    needs = patterns.required_literals()
    assert needs == {"share", "read more", "next page"}  # "share this" holds "share"
    for text in ["Share this", "READ MORE", "Next page"]:
        assert patterns.search(text) and any(need in text.lower() for need in needs)
    assert Patterns(["Share"], [r"^\d+$"]).required_literals() is None  # a number holds no literal


@pytest.mark.parametrize("known_at_load", [False, True])
def test_candidates_are_every_line_until_enough_lines_were_seen_unless_the_literals_were_known_at_load(monkeypatch: pytest.MonkeyPatch, known_at_load: bool) -> None:
    # Working out the literals of patterns the regex cache does not know parses them again: not for
    # the few lines of a one-file check, only once the patterns have seen PREFILTER_AFTER_LINES lines.
    monkeypatch.setattr(regex_cache.RegexCache, "enabled", property(lambda self: known_at_load))
    monkeypatch.setattr(regex_cache, "KNOWN", regex_cache.RegexCache())
    monkeypatch.setattr(base, "PREFILTER_AFTER_LINES", 10)
    patterns = Patterns([], ["(?i)^share this$"])
    lines = [Line(number, text) for number, text in enumerate(["Intro", "Share this", "Text", "More"], start=1)]
    every = [] if known_at_load else [[0, 1, 2, 3]] * 2  # 4 and 8 lines seen: not yet
    assert [list(patterns.candidates(lines)) for _ in range(4)] == every + [[1]] * (4 - len(every))
    assert list(patterns.candidates(lines, range(2, 4))) == []



def test_patterns_sent_to_a_worker_leave_the_regexes_it_knows_uncompiled_and_tell_its_prefilter_their_literals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache.RegexCache, "enabled", property(lambda self: True))
    monkeypatch.setattr(regex_cache, "KNOWN", regex_cache.RegexCache())
    sources = [r"(?i)\bshare this\b", r"(?i)^follow us\b"]
    Patterns(["reply"], sources)  # the regex cache learns their facts
    patterns = Patterns(["reply"], sources)
    texts = ["Share this page", "Follow us", "Reply", "nothing"]
    expected = [found and found.group() for found in map(patterns.search, texts)]
    assert patterns.required_literals() == {"share this", "follow us", "reply"} and None not in patterns.regexes
    monkeypatch.setattr(base, "LITERALS", Literals())  # a worker's prefilter, told nothing yet
    monkeypatch.setattr(base, "NEED_SETS", NeedSets())
    copied = pickle.loads(pickle.dumps(patterns))
    assert copied.compiled == [None] * 3 and not copied.ready  # compiled as a text calls for them
    assert set(base.LITERALS.expected) == patterns.needs and patterns.needs in base.NEED_SETS.state[0]
    assert [found and found.group() for found in map(copied.search, texts)] == expected


def test_a_rule_set_unpickled_holds_every_attribute_of_each_rule_set_as_a_new_rule_sets_them() -> None:
    # What a worker process started by spawn, or a Dask worker, gets. Pickle's own way puts the attributes in a
    # made __dict__, through which every read costs more: set one by one, they are held as a new rule's are.
    import gc
    from dataclasses import replace

    from ingest.config import load

    def layout(held: Any) -> list[type]:  # a __dict__ made: [dict, type]; else each attribute's value
        return [type(part) for part in gc.get_referents(held)]

    def parts(rule: Rule) -> list[Any]:
        return [rule, *(part for part in gc.get_referents(rule) if isinstance(part, Patterns))]

    sent = load().rules
    copies = pickle.loads(pickle.dumps(sent))
    for rule, copied in zip(sent, copies):
        made = type(rule)(replace(rule.spec))
        assert list(map(layout, parts(copied))) == list(map(layout, parts(made)))
        for original, copy in zip(parts(rule), parts(copied)):  # every attribute, as sent (Patterns: compared as parts)
            assert vars(copy).keys() == vars(original).keys()
            assert all(isinstance(value, Patterns) or vars(copy)[name] == value for name, value in vars(original).items())  # spec: its fields


def test_a_worker_sent_the_rule_set_expects_every_literal_loading_it_expects(monkeypatch: pytest.MonkeyPatch) -> None:
    # The kinds' own literals (block's prices, markup's characters) were told the prefilter at setup only, which
    # an unpickled rule does not run: a worker built the literals' automaton again as each turned up.
    from ingest.config import load
    from ingest.kinds import block, markup

    def told() -> Literals:  # the prefilter of a process that has been told nothing yet
        literals = Literals()
        for module in (base, block, markup):
            monkeypatch.setattr(module, "LITERALS", literals)
        monkeypatch.setattr(base, "NEED_SETS", NeedSets())
        return literals

    loading = told()
    ruleset = load()
    sent = pickle.dumps(ruleset)
    worker = told()
    pickle.loads(sent)
    assert set(worker.expected) == set(loading.expected) and {"usd", "<", "&"} <= set(worker.expected)
