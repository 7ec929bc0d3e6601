"""The whole thread when the extractor kept one post of it.

On a forum thread, a questions-and-answers page or a page of like sections, the extractor often
keeps one item of a repeated group (the first post, one section) and drops its siblings. When the
text it kept lies mostly inside one element that has siblings of the same tag and class, or
spans several children of one kind of that element (the first few posts), the group is those
siblings or children: at least MIN_ITEMS, counting only those that are not mostly link text (a
header or a menu beside the posts is no post). When the group holds more than MIN_GROWTH times
the kept words, its text is taken instead (measured on the dev set: forum threads and pages of
sections much better, menus and sidebars beside an article left out by the link test). The
short lines of words alone that half the items or more repeat are left out of a group of long
items (posts, not cards): each post's buttons and badges ("Reply", "Member", "Joined"). Words are
counted as text.block_words counts them: in a script without spaces, two characters a word (a mean
for Chinese and Japanese; Thai, whose vowel and tone marks count as characters, comes out about
twice its words), so that the thresholds mean about the same there.

A page that declares itself one article or one product (og:type, JSON-LD @type) is left alone:
there the siblings of the document's container are sidebars and related stories.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from .jsonld import declared_types, documents
from .pagetext import link_words
from .text import block_words

MIN_ITEMS = 3
MIN_GROWTH = 2.0
CORE_SHARE = 0.8  # of the kept words that the one element must hold
MAX_LINK_SHARE = 0.5  # of an item's words that are link text
LABEL_WORDS = 4
LABEL = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*[.…!]*")  # words alone: no figures, no field name ending in ':'
LABELLED_ITEM_WORDS = 40  # posts, not cards: the items' mean words (a card's repeated values are its content)
LABEL_SHARE = 0.5  # of the items
# Striped rows ("post bg1", "post bg2"; "row odd", "row even") and the first or last of a group are
# items of one kind: a class word's one closing figure, after a letter, and the place words go.
STRIPE_NUMBER = re.compile(r"(?<=[^\W\d_])[0-9](?=\s|$)")
PLACE_WORDS = frozenset({"odd", "even", "alt", "first", "last"})
CONTROL_TAGS = frozenset({"button"})  # an item's buttons: their labels, as trafilatura leaves them out
SINGLE_OG_TYPES = ("article", "product")  # og:type values, and their prefixes ("product.item")
SINGLE_LD_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "Product", "ProductGroup"})  # a product with its variants


def whole_group(owned: list[tuple[str, Any]], covered: list[bool]) -> list[str] | None:
    """The lines of the repeated group the kept text lies in, in page order, or None.

    `owned`: each line of the page's text with the block element it is in (pagetext.page_text);
    `covered`: whether the extraction holds each line."""
    kept_words = 0.0
    own: dict[Any, float] = {}  # kept words in each block element's own lines
    seen: set[str] = set()  # a line the page repeats (a signature, a button) was kept once: where it first stands
    for (line, owner), held in zip(owned, covered):
        if held and line not in seen:
            seen.add(line)
            count = block_words(line)
            kept_words += count
            if owner is not None:
                own[owner] = own.get(owner, 0) + count
    under: dict[Any, float] = {}  # kept words under each element
    for owner, count in own.items():  # each block's ancestors walked once, not once a line
        for element in (owner, *owner.iterancestors()):
            under[element] = under.get(element, 0) + count
    core = max((element for element, count in under.items() if count >= CORE_SHARE * kept_words), key=depth, default=None)
    if core is None:
        return None
    found = _nearest_group(core) or _children_group(core, under)
    if found is None:
        return None
    item, siblings = found
    # The page's own word first: it costs less than the siblings' link shares, and is often there.
    if len(siblings) < MIN_ITEMS or _declares_single(core.getroottree().getroot()):
        return None
    members = {other for other in siblings if other is item or _link_share(other) <= MAX_LINK_SHARE}
    if len(members) < MIN_ITEMS:
        return None
    lines = [(line, member) for line, owner in owned if (member := _member(owner, members)) is not None]
    group_words = sum(block_words(line) for line, _ in lines)
    if group_words <= MIN_GROWTH * kept_words:
        return None
    labels = repeated_labels(lines, len(members)) if group_words >= LABELLED_ITEM_WORDS * len(members) else set()
    return [line for line, _ in lines if line not in labels]


def repeated_labels(lines: list[tuple[str, Any]], items: int) -> set[str]:
    """The short lines (LABEL_WORDS, text.block_words) of words alone (no figures, no field name
    ending in ':') that at least half the items repeat: each post's buttons and badges ("Reply",
    "Member"), not what anyone wrote."""
    holders: dict[str, set[Any]] = {}
    for line, member in lines:
        if block_words(line) <= LABEL_WORDS and LABEL.fullmatch(_without_marks(line)):
            holders.setdefault(line, set()).add(member)
    return {line for line, held in holders.items() if len(held) >= max(MIN_ITEMS, LABEL_SHARE * items)}


def _without_marks(line: str) -> str:
    """The line less its combining marks (Thai and Devanagari vowel signs, accents apart), which are
    no word characters to `re`: a Thai or Hindi word is letters alone as a Latin one is."""
    if line.isascii():
        return line
    return "".join(char for char in line if not unicodedata.category(char).startswith("M"))


def signature(element: Any) -> tuple[Any, str]:
    """An element's kind: its tag and its class words, less what tells rows of one kind apart."""
    classes = element.get("class")
    if not classes:
        return element.tag, ""
    return element.tag, _class_kind(classes)


