"""Where a finding points in the input as it came, when the rules saw something else.

The text rules see a text dump's lines with spaces tidied (`raw_column`) and some lines joined
(`through_joins`), and an HTML page's extracted text, whose lines are in no file: `check` reports
those findings at the place in the HTML the words come from (`in_source`), found by the words
themselves: in the source they may be parted by markup, entities and line breaks as well as by
spaces and punctuation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from .document import Finding
from .joins import Joined
from .regex_programs import unkept

WORD = re.compile(r"\w+")
# What may stand between two words of the text in the source: tags, comments, entities, other non-word
# characters; possessive, and a comment ends at its first "-->": a search that backtracked into these
# runs took minutes on a page of tables.
BETWEEN = r"(?:<!--(?:[^-]|-(?!->))*-->|<[^>]*>|&#?\w+;|[^\w<&])++"
TRIES = (8, 3)  # words of the text to look for: the first 8, else the first 3 (an entity inside a word)
BODY = re.compile(r"<body\b", re.IGNORECASE)


def locate(source: str, text: str, starts: list[int] | None = None) -> tuple[int, int] | None:
    """The 1-based line and column in `source` where `text`'s first words are (in the page's body
    when they are there), or None when they are not found. `starts`: `line_starts(source)`, when several
    texts are looked for in one source."""
    words = WORD.findall(text)
    if not words:
        return None
    body = BODY.search(source)
    for count in sorted({min(count, len(words)) for count in TRIES}, reverse=True):
        first = re.escape(words[0])
        # The first word's literal leads, so that the search skips to it in C; no word character before it.
        pattern = unkept(first + rf"(?<!\w{first})" + "".join(BETWEEN + re.escape(word) for word in words[1:count]) + r"(?!\w)")
        # The body, then the head: a page's title is in both, and the extractor may take it from the head.
        found = pattern.search(source, body.start()) or pattern.search(source, 0, body.start()) if body else pattern.search(source)
        if found is not None:
            starts = starts if starts is not None else line_starts(source)
            line = bisect_right(starts, found.start())
            return line, found.start() - starts[line - 1] + 1
    return None


def line_starts(source: str) -> list[int]:
    """The offset at which each line of `source` starts."""
    return [0] + [found.end() for found in re.finditer("\n", source)]


ANCHOR = 24  # characters of what a finding is about, to find it by in its line


def raw_column(finding: Finding, lines: Sequence[str]) -> Finding:
    """A finding at column `col` of its line as the rules saw it, at that column in the line as it came:
    the spaces rule (phase 10) shortens runs of spaces and takes off indentation, so later rules' columns
    are of the shorter line. What the finding is about (the matched text of a line dropped, the first
    piece of an edit) is looked for in the line as it came, at or after `col`: the shortening only moves
    text left. A finding whose text is not found stays as it is."""
    if finding.col == 1 or not 0 < finding.line <= len(lines):
        return finding  # a whole line's finding is at its start, whatever its indentation
    line = lines[finding.line - 1]
    about = (finding.text[finding.col - 1 :] if finding.action == "drop" else finding.text)[:ANCHOR].strip()
    if not about or line.startswith(about, finding.col - 1):
        return finding
    # An edit's text is its pieces joined by spaces: the first piece's first word, when all of it is not there.
    for anchor in (about, about.split(" ")[0]):
        found = unkept("[ \t]+".join(map(re.escape, anchor.split(" ")))).search(line, finding.col - 1)
        if found is not None:
            return replace(finding, col=found.start() + 1)
    return finding


def through_joins(joins: list[tuple[str, Joined]], line: int, col: int) -> tuple[int, int]:
    """A place in the text the joins made, in the text before the first of them."""
    for _, joined in reversed(joins):
        line, col = joined.place(line, col)
    return line, col


def clean_line_in_input(finding: Finding, numbers: list[int], joins: list[tuple[str, Joined]]) -> Finding:
    """A check's finding at a line of the clean text (SL004, SL005), at that line's place in a text input."""
    if finding.rule_id not in IN_CLEAN_TEXT or not 0 < finding.line <= len(numbers):
        return finding
    line, col = through_joins(joins, numbers[finding.line - 1], finding.col)
    return replace(finding, line=line, col=col)


IN_EXTRACTED_TEXT = frozenset({"SL009", "SL012"})  # the steps whose findings are at a line of the extracted text
IN_CLEAN_TEXT = frozenset({"SL004", "SL005"})  # the checks whose findings are at a line of the clean text


def in_source(findings: list[Finding], html: str, clean: str, html_rules: set[str]) -> list[Finding]:
    """The findings of an HTML page, each at the place in the page's source that the text it is about
    comes from: those of the text rules and of SL009 (lines of the extracted text)
    and of SL004 and SL005 (lines of the clean text). The html rules' are there already, and one that
    cannot be found is at 1:1: a line of a text that is in no file would point at an unrelated one."""
    starts = line_starts(html)
    lines = clean.split("\n")
    moved = []
    for finding in findings:
        if finding.rule_id in IN_CLEAN_TEXT:
            text = lines[finding.line - 1] if finding.line <= len(lines) else ""
        elif finding.rule_id in IN_EXTRACTED_TEXT or finding.action != "report" and finding.rule_id not in html_rules:
            text = finding.text
        else:
            moved.append(finding)
            continue
        line, col = locate(html, text, starts) or (1, 1)
        moved.append(replace(finding, line=line, col=col))
    return moved
