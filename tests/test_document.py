from ingest.document import Document, Line


def test_lines_are_numbered_from_one() -> None:
    assert Document("a.txt", "first\n\nthird").lines() == [Line(1, "first"), Line(2, ""), Line(3, "third")]


def test_a_line_counts_its_words_once() -> None:
    from ingest.document import Line

    line = Line(1, "Three short words")
    assert line.words == 3
    assert line.__dict__["words"] == 3  # cached: every rule's position guard reads it


def test_lines_of_makes_the_same_lines_as_line_does() -> None:
    from ingest.document import lines_of

    for text in ["Three short words\n\n  spaced  out ", "東京の市議会\nmixed 漢字 and words", ""]:
        made = lines_of(text)
        assert made == [Line(n, t) for n, t in enumerate(text.split("\n"), start=1)]
        assert [line.words for line in made] == [Line(1, line.text).words for line in made]


def test_a_line_made_later_has_a_larger_serial() -> None:
    from ingest.document import lines_of

    first = lines_of("a\nb")
    later = Line(1, "a")
    assert first[0].serial == first[1].serial < later.serial
