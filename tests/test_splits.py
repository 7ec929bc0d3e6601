from ingest.splits import is_node_dump, rejoin

# A page as a scraper that writes each text node on a line of its own leaves it.
NODES = "\n".join(
    [
        "Home",
        "News",
        "Sport",
        "Flood waters recede",
        "Residents returned on Sunday, officials said, and the",
        "river authority",
        "lifted its warning",
        ".",
        "Read the",
        "full report",
        ", or see",
        "(",
        "maps",
        ")",
        "for the worst-hit streets.",
        "The council's",
        "relief fund",
        "'s first grants go out on Monday.",
        "Share",
    ]
)
BLOCKS = "Home\nNews\n\nFlood waters recede\n\nResidents returned on Sunday, officials said.\n\nthe end\n"


def test_a_dump_of_text_nodes_is_told_by_lines_starting_with_closing_punctuation() -> None:
    assert is_node_dump(NODES)
    assert not is_node_dump(BLOCKS)
    assert not is_node_dump("A line.\n...and an ellipsis\n...and another\n...and a third\n")  # an ellipsis opens


def test_broken_sentences_are_joined_and_menus_and_headings_are_not() -> None:
    lines = rejoin(NODES).text.split("\n")
    assert lines[:4] == ["Home", "News", "Sport", "Flood waters recede"]  # no sentence goes on: each stays
    assert lines[4] == "Residents returned on Sunday, officials said, and the river authority lifted its warning."
    assert lines[5] == "Read the full report, or see (maps) for the worst-hit streets."
    assert lines[6] == "The council's relief fund's first grants go out on Monday."
    assert lines[7:] == ["Share"]  # after a full stop a capital starts a line of its own


def test_a_block_dump_is_left_as_it_is() -> None:
    assert rejoin(BLOCKS) is None


def test_places_in_the_joined_text_map_back_to_the_input() -> None:
    joined = rejoin(NODES)
    line = joined.text.split("\n")[5]
    assert joined.place(6, 1) == (9, 1)  # "Read the" starts the sixth line
    assert joined.place(6, line.index("full") + 1) == (10, 1)
    assert joined.place(6, line.index("maps") + 1) == (13, 1)
    assert joined.joined == [(5, 4), (9, 7), (16, 3)]  # (first input line, lines) of each sentence joined
