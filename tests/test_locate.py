from ingest.locate import line_starts, locate

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
