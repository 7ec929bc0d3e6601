"""Small text measures shared by the rule kinds and validation."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
TERMINAL = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")


def words(text: str) -> int:
    return len(WORD.findall(text))


def ends_as_sentence(text: str) -> bool:
    """True when the line ends with terminal punctuation (a closing quote may follow)."""
    return bool(TERMINAL.search(text.rstrip()))


def fold(text: str) -> str:
    """Lower-case words only: for comparing lines that differ in punctuation or spacing."""
    return " ".join(WORD.findall(text.lower()))
