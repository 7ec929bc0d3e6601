"""Regex searches that look only near the rare characters every match must hold.

ftfy's mojibake patterns match a few characters at most, each match holding a character outside
ASCII (or a rare control character); Python's `re` still tries them at every position of a page,
which on a page of markup costs tens of milliseconds a pattern. A `Sparse` pattern finds those
characters first (skipping stretches that `isascii` clears, a fast C test; and of the characters
outside ASCII, only those the pattern needs: an accented letter or a curly quote alone is none of
ftfy's) and runs the pattern
only in windows around them, with the same results as the pattern over the whole string: every
match lies inside one window, and inside it the pattern sees what it sees in the whole string (it
may look behind, never ahead or at the string's end, which a window's end could cut off).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic

from . import cache
from .text import outside_ascii

MAX_WIDTH = 100  # a pattern with longer matches is searched as it is
STRETCH = 1024  # characters tested at once for holding no anchor
# ASCII characters a pattern may need instead of one outside ASCII: control characters no text is
# made of (ftfy's lossy-sequence pattern matches a lone U+001A, SUBSTITUTE).
RARE_ASCII = frozenset(code for code in range(0x20) if chr(code) not in "\t\n\r\x0b\x0c")
# Characters outside ASCII that ordinary text is full of, besides the letters of every script: spaces,
# quotes, dashes, bullets. A pattern is searched around those of its characters text holds least.
COMMON = frozenset("\xa0\xad©«®°·»–—‘’‚“”„•…™")
OUTSIDE_ASCII = -1  # an anchor that stands for every character outside ASCII
# A string with more than one character in this many outside ASCII is searched stretch by stretch:
# an anchor's str.find and what clusters it cost more than `re` a character.
OUTSIDE_SHARE = 8
MAX_LISTED = 4096  # characters outside ASCII an anchor set lists one by one


class Sparse(Generic[AnyStr]):
    """A compiled pattern every match of which holds an anchor (one of `anchors`: characters outside
    ASCII, or rare control characters, RARE_ASCII) and is at most `width` long, or is a chain of such pieces; search, finditer and sub
    as the pattern's own. `coarse`: search whole stretches that hold an anchor, not around each
    anchor, for a pattern that costs little a character (a character class): on a page with an
    accent in every line, one search a stretch costs less than one an anchor."""

    def __init__(
        self, pattern: re.Pattern[AnyStr], width: int, anchors: frozenset[int], stretch: int = STRETCH, coarse: bool = False
    ) -> None:
        self.pattern, self.width, self.stretch, self.coarse = pattern, width, stretch, coarse
        binary = isinstance(pattern.pattern, bytes)
        self._controls: list[Any] = [bytes([code]) if binary else chr(code) for code in sorted(_ascii(anchors))]
        self._clusters = _clusters(binary, anchors, width)
        # The anchors as characters, when they are listed (a pattern of str): found by str.find instead
        self._listed = None if binary or OUTSIDE_ASCII in anchors else frozenset(map(chr, anchors))

    def __getattr__(self, name: str) -> Any:  # flags, groups, match and the rest: the pattern's own
        return getattr(self.pattern, name)

    def windows(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[tuple[int, int]]:
        """Disjoint spans of `string[pos:endpos]`, in order, that hold every match of the pattern:
        the anchors (found by str.find, or looked for only in stretches that `isascii` does not clear),
        grouped where less than two match widths apart, each widened by a match width less one on either side."""
        end, reach = min(endpos, len(string)), self.width - 1
        window: list[int] = []  # the span being widened
        found = self._found_clusters(string) if pos <= 0 and end == len(string) else None
        for start, stop in self._stretch_clusters(string, max(pos, 0), end) if found is None else found:
            if window and start - reach <= window[1]:
                window[1] = stop + reach
                continue
            if window:
                yield max(window[0], pos), min(window[1], end)
            window = [start - reach, stop + reach]
        if window:
            yield max(window[0], pos), min(window[1], end)

    def _stretch_clusters(self, string: AnyStr, low: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans of the anchors' clusters (or, coarse, of the stretches that hold an anchor) in
        `string[low:end]`, found by `_clusters` in each stretch that `isascii` does not clear."""
        controls = self._controls
        for low in range(low, end, self.stretch):
            high = min(low + self.stretch, end)
            chunk = string[low:high]
            if chunk.isascii() and not (controls and any(control in chunk for control in controls)):
                continue
            if self.coarse:
                yield low, high
            else:
                yield from (found.span() for found in self._clusters.finditer(string, low, high))

    def _found_clusters(self, string: AnyStr, share: int = OUTSIDE_SHARE) -> list[tuple[int, int]] | None:
        """`_stretch_clusters` of the whole string, the anchors found by str.find of each one the string
        holds (its characters outside ASCII, text.outside_ascii, tell which): `re` tests a character
        against the anchors' class in tens of instructions, over every stretch that holds a curly quote.
        None where that is not faster: coarse, anchors not listed, or many characters outside ASCII."""
        if self.coarse or self._listed is None or not isinstance(string, str):
            return None
        outside = outside_ascii(string)
        if len(outside) * share > len(string):
            return None
        positions: list[int] = []
        for char in [*self._listed.intersection(outside), *(control for control in self._controls if control in string)]:
            at = string.find(char)
            while at != -1:
                positions.append(at)
                at = string.find(char, at + 1)
        positions.sort()
        # As _clusters chains them: anchors less than two match widths apart, in one stretch.
        spans: list[tuple[int, int]] = []
        gap, stretch = 2 * self.width - 1, self.stretch
        for at in positions:
            if spans and at - spans[-1][1] <= gap and at // stretch == (spans[-1][1] - 1) // stretch:
                spans[-1] = (spans[-1][0], at + 1)
            else:
                spans.append((at, at + 1))
        return spans

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        for low, high in self.windows(string, pos, endpos):
            found = self.pattern.search(string, low, high)
            if found:
                return found
        return None

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        for low, high in self.windows(string, pos, endpos):
            yield from self.pattern.finditer(string, low, high)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0) -> AnyStr:
        pieces: list[AnyStr] = []
        last = 0
        for number, found in enumerate(self.finditer(string), 1):
            pieces += (string[last : found.start()], repl(found) if callable(repl) else found.expand(repl))
            last = found.end()
            if number == count:
                break
        if not pieces:
            return string
        pieces.append(string[last:])
        return string[:0].join(pieces)


