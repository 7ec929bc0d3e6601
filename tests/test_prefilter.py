import random
import re
import sys

import _sre  # type: ignore[import-not-found]
import pytest
from re import _casefix  # type: ignore[attr-defined]

from ingest.config import load
from ingest.document import Line
from ingest import prefilter
from ingest.prefilter import FOLD, LineIndex, Literals, SubIndex, fold, index_of, minimal, per_list, required

EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)


def test_fold_covers_every_character_that_matches_an_ascii_one_case_insensitively() -> None:
    for char in re.findall(r"(?i)[\x00-\x7f]", EVERY_CHARACTER):
        if not char.isascii():
            assert char in FOLD
            assert re.fullmatch("(?i)" + re.escape(fold(char)), char)


def test_a_character_without_case_matches_only_itself_case_insensitively() -> None:
    def caseless(char: str) -> bool:
        return char.lower() == char == char.upper()

    assert not any(caseless(chr(code)) for code in _casefix._EXTRA_CASES)
    for char in EVERY_CHARACTER:
        lowered = chr(_sre.unicode_tolower(ord(char)))
        assert lowered == char or not caseless(lowered) or lowered.isascii()


def test_a_letter_outside_ascii_is_a_literal_only_where_every_case_insensitive_match_folds_to_it() -> None:
    # Only letters with case match others case-insensitively (the test above), so they are the haystack.
    cased = [char for char in EVERY_CHARACTER if not char.lower() == char == char.upper()]
    accepted = {char: literal for char in cased if not char.isascii() and (literal := prefilter._literal(ord(char)))}
    assert {"é", "ö", "п", "П", "ż"} <= set(accepted) and not {"в", "σ", "Σ", "ı", "İ", "ſ", "\u212a"} & set(accepted)
    haystack = "".join(cased)
    for char, literal in accepted.items():
        for match in re.findall("(?i)" + re.escape(char), haystack):
            assert fold(match) == literal, (char, match)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?i)^\W*(?:teilen|udostępnij)\W*$", {"teilen", "udostępnij"}),
        (r"(?i)^\W*(?:lesen sie|zobacz też|поделиться)\W*$", {"lesen sie", "zobacz też", "ели"}),  # д, т: not alone (_casefix)
        (r"^[A-Z]\w* [A-Z]\w*/[A-Z]{2,6}$", {"/"}),  # not the space, which nearly every line holds
        (r"(?i)\bnewsletters?\W*$", {"newsletter"}),
        (r"(?i)^\W*(?:share|tweet)\W*$", {"share", "tweet"}),
        (r"^(?:[Bb]y|Author)\s", {"by", "author"}),
        (r"^\W*[✕×]+\W*$", {"✕", "×"}),
        (r"(?i)(?:ex|view) (?:mobile|app) (?:version|site)", {"version", "site"}),
    ],
)
def test_required_strings(pattern: str, expected: set[str]) -> None:
    assert required(pattern) == expected


@pytest.mark.parametrize("pattern", [r"\d+", r"^\W*$", r"(?:a|\d)x?", r"(?i)x?y?", r"[^a]b*", r"(?:ab|\w)c*", r"(?i)σ", r"(?i)вд"])
def test_no_required_strings(pattern: str) -> None:
    assert required(pattern) is None


def test_minimal_drops_strings_that_hold_a_shorter_one() -> None:
    assert minimal({"share", "share this", "tweet"}) == {"share", "tweet"}


def _variants(text: str, rng: random.Random) -> list[str]:
    """The text with case changes and the odd characters Python matches case-insensitively."""
    swaps = {"s": "ſ", "k": "\u212a", "i": "ı", "I": "İ"}
    out = [text, text.upper(), text.lower(), text.title()]
    for _ in range(5):
        out.append("".join(swaps.get(c, c) if rng.random() < 0.5 else (c.upper() if rng.random() < 0.3 else c) for c in text))
    return out


def test_every_line_a_pack_regex_matches_holds_one_of_its_required_strings() -> None:
    rng = random.Random(6)
    for rule in load().rules:
        patterns = getattr(rule, "patterns", None) or getattr(rule, "attributes", None)
        if patterns is None:
            continue
        for regex in patterns.regexes:
            needs = required(regex)
            if needs is None:
                continue
            for example in rule.spec.match + rule.spec.keep:
                for text in _variants(example, rng):
                    if regex.search(text):
                        assert any(need in fold(text) for need in needs), (rule.spec.id, regex.pattern, text)


