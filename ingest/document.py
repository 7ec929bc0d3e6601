"""The plain data passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .text import fold, words

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Line:
    """One line of a document; `no` is its 1-based number in the decoded input."""

    no: int
    text: str
    # Its word count: every rule's position guard asks, so it is counted once, when the line is made.
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", words(self.text))

    @property
    def folded(self) -> str:
        """Its lower-case words (text.fold), kept: both duplicate rules ask, in every pass."""
        cached: str | None = self.__dict__.get("_folded")
        if cached is None:
            cached = self.__dict__["_folded"] = fold(self.text)
        return cached


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
        return [Line(i, t) for i, t in enumerate(self.text.split("\n"), start=1)]
