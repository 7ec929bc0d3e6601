"""`line`: drop whole lines that match phrases or a regex, guarded so that prose survives."""

from __future__ import annotations

from ..document import Finding, Line
from ..text import ends_as_sentence
from .base import PATTERN_OPTIONS, POSITION_OPTIONS, Option, Patterns, Positions, Record, Rule, positions_of, without


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
    }

    def setup(self) -> None:
        self.patterns = Patterns(self.opts["phrases"], self.opts["regex"])
        if not self.patterns:
            raise ValueError("a line rule needs `phrases` or `regex`")
        self.line_local = self.opts["position"] == "any"

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        found: list[Finding] = []
        dropped: set[int] = set()
        positions = positions_of(lines) if self.opts["position"] != "any" else None
        span = positions.span(self.opts["position"], self.opts["window"]) if positions else None
        candidates = self.patterns.candidates(lines, span)  # the lines holding a literal the patterns need
        positions = positions or (positions_of(lines) if candidates else None)
        for index in candidates:
            match = self._match(lines[index], index, positions)  # type: ignore[arg-type]
            if match is not None:
                dropped.add(index)
                found.append(self.finding(lines[index], "drop", self.spec.description or self.spec.name, col=match + 1))
        return without(lines, dropped), found

    def _match(self, line: Line, index: int, positions: Positions) -> int | None:
        count = positions.counts[index]
        if not line.text.strip() or count > self.opts["max_words"] or count < self.opts["min_words"]:
            return None
        sentence_words = self.opts["sentence_words"]
        if sentence_words and count >= sentence_words and ends_as_sentence(line.text):
            return None
        if not positions.where(index, self.opts["position"], self.opts["window"]):
            return None
        match = self.patterns.search(line.text)
        return None if match is None else match.start()

