import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.sparse import Sparse, sparse

# Patterns whose matches all hold a character outside ASCII (or U+001A) and are a few characters long:
# ftfy's own, and some that look behind, anchor at the start or match ASCII around the anchor.
PATTERNS = [
    "é",
    "[é—]x?",
    "a.{0,3}é",
    "(?<![a-z])[é—][ a]",
    "^[ÃÂ][ ]",
    "(?m)^—",
    "[\\x80-\\x9f]",
    "b(?:é|—c|\\x1a)a?",
    "(?:[Ãé][ \\x80-\\xbf]){1,3}",
    "é+",  # chains of short pieces, each holding an anchor
    "(?<![a-z])(?:[é—][ x]|Ã)+",
    "[éü]©",  # searched around the rarer character, ©
    "[\\x80-\\U0010ffff]x",  # too many characters to list: any outside ASCII is an anchor
]
# "ü", "中" and "’": characters outside ASCII that none of ftfy's patterns is searched around
PIECES = ["é", "—", "Ã", "Â", "©", "€", "\xa0", "\x85", "\x1a", " ", "a", "b", "x", "\n", "aaaa", "b a ", "z" * 9, "ü", "中", "’"]


def ftfy_patterns() -> list[re.Pattern[str]]:
    import ftfy.badness
    import ftfy.chardata

    return [ftfy.badness.BADNESS_RE, ftfy.chardata.C1_CONTROL_RE, ftfy.chardata.UTF8_DETECTOR_RE]


def ftfy_byte_patterns() -> list[re.Pattern[bytes]]:
    import ftfy.chardata

    return [ftfy.chardata.ALTERED_UTF8_RE, ftfy.chardata.LOSSY_UTF8_RE]


def check(pattern: re.Pattern, string, stretch: int, pos: int, endpos: int) -> None:
    for coarse in (False, True):
        check_one(pattern, string, stretch, pos, endpos, coarse)


def check_one(pattern: re.Pattern, string, stretch: int, pos: int, endpos: int, coarse: bool) -> None:
    fast = sparse(pattern, coarse)
    assert isinstance(fast, Sparse), pattern.pattern
    fast.stretch = stretch
    found, expected = fast.search(string, pos, endpos), pattern.search(string, pos, endpos)
    assert (found and found.span()) == (expected and expected.span())
    assert [m.span() for m in fast.finditer(string, pos, endpos)] == [m.span() for m in pattern.finditer(string, pos, endpos)]
    marker = "<>" if isinstance(string, str) else b"<>"
    assert fast.sub(marker, string) == pattern.sub(marker, string)
    assert fast.sub(lambda m: m.group(0)[::-1] * 2, string) == pattern.sub(lambda m: m.group(0)[::-1] * 2, string)
    assert fast.sub(marker, string, 1) == pattern.sub(marker, string, 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(1, 9), st.integers(0, 30), st.integers(0, 200))
def test_sparse_search_finds_what_the_whole_search_finds(pieces: list[str], stretch: int, pos: int, endpos: int) -> None:
    string = "".join(pieces)
    for source in PATTERNS:
        check(re.compile(source), string, stretch, pos, endpos)
    for pattern in ftfy_patterns():
        check(pattern, string, stretch, pos, endpos)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(1, 9))
def test_anchors_found_by_str_find_cluster_as_the_search_of_each_stretch_does(pieces: list[str], stretch: int) -> None:
    string = "".join(pieces)
    for pattern in [*map(re.compile, PATTERNS), *ftfy_patterns()]:
        fast = sparse(pattern)
        fast.stretch = stretch
        found = fast._found_clusters(string, share=0)  # share 0: whatever the characters outside ASCII
        if "\\U0010ffff" in pattern.pattern:  # every character outside ASCII an anchor: not listed
            assert found is None
        else:
            assert found == list(fast._stretch_clusters(string, 0, len(string))), pattern.pattern


def test_a_string_mostly_outside_ascii_is_searched_stretch_by_stretch() -> None:
    fast = sparse(re.compile("[é—]x?"))
    assert fast._found_clusters("a word é and — a few more words") is not None
    assert fast._found_clusters("éééé a") is None


