"""ingest/wraps.py: finding the width a dump was hard-wrapped at, and joining its paragraphs again."""

from __future__ import annotations

import re
import textwrap

from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import wraps
from ingest.wraps import NARROWEST, WIDEST, unwrap, wrap_width

PARAGRAPHS = [
    "The council met on Tuesday evening to discuss the budget for the coming year, and members spoke at length "
    "about the cost of repairing the old bridge, which has been closed to lorries since the spring floods.",
    "A decision on the new library was put off until the next meeting, when the full report is due; the mayor "
    "thanked the residents who had written to her about the opening hours of the swimming pool.",
    "Work on the well-known ring road starts in March and should take two years, the engineers said, though "
    "the contractor warned that a wet winter could push the finish back by several months.",
]


def wrapped(width: int, paragraphs: list[str] = PARAGRAPHS, **options: object) -> str:
    return "\n\n".join(textwrap.fill(p, width, **options) for p in paragraphs)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [60, 72, 78])
def test_the_width_a_text_was_wrapped_at_is_found(width: int) -> None:
    # as the data tell it: from its longest line up to the width, all give the same joints
    lines = wrapped(width).split("\n")
    assert max(map(len, lines)) <= wrap_width(lines) <= width


@pytest.mark.parametrize("width", [60, 78])
def test_wrapped_paragraphs_are_joined_back_as_they_were(width: int) -> None:
    unwrapped = unwrap(wrapped(width))
    assert unwrapped is not None
    assert unwrapped.text == "\n\n".join(PARAGRAPHS)  # "well-known", broken after its hyphen, is whole again
    assert [pieces for _, pieces in unwrapped.joined] == [p.count("\n") + 1 for p in wrapped(width).split("\n\n")]


def test_paragraphs_on_one_line_each_are_not_wrapped() -> None:
    assert unwrap("\n\n".join(PARAGRAPHS)) is None
    assert unwrap("\n".join(PARAGRAPHS)) is None


def test_short_lines_a_page_ended_are_not_wrapped() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "About the council and its members"] * 5)
    assert wrap_width(menu.split("\n")) is None


def test_titles_near_the_longest_line_are_not_a_wrapped_paragraph() -> None:
    # A list of product names, each as long as the longest, each followed by a line of its own: a
    # wrapper would have put the next line's first word on it, yet these are items, not a paragraph.
    names = [f"Monitor {n} with a fast panel, a stand that tilts and two ports | Model {n}" for n in range(10)]
    lines = [line for n, name in enumerate(names) for line in (name, f"${n}99.99")]
    assert wrap_width(lines) is None
    toc = [f"Chapter {n}. How the council sets its budget and spends it on roads" for n in range(10)]
    assert wrap_width(toc) is None


def test_a_table_laid_out_in_columns_is_not_wrapped() -> None:
    rows = [f"  rider number {n} of the team, on the hills     {5000 - n}      {n % 7}     {n % 5}" for n in range(1, 12)]
    assert unwrap("\n".join(rows)) is None



def test_rows_with_cells_parted_by_tabs_keep_their_lines() -> None:
    rows = [f"rider number {n} of the team on the hills and roads\t{5000 - n}\tpoints\t{n % 7}" for n in range(1, 4)]
    unwrapped = unwrap(wrapped(60) + "\n\n" + "\n".join(rows))
    assert unwrapped is not None and unwrapped.text.endswith("\n\n" + "\n".join(rows))


def test_text_in_a_script_without_spaces_is_not_joined() -> None:
    line = "先日、不正に改造した携帯電話を販売したとして、商標法違反の疑いで男性が逮捕されたというニュースを耳にしました。"
    text = wrapped(60) + "\n\n" + "\n".join([line] * 6)
    unwrapped = unwrap(text)
    assert unwrapped is not None and unwrapped.text.endswith("\n".join([line] * 6))


def test_list_items_headings_and_code_keep_their_lines() -> None:
    wide = textwrap.fill(PARAGRAPHS[0], 70)
    text = "\n".join(
        [wide, "", textwrap.fill(PARAGRAPHS[1], 70, initial_indent="  * ", subsequent_indent="    "),
         "  * a second item", "", "## The budget in detail", "", *CODE, "", *QUOTED, "", wide]
    )
    unwrapped = unwrap(text)
    assert unwrapped is not None
    lines = unwrapped.text.split("\n")
    assert lines[0] == PARAGRAPHS[0] and lines[2] == "  * " + PARAGRAPHS[1]  # a wrapped item goes on under its text
    assert lines[3:] == ["  * a second item", "", "## The budget in detail", "", *CODE, "", *QUOTED, "", PARAGRAPHS[0]]


