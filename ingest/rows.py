"""Markdown dumps: a line that holds several items of the page, split into a line per item before the rules.

A page-to-Markdown converter writes the inline links of a menu or a row of teasers on one line
("[Read more from this author](/a) | [Follow @writer](https://x.example/w)"), and a card whose whole
box is a link (image, title, teaser, time) as one link whose text runs the card's blocks together,
two spaces apart ("[ ![](a.jpg) Title  Teaser  2H ago ](/story)"). A dump of blocks has each of them
on a line of its own, and the rules judge them so: a line of a menu's items or of a run of cards is
not prose. A line split here is nothing but links, with at most separators ("|", "·", "/") and
images between them; a link's text is split into its blocks where two spaces or more part them, and
its target and images are left out, as the Markdown rule (SL104) would leave them. A sentence with a
link in it is never split."""

from __future__ import annotations

import re

from .joins import Joined, split_at
from .kinds.markup import MD_ANY_IMAGE, MD_ANY_LINK
from .links import is_markdown
from .text import LIST_BULLETS, lines_in

BETWEEN = re.compile(r"[\s|·•/,;:–—-]*")  # what may stand between the links of a row
BLOCK_GAP = re.compile(r"\s{2,}")  # what parts the blocks of a card in its link's text
BULLET = re.compile(rf"\s*[{LIST_BULLETS}]\s+")
WORD = re.compile(r"\w")


def split_rows(text: str, markdown: bool | None = None) -> Joined | None:
    """The text with each line of several links, or of a link around several blocks, split into a line
    per link or block; None when it is not Markdown or no line is. `markdown`: is_markdown(text), when
    the caller asked it already."""
    if not (is_markdown(text) if markdown is None else markdown):
        return None
    lines = lines_in(text)
    parts: dict[int, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        if "](" in line or "][" in line:
            spans = items(line)
            if spans is not None:
                parts[index] = spans
    return split_at(lines, parts, "links or blocks of one line")


def items(line: str) -> list[tuple[int, int]] | None:
    """The spans (start, end) of the items of a line that is nothing but links (and separators and images
    between them), two or more of them, or a link around two or more blocks; else None."""
    masked = MD_ANY_IMAGE.sub(_blank, line)  # an image is no link, and may stand between them; offsets stay
    start = BULLET.match(masked)
    links = list(MD_ANY_LINK.finditer(masked, start.end() if start else 0))
    if not links:
        return None
    gaps = [masked[start.end() if start else 0 : links[0].start()], *(masked[a.end() : b.start()] for a, b in zip(links, links[1:])), masked[links[-1].end() :]]
    if not all(map(BETWEEN.fullmatch, gaps)):
        return None  # a sentence with links in it
    spans = [span for link in links for span in blocks(link) or [link.span()]]
    return spans if len(spans) >= 2 else None


def blocks(link: re.Match[str]) -> list[tuple[int, int]] | None:
    """The spans of the blocks of a link's text, when there are two or more (its images blanked out)."""
    text = link.group(1)
    offset = link.start(1)
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for gap in [*BLOCK_GAP.finditer(text, start), None]:
        end = gap.start() if gap is not None else len(text.rstrip())
        if end > start and WORD.search(text, start, end):
            spans.append((offset + start, offset + end))
        if gap is not None:
            start = gap.end()
    return spans if len(spans) >= 2 else None


def _blank(image: re.Match[str]) -> str:
    return " " * len(image.group(0))
