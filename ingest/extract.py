"""HTML to main text with trafilatura; imported only when a document is HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .budget import OverBudget, within

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "language")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # BCP 47, as far as a page writes it
URL_SITE = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # trafilatura's sitename from a URL
# The date the page states (meta tags, time elements, URL); htmldate's extensive search through the
# whole text costs a third of the extraction and on article pages finds the same dates.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
# A class that hides an element on one screen size only ("hide-mobile", "hidden-xs"): the reader of
# the other sizes sees it, but trafilatura's test for " hide" and " hidden" in a class drops it.
SCREEN_SIZE_HIDING = re.compile(
    r"(?i)(?:^|\s)(?:[\w-]*[-_])?(?:hide|hidden)[-_](?:xs|sm|md|lg|xl|xxl|mobile|tablet|desktop|phone|small|medium|large|for[-_][\w-]+)(?=\s|$)"
)
BUDGET_SECONDS = 30.0  # a pathological page becomes a finding instead of a hung run (in a main thread: budget.py)


class ExtractError(ValueError):
    """The page yielded no main text."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def extract(html: Any, url: str | None = None, budget: float = BUDGET_SECONDS) -> Extracted:
    """Main text and metadata of a page, given as markup or as an lxml tree."""
    from trafilatura import bare_extraction  # heavy: kept off the start-up path of text-only runs
    from trafilatura.utils import load_html

    def run() -> tuple[Any, dict[str, str]]:
        tree = load_html(html)
        if tree is None:
            return None, {}
        metadata = page_metadata(tree, url)
        streamed_in_place(tree)
        marked = shown_on_some_screens(tree)  # in the same walk, the next two steps' candidates
        shown_on_click(tree, marked.controls)
        without_modifier_classes(tree, marked.variants)
        listings_kept(tree)
        return bare_extraction(tree, url=url, include_comments=False, include_tables=True), metadata

    try:
        result, metadata = within(budget, run)
    except OverBudget:
        raise ExtractError(f"extraction took longer than {budget:g} s; page skipped") from None
    if result is None:
        raise ExtractError("no main text found in the HTML")
    return Extracted(result.text or "", metadata)


@dataclass
class Marked:
    """What the walk of shown_on_some_screens found for the steps after it."""

    controls: list[Any] = field(default_factory=list)  # elements with aria-controls
    variants: list[Any] = field(default_factory=list)  # elements with "--" in their class


def shown_on_some_screens(tree: Any) -> Marked:
    """Take the classes that hide an element on one screen size only off the tree's elements; and
    note the elements that shown_on_click and without_modifier_classes look at."""
    from lxml.etree import Element

    # One walk in Python costs less than libxml2's `//*[contains(@class, 'hid')]` when the page's
    # proxies are held (prune.prune), as in the pipeline, and less than the next steps' XPaths.
    marked = Marked()
    for element in tree.getroottree().iter(Element):
        classes = element.get("class")
        if classes:
            if "hid" in classes:
                classes = " ".join(SCREEN_SIZE_HIDING.sub(" ", classes).split())
                element.set("class", classes)
            if "--" in classes:
                marked.variants.append(element)
        if element.get("aria-controls") is not None:
            marked.controls.append(element)
    return marked


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


# What hides an element until a reader opens it, as trafilatura reads it: it drops an element so marked.
HIDING_STYLE = re.compile(r"(?i)(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?;?")
HIDING_CLASS = re.compile(r"(?i)(?:^|\s)(?:[\w-]*[-_])?(?:hide|hidden)(?=\s|$)")
# A menu, a list of options or a dialog opens on a click too, but is no part of the document; nor
# is what opens inside the site's header, menus and forms.
NOT_PANEL_ROLES = frozenset({"dialog", "alertdialog", "menu", "listbox", "navigation", "banner"})
NOT_PANEL_TAGS = frozenset({"nav", "dialog", "header", "form"})
LIST_TAGS = frozenset({"ul", "ol", "select"})  # a submenu, a dropdown's options


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


def page_metadata(tree: Any, url: str | None = None) -> dict[str, str]:
    """Title, author, date, sitename, url and language of a parsed page.

    trafilatura's extract_metadata, less the searches for what the manifest does not keep
    (categories, tags, license, hostname): they took about 40% of its time. The language is the
    one the page declares, which extract_metadata does not read."""
    from htmldate import find_date
    from trafilatura import metadata as meta

    from .author import author

    found = meta.examine_meta(tree)
    if found.author and " " not in found.author:  # a user name, not a person's name (as trafilatura)
        found.author = None
    try:
        found = meta.extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader fails on some malformed data; the meta tags stand
        pass
    found.title = found.title or meta.extract_title(tree)
    found.author = found.author or author(tree)  # meta.extract_author's, found faster
    found.url = found.url or meta.extract_url(tree, url)
    found.date = find_date(tree, url=found.url, **DATE_SEARCH)
    found.sitename = found.sitename or meta.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (site := URL_SITE.match(found.url)):
        found.sitename = site[1]
    found.language = declared_language(tree)
    found.clean_and_trim()  # entities, spaces and control characters, as extract_metadata leaves them
    return {key: str(value) for key in METADATA_FIELDS if (value := getattr(found, key, None))}


