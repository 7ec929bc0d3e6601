"""A page's whole visible text, as a simple scraper dumps it: what the steps around the extractor
(the fallback, gaps put back, repeated groups, listing entries) compare its extraction with."""

from __future__ import annotations

import functools
import re
from typing import Any, Container

from .prepare import HIDING_STYLE
from .text import block_words, folds

# Elements that start a new block of text, as a browser lays them out, and elements whose text no
# reader sees. A page's text dump (page_text) puts each block on its own line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body button caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main menu nav noscript ol option p pre section "
    "summary table tbody td tfoot th thead title tr ul".split()
)
UNSEEN_TAGS = frozenset("script style template svg iframe object canvas select head".split())
# The elements whose text the furniture share leaves out of an element's words, as page_text leaves
# them (and those with a `hidden` attribute) out of the page's: an inline script may hold more words
# than the page shows.
UNSEEN_TEXT_TAGS = tuple(sorted(UNSEEN_TAGS - {"head"}))
# A page's furniture, as its markup names it: the site's header, footer, menus, sidebars and forms
# (search, sign-in, newsletter), dialogs (a sign-in or offer popup) and buttons, and what ARIA
# landmark roles say is one of those; and what the page hides (display:none, aria-hidden).
FURNITURE_TAGS = frozenset("header footer nav aside form dialog button".split())
FURNITURE_ROLES = frozenset("banner navigation contentinfo complementary search dialog alertdialog".split())
# A <header> is the site's (ARIA banner) only outside these: inside an <article> it holds the article's
# headline and standfirst. A <footer> stays furniture anywhere: one inside holds tags, dates, share links.
SECTIONING_TAGS = frozenset("article aside main nav section".split())
# And what the class or id names as the site's menus, sidebars, footer or breadcrumbs, when most of
# its text is links (a region named "sub-menu" may hold the page's intro).
FURNITURE_WORDS = ("nav", "navbar", "navigation", "menu", "menus", "sidebar", "footer", "breadcrumb", "breadcrumbs")
FURNITURE_STEMS = ("nav", "menu", "sidebar", "footer", "breadcrumb")  # one is in each word: looked for first
FURNITURE_STEM = re.compile("|".join(FURNITURE_STEMS))
FURNITURE_NAME = re.compile(rf"(?:^|[\s_-]|(?<=[a-z])(?=[A-Z]))(?i:{'|'.join(FURNITURE_WORDS)})(?=$|[\s_A-Z-])")
FURNITURE_MIN_LINK_SHARE = 0.5
# Of the words the page shows (shown_words): a page may wrap its whole body in a <header> or a
# <form>, which then holds more than half of them; a site's header or a hidden tab holds less.
FURNITURE_MAX_SHARE = 0.5
MARKING_KEYS = frozenset(("role", "aria-hidden", "style"))  # the attributes _marked reads