@functools.lru_cache(maxsize=4096)  # siblings of one kind share their class: asked of each, and of each again
def _class_kind(classes: str) -> str:
    return " ".join(sorted({word for word in STRIPE_NUMBER.sub("", classes).split() if word not in PLACE_WORDS}))


def _nearest_group(core: Any) -> tuple[Any, list[Any]] | None:
    """The nearest element from `core` up with MIN_ITEMS siblings of its kind (itself counted), and
    them; only the nearest counts: above it are the page's columns."""
    for item in (core, *core.iterancestors()):
        parent = item.getparent()
        if parent is None:
            return None
        kind = signature(item)
        siblings = [other for other in parent if signature(other) == kind]
        if len(siblings) >= MIN_ITEMS:
            return item, siblings
    return None


def _children_group(core: Any, under: dict[Any, float]) -> tuple[Any, list[Any]] | None:
    """When the kept text spans several children of `core` of one kind (the first posts of a
    thread), one of those children and all of `core`'s children of that kind."""
    kinds: dict[tuple[Any, str], float] = {}
    inside = [(child, signature(child)) for child in core if child in under]
    for child, kind in inside:
        kinds[kind] = kinds.get(kind, 0) + under[child]
    best = max(kinds, key=kinds.__getitem__, default=None)
    held = [child for child, kind in inside if kind == best]
    if len(held) < 2:
        return None
    return held[0], [child for child in core if signature(child) == best]


def depth(element: Any) -> int:
    return sum(1 for _ in element.iterancestors())


def _member(element: Any, members: set[Any]) -> Any:
    """The member `element` is inside, or None; None too inside one of the member's buttons."""
    while element is not None:
        if element in members:
            return element
        if element.tag in CONTROL_TAGS:
            return None
        element = element.getparent()
    return None


def _link_share(element: Any) -> float:
    words, links = link_words(element)
    return links / words if words else 1.0


def _declares_single(root: Any) -> bool:
    """Whether the page says it is one article or one product (og:type, or a JSON-LD @type)."""
    # lxml's walks by tag, in C, cost less than libxml2's XPaths over the whole page.
    for meta in root.iter("meta"):
        if "og:type" in (meta.get("property"), meta.get("name")) and (content := meta.get("content")) is not None:
            if content.strip().lower().rpartition(":")[2].startswith(SINGLE_OG_TYPES):  # a site's own "shop:product" too
                return True
    return any(not SINGLE_LD_TYPES.isdisjoint(declared_types(data)) for data in documents(root))
