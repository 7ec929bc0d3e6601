"""Put back the lone blocks the extractor dropped from inside the main text.

A block of the page's text that sits alone between two blocks the extractor kept, in the page's
order, belongs to the document more often than to its furniture: a subheading, a short paragraph
or a list item the extractor skipped (measured on the dev set: recall up on articles and on mixed
pages, precision hardly down). Runs of two or more dropped blocks are left out: they are menus,
share rows and related links as often as not. The text rules then clean the result as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .text import block_words

MIN_WORDS = 4  # a shorter lone block is a label or a button ("Advertisement", "Read more")
# A shorter block found inside an extracted line may be there by chance ("Mac" in "MacBook").
SURE_WORDS = 4
# Characters scanned looking for page lines inside extracted lines; beyond it whole lines must
# match (the extractor joins some blocks, e.g. a table row's cells, into one line).
SEARCH_LIMIT = 50_000_000


class Kept:
    """An extracted text's lines as the blocks are looked for in them, and what they are looked up
    in: made once for both `covered` and `put_back` when the text is the same."""

    def __init__(self, extracted: str) -> None:
        self.text = extracted
        self.found: dict[str, bool] = {}  # by block: whether `unspaced` holds it (holds_unspaced)

    @functools.cached_property
    def lines(self) -> list[str]:
        return normalised(self.text)

    @functools.cached_property
    def exact(self) -> set[str]:
        return set(self.lines)

    @functools.cached_property
    def unspaced(self) -> str:
        # Inside a line, or across lines the extractor broke a block's inline pieces onto ("(",
        # "example.org", ")"): one search without the spaces finds both.
        return "".join("".join(self.lines).split())

    def holds_unspaced(self, block: str) -> bool:
        """Whether the text without its spaces holds the block without its spaces: asked once a
        block, though `covered` and `put_back` both ask of the page's lines (a search of the text)."""
        found = self.found.get(block)
        if found is None:
            found = self.found[block] = "".join(block.split()) in self.unspaced
        return found


def covered(extracted: str, blocks: list[str], inside_words: int = 0, kept: Kept | None = None) -> list[bool]:
    """Whether the extracted text holds each block (spaces normalised): as one of its lines, or,
    for a block of at least `inside_words` words, inside one (as far as SEARCH_LIMIT allows).
    `kept`: the text's Kept, when made already (another text's is not used)."""
    kept = kept if kept is not None and kept.text == extracted else Kept(extracted)
    return _held(kept, blocks, inside_words, _searchable(kept.lines, blocks))


def put_back(extracted: str, page: str, kept: Kept | None = None, spaced: bool = False) -> tuple[str, list[tuple[int, str]]]:
    """`extracted` with each lone page line between two extracted ones inserted in place, and the
    line number in it of each block put back, with the block. `kept`: as for `covered`; `spaced`:
    the page's lines have their spaces normalised already (pagetext.page_text's have)."""
    lines = extracted.split("\n")
    kept = kept if kept is not None and kept.text == extracted else Kept(extracted)
    if spaced:
        blocks = [line for line in page.split("\n") if line]
    else:
        blocks = [block for block in (" ".join(line.split()) for line in page.split("\n")) if block]
    search = _searchable(kept.lines, blocks)

    def holds(line: str, block: str) -> bool:
        return line == block or (search and block in line)

    holds_block = _holder(kept, 0, search)
    answers: dict[int, bool] = {}  # by block: only the blocks around a long gap are looked for

    def held(at: int) -> bool:
        if at not in answers:
            answers[at] = holds_block(blocks[at])
        return answers[at]

    inserts: dict[int, list[str]] = {}
    cursor = 0
    normal = kept.lines
    for at in range(1, len(blocks) - 1):
        before, gap, after = blocks[at - 1], blocks[at], blocks[at + 1]
        if block_words(gap) < MIN_WORDS or not (held(at - 1) and held(at + 1)) or held(at):
            continue
        for index in range(cursor, len(normal)):
            if holds(normal[index], after):
                if not holds(normal[index], before):  # both in one extracted line: the gap was left out inside it
                    inserts.setdefault(index, []).append(gap)
                    cursor = index
                break
    if not inserts:
        return extracted, []
    return inserted(lines, inserts)


def inserted(lines: list[str], inserts: dict[int, list[str]], after: list[str] | None = None) -> tuple[str, list[tuple[int, str]]]:
    """The `lines` with each list of `inserts` before the line at its index and `after` at the end,
    joined; and the line number in the result of each line put in, with the line."""
    out: list[str] = []
    put: list[tuple[int, str]] = []

    def put_in(blocks: list[str]) -> None:
        for block in blocks:
            out.append(block)
            put.append((len(out), block))

    for index, line in enumerate(lines):
        put_in(inserts.get(index, []))
        out.append(line)
    put_in(after or [])
    return "\n".join(out), put


def normalised(extracted: str) -> list[str]:
    # The extractor writes a table row as one line of cells and escapes a "|" inside a cell.
    return [" ".join(line.split()) for line in extracted.replace("\\|", "|").split("\n")]


def _searchable(kept: list[str], blocks: list[str]) -> bool:
    """Whether looking for each block inside the kept lines stays within SEARCH_LIMIT."""
    return (sum(map(len, kept)) + len(kept) - 1) * len(blocks) <= SEARCH_LIMIT


def _held(kept: Kept, blocks: list[str], inside_words: int, search: bool) -> list[bool]:
    return list(map(_holder(kept, inside_words, search), blocks))


def _holder(kept: Kept, inside_words: int, search: bool) -> Callable[[str], bool]:
    """Whether the kept lines hold a block (covered)."""
    exact, holds_unspaced = kept.exact, kept.holds_unspaced
    return lambda block: block in exact or (search and block_words(block) >= inside_words and holds_unspaced(block))