@functools.cache
def _clusters(binary: bool, anchors: frozenset[int], width: int) -> re.Pattern[Any]:
    """Anchors (OUTSIDE_ASCII: any character outside ASCII), with what lies between them where less than two match widths long."""
    ranges: list[list[int]] = []  # the anchors as runs of consecutive code points
    listed = anchors - {OUTSIDE_ASCII} | (set(range(0x80, 0x100)) if OUTSIDE_ASCII in anchors else set())
    for code in sorted(listed):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    escape = (lambda code: f"\\x{code:02x}") if binary else (lambda code: f"\\U{code:08x}")
    if OUTSIDE_ASCII in anchors and not binary:
        ranges.append([0x100, sys.maxunicode])
    anchor = "[" + "".join(escape(low) if low == high else f"{escape(low)}-{escape(high)}" for low, high in ranges) + "]"
    source = f"{anchor}(?:.{{0,{2 * width - 1}}}?{anchor})*"
    return re.compile(source.encode() if binary else source, re.DOTALL)


def sparse(pattern: re.Pattern[AnyStr], coarse: bool = False) -> Sparse[AnyStr] | re.Pattern[AnyStr]:
    """The pattern as a Sparse one where that gives the same results, else the pattern itself. What
    it learns of a pattern not seen before is kept when asked (`SHAPES.save()`)."""
    if pattern.flags & re.IGNORECASE:  # "K" (Kelvin sign) would match an ASCII "k"
        return pattern
    key = (pattern.pattern, pattern.flags)
    shape = SHAPES.get(key, UNKNOWN)
    if shape is UNKNOWN:
        shape = _shape(pattern)
        SHAPES.put(key, shape)
    if shape is None:
        return pattern
    longest, needs = shape
    return Sparse(pattern, longest, frozenset(needs), coarse=coarse)


def _shapes_stamp() -> tuple[int, int, int]:
    """The Python version (whose parser `_shape` reads) and this module."""
    return cache.file_stamp(sys.hexversion, __file__)


# What `_shape` found of each pattern, kept in the user's cache: parsing and studying ftfy's mojibake
# pattern cost a one-file check ~34 M instructions.
SHAPES = cache.Entries(cache.name_for("sparse-shapes", os.path.abspath(__file__)), _shapes_stamp, limit=1000)
UNKNOWN = object()