def page_text(tree: Any, owned: list[tuple[str, Any]] | None = None, left_out: Container[Any] = frozenset()) -> str:
    """The page's whole visible text as a simple scraper dumps it: the title first, then every
    block of the body on its own line (a <br> breaks a line), a blank line between blocks;
    scripts, styles and hidden elements left out, and the elements in `left_out` (the text after
    each stays; a set, or Furniture, which judges each element the walk comes to). `owned`, when
    given, gets each line of the body with the innermost block element it is in. The tree is one
    without comments (as prune's parser makes it): the walk asks for no comment events, so the text
    after a comment would be lost."""
    from lxml import etree

    blocks: list[str] = []
    run: list[str] = []  # the block's pieces of text so far, none of them empty
    opened: list[Any] = []  # the block elements the walk is inside

    def close_block() -> None:  # called only when `run` holds pieces: most blocks start or end right after another
        text = "".join(run)
        run.clear()
        if text.isspace():  # the indentation between blocks (str.split and isspace agree on what a space is)
            return
        if "\n" not in text:  # most blocks: one line, not empty (it is not all spaces)
            line = " ".join(text.split())
            blocks.append(line)
            if owned is not None:
                owned.append((line, opened[-1] if opened else None))
            return
        lines = [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]
        if lines:
            blocks.append("\n".join(lines))
            if owned is not None:
                owner = opened[-1] if opened else None
                owned.extend((line, owner) for line in lines)

    root = tree.getroottree().getroot()
    head, body = _head_and_body(root)
    title = _title(root, head, left_out)
    if title:
        blocks.append(title)
    walk = etree.iterwalk(root if body is None else body, events=("start", "end"))
    skip, add = walk.skip_subtree, run.append
    kinds: dict[Any, str] = {}  # by tag: "unseen", "block", "br", "" (inline)
    for event, element in walk:  # elements only: the walk reports no comment (no "comment" event asked)
        if event == "end":  # of a block the walk opened, or not: its tag need not be read again
            if opened and opened[-1] is element:
                if run:
                    close_block()
                opened.pop()
            if tail := element.tail:
                add(tail)
            continue
        kind = kinds.get(element.tag)
        if kind is None:
            kind = kinds[element.tag] = _tag_kind(element.tag)
        if kind == "unseen" or element.get("hidden") is not None:
            skip()
            # A hidden block ends the block before it, one left out does not (as if it were not
            # there): here, as at its end, where nothing was added since.
            if kind == "block" and run and element not in left_out:
                close_block()
            continue
        if element in left_out:
            skip()
            continue
        if kind == "block":
            if run:
                close_block()
            opened.append(element)
        elif kind == "br":
            add("\n")
        if text := element.text:  # each read makes a new string
            add(text)
    if run:
        close_block()
    return "\n\n".join(blocks)


def line_folds(owned: list[tuple[str, Any]]) -> tuple[str, ...]:
    """text.folds of the page's lines (`owned`, as page_text gives them), in their order. The last
    page's are kept: SL016 and SL017 both ask for them."""
    return _folds_of(tuple(line for line, _ in owned))


