"""`html`: remove page furniture from the parsed page before the extractor sees it.

An element matches by tag, by what its attributes say it is (class, id, role, aria-label and
data-* values, split into tokens), by being hidden, or by being a tracking pixel. A matched
element that holds most of the page's text is kept: a share bar class on the article's wrapper
must not take the article with it.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ..document import Finding, Line
from ..regex_programs import unkept
from ..prefilter import fold, minimal
from .base import Option, Patterns, Record, Rule

if TYPE_CHECKING:
    from ..prepare import PageWalk

HIDDEN_STYLE = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
SIZE = re.compile(r"^\s*[01](?:px)?\s*$")
KEPT_TAGS = {"html", "body", "main", "article"}
# Blog engines name each post's entry `post-<id>` and a single post's page `postid-<id>` on <body>.
PAGE_POST = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
ENTRY_POST = re.compile(r"(?:^|\s)post-(\d+)(?:\s|$)")
CAMEL_CASE = re.compile(r"([a-z])(?=[A-Z])")  # a word's last letter before the next's capital ("shareBar")
DESCRIBING = frozenset(("class", "id", "role", "aria-label"))  # and data-*: the attributes attribute_words reads
HIDING_KEYS = frozenset(("hidden", "aria-hidden", "style"))  # the attributes that may hide an element (_hiding)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SLUG_WORD = re.compile(r"[^\W_]+")
# A data-* value of more words is text a script shows (a product's blurb, a review), not a name for
# the element: "a dial in our signature style" says nothing of what holds it.
DATA_NAME_WORDS = 4
SPANNED_LINES = 100  # lines a start tag may span (attributes one per line, JSON in one)


class Page:
    """The elements a page's html rules may match: those with the rules' tags, those with hiding
    attributes, and the owners of the attribute values that say what an element is (class, id,
    role, aria-label, data-*), gathered in one pass over the page's elements. In document order,
    an element's attribute values come after it and before its children. (One XPath query for
    all of them cost libxml2 more than this pass: it sorts the attribute nodes it finds.)"""

    def __init__(
        self, root: Any, rules: list[HtmlRule], held: list[Any] | None = None, source: str | None = None, seen: PageWalk | None = None
    ) -> None:
        """`held`, when given, gets every node of the page (see prune.prune); `source`, the HTML it was
        parsed from, places the findings (`column`); `seen`, when given, what prepare.prepare looks
        at, when the rules have the pass read the attribute values (then its lists are set)."""
        self.source = source
        self.source_lines: list[str] | None = None
        self.placed: set[tuple[int, int]] = set()  # (line, column) of the start tags findings took
        tags = set().union(*(rule.wanted_tags() for rule in rules))
        everything = any(rule.pieces is None for rule in rules)
        hiding = any(rule.opts["hidden"] for rule in rules)
        describing = any(rule.pieces or rule.opts["other_posts"] for rule in rules)
        self.items: list[Any] = []  # an element for itself, or as the owner of one of its values
        self.elements: list[int] = []  # where an element stands for itself
        self.values: list[int] = []  # where an element stands for one of its attribute values
        texts: list[str] = []
        nodes = list(root.getroottree().iter())  # as XPath's //: the whole document
        if held is not None:
            held += nodes
        # The loop runs for every node of every page: its lists' methods are looked up once.
        items, add_item, add_element, add_value, add_text = self.items, self.items.append, self.elements.append, self.values.append, texts.append
        controls: list[Any] = []
        for element in nodes:
            tag = element.tag
            if tag.__class__ is not str:
                continue  # a comment or processing instruction
            keys = element.keys() if describing or hiding else ()  # names only: most values are not wanted
            if everything or tag in tags or hiding and keys and not HIDING_KEYS.isdisjoint(keys):
                add_element(len(items))
                add_item(element)
            if describing:
                for key in keys:
                    if key in DESCRIBING or key[:5] == "data-":
                        add_value(len(items))
                        add_item(element)
                        add_text(element.get(key))
                    elif key == "aria-controls":
                        controls.append(element)
        # UTF-8: the pieces are ASCII, found in it where they are in the text, and the automaton's
        # places in a str cost a count of its characters
        self.folded = fold("\x00".join(texts)).encode()
        self.starts = list(accumulate(map((1).__add__, map(len, self.folded.split(b"\x00"))), initial=0))  # in C: a value for each
        if seen is not None and describing:
            seen.classed, seen.controls, seen.holding = self._classed(), controls, self.holding

    def _classed(self) -> list[Any]:
        """The elements whose class holds "hid" or "--", in document order: found in the folded values
        (which hold every ASCII string the values hold), then asked of the class itself."""
        found = self._holding(("hid", "--"), set())
        return [element for element in self._in_order(found) if (classes := element.get("class")) and ("hid" in classes or "--" in classes)]

    def holding(self, pieces: tuple[str, ...]) -> list[Any]:
        """The elements with a value whose folded form holds one of the (ASCII, lower-case) pieces, in document order."""
        return self._in_order(self._holding(pieces, set()))

    def _holding(self, pieces: tuple[str, ...], found: set[int]) -> set[int]:
        """`found` with where each element stands for a value whose folded form holds one of the (ASCII) pieces."""
        finder = _finder(pieces)
        if finder is not None:
            # One pass for all the pieces, not a find pass each over the page's values. The matches do
            # not overlap, and need not: a piece's place left out is inside a match, in the same value.
            for _, start, _ in finder.find_matches_as_indexes(self.folded):
                found.add(self.values[bisect_right(self.starts, start) - 1])
            return found
        for piece in pieces:
            wanted = piece.encode("ascii")
            start = self.folded.find(wanted)
            while start != -1:
                found.add(self.values[bisect_right(self.starts, start) - 1])
                start = self.folded.find(wanted, start + 1)
        return found

    def _in_order(self, found: set[int]) -> list[Any]:
        """The elements at the places `found`, each once, in document order."""
        elements: list[Any] = []
        for at in sorted(found):
            element = self.items[at]
            if not elements or elements[-1] is not element:
                elements.append(element)
        return elements

    def place(self, element: Any) -> tuple[int, int]:
        """The 1-based line and column of the element's start tag in the source. lxml gives a line only:
        where the start tag ends (a minified page is all one line). So: the first `<tag` on that line
        whose attribute values are the element's and that no earlier finding took, else the last `<tag`
        on the lines just above (a start tag over several lines); column 1 without the source or such
        a tag (one the parser made)."""
        number = element.sourceline or 1
        if self.source is None:
            return number, 1
        if self.source_lines is None:
            self.source_lines = self.source.split("\n")  # libxml2 counts lines by line feeds
        lines = self.source_lines
        opening = unkept(f"<{re.escape(str(element.tag))}(?=[\\s/>]|$)", re.IGNORECASE)  # a page may make up its tags
        values = [value for _, value in element.items()[:3] if value]
        for at in range(number, max(0, number - SPANNED_LINES), -1):
            if at > len(lines):
                break
            line = lines[at - 1]
            if at < number:  # the tag begins here and ends on the element's line
                starts = [match.start() for match in opening.finditer(line)]
                if starts:
                    return at, starts[-1] + 1
                continue
            # The tags in order up to the first that fits and is free (on a minified page the line
            # is the page: not every `<div` of it); else the first free one, else the first.
            first = free = None
            for match in opening.finditer(line):
                start = match.start()
                first = start if first is None else first
                if (at, start) in self.placed:
                    continue
                if all(value in _start_tag(line, start) for value in values):
                    self.placed.add((at, start))
                    return at, start + 1
                free = start if free is None else free
            if free is not None:
                self.placed.add((at, free))
                return at, free + 1
            if first is not None:
                return at, first + 1
        return number, 1

    def candidates(self, rule: HtmlRule) -> list[Any]:
        """The elements `rule` may match, in document order: a cheap test that keeps every one it matches."""
        if rule.pieces is None:
            return [self.items[at] for at in self.elements]
        tags, hidden = rule.wanted_tags(), rule.opts["hidden"]
        found = {at for at in self.elements if self.items[at].tag in tags or hidden and _hiding(self.items[at])}
        # A piece is ASCII (see HtmlRule._pieces); an entry of another post has "post-" in its class.
        return self._in_order(self._holding(rule.pieces + (("post-",) if rule.opts["other_posts"] else ()), found))


@functools.lru_cache(maxsize=64)
def _finder(pieces: tuple[str, ...]) -> Any:
    """The Aho-Corasick automaton of the (ASCII) pieces, those of a rule or of a search of the page's
    values, over bytes: None without ahocorasick_rs (the `fast` extra), or with fewer than two pieces."""
    if len(pieces) < 2:
        return None
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    # Leftmost-first: the automaton's fast search (with the standard kind, a slower one than str.find)
    return ahocorasick_rs.BytesAhoCorasick([piece.encode("ascii") for piece in pieces], matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)


def _hiding(element: Any) -> bool:
    return any(element.get(key) is not None for key in HIDING_KEYS)


def _start_tag(line: str, start: int) -> str:
    """The start tag at `start` of a source line, or the rest of the line when it goes on to the next."""
    end = line.find(">", start)
    return line[start:] if end == -1 else line[start : end + 1]


def describe(element: Any) -> str:
    """A short selector-like name: tag#id.class."""
    name = str(element.tag)
    if element.get("id"):
        name += "#" + element.get("id")
    if element.get("class"):
        name += "".join("." + c for c in element.get("class").split()[:3])
    return name


