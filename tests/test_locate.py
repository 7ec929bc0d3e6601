from ingest.document import Finding
from ingest.locate import line_starts, locate, raw_column

PAGE = """<html><head><title>Budget passes</title></head>
<body>
<nav><a href="/">Home</a></nav>
<p>The council <a href="/x">approved</a> the
budget on Tuesday&nbsp;after a long debate.</p>
<p>Share this story</p>
</body></html>"""


def test_the_words_are_found_across_tags_entities_and_line_breaks() -> None:
    assert locate(PAGE, "The council approved the budget on Tuesday after a long debate.") == (4, 4)
    line, col = locate(PAGE, "Share this story")
    assert (line, col) == (6, 4) and PAGE.split("\n")[5][col - 1 :].startswith("Share")


def test_the_body_is_searched_first() -> None:
    page = PAGE.replace("<p>Share", "<p>Budget passes</p><p>Share")
    assert locate(page, "Budget passes") == (6, 4)
    assert locate(PAGE, "Budget passes") == (1, 20)  # not in the body: the title
    assert locate("<p>Budget passes</p>", "Budget passes") == (1, 4)  # no body


def test_a_word_inside_another_is_not_a_match() -> None:
    assert locate("<body><p>Homework</p><p>Home</p></body>", "Home") == (1, len("<body><p>Homework</p><p>") + 1)


def test_the_first_words_are_enough_when_a_later_one_is_spelled_otherwise() -> None:
    page = "<body>\n<p>Dates for the caf&eacute; opening are set</p></body>"
    assert locate(page, "Dates for the café opening are set") == (2, 4)


def test_nothing_to_find() -> None:
    assert locate(PAGE, "Not on the page at all") is None and locate(PAGE, "—") is None


def test_line_starts() -> None:
    assert line_starts("a\nbc\n") == [0, 2, 5]


def test_a_dropped_lines_column_is_where_its_match_is_in_the_line_as_it_came() -> None:
    raw = "\t  Posted  in   News,   Sport"
    seen = "Posted in News, Sport"  # as the spaces rule left it; a rule matched "News" in it
    dropped = Finding("T1", "t", "warning", 1, seen.index("News") + 1, "drop", "m", seen)
    assert raw_column(dropped, [raw]).col == raw.index("News") + 1
    assert raw_column(dropped, ["something else"]) == dropped  # not found: left as it is
    at_start = Finding("T1", "t", "warning", 1, 1, "drop", "m", raw)
    assert raw_column(at_start, [raw]) == at_start