def declared_language(tree: Any) -> str | None:
    """The language the page declares: <html lang>, else a Content-Language meta tag, else og:locale."""
    root = tree.getroottree().getroot()
    declared = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        for element in root.iterfind(".//meta[@content]"):
            name = (element.get("http-equiv") or element.get("property") or element.get("name") or "").lower()
            if name in ("content-language", "og:locale", "language"):
                declared = element.get("content")
                break
    declared = (declared or "").split(",")[0].strip().replace("_", "-")
    if not LANGUAGE_TAG.fullmatch(declared):
        return None
    language, *subtags = declared.split("-")  # in the case BCP 47 writes them: en-US, zh-Hant-TW
    return "-".join([language.lower(), *(tag.upper() if len(tag) == 2 else tag.title() if len(tag) == 4 else tag.lower() for tag in subtags)])


# Elements that start a new block of text, as a browser lays them out, and elements whose text no
# reader sees. A page's text dump (page_text) puts each block on its own line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body button caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main menu nav noscript ol option p pre section "
    "summary table tbody td tfoot th thead title tr ul".split()
)
UNSEEN_TAGS = frozenset("script style template svg iframe object canvas select head".split())
# A page's furniture, as its markup names it: the site's header, footer, menus, sidebars and forms
# (search, sign-in, newsletter), dialogs (a sign-in or offer popup) and buttons, and what ARIA
# landmark roles say is one of those; and what the page hides (display:none, aria-hidden).
FURNITURE_TAGS = frozenset("header footer nav aside form dialog button".split())
FURNITURE_ROLES = frozenset("banner navigation contentinfo complementary search dialog alertdialog".split())
FURNITURE_MAX_SHARE = 0.3  # of the page's words: a page that wraps its whole body in <header> or <form>


def page_text(tree: Any, owned: list[tuple[str, Any]] | None = None) -> str:
    """The page's whole visible text as a simple scraper dumps it: the title first, then every
    block of the body on its own line (a <br> breaks a line), a blank line between blocks;
    scripts, styles and hidden elements left out. `owned`, when given, gets each line of the body
    with the innermost block element it is in."""
    from lxml import etree

    blocks: list[str] = []
    run: list[str] = []  # the block's pieces of text so far, none of them empty
    opened: list[Any] = []  # the block elements the walk is inside

    def close_block() -> None:
        if not run:  # most blocks start or end right after another
            return
        text = "".join(run)
        if text.isspace():  # the indentation between blocks (str.split and isspace agree on what a space is)
            run.clear()
            return
        if "\n" in text:
            lines = [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]
        else:
            lines = [" ".join(text.split())]
        if lines:
            blocks.append("\n".join(lines))
            if owned is not None:
                owned.extend((line, opened[-1] if opened else None) for line in lines)
        run.clear()

    root = tree.getroottree().getroot()
    title = root.findtext(".//title")
    if title and title.strip():
        blocks.append(" ".join(title.split()))
    body = root.find(".//body")
    walk = etree.iterwalk(root if body is None else body, events=("start", "end"))
    kinds: dict[Any, str | None] = {}  # by tag: "unseen", "block", "br", "" (inline), None (not an element)
    for event, element in walk:
        kind = kinds.get(element.tag, "?")
        if kind == "?":
            kind = kinds[element.tag] = _tag_kind(element.tag)
        if event == "start":
            if kind is None:  # a comment or processing instruction: only its tail shows
                walk.skip_subtree()
                if element.tail:
                    run.append(element.tail)
                continue
            if kind == "unseen" or element.get("hidden") is not None:
                walk.skip_subtree()
                continue
            if kind == "block":
                close_block()
                opened.append(element)
            elif kind == "br":
                run.append("\n")
            if element.text:
                run.append(element.text)
        elif kind is not None:
            if kind == "block":
                close_block()
                if opened and opened[-1] is element:  # a skipped element has an end but was not opened
                    opened.pop()
            if element.tail:
                run.append(element.tail)
    close_block()
    return "\n\n".join(blocks)


def _tag_kind(tag: Any) -> str | None:
    if not isinstance(tag, str):
        return None
    tag = tag.lower()
    return "unseen" if tag in UNSEEN_TAGS else "block" if tag in BLOCK_TAGS else "br" if tag == "br" else ""


def page_text_without_furniture(tree: Any) -> str:
    """page_text of the page less its furniture (FURNITURE_TAGS and _ROLES, hidden elements), an
    element that holds more than FURNITURE_MAX_SHARE of the page's words excepted. The tree is left
    as it was."""
    from copy import deepcopy

    root = deepcopy(tree.getroottree().getroot())
    total = len(" ".join(root.itertext()).split())
    furniture = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.tag.lower() in FURNITURE_TAGS or (element.get("role") or "").lower() in FURNITURE_ROLES
             or element.get("aria-hidden") == "true" or HIDING_STYLE.search(element.get("style") or ""))
    ]
    for element in furniture:
        if element.getparent() is not None and len(" ".join(element.itertext()).split()) <= FURNITURE_MAX_SHARE * total:
            element.drop_tree()  # lxml.html's: the text after it stays
    return page_text(root)
