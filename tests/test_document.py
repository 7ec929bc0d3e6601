from ingest.document import Document, Line


def test_lines_are_numbered_from_one() -> None:
    assert Document("a.txt", "first\n\nthird").lines() == [Line(1, "first"), Line(2, ""), Line(3, "third")]
