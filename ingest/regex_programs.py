"""Compiled regexes kept from one run to the next, as Python keeps a module's bytecode.

`re.compile` parses a pattern and builds its program in Python at every start: of a one-file
check's instructions beyond the bare interpreter's, half went there (ftfy's mojibake pattern, the
rule pack's regexes, the modules' own). `load` hands `re` a compiler that builds a pattern kept in
the user's cache (ingest/cache.py) straight from its program, in any module and only when it is
asked for; `save` keeps the programs of the patterns compiled since (cache.Entries). A pattern not
kept yet is compiled once, its program found as `re` finds it: once a process, a few patterns built
from their programs are shown to equal those `re` compiles (their flags and program, which a
Pattern's == compares, and their group names, which it does not), else `re` compiles and nothing
is kept. The file is stamped with the format, the Python build and its regex engine: another
Python ignores it. Where `re` lacks what this relies on, both do nothing.
"""

from __future__ import annotations

import re
import sys
from array import array
from functools import lru_cache
from typing import Any

from . import cache

CODE = "I"  # a program's words (_sre.CODESIZE bytes each), kept as bytes: a list of ints loads far slower
FORMAT = 1  # of a kept program's tuple: a file of another layout is not read
try:
    import _sre
    from re import _compiler, _parser

    ORIGINAL = _compiler.compile
    STAMP: tuple[Any, ...] | None = (FORMAT, sys.hexversion, _sre.MAGIC, _sre.CODESIZE, _sre.MAXGROUPS) if array(CODE).itemsize == _sre.CODESIZE else None
except (ImportError, AttributeError):
    STAMP = None

NAME = f"regex-programs-{sys.implementation.cache_tag}-{cache.install_tag()}.marshal"
MAX_PROGRAMS = 1000  # the patterns of every pack and page kind used here; beyond this the oldest go
# (pattern, flags) as re.compile was given them: what _sre.compile needs besides the pattern. Those
# built from a kept program are `used`: kept ahead of those not used.
PROGRAMS = cache.Entries(NAME, lambda: STAMP, MAX_PROGRAMS)
DEBUG = int(re.DEBUG)  # `re` prints a program compiled with it; an int: a RegexFlag's & runs in Python
PROBES = [(r"(?P<word>\w+)(?=:) [^\W\d]?", re.MULTILINE), (rb"(?i)<(a|b)\b", 0), (r"(?<!x)y{2,}", re.ASCII)]


def load() -> None:
    """Put the compiler that uses kept programs in `re`'s place."""
    if STAMP is None or cache.folder() is None or _compiler.compile is _compile:
        return
    _compiler.compile = _compile


def _compile(pattern: Any, flags: int = 0) -> Any:
    """re._compiler.compile, which `re` calls for a pattern not in its cache of the last 512."""
    # Exact types only: a subclass (lxml's XPath strings) does not marshal, and a Scanner passes a parsed pattern.
    if type(pattern) not in (str, bytes) or type(flags) is not int or flags & DEBUG:
        return ORIGINAL(pattern, flags)
    key = (pattern, flags)
    program = PROGRAMS.get(key)
    if program is not None:
        try:
            built = _build(pattern, program)
            PROGRAMS.used.add(key)
            return built
        except Exception:  # a damaged entry: compiled below, and kept again
            PROGRAMS.forget(key)
    # A library that makes a new pattern for every page must not fill memory.
    if len(PROGRAMS.learnt) >= MAX_PROGRAMS or not _same_as_re():
        return ORIGINAL(pattern, flags)
    program = _program(pattern, flags)
    built = _build(pattern, program)
    PROGRAMS.put(key, program)
    return built


def _program(pattern: Any, flags: int) -> tuple[Any, ...]:
    """What `_sre.compile` needs besides the pattern, found as re._compiler.compile finds it (and
    raising what it raises for a pattern that does not compile)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), array(CODE, code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _build(pattern: Any, program: tuple[Any, ...]) -> Any:
    final_flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, final_flags, array(CODE, code).tolist(), groups, groupindex, indexgroup)


@lru_cache(maxsize=None)
def _same_as_re() -> bool:
    """Whether a pattern built from its program (`_program`, `_build`) is the one `re` compiles: its
    flags and program, which a Pattern's == compares, and its group names, which it does not. Asked
    once a process, of a few patterns, so that a pattern not kept yet is compiled only once."""
    try:
        for pattern, flags in PROBES:
            built, compiled = _build(pattern, _program(pattern, flags)), ORIGINAL(pattern, flags)
            if built != compiled or built.groups != compiled.groups or built.groupindex != compiled.groupindex:
                return False
        return True
    except Exception:  # whatever `re` does differently from what this expects
        return False


@lru_cache(maxsize=256)  # as re's own cache, which ORIGINAL does not go through
def unkept(pattern: str, flags: int = 0) -> Any:
    """A pattern made of a document's own words, compiled as `re` compiles it and not kept: it would
    not be asked for again, and a page's words do not belong in the user's cache."""
    return ORIGINAL(pattern, flags) if STAMP is not None else re.compile(pattern, flags)


def save() -> None:
    """Keep the programs of the patterns compiled since `load`, with those kept before."""
    if STAMP is not None:
        PROGRAMS.save()
