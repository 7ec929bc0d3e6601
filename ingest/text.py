"""Small text measures shared by the rule kinds and validation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import repeat

WORD = re.compile(r"\w+")
# A word of a name, from its first letter, in any script: "Émile", "B.", "Lee-Park", "Ann’s".
NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A sentence's last character, and the closing quotes and brackets that may follow it (tested by str
# methods: a regex search for "$" tries every position of the line).
SENTENCE_ENDS = tuple(".!?…:;。！？：；")
CLOSERS = "\"'”’»)]」』）"
# Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LIST_BULLETS = "-*+"  # the marks a Markdown list item starts with (html2text writes "* ")
CHARS_PER_WORD = 2  # a rough mean for Chinese and Japanese, so that length means the same in any script
# A price: a currency sign or code next to a number (product grids, a product's own price).
PRICE = re.compile(r"(?i)[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|£|zł|kr\b|₽)|\b(?:usd|eur|gbp|cad|aud|chf)\s?\d")


# An ASCII byte as `re` reads it in a str: a word character (str.isalnum, or "_") becomes "a", the
# line break stays, anything else is a space.
WORD_BYTES = bytes(ord("a") if chr(c).isalnum() or c == 0x5F else c if c == 0x0A else 0x20 for c in range(128)) + bytes(128)
# And a UTF-8 byte of a character outside ASCII "a": those left in a text are word characters (word_shape).
SHAPE_BYTES = WORD_BYTES[:128] + b"a" * 128
SHAPE_FROM = 1000  # characters: below this one regex call is as fast
MAX_OUTSIDE_ASCII = 32  # distinct characters, each replaced in a pass over the text
# A UTF-8 byte kept by word_list: an ASCII word character, or a byte of a character outside ASCII.
WORD_OR_OUTSIDE = bytes(c if c >= 0x80 or chr(c).isalnum() or c == 0x5F else 0x20 for c in range(256))
WORD_OR_OUTSIDE_OR_BREAK = bytes(c if c == 0x0A else k for c, k in enumerate(WORD_OR_OUTSIDE))
# And lower-cased: what bytes.lower does, in the same pass.
LOWER_WORD_OR_OUTSIDE_OR_BREAK = WORD_OR_OUTSIDE_OR_BREAK.lower()


ASCII = bytes(range(128))
# The last text outside_ascii read and its answer: a document's text is asked about several times in a
# row (run_rules, then lines_of twice), and encoding a page is most of the cost. Held by the object
# itself (`is`), so no other text can pass for it; a thread asking about another only replaces it.
_last_outside: tuple[str, str] = ("", "")


def outside_ascii(text: str) -> str:
    """The characters of the text outside ASCII, in order: its UTF-8 bytes less the ASCII ones, in C.
    A regex of a character class over the whole text tests every character in Python's `re`,
    several times slower on a page; str.isascii() answers at once for a text all ASCII."""
    global _last_outside
    if text.isascii():
        return ""
    last = _last_outside
    if last[0] is text:
        return last[1]
    found = text.encode("utf-8", "surrogatepass").translate(None, ASCII).decode("utf-8", "surrogatepass")
    _last_outside = (text, found)
    return found


# The last text split into its lines, and them: before the rules a text dump is split by each joins step
# that reads it (wraps, links, rows, splits), by lines_of and by the pipeline's column mapping, mostly
# the same text each time. Held by the object itself (`is`), as _last_outside; a tuple, as it is shared.
# Only for a text up to KEPT_LINES_CHARS: its lines outlive the document (a tuple of short lines takes
# about six times the text's memory), and a huge one is split once per step.
_last_lines: tuple[str, tuple[str, ...]] = ("", ("",))
KEPT_LINES_CHARS = 1 << 20


def lines_in(text: str) -> tuple[str, ...]:
    """text.split("\n"), as a tuple, kept for the text last split (up to KEPT_LINES_CHARS)."""
    global _last_lines
    last = _last_lines
    if last[0] is text:
        return last[1]
    lines = tuple(text.split("\n"))
    if len(text) <= KEPT_LINES_CHARS:
        _last_lines = (text, lines)
    return lines


def has_unspaced(text: str) -> bool:
    """Whether the text holds a character of a script written without spaces (UNSPACED.search), asked
    of its characters outside ASCII only: every one of those scripts' is."""
    return UNSPACED.search(outside_ascii(text)) is not None


def word_shape(text: str) -> bytes | None:
    """The text as bytes of "a", space and line break, with the words (runs of word characters) of
    the text where the result has its runs of "a": bytes.split counts them in C, several times faster
    than `re` finds them. Its UTF-8 bytes, the few distinct characters outside ASCII that are no word
    characters (curly quotes, dashes) a space first, each one by one; None when there are more: `re` then."""
    return _word_bytes(text, SHAPE_BYTES)


