"""`duplicate`: a line printed again (a caption twice), or a pull-quote repeating a nearby paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate, compress, repeat
from operator import add, le, ne

from ..document import FOLD_SPACES, Finding, Line
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
        texts = list(compress(folded, folded))  # the non-blank ones
        # The non-blank folds one a line, so that a text is in a run of them as often as the lines of the run
        # hold it (no match runs over a line break).
        joined = "\n".join(texts)
        starts = list(accumulate(map(add, map(len, texts), repeat(1)), initial=0))  # where each line starts
        # Where the run of the lines within `distance` of each line starts and ends in `joined`.
        near_starts = [0] * min(distance, len(texts)) + starts[: max(0, len(texts) - distance)]
        near_ends = starts[distance + 1 :] + starts[-1:] * min(distance, len(texts))
        # How often the run near each long enough line holds its text (its own line is once), counted in C for
        # all of them at once, as most lines are in no other; whether with its words whole the loop below
        # tells (counted so, each line's text was made again with a space at each end).
        long = list(_long_enough(texts, self.opts["min_words"]))
        held = map(joined.count, map(texts.__getitem__, long), map(near_starts.__getitem__, long), map(near_ends.__getitem__, long))
        quotes = list(compress(long, map(le, repeat(2), held)))
        filled = list(compress(range(len(folded)), folded)) if quotes else []  # each non-blank one's index in `folded`
        for position in quotes:
            index = filled[position]
            quote = folded[index]
            inside, size = f" {quote} ", len(quote)
            # The first longer paragraph nearby that holds it, its words whole; only then is the line
            # read as a quote (is_code is a regex, and most lines are in no other).
            near = filled[max(0, position - distance) : position + distance + 1]
            # `quote in` first: it allocates nothing, and most nearby lines do not hold the quote at all.
            other = next((o for o in near if o != index and o not in drop and len(folded[o]) > size and quote in folded[o] and inside in f" {folded[o]} "), None)
            if other is not None and _quotable(lines[index].text) and not _mentioned(lines[index].text, lines[other].text):
                drop.add(index)
        return drop


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


MAX_SPACES = 100_000  # folds in FOLD_SPACES: past this the dict starts again (a huge document)


def _spaces(folded: list[str]) -> list[int]:
    """str.count(" ") of each fold: looked up when every one is known, else all counted (in C) and kept."""
    try:
        return list(map(FOLD_SPACES.__getitem__, folded))
    except KeyError:
        pass
    counts = list(map(str.count, folded, repeat(" ")))
    if len(FOLD_SPACES) + len(folded) > MAX_SPACES:
        FOLD_SPACES.clear()
    FOLD_SPACES.update(zip(folded, counts))
    return counts


def _word_count(folded: str) -> int:
    """Words of a folded line (text.fold): single spaces between words and nowhere else, so
    counting them is enough; str.split would build the list of words of every line."""
    return folded.count(" ") + 1 if folded else 0
