"""Markdown dumps: links and images that the converter broke across lines, joined again before the rules.

Page-to-Markdown converters (html2text and its kin) wrap lines at a fixed width inside a link's text
and inside its target too: "[Reader for" / "PC](https://example.com/reader-for-pc-" / "windows/)". A
card whose whole box is a link runs over a dozen lines. Left so, the Markdown rule (SL104) cannot
tell a link from prose: its words stay with the target's, and the target's pieces read as text. A
line ends inside a link when a bracket opened on it (or above) is not closed, or a target after
"](" is not; the next line then goes on it: with no space inside a target (a URL has none; the
converter broke it after a hyphen), after a space inside a link's text or a title, or before a title. A bracket that is
not closed before a blank line, or within MAX_LINES lines, opens no link (a "[" in prose): no join."""

from __future__ import annotations

import re

from .joins import Joined, join_at
from .text import lines_in

MIN_LINKS = 3  # "](" or "][" at least this often: a Markdown dump
MAX_LINES = 40  # a link (a card of image, title and teaser) runs over at most this many lines

# What is open at the end of a line: (brackets open, inside a target, brackets open inside the target, title quote)
State = tuple[int, bool, int, str]
CLOSED: State = (0, False, 0, "")


# What scan reads of a line: an escaped character (skipped whole), brackets, parentheses, quotes.
MARKS = re.compile(r'\\.|[\[\]()"]', re.DOTALL)


def scan(line: str, state: State) -> State:
    """The state after `line`, from `state` before it: brackets of link texts and image alts opened and
    not closed, and a target "](...)" begun and not ended (with the brackets and title quote open in it).
    Only MARKS are read, not every character in Python."""
    depth, target, parens, quote = state
    after = 0  # a target's "(" is read with its "]"
    for mark in MARKS.finditer(line):
        char, i = mark[0], mark.start()
        if len(char) == 2 or i < after:  # an escaped bracket is text ("\\(Photo\\)")
            continue
        if target:
            if quote:
                quote = "" if char == quote else quote
            elif char == '"' and line[i - 1 : i] in (" ", ""):
                quote = char  # a title: [text](url "title")
            elif char == "(":
                parens += 1
            elif char == ")":
                if parens:
                    parens -= 1
                else:
                    target = False
            elif char == "[" and depth:  # no target holds a bracket: it was not one ("[a](b [c](d)")
                target, parens = False, 0
                depth += 1
        elif char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if line[i + 1 : i + 2] == "(":
                target, parens, quote = True, 0, ""
                after = i + 2
    return depth, target, parens, quote


def is_markdown(text: str) -> bool:
    """Whether the text holds Markdown links or images, inline ("](") or by reference ("]["), which no
    plain dump holds (but for a citation or two, "[1][2]")."""
    # Each of those pairs starts with its own "]": one count of a character, far faster than one of a
    # pair, rules out the many dumps holding fewer.
    return text.count("]") >= MIN_LINKS and text.count("](") + text.count("][") >= MIN_LINKS


def relink(text: str, markdown: bool | None = None) -> Joined | None:
    """The text with each link or image the converter broke across lines on one line, or None when it
    is not Markdown or none was broken. `markdown`: is_markdown(text), when the caller asked it already."""
    if not (is_markdown(text) if markdown is None else markdown):
        return None
    lines = lines_in(text)
    spaces: list[str | None] = [None] * len(lines)
    number = 0
    while number < len(lines):
        state = scan(lines[number], CLOSED)
        below, run = number + 1, []
        # The lines up to the one that leaves no link open (one that closes a link and opens the next goes
        # on), if it comes before a blank line and within MAX_LINES.
        while state != CLOSED and below < len(lines) and below - number <= MAX_LINES and lines[below].strip():
            piece = lines[below].strip()
            run.append("" if state[1] and not state[3] and not piece.startswith(('"', "'")) else " ")
            state = scan(piece, state)
            below += 1
        if state == CLOSED and run:
            spaces[number + 1 : below] = run
            number = below
        else:
            number += 1  # closed on its line, or never: a bracket in prose opens no link
    return join_at(lines, spaces, "lines of a Markdown link broken by the converter,")