def line_words(text: str) -> Iterator[int]:
    """`words` of each line of the text: the runs of "a" of each line of its word_shape, counted in C;
    line by line with `words` where that cannot be (a script written without spaces)."""
    shape = None if has_unspaced(text) else word_shape(text)
    if shape is None:
        return map(words, text.split("\n"))
    # A line's words start where an "a" follows a space: each line given a space first, counted in C.
    return map(bytes.count, (b" " + shape).replace(b"\n", b"\n ").split(b"\n"), repeat(b" a"))


def _words_only(text: str, table: bytes) -> str | None:
    """The text with what is no word character a space (but what `table` keeps), in C passes: the
    characters outside ASCII that are no word characters replaced one by one (as word_shape), the
    ASCII ones by a bytes table; None when the text holds more than MAX_OUTSIDE_ASCII distinct such
    characters: `re` then. (Letters of another script are kept as they are, whatever their number.)"""
    kept = _word_bytes(text, table)
    return None if kept is None else kept.decode()


def _word_bytes(text: str, table: bytes, lower: bool = False) -> bytes | None:
    """_words_only's text as UTF-8 bytes; `lower`: of the text lower-cased (str.lower), its characters
    outside ASCII lowered one by one (and those in ASCII by a `table` that lowers them). None also where
    lower() reads a character's context (a capital sigma) or a lowered character would lower again."""
    chars = set(outside_ascii(text))
    if lower:
        # No character of this Python's Unicode lowers to one that lowers again; the check keeps the
        # replacements below from depending on their order should a later version add one.
        changed = [(char, lowered) for char in chars if (lowered := char.lower()) != char]
        if len(changed) > MAX_OUTSIDE_ASCII or "\u03a3" in chars or any(lowered.lower() != lowered for _, lowered in changed):
            return None
        for char, lowered in changed:
            text = text.replace(char, lowered)
        if changed:
            chars = set(outside_ascii(text))
    outside = [char for char in chars if not char.isalnum()]
    if len(outside) > MAX_OUTSIDE_ASCII:
        return None
    for char in outside:
        text = text.replace(char, " ")
    return text.encode().translate(table)


def _lines_of_words(kept: bytes) -> list[str]:
    """The words of each line of `kept` (word bytes, spaces and line breaks) joined by one space: its
    runs of spaces made one by C passes that halve them, then none left at a line's ends; rather than
    a split and a join a line."""
    while True:
        shorter = kept.replace(b"  ", b" ")
        if len(shorter) == len(kept):
            break
        kept = shorter
    return kept.replace(b"\n ", b"\n").replace(b" \n", b"\n").strip(b" ").decode().split("\n")


def word_list(text: str) -> list[str]:
    """WORD.findall(text), in C passes where it can (_words_only)."""
    kept = _words_only(text, WORD_OR_OUTSIDE)
    return WORD.findall(text) if kept is None else kept.split()


def word_counts(text: str) -> Counter[str]:
    """The words of a text, in lower case, with how often each occurs: for comparing what two texts
    hold. In a script without spaces a run of word characters is no one word: it counts as `words`
    counts it (unspaced_words), so that shares and growths mean the same in any script."""
    found = word_list(text.lower())
    if not has_unspaced(text):
        return Counter(found)
    counts: Counter[str] = Counter()
    for run in found:
        counts[run] += unspaced_words(run)
    return counts


def words_by_line(text: str) -> list[str]:
    """The words of each line of the text (WORD.findall), joined by one space: the passes of
    word_list over the whole text, the line breaks kept, rather than `re` once a line."""
    kept = _word_bytes(text, WORD_OR_OUTSIDE_OR_BREAK)
    if kept is None:
        return [" ".join(WORD.findall(line)) for line in text.split("\n")]
    return _lines_of_words(kept)


def words(text: str) -> int:
    """Words in a line; in scripts without spaces, every two characters count as one."""
    if text.isascii():  # its bytes' shape (as word_shape's) counted by bytes.split: several times faster than re
        return len(text.encode("ascii").translate(WORD_BYTES).split())
    if not has_unspaced(text):
        shape = word_shape(text) if len(text) >= SHAPE_FROM else None
        return len(WORD.findall(text)) if shape is None else len(shape.split())
    return int(unspaced_words(text))


def unspaced_words(text: str) -> float:
    """words of a text that holds a script without spaces, unrounded: its other words, and a half
    (1 / CHARS_PER_WORD) for each character of such a script, so that parts of a text add up to it."""
    spaced, count = UNSPACED.subn(" ", text)  # one regex pass: the other words apart, and the characters counted
    return words(spaced) + count / CHARS_PER_WORD  # `spaced` holds no such script: no way back here


def fold_words(key: str) -> float:
    """words of a line as fold gives it (its words joined by one space), unrounded: its spaces and
    one where it holds no script without spaces."""
    if not key:
        return 0
    return key.count(" ") + 1 if key.isascii() or not has_unspaced(key) else unspaced_words(key)


