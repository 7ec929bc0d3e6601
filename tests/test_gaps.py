import pytest

from ingest.gaps import put_back


def restore_gaps(extracted: str, page: str) -> str:
    return put_back(extracted, page)[0]


PAGE = "\n\n".join(
    [
        "Home News Sport Weather",
        "The harbour wall will be rebuilt this summer.",
        "Work starts in June",
        "The council approved the plan on Tuesday after a long debate.",
        "Boats will moor in the outer basin while the wall is closed.",
        "Share this story",
        "Tweet",
        "Contractors expect the work to take twelve weeks.",
        "More from the coast",
        "Ferry fares rise again",
    ]
)


def test_a_lone_dropped_block_goes_back_between_its_neighbours() -> None:
    extracted = "The harbour wall will be rebuilt this summer.\nThe council approved the plan on Tuesday after a long debate."
    assert restore_gaps(extracted, PAGE).split("\n") == [
        "The harbour wall will be rebuilt this summer.",
        "Work starts in June",
        "The council approved the plan on Tuesday after a long debate.",
    ]


def test_in_a_script_without_spaces_a_lone_block_counts_its_words_as_text_words_does() -> None:
    # One run of characters, no spaces: by its spaces one word, as text.words counts it four.
    page = "\n\n".join(["港口的防波堤将在今年夏天重建。", "工程将于六月开始", "议会在周二经过长时间辩论后批准了该计划。"])
    extracted = "港口的防波堤将在今年夏天重建。\n议会在周二经过长时间辩论后批准了该计划。"
    assert restore_gaps(extracted, page).split("\n")[1] == "工程将于六月开始"


def test_put_back_names_each_block_with_its_line_in_the_text() -> None:
    extracted = "The harbour wall will be rebuilt this summer.\nThe council approved the plan on Tuesday after a long debate."
    text, restored = put_back(extracted, PAGE)
    assert restored == [(2, "Work starts in June")] and text.split("\n")[1] == "Work starts in June"
    assert put_back(extracted, "") == (extracted, [])


def test_a_run_of_dropped_blocks_and_the_blocks_outside_the_extraction_stay_out() -> None:
    extracted = "Boats will moor in the outer basin while the wall is closed.\nContractors expect the work to take twelve weeks."
    assert restore_gaps(extracted, PAGE) == extracted  # "Share this story", "Tweet": two blocks, and short


def test_page_lines_are_found_inside_joined_extracted_lines_and_spaces_do_not_matter() -> None:
    page = "Cell one | Cell two\n\nA caption that the extractor skipped\n\nThe   closing   paragraph of it."
    extracted = "Row: Cell one | Cell two\nThe closing paragraph of it."
    assert restore_gaps(extracted, page).split("\n") == ["Row: Cell one | Cell two", "A caption that the extractor skipped", "The closing paragraph of it."]


def test_nothing_extracted_nothing_restored() -> None:
    assert restore_gaps("", PAGE) == ""


def test_past_the_search_limit_only_whole_lines_match(monkeypatch) -> None:
    import ingest.gaps

    monkeypatch.setattr(ingest.gaps, "SEARCH_LIMIT", 0)
    page = "Cell one | Cell two\n\nA caption that the extractor skipped\n\nThe closing paragraph of it."
    extracted = "Row: Cell one | Cell two\nThe closing paragraph of it."
    assert restore_gaps(extracted, page) == extracted  # "Cell one | Cell two" is not a whole extracted line


