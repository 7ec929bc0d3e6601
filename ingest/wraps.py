"""Hard-wrapped dumps: the column a converter wrapped a page's text at, and where it broke lines.

Converters such as html2text (78 columns), lynx and w3m (79-80) or fmt (75) break every paragraph
into lines of at most a fixed width. A wrapper breaks a line only when the next word does not fit,
so a line ended by the wrapper is one that the first word of the next line would have made too long;
a line the page itself ended (a menu item, a heading) is usually much shorter than that."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .joins import Joined, join_lines
from .text import LIST_BULLETS, PROSE_WORDS, UNSPACED, code_at_edges, code_inside, lines_in

NARROWEST, WIDEST = 40, 132  # the widths converters wrap at
NEAR = 15  # a line the wrapper ended is within a long word of the width
MIN_JOINTS = 5  # lines the wrapper ended: fewer is not evidence
MARKDOWN_HEADING = re.compile(r"\s*#{1,6} ")
# A line starting with one begins a block of its own: a list item, a heading, a quote, a table, code.
BLOCK_STARTS = (*(f"{bullet} " for bullet in LIST_BULLETS), "# ", "> ", "|", "```")
# A quote's marks, which Markdown and e-mail put before each of its lines ("> ", "> > "): a wrapper
# wraps the quote's text within the width, marks and all.
QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)+")


def wrap_width(texts: Sequence[str]) -> int | None:
    """The width the lines were hard-wrapped at, or None when they were not wrapped.

    The width with the most joints (lines a wrapper at that width would have ended there, followed by
    their continuation), provided most lines that end near it are joints and few lines are wider than
    it though they could have been broken (a wrapper leaves only a word too long to break, or a list
    item or table row, which some converters do not wrap)."""
    size = WIDEST - NARROWEST + 2 * NEAR + 2
    joints, near, wider = [0] * size, [0] * size, [0] * (WIDEST + 1)
    above = ""
    for text in texts:
        text = text.rstrip()
        n = len(text)
        m = len(above)
        # Evidence only where the next line starts with a lower-case letter (or one of a script without
        # case): a list's items and a table of contents' titles start in upper case, prices with a sign.
        if NARROWEST - NEAR < m <= WIDEST and n and " " in above.strip() and _lower(text.lstrip()[0]) and _continues(above, text):
            first = len(text.split(None, 1)[0])
            _add(joints, m, min(NEAR, first + 1))  # widths m .. m+first: the word would not have fitted
        # A line of NARROWEST - NEAR characters or fewer counts toward no width: _wrappable (a regex or two) is not asked.
        if n > NARROWEST - NEAR and " " in text.strip() and _wrappable(text):
            if NARROWEST - NEAR < n <= WIDEST:
                _add(near, n, NEAR)
            wider[min(n, WIDEST + 1) - 1] += 1  # counts toward every width below n
        above = text if text.strip() else ""
    best, best_joints = None, 0
    running_joints = running_near = 0
    wider_than = sum(wider[NARROWEST:])  # lines wider than NARROWEST (with a space)
    for width in range(NARROWEST - NEAR, WIDEST + 1):
        running_joints += joints[width - NARROWEST + NEAR]
        running_near += near[width - NARROWEST + NEAR]
        if width < NARROWEST:
            continue
        if width > NARROWEST:
            wider_than -= wider[width - 1]
        if (
            running_joints >= max(MIN_JOINTS, best_joints + 1)
            and 2 * running_joints >= running_near
            and running_joints >= 2 * wider_than
        ):
            best, best_joints = width, running_joints
    return best


def _add(counts: list[int], start: int, length: int) -> None:
    """Count one at widths start .. start+length-1 (a difference array, offset to NARROWEST - NEAR)."""
    counts[start - NARROWEST + NEAR] += 1
    counts[start - NARROWEST + NEAR + length] -= 1


# Bounds on what wrap_width counts, found by regex (in C): most dumps are told apart by them alone.
# A line as long as a wrapped one, followed by one that may go on its paragraph: the evidence wrap_width
# counts at each width holds only such pairs (a next line starting with a capital, a digit or a price does not).
# Lengths are of a line without the whitespace after its text (as wrap_width takes them): a line of
# n characters ends in a non-space at n, any whitespace (spaces a layout pads with, a no-break space) after.
FOLLOWED = re.compile(r"^[^\n]{%d,%d}\S[^\S\n]*\n(?=[^\S\n]*[^\sA-Z0-9$€£])" % (NARROWEST - NEAR, WIDEST - 1), re.MULTILINE)
LONG = re.compile(r"^[^\S\n]*[^\W\d_][^\n]{%d,}$" % WIDEST, re.MULTILINE)  # wider than any wrap, starting with a letter


def unwrap(text: str) -> Joined | None:
    """The text with each hard-wrapped paragraph on one line, or None when it was not wrapped."""
    lines = lines_in(text)
    if ruled_out(lines):
        return None
    width = wrap_width(lines)
    if width is None:
        return None

    def joint(above: str, below: str) -> str | None:
        return _space(above.rstrip(), below[_quote_end(below) :].strip()) if is_joint(above, below, width) else None

    return join_lines(lines, joint, f"lines hard-wrapped at {width} columns", _quote_end)


def ruled_out(lines: Sequence[str]) -> bool:
    """Whether the regex bounds alone show that `wrap_width` would find no width (`lines`: the text
    split at its line breaks)."""
    joints = followed(lines)  # at least the evidence at any width
    if joints < MIN_JOINTS:
        return True  # a block a line with a blank line between (or few lines): nothing was wrapped
    long = 0
    for text in lines:
        if len(text) <= WIDEST or not LONG.match(text):
            continue
        line = text.rstrip()
        long += len(line) > WIDEST and " " in line.strip() and _wrappable(line)
        if 2 * long > joints:
            return True  # more paragraphs on a line of their own than a wrapped text could have
    return False


SHORTEST, LONGEST = NARROWEST - NEAR + 1, WIDEST  # the lengths FOLLOWED takes, whitespace after the text left out
NOT_GOING_ON = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$€£")  # and whitespace: FOLLOWED's next line does not start so


def followed(lines: Sequence[str]) -> int:
    """The matches of FOLLOWED in the text of `lines`, counted from their lengths: the regex tries every
    position of the text for its ^ (the longer lines cost it more), about ten times slower than this."""
    count = 0
    for above, below in zip(lines, lines[1:]):
        # Most lines are shorter than SHORTEST as they are: only the others are stripped to be measured.
        if len(above) >= SHORTEST and SHORTEST <= len(above.rstrip()) <= LONGEST:
            start = below.lstrip()[:1]
            count += bool(start) and start not in NOT_GOING_ON
    return count


def is_joint(above: str, below: str, width: int) -> bool:
    """Whether the wrapper broke the line between `above` and `below`: the first word of `below` would
    not have fitted on `above`."""
    above = above.rstrip()
    if " " not in above.strip() and UNSPACED.search(above):  # a script written without spaces is not wrapped at them
        return False
    if len(above) + 1 + len(below.strip()) <= width:  # the whole of `below` would have fitted, its first word too
        return False
    return _continues(above, below) and len(above) + 1 + len(below[_quote_end(below) :].split(None, 1)[0]) > width


# A line is asked about up to five times (as a line, as each of a pair, in wrap_width and join_lines):
# the answers are kept for lines of up to KEPT_CHARS, across documents; a longer line (wider than
# any wrap) is worked out each time, so that the kept texts stay small.
KEPT_CHARS = 2 * WIDEST


def _continues(above: str, below: str) -> bool:
    """`_continues_of`, kept for short lines."""
    if len(above) > KEPT_CHARS or len(below) > KEPT_CHARS:
        return _continues_of(above, below)
    return _kept_continues(above, below)


def _code(text: str) -> bool:
    """`_code_of`, kept for short lines."""
    return _code_of(text) if len(text) > KEPT_CHARS else _kept_code(text)


def _continues_of(above: str, below: str) -> bool:
    """Whether `below` may go on the paragraph of `above`, whatever the width: both hold text, `below`
    starts no block of its own (a list item, a heading, a quote, a table row), neither is code, and
    `below` starts where the text of `above` does (a wrapped list item goes on under its text). A
    line of a quote goes on a line of the same quote: the two are compared without their marks."""
    if marks := _quote_end(below):
        above_marks = _quote_end(above)
        if below[:marks].count(">") != above[:above_marks].count(">"):
            return False
        above, below = above[above_marks:], below[marks:]
    start = below.lstrip()
    if not above.strip() or not start or start.startswith(BLOCK_STARTS) or _numbered(start) or start.startswith("#") and MARKDOWN_HEADING.match(start):
        return False
    if _columns(above) or _columns(start):
        return False
    indent, text = len(below) - len(start), above.lstrip()
    if indent != len(above) - len(text):
        marker = len(text) - len(text[1:].lstrip()) if text.startswith(BLOCK_STARTS) else 0
        if not marker or indent != len(above) - len(text) + marker:
            return False
    return not _code(above) and not _code(below)


def _quote_end(text: str) -> int:
    """Where the text of a line of a quote starts, after its marks; 0 for a line of no quote."""
    marks = QUOTE_MARKS.match(text) if ">" in text else None  # `in` first: few lines hold one
    return marks.end() if marks else 0


def _space(above: str, below: str) -> str:
    """What goes between two wrapped pieces joined into one line: a space, or nothing after a word the
    wrapper broke after its hyphen, which is whole again."""
    return "" if above.endswith("-") and above[-2:-1].isalpha() and below[:1].isalpha() else " "


def _wrappable(text: str) -> bool:
    """A line a converter would have wrapped: not a list item or table row (html2text leaves them whole)
    nor a line of code."""
    stripped = text.lstrip()
    return not (stripped.startswith(BLOCK_STARTS) or _numbered(stripped) or " | " in text or _code(text))


def _lower(char: str) -> bool:
    """A lower-case letter, one of a script without case, or Markdown that starts a word ("[link](...)")."""
    return char.isalpha() and not char.isupper() or char in "[(*_`'\""


def _columns(text: str) -> bool:
    """A row of a table: cells parted by bars, or by runs of spaces or tabs (a table laid out in columns)."""
    inner = text.strip()
    return text.count("|") >= 2 or "   " in inner or "\t" in inner or not text.strip(" -|:")


PLAIN_SHARE = 0.75  # a line of PROSE_WORDS tokens or more, most of them plain words, is prose that names code
PLAIN_WORD = re.compile(r"[\"'(“‘]?[^\W\d_][\w'’-]*[.,;:!?)\"'”’]*")
CODE_ENDS = frozenset("{};")  # not text.CODE_END's comma or opening bracket, where wrapped prose may break


def _code_of(text: str) -> bool:
    """A line of program code; a Markdown heading ("## Title") is not a comment, nor is a line of prose
    that names a call ("the output of asyncio.sleep(0) is as expected"). Unlike text.is_code, a
    counted label ("Recipes(53)") is code here: a line of its own, never a wrapped paragraph's."""
    if "#" in text and MARKDOWN_HEADING.match(text):
        return False
    if code_at_edges(text, CODE_ENDS):
        return True
    if not code_inside(text):
        return False
    tokens = text.split()
    return len(tokens) < PROSE_WORDS or sum(PLAIN_WORD.fullmatch(token) is not None for token in tokens) < PLAIN_SHARE * len(tokens)


_kept_continues = lru_cache(maxsize=4096)(_continues_of)
_kept_code = lru_cache(maxsize=4096)(_code_of)


def _numbered(text: str) -> bool:
    """A numbered list item ("1. ", "12) ")."""
    digits = len(text) - len(text.lstrip("0123456789"))
    return 0 < digits <= 3 and text[digits : digits + 2] in (". ", ") ")
