"""Whether the page's own text, cleaned as a text dump, is the extraction made whole (SL016).

trafilatura often keeps part of the element that holds a page's content and drops the rest: some
cards of a listing or a collection, some sections of a service or product page, the later posts
of a thread. The page's text without its furniture (pagetext.Furniture), once
the text rules have cleaned it, then holds nearly all of the extraction and more, and what it adds
lies inside the element that holds the extraction. On a page whose JSON-LD says it is an article,
what the extractor leaves out there is captions, credits and citation boxes: its text stands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .jsonld import declared_types, documents
from .pagetext import line_folds
from .text import fold_words, folds, word_counts

# Learnt on half the dev pages and checked on the other half (dev script): over the wcxb pages, held
# shares of 0.8 to 0.95, growth of 1.05 to 1.2 and inside shares of 0.5 to 0.9 all gain.
MIN_HELD = 0.9  # of the extraction's words that the page's text holds
MIN_GROWTH = 1.1  # the page's text's words over the extraction's
MIN_INSIDE = 0.75  # of the words the page's text adds, inside the element that holds the extraction
HOLDER_SHARE = 0.9  # of the extraction's lines (of three words or more) the holding element has
ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting)$")  # schema.org: NewsArticle, ReportageNewsArticle, BlogPosting, ...


def declares_article(tree: Any) -> bool:
    """Whether a JSON-LD script of the page gives an article type (ARTICLE_TYPE) as an @type."""
    return any(any(ARTICLE_TYPE.search(kind) for kind in declared_types(data)) for data in documents(tree.getroottree().getroot()))


def holds_more(kept: Counter[str], other: str) -> bool:
    """Whether `other` holds MIN_HELD of the words `kept` (an extraction's word_counts) and has
    MIN_GROWTH times as many. The text rules only take words out: a page text that fails this fails
    it cleaned too."""
    offered = word_counts(other)
    total = sum(kept.values())
    return bool(total) and sum(offered.values()) >= MIN_GROWTH * total and sum((kept & offered).values()) >= MIN_HELD * total


@dataclass(frozen=True)
class Holder:
    """What holds an extraction in its page: the element's nodes (by id), the extraction's lines (as
    text.fold gives them), the words of the page's lines inside it that the extraction lacks, and the
    page's lines as text.fold gives them (in the order of `owned`, for `fuller`)."""

    inside: frozenset[int]
    extracted: frozenset[str]
    left: float
    keys: tuple[str, ...]


def holder(extraction: str, owned: list[tuple[str, Any]]) -> Holder | None:
    """The deepest element that holds HOLDER_SHARE of the page lines the extraction kept (lines of
    three words or more; `owned`: the page's lines with their block elements, as
    pagetext.page_text gives them), or None when it kept none."""
    extracted = frozenset(folds(extraction))
    keys = line_folds(owned) if owned else ()
    hits = [element for key, (_, element) in zip(keys, owned) if element is not None and key in extracted and fold_words(key) >= 3]
    if not hits:
        return None
    counts: Counter[Any] = Counter()
    for element in hits:
        counts.update([element, *element.iterancestors()])
    need = HOLDER_SHARE * len(hits)
    deepest = max((element for element, count in counts.items() if count >= need), key=lambda element: sum(1 for _ in element.iterancestors()))
    if deepest.tag in ("body", "html"):  # the whole page: everything added would count as inside
        return None
    inside = frozenset(map(id, deepest.iter()))
    left = sum(fold_words(key) for key, (_, element) in zip(keys, owned) if id(element) in inside and key and key not in extracted)
    return Holder(inside, extracted, left, keys)


def may_fill(kept: Counter[str], held: Holder) -> bool:
    """Whether what the holder has left out could be enough for `fuller`: a fuller text adds at least
    (MIN_GROWTH - 1) of the words of the extraction (`kept`: its word_counts), MIN_INSIDE of them from
    inside the holder."""
    return held.left >= (MIN_GROWTH - 1) * MIN_INSIDE * sum(kept.values())


def fuller(kept: Counter[str], other: str, owned: list[tuple[str, Any]], held: Holder) -> bool:
    """Whether `other` (the page's text without furniture, cleaned) holds more than the extraction
    whose word_counts are `kept` (holds_more), and MIN_INSIDE of the words of its lines that the
    extraction lacks stand inside the element that holds the extraction (`held`, found among `owned`)."""
    if not holds_more(kept, other):
        return False
    where: dict[str, Any] = {}
    for key, (_, element) in zip(held.keys, owned):
        where.setdefault(key, element)
    added = within = 0
    for key in folds(other):
        if not key or key in held.extracted:
            continue
        count = fold_words(key)
        added += count
        if id(where.get(key)) in held.inside:
            within += count
    return added > 0 and within >= MIN_INSIDE * added
