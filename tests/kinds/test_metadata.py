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
