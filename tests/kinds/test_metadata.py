from itertools import compress

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support import make, run

from ingest.document import Line, lines_of
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


def test_a_run_is_quiet_after_drops_only_where_no_line_left_matches_wherever_it_stands() -> None:
    # What lets the engine skip the rule in a later pass that only dropped lines (Rule.run).
    rule = make("metadata", regex=[BYLINE], position="head", window=0.3)
    assert rule.run(lines_of(f"Headline\n{PROSE}\n{PROSE}"), {})[2]  # no line matches
    out, found, quiet = rule.run(lines_of(f"Headline\nBy Jane Doe\n{PROSE}"), {})
    assert found and quiet  # the one match moved
    # A byline below the head moves into it once the lines above it go.
    lines = lines_of(f"Headline\n{PROSE}\n{PROSE}\n{PROSE}\nBy Jane Doe\n{PROSE}")
    out, found, quiet = rule.run(lines, {})
    assert out == lines and not found and not quiet
    assert rule.apply(lines[:1] + lines[4:], {})[1]
    # More matches than max_lines move none, and fewer may once some are dropped.
    dates = make("metadata", regex=[DATE], position="head", window=0.5, max_lines=2)
    lines = lines_of(THREAD)
    assert dates.run(lines, {})[1:] == ([], False)
    assert dates.apply(lines[2:], {})[1]


def test_patterns_needing_a_single_character_do_not_look_outside_their_position_to_be_quiet() -> None:
    # "." or ":" stands in most lines: the candidates outside the head would be most of the page.
    times = make("metadata", regex=[r"^(?P<date>\d\d[:.]\d\d)$"], position="head")
    assert times.run(lines_of(f"Headline\n{PROSE}\n{PROSE}"), {})[1:] == ([], False)
    assert make("metadata", regex=[BYLINE], position="head").run(lines_of(f"Headline\n{PROSE}\n{PROSE}"), {})[1:] == ([], True)


@given(st.lists(METADATA_LINE, max_size=14), st.lists(st.booleans(), min_size=14, max_size=14), st.sampled_from(["head", "tail", "edges"]))
def test_a_quiet_run_finds_nothing_in_what_it_left_nor_with_lines_dropped_from_that(texts, keeps, position) -> None:
    for rule in (make("metadata", regex=[BYLINE, DATE], position=position, window=0.3, max_words=4), make("metadata", regex=[DATE], position=position, max_lines=1)):
        left, _, quiet = rule.run(lines_of("\n".join(texts)), {})
        if quiet:
            assert rule.apply(left, {})[1] == []
            assert rule.apply(list(compress(left, keeps)), {})[1] == []