def test_a_wrapped_quote_is_joined_within_its_marks_and_a_quote_of_a_quote_within_its_own() -> None:
    # Markdown and e-mail mark each line of a quote ("> ", "> > "): the marks of a line that goes on go
    quote = textwrap.fill(PARAGRAPHS[1], 70, initial_indent="> ", subsequent_indent="> ")
    nested = textwrap.fill(PARAGRAPHS[2], 70, initial_indent="> > ", subsequent_indent="> > ")
    text = "\n".join([wrapped(70), "", quote, ">", nested, "", "> First line of a quote", "plain text after it"])
    unwrapped = unwrap(text)
    assert unwrapped is not None
    lines = unwrapped.text.split("\n")
    assert lines[-6:] == ["> " + PARAGRAPHS[1], ">", "> > " + PARAGRAPHS[2], "", "> First line of a quote", "plain text after it"]
    at = lines.index("> " + PARAGRAPHS[1]) + 1
    word = lines[at - 1].index("residents")
    row, col = unwrapped.place(at, word + 1)
    assert text.split("\n")[row - 1][col - 1 :].startswith("residents")  # after the marks of its input line


def test_a_line_of_a_quote_does_not_go_on_a_line_of_another_depth_or_outside_it() -> None:
    line = "The clerk read out the figures at the start of the meeting, and then the"
    assert not wraps.is_joint("> " + line, "> > residents asked", 76)
    assert not wraps.is_joint(line, "> residents asked", 76)
    assert wraps.is_joint("> " + line, "> residents asked", 76)


def test_prose_that_names_a_call_is_joined_and_code_is_not() -> None:
    # "sleep(0)" reads as a call, but a line of plain words around it is prose, wrapped like any other
    prose = ("When I remove the call to asyncio.sleep(0) the output is no longer what the manual says it "
             "should be, and the tasks run one after the other instead of taking turns as they did before.")
    unwrapped = unwrap(wrapped(70) + "\n\n" + textwrap.fill(prose, 70) + "\n\n" + "\n".join(CODE))
    assert unwrapped is not None
    assert unwrapped.text.endswith("\n\n" + prose + "\n\n" + "\n".join(CODE))
    assert wraps._code("total = compute(alpha, beta) if flag else default(x)")


def test_a_code_line_is_told_by_its_edges_before_its_words() -> None:
    # A start or end as code's makes a line code whatever its words; a call or assignment inside does
    # only in a line too short, or of too few plain words, to be prose.
    assert wraps._code("when the answer is ready and the results are in hand we return them all {")
    assert not wraps._code("## Setup (optional) = the first steps of this guide")  # a heading, not a comment
    assert not wraps._code("the plain words of a paragraph that names no call at all, as prose does")
    assert wraps._code("run(x)") and not wraps._code("we run(x) over the data and keep only what the rules allow here")


CODE = ["    spent = sum(item.cost for item in budget(year) if item.approved)", "    print(spent)"]
# a line the page indented further is not the one above it going on
QUOTED = ["The clerk read the figures out at the start of the meeting, as follows", "        roads and bridges first"]


def test_every_word_of_the_joined_text_maps_back_to_its_place_in_the_input() -> None:
    text = wrapped(60)
    unwrapped = unwrap(text)
    assert unwrapped is not None
    lines = text.split("\n")
    for number, line in enumerate(unwrapped.text.split("\n"), 1):
        for word in re.finditer(r"\w+", line):
            at, col = unwrapped.place(number, word.start() + 1)
            assert lines[at - 1][col - 1 : col - 1 + len(word.group())] == word.group()


def test_a_wrapped_markdown_heading_is_joined() -> None:
    heading = textwrap.fill("### [What the council decided about the bridge, the library and the pool](/news/council)", 70)
    unwrapped = unwrap(wrapped(70) + "\n\n" + heading)
    assert unwrapped is not None
    assert unwrapped.text.endswith("\n### [What the council decided about the bridge, the library and the pool](/news/council)")


# Lines of a dump as converters and pages leave them: wrapped prose, short lines of a menu, and
# whitespace after the text (spaces a layout pads with, a no-break space, a form feed).
TRAILING = st.one_of(st.just(""), st.lists(st.sampled_from([" ", "\t", "\xa0", "\x0c"]), max_size=150).map("".join))
WORDS = ["the", "council", "met", "Tuesday", "budget", "of", "a", "well-", "known", "roads", "{"]
PROSE = st.lists(st.sampled_from(WORDS), min_size=30, max_size=150)


@st.composite
def dumps(draw: st.DrawFn) -> str:
    width = draw(st.integers(NARROWEST, WIDEST))
    lines: list[str] = []
    for words in draw(st.lists(PROSE, min_size=1, max_size=6)):
        lines += textwrap.wrap(" ".join(words), width) + [""]
        lines += draw(st.lists(st.sampled_from(["Home", "Contact us", "News and sport"]), max_size=3))
    return "\n".join(line + draw(TRAILING) for line in lines)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps())
def test_the_regex_bounds_never_rule_out_a_text_the_search_would_unwrap_and_joined_text_stays_joined(text: str) -> None:
    with patch.object(wraps, "ruled_out", return_value=False):
        searched = unwrap(text)
    assert unwrap(text) == searched
    assert searched is None or unwrap(searched.text) is None  # `fix` of its own output joins nothing more


def test_whitespace_after_the_text_of_a_line_does_not_hide_the_wrapping() -> None:
    # the search measures lines without it; the regex bounds before it must too
    padded = "\n".join(line + "\xa0" * 80 if line else line for line in wrapped(60).split("\n"))
    assert unwrap(padded) is not None
    menu = "\n".join(["Home and garden" + " " * 140] * 10)
    assert unwrap(wrapped(60) + "\n\n" + menu) is not None


