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

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        found: list[Finding] = []
        moved_lines: set[int] = set()
        matched: list[tuple[int, re.Match[str]]] = []
        positions = positions_of(lines) if self.opts["position"] != "any" else None
        span = positions.span(self.opts["position"], self.opts["window"]) if positions else None
        candidates = self.patterns.candidates(lines, span)
        # The span holds only lines of the position, but at the edges, where it is every line.
        edges, max_words = self.opts["position"] == "edges", self.opts["max_words"]
        for index in candidates:
            line = lines[index]
            if WORDS(line) > max_words:
                continue
            text = line.text.strip()
            if text and not (edges and not positions.where(index, "edges", self.opts["window"])):  # type: ignore[union-attr]
                match = self.patterns.search(text)
                if match is not None:
                    matched.append((index, match))
        if self.opts["max_lines"] and len(matched) > self.opts["max_lines"]:
            return lines, []
        for index, match in matched:
            moved_lines.add(index)
            moved = {k: v.strip(" ,;|-–—") for k, v in match.groupdict().items() if k in FIELDS and v}
            for key, value in moved.items():
                record.setdefault(key, value)
            summary = ", ".join(f"{k}={v!r}" for k, v in moved.items())
            found.append(self.finding(lines[index], "move", f"{self.spec.description or self.spec.name} ({summary})"))
        return without(lines, moved_lines), found
