from hypothesis import given
from hypothesis import strategies as st

from ingest.links import CLOSED, is_markdown, relink, scan

# A Markdown dump as a page-to-Markdown converter leaves it, wrapped at its width inside links.
MARKDOWN = "\n".join(
    [
        "  * [Home](https://news.example.com/)",
        "  * [World](https://news.example.com/world/)",
        "",
        "The minister said the plan for the [new river",
        "bridge](https://news.example.com/2024/05/river-bridge-plan-",
        "approved/) would go to a vote.",
        "",
        "[![Crews at the bridge](https://cdn.example.com/img/bridge-",
        "2024.jpg) Crews start work on the bridge Work on the new bridge starts",
        "in June, the council said 2H ago](/news/bridge-work",
        '"Read the',
        'whole story")',
        "",
        "A bracket [in prose is left alone when it does not close.",
        "The next line is not joined to it.",
    ]
)


def test_a_dump_with_markdown_links_is_told_from_a_plain_one() -> None:
    assert is_markdown(MARKDOWN)
    assert not is_markdown("Home\nWorld\n\nThe minister said the plan [sic] would go to a vote.\n")


def test_the_state_after_a_line_says_what_link_is_left_open() -> None:
    assert scan("[Home](/) and [World](/w/)", CLOSED) == CLOSED
    assert scan("the [new river", CLOSED) == (1, False, 0, "")  # inside a link's text
    assert scan("bridge](https://example.com/plan-", (1, False, 0, "")) == (0, True, 0, "")  # inside its target
    assert scan(r"[![A \(photo\)](a.png)", CLOSED)[0] == 1  # escaped brackets are text
    assert scan('[a](/b "the', CLOSED) == (0, True, 0, '"')  # inside a title
    assert scan(r"[a\\](b", CLOSED) == (0, True, 0, "")  # an escaped backslash escapes no bracket
    assert scan("[a](b(c)", CLOSED) == (0, True, 0, "")  # the target's own "(" opens nothing in it


def test_links_broken_across_lines_are_joined_urls_without_a_space() -> None:
    lines = relink(MARKDOWN).text.split("\n")
    assert lines[3] == "The minister said the plan for the [new river bridge](https://news.example.com/2024/05/river-bridge-plan-approved/) would go to a vote."
    assert lines[5] == (
        "[![Crews at the bridge](https://cdn.example.com/img/bridge-2024.jpg) Crews start work on the bridge Work on the new bridge starts"
        ' in June, the council said 2H ago](/news/bridge-work "Read the whole story")'
    )
    assert lines[:3] == MARKDOWN.split("\n")[:3]  # links on one line stay as they are
    assert lines[-2:] == MARKDOWN.split("\n")[-2:]  # a bracket that never closes opens no link
    assert relink("[a](/a) [b](/b)\n[c](/c\n'title')\n").text == "[a](/a) [b](/b)\n[c](/c 'title')\n"  # a space before a title


def test_places_in_the_joined_text_map_back_to_the_input() -> None:
    joined = relink(MARKDOWN)
    line = joined.text.split("\n")[3]
    assert joined.place(4, line.index("bridge]") + 1) == (5, 1)
    assert joined.place(4, line.index("approved/)") + 1) == (6, 1)
    assert joined.joined == [(4, 3), (8, 5)]


def test_a_link_is_not_joined_across_a_blank_line() -> None:
    assert relink("[a](/a) [b](/b) [c](/c)\n\nThe [open\n\nbracket](/x) here\n") is None


def test_a_plain_dump_is_left_as_it_is() -> None:
    assert relink("Home\nNews\n\nResidents [returned\non Sunday.\n") is None


def test_reference_style_links_make_a_markdown_dump_too() -> None:
    assert is_markdown("See [the report][1], [the minutes][2] and [the map][3].")
    assert not is_markdown("Earlier studies[1][2] found the same.")


def test_markdown_is_told_by_its_link_pairs_not_by_brackets_alone() -> None:
    # The pairs share their "]" with nothing: three links hold three, however they come.
    assert is_markdown("[a](x) [b][c](y)")
    assert not is_markdown("Notes [1] [2] [3] [4] and [5].")


@given(st.lists(st.sampled_from(["[a](/a) [b][c]", "the [new", "bridge](/plan-", "approved/) here", "[x]", "(y)", "]", "", "text"]), max_size=12))
def test_a_text_relinked_stays_markdown(pieces: list[str]) -> None:
    # What lets the pipeline ask is_markdown once for SL014 and SL015: a join keeps every "]" and every pair.
    # Each text is Markdown and holds a broken link, so that every drawing reaches the join.
    text = "\n".join(["[a](/a) [b](/b) [c](/c)", *pieces, "the [broken", "link](/x) here"])
    joined = relink(text)
    assert joined is not None
    assert joined.text.count("]") == text.count("]")
    assert joined.text.count("](") + joined.text.count("][") >= text.count("](") + text.count("][")
    assert is_markdown(joined.text)