def block_words(text: str) -> float:
    """Words of a block of a page as its spaces part them; a part holding a script without spaces,
    where a sentence is one or two runs, counts its characters of that script as `words` counts them
    (a word for CHARS_PER_WORD) and its other word characters one word more. Unrounded, and parts of
    a text joined without a space make no more words: a page's words less some of them bound the rest."""
    if text.isascii() or not has_unspaced(text):
        return len(text.split())
    count = 0.0
    for part in text.split():
        rest = part if part.isascii() else UNSPACED.sub("", part)  # most parts: their bytes' test, in C
        if len(rest) == len(part):
            count += 1
        else:
            count += (len(part) - len(rest)) / CHARS_PER_WORD + (WORD.search(rest) is not None)
    return count


def ends_as_sentence(text: str) -> bool:
    """True when the line ends with terminal punctuation (a closing quote may follow): the closers
    stripped, then the last character."""
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_ENDS)


# A line of program code or data: brackets, assignments, calls, comments, a shell prompt. Three
# parts, so that each runs only where it can match: one at the start, one in the middle (a call or
# an assignment: only in a line with "(" or "=", ">"), one at the end (the last character before
# trailing spaces). tests/test_text.py checks them against the same test as one regex.
CODE_START = re.compile(r"\s*(?:[}\])]|#|//|/\*|\$ |>>> |-{1,2}[a-z]|[\"'][^\"']*[\"']\s*:)")
# The characters CODE_START may find first after its spaces (`\s` is what str.strip takes), tested before it is run;
# "" (a line of spaces) is not one, which `in` a str would take for one.
CODE_FIRSTS = frozenset("}])#/$>-\"'")
CODE_INSIDE = re.compile(r"\w\([^()]*\)|\s(?:=|==|=>|->|\+=)\s")
CODE_END = frozenset("{};,([\\")


# is_code's answers by text, for the default `ends`: the block rule asks of the same lines in each
# pass, and a site prints the same lines on every page. Short texts only, and so many, then it starts again.
CODE_ANSWERS: dict[str, bool] = {}
MAX_CODE_ANSWERS = 20_000
MAX_CODE_ANSWER_CHARS = 200


def is_code(text: str, ends: frozenset[str] = CODE_END) -> bool:
    """Whether the line reads as a line of program code or data rather than prose or a menu; `ends`:
    the last characters that make it one (a wrapped line of prose may end in a comma)."""
    if ends is not CODE_END:
        return _is_code(text, ends)
    answer = CODE_ANSWERS.get(text)
    if answer is None:
        answer = _is_code(text, ends)
        if len(text) <= MAX_CODE_ANSWER_CHARS:
            if len(CODE_ANSWERS) >= MAX_CODE_ANSWERS:
                CODE_ANSWERS.clear()
            CODE_ANSWERS[text] = answer
    return answer


def _is_code(text: str, ends: frozenset[str]) -> bool:
    return (code_at_edges(text, ends) or code_inside(text)) and not COUNTED_LABEL.fullmatch(text)


def code_at_edges(text: str, ends: frozenset[str] = CODE_END) -> bool:
    """Whether the line starts as code does (CODE_START) or ends in one of `ends`."""
    last = text.rstrip()[-1:]
    return bool(last and last in ends or text.lstrip()[:1] in CODE_FIRSTS and CODE_START.match(text))


def code_inside(text: str) -> bool:
    """Whether the line holds a call or an assignment (CODE_INSIDE), which prose may name too."""
    return ("(" in text or "=" in text or ">" in text) and CODE_INSIDE.search(text) is not None


COUNT = r"\(\d[\d,.]*\)\s*"  # a count in brackets at a line's end: "(61)", "(1,204)"
# A label with its count and nothing of code before it ("Recipes(53)", "Archives (12)"): a sidebar's list of
# categories, not a call with a number in it ("time.sleep(5)", "x = f(2)", "return fib(10)"). A label
# leaves a space before the count or starts its last word with a capital (or a letter of a script without
# case); a function's name is lower-case ASCII. A capitalised call ("Point(3)") reads as a label.
COUNTED_LABEL = re.compile(r"(?:[^=._()]*(?:\s|(?<!\w)[^\W\d_a-z][^\W_]*+))?" + COUNT)
PROSE_WORDS = 8  # a line ending like a sentence with this many words is prose, not a menu item or code


def is_prose(text: str, count: int | None = None) -> bool:
    """Whether the line reads as a sentence of prose: PROSE_WORDS words or more (`count`, when known)
    and terminal punctuation."""
    return (words(text) if count is None else count) >= PROSE_WORDS and ends_as_sentence(text)


def fold(text: str) -> str:
    """Lower-case words only: for comparing lines that differ in punctuation or spacing."""
    return " ".join(WORD.findall(text.lower()))


def folds(text: str) -> list[str]:
    """fold of each line of the text, in one pass over it: words_by_line of its lower case, lowered in
    the same passes (str.lower of a text with a character outside ASCII goes character by character)."""
    kept = _word_bytes(text, LOWER_WORD_OR_OUTSIDE_OR_BREAK, lower=True)
    return words_by_line(text.lower()) if kept is None else _lines_of_words(kept)
