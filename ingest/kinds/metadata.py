"""`metadata`: byline and dateline lines moved out of the text into the record."""

from __future__ import annotations

import re

from ..document import WORDS, Finding, Line
from .base import POSITION_OPTIONS, Option, Patterns, Record, Rule, positions_of, without

FIELDS = ("author", "date")


class MetadataRule(Rule):
    kind = "metadata"
    phase = 30
    options = {
        "regex": Option(list, [], list_of=str),
        **POSITION_OPTIONS,
        "max_words": Option(int, 20),
        # more lines matching than this are the dates of a page's entries (each post of a thread, each
        # item of a listing), not the page's own: none moves (0: any number)
        "max_lines": Option(int, 0),
    }

    def setup(self) -> None:
        self.patterns = Patterns([], self.opts["regex"])
        if not self.patterns:
            raise ValueError("a metadata rule needs `regex`")
        for (source, _), groups in zip(self.patterns.sources, self.patterns.groups()):
            if not set(groups) & set(FIELDS):
                raise ValueError(f"regex {source!r} names no group of {', '.join(FIELDS)}")
        self.line_local = self.opts["position"] == "any"
        if self.opts["max_lines"] and self.line_local:
            raise ValueError("`max_lines` counts the lines of a position (head or tail): set `position`")
        self.proving: bool | None = None  # whether a run looks outside the position (_proves_quiet)

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        # Quiet after drops where no line left may match wherever it stands: dropping lines moves the head and
        # the tail, and leaves fewer matches for `max_lines`, but a line's own text and words stay as they are.
        # Only lines within the guards that hold a literal the patterns need may: where one stands outside the
        # position, it is not searched (that cost more than the later runs it spared).
        found: list[Finding] = []
        moved_lines: set[int] = set()
        matched: list[tuple[int, re.Match[str]]] = []
        positions = positions_of(lines) if self.opts["position"] != "any" else None
        span = positions.span(self.opts["position"], self.opts["window"]) if positions else range(len(lines))
        proving = self._proves_quiet()
        candidates = self.patterns.candidates(lines, None if proving else span)
        # The span holds only lines of the position, but at the edges, where it is every line.
        edges, max_words = self.opts["position"] == "edges", self.opts["max_words"]
        may_match_elsewhere = not proving
        for index in candidates:
            line = lines[index]
            if WORDS(line) > max_words:
                continue
            text = line.text.strip()
            if not text:
                continue
            if index not in span or edges and not positions.where(index, "edges", self.opts["window"]):  # type: ignore[union-attr]
                may_match_elsewhere = True
                continue
            match = self.patterns.search(text)
            if match is not None:
                matched.append((index, match))
        if not matched or self.opts["max_lines"] and len(matched) > self.opts["max_lines"]:
            return lines, [], not matched and not may_match_elsewhere
        for index, match in matched:
            moved_lines.add(index)
            moved = {k: v.strip(" ,;|-–—") for k, v in match.groupdict().items() if k in FIELDS and v}
            for key, value in moved.items():
                record.setdefault(key, value)
            summary = ", ".join(f"{k}={v!r}" for k, v in moved.items())
            found.append(self.finding(lines[index], "move", f"{self.message} ({summary})"))
        # every match moved: quiet where no line outside the position may match either
        return without(lines, moved_lines), found, not may_match_elsewhere

    def _proves_quiet(self) -> bool:
        """Whether a run looks for candidates outside the position, to tell a quiet answer: only with the
        literals of the patterns known (regex_cache) and none of one character (".", ":" of a time), which
        stands in most lines: the candidates outside would be most of the page, for a proof seldom made."""
        if self.proving is None:
            # Facts are set once, at load: unknown there (a cold regex cache), this rule set makes no proof.
            needs = None if None in self.patterns.facts else self.patterns.required_literals()
            self.proving = needs is not None and all(len(literal) > 1 for literal in needs)
        return self.proving
