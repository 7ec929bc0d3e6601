"""`normalize`: runs of spaces inside lines, and runs of blank lines."""

from __future__ import annotations

import re

from ..document import Finding, Line
from .base import Option, Record, Rule

SPACES = re.compile(r"[ \t]{2,}|\t")


class NormalizeRule(Rule):
    kind = "normalize"
    options = {
        "target": Option(str, "spaces", choices=("spaces", "blank-lines")),
        "max_blank_lines": Option(int, 1),
    }

    def setup(self) -> None:
        self.line_local = self.opts["target"] == "spaces"  # blank lines are counted in runs

    @property
    def phase(self) -> int:  # type: ignore[override]
        # Spaces first, so that later patterns see single spaces; blank lines last, after the cuts.
        return 10 if self.opts["target"] == "spaces" else 90

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        if self.opts["target"] == "blank-lines":
            return self._blank_lines(lines), []
        kept: list[Line] = []
        found: list[Finding] = []
        changed = False
        for line in lines:
            text = line.text
            if not ("  " in text or "\t" in text or text and (text[0].isspace() or text[-1].isspace())):
                kept.append(line)  # nothing to tidy: SPACES cannot match and strip() keeps it
                continue
            text = SPACES.sub(" ", line.text).strip()
            if text != line.text:
                changed = True
                kept.append(Line(line.no, text))
                if text:  # trailing space on an empty line is not worth a finding
                    found.append(self.finding(line, "edit", self.spec.description or self.spec.name, line.text))
            else:
                kept.append(line)
        return (kept if changed else lines), found

    def _blank_lines(self, lines: list[Line]) -> list[Line]:
        kept: list[Line] = []
        blanks = 0
        for line in lines:
            blanks = blanks + 1 if not line.text.strip() else 0
            if blanks <= self.opts["max_blank_lines"] and (kept or blanks == 0):
                kept.append(line)
        while kept and not kept[-1].text.strip():
            kept.pop()
        return kept
