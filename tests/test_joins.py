from ingest.joins import join_lines, split_at


def goes_on(above: str, below: str) -> str | None:
    """A line starting in lower case goes on the one above, after a space."""
    return " " if above.strip() and below.strip()[:1].islower() else None


def test_lines_that_go_on_are_joined_stripped_and_counted() -> None:
    joined = join_lines(["Title", "First part", "  goes on", "  and ends.", "", "Other"], goes_on, "test lines")
    assert joined.text.split("\n") == ["Title", "First part goes on and ends.", "", "Other"]
    assert joined.joined == [(2, 3)] and joined.what == "test lines"


def test_a_place_in_the_joined_text_is_the_input_line_and_column_it_came_from() -> None:
    joined = join_lines(["First part", "  goes on", "  and ends."], goes_on, "test lines")
    line = joined.text.split("\n")[0]
    assert joined.place(1, 1) == (1, 1)
    assert joined.place(1, line.index("goes") + 1) == (2, 3)  # after the indentation of its input line
    assert joined.place(1, line.index("ends") + 1) == (3, len("  and ") + 1)
    assert joined.place(5, 2) == (5, 2)  # past the joined text: as it is


def test_a_joined_line_starts_where_start_says() -> None:
    # a quote's marks before the text of a line that goes on are not joined with it
    quoted = ["> First part", ">   goes on"]
    joined = join_lines(quoted, lambda above, below: " ", "test lines", start=lambda line: 1 if line.startswith(">") else 0)
    assert joined.text == "> First part goes on"
    assert joined.place(1, joined.text.index("goes") + 1) == (2, 5)


def test_nothing_joined_is_none() -> None:
    assert join_lines(["One", "Two"], goes_on, "test lines") is None


def test_lines_split_into_spans_map_each_span_back_to_its_place() -> None:
    split = split_at(["Title", "Home | News", "Text"], {1: [(0, 4), (7, 11)]}, "test rows")
    assert split.text.split("\n") == ["Title", "Home", "News", "Text"]
    assert split.joined == [(2, 2)] and split.made == "put on a line each"
    assert split.place(3, 2) == (2, 9) and split.place(4, 1) == (3, 1)
    assert split_at(["One"], {}, "test rows") is None
