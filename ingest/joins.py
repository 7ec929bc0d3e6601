"""Lines of a text dump joined before the rules (a hard-wrapped paragraph, a sentence broken at its
links) or split (a row of links), and the way back from a place in the new text to the input's line
and column."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import compress, islice, repeat
from operator import is_not
from typing import NamedTuple

Pieces = list[list[tuple[int, int, int]]]


class Joined(NamedTuple):  # not a dataclass: making one costs a one-file check more than a millisecond
    """A text with some of its lines joined, and where each piece came from."""

    text: str
    # per line of `text`, the pieces joined into it: (offset in that line, input line number, offset
    # of the piece's text in its input line), so that a place in the joined text maps back to the input
    pieces: Pieces
    joined: list[tuple[int, int]]  # (input line number, pieces) of each run of lines joined
    what: str  # the lines each run was made of, for its finding ("lines hard-wrapped at 76 columns")
    made: str = "joined into one"  # what was made of them, for the finding

    def place(self, line: int, col: int) -> tuple[int, int]:
        """The input line and column of line `line`, column `col` (both 1-based) of the joined text."""
        joined = self.pieces[line - 1] if 0 < line <= len(self.pieces) else [(0, line, 0)]
        offset, number, indent = joined[max(0, bisect_right([start for start, _, _ in joined], col - 1) - 1)]
        return number, col - offset + indent


def join_lines(lines: Sequence[str], joint: Callable[[str, str], str | None], what: str, start: Callable[[str], int] | None = None) -> Joined | None:
    """The lines with each one that `joint` says goes on the line above (given that line and it, as
    they came) joined to it, stripped, after what `joint` gives back ("" or " "); None when none does.
    `start` gives where a joined line's text starts (after a quote's marks); else at its first character."""
    return join_at(lines, [None, *map(joint, lines, lines[1:])], what, start)


def join_at(lines: Sequence[str], spaces: Sequence[str | None], what: str, start: Callable[[str], int] | None = None) -> Joined | None:
    """The lines with each one whose entry in `spaces` is not None joined to the line above, stripped,
    after that entry ("" or " "), from `start` of it on (see join_lines); None when none is."""
    # The lines that go on the one above, found in C: a few of a dump's; only they and their runs' first
    # lines are worked on in Python (the first line goes on none).
    going_on = list(compress(range(1, len(lines)), map(is_not, islice(spaces, 1, None), repeat(None))))
    if not going_on:
        return None
    texts, kept = list(lines), [True] * len(lines)
    pieces: Pieces = [[(0, number, 0)] for number in range(1, len(lines) + 1)]
    joined: list[tuple[int, int]] = []
    head, last, size = -1, -1, 0  # the first line of the run being joined, its last line so far, its length
    parts: list[str] = []  # the run's line as the parts it is made of, joined once at its end
    for index in going_on:
        if index - 1 != last:  # a new run, from the line above
            if parts:
                texts[head] = "".join(parts)
                joined.append((head + 1, len(pieces[head])))
            head = index - 1
            parts, size = [lines[head]], len(lines[head])
        line, space = lines[index], spaces[index]
        rest = line[start(line) :] if start else line
        piece = rest.strip()
        pieces[head].append((size + len(space), index + 1, len(line) - len(rest.lstrip())))  # type: ignore[arg-type]
        parts += (space, piece)  # type: ignore[arg-type]
        size += len(space) + len(piece)  # type: ignore[arg-type]
        kept[index], last = False, index
    texts[head] = "".join(parts)
    joined.append((head + 1, len(pieces[head])))
    return Joined("\n".join(compress(texts, kept)), list(compress(pieces, kept)), joined, what)


def split_at(lines: Sequence[str], parts: dict[int, list[tuple[int, int]]], what: str) -> Joined | None:
    """The lines with each one that `parts` names (by index) split into the spans it gives (start, end),
    a line each; None when none is."""
    if not parts:
        return None
    out: list[str] = []
    pieces: Pieces = []
    split: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        spans = parts.get(number - 1)
        if not spans:
            out.append(line)
            pieces.append([(0, number, 0)])
            continue
        split.append((number, len(spans)))
        for start, end in spans:
            out.append(line[start:end])
            pieces.append([(0, number, start)])
    return Joined("\n".join(out), pieces, split, what, "put on a line each")