@functools.lru_cache(maxsize=1)
def _folds_of(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(folds("\n".join(lines)))  # page_text's lines hold no line break


def titled(root: Any) -> bool:
    """Whether page_text of the page (nothing left out) starts with its title."""
    return _title(root, _head_and_body(root)[0], frozenset()) is not None


def _title(root: Any, head: Any, left_out: Container[Any]) -> str | None:
    """The title page_text puts first, its spaces tidied: the <head>'s, else the first <title> not
    left out; None when there is none or it is all spaces."""
    title = head.findtext(".//title") if head is not None else None
    if title is None:
        title = _title_outside(root, left_out)
    return " ".join(title.split()) if title and not title.isspace() else None


def _title_outside(root: Any, left_out: Container[Any]) -> str | None:
    """root.findtext(".//title") but of the first <title> not in an element left out (an icon's,
    in a share bar)."""
    for title in root.iterfind(".//title"):
        if not _inside(title, left_out):
            return title.text or ""
    return None


def _head_and_body(root: Any) -> tuple[Any, Any]:
    """The page's <head> when it is the first element under <html> (None when not), and its first
    <body> (first_body)."""
    from lxml.etree import Element

    head = next(root.iterchildren(Element), None)
    return head if head is not None and head.tag == "head" else None, first_body(root)


def first_body(root: Any) -> Any:
    """root.find(".//body"): the page's first <body> in document order, None when there is none. The
    parser puts it right under <html>, where it is found without a search through the page (lxml's
    `.//body` from the root costs 0.2 to 0.5 ms a page); the elements before it are searched for one."""
    from lxml.etree import Element

    body = root.find("body")
    if body is None or any(before.find(".//body") is not None for before in body.itersiblings(Element, preceding=True)):
        body = root.find(".//body")
    return body


def _tag_kind(tag: Any) -> str:
    if not isinstance(tag, str):
        return "other"
    tag = tag.lower()
    return "unseen" if tag in UNSEEN_TAGS else "block" if tag in BLOCK_TAGS else "br" if tag == "br" else ""


class Furniture:
    """A page's furniture, judged element by element when asked about, each once: an element is left
    out on its own account when it is marked (_marked) and holds at most FURNITURE_MAX_SHARE of the
    page's words (the root excepted), or is named (_named_furniture) and a list of links; it is in the
    furniture when it or an ancestor is left out. What is inside an element left out needs no judging,
    and the page's words are counted once, from its page_text (`text`, when made already: page_text
    of the tree with nothing left out): what a reader is shown, without its scripts, styles and hidden
    parts. An element's words are those of its text but for what page_text leaves out in it
    (_unseen_words), counted only past the share, and read only when the words of the page's lines
    inside it (`owned`, when given: page_text's lines with their block elements) do not pass it
    already. One instance serves the furniture-less page text and the tests of its lines (SL016, SL008, SL017)."""

    def __init__(self, tree: Any, text: str = "", owned: list[tuple[str, Any]] | None = None) -> None:
        self.root = tree.getroottree().getroot()
        self.text = text
        self.owned = owned  # the page's lines with their block elements, when page_text gave them already
        self.shown: dict[Any, float] | None = None  # from `owned`: the words of the lines inside each element
        self.most: float | None = None  # FURNITURE_MAX_SHARE of the page's words
        self.unseen: dict[Any, float] = {}  # what page_text leaves out (_unseen): its words
        self.judged: dict[Any, bool] = {}
        self.inside: dict[Any, bool] = {}  # an element: whether it is in the furniture

    def __call__(self, element: Any) -> bool:
        """Whether the element is in the page's furniture: it or an ancestor is left out. The lines
        of a page share their ancestors: each element's answer is kept for the elements below it."""
        walked: list[Any] = []
        found = False
        item = element
        while item is not None:
            known = self.inside.get(item)
            if known is not None:
                found = known
                break
            walked.append(item)
            if self.own(item):
                found = True
                break
            item = item.getparent()
        for item in walked:
            self.inside[item] = found
        return found

    def page_text(self) -> str:
        """page_text of the page less what is in its furniture."""
        return page_text(self.root, left_out=self)

    def own(self, element: Any) -> bool:
        """Whether the element is left out on its own account."""
        left_out = self.judged.get(element)
        if left_out is None:
            left_out = self.judged[element] = self._judge(element)
        return left_out

    __contains__ = own  # page_text's `left_out`: asked of every element the walk comes to

    def _judge(self, element: Any) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False
        # Most elements have no furniture tag and none of MARKING_KEYS: _marked need not read them.
        keys = element.keys()
        if (tag.lower() in FURNITURE_TAGS or not MARKING_KEYS.isdisjoint(keys)) and _marked(element):
            return element is not self.root and not self._shows_more(element) and self._few(element, element_words(element))
        # keys() first: lxml's get() parses its key on every call, and most elements have no id.
        if not ("class" in keys and _named_furniture(element.get("class")) or "id" in keys and _named_furniture(element.get("id"))):
            return False
        # A list of links: at least FURNITURE_MIN_LINK_SHARE of its words are links (counted only within the bound).
        if self._shows_more(element):
            return False
        count = element_words(element)
        return 0 < count and self._few(element, count) and _linked_words(element) >= FURNITURE_MIN_LINK_SHARE * count

    def _few(self, element: Any, count: float) -> bool:
        """Whether the element's words are at most FURNITURE_MAX_SHARE of the page's (shown_words of
        its page_text). `count`, its element_words, holds the words of what page_text leaves out in it
        too (_unseen_words): they are counted and taken off only when it passes the share with them."""
        most = self._most()
        return count <= most or count - self._unseen_words(element) <= most

    def _most(self) -> float:
        if self.most is None:
            self.most = FURNITURE_MAX_SHARE * shown_words(self.text or page_text(self.root), titled(self.root))
        return self.most

    def _shows_more(self, element: Any) -> bool:
        """Whether the words of the page's lines inside the element (`owned`) pass the share: then its
        words less those page_text leaves out, of which those lines are made (their pieces joined
        without a space, which makes no more words), pass it too. Its text is not read: a site's
        header or a page-wide form holds the page's scripts, and their elements nest."""
        if self.owned is None:
            return False
        if self.shown is None:
            self.shown = _words_inside(self.owned)
        return self.shown.get(element, 0) > self._most()

    def _unseen_words(self, element: Any) -> float:
        """The words (element_words) of what in the element page_text leaves out (UNSEEN_TEXT_TAGS, and
        elements with a `hidden` attribute), each counted once for the page: what is inside another
        of them is counted with it."""
        found = dict.fromkeys((*element.iter(*UNSEEN_TEXT_TAGS), *element.iterfind(".//*[@hidden]")))
        total = 0.0
        for unseen in found:
            count = self.unseen.get(unseen)
            if count is None:
                inside = any(_unseen(ancestor) for ancestor in unseen.iterancestors())
                count = self.unseen[unseen] = 0 if inside else element_words(unseen)
            total += count
        return total


def _words_inside(owned: list[tuple[str, Any]]) -> dict[Any, float]:
    """The words (text.block_words) of the lines of `owned` inside each element, by element: each
    owner's lines counted, then passed up a level at a time, where the siblings' counts meet."""
    level: dict[Any, float] = {}
    for line, owner in owned:
        if owner is not None:
            level[owner] = level.get(owner, 0) + block_words(line)
    inside: dict[Any, float] = {}
    while level:
        above: dict[Any, float] = {}
        for element, count in level.items():
            inside[element] = inside.get(element, 0) + count
            parent = element.getparent()
            if parent is not None:
                above[parent] = above.get(parent, 0) + count
        level = above
    return inside


def shown_words(text: str, has_title: bool) -> float:
    """The words (text.block_words) the page whose page_text is `text` shows in its body, as the
    furniture share counts them: less its title when page_text put one first (`has_title`), which no
    reader sees in the body, or sees there twice (a <title> in the body)."""
    if not has_title:
        return block_words(text)
    return max(0, block_words(text) - block_words(text.split("\n\n", 1)[0])) if text else 0


def _unseen(element: Any) -> bool:
    """Whether page_text leaves the element out as unseen, but for the <head> (what _unseen_words counts)."""
    return _tag_kind(element.tag) == "unseen" and element.tag.lower() != "head" or element.get("hidden") is not None


def _marked(element: Any) -> bool:
    """Whether the element's tag, role or hiding marks it as furniture (FURNITURE_TAGS but a <header> inside
    SECTIONING_TAGS, FURNITURE_ROLES)."""
    tag = element.tag.lower()
    return bool(
        (tag in FURNITURE_TAGS and (tag != "header" or not _in_sectioning(element)))
        or (element.get("role") or "").lower() in FURNITURE_ROLES
        or element.get("aria-hidden") == "true" or HIDING_STYLE.search(element.get("style") or "")
    )


def _in_sectioning(element: Any) -> bool:
    """Whether an ancestor of the element is one of SECTIONING_TAGS."""
    return any(isinstance(ancestor.tag, str) and ancestor.tag.lower() in SECTIONING_TAGS for ancestor in element.iterancestors())


def _inside(element: Any, elements: Container[Any]) -> bool:
    """Whether one of the element's ancestors is in `elements`."""
    return bool(elements) and any(ancestor in elements for ancestor in element.iterancestors())


def _named_furniture(value: str | None) -> bool:
    """Whether a class or id value names a menu, sidebar, footer or breadcrumb trail (FURNITURE_NAME)."""
    if not value:
        return False
    # A search for the stems first: the pattern's costs more, and seldom matches.
    return FURNITURE_STEM.search(value.lower()) is not None and FURNITURE_NAME.search(value) is not None


def link_words(element: Any) -> tuple[float, float]:
    """The words of the element's text (text.block_words), and how many of them are inside its links."""
    return element_words(element), _linked_words(element)


def element_words(element: Any) -> float:
    """The words (text.block_words) of all the element's text, as itertext gives it."""
    return block_words(" ".join(element.itertext()))


def _linked_words(element: Any) -> float:
    return sum(map(element_words, element.iter("a")))
