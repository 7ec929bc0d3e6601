"""Dumps with a line per text node: sentences broken at every link, joined again before the rules.

A scraper that writes each text node of a page on a line of its own (BeautifulSoup's
`get_text("\\n", strip=True)`, the commonest) breaks a sentence wherever a link, an emphasis or a
piece of inline code stands in it: "see the" / "user guide" / "." The line rules then take the
short pieces for a menu. Such a dump is told by lines that start with the punctuation that ends a
sentence or a clause, which no page starts a block with; in it, a line is joined to the one above
when it goes on that line's sentence."""

from __future__ import annotations

import re
from typing import NamedTuple

from .wraps import place

# A line that starts with what only follows a word ("." "," ")" "'s"): at least this many, and this
# share of the lines, tell a dump of text nodes from a dump of blocks.
CLOSING = re.compile(r"\n[ \t]*(?:[.,;:!?)\]}%](?!\.\.)|['’]s\b)")
MIN_CLOSING, MIN_SHARE = 3, 0.01
GOES_ON = re.compile(r"(?:[.,;:!?)\]}%](?!\.\.)|['’]s\b)")  # joined with no space
TERMINAL = tuple('.!?:;"”’…|')  # a line ending so ended its sentence (a bracket closes a piece of one)
OPENING = ("(", "[", "“")  # a line ending so goes on with the next, with no space; one starting so, after a space
# A line ending in one of these words goes on, whatever the case of the next line's start ("see the" / "User guide").
FUNCTION_WORDS = frozenset(
    "the a an of to in on at by for with and or see from as is are was were via into than that this your our their its".split()
)


class Rejoined(NamedTuple):
    """A dump of text nodes with its broken sentences joined, and where each piece came from."""

    text: str
    # per line of `text`: (offset in that line, input line number, offset of the piece in its input line)
    pieces: list[list[tuple[int, int, int]]]
    joined: list[tuple[int, int]]  # (input line number, pieces) of each sentence joined

    def place(self, line: int, col: int) -> tuple[int, int]:
        """The input line and column of line `line`, column `col` (both 1-based) of the joined text."""
        return place(self.pieces, line, col)


def is_node_dump(text: str) -> bool:
    """Whether the text reads as a line per text node: enough lines start with closing punctuation."""
    closing = len(CLOSING.findall(text))
    return closing >= MIN_CLOSING and closing >= MIN_SHARE * text.count("\n")


def rejoin(text: str) -> Rejoined | None:
    """The text with each broken sentence on one line, or None when it is not a dump of text nodes
    or nothing goes on the line above."""
    if not is_node_dump(text):
        return None
    out: list[list[str]] = []  # the parts of each line of the joined text, joined once at the end
    size = 0  # the length of the last line of `out` so far
    pieces: list[list[tuple[int, int, int]]] = []
    joined: list[tuple[int, int]] = []
    above = ""  # the last line of `out` so far, as far as its end matters
    for number, line in enumerate(text.split("\n"), 1):
        piece = line.strip()
        space = _joint(above, piece) if out else None
        if space is not None:
            pieces[-1].append((size + len(space), number, len(line) - len(line.lstrip())))
            out[-1] += (space, piece)
            size += len(space) + len(piece)
            above = piece
            continue
        if pieces and len(pieces[-1]) > 1:
            joined.append((pieces[-1][0][1], len(pieces[-1])))
        out.append([line])
        size, above = len(line), piece
        pieces.append([(0, number, 0)])
    if pieces and len(pieces[-1]) > 1:
        joined.append((pieces[-1][0][1], len(pieces[-1])))
    return Rejoined("\n".join(map("".join, out)), pieces, joined) if joined else None


def _joint(above: str, below: str) -> str | None:
    """What joins `below` to the line ending in `above` ("" or " "), or None when it starts a line."""
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