def test_line_index_finds_the_lines_holding_a_string() -> None:
    index = LineIndex(["Share this", "prose about SHARES", "", "nothing", "İt ſhare"])
    assert index.holding(["share"]) == {0, 1, 4}
    assert index.holding(["missing"]) == set()


def test_per_list_rebuilds_when_the_list_or_its_lines_change() -> None:
    calls: list[int] = []
    cached = per_list(lambda lines: calls.append(1) or len(lines))
    lines = [Line(1, "a"), Line(2, "b")]
    assert cached(lines) == 2 and cached(lines) == 2 and len(calls) == 1
    lines[1] = Line(2, "c")
    cached(lines)
    assert len(calls) == 2
    cached(list(lines))
    assert len(calls) == 3
    lines = list(lines)
    cached(lines)
    lines[0] = Line(1, "a")  # another line of the same number and text: the same answer, not built again
    cached(lines)
    assert len(calls) == 4
    lines[0] = Line(1, "A")
    cached(lines)
    assert len(calls) == 5


def test_per_list_of_a_few_lists_answers_for_each_as_building_it_again_would() -> None:
    calls: list[int] = []
    cached = per_list(lambda lines: calls.append(1) or [line.text for line in lines], 2)
    first, second, third = ([Line(number, text) for number, text in enumerate(texts, 1)] for texts in (["a", "b"], ["c"], ["d", "e"]))
    assert cached(first) == ["a", "b"] and cached(second) == ["c"] and cached(first) == ["a", "b"] and len(calls) == 2
    first[0] = Line(1, "z")  # changed in place: built again, and the answer is the new list's
    assert cached(first) == ["z", "b"] and len(calls) == 3
    assert cached(third) == ["d", "e"] and cached(first) == ["z", "b"] and len(calls) == 4
    assert cached(second) == ["c"] and len(calls) == 5  # two lists remembered: the oldest went


def test_per_list_answers_for_its_own_list_when_another_thread_asks_in_between() -> None:
    # Threads of one process (a Dask worker's) clean documents at once and share the remembered list:
    # a thread may run between another's check of that list and its reading of the result.
    cached = per_list(list)
    other = [Line(1, "another document's line")]

    class Interrupted(list):  # its iteration (the check's) lets "another thread" in, once
        interrupt = False

        def __iter__(self):  # type: ignore[no-untyped-def]
            if self.interrupt:
                self.interrupt = False
                cached(other)
            yield from list.__iter__(self)

    mine = Interrupted([Line(1, "this document's line")])
    assert cached(mine) == mine
    mine.interrupt = True
    assert cached(mine) == mine


def test_index_of_a_list_changed_in_place_sees_the_change() -> None:
    lines = [Line(1, "plain"), Line(2, "text")]
    assert index_of(lines).holding(["share"]) == set()
    lines[0] = Line(1, "share")
    assert index_of(lines).holding(["share"]) == {0}


def test_line_index_searches_only_the_lines_asked_for() -> None:
    texts = ["share", "x share", "", "nothing", "Share more", "share"]
    index = LineIndex(texts)
    for first in range(len(texts) + 1):
        for stop in range(first, len(texts) + 1):
            expected = {n for n in range(first, stop) if "share" in texts[n].lower()}
            found = index.holding(["share"], first, stop)
            assert found == expected or found == set(range(first, stop)) and len(expected) > (stop - first) // 2


# Filler lines, so that no string is in most lines (holding then gives every line: test above).
PRESENCE_TEXTS = ["Share this © 2024", "don’t miss", "", "read more on shares", "naïve café", *["filler"] * 10]
PRESENCE_ASKED = [["share", "©", "missing"], ["don’t", "café", "read more", "zzz"], ["share", "naï", "more on"]]


