"""`duplicate`: a line printed again (a caption twice), or a pull-quote repeating a nearby paragraph."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate, compress, repeat
from operator import add, le, ne
from typing import Any

from ..document import FOLD_SPACES, NO, Finding, Line
from ..regex_programs import unkept
from ..text import WORD, is_code
from .base import Option, Record, Rule, folded_of, without


class DuplicateRule(Rule):
    kind = "duplicate"
    phase = 50
    options = {
        "target": Option(str, "repeated-line", choices=("repeated-line", "pull-quote")),
        "min_words": Option(int, 4),
        "distance": Option(int, 4),  # pull-quote: how many non-blank lines away the paragraph may stand
        # repeated-line: a line of code printed again is the program's, not the page's
        "keep_code": Option(bool, False),
    }

    def setup(self) -> None:
        self.drops_copies = self.opts["target"] == "repeated-line"
        # Every later copy goes, so no two are left, nor in fewer lines; a pull-quote's paragraph may come nearer.
        self.quiet_after_drops = self.drops_copies
        # pull-quote: the non-blank lines and folds of the page it last looked at, and which of those folds
        # were held twice nearby (_held_twice); one tuple, replaced whole (threads of a worker share the rule)
        self.last_page: tuple[list[Line], list[str], list[int]] = ([], [], [])

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "last_page": ([], [], [])}  # a rule set sent to a worker process: no document's lines

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        folded = folded_of(lines)
        if self.opts["target"] == "repeated-line":
            drop = {i for i in self._repeats(folded) if not (self.opts["keep_code"] and is_code(lines[i].text))}
        else:
            drop = self._pull_quotes(folded, lines)
        found = self.dropped_lines(map(lines.__getitem__, sorted(drop)), self.message)
        return without(lines, drop), found

    def _repeats(self, folded: list[str]) -> set[int]:
        """The long enough lines whose fold a line above already had: each fold's first index noted by
        setdefault, in C, and the lines that got another back."""
        long = list(_long_enough(folded, self.opts["min_words"]))
        first: dict[str, int] = {}
        firsts = map(first.setdefault, map(folded.__getitem__, long), long)
        return set(compress(long, map(ne, long, firsts)))

    def _pull_quotes(self, folded: list[str], lines: list[Line]) -> set[int]:
        drop: set[int] = set()
        distance = max(0, self.opts["distance"])  # none nearer than its own line: nothing is dropped either way
        min_words = self.opts["min_words"]
        texts = list(compress(folded, folded))  # the non-blank ones
        filled_lines = list(compress(lines, folded))
        last_lines, last_texts, last_quotes = self.last_page
        page = None  # _joined(texts), made when the whole page is counted or a quote looked for
        quotes = _carried(filled_lines, texts, last_lines, last_texts, last_quotes, distance, min_words)
        if quotes is None:
            page = _joined(texts)
            quotes = _held_twice(texts, distance, min_words, 0, len(texts), page)
        self.last_page = (filled_lines, texts, quotes)
        if not quotes:
            return drop
        filled = list(compress(range(len(folded)), folded))  # each non-blank one's index in `folded`
        joined, starts = page or _joined(texts)
        for position in quotes:
            index = filled[position]
            quote = folded[index]
            inside, size = f" {quote} ", len(quote)
            # The first longer paragraph nearby that holds it, its words whole; only then is the line read
            # as a quote (is_code is a regex, and most lines are in no other). The lines nearby that hold
            # it at all are found in the joined folds, in C, not by looking at each of 2 × distance lines.
            end = starts[min(len(texts), position + distance + 1)]
            at = joined.find(quote, starts[max(0, position - distance)], end)
            other = None
            while at != -1:
                holder = bisect_right(starts, at) - 1  # the line the match is in
                if (o := filled[holder]) != index and o not in drop and len(folded[o]) > size and inside in f" {folded[o]} ":
                    other = o
                    break
                at = joined.find(quote, starts[holder + 1], end)
            if other is not None and _quotable(lines[index].text) and not _mentioned(lines[index].text, lines[other].text):
                drop.add(index)
        return drop


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """The folds one a line, so that a text is in a run of them as often as the lines of the run hold it (no
    match runs over a line break), and where each line starts in that."""
    return "\n".join(texts), list(accumulate(map(add, map(len, texts), repeat(1)), initial=0))


def _held_twice(texts: list[str], distance: int, min_words: int, low: int, high: int, page: tuple[str, list[int]] | None = None) -> list[int]:
    """The positions from `low` up to `high` of the long enough folds that the folds within `distance` of
    them hold twice or more (their own line is once): the lines read further as quotes. `page` is
    _joined(texts) where made already; else only the lines within `distance` of those are joined."""
    if low >= high:
        return []
    base = 0
    if page is None:
        base = max(0, low - distance)
        texts = texts[base : high + distance]
        low, high = low - base, high - base
        page = _joined(texts)
    joined, starts = page
    # Where the run of the lines within `distance` of each line starts and ends in `joined`.
    size = len(texts)
    near_starts = [0] * min(distance, size) + starts[: max(0, size - distance)]
    near_ends = starts[distance + 1 :] + starts[-1:] * min(distance, size)
    # How often the run near each long enough line holds its text, counted in C for all of them at once,
    # as most lines are in no other; whether with its words whole the loop in _pull_quotes tells.
    long = list(_long_enough(texts, min_words))
    long = long[bisect_left(long, low) : bisect_left(long, high)]
    held = map(joined.count, map(texts.__getitem__, long), map(near_starts.__getitem__, long), map(near_ends.__getitem__, long))
    quotes = list(compress(long, map(le, repeat(2), held)))
    return [base + quote for quote in quotes] if base else quotes


MAX_RUNS = 16  # runs of the last page's lines: past this a page is counted anew


def _carried(lines: list[Line], texts: list[str], last_lines: list[Line], last_texts: list[str], last_quotes: list[int], distance: int, min_words: int) -> list[int] | None:
    """_held_twice of `texts` (the folds of the non-blank `lines`) worked out from the last page's when
    these are its folds with some left out, as after a pass that dropped lines; None when they are not.
    How often a line's fold is held nearby depends on the folds within `distance` of it alone: where those
    are the ones it had there, its answer is the one it had, and only the lines within `distance` of a
    line left out (or of the page's new ends) are counted again. The runs the lines kept form are found
    by bisection (over the lines' numbers, in which order they stand), then checked fold by fold."""
    runs: list[tuple[int, int, int]] = []  # (position here, position in the last page, length)
    at, size = 0, len(lines)
    while at < size:
        start = bisect_left(last_lines, lines[at].no, key=NO)
        if len(runs) == MAX_RUNS or start == len(last_lines) or last_lines[start] is not lines[at]:
            return None  # another page, or a line made since (edited, put back)
        low, high = at + 1, min(size, at + len(last_lines) - start)
        while low < high:  # the first line past the run: lines[at + k] is last_lines[start + k] up to it
            middle = (low + high) // 2
            if lines[middle] is last_lines[start + middle - at]:
                low = middle + 1
            else:
                high = middle
        runs.append((at, start, low - at))
        at = low
    if any(texts[at : at + length] != last_texts[start : start + length] for at, start, length in runs):
        return None
    quotes: list[int] = []
    counted = 0  # the lines before this one have their answers
    for at, start, length in runs:
        # Its lines whose lines nearby all stand in the run, or past a page's end only where that was the
        # last page's end too, keep their answers; those between such stretches are counted again.
        first = at if at == start == 0 else min(at + distance, at + length)
        stop = at + length if at + length == size and start + length == len(last_texts) else max(at + length - distance, first)
        if first < stop:
            quotes += _held_twice(texts, distance, min_words, counted, first)
            kept = last_quotes[bisect_left(last_quotes, start + first - at) : bisect_left(last_quotes, start + stop - at)]
            quotes += [at + quote - start for quote in kept]
            counted = stop
    return quotes + _held_twice(texts, distance, min_words, counted, size)


def _quotable(text: str) -> bool:
    """A pull-quote is a piece of prose: not a line of code or a command, nor a lead-in ending in ':'
    (documentation repeats both in the paragraph around them)."""
    return not is_code(text) and not text.rstrip().endswith(":")


def _mentioned(line: str, paragraph: str) -> bool:
    """Whether the paragraph mentions the line's words in running text, lower-cased where the line begins
    with a capital: a heading or a step's title named in a sentence ("To enable dependency tracking ...")
    rather than a sentence set again in large type, which keeps its case."""
    words = WORD.findall(line)
    if not words or not words[0][0].isupper():
        return False
    found = unkept(r"\W+".join(map(re.escape, words)), re.IGNORECASE).search(paragraph)
    return found is not None and found.group()[0].islower()


def _long_enough(folded: list[str], min_words: int) -> Iterable[int]:
    """Indices of the folded lines with `min_words` words or more, in order: with two or more, those
    with that many spaces less one, counted in C."""
    if min_words < 2:
        return [index for index, text in enumerate(folded) if _word_count(text) >= min_words]
    return compress(range(len(folded)), map(le, repeat(min_words - 1), _spaces(folded)))


NOT_SPACE = bytes(byte for byte in range(256) if byte not in b" \n")  # deleted: all but spaces and line breaks
MAX_SPACES = 100_000  # folds in FOLD_SPACES: past this the dict starts again (a huge document)


def _spaces(folded: list[str]) -> list[int]:
    """str.count(" ") of each fold: looked up when every one is known, else all counted together and kept."""
    try:
        return list(map(FOLD_SPACES.__getitem__, folded))
    except KeyError:
        pass
    # The spaces of every fold in one C pass over their joined text (no fold holds a line break), not a
    # str.count call each: the page's spaces and line breaks alone, split at the breaks.
    counts = list(map(len, "\n".join(folded).encode("utf-8", "surrogatepass").translate(None, NOT_SPACE).split(b"\n")))
    if len(FOLD_SPACES) + len(folded) > MAX_SPACES:
        FOLD_SPACES.clear()
    FOLD_SPACES.update(zip(folded, counts))
    return counts


def _word_count(folded: str) -> int:
    """Words of a folded line (text.fold): single spaces between words and nowhere else, so
    counting them is enough; str.split would build the list of words of every line."""
    return folded.count(" ") + 1 if folded else 0
