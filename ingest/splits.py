"""Dumps with a line per text node: sentences broken at every link, joined again before the rules.

A scraper that writes each text node of a page on a line of its own (BeautifulSoup's
`get_text("\\n", strip=True)`, the commonest) breaks a sentence wherever a link, an emphasis or a
piece of inline code stands in it: "see the" / "user guide" / "." The line rules then take the
short pieces for a menu. Such a dump is told by lines that start with the punctuation that ends a
sentence or a clause, which no page starts a block with; in it, a line is joined to the one above
when it goes on that line's sentence."""

from __future__ import annotations

import re

from .joins import Joined, join_lines
from .text import lines_in

# A line that starts with what only follows a word ("." "," ")" "'s"): at least this many, and this
# share of the lines, tell a dump of text nodes from a dump of blocks.
CLOSES = r"(?:[.,;:!?)\]}%](?!\.\.)|['’]s\b)"
CLOSING = re.compile(r"\n[ \t]*" + CLOSES)
MIN_CLOSING, MIN_SHARE = 3, 0.01
GOES_ON = re.compile(CLOSES)  # a line starting so is joined with no space
TERMINAL = tuple('.!?:;"”’…|')  # a line ending so ended its sentence (a bracket closes a piece of one)
OPENING = ("(", "[", "“")  # a line ending so goes on with the next, with no space; one starting so, after a space
# A line ending in one of these words goes on, whatever the case of the next line's start ("see the" / "User guide").
FUNCTION_WORDS = frozenset(
    "the a an of to in on at by for with and or see from as is are was were via into than that this your our their its".split()
)


def is_node_dump(text: str) -> bool:
    """Whether the text reads as a line per text node: enough lines start with closing punctuation."""
    closing = len(CLOSING.findall(text))
    return closing >= MIN_CLOSING and closing >= MIN_SHARE * text.count("\n")


def rejoin(text: str) -> Joined | None:
    """The text with each broken sentence on one line, or None when it is not a dump of text nodes
    or nothing goes on the line above."""
    if not is_node_dump(text):
        return None
    return join_lines(lines_in(text), _joint, "lines of one sentence, broken at its links,")


def _joint(above: str, below: str) -> str | None:
    """What joins the line `below` to the line `above` ("" or " "), or None when it starts a line."""
    above, below = above.strip(), below.strip()
    if not above or not below:
        return None
    if GOES_ON.match(below) or above.endswith(OPENING):
        return ""
    if above.endswith(TERMINAL):
        return None
    last = above.rsplit(None, 1)[-1].lower()
    if below[0].islower() or below.startswith(OPENING) or last in FUNCTION_WORDS and below[0].isalnum():
        return " "
    return None
