"""`line`: drop whole lines that match phrases or a regex, guarded so that prose survives."""

from __future__ import annotations

from collections.abc import Callable, Set as AbstractSet
from typing import Any

from ..document import Finding, Line
from ..text import ends_as_sentence
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
    }

    def setup(self) -> None:
        self.patterns = Patterns(self.opts["phrases"], self.opts["regex"])
        if not self.patterns:
            raise ValueError("a line rule needs `phrases` or `regex`")
        # With min_matches a line is judged by the others that match too.
        self.line_local = self.opts["position"] == "any" and self.opts["min_matches"] <= 1

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        dropped, found = self.dropped(lines)
        return without(lines, dropped), found

    def dropped(self, lines: list[Line], gone: AbstractSet[int] = frozenset(), index: Callable[[], Any] | None = None) -> tuple[set[int], list[Finding]]:
        """The indices of the lines the rule drops, and its findings, leaving alone those in `gone`
        (dropped by a rule before it): the same as `apply` on the lines without them. The engine
        runs a row of line-local rules so over one list, each rule's candidates found in the same
        index (`index`: Patterns.candidates)."""
        positions = positions_of(lines) if self.opts["position"] != "any" else None
        span = positions.span(self.opts["position"], self.opts["window"]) if positions else None
        candidates = self.patterns.candidates(lines, span, index)  # the lines holding a literal the patterns need
        found: list[Finding] = []
        dropped: set[int] = set()
        if not candidates:
            return dropped, found
        # One loop with the guards inline: it runs for every candidate line of every document.
        search = self.patterns.search
        max_words, min_words, sentence_words = self.opts["max_words"], self.opts["min_words"], self.opts["sentence_words"]
        position, window = self.opts["position"], self.opts["window"]
        for index in candidates:
            line = lines[index]  # named so: a rule stopped by the time budget is reported at `line`
            count = line.words
            if count > max_words or count < min_words or index in gone:
                continue
            if not line.text.strip() or sentence_words and count >= sentence_words and ends_as_sentence(line.text):
                continue
            if positions is not None and not positions.where(index, position, window):
                continue
            match = search(line.text)
            if match is not None:
                dropped.add(index)
                found.append(self.finding(line, "drop", self.spec.description or self.spec.name, col=match.start() + 1))
        if len(dropped) < self.opts["min_matches"]:
            return set(), []
        return dropped, found