def _shape(pattern: re.Pattern[AnyStr]) -> tuple[int, tuple[int, ...]] | None:
    """(its longest match, its anchors) of a pattern Sparse can search; else None."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    shortest, longest = parsed.getwidth()
    needs = _anchors(list(parsed)) if _looks_no_further(list(parsed)) else None
    if longest > MAX_WIDTH:
        longest = _piece_width(list(parsed))
    if needs is None or not _ascii(needs) <= RARE_ASCII or shortest < 1 or longest > MAX_WIDTH:
        return None
    return longest, tuple(sorted(needs))


def _piece_width(items: list[Any]) -> int:
    """For a pattern that repeats one short piece (`(?<!x)(?:ab|c)+`: lookbehinds and one repeat of
    at least one), the piece's longest match: each piece holds an anchor, so a match's anchors are
    less than two pieces apart, all in one window of that width. Otherwise the longest match."""
    from re import _constants as sre  # type: ignore[attr-defined]

    consuming = [(op, value) for op, value in items if op not in (sre.ASSERT, sre.ASSERT_NOT, sre.AT)]
    if len(consuming) != 1:
        return sys.maxsize
    op, value = consuming[0]
    if op not in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)) or value[0] < 1:
        return sys.maxsize
    piece = list(value[2])
    shortest, longest = value[2].getwidth()
    needs = _anchors(piece)
    return longest if shortest >= 1 and needs is not None and _ascii(needs) <= RARE_ASCII else sys.maxsize


def _looks_no_further(items: list[Any]) -> bool:
    """Whether matching sees nothing past a match's end: no lookahead, no end or word anchors. (What
    lies before a window's start is still seen: a search from `pos` looks behind it.)"""
    from re import _constants as sre  # type: ignore[attr-defined]

    simple = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)
    for op, value in items:
        if op in simple:
            continue
        if op is sre.BRANCH:
            if not all(_looks_no_further(list(branch)) for branch in value[1]):
                return False
        elif op is sre.SUBPATTERN:
            if not _looks_no_further(list(value[-1])):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
            if not _looks_no_further(list(value[2])):
                return False
        elif op is sre.AT:  # the string's or a line's start looks back; its end and word boundaries ahead
            if value not in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING, sre.AT_BEGINNING_LINE):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if value[0] >= 0 or not _looks_no_further(list(value[1])):  # a lookahead (direction 1)
                return False
        else:
            return False
    return True


def _anchors(items: list[Any]) -> frozenset[int] | None:
    """Characters such that every match of the sequence holds one of them (OUTSIDE_ASCII standing for
    every character outside ASCII); None when no such set is known. Of a sequence's items, the one
    whose characters ordinary text holds least (_rarity)."""
    from re import _constants as sre  # type: ignore[attr-defined]

    best: frozenset[int] | None = None
    for op, value in items:
        needs: frozenset[int] | None = None
        if op is sre.LITERAL:
            needs = frozenset((value,))
        elif op is sre.IN:
            needs = _class_anchors(value)
        elif op is sre.SUBPATTERN:
            needs = _anchors(list(value[-1]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)) and value[0] >= 1:
            needs = _anchors(list(value[2]))
        elif op is sre.BRANCH:
            branches = [_anchors(list(branch)) for branch in value[1]]
            needs = None if any(branch is None for branch in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        if needs is not None and (best is None or _rarity(needs) < _rarity(best)):
            best = needs
    return None if best is None else _widened(best)


def _ascii(anchors: frozenset[int]) -> frozenset[int]:
    return frozenset(code for code in anchors if 0 <= code < 0x80)


def _widened(anchors: frozenset[int]) -> frozenset[int]:
    """The anchors, those outside ASCII replaced by OUTSIDE_ASCII where they are too many to list."""
    if OUTSIDE_ASCII not in anchors and len(anchors) - len(_ascii(anchors)) <= MAX_LISTED:
        return anchors
    return _ascii(anchors) | {OUTSIDE_ASCII}


def _rarity(anchors: frozenset[int]) -> tuple[bool, int, int]:
    """How often ordinary text holds the characters: ASCII it is made of, then letters and COMMON ones."""
    common = sum(1 for code in anchors if code > 0x7F and _common(chr(code)))
    return not _ascii(anchors) <= RARE_ASCII, MAX_LISTED + 1 if OUTSIDE_ASCII in anchors else common, len(anchors)


def _common(char: str) -> bool:
    import unicodedata

    return char in COMMON or unicodedata.category(char).startswith("L")


def _class_anchors(members: list[Any]) -> frozenset[int] | None:
    """The characters a character class matches, when it lists them (no negation, no \\d, \\s, \\w)."""
    from re import _constants as sre  # type: ignore[attr-defined]

    codes: set[int] = set()
    for kind, value in members:
        if kind is sre.LITERAL:
            codes.add(value)
        elif kind is sre.RANGE:
            low, high = value
            codes.update(range(low, min(high, 0x7F) + 1))
            if high >= 0x80:
                wide = high - max(low, 0x80) + 1 > MAX_LISTED
                codes.update({OUTSIDE_ASCII} if wide else range(max(low, 0x80), high + 1))
        else:  # NEGATE, CATEGORY (\\d, \\s, \\w): characters beyond counting
            return None
    return frozenset(codes)
