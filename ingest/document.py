"""The plain data passed between pipeline stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count
from typing import Literal

from .text import MAX_OUTSIDE_ASCII, UNSPACED, fold, word_shape, words

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SERIALS = count(1)  # Line.serial; next() on it is atomic, so threads share it safely


@dataclass(frozen=True)
class Line:
    """One line of a document; `no` is its 1-based number in the decoded input."""

    no: int
    text: str
    # Its word count: every rule's position guard asks, so it is counted once, when the line is made.
    words: int = field(init=False, repr=False, compare=False)
    # When it was made, in the order of all lines made: the engine shows a rule only lines made
    # after it last ran (engine.py), so each line made gets a larger number than the ones before.
    serial: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", words(self.text))
        object.__setattr__(self, "serial", next(SERIALS))

    @property
    def folded(self) -> str:
        """Its lower-case words (text.fold), kept: both duplicate rules ask, in every pass."""
        cached: str | None = self.__dict__.get("_folded")
        if cached is None:
            cached = self.__dict__["_folded"] = fold(self.text)
        return cached


NOT_WORDS = re.compile(r"[^\w\n]+")


def folded_lines(lines: list[Line]) -> list[str]:
    """Each line's `folded`; those not known yet are worked out together, by one regex pass over
    their joined text (lower-cased, every run of other characters one space) instead of a `fold`
    call per line: the same words, since lower() reads no further than a line break."""
    missing = [line for line in lines if "_folded" not in line.__dict__]
    if missing:
        for line, folded in zip(missing, _fold_lines("\n".join(line.text for line in missing).lower())):
            line.__dict__["_folded"] = folded
    return [line.__dict__["_folded"] for line in lines]


OUTSIDE_ASCII = re.compile(r"[^\x00-\x7f]")
# An ASCII byte of lower-cased text: a word character (str.isalnum, or "_") and the line break stay,
# anything else becomes a space; bytes outside ASCII (parts of word characters, below) stay.
FOLD_BYTES = bytes(c if chr(c).isalnum() or c in (0x5F, 0x0A) else 0x20 for c in range(128)) + bytes(range(128, 256))


def _fold_lines(lowered: str) -> list[str]:
    """Each line of the lower-cased text with every run of characters other than word characters one
    space, and none at the ends: NOT_WORDS.sub(" ") and strip(" "). Done in C: the few distinct
    characters outside ASCII that are not word characters become spaces (str.replace each), then
    the UTF-8 bytes go through FOLD_BYTES and each line is split on spaces and joined again, about
    twice as fast as the regex; a text with more of those characters than MAX_OUTSIDE_ASCII takes the regex."""
    outside = [char for char in set(OUTSIDE_ASCII.findall(lowered)) if not char.isalnum()]
    if len(outside) > MAX_OUTSIDE_ASCII:
        return [folded.strip(" ") for folded in NOT_WORDS.sub(" ", lowered).split("\n")]
    for char in outside:
        lowered = lowered.replace(char, " ")
    data = lowered.encode().translate(FOLD_BYTES)
    return list(map(bytes.decode, map(b" ".join, map(bytes.split, data.split(b"\n")))))


def lines_of(text: str) -> list[Line]:
    """The text's lines, numbered from 1: the same as Line(n, text) for each, made several times faster
    (a text dump has hundreds of lines, and the dataclass's own __init__ goes through object.__setattr__)."""
    texts = text.split("\n")
    shape = None if UNSPACED.search(text) else word_shape(text)
    counts = map(words, texts) if shape is None else map(len, map(bytes.split, shape.split(b"\n")))
    made = []
    new, serial = object.__new__, next(SERIALS)
    for number, (line_text, count) in enumerate(zip(texts, counts), start=1):
        line = new(Line)
        line.__dict__.update(no=number, text=line_text, words=count, serial=serial)
        made.append(line)
    return made


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
