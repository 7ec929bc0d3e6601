from ingest.document import Document, Line


def test_lines_are_numbered_from_one() -> None:
    assert Document("a.txt", "first\n\nthird").lines() == [Line(1, "first"), Line(2, ""), Line(3, "third")]


def test_a_line_counts_its_words_once() -> None:
    from ingest.document import Line

    line = Line(1, "Three short words")
    assert line.words == 3
    assert line.__dict__["words"] == 3  # cached: every rule's position guard reads it