def _automaton(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    """The lines of each literal found by the Aho-Corasick automaton (the `fast` extra), or by `str.find`."""
    if on:
        pytest.importorskip("ahocorasick_rs")
    monkeypatch.setattr(prefilter, "AUTOMATON", on)


@pytest.mark.parametrize("automaton", [True, False], ids=["automaton", "str-find"])
@pytest.mark.parametrize("max_bytes", [Literals.MAX_BYTES, 0], ids=["re2-set", "too-many-literals"])
def test_line_index_holding_is_exact_whether_or_not_the_literal_set_rules_literals_out(monkeypatch: pytest.MonkeyPatch, max_bytes: int, automaton: bool) -> None:
    _automaton(monkeypatch, automaton)
    literals = Literals()
    monkeypatch.setattr(literals, "MAX_BYTES", max_bytes)
    monkeypatch.setattr(literals, "SET_AFTER_CHARS", 0)
    monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    index = LineIndex(PRESENCE_TEXTS)
    for strings in PRESENCE_ASKED:  # the set grows between questions, as it does while rules first run
        expected = {n for n, text in enumerate(PRESENCE_TEXTS) if any(string in fold(text) for string in strings)}
        assert index.holding(strings) == expected
        held = [string for string in strings if string in fold("\n".join(PRESENCE_TEXTS))]
        assert index.present(strings) == (held if max_bytes else strings)


def test_the_literal_set_is_built_only_once_enough_text_was_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    literals = Literals()
    monkeypatch.setattr(literals, "SET_AFTER_CHARS", 100)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    assert LineIndex(["Share this"]).present(["share", "zzz"]) == ["share", "zzz"]  # a short text: every literal is looked for
    assert literals.matcher is None
    assert LineIndex(["Share this " * 20]).present(["share", "zzz"]) == ["share"]
    assert literals.matcher is not None


def test_the_literal_set_is_built_once_with_every_literal_the_rules_expect(monkeypatch: pytest.MonkeyPatch) -> None:
    literals, built = Literals(), []
    compiled = literals._compiled
    monkeypatch.setattr(literals, "_compiled", lambda strings: built.append(strings) or compiled(strings))
    literals.expect(["share", "tweet"])
    literals.expect(["cookie"])
    for asked in (["share"], ["cookie"], ["tweet", "share"]):
        known, _ = literals.learn(asked)
        assert set(asked) <= set(known)
    assert built == [("share", "tweet", "cookie")]
    literals.learn(["new one"])  # one not expected rebuilds the set
    assert built[-1] == ("share", "tweet", "cookie", "new one")


def test_a_list_with_lines_dropped_is_read_through_the_index_of_the_list_it_came_from() -> None:
    texts = ["Share this", "filler", "shares", "filler", "more", "filler", "SHARE", "filler", "filler", "x share"]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    assert isinstance(index_of(lines), LineIndex)
    kept = [line for line in lines if line.no not in (1, 4, 8)]
    index = index_of(kept)
    assert isinstance(index, SubIndex)
    for first in range(len(kept) + 1):
        for stop in range(first, len(kept) + 1):
            expected = {n for n in range(first, stop) if "share" in kept[n].text.lower()}
            found = index.holding(["share"], first, stop)
            assert expected <= found <= set(range(first, stop))  # more only where most lines hold it (above)
    assert index.holding(["share"]) == {1, 4, 6} and index.holding(["more", "x s"]) == {2, 6}
    assert index_of(kept[::-1]).holding(["more"]) == {len(kept) - 1 - kept.index(lines[4])}  # reordered: a new index
    edited = [Line(2, "share now") if line.no == 2 else line for line in kept]
    assert 0 in index_of(edited).holding(["share now"])  # an edited line: a new index, which reads it


@pytest.mark.parametrize("automaton", [True, False], ids=["automaton", "str-find"])
def test_a_list_with_a_few_lines_edited_is_indexed_from_the_index_of_its_other_lines(monkeypatch: pytest.MonkeyPatch, automaton: bool) -> None:
    # Only the new lines are folded and searched (prefilter._reindexed), also when an index of those alone
    # came between (a later pass's line-local rule is shown only them): each answer is a new index's.
    _automaton(monkeypatch, automaton)
    literals = Literals()
    monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    rng = random.Random(13)
    alphabet = ["ab", "b", "c", " ", "İ", "Σ", "σ", "\U0001f600", "<", "x"]
    asked = [["ab"], ["b", "c"], ["ab", "<"], ["σ", "x"], ["i̇"], ["zz"]]
    reused = [0, 0]  # lists indexed from the last index, and from the one before an index of the edited lines alone
    for _ in range(150):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(6))) for _ in range(rng.randrange(4, 30))]
        lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
        root = index_of(lines)
        if rng.random() < 0.7:
            root.holding(asked[0])  # the automaton's lines found before the edit, or not
        edited = [Line(line.no, line.text + rng.choice(alphabet)) if rng.random() < 0.15 else line for line in lines if rng.random() < 0.9]
        if rng.random() < 0.2:  # a line twice (one holding the literal asked first, when there is one)
            edited.insert(rng.randrange(len(edited)), max(edited, key=lambda line: "ab" in fold(line.text)))
        alone = rng.random() < 0.5
        if alone:
            index_of([line for line in edited if line not in lines] or edited[:1])  # the edited lines alone
        index = index_of(edited)
        if isinstance(index, LineIndex) and index.literal_lines is not None:
            reused[alone] += 1
            assert all(held == sorted(held) for held in index.literal_lines.values())
        for strings in asked:
            first = rng.randrange(len(edited) + 1)
            expected = [n for n in range(first, len(edited)) if any(string in fold(edited[n].text) for string in strings)]
            got = index.lines_holding(strings, first)
            # str.find gives every line of the span when most hold a string; the automaton, exactly those.
            assert got == expected if automaton else set(expected) <= set(got) <= set(range(first, len(edited)))
    assert min(reused) > 10 or not automaton


