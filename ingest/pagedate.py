"""A page's date as htmldate's `find_date` finds it (fast mode, original date), without copying the page.

Where the URL, the meta tags and JSON-LD hold no date, `find_date` copies the whole tree it is
given, cuts media and a few other elements out of the copy and searches what is left. Here the
cuts are made in the page itself and undone once the date is found: every element cut out goes
back where it was, with the text it took with it, and the text it left to the element before it
is set back. The page's proxies are held (pipeline.py), so the searches also find them made. The
`<script>` elements holding JSON are found by lxml's walk of them, not by an XPath over the page.
The elements that may hold a date are tested by their attributes, each (name, value) answered
once (`_date_candidates`); the elements find_date's XPaths select are found by lxml's walks, which
cost a fraction of libxml2's XPath over the page; and the serialised page is searched for a pattern
only where a faster search finds what every match of it holds.
tests/test_pagedate.py compares the date, and the page after it, with htmldate's own; at run
time, an htmldate (or lxml.html) whose code is not the one mirrored here finds the date itself.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Modules, not their names: an htmldate that renames one still imports this module, and
# mirrors_htmldate sends it to find_date (a name looked up in a module costs little; an import
# statement run for each new attribute cost as much as the walk saved).
from htmldate import core as htmldate_core
from htmldate import extractors as htmldate_extractors

# sha256 (first 16 hex digits) of the source of htmldate 1.11.0's find_date, json_search,
# clean_html, discard_unwanted, remove_if_attached, date_candidates, is_date_candidate,
# idiosyncrasies_search, serialize and pattern_search, of lxml.html's drop_tree and tostring, and of
# the patterns TIMESTAMP_PATTERN, DATE_CORE_PATTERN and lxml.html's content-type meta, and of the
# XPath DISCARD_EXPRESSIONS
MIRRORED = "025e8a66d7831c5d"
# The date the page states (meta tags, time elements, URL); htmldate's extensive search through the
# whole text costs a third of the extraction and on article pages finds the same dates.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
JSON_SCRIPT_TYPES = ("application/ld+json", "application/settings+json")  # json_search's XPath
# In every match of TIMESTAMP_PATTERN (its time of day), found several times faster; its first ':'
# is at most CLOCK_AFTER characters after the start of the match (year, month, day, T, hour).
CLOCK = re.compile(r":[0-9]{2}:[0-9]{2}")
CLOCK_AFTER = 4 + 1 + 2 + 1 + 2 + 1 + 2
# Found exactly where DATE_CORE_PATTERN is (its first digits cut to one, its last to two), without
# its tries of one to four digits at every digit: idiosyncrasies_search finds nothing without it.
DATE_CORE = re.compile(r"[0-9][./][0-9]{1,2}[./][0-9]{2}")
# What lxml.html's tostring takes out of what it serialises (by a regex that starts so, pinned by
# mirrors_htmldate), found faster by str.find than by its re.sub: a page seldom has it.
META_CONTENT_TYPE = '<meta http-equiv="Content-Type"'
# The ids of the divs htmldate's DISCARD_EXPRESSIONS selects (.//div[@id=... or @id=...]): a web archive's banner
DISCARDED_IDS = ("wm-ipp-base", "wm-ipp")
CANDIDATES_KEPT = 1 << 16  # attributes' answers kept from page to page, at most
KEY_KEPT = 200  # characters: a longer attribute value is asked each time (no page repeats it much)
NO_DATE, DATE, FIRST_NO_DATE = 0, 1, 2  # what one attribute tells is_date_candidate (_attribute_answer)
# Answers kept per (name, value) of an attribute: before the element's first class or id, and after it
_as_first: dict[tuple[str, str], int] = {}
_after_first: dict[tuple[str, str], int] = {}


def page_date(tree: Any, url: str | None) -> str | None:
    """`htmldate.find_date(tree, url=url, **DATE_SEARCH)`, None where it raises ValueError; the tree
    is left as it was."""
    from htmldate import find_date
    from lxml.html import HtmlElement

    if isinstance(tree, HtmlElement) and not DATE_SEARCH["extensive_search"] and mirrors_htmldate():
        try:
            return _date_in_place(tree, url)
        except Unjoinable:  # every cut undone: htmldate's copy meets the same text
            pass
    try:
        return find_date(tree, url=url, **DATE_SEARCH)
    except ValueError:  # lxml refuses a text htmldate joins in its copy: no date, not a failed page
        return None


class Unjoinable(Exception):
    """A cut would join a text lxml refuses (a control character a reference such as `&#12;` made)."""


def _date_in_place(tree: Any, url: str | None) -> str | None:
    from htmldate.core import (
        TIMESTAMP_LOOSE_PATTERN,
        TIMESTAMP_PATTERN,
        examine_abbr_elements,
        examine_elements,
        examine_header,
        examine_time_elements,
    )
    from htmldate.extractors import extract_url_date, idiosyncrasies_search, img_search, pattern_search
    from htmldate.settings import CLEANING_LIST
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    # find_date's options as DATE_SEARCH sets them (the search below is its fast mode's only)
    options = Extractor(False, get_max_date(None), get_min_date(None), DATE_SEARCH["original_date"], "%Y-%m-%d")
    if url is None:
        urlelem = tree.find('.//link[@rel="canonical"]')
        if urlelem is not None:
            url = urlelem.get("href")
    url_result = extract_url_date(url, options)
    if url_result is not None:
        return url_result
    result = examine_header(tree, options) or _json_search(tree, options)
    if result is not None:
        return result
    abbr_result = examine_abbr_elements(tree, options)
    if abbr_result is not None:
        return abbr_result
    cuts = Cuts()
    try:
        cuts.discard_unwanted(cuts.clean_html(tree, CLEANING_LIST))
        result = (
            examine_elements(_date_candidates(tree), options)
            or examine_elements(list(tree.iterdescendants("title", "h1")), options)  # .//title|.//h1
            or examine_time_elements(tree, options)
        )
        if result is not None:
            return result
        htmlstring = _serialized(tree)
        clock = CLOCK.search(htmlstring)  # the first match starts no sooner than CLOCK_AFTER before it
        result = (
            clock and pattern_search(htmlstring[max(0, clock.start() - CLOCK_AFTER) :], TIMESTAMP_PATTERN, options)
            or img_search(tree, options)
            or DATE_CORE.search(htmlstring) and idiosyncrasies_search(htmlstring, options)
        )
        if result is not None:
            return result
        cuts.clean_html(tree, ["script", "style"])
        return pattern_search(" ".join(tree.itertext()), TIMESTAMP_LOOSE_PATTERN, options)
    finally:
        cuts.undo()


def _date_candidates(tree: Any) -> list[Any]:
    """`htmldate.core.date_candidates(tree, False)`. Its test of an element (is_date_candidate) is
    true where one of the element's attributes answers so on its own: its class or id where that is
    the first of the two, else the class only by CLASS_CUES and the id only by its last cue; its
    itemprop by "date". Each (name, value) is answered once, as the first of the two and after it,
    and pages repeat them: a walk that reads each element's attributes once, as lxml's items()."""
    if len(_as_first) + len(_after_first) > CANDIDATES_KEPT:
        _as_first.clear()
        _after_first.clear()
    found = []
    for element in tree.iterdescendants(*htmldate_extractors.FAST_TAGS, *htmldate_core.ALWAYS_TAGS):
        answers = _as_first
        for attribute in element.items():
            if (answer := answers.get(attribute)) is None:
                answer = _attribute_answer(*attribute, answers is _as_first)
                if len(attribute[1]) <= KEY_KEPT:
                    answers[attribute] = answer
            if answer == DATE:
                found.append(element)
                break
            if answer:  # the first class or id, which answered no: the next one answers after it
                answers = _after_first
        else:
            if element.tag in htmldate_core.ALWAYS_TAGS:
                found.append(element)
    return found


def _attribute_answer(name: str, value: str, first: bool) -> int:
    """What one attribute of an element tells `htmldate.core.is_date_candidate`: DATE, or NO_DATE,
    or FIRST_NO_DATE for the first class or id (the one is_date_candidate reads the first cues in)."""
    if name == "itemprop" or first and name in ("class", "id"):
        folded = value.replace("D", "d")
        if "date" in folded or "datum" in folded or name != "itemprop" and htmldate_core.ID_CLASS_CUES.search(value):
            return DATE
    if name == "class" and htmldate_core.CLASS_CUES.search(value) or name == "id" and "footer-info-lastmod" in value:
        return DATE
    return FIRST_NO_DATE if first and name in ("class", "id") else NO_DATE


def _serialized(tree: Any) -> str:
    """`htmldate.core.serialize(tree)`: lxml.html's tostring, whose re.sub runs only where what it
    takes out is found."""
    from htmldate.core import serialize
    from lxml import html
    from lxml.etree import tostring

    try:
        htmlstring = tostring(tree, method="html", encoding="unicode")
    except UnicodeDecodeError:
        return serialize(tree)
    return _meta_content_type(html)("", htmlstring) if META_CONTENT_TYPE in htmlstring else htmlstring


def _meta_content_type(html: Any) -> Any:
    """lxml.html's re.sub that takes the content-type meta out of a serialised page (module-private)."""
    return getattr(html, "__str_replace_meta_content_type")