def test_joining_a_paragraph_reads_each_of_its_lines_once() -> None:
    # not the paragraph so far again at each line: that is quadratic in a long paragraph's length
    paragraph = " ".join(PARAGRAPHS * 40).replace(";", ",")  # a line ending in ";" reads as code
    text = textwrap.fill(paragraph, 60)
    with patch.object(wraps, "_space", side_effect=wraps._space) as space:
        unwrapped = unwrap(text)
    assert unwrapped is not None and unwrapped.text == paragraph
    assert sum(len(call.args[0]) for call in space.call_args_list) <= len(text)


def test_a_markdown_heading_under_a_wrapped_paragraph_starts_a_block_of_its_own() -> None:
    # the paragraph's last line is near the width, and "##" would not have fitted on it
    last = "the mayor thanked the residents who had written to her about the pool"
    unwrapped = unwrap(wrapped(70) + "\n" + last + "\n## The budget in detail")
    assert unwrapped is not None and unwrapped.text.endswith("\n## The budget in detail")


# Lines around the lengths FOLLOWED takes, starting and ending in any of the characters it tells apart.
EDGE = st.sampled_from(["a", "b", "[", "A", "Z", "7", "$", "€", "£", " ", "\t", "\xa0", "\x0c", "\r", "\u2028", "é"])
EDGE_LINES = st.builds(
    lambda head, length, tail: head + "x" * length + tail,
    st.text(EDGE, max_size=3), st.integers(0, WIDEST + 10), st.text(EDGE, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(EDGE_LINES, max_size=8))
def test_the_lines_followed_by_a_continuation_are_counted_as_the_regex_finds_them(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert wraps.followed(text.split("\n")) == len(wraps.FOLLOWED.findall(text))


@pytest.mark.parametrize("length", [wraps.SHORTEST - 1, wraps.SHORTEST, wraps.LONGEST, wraps.LONGEST + 1])
@pytest.mark.parametrize("after", ["", " ", "\xa0" * 30])
def test_a_line_is_followed_at_the_edges_of_the_lengths_as_the_regex_finds(length: int, after: str) -> None:
    # counted by the length of the text before its whitespace, however long the line is with it
    text = "a" * length + after + "\ngoes on"
    assert wraps.followed(text.split("\n")) == len(wraps.FOLLOWED.findall(text)) == (wraps.SHORTEST <= length <= wraps.LONGEST)


@settings(max_examples=300, deadline=None)
@given(st.text(" \t\u3000\u00a0#>x", max_size=10))
def test_the_quote_and_heading_patterns_are_run_only_on_lines_holding_their_character(text: str) -> None:
    # _quote_end asks `in` first, _code_of and _continues_of too (of a line stripped at its start, whose first it is)
    assert wraps.QUOTE_MARKS.match(text) is None or ">" in text
    assert wraps.MARKDOWN_HEADING.match(text) is None or "#" in text
    assert wraps.MARKDOWN_HEADING.match(text.lstrip()) is None or text.lstrip().startswith("#")
    assert wraps._quote_end(text) == (found.end() if (found := wraps.QUOTE_MARKS.match(text)) else 0)
    assert not (wraps.MARKDOWN_HEADING.match(text) and wraps._code_of(text))  # a heading, indented too, is not code


def test_an_indented_markdown_heading_is_not_code() -> None:
    assert not wraps._code_of("  ## Heading") and not wraps._code_of("# Heading")


def test_only_short_lines_answers_are_kept_from_document_to_document() -> None:
    # A 100 KB line would otherwise be held by the cache until 4096 others push it out.
    wraps._kept_code.cache_clear()
    wraps._kept_continues.cache_clear()
    long, short = "total = compute(alpha, beta) " * 5000 + "{", "total = compute(alpha, beta) {"
    assert wraps._code(long) and wraps._code(short)
    assert wraps._kept_code.cache_info().currsize == 1
    assert wraps._continues("The paragraph goes on and", "on " * 5000) == wraps._continues_of("The paragraph goes on and", "on " * 5000)
    assert wraps._kept_continues.cache_info().currsize == 0


def test_a_line_is_a_joint_exactly_when_the_first_word_below_would_not_have_fitted() -> None:
    above = "The members of the council spoke at length about the cost of a bus"  # 66 characters
    assert len(above) == 66
    assert wraps.is_joint(above, "bridge", 72)  # 66 + 1 + 6 > 72: the wrapper broke the line
    assert not wraps.is_joint(above, "bridg", 72)  # 66 + 1 + 5 would have fitted


def test_a_counted_label_is_a_line_of_its_own_to_the_wrap_step() -> None:
    # Unlike text.is_code (where "Recipes(53)" is no code for any rule), the wrap step keeps such a
    # label off the paragraph above it, as it keeps code: a sidebar's label is never a wrapped line.
    from ingest.text import is_code

    assert wraps._code("Recipes(53)") and not is_code("Recipes(53)")
