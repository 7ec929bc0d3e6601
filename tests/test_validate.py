import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import Thresholds
from ingest.validate import CHECKS, STEPS, first_markup, report, status_of, validate

LIMITS = Thresholds(min_words=5, max_removed=0.5)
GOOD = "One two three four five six seven."


def ids(text: str, before: int = 7) -> list[str]:
    return [f.rule_id for f in validate(text, before, LIMITS).findings]


def test_good_text_passes() -> None:
    result = validate(GOOD, 8, LIMITS)
    assert (result.status, result.findings) == ("ok", [])


def test_empty_fails() -> None:
    result = validate("", 100, LIMITS)
    assert [f.rule_id for f in result.findings] == ["SL002"]
    assert result.status == "fail"


def test_too_few_words_warns() -> None:
    assert ids("Two words", before=2) == ["SL003"]
    assert validate("Two words", 2, LIMITS).status == "warn"


def test_markup_left_points_at_it() -> None:
    [finding] = validate(GOOD + "\nText <div class='x'> more", 10, LIMITS).findings
    assert (finding.rule_id, finding.line, finding.col) == ("SL004", 2, 6)


def test_markup_left_is_judged_line_by_line() -> None:
    # A tag broken across lines is no tag of either; the first line that holds markup is the one told,
    # though a later one holds it further left.
    assert ids(GOOD + "\nText <div\nclass='x'> more") == []
    [finding] = validate(GOOD + "\nA tail &amp; more\n<b>x</b>", 10, LIMITS).findings
    assert (finding.rule_id, finding.line, finding.col, finding.message) == ("SL004", 2, 8, "markup left: '&amp;'")


# The one pattern first_markup's two stand for: their first match is its.
MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*([^\S\n][^<>\n]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")


# Pieces of markup, whole and broken, and what may stand between them.
PIECES = ["<a>", "<b x='&lt;'>", "</b9 x='1'>", "<br/>", "<i\n>", "<p <q>", "&amp;", "&#9;", "&#xF0;", "&x1;", "&#;", "<", ">", "/", "&", "#", ";", "a", "Z", "0", " ", "\t", "\n", "\u00a0", "é"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_first_markup_is_the_first_match_of_a_tag_or_an_entity(text: str) -> None:
    found, expected = first_markup(text), MARKUP.search(text)
    assert (found and (found.span(), found.group(0))) == (expected and (expected.span(), expected.group(0)))


def test_first_markup_takes_whichever_starts_first() -> None:
    assert first_markup("a &amp; <b> &lt;").group(0) == "&amp;"
    assert first_markup("a <b> &amp; <i>").group(0) == "<b>"
    assert first_markup("a &amp <b x='&amp;'>").group(0) == "<b x='&amp;'>"
    assert first_markup("a < b & c") is None


def test_replacement_character() -> None:
    assert ids(GOOD + " caf\ufffd") == ["SL005"]


def test_replacement_character_points_at_the_first() -> None:
    [finding] = validate(GOOD + "\n\nA caf\ufffd and \ufffd\nx\ufffd", 10, LIMITS).findings
    assert (finding.rule_id, finding.line, finding.col) == ("SL005", 3, 6)


def test_too_much_removed() -> None:
    assert ids(GOOD, before=100) == ["SL006"]


def test_report_and_status() -> None:
    assert report("SL001", "cannot read").severity == "error"
    assert status_of([report("SL003", "x")]) == "warn"
    assert all(check.id == key for key, check in CHECKS.items())


def test_validation_tells_the_words_of_the_clean_text() -> None:
    assert validate("one two three\nfour", 4, Thresholds()).words == 4


def test_the_steps_are_the_checks_that_tell_how_to_switch_them_off() -> None:
    # A step's description tells the user that `ignore` switches it off: STEPS (what RuleSet.off
    # takes from `ignore`) must hold exactly those, or a documented switch would do nothing.
    told = {check.id for check in CHECKS.values() if f"ignore: [{check.id}]" in check.description}
    assert told and set(STEPS) == told
    assert all(CHECKS[step].severity == "info" for step in STEPS)  # a step reports, it does not judge
