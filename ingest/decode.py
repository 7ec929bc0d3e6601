"""Bytes to text: BOM, strict UTF-8, the declared charset, then chardet; then Unicode clean-up."""

from __future__ import annotations

import codecs
import functools
import importlib.util
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sparse import STRETCH
from .text import outside_ascii


class DecodeError(ValueError):
    """The bytes are not a text document (binary data, or no encoding fits)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float


# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as their supersets (WHATWG Encoding Standard).
SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}

# What the invisible characters mean: a space, a line break, or nothing.
TRANSLATION = {
    **{c: " " for c in (0x09, 0xA0, 0x1680, 0x202F, 0x205F, *range(0x2000, 0x200B))},
    **{c: "\n" for c in (0x0B, 0x0C, 0x85, 0x2028, 0x2029)},
    **{c: None for c in (0xAD, 0x200B, 0x2060, 0xFEFF, 0x7F)},
    **{c: None for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)},
    **{c: None for c in range(0x80, 0xA0) if c != 0x85},
}


GZIP_MAGIC = b"\x1f\x8b"
MAX_GUNZIPPED = 512 * 1024 * 1024  # a gzip bomb stops here


def gunzip(data: bytes) -> bytes:
    """The content of a gzip-compressed document (a saved `.html.gz`); other bytes as they are."""
    if not data.startswith(GZIP_MAGIC):
        return data
    import zlib

    inflater = zlib.decompressobj(wbits=31)
    try:
        content = inflater.decompress(data, MAX_GUNZIPPED)
    except zlib.error as error:
        raise DecodeError(f"damaged gzip data: {error}") from None
    if inflater.unconsumed_tail:
        raise DecodeError(f"gzip content larger than {MAX_GUNZIPPED // 2**20} MiB")
    if not inflater.eof:
        raise DecodeError("damaged gzip data: truncated")
    return content


def decode(data: bytes) -> Decoded:
    """Decode raw bytes and normalise the text; raises DecodeError for binary data."""
    text, encoding, confidence = _decode(gunzip(data))
    return Decoded(normalize(text), encoding, confidence)


def _decode(data: bytes) -> tuple[str, str, float]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, 1.0
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        encoding = wide_encoding(data[:8192])
        if encoding is None:
            raise DecodeError("binary content (NUL bytes)")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise DecodeError(f"binary content (NUL bytes; not valid {encoding})") from None
        if not looks_like_text(text[:4096]):
            raise DecodeError(f"binary content (NUL bytes; as {encoding} it is not text)")
        return text, encoding, 0.9
    try:
        return repair_mojibake(data.decode("utf-8")), "utf-8", 1.0
    except UnicodeDecodeError as error:
        # A file cut off in the middle of its last character: keep everything before it.
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return repair_mojibake(data[: error.start].decode("utf-8")), "utf-8", 0.99
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, 1.0
        except UnicodeDecodeError:
            pass
    import chardet  # only for bytes that are neither UTF-8 nor decodable as declared

    guess = chardet.detect(data)
    encoding = _codec_name(guess.get("encoding") or "") or "cp1252"
    return data.decode(encoding, errors="replace"), encoding, float(guess.get("confidence") or 0.0)


def wide_encoding(sample: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where the NUL bytes fall; None when the NULs look like binary data."""
    if len(sample) < 4:
        return None

    def zero_share(offset: int, step: int) -> float:
        column = sample[offset::step]
        return column.count(0) / max(len(column), 1)

    if len(sample) % 4 == 0:
        shares = [zero_share(offset, 4) for offset in range(4)]
        if shares[0] < 0.5 and min(shares[2:]) > 0.95:
            return "utf-32-le"
        if shares[3] < 0.5 and max(shares[:2]) > 0.95 and min(shares[:2]) > 0.95:
            return "utf-32-be"
    even, odd = zero_share(0, 2), zero_share(1, 2)
    if odd > 0.5 and even < 0.1:
        return "utf-16-le"
    if even > 0.5 and odd < 0.1:
        return "utf-16-be"
    # Outside Latin-1 (Cyrillic, Greek, CJK) only the ASCII characters (spaces, digits, line breaks)
    # have a NUL byte, nearly all on one side (U+5F00 and the like put one on the other); the caller
    # still checks that the result is text.
    if odd > 0.02 and even * 5 < odd:
        return "utf-16-le"
    if even > 0.02 and odd * 5 < even:
        return "utf-16-be"
    return None


# Code points no text is made of: controls (other than line and tab), unassigned, private use, surrogates.
NOT_TEXT = frozenset({"Cc", "Cn", "Co", "Cs"})
LAYOUT = frozenset("\t\n\r\x0b\x0c")


