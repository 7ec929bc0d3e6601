"""Small text measures shared by the rule kinds and validation."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
TERMINAL = re.compile(r"""[.!?…:;。！？：；]["'”’»)\]」』）]*$""")
# Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CHARS_PER_WORD = 2  # a rough mean for Chinese and Japanese, so that length means the same in any script
# A line of program code or data: brackets, assignments, calls, comments, a shell prompt.
CODE_LINE = re.compile(
    r"[{};,(\[\\]\s*$|^\s*[}\])]|\w\([^()]*\)|\s(?:=|==|=>|->|\+=)\s|^\s*(?:#|//|/\*|\$ |>>> |-{1,2}[a-z])|^\s*[\"'][^\"']*[\"']\s*:"
)


def words(text: str) -> int:
    """Words in a line; in scripts without spaces, every two characters count as one."""
    if not UNSPACED.search(text):
        return len(WORD.findall(text))
    unspaced = len(UNSPACED.findall(text))
    return len(WORD.findall(UNSPACED.sub(" ", text))) + unspaced // CHARS_PER_WORD


def ends_as_sentence(text: str) -> bool:
    """True when the line ends with terminal punctuation (a closing quote may follow)."""
    return bool(TERMINAL.search(text.rstrip()))


def is_code(text: str) -> bool:
    """Whether the line reads as a line of program code or data rather than prose or a menu."""
    return CODE_LINE.search(text) is not None


def fold(text: str) -> str:
    """Lower-case words only: for comparing lines that differ in punctuation or spacing."""
    return " ".join(WORD.findall(text.lower()))