# Blocks that stay out: each extracted text is what put_back must give back unchanged.
STAYS_OUT = [
    pytest.param(
        "First paragraph of the story here.\n\nAdvertisement\n\nSecond paragraph of the story here.",
        "First paragraph of the story here.\nSecond paragraph of the story here.",
        id="a_lone_block_of_fewer_than_four_words_stays_out",
    ),
    pytest.param(
        # The page breaks a line where the extractor joined two (a <br>); the middle line was left out of it.
        "Opening words of the line\nthe middle part left out here\nclosing words of the line",
        "Opening words of the line closing words of the line",
        id="a_gap_inside_one_extracted_line_is_not_put_back",
    ),
    pytest.param(
        # The extractor writes a cell's "|" as "\|"; the block is in the row all the same.
        "First item of the table\n\n1 point by someone | hide | past | discuss\n\nSecond item of the table",
        "| First item of the table |\n| 1 point by someone \\| hide \\| past \\| discuss |\n| Second item of the table |",
        id="a_block_the_extractor_kept_as_a_table_cell_with_escaped_bars_is_not_put_back_again",
    ),
    pytest.param(
        "The list of jobs below\n\nEngineer wanted for the team (example.org)\n\nThe next item of the list",
        "The list of jobs below\nEngineer wanted for the team\n(\nexample.org\n)\nThe next item of the list",
        id="a_block_whose_inline_pieces_the_extractor_put_on_lines_of_their_own_is_not_put_back_again",
    ),
]


@pytest.mark.parametrize(("page", "extracted"), STAYS_OUT)
def test_what_is_not_a_lone_block_dropped_between_two_kept_is_not_put_back(page: str, extracted: str) -> None:
    assert restore_gaps(extracted, page) == extracted


SPACED_PAGES = [
    "<html><head><title>  Harbour \n news </title></head><body><p>The harbour wall will be rebuilt this summer.</p>"
    "<p>Work  starts\tin <b>June</b> after the vote</p><div>The council approved the plan<br>  on Tuesday after a long debate.</div>"
    "<p>\u00a0</p><p>Boats will moor in the outer basin while the wall is closed.</p></body></html>",
    "<html><body><pre>Line  one of the code\n\n   line two of it here</pre><p>Cell one | Cell two and more</p></body></html>",
]


@pytest.mark.parametrize("html", SPACED_PAGES)
def test_the_lines_of_a_page_text_are_taken_as_they_are_with_the_same_outcome(html: str) -> None:
    from trafilatura.utils import load_html

    from ingest.gaps import Kept, normalised
    from ingest.pagetext import page_text

    page = page_text(load_html(html))
    assert [line for line in page.split("\n") if line] == [block for block in (" ".join(line.split()) for line in page.split("\n")) if block]
    lines = [line for line in page.split("\n") if line]
    for kept_lines in ([lines[0], lines[2]], [lines[1], lines[-1]], lines[:1] + lines[-1:]):
        extracted = "\n".join(kept_lines)
        assert put_back(extracted, page, Kept(extracted), spaced=True) == put_back(extracted, page)
    assert normalised("a  b\nc") == Kept("a  b\nc").lines


def test_a_kept_of_another_text_is_not_used() -> None:
    from ingest.gaps import Kept, covered

    extracted = "The harbour wall will be rebuilt this summer.\nThe council approved the plan on Tuesday after a long debate."
    other = Kept("Home News Sport Weather\nWork starts in June")
    assert put_back(extracted, PAGE, other) == put_back(extracted, PAGE) != (extracted, [])
    blocks = [block for block in PAGE.split("\n") if block]
    assert covered(extracted, blocks, 4, other) == covered(extracted, blocks, 4) == covered(extracted, blocks, 4, Kept(extracted))
    assert covered(extracted, blocks, 4, other) != covered(other.text, blocks, 4)


def test_a_block_covered_asked_of_is_not_searched_for_again_by_put_back() -> None:
    from ingest.gaps import SURE_WORDS, Kept, covered

    extracted = "Row: Cell one | Cell two\nThe closing paragraph of it."
    page = "Cell one | Cell two\n\nA caption that the extractor skipped\n\nThe   closing   paragraph of it."
    blocks = [" ".join(line.split()) for line in page.split("\n") if line]
    kept = Kept(extracted)
    assert covered(extracted, blocks, SURE_WORDS, kept) == [True, False, True]
    assert set(kept.found) == {"Cell one | Cell two", "A caption that the extractor skipped"}  # not the line found whole
    kept.__dict__["unspaced"] = ""  # a new search would find nothing now: the answers come from `found`
    assert put_back(extracted, "\n\n".join(blocks), kept, spaced=True) == put_back(extracted, page)