def test_a_list_made_by_dropping_lines_is_indexed_through_the_places_its_lines_had() -> None:
    # `without` notes where the kept lines stood (prefilter.dropped_from), so their index needs no
    # id() lookup per line: with the root's id map emptied, each list of the chain is still read
    # through the root, and finds what an index of its own would.
    from ingest.kinds.base import without

    texts = ["Share this", "filler", "shares", "more", "filler", "SHARE", "x share", "filler"]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    root = index_of(lines)
    assert isinstance(root, LineIndex) and prefilter._root is not None
    prefilter._root = (root, prefilter._root[1], {}, prefilter._root[3])
    kept = without(lines, {1, 4})
    fewer = without(kept, {0})
    for made in (kept, fewer):
        index = index_of(made)
        assert isinstance(index, SubIndex) and index.root is root
        assert [texts[old] for old in index.olds] == [line.text for line in made]
        assert index.holding(["share", "more"]) == LineIndex([line.text for line in made]).holding(["share", "more"])


def test_the_places_of_a_roots_own_lines_are_a_range_that_dropping_and_masking_read() -> None:
    # Each line of a new root stands at its own index: a range, not a list of an int per line.
    from ingest.kinds.base import without

    texts = ["Share this", "filler", "shares", "more", "filler", "SHARE", "x share", "filler"]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    root = index_of(lines)
    assert isinstance(root, LineIndex) and prefilter._root is not None
    assert prefilter._root[3][id(lines)][1] == range(len(lines)) and isinstance(prefilter._root[3][id(lines)][1], range)
    prefilter._root = (root, prefilter._root[1], {}, prefilter._root[3])  # no id() lookup to fall back on
    for made in (without(lines, {1, 4}), prefilter.kept_by(lines, bytes([1, 0, 1, 1, 0, 1, 1, 0]))):
        index = index_of(made)
        assert isinstance(index, SubIndex) and index.root is root
        assert [texts[old] for old in index.olds] == [line.text for line in made]
        assert index.holding(["share", "more"]) == LineIndex([line.text for line in made]).holding(["share", "more"])


def test_a_list_picked_by_a_mask_is_the_masked_lines_indexed_through_the_places_they_had() -> None:
    # kept_by notes the kept lines' places as `without` does, for a rule that drops long runs of lines.
    texts = ["Share this", "filler", "shares", "more", "filler", "SHARE", "x share", "filler"]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    root = index_of(lines)
    prefilter._root = (root, prefilter._root[1], {}, prefilter._root[3])  # no id() lookup to fall back on
    rng = random.Random(7)
    made = lines
    for _ in range(3):
        keep = bytes(rng.random() < 0.7 for _ in made)
        kept = prefilter.kept_by(made, keep)
        assert kept == [line for line, flag in zip(made, keep) if flag]
        index = index_of(kept)
        assert isinstance(index, SubIndex) and index.root is root
        assert [texts[old] for old in index.olds] == [line.text for line in kept]
        assert index.holding(["share", "more"]) == LineIndex([line.text for line in kept]).holding(["share", "more"])
        made = kept


