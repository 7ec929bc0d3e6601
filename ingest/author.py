"""A page's author as trafilatura's `metadata.extract_author` finds it, without its XPath queries.

trafilatura asks libxml2 for `//*[self::a or ... or re:test(@class, ...)]`, four such queries per
page; libxml2 evaluates a long predicate like these at microseconds per element, so that on a page
of a few thousand elements the author cost as much as all the rest of the metadata. Here the same
tests run in Python, every query's in one pass over the page, and a page where no element could
name an author is not copied at all, nor one where no element that could is inside or around what
trafilatura cuts out first. tests/test_author.py holds the tests against trafilatura's
own queries, so that a trafilatura that changes them is noticed; at run time, a trafilatura whose
queries are not the ones mirrored here finds the author itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# sha256 (first 16 hex digits) of the author and discard queries' source in trafilatura 2.3.1
MIRRORED = "25bd9dc701d833cf"
LENGTH_LIMIT = 120  # extract_author's len_limit

# trafilatura.xpaths.AUTHOR_XPATHS, in order; the tags each query is limited to (None: any).
QUERY_TAGS = (
    frozenset("a address div link p span strong".split()),
    frozenset("a div h3 h4 p span".split()),
    None,
)
CLASS_AUTHOR_NAME = re.compile("author-?name|AuthorName|authorName")
ID_AUTHOR = re.compile("author|zuozhe|bianji|xiaobian")
CLASS_AUTHOR = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
ID_ANY_AUTHOR = re.compile("[Aa]uthor")
CLASS_ANY_AUTHOR = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# What a class or id must hold for one of the tests above to hold (a quick test for most elements).
ANY_CLASS = re.compile("[Aa]uthor|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name|screenname|writer|[Bb]yline")
EXACT_CLASSES = frozenset(("byline", "username", "byl", "BBL"))
ANY_ID = re.compile("[Aa]uthor|zuozhe|bianji|xiaobian")
ASKED = frozenset(("class", "id", "itemprop", "data-testid", "rel", "data-component"))  # the attributes the queries test

# The first of trafilatura.xpaths.AUTHOR_DISCARD_XPATHS (the second, //time|//figure, is used as it is).
DISCARD_TAGS = frozenset("a div section span".split())
DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


def author(tree: Any) -> str | None:
    """What `trafilatura.metadata.extract_author(tree)` returns: the first text of 3 to 119 characters
    of an element the author queries find, in their order, once comments, sidebars, dates and
    figures are cut out of a copy of the page; normalised as trafilatura normalises authors."""
    from copy import deepcopy

    from lxml.etree import Element
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.xml import delete_element
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    if not mirrors_trafilatura():
        from trafilatura.metadata import extract_author

        return extract_author(tree)
    # `rel='me'` is a child's text, which cutting elements out can change; no other test is.
    rel = any(True for _ in tree.iter("rel"))
    found: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    for element in tree.iter(Element):
        for number in _queries(element, rel):
            found[number].append(element)
    if not any(found):
        return None  # cutting elements out of the page makes none match
    if rel or any(_cut_into(element, tree) for element in {*found[0], *found[1], *found[2]}):
        # Cut out of a copy, as trafilatura does: cutting joins the text around what it cuts.
        subtree = deepcopy(tree)
        for element in [element for element in subtree.iterdescendants(Element) if _discarded(element)]:
            delete_element(element)
        for expression in AUTHOR_DISCARD_XPATHS[1:]:
            for element in expression(subtree):
                delete_element(element)
        found = ([], [], [])
        for element in subtree.iter(Element):
            for number in _queries(element, rel):
                found[number].append(element)
    text = _first_text(found)
    return normalize_authors(None, text) if text else text


def _cut(element: Any) -> bool:
    """Whether trafilatura cuts the element out before it asks for the author: AUTHOR_DISCARD_XPATHS."""
    return element.tag in ("time", "figure") or _discarded(element)


def _cut_into(element: Any, root: Any) -> bool:
    """Whether cutting elements out of the page below `root` (never `root` itself) takes the element,
    or some of its text, away. Where it does not, the element and its text are the same in the cut
    copy: what the cut joins lies outside it."""
    from lxml.etree import Element

    node = element
    while node is not None and node is not root:
        if _cut(node):
            return True
        node = node.getparent()
    return any(_cut(node) for node in element.iterdescendants(Element))


@lru_cache(maxsize=1)
def mirrors_trafilatura() -> bool:
    """Whether the installed trafilatura's author queries are those this module mirrors."""
    import hashlib

    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    source = "\0".join(query.path for query in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS))
    return hashlib.sha256(source.encode()).hexdigest()[:16] == MIRRORED


def _queries(element: Any, rel: bool = True) -> tuple[int, ...]:
    """The numbers of the author queries that select the element (`rel`: the page has <rel> elements)."""
    get, tag = element.get, element.tag
    if not (rel or tag == "author" or ASKED.intersection(element.keys())):
        return ()  # most elements have none of the attributes the queries ask about
    css, ident, itemprop, testid = get("class") or "", get("id") or "", get("itemprop") or "", get("data-testid")
    if not (
        tag == "author" or rel or itemprop or testid or get("rel") == "author" or get("data-component")
        or css and _may_name(css) or ident and ANY_ID.search(ident)
    ):
        return ()  # most elements: no query can select them
    chosen: list[int] = []
    if tag == "author" or tag in QUERY_TAGS[0] and (  # type: ignore[operator]
        get("rel") == "author"
        or ident == "author"
        or css == "author"
        or itemprop == "author name"
        or rel and any(child.tag == "rel" and child.xpath("string()") == "me" for child in element)
        or testid in ("AuthorCard", "AuthorURL")
        or CLASS_AUTHOR_NAME.search(css)
    ):
        chosen.append(0)
    if tag in QUERY_TAGS[1] and (  # type: ignore[operator]
        css in ("byline", "username", "byl", "BBL") or "author" in itemprop or ID_AUTHOR.search(ident) or CLASS_AUTHOR.search(css)
    ):
        chosen.append(1)
    if "Byline" in (get("data-component") or "") or "author" in itemprop or ID_ANY_AUTHOR.search(ident) or CLASS_ANY_AUTHOR.search(css):
        chosen.append(2)
    return tuple(chosen)


@lru_cache(maxsize=4096)
def _may_name(css: str) -> bool:
    """Whether a class attribute can be one the queries ask about: a page repeats its classes."""
    return css in EXACT_CLASSES or ANY_CLASS.search(css) is not None


def _discarded(element: Any) -> bool:
    get = element.get
    ident, css = get("id") or "", get("class") or ""
    return element.tag in DISCARD_TAGS and (
        ident == "comments"
        or css in ("comments", "title", "date")
        or bool(ident and DISCARD_ID.search(ident))
        or bool(css and DISCARD_CLASS.search(css))
        or "Figure" in (get("data-component") or "")
    )


def _first_text(found: tuple[list[Any], ...]) -> str | None:
    """trafilatura.metadata.extract_metainfo over the queries' elements."""
    from trafilatura.utils import trim

    for elements in found:
        for element in elements:
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < LENGTH_LIMIT:
                return content
    return None
