"""The rest of each listing entry the extractor kept a piece of.

On a listing, a shop's grid or a page of cards, the extractor often keeps one line of every entry
(the teaser, a price) and drops the rest of it (the title inside its link, the product's name).
An entry is the nearest element, from a kept line up, that has at least MIN_ITEMS siblings of its
kind (same tag and class). When kept lines lie in at least MIN_ENTRIES entries of one group, the
lines of those entries the extractor dropped are put back in place, so the extractor's choice of
the page's part stands and this fills in the entries it chose. When the entries have a class, the
group's other entries of that class come back too: a grid's or a thread's cards the extractor
skipped beside those it kept (entries of a tag alone, paragraphs or list items, are prose or a
layout's rows as often: there only those holding kept text count). Left out (measured on the
dev set, where they cost more precision than they gave recall): entries of more than
MAX_ENTRY_WORDS (a page's column, not a card), lines under MIN_WORDS words
(bylines, dates, counts, field names: the gold texts keep them on some sites and not on others),
the short labels that half the entries repeat ("Read more"), and kept lines the page repeats,
which do not tell which entry was kept.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .gaps import MIN_WORDS, inserted, normalised
from .pagetext import element_words
from .repeats import depth, repeated_labels, signature
from .text import block_words

MIN_ITEMS = 3  # siblings of one kind that make a group
MIN_ENTRIES = 3  # of them holding kept text
MAX_ENTRY_WORDS = 300  # a card or a post, not a page's column (120 and 1000: wcxb F1 within 0.003)


def dropped_lines(owned: list[tuple[str, Any]], covered: list[bool]) -> list[int]:
    """The indexes, in `owned`, of the lines to put back: the lines of the entries holding kept
    text that the extraction does not hold, and of the other entries of their group when the
    group's kind has a class.

    `owned`: each line of the page's text with the block element it is in (pagetext.page_text);
    `covered`: whether the extraction holds each line."""
    times = Counter(line for line, _ in owned)
    kinds: dict[Any, Counter[tuple[Any, str]]] = {}  # a parent -> how many children of each kind
    entry_of: dict[Any, Any] = {}  # an element -> the nearest entry from it up (None: none)
    groups: dict[tuple[Any, tuple[Any, str]], set[Any]] = {}  # (parent, kind) -> entries holding kept text
    for (line, owner), held in zip(owned, covered):
        if held and owner is not None and times[line] == 1:
            entry = _entry(owner, kinds, entry_of)
            if entry is not None:
                groups.setdefault((entry.getparent(), signature(entry)), set()).add(entry)
    candidates = [
        entry
        for (parent, kind), entries in groups.items()
        if len(entries) >= MIN_ENTRIES
        for entry in ([child for child in parent if signature(child) == kind] if kind[1] else entries)
    ]
    # An element's entry is the nearest one up: the outer entries first, the inner ones written over them.
    member_of = {element: entry for entry in sorted(candidates, key=depth) for element in entry.iter()}
    found = [
        (index, member_of[owner])
        for index, ((line, owner), held) in enumerate(zip(owned, covered))
        if not held and owner in member_of and block_words(line) >= MIN_WORDS
    ]
    small = {entry for entry in {member for _, member in found} if element_words(entry) <= MAX_ENTRY_WORDS}
    found = [(index, member) for index, member in found if member in small]
    labels = repeated_labels([(owned[index][0], member) for index, member in found], len(small))
    return [index for index, _ in found if owned[index][0] not in labels]


def put_in(extracted: str, lines: list[str], covered: list[bool], wanted: list[int]) -> tuple[str, list[tuple[int, str]]]:
    """`extracted` with the page's `lines` at the indexes `wanted` inserted in page order, each
    before the extracted line that holds the next covered page line (at the end when none does);
    and the line number in the result of each line put in, with the line."""
    kept = normalised(extracted)
    inserts: dict[int, list[str]] = {}
    wanted_at = set(wanted)
    pending: list[str] = []
    cursor = 0
    for index, line in enumerate(lines):
        if index in wanted_at:
            pending.append(line)
        elif covered[index] and pending:
            at = next((row for row in range(cursor, len(kept)) if line in kept[row]), None)
            if at is not None:
                inserts.setdefault(at, []).extend(pending)
                pending, cursor = [], at
    return inserted(extracted.split("\n"), inserts, pending)


def _entry(element: Any, kinds: dict[Any, Counter[tuple[Any, str]]], entry_of: dict[Any, Any]) -> Any:
    """The nearest element from `element` up that has MIN_ITEMS siblings of its kind, itself
    counted, or None."""
    walked: list[Any] = []
    found = None
    for item in (element, *element.iterancestors()):
        if item in entry_of:
            found = entry_of[item]
            break
        walked.append(item)
        parent = item.getparent()
        if parent is None:
            break
        if parent not in kinds:
            kinds[parent] = Counter(signature(child) for child in parent)
        if kinds[parent][signature(item)] >= MIN_ITEMS:
            found = item
            break
    for item in walked:
        entry_of[item] = found
    return found