def test_the_places_of_only_the_last_few_lists_made_are_kept() -> None:
    # Each list noted is kept alive: a long chain of drops keeps the newest MAX_PLACES, and the newest
    # is still read through the root.
    from ingest.kinds.base import without

    lines = [Line(number, f"line {number} share") for number in range(1, 41)]
    root = index_of(lines)
    made = lines
    for _ in range(3 * prefilter.MAX_PLACES):
        made = without(made, {0})
        assert len(prefilter._root[3]) <= prefilter.MAX_PLACES
    assert id(made) in prefilter._root[3]
    index = index_of(made)
    assert isinstance(index, SubIndex) and index.root is root and index.holding(["share"]) == set(range(len(made)))


def test_places_noted_by_a_thread_whose_root_another_thread_replaced_stay_with_their_root(monkeypatch) -> None:
    # Dask's worker threads clean documents at once. Thread B reads the root of its document, is
    # switched out, and thread A indexes a new document; the places B then notes are of B's root,
    # and must not be read against A's (an IndexError failed B's document).
    import operator
    import threading

    from ingest.kinds.base import without

    document_b = [Line(number, f"line {number} of the long document") for number in range(1, 51)]
    document_a = [Line(1, "short document"), Line(2, "with two lines")]
    index_of(document_b)
    part_b = document_b[5:]  # a list B's rule made by a slice: placed by the id path
    paused, resume = threading.Event(), threading.Event()

    def switched_out_once(a: int, b: int) -> bool:
        if threading.current_thread().name == "B" and not paused.is_set():
            paused.set()
            resume.wait(10)
        return operator.lt(a, b)

    monkeypatch.setattr(prefilter, "lt", switched_out_once)
    thread_b = threading.Thread(target=prefilter._index, args=(part_b,), name="B")
    thread_b.start()
    assert paused.wait(10)
    index_of(document_a)
    resume.set()
    thread_b.join()
    monkeypatch.setattr(prefilter, "lt", operator.lt)
    for made in (part_b, without(part_b, {0})):
        index = prefilter._index(made)
        assert index.holding(["long"]) == set(range(len(made)))


def test_a_list_changed_in_place_after_its_lines_were_dropped_is_indexed_anew() -> None:
    from ingest.kinds.base import without

    lines = [Line(number, text) for number, text in enumerate(["plain", "text", "more", "words"], start=1)]
    index_of(lines)
    kept = without(lines, {1})
    assert index_of(kept).holding(["share"]) == set()
    kept[0] = Line(1, "share")  # the places noted for `kept` no longer hold
    assert index_of(kept).holding(["share"]) == {0}


def test_the_automaton_finds_the_lines_str_find_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    # Literals inside one another ("ab" in "abc", "b" in both), characters beyond the BMP and folded
    # ones before them (offsets are counted in characters), a literal at a line's end and start.
    pytest.importorskip("ahocorasick_rs")
    rng = random.Random(6)
    alphabet = ["a", "b", "c", " ", "é", "\U0001f600", "İ", "ſ", "©", "ab"]
    strings = ["ab", "b", "abc", "é b", "\U0001f600a", "©", "i̇", "s", "zz"]
    for _ in range(200):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(8))) for _ in range(rng.randrange(1, 12))]
        found = {}
        for on in (True, False):
            _automaton(monkeypatch, on)
            literals = Literals()
            monkeypatch.setattr(literals, "SET_AFTER_CHARS", 0)
            monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
            monkeypatch.setattr(prefilter, "LITERALS", literals)
            index = LineIndex(texts)
            found[on] = [index.holding([string]) for string in strings] + [index.holding(strings[:3], 1, len(texts))]
        # str.find gives every line of the span when most hold a string; the automaton, exactly those.
        for exact, either in zip(found[True], found[False]):
            assert exact == either or exact < either == set(range(min(either), max(either) + 1))
        expected = [{n for n, text in enumerate(texts) if string in fold(text)} for string in strings]
        assert found[True][:-1] == expected


