"""`duplicate`: a line printed again (a caption twice), or a pull-quote repeating a nearby paragraph."""

from __future__ import annotations

import re

from ..document import Finding, Line, folded_lines
from ..text import WORD, is_code
from .base import Option, Record, Rule, without


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

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        folded = folded_lines(lines)
        if self.opts["target"] == "repeated-line":
            drop = {i for i in self._repeats(folded) if not (self.opts["keep_code"] and is_code(lines[i].text))}
        else:
            drop = self._pull_quotes(folded, lines)
        message = self.spec.description or self.spec.name
        found = [self.finding(lines[i], "drop", message) for i in sorted(drop)]
        return without(lines, drop), found

    def _repeats(self, folded: list[str]) -> set[int]:
        seen: set[str] = set()
        drop: set[int] = set()
        for index, text in enumerate(folded):
            if _word_count(text) < self.opts["min_words"]:
                continue
            if text in seen:
                drop.add(index)
            seen.add(text)
        return drop

    def _pull_quotes(self, folded: list[str], lines: list[Line]) -> set[int]:
        filled = [i for i, text in enumerate(folded) if text]
        padded = {i: f" {folded[i]} " for i in filled}  # a quote's words stand whole in the paragraph's
        drop: set[int] = set()
        distance, min_words = self.opts["distance"], self.opts["min_words"]
        for position, index in enumerate(filled):
            quote = folded[index]
            if _word_count(quote) < min_words:
                continue
            # The first longer paragraph nearby that holds it; only then is the line read as a quote
            # (is_code is a regex, and most lines are in no other).
            inside, size = padded[index], len(quote)
            near = filled[max(0, position - distance) : position + distance + 1]
            other = next((o for o in near if o != index and o not in drop and len(folded[o]) > size and inside in padded[o]), None)
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
    found = re.search(r"\W+".join(map(re.escape, words)), paragraph, re.IGNORECASE)
    return found is not None and found.group()[0].islower()


def _word_count(folded: str) -> int:
    """Words of a folded line (text.fold): single spaces between words and nowhere else, so
    counting them is enough; str.split would build the list of words of every line."""
    return folded.count(" ") + 1 if folded else 0