def looks_like_text(sample: str) -> bool:
    """Whether bytes decoded by their NUL pattern are text. Binary data with a regular NUL column decodes
    to controls, unassigned or private-use code points, or to runs of U+0080-U+00FF (`00 ff` repeated:
    "ÿÿÿ"); text in a Latin script has those letters only beside ASCII spaces, digits and letters."""
    if not sample:
        return True
    odd = sum(1 for c in sample if c not in LAYOUT and unicodedata.category(c) in NOT_TEXT)
    upper_latin1 = sum(1 for c in sample if "\x80" <= c <= "\xff")
    return odd <= 0.02 * len(sample) and upper_latin1 <= 0.3 * len(sample)


def repair_mojibake(text: str) -> str:
    """UTF-8 that was once read as windows-1252 and saved again ("cafÃ©"): ftfy undoes it."""
    if text.isascii() or not looks_like_mojibake(text):
        return text  # nothing to repair (ftfy.fix_encoding would return it as it is), and huge files stay fast
    import ftfy

    # fix_encoding asks ftfy's is_bad of the whole text at each step, and runs ftfy's byte patterns
    # over all of it for each encoding it tries: slow passes of a regex over a page. The same
    # searches done only near the characters outside ASCII give the same answers (tests/test_decode.py,
    # tests/test_sparse.py). The lock: two threads (Dask runs tasks in threads) swapping at once could
    # leave the swap in place.
    with _FTFY_SWAP:
        swapped = _ftfy_swaps()
        whole_search, ftfy.is_bad = ftfy.is_bad, looks_like_mojibake
        for module, name, _, fast in swapped:
            setattr(module, name, fast)
        try:
            return ftfy.fix_encoding(text)
        finally:
            ftfy.is_bad = whole_search
            for module, name, pattern, _ in swapped:
                setattr(module, name, pattern)


_FTFY_SWAP = threading.Lock()
# The patterns fix_encoding runs over a whole text, by the modules that name them.
FTFY_PATTERNS = ("ALTERED_UTF8_RE", "LOSSY_UTF8_RE", "C1_CONTROL_RE", "UTF8_DETECTOR_RE")


@functools.cache
def _ftfy_swaps() -> list[tuple[Any, str, Any, Any]]:
    """(module, name, what it names, what stands in for it) for what fix_encoding runs over a whole
    text: its sparse patterns, and its test of which encodings could have made the text."""
    import ftfy.chardata

    swaps = list(_sparse_ftfy_patterns())
    if _mirrors_possible_encoding():
        swaps.append((ftfy.chardata, "possible_encoding", ftfy.chardata.possible_encoding, possible_encoding))
    return swaps


# sha256 (first 16 hex digits) of the source of ftfy 6.3.1's chardata.possible_encoding and _build_regexes
POSSIBLE_ENCODING_MIRRORED = "ffb1bda920286a1f"


def possible_encoding(text: str, encoding: str, stretch: int = STRETCH) -> bool:
    """`ftfy.chardata.possible_encoding(text, encoding)`: whether each character of the text is in
    the class of ftfy's pattern for the encoding (`^[...]*$`), asked only of the stretches that are
    not all ASCII, once the few ASCII characters outside the class are found absent: ftfy matches
    the class against every character of a page, for each encoding it tries."""
    pattern, outside = _encoding_class(encoding)
    if any(char in text for char in outside):
        return False
    for low in range(0, len(text), stretch):
        chunk = text[low : low + stretch]
        if not chunk.isascii() and not pattern.fullmatch(chunk):
            return False
    return True


@functools.cache
def _encoding_class(encoding: str) -> tuple[Any, tuple[str, ...]]:
    """ftfy's pattern for the encoding, and the ASCII characters outside its class."""
    from ftfy.chardata import ENCODING_REGEXES

    pattern = ENCODING_REGEXES[encoding]
    return pattern, tuple(chr(code) for code in range(0x80) if not pattern.fullmatch(chr(code)))


@functools.cache
def _mirrors_possible_encoding() -> bool:
    """Whether the installed ftfy tests encodings as `possible_encoding` mirrors: a match of `^[...]*$`
    whose class holds the line break (else `$` would let a last one through outside the class)."""
    import ftfy.chardata

    from .mirrors import digest

    functions = (getattr(ftfy.chardata, name, None) for name in ("possible_encoding", "_build_regexes"))
    patterns = getattr(ftfy.chardata, "ENCODING_REGEXES", {}).values()
    return digest(*functions) == POSSIBLE_ENCODING_MIRRORED and all(pattern.fullmatch("\n") for pattern in patterns)