def test_single_characters_asked_about_later_keep_the_automaton(monkeypatch: pytest.MonkeyPatch) -> None:
    # The automaton leaves single characters out, so learning only such ones does not build it again.
    pytest.importorskip("ahocorasick_rs")
    literals = Literals()
    monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    index = LineIndex(["Share this", "a <b> tag", "R&D", "nothing"])
    assert index.holding(["share"]) == {0}
    finder = literals.finder
    assert index.holding(["<", "&"]) == {1, 2}
    assert literals.finder is finder
    assert index.holding(["share", "<"]) == {0, 1}
    assert literals.finder is finder
    index.holding(["nothing"])  # a literal of two characters or more does
    assert literals.finder is not finder


def _automaton_at_once(monkeypatch: pytest.MonkeyPatch) -> Literals:
    """Literals of their own, whose automaton finds the lines from the first text on."""
    pytest.importorskip("ahocorasick_rs")
    literals = Literals()
    monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    return literals


def test_single_characters_alone_are_found_without_a_pass_of_the_automaton(monkeypatch: pytest.MonkeyPatch) -> None:
    # The markup rules ask first, for "<" and "&" alone, and often edit the lines they find (an index made
    # anew): the automaton runs for the first question with a literal of two characters or more.
    _automaton_at_once(monkeypatch)
    rng = random.Random(12)
    for _ in range(100):
        texts = ["".join(rng.choice(["a", "<", "&", "]", " ", "İ", "ab"]) for _ in range(rng.randrange(6))) for _ in range(rng.randrange(1, 30))]
        index = LineIndex(texts)
        for strings in (["<", "&"], ["]"], ["a", "<"]):
            first = rng.randrange(len(texts))
            assert index.lines_holding(strings, first) == [n for n in range(first, len(texts)) if any(s in fold(texts[n]) for s in strings)]
        assert index.literal_lines is None
        assert index.holding(["ab", "&"]) == {n for n, text in enumerate(texts) if "ab" in fold(text) or "&" in text}
        assert index.literal_lines is not None


def test_lines_holding_gives_the_lines_of_holding_in_order_for_any_span_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The automaton's answer for a set of literals is kept for the whole text and cut to each span
    # asked after; the list given is the caller's own, so changing it changes no later answer.
    _automaton_at_once(monkeypatch)
    rng = random.Random(3)
    texts = ["".join(rng.choice(["ab", "c", " ", "<", "é"]) for _ in range(rng.randrange(5))) for _ in range(60)]
    lines = [Line(number, text) for number, text in enumerate(texts, start=1)]
    index = index_of(lines)
    kept = [line for number, line in enumerate(lines) if number % 7]
    sub = index_of(kept)
    assert isinstance(index, LineIndex) and isinstance(sub, SubIndex)
    # one literal or one character held: its own lines are the answer, kept read only
    for strings in (["ab", "<"], ["é c", "cc"], ["zz"], ["ab"], ["<"], ["ab", "zz"]):
        for first, stop in [(0, 60), (5, 40), (30, 31), (40, 5), (0, 60)]:
            got = index.lines_holding(strings, first, stop)
            assert got == sorted(n for n in range(first, stop) if any(string in fold(texts[n]) for string in strings))
            assert got == sorted(index.holding(strings, first, stop))
            got.append(-1)
            span = range(first, min(stop, len(kept)))
            assert sub.lines_holding(strings, span.start, span.stop) == [n for n in span if any(string in fold(kept[n].text) for string in strings)]


def test_without_ahocorasick_rs_the_lines_are_found_literal_by_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    literals = Literals()
    monkeypatch.setattr(literals, "SET_AFTER_CHARS", 0)
    monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    monkeypatch.setitem(sys.modules, "ahocorasick_rs", None)  # as when the `fast` extra is not installed
    index = LineIndex(PRESENCE_TEXTS)
    for strings in PRESENCE_ASKED:
        assert index.every_literal(strings) is None
        assert index.holding(strings) == {n for n, text in enumerate(PRESENCE_TEXTS) if any(string in fold(text) for string in strings)}
    assert literals.finder is None and literals.matcher is not None  # the RE2 set instead