def attribute_words(element: Any) -> str:
    """What an element's attributes say it is, as space-separated lower-case tokens."""
    name = element.get("id", "")
    if name and _is_anchor(element, name):
        name = ""
    values = [element.get("class", ""), name, element.get("role", ""), element.get("aria-label", "")]
    values += [value for key, value in element.attrib.items() if key.startswith("data-") and len(value.split()) <= DATA_NAME_WORDS]
    # Words split at spaces, "_", "-" and camel case, in C passes over all the values at once.
    spaced = CAMEL_CASE.sub(r"\1 ", " ".join(values)).replace("_", " ").replace("-", " ")
    return " " + " ".join(spaced.lower().split()) + " "


def _is_anchor(element: Any, name: str) -> bool:
    """A heading whose id spells its own text ("sharing-data" on "Sharing data") names a link
    target, not what the element is: a section titled "Sharing" is no share bar."""
    if str(element.tag).lower() not in HEADINGS:
        return False
    return SLUG_WORD.findall(name.lower()) == SLUG_WORD.findall(element.text_content().lower())


class HtmlRule(Rule):
    kind = "html"
    phase = 0  # before extraction; not a text rule
    options = {
        "tags": Option(list, [], list_of=str),
        # regexes searched in the attribute words, e.g. ' share ' or ' (related|recommended) '
        "attributes": Option(list, [], list_of=str),
        "hidden": Option(bool, False),
        "pixel": Option(bool, False),
        "src_regex": Option(list, [], list_of=str),
        "max_text_share": Option(float, 0.5),  # keep a matched element that holds more of the page's text
        # keep a matched element whose text is mostly not links (lists of links are furniture, prose is not)
        "min_link_share": Option(float, 0.0),
        # on a single post's page, the entries of other posts (related, next, popular)
        "other_posts": Option(bool, False),
    }

    def setup(self) -> None:
        self.attributes = Patterns([], self.opts["attributes"])
        self.sources = Patterns([], self.opts["src_regex"])
        self.tags = {t.lower() for t in self.opts["tags"]}
        if not (self.tags or self.attributes or self.opts["hidden"] or self.opts["pixel"] or self.opts["other_posts"]):
            raise ValueError("an html rule needs `tags`, `attributes`, `hidden`, `pixel` or `other_posts`")
        self.pieces = self._pieces()

    def _pieces(self) -> tuple[str, ...] | None:
        """Strings one of which the folded attribute values of every element matched by `attributes`
        hold; None when the patterns need none (then every element may match)."""
        if not self.attributes:
            return ()
        needs = self.attributes.required_literals() if not self.attributes.search("  ") else None  # "  ": no words at all
        if needs is None:
            return None
        # A needed string without spaces lies inside one word, and a word inside one attribute value;
        # folded, the value holds every ASCII string the word holds (tests/kinds/test_html.py).
        pieces = tuple(sorted(minimal(max(need.split(), key=len, default="") for need in needs)))
        # No NUL: the automaton searches the values joined by NULs (_finder).
        return pieces if all(piece and piece.isascii() and "\x00" not in piece for piece in pieces) else None

    def wanted_tags(self) -> set[str]:
        return self.tags | ({"img"} if self.opts["pixel"] else set())

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        return lines, []  # acts on the tree (apply_tree), never on text lines

    def matches(self, element: Any, words: dict[Any, str] | None = None) -> bool:
        """`words` keeps each element's attribute words for the other html rules of the same page."""
        tag = str(element.tag).lower()
        if tag in self.tags:
            return True
        if self.opts["pixel"] and tag == "img" and self._is_pixel(element):
            return True
        if self.opts["hidden"] and (
            element.get("hidden") is not None
            or element.get("aria-hidden", "").lower() == "true"
            or HIDDEN_STYLE.search(element.get("style", ""))
        ):
            return True
        if not self.attributes:
            return False
        if words is None:
            return self.attributes.search(attribute_words(element)) is not None
        said = words.get(element)
        if said is None:
            said = words[element] = attribute_words(element)
        return self.attributes.search(said) is not None

    def _is_pixel(self, element: Any) -> bool:
        tiny = SIZE.match(element.get("width", "9")) and SIZE.match(element.get("height", "9"))
        hidden = HIDDEN_STYLE.search(element.get("style", ""))
        source = self.sources and self.sources.search(element.get("src", ""))
        return bool(tiny or hidden or source)

    def apply_tree(self, root: Any, page_chars: Callable[[], int], words: dict[Any, str] | None = None, page: Page | None = None) -> list[Finding]:
        """Remove matching elements from the tree; one finding per element removed. `page` is the
        page's Page, shared by its html rules; `page_chars()`, the characters of the page's text
        before any element was removed (asked only of a page with an element to test)."""
        found = []
        page_post = _page_post(root) if self.opts["other_posts"] else None
        page = page or Page(root, [self])
        for element in page.candidates(self):
            if element.getparent() is None:
                continue
            other_post = page_post is not None and _is_other_post(element, page_post)  # even an <article>
            if not other_post and (str(element.tag).lower() in KEPT_TAGS or not self.matches(element, words)):
                continue
            if _detached(element):
                continue
            text = " ".join(element.text_content().split())
            if (chars := page_chars()) and len(text) > self.opts["max_text_share"] * chars:
                continue
            if self.opts["min_link_share"] and _link_chars(element) < self.opts["min_link_share"] * len(text):
                continue
            line, col = page.place(element)
            found.append(
                Finding(
                    rule_id=self.spec.id,
                    rule_name=self.spec.name,
                    severity=self.spec.severity,
                    line=line,
                    col=col,
                    action="drop",
                    message=f"{self.message} (<{describe(element)}>)",
                    text=text[:200],
                )
            )
            _remove(element)
        return found


def _link_chars(element: Any) -> int:
    """Characters of the element's text that sit inside links."""
    links = [element] if str(element.tag).lower() == "a" else element.iter("a")
    return sum(len(" ".join(link.text_content().split())) for link in links)


def _page_post(root: Any) -> str | None:
    """The id of the post a single post's page shows, from the body's classes."""
    from ..pagetext import first_body  # the HTML path's: not loaded before a page is

    body = first_body(root) if str(root.tag).lower() != "body" else root
    found = PAGE_POST.search(body.get("class", "")) if body is not None else None
    return found.group(1) if found else None


def _is_other_post(element: Any, page_post: str) -> bool:
    found = ENTRY_POST.search(element.get("class", ""))
    return found is not None and found.group(1) != page_post


def _detached(element: Any) -> bool:
    """True when an ancestor was already removed from the tree."""
    node = element
    while node.getparent() is not None:
        node = node.getparent()
    return str(node.tag).lower() != "html"


def _remove(element: Any) -> None:
    """Drop an element but keep the text that follows it (its tail belongs to the parent)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
