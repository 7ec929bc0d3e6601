import pytest
from support import make, run

BYLINE = r"^By (?P<author>[A-Z][\w.]*(?: [A-Z][\w.]*)*)(?:, (?P<date>\w+ \d+, \d{4}))?$"


def test_moves_the_line_into_the_record() -> None:
    outcome = run(make("metadata", regex=[BYLINE]), "Headline\nBy Jane Doe, Oct 24, 2011\nText.")
    assert outcome.text == "Headline\nText.\n"
    assert outcome.record == {"author": "Jane Doe", "date": "Oct 24, 2011"}
    assert outcome.findings[0].action == "move"


def test_first_value_wins() -> None:
    outcome = run(make("metadata", regex=[BYLINE]), "By Jane Doe\nBy John Roe\nText.")
    assert outcome.record["author"] == "Jane Doe"


def test_long_lines_are_not_bylines() -> None:
    assert run(make("metadata", regex=[BYLINE], max_words=3), "By Jane Mary Ann Doe").findings == []


def test_regex_must_name_a_field() -> None:
    with pytest.raises(ValueError, match="author, date"):
        make("metadata", regex=["^By (?P<who>.*)$"])


DATE = r"^(?P<date>\w+ \d+, \d{4})$"
THREAD = "Tents\nMay 11, 2024\nAny tips?\nMay 12, 2024\nA tunnel tent.\nMay 18, 2024\n" + "A deep porch keeps the boots dry.\n" * 6


def test_more_lines_than_max_lines_are_entries_dates_and_stay() -> None:
    outcome = run(make("metadata", regex=[DATE], position="head", window=0.5, max_lines=2), THREAD)
    assert (outcome.findings, outcome.record) == ([], {})
    assert "May 18, 2024" in outcome.text


def test_up_to_max_lines_move() -> None:
    outcome = run(make("metadata", regex=[DATE], position="head", window=0.5, max_lines=3), THREAD)
    assert [finding.text for finding in outcome.findings] == ["May 11, 2024", "May 12, 2024", "May 18, 2024"]
    assert outcome.record == {"date": "May 11, 2024"}


def test_max_lines_needs_a_position() -> None:
    with pytest.raises(ValueError, match="max_lines"):
        make("metadata", regex=[DATE], max_lines=2)
