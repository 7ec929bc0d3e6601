"""A page's author as trafilatura's `metadata.extract_author` finds it, without its XPath queries.

trafilatura asks libxml2 for `//*[self::a or ... or re:test(@class, ...)]`, four such queries per
page; libxml2 evaluates a long predicate like these at microseconds per element, so that on a page
of a few thousand elements the author cost as much as all the rest of the metadata. Here the same
tests run in Python over the elements that can pass them: those whose class, id or data-* values the
html rules' walk of the page found holding one of the queries' words (`PageWalk.holding`) and those
libxml2 finds by their rel or itemprop attribute (one pass over the whole page where that walk is
missing or the page has <rel> or <author> elements). The page is not copied to cut
out what trafilatura cuts out first: an element inside what is cut is passed over, and one with
something cut inside it is copied alone. tests/test_author.py holds the tests against trafilatura's
own queries, so that a trafilatura that changes them is noticed; at run time, a trafilatura whose
queries are not the ones mirrored here finds the author itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
NOT_CLASS_ID_OR_REL = ASKED - {"class", "id", "rel"}
# What a class, id, data-testid or data-component value, folded (prefilter.fold), holds when a query can
# select its element by it ("byl" holds "byline"); the other attributes the queries test, asked of libxml2.
NAMING = ("author", "zuozhe", "bianji", "xiaobian", "channel-name", "submitted-by", "posted-by", "journalist-name", "screenname", "writer", "byl", "username", "bbl")
# By the attribute axis: libxml2 tests a predicate on each element at twice the cost.
NAMED_OTHERWISE = "//@rel[. = 'author']/.. | //@itemprop[contains(., 'author')]/.."

# The first of trafilatura.xpaths.AUTHOR_DISCARD_XPATHS (the second, //time|//figure, is used as it is).
DISCARD_TAGS = frozenset("a div section span".split())
DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


def author(tree: Any, holding: Callable[[tuple[str, ...]], list[Any]] | None = None) -> str | None:
    """What `trafilatura.metadata.extract_author(tree)` returns: the first text of 3 to 119 characters
    of an element the author queries find, in their order, once comments, sidebars, dates and
    figures are cut out of the page (as if out of a copy: the page is left as it is); normalised as trafilatura normalises authors.
    `holding`, for a page root: the page's elements with a value holding one of some pieces
    (prepare.PageWalk's, from the html rules' walk), which spares the walk of the page."""
    from copy import deepcopy

    from trafilatura.json_metadata import normalize_authors

    if not mirrors_trafilatura():
        from trafilatura.metadata import extract_author

        return extract_author(tree)
    # `rel='me'` is a child's text, which cutting elements out can change; no other test is.
    rel = any(True for _ in tree.iter("rel"))
    found = _selected(tree, rel, holding)
    if not any(found):
        return None  # cutting elements out of the page makes none match
    if rel:  # cut out of a copy of the page, as trafilatura does, and ask again
        text = _first_text(_selected(_cut_out(deepcopy(tree)), rel))
    else:  # an element matches or not as it did; only what is cut out of or around it counts
        text = _first_text(found, tree)
    return normalize_authors(None, text) if text else text


def _selected(tree: Any, rel: bool, holding: Callable[[tuple[str, ...]], list[Any]] | None = None) -> tuple[list[Any], list[Any], list[Any]]:
    """The elements each author query selects, in document order (`_queries`); `holding` as for `author`."""
    from lxml.etree import Element

    from .prepare import in_tree

    found: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    named = any(True for _ in tree.iter("author"))  # selected whatever they hold; seldom on a page
    elements = tree.iter(Element)
    if holding is not None and not (rel or named):
        # What may name the author by a class, id or data-* value, less what a rule removed since, and
        # by rel or itemprop: in document order, as libxml2 returns a union.
        root = tree.getroottree().getroot()
        elements = tree.xpath(f"$held | {NAMED_OTHERWISE}", held=[element for element in holding(NAMING) if in_tree(element, root)])
    for element in elements:
        # _queries' first tests, made here without a call for each element: most elements have
        # none of the attributes asked about, or only a class and an id (and a rel other than
        # "author", as links have) that no query can select.
        if not (rel or named):
            keys = element.keys()
            if ASKED.isdisjoint(keys):
                continue
            if NOT_CLASS_ID_OR_REL.isdisjoint(keys) and element.get("rel") != "author":
                css, ident = element.get("class"), element.get("id")
                if not (css and _may_name(css) or ident and ANY_ID.search(ident)):
                    continue
        for number in _queries(element, rel):
            found[number].append(element)
    return found


def _cut_out(subtree: Any) -> Any:
    """The subtree less what trafilatura cuts out of it first (AUTHOR_DISCARD_XPATHS), in its order;
    cutting joins the text around what it cuts."""
    from lxml.etree import Element
    from trafilatura.xml import delete_element
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    for element in [element for element in subtree.iterdescendants(Element) if _discarded(element)]:
        delete_element(element)
    for expression in AUTHOR_DISCARD_XPATHS[1:]:
        for element in expression(subtree):
            delete_element(element)
    return subtree


def _as_cut(element: Any, root: Any) -> Any:
    """The element as it is once trafilatura's cuts are made in the page below `root`: None when
    it is cut out with an element around it, itself when nothing inside it is cut, else a copy of
    it with those cuts made (no cut elsewhere changes its text: the tail of what is cut goes to
    the element before it or to its parent). The page is not copied."""
    from copy import deepcopy

    from lxml.etree import Element

    node = element
    while node is not None and node is not root:
        if _cut(node):
            return None
        node = node.getparent()
    if not any(_cut(node) for node in element.iterdescendants(Element)):
        return element
    return _cut_out(deepcopy(element))


def _cut(element: Any) -> bool:
    """Whether trafilatura cuts the element out before it asks for the author: AUTHOR_DISCARD_XPATHS."""
    return element.tag in ("time", "figure") or _discarded(element)


@lru_cache(maxsize=1)
def mirrors_trafilatura() -> bool:
    """Whether the installed trafilatura's author queries are those this module mirrors."""
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    from .mirrors import digest

    return digest("\0".join(query.path for query in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS))) == MIRRORED


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


def _first_text(found: tuple[list[Any], ...], root: Any = None) -> str | None:
    """trafilatura.metadata.extract_metainfo over the queries' elements; with `root`, over them as
    they are once the cuts are made below it (`_as_cut`)."""
    from trafilatura.utils import trim

    for elements in found:
        for element in elements:
            if root is not None and (element := _as_cut(element, root)) is None:
                continue
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < LENGTH_LIMIT:
                return content
    return None
