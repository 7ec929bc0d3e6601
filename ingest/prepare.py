"""A parsed page made ready for trafilatura: what a reader sees of it, that trafilatura's tests
would drop or misread, shown as it is seen. Run on the tree just before extraction."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A class that hides an element on one screen size only ("hide-mobile", "hidden-xs"): the reader of
# the other sizes sees it, but trafilatura's test for " hide" and " hidden" in a class drops it.
SCREEN_SIZE_HIDING = re.compile(
    r"(?i)(?:^|\s)(?:[\w-]*[-_])?(?:hide|hidden)[-_](?:xs|sm|md|lg|xl|xxl|mobile|tablet|desktop|phone|small|medium|large|for[-_][\w-]+)(?=\s|$)"
)
# What hides an element until a reader opens it, as trafilatura reads it: it drops an element so marked.
HIDING_STYLE = re.compile(r"(?i)(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?;?")
HIDING_CLASS = re.compile(r"(?i)(?:^|\s)(?:[\w-]*[-_])?(?:hide|hidden)(?=\s|$)")
# A menu, a list of options or a dialog opens on a click too, but is no part of the document; nor
# is what opens inside the site's header, menus and forms.
NOT_PANEL_ROLES = frozenset({"dialog", "alertdialog", "menu", "listbox", "navigation", "banner"})
NOT_PANEL_TAGS = frozenset({"nav", "dialog", "header", "form"})
LIST_TAGS = frozenset({"ul", "ol", "select"})  # a submenu, a dropdown's options
# A data table: a first row of column headings (th) over at least DATA_ROWS rows, most of them as wide.
# A box of related links ("Similar threads", "Related articles") lists a handful, a list page's table more.
DATA_ROWS = 15
DATA_SAME_WIDTH = 0.8  # of the rows under the headings
DATA_LINK_SHARE = 0.5  # of the table's text in links, above which trafilatura takes a long table for a menu


def prepare(tree: Any, seen: PageWalk | None = None) -> None:
    """Each step below, in order, on the tree in place. `seen`, when walked, spares the walk of the
    tree that shown_on_some_screens makes."""
    streamed_in_place(tree)
    marked = shown_on_some_screens(tree, seen)  # and the next two steps' candidates
    shown_on_click(tree, marked.controls)
    without_modifier_classes(tree, marked.variants)
    listings_kept(tree)
    data_tables_unlinked(tree)


@dataclass
class PageWalk:
    """What a walk of the page's elements made before prepare (kinds.html.Page's, in prune.prune) saw
    for shown_on_some_screens, in document order: the elements whose class holds "hid" or "--", and
    those with aria-controls (None while no walk was made); and, for author.author, the elements with
    a class, id, role, aria-label or data-* value whose folded form (prefilter.fold) holds one of the
    pieces asked, in document order. Some of them may have left the tree since (a rule removed them)."""

    classed: list[Any] | None = None
    controls: list[Any] | None = None
    holding: Callable[[tuple[str, ...]], list[Any]] | None = None


@dataclass
class Marked:
    """What the walk of shown_on_some_screens found for the steps after it."""

    controls: list[Any] = field(default_factory=list)  # elements with aria-controls
    variants: list[Any] = field(default_factory=list)  # elements with "--" in their class


def shown_on_some_screens(tree: Any, seen: PageWalk | None = None) -> Marked:
    """Take the classes that hide an element on one screen size only off the tree's elements; and
    note the elements that shown_on_click and without_modifier_classes look at. `seen`, when
    walked, holds every element of the tree that either needs, and some no longer in it."""
    from lxml.etree import Element

    marked = Marked()
    if seen is not None and seen.classed is not None and seen.controls is not None:
        # Changing the classes of an element a rule removed changes nothing (no later step sees it) and
        # costs less than looking up the ancestors of each; a removed control would open a panel.
        root = tree.getroottree().getroot()
        classed: Any = seen.classed
        marked.controls = [element for element in seen.controls if in_tree(element, root)]
    else:
        # One walk in Python costs less than libxml2's `//*[contains(@class, 'hid')]` when the page's
        # proxies are held (prune.prune), as in the pipeline, and less than the next steps' XPaths.
        classed = []
        for element in tree.getroottree().iter(Element):
            if (classes := element.get("class")) and ("hid" in classes or "--" in classes):
                classed.append(element)
            if element.get("aria-controls") is not None:
                marked.controls.append(element)
    for element in classed:
        classes = element.get("class")
        if "hid" in classes:
            classes = " ".join(SCREEN_SIZE_HIDING.sub(" ", classes).split())
            element.set("class", classes)
        if "--" in classes:
            marked.variants.append(element)
    return marked


def in_tree(element: Any, root: Any) -> bool:
    """Whether the element is `root` or below it (not taken out of the tree)."""
    top = element
    for top in element.iterancestors():
        pass
    return top is root


def streamed_in_place(tree: Any) -> None:
    """Move the parts of a page that React streams after its shell into their places.

    A server-rendered React page sends a part that was not ready in time later, in a hidden
    `<div id="S:n">`, and a script moves it to the placeholder `<template id="B:n">`; a reader sees
    it there. Left hidden, trafilatura drops it."""
    placeholders = {key[2:]: element for element in tree.iter("template") if (key := element.get("id") or "").startswith("B:")}
    if not placeholders:
        return
    for part in tree.xpath("//div[@hidden][starts-with(@id, 'S:')]"):
        placeholder = placeholders.get(part.get("id")[2:])
        if placeholder is None or placeholder in part.iterancestors() or part in placeholder.iterancestors():
            continue
        if part.text:
            _after(placeholder, part.text)
        for child in list(part):
            placeholder.addprevious(child)  # with its tail
        for element in (placeholder, part):
            if element.tail:
                _after(element, element.tail)
            element.getparent().remove(element)


def _after(element: Any, text: str) -> None:
    """Append text to what stands before `element` in its parent."""
    before = element.getprevious()
    if before is None:
        element.getparent().text = (element.getparent().text or "") + text
    else:
        before.tail = (before.tail or "") + text


def shown_on_click(tree: Any, controls: list[Any] | None = None) -> None:
    """Take the marks that hide it off a panel that a control of the page opens (a tab, an
    accordion's button, "Read more"): the control names it in `aria-controls` and says whether it
    is open (`aria-expanded`) or is a tab. Its text is the page's, shown on a click. `controls`,
    when given, are the page's elements with aria-controls (Marked)."""
    if controls is None:
        controls = tree.xpath("//*[@aria-controls]")
    named = set()
    for control in controls:
        if control.get("aria-expanded") is not None or control.get("role") == "tab":
            named.update(control.get("aria-controls").split())
    if not named:
        return
    hidden = "//*[@id][@aria-hidden or @hidden or contains(@style, 'none') or contains(@style, 'hidden') or contains(@class, 'hid')]"
    for panel in tree.xpath(hidden):  # libxml2 finds the few candidates
        if panel.get("id") not in named or panel.tag in LIST_TAGS or any(
            each.tag in NOT_PANEL_TAGS or (each.get("role") or "").lower() in NOT_PANEL_ROLES
            for each in (panel, *panel.iterancestors())
        ):
            continue
        for name in ("aria-hidden", "hidden"):
            panel.attrib.pop(name, None)
        if (style := panel.get("style")) and HIDING_STYLE.search(style):
            panel.set("style", HIDING_STYLE.sub("", style).strip())
        if (classes := panel.get("class")) and HIDING_CLASS.search(classes):
            panel.set("class", " ".join(HIDING_CLASS.sub(" ", classes).split()))


def without_modifier_classes(tree: Any, candidates: list[Any] | None = None) -> None:
    """Take off the class words that name a variant of a block whose own class word the element
    also has ("card-text card-text--icon": a card's text with an icon). trafilatura tests class
    words for parts of names ("-icon", "slide", "bar") and read a variant's name as what the
    element is; the block's word, which names it, stays, and so does a variant that hides it.
    `candidates`, when given, hold every element with "--" in its class (Marked)."""
    if candidates is None:
        candidates = tree.xpath("//*[contains(@class, '--')]")
    for element in candidates:
        words = (element.get("class") or "").split()  # shown_on_click may have taken words off since
        kept = [word for word in words if "--" not in word or word.split("--")[0] not in words or "hid" in word]
        if len(kept) < len(words):
            element.set("class", " ".join(kept))


def listings_kept(tree: Any) -> None:
    """Make a <figure> that holds a code listing a <div>: manuals frame their numbered listings and
    code blocks in figures, and trafilatura drops figures (it keeps one that holds a table alike)."""
    for figure in tree.iter("figure"):
        if figure.find(".//pre") is not None:
            figure.tag = "div"


def data_tables_unlinked(tree: Any) -> None:
    """Take the links off a data table whose text is mostly links, keeping their text: a list of
    names, each a link to its page (laureates, products, records), under column headings.
    trafilatura deletes a long table whose text is mostly links as boilerplate; a menu laid out
    as a table has no row of column headings over rows as wide."""
    for table in tree.iter("table"):
        rows = _rows(table)
        if not _is_data(rows):
            continue
        text = sum(len(piece.strip()) for piece in table.itertext())
        links = table.findall(".//a")
        if not text or sum(len(piece.strip()) for link in links for piece in link.itertext()) <= DATA_LINK_SHARE * text:
            continue
        for link in links:
            link.drop_tag()


def _rows(table: Any) -> list[Any]:
    """The table's own rows (of its head, body and foot too), not those of tables inside it."""
    return [row for row in table.iter("tr") if next(row.iterancestors("table")) is table]


def _is_data(rows: list[Any]) -> bool:
    """Whether the rows are a data table's: column headings over DATA_ROWS rows or more, and
    DATA_SAME_WIDTH of them as wide as the headings (cells spanning columns or rows counted)."""
    if len(rows) <= DATA_ROWS:
        return False
    cells = [cell for cell in rows[0] if cell.tag in ("td", "th")]
    if len(cells) < 2 or any(cell.tag != "th" for cell in cells):
        return False
    widths = []
    spanned: list[int] = []  # for each cell spanning rows from above, the rows it still covers
    for row in rows:
        width = len(spanned)
        spanned = [left - 1 for left in spanned if left > 1]
        for cell in row:
            if cell.tag in ("td", "th"):
                columns, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
                width += columns
                spanned += [down - 1] * columns if down > 1 else []
        widths.append(width)
    return sum(width == widths[0] for width in widths[1:]) >= DATA_SAME_WIDTH * (len(rows) - 1)


def _span(value: str | None) -> int:
    """A colspan's or rowspan's count; 1 for what is none. isdigit() alone takes "²" and "①", which
    int() refuses."""
    return int(value) if value and value.isascii() and value.isdecimal() and 0 < int(value) < 1000 else 1
