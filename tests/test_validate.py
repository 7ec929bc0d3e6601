from ingest.config import Thresholds
from ingest.validate import CHECKS, STEPS, report, status_of, validate

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
