"""`normalize`: runs of spaces inside lines, runs of blank lines, and list bullets written as a letter."""

from __future__ import annotations

import re
from operator import is_

from ..document import TEXT, Finding, Line
from ..text import LIST_BULLETS, is_code, is_prose
from .base import Option, Record, Rule

SPACES = re.compile(r"[ \t]{2,}|\t")
# The letter "o" as a list's bullet, on an indented line: text converters that keep a page's layout
# (inscriptis, lynx) print it before the items of a third level of lists; it is no word of the text.
LETTER_BULLET = re.compile(r"([ \t]+)o (?=\S)")
LIST_ITEM = re.compile(rf"[ \t]*[{LIST_BULLETS}•o] \S")  # a list item with its bullet, of any level


def _all_tidy(texts: list[str]) -> bool:
    """Whether no line has a run of spaces, a tab, or whitespace at an end: what `apply` tests line by
    line, tested in C (strip gives back the same string when there is nothing to strip). Nearly every
    document is tidy by the time this rule sees it."""
    joined = "\n".join(texts)
    return "  " not in joined and "\t" not in joined and all(map(is_, map(str.strip, texts), texts))


class NormalizeRule(Rule):
    kind = "normalize"
    options = {
        "target": Option(str, "spaces", choices=("spaces", "blank-lines", "letter-bullets")),
        "max_blank_lines": Option(int, 1),
    }

    # Not line-local: whether a line keeps its indentation depends on the lines above it.

    @property
    def phase(self) -> int:  # type: ignore[override]
        # Spaces first, so that later patterns see single spaces (letter bullets before them, while the
        # indentation that tells a list shows); blank lines last, after the cuts.
        return {"spaces": 10, "letter-bullets": 9}.get(self.opts["target"], 90)

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        if self.opts["target"] == "blank-lines":
            return self._blank_lines(lines), []
        if self.opts["target"] == "letter-bullets":
            return self._letter_bullets(lines)
        if _all_tidy(list(map(TEXT, lines))):
            return lines, []
        kept: list[Line] = []
        found: list[Finding] = []
        changed = False
        above: str | None = None  # the last non-blank line, as it came in
        above_kept = False  # whether that line kept its indentation as code
        for line in lines:
            text = line.text
            if not ("  " in text or "\t" in text or text and (text[0].isspace() or text[-1].isspace())):  # as _all_tidy
                kept.append(line)  # nothing to tidy: SPACES cannot match and strip() keeps it
                if text:
                    above, above_kept = text, False
                continue
            if text.strip() and text[0] in " \t" and _in_sample(text, above, above_kept):
                # A line of a code sample: its indentation is its structure, its inner spacing may align.
                text, above_kept = text.rstrip(), True
            else:
                text = SPACES.sub(" ", text).strip()
                above_kept = above_kept and not text  # a blank line inside a sample does not end it
            if line.text.strip():
                above = line.text
            if text != line.text:
                changed = True
                kept.append(Line(line.no, text))
                if text:  # trailing space on an empty line is not worth a finding
                    found.append(self.finding(line, "edit", self.spec.description or self.spec.name, line.text))
            else:
                kept.append(line)
        return (kept if changed else lines), found

    def _letter_bullets(self, lines: list[Line]) -> tuple[list[Line], list[Finding]]:
        """The lines with the letter bullet taken off each indented "o " item that stands in a list: the
        line above or below it (blank lines aside) is an item too."""
        found: list[Finding] = []
        edited: dict[int, Line] = {}
        # A bullet stands after a space or a tab: a text with neither before an "o " has none, told by
        # two searches of the joined text, in C (most texts, and nearly all once spaces are tidied).
        joined = "\n".join(map(TEXT, lines))
        if " o " not in joined and "\to " not in joined:
            return lines, found
        # Else a test of each line for "o " is cheaper than an index of the lines (prefilter.index_of), which
        # this rule, the first to run, would build for itself alone, or a multi-line regex over the whole text.
        # The bullet's line is indented: most lines holding "o " ("to ", "also ") are not matched.
        for i in [i for i, line in enumerate(lines) if "o " in line.text and line.text[:1] in " \t"]:
            bullet = LETTER_BULLET.match(lines[i].text)
            if bullet is not None and (_item_beside(lines, i, -1) or _item_beside(lines, i, 1)):
                line = lines[i]
                edited[i] = Line(line.no, bullet.group(1) + line.text[bullet.end() :])
                found.append(self.finding(line, "edit", self.spec.description or self.spec.name, "o", col=bullet.end(1) + 1))
        if not edited:
            return lines, found
        return [edited.get(i, line) for i, line in enumerate(lines)], found

    def _blank_lines(self, lines: list[Line]) -> list[Line]:
        kept: list[Line] = []
        blanks = 0
        most = self.opts["max_blank_lines"]  # asked once, not once a line
        for line in lines:
            blanks = blanks + 1 if not line.text.strip() else 0
            if blanks <= most and (kept or blanks == 0):
                kept.append(line)
        while kept and not kept[-1].text.strip():
            kept.pop()
        return kept if len(kept) < len(lines) else lines  # the same list: later rules keep what they know of it


def _item_beside(lines: list[Line], index: int, step: int) -> bool:
    """Whether the nearest non-blank line above (step -1) or below (step 1) the line at `index` is a list item."""
    index += step
    while 0 <= index < len(lines) and not lines[index].text.strip():
        index += step
    return 0 <= index < len(lines) and LIST_ITEM.match(lines[index].text) is not None


def _in_sample(text: str, above: str | None, above_kept: bool) -> bool:
    """Whether an indented line belongs to a code sample: it reads as code, or follows a line of code or
    of the sample. A sentence of prose (wrapped text the page indented) is never part of one."""
    if is_code(text):
        return True
    if is_prose(text):  # an indented sentence is wrapped text, not a line of a code sample
        return False
    return above_kept or (above is not None and is_code(above))
