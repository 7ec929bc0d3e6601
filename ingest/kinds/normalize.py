"""`normalize`: runs of spaces inside lines, runs of blank lines, and list bullets written as a letter."""

from __future__ import annotations

import re
from operator import is_

from ..document import TEXT, Finding, Line
from ..text import LIST_BULLETS, is_code, is_prose
from ..prefilter import kept_by
from .base import Option, Record, Rule, filled

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

    def setup(self) -> None:
        # A config file's negative number is refused with its line (config.py); this guards a rule made in code.
        if self.opts["max_blank_lines"] < 0:  # would keep no line at all, text included
            raise ValueError("`max_blank_lines` must be 0 or more")

    @property
    def phase(self) -> int:  # type: ignore[override]
        # Spaces first, so that later patterns see single spaces (letter bullets before them, while the
        # indentation that tells a list shows); blank lines last, after the cuts.
        return {"spaces": 10, "letter-bullets": 9}.get(self.opts["target"], 90)

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        # Quiet after drops where no line it gives back could be edited, whatever stands around it: a tidy
        # line stays tidy and a line with no letter bullet has none. Dropping lines can join two runs of
        # blank lines, so that target never is.
        if self.opts["target"] == "blank-lines":
            return self._blank_lines(lines), [], False
        if self.opts["target"] == "letter-bullets":
            return self._letter_bullets(lines)
        return self._spaces(lines)

    def _spaces(self, lines: list[Line]) -> tuple[list[Line], list[Finding], bool]:
        """The lines tidied, and whether every line given back is tidy: only a line of a code sample keeps
        its indentation, and only the lines above it say that it is one."""
        if _all_tidy(list(map(TEXT, lines))):
            return lines, [], True
        indented = False  # whether a line kept its indentation as code
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
                indented = True
            else:
                text = SPACES.sub(" ", text).strip()
                above_kept = above_kept and not text  # a blank line inside a sample does not end it
            if line.text.strip():
                above = line.text
            if text != line.text:
                changed = True
                kept.append(Line(line.no, text))
                if text:  # trailing space on an empty line is not worth a finding
                    found.append(self.finding(line, "edit", self.message, line.text))
            else:
                kept.append(line)
        return (kept if changed else lines), found, not indented

    def _letter_bullets(self, lines: list[Line]) -> tuple[list[Line], list[Finding], bool]:
        """The lines with the letter bullet taken off each indented "o " item that stands in a list: the
        line above or below it (blank lines aside) is an item too; and whether no line given back has
        such a bullet left (one with no item beside it may have one once the lines between go)."""
        found: list[Finding] = []
        edited: dict[int, Line] = {}
        # A bullet stands after a space or a tab: a text with neither before an "o " has none, told by
        # two searches of the joined text, in C (most texts, and nearly all once spaces are tidied).
        joined = "\n".join(map(TEXT, lines))
        if " o " not in joined and "\to " not in joined:
            return lines, found, True
        # Else a test of each line for "o " is cheaper than an index of the lines (prefilter.index_of), which
        # this rule, the first to run, would build for itself alone, or a multi-line regex over the whole text.
        # The bullet's line is indented: most lines holding "o " ("to ", "also ") are not matched.
        left = False  # whether a bullet is left: one with no item beside it, or one under one taken off
        for i in [i for i, line in enumerate(lines) if "o " in line.text and line.text[:1] in " \t"]:
            bullet = LETTER_BULLET.match(lines[i].text)
            if bullet is None:
                continue
            if _item_beside(lines, i, -1) or _item_beside(lines, i, 1):
                line = lines[i]
                edited[i] = Line(line.no, bullet.group(1) + line.text[bullet.end() :])
                found.append(self.finding(line, "edit", self.message, "o", col=bullet.end(1) + 1))
                left = left or LETTER_BULLET.match(edited[i].text) is not None
            else:
                left = True
        if not edited:
            return lines, found, not left
        return [edited.get(i, line) for i, line in enumerate(lines)], found, not left

    def _blank_lines(self, lines: list[Line]) -> list[Line]:
        """The lines but the blank ones at either end and those past `max_blank_lines` in a run: found in a
        mask of the lines (1: a line with text) by searches in C, not by a test of each line in Python."""
        most = self.opts["max_blank_lines"]
        present = filled(lines)
        run = bytes(most + 1)  # a run of blank lines too long
        if present[:1] != b"\x00" and present[-1:] != b"\x00" and run not in present:
            return lines  # the same list: later rules keep what they know of it
        first, last = present.find(1), present.rfind(1)
        if first < 0:  # no text at all
            return []
        kept = bytearray(b"\x01") * len(present)
        for found in re.finditer(re.escape(run) + b"+", present):
            kept[found.start() + most : found.end()] = bytes(found.end() - found.start() - most)
        kept[:first] = bytes(first)
        kept[last + 1 :] = bytes(len(kept) - last - 1)
        return kept_by(lines, kept)


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
