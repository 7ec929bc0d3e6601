"""HTML rules on the parsed page, before extraction: the tree in, the tree minus furniture out."""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

from .decode import TRANSLATION
from .document import Finding
from .kinds import Rule
from .kinds.html import Page

if TYPE_CHECKING:
    from .prepare import PageWalk


def parse(html: str, decoded: bool = False) -> Any:
    """The page as an lxml tree (None when it is not HTML at all), as trafilatura's `load_html` parses
    it, but with lxml.html's element class chosen in C (`_parser`); lxml is already loaded by trafilatura.

    The parser, and its repair of the markup with one that gives the same string in fewer passes
    over it (`repaired`), are swapped in trafilatura for the call (under a lock: two threads
    swapping at once could leave the swap in place). `decoded`: the text is decode.decode's, which
    leaves none of the control characters the repair removes but two (INVALID_AFTER_DECODE)."""
    from trafilatura import utils

    with _PARSER_SWAP:
        parser, repair = utils.HTML_PARSER, utils.repair_faulty_html
        utils.HTML_PARSER = _parser(parser)
        if mirrors_repair():
            utils.repair_faulty_html = _repaired_decoded if decoded else repaired
        try:
            return utils.load_html(html)
        finally:
            utils.HTML_PARSER, utils.repair_faulty_html = parser, repair


_PARSER_SWAP = threading.Lock()
# sha256 (first 16 hex digits) of the source of trafilatura 2.3.1's repair_faulty_html, which `repaired` mirrors
MIRRORED_REPAIR = "7e68c7a3cb24910c"
# What trafilatura's INVALID_XML_CHARS matches, one character each.
INVALID_XML = tuple(chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))


# Those of them decode.normalize leaves in a text (it replaces the rest): looked for alone in a decoded page.
INVALID_AFTER_DECODE = tuple(char for char in INVALID_XML if ord(char) not in TRANSLATION)


def repaired(html: str, beginning: str, invalid: tuple[str, ...] = INVALID_XML) -> str:
    """trafilatura's `utils.repair_faulty_html(html, beginning)`: the same string, found with less
    work on a page that needs no repair (most do not: decoding has removed the control characters).
    Its regex for those characters runs only when one of `invalid` is there (each looked for with
    `in`, a memchr); its doctype repair rebuilds the page only when the first line's doctype is one
    to repair, or when the page is one line (the repair ends it with a line break)."""
    from trafilatura import utils

    if any(char in html for char in invalid):
        html = utils.INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        end = html.find("\n")
        if end == -1 or utils.DOCTYPE_TAG.match(html, 0, end):
            firstline, _, rest = html.partition("\n")
            html = utils.DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = utils.FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def _repaired_decoded(html: str, beginning: str) -> str:
    """`repaired` of a text from decode.decode: 31 fewer passes over the page."""
    return repaired(html, beginning, INVALID_AFTER_DECODE)


@functools.cache
def mirrors_repair() -> bool:
    """Whether the installed trafilatura's repair_faulty_html is the one `repaired` mirrors."""
    from trafilatura import utils

    from .mirrors import digest

    return digest(utils.repair_faulty_html) == MIRRORED_REPAIR


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


def prune(
    rules: list[Rule], html: str, held: list[Any] | None = None, decoded: bool = False, seen: PageWalk | None = None
) -> tuple[Any, list[Finding]]:
    """Parse the page and remove what the `html` rules match; the tree is None if the page does not parse.

    `held`, when given, gets every node of the page: while a caller holds them lxml keeps their
    Python proxies, so that its later walks over the tree (metadata, page text) do not make each
    one again (a call into Python for each node of an lxml.html tree). `decoded`: as for `parse`.
    `seen`, when given, gets what prepare.prepare looks at from the rules' walk of the page, if they make one."""
    root = parse(html, decoded)
    html_rules = [rule for rule in rules if rule.kind == "html"]
    if root is None or not html_rules:
        return root, []
    # The share test's measure, of the page before any rule removed from it: counted at the first
    # element that reaches the test, before its removal (a fifth of the dev pages have none).
    page_chars = functools.cache(lambda: len(" ".join(root.text_content().split())))
    found: list[Finding] = []
    words: dict[Any, str] = {}  # attribute words by element, worked out once for all the rules
    page = Page(root, html_rules, held, html, seen)  # type: ignore[arg-type]
    for rule in html_rules:
        found.extend(rule.apply_tree(root, page_chars, words, page))  # type: ignore[attr-defined]
    found.sort(key=lambda f: (f.line, f.col))
    return root, found
