"""Which lines a regex could match, found with `str.find` instead of running the regex on every line.

From a parsed pattern we take literal strings of which every match must hold one. A line that
holds none of them (compared case-folded) cannot match, so the regex runs only on the few lines
that do, and its answer there is what it always was. Patterns with no such strings (`\\d+`, `.*`)
get None: every line stays a candidate.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, compress, count, product, repeat
from operator import add, contains, itemgetter, lt
from typing import Any, TypeVar

import _sre  # type: ignore[import-not-found]
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# The only characters outside ASCII that Python's case-insensitive matching equates with an ASCII
# one; lower() takes care of the rest (tests/test_prefilter.py checks both against every code point).
FOLD = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
MAX_STRINGS = 64  # alternatives kept when literals multiply out (pin|tweet)s?


def fold(text: str) -> str:
    """The form literals are compared in: a match of `(?i)abc` or of `abc` holds "abc" once folded."""
    for char, ascii_char in FOLD.items():  # str.replace: str.translate is many times slower
        if char in text:
            text = text.replace(char, ascii_char)
    return text.lower()


Strings = frozenset[str]
T = TypeVar("T")


def required(pattern: str | Any) -> Strings | None:
    """Folded strings of which every match of the regex holds at least one; None when there are none."""
    source = getattr(pattern, "pattern", pattern)
    if not isinstance(source, str):
        return None
    try:
        parsed = sre_parse.parse(source, getattr(pattern, "flags", 0) & ~sre.SRE_FLAG_DEBUG)
    except Exception:  # a pattern `re` does not parse (an RE2-only one): no filter
        return None
    return _sequence(list(parsed))[1]


def _best(options: Iterable[Strings | None]) -> Strings | None:
    """The requirement cheapest to test that still picks few lines: anything but spaces alone (a
    space is in nearly every line, "/" or "|" in few), strings of 4 characters or more are rare
    enough, and then fewer strings mean fewer passes of str.find."""
    usable = [minimal(option) for option in options if option and "" not in option]
    if not usable:
        return None
    return max(usable, key=lambda option: (not all(map(str.isspace, option)), min(min(map(len, option)), 4), -len(option), min(map(len, option))))


def minimal(strings: Iterable[str]) -> Strings:
    """Without the strings that hold another one: a line holding "share this" holds "share"."""
    ordered = sorted(set(strings), key=len)
    kept: list[str] = []
    for string in ordered:
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return frozenset(kept)


def _sequence(items: list[Any]) -> tuple[Strings | None, Strings | None]:
    """(exact, required) of a sequence: `exact` is every string it can match, when few and ASCII."""
    options: list[Strings | None] = []
    run: Strings | None = frozenset({""})
    exact_all = True
    for op, value in items:
        exact, need = _item(op, value)
        options.append(need)
        if exact is not None and run is not None and len(run) * len(exact) <= MAX_STRINGS:
            run = frozenset(a + b for a, b in product(run, exact))
            continue
        exact_all = False
        options.append(run)
        run = exact if exact is not None else frozenset({""})
    options.append(run)
    return (run if exact_all else None), _best(options)


def _item(op: Any, value: Any) -> tuple[Strings | None, Strings | None]:
    if op is sre.LITERAL:
        char = _literal(value)
        return (frozenset({char}), None) if char is not None else (None, None)
    if op is sre.IN and value and all(kind is sre.LITERAL for kind, _ in value):
        chars = {_literal(code) for _, code in value}
        return (frozenset(chars), None) if None not in chars else (None, None)  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(value))
    if op is sre.BRANCH:
        branches = [_sequence(list(branch)) for branch in value[1]]
        exacts = [exact for exact, _ in branches]
        exact = frozenset().union(*exacts) if all(e is not None for e in exacts) else None  # type: ignore[arg-type]
        if exact is not None and len(exact) > MAX_STRINGS:
            exact = None
        needs = [_best([exact_, need]) for exact_, need in branches]
        need = frozenset().union(*needs) if all(n for n in needs) else None  # type: ignore[arg-type]
        return exact, need
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, body = value
        inner_exact, inner_need = _sequence(list(body))
        if low == high == 1:
            return inner_exact, inner_need
        if low == 0 and high == 1 and inner_exact is not None:
            return frozenset({""}) | inner_exact, None
        if low >= 1:
            return None, inner_need if inner_exact is None or "" in inner_exact else _best([inner_exact, inner_need])
    return None, None  # classes, anchors, lookarounds, backreferences: no literal to rely on


def _literal(code: int) -> str | None:
    """The folded form of a literal character, when folding is known to keep every match of it:
    ASCII, a character without case (©, ’, ×), or a letter that `re` equates case-insensitively
    only with the letters of its own lower case (é, ö, п: not в, σ or ı, which `re` equates with
    others as well, _casefix), each of which lower() turns into that one letter."""
    char = chr(code)
    if char == "\n":
        return None
    if char.isascii():
        return fold(char)
    if char.lower() == char == char.upper():
        return char
    lowered = chr(_sre.unicode_tolower(code))  # what `re` compares case-insensitively
    if char in FOLD or lowered.isascii() or code in _casefix._EXTRA_CASES or ord(lowered) in _casefix._EXTRA_CASES:
        return None
    return lowered if char.lower() == lowered else None


UNBUILT = object()  # a set or automaton not built yet for the literals known


class Literals:
    """Which of the literals asked about so far a text holds, found by one RE2 set over the text.

    Most of a pack's literals are not in a given document at all, and a `str.find` for each of them
    reads the whole document: one pass of an RE2 set of them all (a DFA) answers for all of them at
    once, so only the literals present are looked for line by line. Asking about a literal not yet
    in the set rebuilds it, with every literal the rules said they `expect`: once per run, not once
    per rule (a one-file check would pay a compile for each)."""

    # Text seen before the set is worth building (~20 ms with RE2's import): below it, as for the one
    # file a pre-commit hook checks, a str.find per literal costs less.
    SET_AFTER_CHARS = 500_000
    # The automaton (LineIndex.every_literal) costs ~2 ms to import and build, which a `str.find` per
    # literal and question spends over ~10k characters of text (a page or two).
    AUTOMATON_AFTER_CHARS = 10_000
    MAX_BYTES = 50_000  # in all the literals: beyond this the DFA could outgrow RE2's memory
    MAX_MEMORY = 64 << 20  # RE2's budget: a DFA out of memory answers "none", which must not happen

    def __init__(self) -> None:
        self.known: tuple[str, ...] = ()
        self.known_set: frozenset[str] = frozenset()  # the same literals, for `in` (asked at every index built)
        self.expected: dict[str, None] = {}  # literals the loaded rules will ask about, not yet in the set
        self.matcher: Any = None
        self.finder: Any = UNBUILT
        self.size = 0
        self.seen = 0  # characters of text asked about
        self.lock = threading.Lock()

    def seen_with(self, size: int) -> int:
        """The characters of text asked about so far, with `size` more."""
        self.seen += size
        return self.seen

    def expect(self, strings: Iterable[str]) -> None:
        """Literals a rule will ask about: they join the set when it is next built."""
        with self.lock:
            self.expected.update(dict.fromkeys(string for string in strings if string not in self.known_set))

    def learn(self, strings: Iterable[str], finder: bool = False) -> tuple[tuple[str, ...], Any]:
        """The literals known, with `strings` among them, and their set (None: no RE2, or too many
        literals), or with `finder` their Aho-Corasick automaton (None: ahocorasick_rs not installed)."""
        with self.lock:
            new = [string for string in dict.fromkeys(strings) if string not in self.known_set]
            if new:  # the set is built again: with every literal expected so far too
                new = [string for string in dict.fromkeys([*self.expected, *new]) if string not in self.known_set]
                self.expected = {}
                self.known = (*self.known, *new)
                self.known_set = frozenset(self.known)
                self.size += sum(len(string.encode()) for string in new)
                self.matcher = UNBUILT
                if any(len(string) > 1 for string in new):  # the automaton leaves single characters out (_automaton)
                    self.finder = UNBUILT
            if finder:
                if self.finder is UNBUILT:
                    self.finder = _automaton(self.known)
                return self.known, self.finder
            if self.matcher is UNBUILT:
                self.matcher = self._compiled(self.known) if self.size <= self.MAX_BYTES else None
            return self.known, self.matcher

    def _compiled(self, strings: tuple[str, ...]) -> Any:
        return literal_set(strings, self.MAX_MEMORY)


def literal_set(strings: Iterable[str], max_memory: int) -> Any:
    """An RE2 set of the strings, whose Match(text) gives the numbers of those the text holds; None
    without RE2, or for a set it refuses (then every string is to be looked for)."""
    try:
        import re2

        options = re2.Options()
        options.max_mem = max_memory
        matcher = re2.Set.SearchSet(options)
        for string in strings:
            matcher.Add(re2.escape(string))
        matcher.Compile()
        return matcher
    except Exception:
        return None


# Whether an index finds the lines of every literal in one pass of an Aho-Corasick automaton
# (ahocorasick_rs, the `fast` extra) instead of a `str.find` per literal: the same lines either way.
AUTOMATON = True


def _automaton(strings: tuple[str, ...]) -> Any:
    """The automaton of the literals of two characters or more, with the number in `strings` of each
    of its own; None without ahocorasick_rs. A single character ("a", ".", "-") stands in most lines:
    the automaton gave a match for each time it stands in the text (most of all its matches, which
    cost more to sort into lines than `in` over each line does: LineIndex.lines_with)."""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    numbers = [number for number, string in enumerate(strings) if len(string) > 1]
    return (ahocorasick_rs.AhoCorasick([strings[number] for number in numbers]) if numbers else None), numbers


LITERALS = Literals()

_SINGLES: dict[frozenset[str], tuple[str, ...]] = {}  # per set of literals, those the automaton leaves out


def _singles(strings: frozenset[str]) -> tuple[str, ...]:
    """The literals of one character or none in `strings` (LineIndex.lines_with finds their lines)."""
    singles = _SINGLES.get(strings)
    if singles is None:
        if len(_SINGLES) >= 1024:  # sets a caller made up on the fly, not the rules' own few dozen
            _SINGLES.clear()
        singles = _SINGLES[strings] = tuple(string for string in strings if len(string) <= 1)
    return singles


class NeedSets:
    """The sets of literals the rules ask about (Patterns.needs), and the sets each literal is in: an
    index answers every set from one walk over the literals it holds (LineIndex.held_by) instead of
    intersecting each set asked with them (most asks are a rule's first on a new index, and most of a
    rule's ~16 literals are not on the page). A set with a single character keeps LineIndex's own
    way: the automaton leaves single characters out (their lines are found down to the span asked).
    Sets are never removed: they are the rules' own, made once per rule set loaded (as LITERALS.expect's)."""

    def __init__(self) -> None:
        # (the sets, each literal's sets, every literal of them), replaced whole: threads read one state
        self.state: tuple[frozenset[frozenset[str]], dict[str, tuple[frozenset[str], ...]], frozenset[str]] = (frozenset(), {}, frozenset())
        self.lock = threading.Lock()

    def add(self, strings: frozenset[str]) -> None:
        if strings in self.state[0] or not strings or _singles(strings):
            return
        with self.lock:
            sets, sets_of, literals = self.state
            if strings in sets:  # another thread's, since the look above
                return
            sets_of = dict(sets_of)
            for string in strings:
                sets_of[string] = (*sets_of.get(string, ()), strings)
            self.state = (sets | {strings}, sets_of, literals | strings)


NEED_SETS = NeedSets()
_COVERED: list[tuple[frozenset[str], Any]] = [(frozenset(), None)]  # the last literals found to hold a state's


def _covers(found_for: frozenset[str], state: Any) -> bool:
    """Whether literals an index was searched for hold every literal of NEED_SETS's `state`: asked by
    every index, whose literals are mostly one set (Literals.known_set), so the last answer is kept."""
    last = _COVERED[0]
    if last[0] is found_for and last[1] is state:
        return True
    if not found_for.issuperset(state[2]):
        return False
    _COVERED[0] = (found_for, state)
    return True


def _merged(held: list[list[int]]) -> list[int]:
    """The lines of several literals, in order. One literal's lines are in order already (half the asks
    hold one or none): read only, the caller slices it."""
    return sorted(set().union(*held)) if len(held) > 1 else held[0] if held else []


class LineIndex:
    """A document's lines as one folded text, to find which lines hold a literal."""

    def __init__(self, texts: list[str], folded: bool = False) -> None:
        joined = "\n".join(texts)
        self.text = joined if folded else fold(joined)  # `folded`: the texts are folded already
        self.held: set[str] | None = None  # the known literals the text holds (Literals)
        self.asked: frozenset[str] = frozenset()  # the literals known when `held` was found
        self.seen: int | None = None  # LITERALS.seen with this text (the set and automaton wait for enough)
        self.literal_lines: dict[str, list[int]] | None = None  # the lines holding each known literal (AUTOMATON)
        self.found_for: frozenset[str] = frozenset()  # the literals known when `literal_lines` was found
        # the lines holding each single character asked about, among the first lines up to the number with it
        self.char_lines: dict[str, tuple[list[int], int]] = {}
        self.texts: list[str] | None = texts if folded else None  # the folded text's lines, split when needed
        # the lines holding any of a set asked about (automaton), among the first lines up to the number with them
        self.answers: dict[frozenset[str], tuple[list[int], int]] = {}
        # NEED_SETS's state when `held_by` was found, and each of its sets' literals' lines found here
        # (None: no automaton's lines to read them from)
        self.held_by: tuple[Any, dict[frozenset[str], list[list[int]]] | None] | None = None
        # Where each line starts: the lengths of the lines before it, each with its line break (in C).
        self.starts = list(accumulate(map(add, map(len, texts[:-1]), repeat(1)), initial=0))
        if len(self.text) != len(joined):  # folding changed a length after all: find the line breaks
            self.starts = [0] + [match.end() for match in re.finditer("\n", self.text)]

    def holding(self, strings: Iterable[str], first: int = 0, stop: int | None = None) -> set[int]:
        """Indices of the lines that hold at least one of `strings` (already folded), among the
        lines `first` to `stop` (exclusive; default: to the end): only their text is searched."""
        return set(self.lines_holding(strings, first, stop))

    def lines_holding(self, strings: Iterable[str], first: int = 0, stop: int | None = None) -> list[int]:
        """As `holding`, in order (a new list, the caller's to keep)."""
        stop = len(self.starts) if stop is None else stop
        if first >= stop:
            return []
        strings = strings if isinstance(strings, frozenset) else frozenset(strings)
        known = self.answers.get(strings)
        if known is None and strings in (state := NEED_SETS.state)[0]:
            held_by = self.held_by
            if held_by is None or held_by[0] is not state:
                held_by = self._held_by(state)
            if held_by[1] is not None:
                lines = _merged(held_by[1].get(strings) or [])
                known = self.answers[strings] = (lines, len(self.starts))
        if known is None or known[1] < stop:
            singles = _singles(strings)
            literal_lines = self.literal_lines
            # Single characters only (the markup rules'): no pass of the automaton, which leaves them out.
            if len(singles) == len(strings):
                literal_lines = {}
            elif literal_lines is None or not self.found_for.issuperset(strings):  # else found already
                literal_lines = self.every_literal(strings)
            if literal_lines is None:
                return sorted(self._found(strings, first, stop))
            # Each literal's lines, from one pass over the text: the same lines as _found's. Only the
            # literals the text holds, picked in C: a rule needs ~16, a page holds one or two of them.
            held = list(map(literal_lines.__getitem__, literal_lines.keys() & strings))
            # A single character stands in most lines: its lines are found only down to the span's end (a rule
            # of the head reads the first lines), the others' in the automaton's one pass over the whole text.
            reach = stop if singles else len(self.starts)
            held += map(self.lines_with, singles, repeat(reach))
            # Kept: a rule that looks at the whole document asks again on each pass, through the index of
            # the lines left (SubIndex), for the lines of a span.
            lines = _merged(held)
            known = self.answers[strings] = (lines, reach)
        lines = known[0]
        return lines[bisect_left(lines, first) : bisect_left(lines, stop)]

    def _held_by(self, state: Any) -> tuple[Any, dict[frozenset[str], list[list[int]]] | None]:
        """The lines of each literal of each set of NEED_SETS's `state` that the text holds, by set (a set
        none of whose literals it holds is not there), read from every_literal's lines."""
        _, sets_of, literals = state
        literal_lines = self.literal_lines if self.literal_lines is not None else self.every_literal(())
        if literal_lines is not None and not _covers(self.found_for, state):
            literal_lines = self.every_literal(list(literals))  # found for them all: every_literal learns them
        by: dict[frozenset[str], list[list[int]]] | None = None
        if literal_lines is not None:
            by = {}
            for literal in literal_lines.keys() & sets_of.keys():
                lines = literal_lines[literal]
                for strings in sets_of[literal]:
                    held = by.get(strings)
                    if held is None:
                        by[strings] = [lines]
                    else:
                        held.append(lines)
        self.held_by = (state, by)
        return self.held_by

    def _found(self, strings: frozenset[str], first: int, stop: int) -> set[int]:
        """The lines holding a string between `first` and `stop`, found by `str.find`; every line of the
        span when most of them hold one."""
        found: set[int] = set()
        strings = self.present(strings)
        starts, find, last = self.starts, self.text.find, stop - 1
        end = starts[stop] - 1 if stop < len(starts) else len(self.text)  # the line break after the last line
        enough = (stop - first) // 2  # a string in most lines ("by", " ") filters nothing: stop looking
        for string in strings:
            position = find(string, starts[first], end)
            while position >= 0:
                line = bisect_right(starts, position) - 1
                found.add(line)
                if line == last:
                    break
                if len(found) > enough:
                    return set(range(first, stop))
                position = find(string, starts[line + 1], end)
        return found

    def every_literal(self, strings: list[str]) -> dict[str, list[int]] | None:
        """The lines holding each known literal (`strings` among them), in order, found by one pass of
        the literals' automaton over the text; None without one (AUTOMATON off, ahocorasick_rs not
        installed) or before Literals.AUTOMATON_AFTER_CHARS: then `str.find`, literal by literal."""
        if not AUTOMATON or self.text_seen() <= LITERALS.AUTOMATON_AFTER_CHARS:
            return None
        if self.literal_lines is None or not self.found_for.issuperset(strings):
            known, finder = LITERALS.learn(strings, finder=True)
            if finder is None:
                return None
            automaton, numbers = finder
            matches = automaton.find_matches_as_indexes(self.text, overlapping=True) if automaton is not None else []
            # (literal, line) once each, made in C: a literal is often in a line several times. A position's
            # line is the number of line breaks up to it: of the starts but the first.
            pairs = set(zip(map(itemgetter(0), matches), map(bisect_right, repeat(self.starts[1:]), map(itemgetter(1), matches))))
            lines: defaultdict[int, list[int]] = defaultdict(list)  # a list only for the literals found
            for literal, line in pairs:
                lines[literal].append(line)
            self.literal_lines = {known[numbers[literal]]: sorted(held) for literal, held in lines.items()}
            known_set = LITERALS.known_set  # the set of `known`, unless another thread has added some since
            self.found_for = known_set if len(known_set) == len(known) else frozenset(known)
        return self.literal_lines

    def text_seen(self) -> int:
        """The characters of text asked about in this process, this text's last (counted once)."""
        if self.seen is None:
            self.seen = LITERALS.seen_with(len(self.text))
        return self.seen

    def lines_with(self, char: str, stop: int | None = None) -> list[int]:
        """The lines holding the character, in order, among the first `stop` lines at least (default: all;
        every_literal leaves single characters out)."""
        stop = len(self.starts) if stop is None else min(stop, len(self.starts))
        lines, done = self.char_lines.get(char, ([], 0))
        if done < stop:
            lines = [*lines, *self._lines_with(char, done, stop)]
            self.char_lines[char] = (lines, stop)
        return lines

    def _lines_with(self, char: str, first: int, stop: int) -> list[int]:
        """The lines from `first` to `stop` (exclusive) holding the character, in order."""
        # In a few lines: the line of each, skipping to the next line after one (str.find, a memchr).
        # Past an eighth of the lines, one `in` per line costs less: no str.count over the whole
        # text first to choose, which cost more than the finds it spared.
        lines: list[int] = []
        starts, find = self.starts, self.text.find
        end = starts[stop] - 1 if stop < len(starts) else len(self.text)  # the line break after the last line
        enough = (stop - first) // 8
        position = find(char, starts[first], end)
        while position >= 0 and len(lines) <= enough:
            line = bisect_right(starts, position)
            lines.append(line - 1)
            position = find(char, starts[line], end) if line < stop else -1
        if len(lines) > enough:
            if self.texts is None:
                self.texts = self.text.split("\n")  # folding keeps the line breaks, one per line
            lines = list(compress(count(first), map(contains, self.texts[first:stop], repeat(char))))
        return lines

    def present(self, strings: Iterable[str]) -> list[str]:
        """Those of `strings` that the text holds somewhere (all of them when RE2 cannot tell)."""
        strings = list(strings)
        if self.text_seen() <= LITERALS.SET_AFTER_CHARS:
            return strings
        if self.held is None or not self.asked.issuperset(strings):
            known, matcher = LITERALS.learn(strings)
            if matcher is None:
                return strings
            self.held, self.asked = {known[number] for number in matcher.Match(self.text) or ()}, frozenset(known)
        return [string for string in strings if string in self.held]


