"""The plain data passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import is_, itemgetter
from typing import Any, Literal, NamedTuple

from .text import fold, folds, line_words, lines_in, words

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SERIALS = count(1)  # Line.serial; next() on it is atomic, so threads share it safely


class _LineFields(NamedTuple):
    no: int
    text: str
    # Its word count: every rule's position guard asks, so it is counted once, when the line is made.
    words: int
    # When it was made, in the order of all lines made: the engine shows a rule only lines made
    # after it last ran (engine.py), so each line made gets a larger number than the ones before.
    serial: int


class Line(_LineFields):
    """One line of a document; `no` is its 1-based number in the decoded input. Two lines are equal
    when their numbers and texts are.

    A tuple read by field name, so that lines_of makes a document's lines in C (an object made
    per line in Python was most of the time of splitting a text into lines); immutable, as lines
    are shared between the lists the rules make."""

    # No __dict__ (nor weak references): a smaller object, made, traversed by the collector and freed
    # faster, and a document has hundreds of lines.
    __slots__ = ()

    def __new__(cls, no: int, text: str) -> Line:
        return tuple.__new__(cls, (no, text, words(text), next(SERIALS)))

    # Not equal to a tuple of the same fields (a tuple would answer for it when left to).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and self[:2] == other[:2]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:2])

    def __repr__(self) -> str:
        return f"Line(no={self.no!r}, text={self.text!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Line, (self.no, self.text))

    # The named tuple's own _replace and _make skip __new__: a line made by them would keep
    # another text's word count and serial. Here they make a new line; words and serial are not given.
    def _replace(self, **fields: Any) -> Line:
        return Line(fields.pop("no", self.no), fields.pop("text", self.text), **fields)

    @classmethod
    def _make(cls, fields: Any) -> Line:
        no, text, *_ = fields
        return cls(no, text)

    @property
    def folded(self) -> str:
        """Its lower-case words (text.fold), kept by text (FOLDED): both duplicate rules ask, in every pass."""
        folded = FOLDED.get(self.text)
        if folded is None:
            folded = _keep_folded([self.text], [fold(self.text)])[0]
        return folded


# A line's number, text and word count by position: itemgetter reads a tuple's item in C, where attrgetter
# goes through the named field's descriptor (about 1.7 times as long, over every line of every list).
NO = itemgetter(0)
TEXT = itemgetter(1)
WORDS = itemgetter(2)


# The fold of each line text of the document being cleaned (engine.run_rules empties it for each),
# so that a line is folded once, not once per rule and pass. Keyed by text, the fold's only input,
# so that the lines are looked up in C. Threads cleaning other documents at the same time only make
# a line be folded again.
FOLDED: dict[str, str] = {}
MAX_FOLDED = 100_000  # texts: past this the dict starts again (a huge document)
# The spaces of each fold (str.count), by fold, for the document being cleaned (emptied with FOLDED, bounded
# on its own: kinds/duplicate.py): both duplicate rules ask of the same lines, pass after pass, and a
# lookup reads the fold's cached hash where counting reads it all.
FOLD_SPACES: dict[str, int] = {}


def _keep_folded(texts: list[str], folded: list[str]) -> list[str]:
    if len(FOLDED) + len(texts) > MAX_FOLDED:
        FOLDED.clear()
    FOLDED.update(zip(texts, folded))
    return folded


def folded_lines(lines: list[Line]) -> list[str]:
    """Each line's `folded`; those not known yet are worked out together, in one pass over their
    joined text (lower-cased, its words joined by one space: text.folds) instead of a
    `fold` call per line: the same words, since lower() reads no further than a line break."""
    if not lines:  # "\n".join of no lines is one empty line: no lines, no folds
        return []
    texts = list(map(TEXT, lines))
    try:  # every line known, as for most rules after a document's first: one lookup each, in C
        return list(itemgetter(*texts)(FOLDED)) if len(texts) > 1 else [FOLDED[texts[0]]]
    except KeyError:
        pass
    known = list(map(FOLDED.get, texts))
    missing = list(compress(range(len(texts)), map(is_, known, repeat(None))))
    if 2 * len(missing) > len(texts):  # a new document (a blank line or so known): every line, in one pass
        return _keep_folded(texts, folds("\n".join(texts)))
    unknown = [texts[index] for index in missing]
    for index, folded in zip(missing, _keep_folded(unknown, folds("\n".join(unknown)))):
        known[index] = folded
    return known  # type: ignore[return-value]


def lines_of(text: str) -> list[Line]:
    """The text's lines, numbered from 1: the same as Line(n, text) for each, made in C several times
    faster (a text dump has hundreds of lines), with one serial for them all."""
    texts = lines_in(text)
    fields = zip(range(1, len(texts) + 1), texts, line_words(text), repeat(next(SERIALS)))
    return list(map(tuple.__new__, repeat(Line), fields))


@dataclass(frozen=True)
class Finding:
    """What a rule (or a validation check) found in one place of a document."""

    rule_id: str
    rule_name: str
    severity: Severity
    line: int
    col: int
    action: str  # "drop" (line removed), "edit" (part of a line changed), "move" (to the record), "report"
    message: str
    text: str = ""  # the text removed or changed


@dataclass
class Document:
    """A decoded document on its way through the rules."""

    source: str
    text: str
    format: Literal["text", "html"] = "text"
    encoding: str = "utf-8"
    confidence: float = 1.0
    metadata: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[Line]:
        return lines_of(self.text)
