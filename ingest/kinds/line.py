"""`line`: drop whole lines that match phrases or a regex, guarded so that prose survives.

With `name_above`, a match counts only where a name is printed as a line of its own a few lines
above it, starting with the regex's `name` group where it has one (an author's box: "Jane Doe",
"Editor", "Jane Doe is ..."); that line and those between go with it. With `max_matches`, the rule
drops nothing on a page where more lines match: an author's box is printed once, a team page's bios
are many.
"""

from __future__ import annotations

from collections.abc import Callable, Set as AbstractSet
from typing import Any

from ..document import Finding, Line
from ..text import NAME_WORD, ends_as_sentence
from .base import PATTERN_OPTIONS, POSITION_OPTIONS, Option, Patterns, Record, Rule, positions_of, without


class LineRule(Rule):
    kind = "line"
    phase = 40
    options = {
        **PATTERN_OPTIONS,
        **POSITION_OPTIONS,
        "max_words": Option(int, 12),
        "min_words": Option(int, 0),
        # A line ending like a sentence with at least this many words is prose, whatever it mentions.
        "sentence_words": Option(int, 0),
        # Drop only when at least this many lines match: a label a template prints under every post or
        # entry recurs, where the same words once may be the text's own.
        "min_matches": Option(int, 1),
        # Drop nothing where more lines than this match (0: any number).
        "max_matches": Option(int, 0),
        # A match needs a name printed alone within this many lines above, opening with its `name` group (0: off).
        "name_above": Option(int, 0),
    }

    def setup(self) -> None:
        self.patterns = Patterns(self.opts["phrases"], self.opts["regex"])
        if not self.patterns:
            raise ValueError("a line rule needs `phrases` or `regex`")
        # With min_matches a line is judged by the others that match too.
        self.line_local = (
            self.opts["position"] == "any" and self.opts["min_matches"] <= 1 and not self.opts["max_matches"] and not self.opts["name_above"]
        )
        # Each line matches by itself, and either every match goes or too few are there: dropping lines only
        # makes fewer. A position moves with the words dropped, `max_matches` holds back fewer matches, and a
        # name comes nearer (`name_above`).
        self.quiet_after_drops = self.opts["position"] == "any" and not self.opts["max_matches"] and not self.opts["name_above"]

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        # Quiet too where no line could match wherever it stood (most pages, for a rule with a position):
        # dropping lines only moves the others, and a rule drops nothing without a line that matches.
        dropped, found, may_match = self._dropped(lines)
        return without(lines, dropped), found, self.quiet_after_drops or not may_match

    def dropped(self, lines: list[Line], gone: AbstractSet[int] = frozenset(), index: Callable[[], Any] | None = None) -> tuple[set[int], list[Finding]]:
        """The indices of the lines the rule drops, and its findings, leaving alone those in `gone`
        (dropped by a rule before it): the same as `apply` on the lines without them. The engine
        runs a row of line-local rules so over one list, each rule's candidates found in the same
        index (`index`: Patterns.candidates)."""
        dropped, found, _ = self._dropped(lines, gone, index)
        return dropped, found

    def _dropped(self, lines: list[Line], gone: AbstractSet[int] = frozenset(), index: Callable[[], Any] | None = None) -> tuple[set[int], list[Finding], bool]:
        """As `dropped`, and whether a line may match wherever it stands: one that matches, or a candidate
        within the guards outside the rule's position (not searched: that cost more than the later runs
        it spared). Where none may, no list made from these lines by dropping some has one."""
        # Every line's candidates, those outside the position too: a page with none needs no positions.
        candidates = self.patterns.candidates(lines, None, index)  # the lines holding a literal the patterns need
        found: list[Finding] = []
        dropped: set[int] = set()
        if not candidates:
            return dropped, found, False
        named: set[int] = set()  # the name lines of `name_above` matches, one match each
        matches = 0
        may_match = False
        # One loop with the guards inline: it runs for every candidate line of every document.
        search = self.patterns.search
        max_words, min_words, sentence_words = self.opts["max_words"], self.opts["min_words"], self.opts["sentence_words"]
        position, window = self.opts["position"], self.opts["window"]
        positions = positions_of(lines) if position != "any" else None
        for index in candidates:
            line = lines[index]  # named so: a rule stopped by the time budget is reported at `line`
            count = line.words
            if count > max_words or count < min_words or index in gone:
                continue
            if not line.text.strip() or sentence_words and count >= sentence_words and ends_as_sentence(line.text):
                continue
            if positions is not None and not positions.where(index, position, window):
                may_match = True
                continue
            match = search(line.text)
            if match is None:
                continue
            may_match = True  # whether it goes or not: not worth telling apart
            heading: list[int] = []
            if self.opts["name_above"]:
                heading = self._name_above(lines, index, match.groupdict().get("name") or "", gone)
                if not heading:
                    continue
                if heading[0] not in named:  # a second paragraph under the same name is the same bio
                    matches += 1
                    named.add(heading[0])
            else:
                matches += 1
            for other in (*heading, index):
                if other in dropped:
                    continue
                dropped.add(other)
                col = match.start() + 1 if other == index else 1
                found.append(self.finding(lines[other], "drop", self.message, col=col))
        if matches < self.opts["min_matches"] or self.opts["max_matches"] and matches > self.opts["max_matches"]:
            return set(), [], may_match
        return dropped, found, may_match

    def _name_above(self, lines: list[Line], index: int, name: str, gone: AbstractSet[int]) -> list[int]:
        """The indices from the line above `index` that is a name starting with `name` (any name when
        `name` is empty; within `name_above` lines of text) down to the line above `index`, or none."""
        between: list[int] = []
        for other in range(index - 1, -1, -1):
            if other in gone or not lines[other].text.strip():
                continue
            between.append(other)
            if is_name(lines[other].text) and (not name or lines[other].text.split()[0].casefold() == name.casefold()):
                return between[::-1]
            if len(between) >= self.opts["name_above"]:
                break
        return []


def is_name(text: str) -> bool:
    """One to four capitalised words and nothing more: "Jane Doe", "Ann B. Lee", "Émile Durand"."""
    words = text.strip().split(" ")
    return (
        len(words) <= 4
        and all(word[:1].isupper() and NAME_WORD.fullmatch(word) for word in words)
        and not text.rstrip().endswith(".")
    )
