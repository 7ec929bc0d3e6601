"""HTML rules on the parsed page, before extraction: the tree in, the tree minus furniture out."""

from __future__ import annotations

import functools
import threading
from typing import Any

from .document import Finding
from .kinds import Rule
from .kinds.html import Page


def parse(html: str) -> Any:
    """The page as an lxml tree (None when it is not HTML at all), as trafilatura's `load_html` parses
    it, but with lxml.html's element class chosen in C (`_parser`); lxml is already loaded by trafilatura.

    The parser is swapped in trafilatura for the call (under a lock: two threads swapping at once
    could leave the swap in place)."""
    from trafilatura import utils

    with _PARSER_SWAP:
        trafilaturas, utils.HTML_PARSER = utils.HTML_PARSER, _parser(utils.HTML_PARSER)
        try:
            return utils.load_html(html)
        finally:
            utils.HTML_PARSER = trafilaturas


_PARSER_SWAP = threading.Lock()


@functools.cache
def _parser(trafilaturas: Any) -> Any:
    """trafilatura's HTML parser with lxml.html's classes chosen in C. lxml.html asks a Python
    function which class each element's proxy is (one call for every element that Python code
    touches, on the page and on each copy of it that trafilatura and htmldate make: hundreds of
    thousands a page); this gives each element `HtmlElement` itself, so that only <form>, <input>,
    <select>, <textarea> and <label> lose the subclasses whose form properties nothing here nor in
    trafilatura uses (tests/test_prune.py). A tree's copies keep its parser, so they are made so too."""
    from lxml import etree, html

    parser = trafilaturas.copy()  # the same options (comments and processing instructions left out, ...)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
        )
    )
    return parser


def prune(rules: list[Rule], html: str, held: list[Any] | None = None) -> tuple[Any, list[Finding]]:
    """Parse the page and remove what the `html` rules match; the tree is None if the page does not parse.

    `held`, when given, gets every node of the page: while a caller holds them lxml keeps their
    Python proxies, so that its later walks over the tree (metadata, page text) do not make each
    one again (a call into Python for each node of an lxml.html tree)."""
    root = parse(html)
    html_rules = [rule for rule in rules if rule.kind == "html"]
    if root is None or not html_rules:
        return root, []
    page_chars = len(" ".join(root.text_content().split()))
    found: list[Finding] = []
    words: dict[Any, str] = {}  # attribute words by element, worked out once for all the rules
    page = Page(root, html_rules, held, html)  # type: ignore[arg-type]
    for rule in html_rules:
        found.extend(rule.apply_tree(root, page_chars, words, page))  # type: ignore[attr-defined]
    found.sort(key=lambda f: (f.line, f.col))
    return root, found
