"""Where a piece of a page's extracted text stands in the page's HTML source.

The text rules see the extractor's text, whose lines are in no file; `check` reports their findings
at the place in the HTML the words come from, found by the words themselves: in the source they may
be parted by markup, entities and line breaks as well as by spaces and punctuation."""

from __future__ import annotations

import re
from bisect import bisect_right

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
        pattern = re.compile(first + rf"(?<!\w{first})" + "".join(BETWEEN + re.escape(word) for word in words[1:count]) + r"(?!\w)")
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