def _json_search(tree: Any, options: Any) -> str | None:
    """`htmldate.extractors.json_search(tree, options)` for original dates, its scripts found by a walk."""
    from htmldate.extractors import JSON_PUBLISHED, pattern_search

    for elem in tree.iterdescendants("script"):
        if elem.get("type") not in JSON_SCRIPT_TYPES or not elem.text or '"date' not in elem.text:
            continue
        result = pattern_search(elem.text, JSON_PUBLISHED, options)
        if result is not None:
            return result
    return None


class Cuts:
    """htmldate's cuts (`utils.clean_html`, `extractors.discard_unwanted`) made in a tree, each
    remembered so that `undo` puts the tree back as it was."""

    def __init__(self) -> None:
        # (parent, index, element, element that took its tail, that one's text or tail before)
        self._made: list[tuple[Any, int, Any, Any, str | None]] = []
        self._probe: Any = None

    def _joinable(self, text: str) -> bool:
        """Whether lxml takes `text` as a text or tail: asked of an element of its own, since lxml
        clears the old text before it refuses the new one, which could not be set back."""
        if self._probe is None:
            from lxml.etree import Element

            self._probe = Element("p")
        try:
            self._probe.text = text
            return True
        except ValueError:
            return False

    def clean_html(self, tree: Any, tags: list[str]) -> Any:
        """`htmldate.utils.clean_html(tree, tags)`: each element of those tags dropped (lxml.html's
        `drop_tree`: its tail joined to the element before it, or to its parent's text)."""
        for element in tree.iter(tags):
            parent = element.getparent()
            if not hasattr(element, "drop_tree"):  # not lxml.html's: clean_html removes it with its tail
                self._remove(element)
                continue
            assert parent is not None  # as drop_tree asserts
            index, took, before = parent.index(element), None, None
            if element.tail:
                took = element.getprevious()
                before = parent.text if took is None else took.tail
                took = parent if took is None else took
                if not self._joinable((before or "") + element.tail):
                    raise Unjoinable
            if took is parent:
                parent.text = (before or "") + element.tail
            elif took is not None:
                took.tail = (before or "") + element.tail
            parent.remove(element)
            self._made.append((parent, index, element, took, before))
        return tree

    def discard_unwanted(self, tree: Any) -> Any:
        """`htmldate.extractors.discard_unwanted(tree)`: its elements (DISCARD_EXPRESSIONS, an XPath
        pinned by mirrors_htmldate) removed with their tails."""
        for element in [div for div in tree.iterdescendants("div") if div.get("id") in DISCARDED_IDS]:
            self._remove(element)
        return tree

    def _remove(self, element: Any) -> None:
        """The element removed from its parent (if it has one) with its tail, noted to be put back."""
        parent = element.getparent()
        if parent is not None:
            self._made.append((parent, parent.index(element), element, None, None))
            parent.remove(element)

    def undo(self) -> None:
        """Every cut undone, the last first: the element back at its place (its tail goes with it,
        as it went), the text it had joined to another set back."""
        while self._made:
            parent, index, element, took, before = self._made.pop()
            if took is parent:
                parent.text = before
            elif took is not None:
                took.tail = before
            parent.insert(index, element)


@functools.cache
def mirrors_htmldate() -> bool:
    """Whether the installed htmldate's and lxml.html's code is the one mirrored here."""
    from .mirrors import digest

    try:
        from htmldate import core, extractors, utils
        from lxml import html
        from lxml.html import HtmlMixin

        functions = (core.find_date, extractors.json_search, utils.clean_html, extractors.discard_unwanted, utils.remove_if_attached)
        searches = (core.date_candidates, core.is_date_candidate, extractors.idiosyncrasies_search, core.serialize)
        patterns = (core.TIMESTAMP_PATTERN.pattern, extractors.DATE_CORE_PATTERN.pattern, _meta_content_type(html).__self__.pattern, extractors.DISCARD_EXPRESSIONS.path)
        return digest(*functions, *searches, extractors.pattern_search, HtmlMixin.drop_tree, html.tostring, *patterns) == MIRRORED
    except (ImportError, AttributeError):
        return False
