"""HTML rules on the parsed page, before extraction: the tree in, the tree minus furniture out."""

from __future__ import annotations

from typing import Any

from .document import Finding
from .kinds import Rule
from .kinds.html import Page


def parse(html: str) -> Any:
    """The page as an lxml tree (None when it is not HTML at all); lxml is already loaded by trafilatura."""
    from trafilatura.utils import load_html

    return load_html(html)


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
    page = Page(root, html_rules, held)  # type: ignore[arg-type]
    for rule in html_rules:
        found.extend(rule.apply_tree(root, page_chars, words, page))  # type: ignore[attr-defined]
    found.sort(key=lambda f: (f.line, f.col))
    return root, found
