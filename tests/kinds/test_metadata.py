import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support import make, run

from ingest.document import Line
from ingest.kinds.base import Positions

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


METADATA_LINE = st.sampled_from(
    ["May 11, 2024", "  May 12, 2024 ", "By Jane Doe", "By Jane Ann Doe", "By Jane Ann Lee Doe", "By Jane Doe, May 3, 2024", "", "   ", "Menu", "--",
     "A deep porch keeps the boots dry through a week of rain in the hills.", "Any tips on tents for the coast?"]
)


PROSE = "A deep porch keeps the boots dry through a week of rain in the hills."


@given(st.lists(METADATA_LINE, max_size=30), st.sampled_from(["head", "tail", "edges", "any"]), st.sampled_from([0.1, 0.3, 0.6]))
@example([PROSE] * 3 + ["By Jane Doe"] + [PROSE] * 3, "edges", 0.1)  # in the middle, off both edges
@example(["By Jane Ann Lee Doe"] + [PROSE] * 3 + ["May 11, 2024"] + [PROSE] * 3, "head", 0.3)
@example([PROSE] * 3 + ["May 11, 2024"] + [PROSE] * 3 + ["By Jane Doe"], "tail", 0.3)
def test_moves_what_the_plain_test_of_each_line_would(texts: list[str], position: str, window: float) -> None:
    # The rule searches only its candidates in the span of its position, and asks where a line stands
    # only at the edges: the same lines move as when each line is tested for everything.
    rule = make("metadata", regex=[BYLINE, DATE], position=position, window=window, max_words=4)
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    positions = Positions(lines)
    plain = [
        index for index, line in enumerate(lines)
        if line.text.strip() and positions.counts[index] <= 4 and positions.where(index, position, window)
        and rule.patterns.search(line.text.strip())
    ]
    kept, found = rule.apply(lines, {})
    assert [finding.line for finding in found] == [lines[index].no for index in plain]
    assert kept == [line for index, line in enumerate(lines) if index not in plain]
