"""`duplicate`: a line printed again (a caption twice), or a pull-quote repeating a nearby paragraph."""

from __future__ import annotations

from ..document import Finding, Line
from ..text import is_code
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
        folded = [line.folded for line in lines]
        if self.opts["target"] == "repeated-line":
            drop = {i for i in self._repeats(folded) if not (self.opts["keep_code"] and is_code(lines[i].text))}
        else:
            drop = self._pull_quotes(folded)
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

    def _pull_quotes(self, folded: list[str]) -> set[int]:
        filled = [i for i, text in enumerate(folded) if text]
        drop: set[int] = set()
        for position, index in enumerate(filled):
            quote = folded[index]
            if _word_count(quote) < self.opts["min_words"]:
                continue
            near = filled[max(0, position - self.opts["distance"]) : position + self.opts["distance"] + 1]
            for other in near:
                paragraph = folded[other]
                if other != index and other not in drop and len(paragraph) > len(quote) and f" {quote} " in f" {paragraph} ":
                    drop.add(index)
                    break
        return drop


def _word_count(folded: str) -> int:
    """Words of a folded line (text.fold): single spaces between words and nowhere else, so
    counting them is enough; str.split would build the list of words of every line."""
    return folded.count(" ") + 1 if folded else 0