BYTES = [b"\xc3", b"\xa9", b"\xe2\x80", b"\x9d", b"\xed\xa0", b"\xb0", b"\x1a", b"?", b" ", b"a", b"xyz", b"\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=40), st.integers(1, 9), st.integers(0, 30), st.integers(0, 200))
def test_sparse_search_of_bytes_finds_what_the_whole_search_finds(pieces: list[bytes], stretch: int, pos: int, endpos: int) -> None:
    for pattern in ftfy_byte_patterns():
        check(pattern, b"".join(pieces), stretch, pos, endpos)


@pytest.mark.parametrize(
    "source",
    [
        "é(?=a)",  # a lookahead could see past a window's end
        "é(?!a)",
        "é$",
        "é\\b",
        "é(?:a|é)+",  # no longest match, nor one repeated piece
        "(?:é|a)+",  # a piece without an anchor
        "é|a",  # a match without a character outside ASCII
        "[^a]",
        "\\wé?",
        "(?i)k",  # matches the Kelvin sign
        "é?",  # an empty match
        "a[\\x00-\\x7fé]",  # needs ASCII that text is made of
    ],
)
def test_patterns_a_window_could_change_are_searched_as_they_are(source: str) -> None:
    pattern = re.compile(source)
    assert sparse(pattern) is pattern


def test_ftfys_patterns_are_searched_sparsely() -> None:
    # the speed-up of repair_mojibake rests on these; a future ftfy may change them
    for pattern in ftfy_patterns() + ftfy_byte_patterns():
        assert isinstance(sparse(pattern), Sparse), pattern.pattern


def test_a_pattern_is_searched_around_the_characters_it_needs_that_text_holds_least() -> None:
    fast = sparse(re.compile("[a-zéü]©"))
    assert list(fast.windows("café über ©")) == [(9, 11)]  # around "©", not the letters
    assert list(fast.windows("café über")) == []


def test_letters_and_common_punctuation_alone_are_not_where_ftfy_looks_for_mojibake() -> None:
    import ftfy.badness

    fast = sparse(ftfy.badness.BADNESS_RE)
    text = "naïve café, Größe, ελληνικά, русский, 中文 – it’s… ok" * 50
    assert list(fast.windows(text)) == []
    assert list(fast.windows("cafÃ© " + text)) != []


def test_a_sparse_pattern_answers_for_the_rest_as_the_pattern() -> None:
    pattern = re.compile("(é)x")
    fast = sparse(pattern)
    assert fast.groups == 1 and fast.pattern is pattern
    assert fast.match("éx").span() == (0, 2)


def new_run(module, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: no shapes read yet."""
    from ingest import cache

    monkeypatch.setattr(module, "SHAPES", cache.Entries(module.SHAPES.name, module._shapes_stamp, module.SHAPES.limit))


@pytest.fixture
def kept_shapes(cache_dir, monkeypatch: pytest.MonkeyPatch):
    """An empty cache folder and no shapes read yet, as in a new process."""
    from ingest import sparse as module

    new_run(module, monkeypatch)
    return module


def test_a_pattern_studied_on_an_earlier_run_is_not_studied_again(kept_shapes, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, plain = re.compile("(?<![a-z])[é—][ a]"), re.compile("[^a]")
    first, unchanged = sparse(pattern), sparse(plain)
    kept_shapes.SHAPES.save()
    new_run(kept_shapes, monkeypatch)  # a new run reads the file

    def studied(_: re.Pattern[str]) -> None:
        raise AssertionError("studied again")

    monkeypatch.setattr(kept_shapes, "_shape", studied)
    again = sparse(pattern)
    assert isinstance(again, Sparse) and (again.width, again._controls) == (first.width, first._controls)
    assert again._clusters.pattern == first._clusters.pattern
    assert sparse(plain) is plain and unchanged is plain
    assert again.search("x é a") is not None and again.search("xé a") is None


def test_what_a_run_learnt_is_written_once_when_asked(kept_shapes, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import cache

    writes = []
    write = cache.write
    monkeypatch.setattr(cache, "write", lambda name, value: writes.append(name) or write(name, value))
    for _ in range(2):
        sparse(re.compile("x[é—]")), sparse(re.compile("y[é—]"))
    assert writes == []  # not at each pattern not seen before
    kept_shapes.SHAPES.save()
    kept_shapes.SHAPES.save()  # nothing learnt since
    assert writes == [kept_shapes.SHAPES.name]
    new_run(kept_shapes, monkeypatch)
    sparse(re.compile("x[é—]"))
    kept_shapes.SHAPES.save()
    assert writes == [kept_shapes.SHAPES.name]  # known from the file: nothing to write


def test_shapes_kept_by_another_version_are_studied_again(kept_shapes, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import cache

    pattern = re.compile("b(?:é|—c|\\x1a)a?")
    width = sparse(pattern).width
    kept_shapes.SHAPES.save()
    stamp, shapes = cache.read(kept_shapes.SHAPES.name)
    cache.write(kept_shapes.SHAPES.name, ((0, *stamp[1:]), {key: (1, (0x1A,)) for key in shapes}))  # another Python's, wrong here
    new_run(kept_shapes, monkeypatch)
    assert sparse(pattern).width == width == 4


def test_a_module_whose_file_cannot_be_read_is_no_error(kept_shapes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_shapes, "__file__", "/nonexistent/sparse.py")  # run from a zip, or a file since removed
    new_run(kept_shapes, monkeypatch)
    assert isinstance(sparse(re.compile("z[é—]")), Sparse)
    kept_shapes.SHAPES.save()