@functools.cache
def _sparse_ftfy_patterns() -> list[tuple[Any, str, Any, Any]]:
    """(module, name, pattern, its sparse search) for ftfy's patterns that can be searched sparsely."""
    import ftfy.chardata
    import ftfy.fixes

    from .sparse import SHAPES, Sparse, sparse

    found = []
    for module in (ftfy.chardata, ftfy.fixes):
        for name in FTFY_PATTERNS:
            pattern = getattr(module, name, None)
            if isinstance(pattern, re.Pattern) and isinstance(fast := sparse(pattern), Sparse):
                found.append((module, name, pattern, fast))
    SHAPES.save()  # one write for all four, and only when one was not known
    return found


def looks_like_mojibake(text: str) -> bool:
    """ftfy's own first test (`ftfy.badness.is_bad`): fix_encoding changes nothing in text it calls good.

    Every match of ftfy's pattern holds a character outside ASCII and is at most a few characters
    long, so it is searched for only around those characters (sparse.py): a page of English with a
    few curly quotes costs a few tiny searches instead of one slow pass of a large pattern over all of it."""
    return _badness_pattern().search(text) is not None


@functools.cache
def _badness_pattern() -> Any:
    """ftfy's mojibake pattern, searched sparsely where that gives the same answers (sparse.py)."""
    from .sparse import SHAPES, sparse

    found = sparse(_badness().BADNESS_RE)
    SHAPES.save()
    return found


@functools.cache
def _badness() -> Any:
    """ftfy.badness on its own: `import ftfy` loads all of ftfy (~100 ms), which most text never needs."""
    spec = importlib.util.find_spec("ftfy")  # finds the package without running it
    if spec is not None and spec.submodule_search_locations:
        source = Path(next(iter(spec.submodule_search_locations))) / "badness.py"
        alone = importlib.util.spec_from_file_location("_scrapelint_ftfy_badness", source)
        if alone is not None and alone.loader is not None and source.is_file():
            module = importlib.util.module_from_spec(alone)
            alone.loader.exec_module(module)
            return module
    import ftfy.badness

    return ftfy.badness


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, as a Python codec name."""
    match = DECLARED.search(data[:4096])
    if not match:
        return None
    return _codec_name((match.group(1) or match.group(2)).decode("ascii"))


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


# The characters TRANSLATION changes, to find them first: str.translate with a dict goes character
# by character in Python-level lookups, slow on every document when one NBSP is all there is to change.
# Those in ASCII (tabs, control characters) are looked for one by one with `in` (a memchr pass each,
# together far faster than one regex pass); those outside it by a regex over the characters outside ASCII only.
ASCII_INVISIBLE = tuple(chr(code) for code in sorted(TRANSLATION) if code < 0x80)
INVISIBLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(TRANSLATION) if code >= 0x80) + "]")


def normalize(text: str) -> str:
    """NFC, one kind of line break, and invisible characters replaced by what they mean."""
    # The characters outside ASCII, which the replacements in ASCII leave as they are: asked of the text
    # as decoded, they are known already (repair_mojibake asked).
    outside = outside_ascii(text)
    if "\r" in text:  # one pass to find none, not two that change nothing
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.replace per character found, not a Python call per match (a page indented with tabs has
    # thousands). Each search goes on from the character just replaced everywhere, before which
    # there is none: one pass over the text, and no list of every match. No replacement is itself
    # replaced, so the order does not matter.
    for char in ASCII_INVISIBLE:
        if char in text:
            text = text.replace(char, TRANSLATION[ord(char)] or "")
    if not outside:
        return text  # ASCII is NFC
    # Looked for among the text's characters outside ASCII only, which are few on most pages.
    found = INVISIBLE.search(outside)
    while found:
        text = text.replace(found[0], TRANSLATION[ord(found[0])] or "")
        outside = outside.replace(found[0], "")
        found = INVISIBLE.search(outside, found.start())
    return text if is_nfc(text) else unicodedata.normalize("NFC", text)


def is_nfc(text: str, stretch: int = STRETCH) -> bool:
    """`unicodedata.is_normalized("NFC", text)`, asked only of the runs of stretches that are not
    all ASCII: NFC leaves an ASCII character as it is and never composes it with the one before
    it, so a text is NFC when each piece of it cut just before an ASCII character is. A page of
    markup is mostly ASCII."""
    run = None  # where the current run of stretches not all ASCII starts
    for low in range(0, len(text), stretch):
        if not text[low : low + stretch].isascii():
            if run is None:
                run = low
        elif run is not None:  # the piece from the ASCII character before the run to the one after it
            if not unicodedata.is_normalized("NFC", text[max(run - 1, 0) : low]):
                return False
            run = None
    return run is None or unicodedata.is_normalized("NFC", text[max(run - 1, 0) :])