def per_list(build: Callable[[list[Any]], T], lists: int = 1) -> Callable[[list[Any]], T]:
    """`build(lines)`, remembered for the last `lists` lists: rules that change nothing pass the same list
    on, so a run of them shares one result (the items are compared too, in case the list changed in place)."""
    # ((the list, its items then, the result), ...), newest first, replaced whole and read once: threads of
    # one process (a Dask worker's) share it, and one may replace it between another's check and its answer.
    last: list[tuple[tuple[Any, list[Any], Any], ...]] = [()]

    def cached(lines: list[Any]) -> T:
        known = last[0]
        for entry in known:
            # list == list takes each pair of items that are the same object as equal without asking them,
            # in C: several times faster than all(map(is_, ...)). Lines that are equal but not the same
            # have the same number and text, so the same answer.
            if entry[0] is lines and entry[1] == lines:
                return entry[2]  # type: ignore[no-any-return]
        result = build(lines)
        last[0] = ((lines, list(lines), result), *known[: lists - 1])
        return result

    return cached


class SubIndex:
    """The index of a list made by dropping lines from an indexed one: that one's folded text, read
    through the positions its lines had there. Each rule that drops a line makes a new list, and
    folding and scanning the text again for each was most of the cost of finding candidates."""

    def __init__(self, root: LineIndex, olds: Sequence[int]) -> None:
        self.root, self.olds = root, olds  # olds ascending: a line's index here is found by bisection

    def holding(self, strings: Iterable[str], first: int = 0, stop: int | None = None) -> set[int]:
        """As LineIndex.holding, for this list's indices (when most lines of the span hold a string,
        more than those may come back, as there)."""
        return set(self.lines_holding(strings, first, stop))

    def lines_holding(self, strings: Iterable[str], first: int = 0, stop: int | None = None) -> list[int]:
        """As `holding`, in order."""
        olds = self.olds
        stop = len(olds) if stop is None else stop
        if first >= stop:
            return []
        found = self.root.lines_holding(strings, olds[first], olds[stop - 1] + 1)
        news = [bisect_left(olds, old, first, stop) for old in found]
        return [new for new, old in zip(news, found) if olds[new] == old]


