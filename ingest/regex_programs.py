"""Compiled regexes kept from one run to the next, as Python keeps a module's bytecode.

`re.compile` parses a pattern and builds its program in Python at every start: of a one-file
check's instructions beyond the bare interpreter's, half went there (ftfy's mojibake pattern, the
rule pack's regexes, the modules' own). `load` hands `re` a compiler that builds a pattern kept in
the user's cache (ingest/cache.py) straight from its program, in any module and only when it is
asked for; `save` keeps the programs of the patterns compiled since. A program is kept only when the
pattern built from it equals the one `re` compiled (its flags and program, which a Pattern's ==
compares, and its group names, which it does not), under a stamp of the format, the Python build and
its regex engine: another Python ignores the file. Where `re`
lacks what this relies on, both do nothing.
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

Key = tuple[Any, int]  # (pattern, flags), as re.compile was given them
_kept: dict[Key, tuple[Any, ...]] = {}  # from the file: what _sre.compile needs besides the pattern
_compiled: dict[Key, Any] = {}  # compiled by `re` since `load`, not kept yet
_used: set[Key] = set()  # built from a kept program since `load`: kept ahead of those not used


def load() -> None:
    """Read the kept programs and put the compiler that uses them in `re`'s place."""
    if STAMP is None or cache.folder() is None or _compiler.compile is _compile:
        return
    _kept.update(cache.read_entries(NAME, STAMP))
    _compiler.compile = _compile


def _compile(pattern: Any, flags: int = 0) -> Any:
    """re._compiler.compile, which `re` calls for a pattern not in its cache of the last 512."""
    # Exact types only: a subclass (lxml's XPath strings) does not marshal, and a Scanner passes a parsed pattern.
    if type(pattern) not in (str, bytes) or type(flags) is not int:
        return ORIGINAL(pattern, flags)
    key = (pattern, flags)
    program = _kept.get(key)
    if program is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = program
            built = _sre.compile(pattern, final_flags, array(CODE, code).tolist(), groups, groupindex, indexgroup)
            _used.add(key)
            return built
        except Exception:  # a damaged entry: compiled below, and kept again
            _kept.pop(key, None)
    compiled = ORIGINAL(pattern, flags)
    if len(_compiled) < MAX_PROGRAMS:  # a library that makes a new pattern for every page must not fill memory
        _compiled[key] = compiled
    return compiled


@lru_cache(maxsize=256)  # as re's own cache, which ORIGINAL does not go through
def unkept(pattern: str, flags: int = 0) -> Any:
    """A pattern made of a document's own words, compiled as `re` compiles it and not kept: it would
    not be asked for again, and a page's words do not belong in the user's cache."""
    return ORIGINAL(pattern, flags) if STAMP is not None else re.compile(pattern, flags)


def save() -> None:
    """Keep the programs of the patterns `re` compiled since `load`, with those kept before."""
    if STAMP is None or not _compiled:
        return
    learnt = {key: program for key, compiled in list(_compiled.items()) if (program := _program(*key, compiled)) is not None}
    _compiled.clear()
    if not learnt:
        return
    programs = cache.read_entries(NAME, STAMP)  # read again: another run may have added to it since
    # The patterns this run used last, before those it learnt: the oldest unused go first.
    ordered = {key: program for key, program in programs.items() if key not in _used}
    ordered.update((key, programs[key]) for key in _used if key in programs)
    ordered.update(learnt)
    _kept.update(learnt)
    cache.write(NAME, (STAMP, dict(list(ordered.items())[-MAX_PROGRAMS:])))


def _program(pattern: Any, flags: int, compiled: Any) -> tuple[Any, ...] | None:
    """What `_sre.compile` needs besides the pattern to build `compiled` again, as
    re._compiler.compile builds it; None when what it builds is not the same."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        program = (int(flags | parsed.state.flags), array(CODE, code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup))
        built = _sre.compile(pattern, program[0], list(code), *program[2:])
        # A Pattern's == compares its flags and program, not its group names.
        if built != compiled or built.groups != compiled.groups or built.groupindex != compiled.groupindex:
            return None
        return program
    except Exception:  # whatever `re` does differently from what this expects: not kept
        return None