def test_a_single_characters_lines_are_those_holding_it_whether_it_is_rare_or_common() -> None:
    # lines_with takes str.find from line to line for a rare character and `in` over every line for a
    # common one; folding that changes a length ("İ" to two characters) moves every offset after it.
    rng = random.Random(11)
    for _ in range(200):
        texts = ["".join(rng.choice(["a", "b", " ", "İ", "<", "é"]) if rng.random() < 0.9 else "x" for _ in range(rng.randrange(6))) for _ in range(rng.randrange(1, 40))]
        index = LineIndex(texts)
        for char in ("a", "x", "<", "é", "z"):
            assert index.lines_with(char) == [n for n, text in enumerate(texts) if char in fold(text)]


def test_a_single_characters_lines_are_found_as_far_down_as_a_span_asks_and_further_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule of the head asks for the first lines only: a character standing in most lines is not looked
    # for in the others until a span reaches them.
    _automaton_at_once(monkeypatch)
    rng = random.Random(5)
    for _ in range(50):
        texts = ["".join(rng.choice(["ab", ".", " ", "İ", "<"]) for _ in range(rng.randrange(6))) for _ in range(rng.randrange(1, 60))]
        index = LineIndex(texts)
        size = len(texts)
        for strings in (["."], [".", "ab"], ["<", "."]):
            for first, stop in [(0, size // 4), (size // 8, size // 2), (0, size // 3), (size // 2, size), (0, size)]:
                assert index.lines_holding(strings, first, stop) == [n for n in range(first, stop) if any(s in fold(texts[n]) for s in strings)]
        assert index.char_lines["."][1] == size
    index = LineIndex(["a.", "b", "c."] * 40)
    assert index.lines_holding(["."], 0, 10) == [0, 2, 3, 5, 6, 8, 9]
    assert index.char_lines["."] == ([0, 2, 3, 5, 6, 8, 9], 10)  # not the lines below
    assert index.lines_with(".") == [n for n in range(120) if n % 3 != 1]


def test_a_text_past_the_automatons_threshold_gets_the_lines_the_plain_per_line_search_gets(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bundled files in turn with the default thresholds: `str.find` until AUTOMATON_AFTER_CHARS of
    # text were seen, the automaton after, and the RE2 set (SET_AFTER_CHARS) not built at all.
    pytest.importorskip("ahocorasick_rs")
    from itertools import accumulate
    from pathlib import Path

    patterns = [getattr(rule, "patterns", None) for rule in load().rules]
    strings = sorted({need for each in patterns if each for need in each.required_literals() or ()})
    assert len(strings) > 100
    literals = Literals()
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    documents = [file.read_text() for file in sorted((Path(__file__).parent.parent / "raw").glob("*.txt"))]
    past = [seen > literals.AUTOMATON_AFTER_CHARS for seen in accumulate(map(len, documents))]
    assert not past[0] and past[-1]
    for document, automaton in zip(documents, past):
        texts = document.split("\n")
        index = LineIndex(texts)
        for first, stop in [(0, len(texts)), (3, len(texts) // 2)]:
            for asked in (strings[::7], strings[1::7], strings[2::7], ["share", "©", "."]):
                plain = {n for n in range(first, stop) if any(string in fold(texts[n]) for string in asked)}
                found = index.holding(asked, first, stop)
                # str.find gives every line of the span when most hold a string; the automaton, exactly those.
                assert found == plain or not automaton and found == set(range(first, stop)) and len(plain) > (stop - first) // 2
        assert (index.literal_lines is not None) == automaton
    assert literals.matcher in (None, prefilter.UNBUILT)


def test_a_characters_lines_asked_past_the_last_line_are_all_of_them() -> None:
    index = prefilter.LineIndex(["a.", "b.", "c."] * 4)
    assert index.lines_holding(["."], 0, 100) == list(range(12)) and index.lines_with(".", 100) == list(range(12))
    assert prefilter.LineIndex(["a.", "b"]).lines_with(".", 0) == []


def test_a_rule_sets_lines_read_from_the_literals_the_text_holds_are_those_each_line_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sets of literals the rules registered (NeedSets) are answered from one walk over the literals the
    # text holds (a set with a single character is not registered: it is asked LineIndex's own way); the
    # same lines as a set asked unregistered and as a plain search of each line. A set registered after an index
    # answered others, with a literal the automaton had not been built with, is answered as well.
    _automaton_at_once(monkeypatch)
    rng = random.Random(19)
    alphabet = ["ab", "c", " ", "é", "share", "x", "\U0001f600", "İ", "©"]
    pool = ["ab", "abc", "é c", "share", "sha", "xx", "c x", "i̇", "zz", "\U0001f600a", "x", "©"]
    for _ in range(150):
        need_sets = prefilter.NeedSets()
        monkeypatch.setattr(prefilter, "NEED_SETS", need_sets)
        sets = [frozenset(rng.sample(pool, rng.randrange(1, 4))) for _ in range(4)]
        for strings in sets[:3]:
            need_sets.add(strings)
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(6))) for _ in range(rng.randrange(1, 25))]
        index, unregistered = LineIndex(texts), LineIndex(texts)
        for number, strings in enumerate(sets):
            if number == 3:
                strings |= {"qq"}
                need_sets.add(strings)
            plain = [n for n, text in enumerate(texts) if any(string in fold(text) for string in strings)]
            first = rng.randrange(len(texts))
            stop = rng.randrange(first, len(texts) + 1)
            assert index.lines_holding(strings, first, stop) == [n for n in plain if first <= n < stop]
            with monkeypatch.context() as unregistering:  # the same set asked LineIndex's own way
                unregistering.setattr(prefilter, "NEED_SETS", prefilter.NeedSets())
                alone = unregistered.lines_holding(strings)
            assert index.lines_holding(strings) == plain == alone
        assert (index.held_by is not None and index.held_by[1] is not None) == bool(need_sets.state[0])  # read as registered


def test_a_set_registered_after_an_index_answered_others_is_answered_with_its_own_literals(monkeypatch: pytest.MonkeyPatch) -> None:
    # The index's answers by set are kept for the registry's state they were read for, not for its literals alone.
    _automaton_at_once(monkeypatch)
    need_sets = prefilter.NeedSets()
    monkeypatch.setattr(prefilter, "NEED_SETS", need_sets)
    need_sets.add(frozenset({"ab", "cd"}))
    for _ in range(2):  # the second index finds its literals cover the registry's: that is remembered (_COVERED)
        index = LineIndex(["ab", "ef", "cd ef", "gh"])
        assert index.lines_holding(frozenset({"ab", "cd"})) == [0, 2]
    assert prefilter._COVERED[0][0] is index.found_for
    need_sets.add(frozenset({"ef", "gh"}))
    assert index.lines_holding(frozenset({"ef", "gh"})) == [1, 2, 3]


def test_a_set_with_a_single_character_is_not_registered() -> None:
    # A single character's lines are found down to the span asked (lines_with), not by the automaton's pass.
    need_sets = prefilter.NeedSets()
    for strings in ({"<", "/"}, set(), {"ab", "cd"}, {"ab", "/"}, {"cd", "ef"}):
        need_sets.add(frozenset(strings))
    assert need_sets.state[0] == {frozenset({"ab", "cd"}), frozenset({"cd", "ef"})} and need_sets.state[2] == {"ab", "cd", "ef"}
    assert need_sets.state[1] == {"ab": (frozenset({"ab", "cd"}),), "cd": (frozenset({"ab", "cd"}), frozenset({"cd", "ef"})), "ef": (frozenset({"cd", "ef"}),)}


def test_without_the_automaton_a_registered_set_is_found_by_str_find(monkeypatch: pytest.MonkeyPatch) -> None:
    _automaton(monkeypatch, False)
    need_sets = prefilter.NeedSets()
    monkeypatch.setattr(prefilter, "NEED_SETS", need_sets)
    need_sets.add(frozenset({"zz", "ab"}))
    index = LineIndex(["ab c", "c", "xab"])
    assert index.lines_holding(frozenset({"zz", "ab"})) == [0, 2]
    assert index.held_by is not None and index.held_by[1] is None