Places = dict[int, tuple[list[Any], Sequence[int]]]  # a root's own lines at range(n): no list of n ints made
# The last index built from scratch, the lines it was built from (kept alive, so that no other line
# takes the id of one of them), where each of those stands in it, and the lists of its document
# whose lines' places in it are known, by id: (the list, those places). Its lines, then each list
# made from a known one by dropping lines (`dropped_from`), so that its index takes the places so
# made, not an id() lookup per line (several times as long). One tuple, replaced whole: threads
# cleaning documents at once (Dask's workers) each read one root with the places of that root.
_root: tuple[LineIndex, list[Any], dict[int, int], Places] | None = None
MAX_PLACES = 8  # lists kept alive by a root, each with its places: a huge document's lists are large


def dropping(items: Sequence[T], drop: list[int]) -> list[T]:
    """The items but those at the indices in `drop` (ascending), the runs between them copied as slices."""
    kept: list[T] = []
    start = 0
    for index in drop:
        kept += items[start:index]
        start = index + 1
    kept += items[start:]
    return kept


def dropped_from(kept: list[Any], lines: list[Any], drop: list[int]) -> None:
    """Note that `kept` is `lines` less the indices in `drop` (ascending): where the lines of `lines` stand
    in the last root is known, so where those of `kept` do is."""
    root = _root
    if root is not None and (known := root[3].get(id(lines))) is not None and known[0] is lines:
        _note(root[3], kept, dropping(known[1], drop))


