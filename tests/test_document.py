import random

import pytest

from ingest.document import Document, Line


def test_lines_are_numbered_from_one() -> None:
    assert Document("a.txt", "first\n\nthird").lines() == [Line(1, "first"), Line(2, ""), Line(3, "third")]


def test_a_line_counts_its_words_once() -> None:
    from ingest.document import Line

    line = Line(1, "Three short words")
    assert line.words == 3
    assert tuple(line)[2] == 3  # a field, counted when the line is made: every rule's position guard reads it


def test_lines_are_equal_by_number_and_text_and_immutable() -> None:
    import pickle

    import pytest

    first, again = Line(1, "a"), Line(1, "a")
    assert first == again and hash(first) == hash(again) and first.serial < again.serial
    assert first != Line(2, "a") and first != Line(1, "b") and first != (1, "a", 1, first.serial)
    assert repr(first) == "Line(no=1, text='a')"
    assert pickle.loads(pickle.dumps(first)) == first
    with pytest.raises(AttributeError):
        first.text = "b"  # type: ignore[misc]


def test_a_line_holds_only_its_fields() -> None:
    # No __dict__ per line (Line.__slots__): a document makes hundreds, each smaller and cheaper to make and free.
    from ingest.document import lines_of

    for line in (Line(1, "a"), lines_of("a\nb")[1]):
        assert not hasattr(line, "__dict__")
        with pytest.raises(AttributeError):
            line.note = "x"  # type: ignore[attr-defined]


def test_lines_of_makes_the_same_lines_as_line_does() -> None:
    from ingest.document import lines_of

    for text in ["Three short words\n\n  spaced  out ", "東京の市議会\nmixed 漢字 and words", ""]:
        made = lines_of(text)
        assert made == [Line(n, t) for n, t in enumerate(text.split("\n"), start=1)]
        assert [line.words for line in made] == [Line(1, line.text).words for line in made]


def test_lines_of_counts_each_lines_words_as_words_does() -> None:
    from ingest.document import lines_of
    from ingest.text import MAX_OUTSIDE_ASCII, words

    rng = random.Random(4)
    symbols = [chr(0x2190 + number) for number in range(MAX_OUTSIDE_ASCII + 1)]  # arrows: not word characters
    letters = [chr(code) for code in range(0x430, 0x470)]  # more letters outside ASCII than symbols counted one by one
    pieces = ["word", " ", "  ", "\n", "\n\n", "—", "’", "é", "_", "x1", ".", "\u0301", "\ud800", "中文", "\x01"]
    for extra in ([], symbols, letters):
        for _ in range(200):
            text = "".join(rng.choice(pieces + extra) for _ in range(rng.randrange(40)))
            assert [line.words for line in lines_of(text)] == list(map(words, text.split("\n"))), repr(text)


def test_a_line_made_from_another_counts_its_own_words_and_is_newer() -> None:
    line = Line(3, "two words")
    for made in (line._replace(text="now three words"), Line._make((3, "now three words", 2, line.serial))):
        assert made == Line(3, "now three words") and made.words == 3 and made.serial > line.serial
    with pytest.raises(TypeError):
        line._replace(words=7)


def test_a_line_made_later_has_a_larger_serial() -> None:
    from ingest.document import lines_of

    first = lines_of("a\nb")
    later = Line(1, "a")
    assert first[0].serial == first[1].serial < later.serial


def test_folded_lines_are_each_lines_fold_worked_out_together() -> None:
    from ingest.document import FOLDED, folded_lines
    from ingest.text import fold

    # Final sigma, dotted capital I, long s, tabs, carriage returns, curly quotes: lower() and \w
    # decide these per line, whether the lines are folded one by one or joined.
    texts = ["ΟΔΟΣ ΣΑΣ", "İstanbul  ſhare\t—", "", "  don’t\rstop_now  ", "Σ", "x,y;z", "ΣΑ\u0301Σ end"]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    already = Line(9, "Known  Line")
    assert already.folded == "known line"
    assert folded_lines([*lines, already]) == [*map(fold, texts), "known line"]
    assert [line.folded for line in lines] == list(map(fold, texts))
    assert [FOLDED[text] for text in texts] == list(map(fold, texts))  # kept by text


def test_folded_lines_read_the_known_folds_and_fold_the_rest() -> None:
    from ingest.document import FOLDED, folded_lines
    from ingest.text import fold

    texts = [f"Line {number}, of the text" for number in range(6)]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    for known in (6, 1, 4):  # all known (looked up at once), fewer than half (all folded), most (the rest folded)
        FOLDED.clear()
        FOLDED.update((text, f"kept {number}") for number, text in enumerate(texts[:known]))
        kept = [f"kept {number}" for number in range(known)] if 2 * known >= len(texts) else list(map(fold, texts[:known]))
        assert folded_lines(lines) == [*kept, *map(fold, texts[known:])]
        assert [FOLDED[text] for text in texts[known:]] == list(map(fold, texts[known:]))
    FOLDED.clear()
    FOLDED[texts[0]] = "kept"
    assert folded_lines(lines[:1]) == ["kept"]  # a single line, known


def test_no_lines_have_no_folds() -> None:
    from ingest.document import folded_lines

    assert folded_lines([]) == []  # not the fold of one empty line (a rule may get no lines: all dropped)


def test_folded_lines_are_the_same_through_bytes_or_through_the_regex() -> None:
    from ingest.document import folded_lines
    from ingest.text import MAX_OUTSIDE_ASCII, fold

    rng = random.Random(8)
    symbols = [chr(0x2190 + number) for number in range(MAX_OUTSIDE_ASCII + 1)]  # arrows: not word characters
    pieces = ["word", " ", "  ", "\t", "—", "’", "é", "ß", "中文", "_", "x1", ".", "\u00a0", "\u0301", "\ud800", "\x0c", "İ"]
    for extra in ([], symbols):  # few characters outside ASCII (bytes), more than MAX_OUTSIDE_ASCII (the regex)
        for _ in range(200):
            texts = ["".join(rng.choice(pieces + extra) for _ in range(rng.randrange(6))) for _ in range(rng.randrange(1, 6))]
            lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
            assert folded_lines(lines) == list(map(fold, texts)), texts
