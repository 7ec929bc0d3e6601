"""What earlier runs learnt of each rule regex: that it compiles, the literal strings every match
holds (`prefilter.required`) and its group names.

With these a rule set loads without compiling its regexes, and a one-file check compiles only
those whose literals the document holds (`kinds/base.py` Patterns). Entries are keyed by the
regex itself, so a pack that extends another, or a config that changes one regex, reuses the rest.
A regex is stored only once it has compiled, so a user's regex that does not compile is an error
at load on every run. The file is named for the Python version (`re` decides what compiles) and
the install (`cache.name_for`), and stamped with scrapelint's version and its prefilter module
(which decides the literals): a different stamp empties it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from . import __version__, cache

NAME = f"regexes-{sys.implementation.cache_tag}-{cache.install_tag()}.marshal"  # one file per install, as cache.name_for
MAX_ENTRIES = 10_000  # regexes of every pack used on this machine; beyond this the oldest go
PREFILTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prefilter.py")

# (the folded literals one of which every match holds, or None when there are none; group names)
Facts = tuple[tuple[str, ...] | None, tuple[str, ...]]


def _stamp() -> tuple[str, int, int]:
    return cache.file_stamp(__version__, PREFILTER)


def _valid(facts: Any) -> bool:
    """A well-formed entry: a corrupt file must not make a rule skip a regex."""
    if not (isinstance(facts, tuple) and len(facts) == 2 and isinstance(facts[1], tuple)):
        return False
    needs, groups = facts
    strings = all(isinstance(item, str) for item in groups)
    if needs is None:
        return strings
    return strings and isinstance(needs, tuple) and bool(needs) and all(isinstance(item, str) and item for item in needs)


class RegexCache:
    """The cache file's entries (cache.Entries), read at the first question, written back by `save` when it learnt any."""

    def __init__(self) -> None:
        self.store = cache.Entries(NAME, _stamp, MAX_ENTRIES)

    @staticmethod
    def key(source: str, flags: int) -> str:
        return f"{flags}:{source}"

    @property
    def enabled(self) -> bool:
        return cache.folder() is not None

    def get(self, source: str, flags: int) -> Facts | None:
        facts = self.store.get(self.key(source, flags))
        return facts if _valid(facts) else None

    def put(self, source: str, flags: int, facts: Facts) -> None:
        self.store.put(self.key(source, flags), facts)

    def save(self) -> None:
        """Add what this run learnt to the file."""
        self.store.save()


KNOWN = RegexCache()