def kept_by(items: list[T], keep: bytes | bytearray) -> list[T]:
    """The items whose byte in `keep` (as long as `items`) is set, picked in C, their places noted as
    `dropped_from` notes them: a rule that drops long runs of lines (the block rule) gives a mask, not an
    index per dropped line to copy the runs between."""
    kept = list(compress(items, keep))
    root = _root
    if root is not None and (known := root[3].get(id(items))) is not None and known[0] is items:
        _note(root[3], kept, list(compress(known[1], keep)))
    return kept


def _note(places: Places, lines: list[Any], olds: list[int]) -> None:
    if len(places) >= MAX_PLACES:  # the oldest goes: a list is made from the last one made
        try:
            del places[next(iter(places))]
        except (KeyError, RuntimeError, StopIteration):  # another thread's rule changed it meanwhile
            pass
    places[id(lines)] = (lines, olds)


REINDEX_NEW_SHARE = 4  # at most one line in this many new to a list for its index to be made from the last one's


def _reindexed(old: LineIndex, olds: list[int], texts: list[str]) -> LineIndex:
    """The index of lines most of which `old` holds, at `olds` (-1: a line it has not, as one a rule edited):
    their folds, and the lines of each literal when `old` has found those, are taken from it; only the new
    lines are folded and passed through the automaton (a page's markup edited made both anew)."""
    if old.texts is None:
        old.texts = old.text.split("\n")  # folding keeps the line breaks, one per line
    folds = old.texts
    index = LineIndex([folds[place] if place >= 0 else fold(text) for place, text in zip(olds, texts)], folded=True)
    literal_lines, known_set = old.literal_lines, old.found_for
    new_of = dict(zip(olds, count()))
    new_of.pop(-1, None)
    known, finder = LITERALS.learn((), finder=True) if literal_lines is not None else ((), None)
    # Only for the literals `old` was searched for (none learnt since), each old line once in the list.
    if literal_lines is None or finder is None or len(known) != len(known_set) or len(new_of) != len(olds) - olds.count(-1):
        return index
    lines = {literal: [new_of[place] for place in held if place in new_of] for literal, held in literal_lines.items()}
    new = [number for number, place in enumerate(olds) if place < 0]
    automaton, numbers = finder
    if new and automaton is not None:
        part = LineIndex([index.texts[number] for number in new], folded=True)  # type: ignore[index]
        matches = automaton.find_matches_as_indexes(part.text, overlapping=True)
        for literal, line in set(zip(map(itemgetter(0), matches), map(bisect_right, repeat(part.starts), map(itemgetter(1), matches)))):
            lines.setdefault(known[numbers[literal]], []).append(new[line - 1])
    index.literal_lines = {literal: sorted(held) for literal, held in lines.items() if held}
    index.found_for = known_set
    return index


# The root before the last when it had more lines: a rule shown only the lines edited since it last ran
# (engine._apply_to_new) makes their index the root, and the next list of the whole page is read through this.
_larger: tuple[LineIndex, list[Any], dict[int, int], Places] | None = None


def _index(lines: list[Any]) -> LineIndex | SubIndex:
    global _root, _larger
    known = _root
    olds = None
    if known is not None and lines:
        root, copy, where, places = known
        made = places.get(id(lines))
        if made is not None and made[0] is lines:  # made by dropping lines: check it still holds those lines
            olds = made[1]
            if len(olds) == len(lines) and (itemgetter(*olds)(copy) == tuple(lines) if len(olds) > 1 else copy[olds[0]] == lines[0]):
                return SubIndex(root, olds)
            olds = None
        if id(lines[0]) in where or id(lines[-1]) in where:  # else another document's lines
            olds = list(map(where.get, map(id, lines), repeat(-1)))
            if -1 not in olds and all(map(lt, olds, olds[1:])):  # the same lines, some dropped, none moved
                _note(places, lines, olds)
                return SubIndex(root, olds)
    elif known is not None:  # no lines
        return SubIndex(known[0], [])
    texts = [line.text for line in lines]
    larger = _larger
    if olds is None and larger is not None and (id(lines[0]) in larger[2] or id(lines[-1]) in larger[2]):
        known, olds = larger, list(map(larger[2].get, map(id, lines), repeat(-1)))
    if olds is not None and olds.count(-1) * REINDEX_NEW_SHARE <= len(olds):
        root = _reindexed(known[0], olds, texts)  # type: ignore[index]
    else:
        root = LineIndex(texts)
    _larger = known if known is not None and len(known[1]) > len(lines) else None
    _root = (root, list(lines), dict(zip(map(id, lines), range(len(lines)))), {id(lines): (lines, range(len(lines)))})
    return root


# A few lists: 40% of the indices asked for over the dev-set dumps were of a list of the same document
# indexed before, though not last.
index_of = per_list(_index, 4)
