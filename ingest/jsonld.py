"""A page's JSON-LD metadata as trafilatura's `metadata.extract_meta_json` reads it, with less work.

trafilatura finds the scripts by an XPath over the whole page, takes the whitespace out of each
one outside its strings with a `re.sub` whose template calls into Python at every string and
every space, and, when the script holds a backslash, drops UTF-16 surrogates one character at a
time in a Python generator. Here the scripts are found by lxml's walk of the <script> elements,
the strings by `re.split` with the same pattern and the spaces between them removed by
`str.split` (which takes out what `\\s` matches), and the surrogates by a regex: the same text in C
passes. tests/test_jsonld.py compares both with trafilatura's; at run time, a trafilatura whose
reader is not the one mirrored here reads the scripts itself.

`document` reads a script as it stands, for the steps that ask what the page says it is (repeats.py,
fuller.py): once a page, however many of them ask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

# sha256 (first 16 hex digits) of the source of trafilatura 2.3.1's extract_meta_json and normalize_json, and of JSON_MINIFY
MIRRORED = "85f707a281404b77"
JSON_STRING = re.compile(r'("(?:\\.|[^"\\])*")')  # JSON_MINIFY's first branch: its \s is the other
SURROGATE = re.compile("[\ud800-\udfff]")
SCRIPT_TYPES = ("application/ld+json", "application/settings+json")  # the scripts its XPath reads


def meta_json(tree: Any, metadata: Any) -> Any:
    """`trafilatura.metadata.extract_meta_json(tree, metadata)`."""
    import json

    from trafilatura import metadata as meta
    from trafilatura.json_metadata import extract_json, extract_json_parse_error

    if not mirrors_trafilatura():
        return meta.extract_meta_json(tree, metadata)
    # `.//script[@type=...]` by lxml's tag walk: libxml2's XPath took longer than all the rest here.
    for element in tree.iterdescendants("script"):
        if element.get("type") not in SCRIPT_TYPES or not element.text:
            continue
        text = normalized(minified(element.text))
        try:
            metadata = extract_json(json.loads(text, strict=False), metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(text, metadata)
    return metadata


def document(script: str) -> Any:
    """A JSON-LD script's document as json.loads reads it (strict=False: a raw control character in a
    string does not change what a script says), or None when it is unreadable: broken, or nested
    deeper than Python recurses. A short script's document is shared: not to be changed."""
    return _kept_document(script) if len(script) <= KEPT_CHARS else _read(script)


def _read(script: str) -> Any:
    import json

    try:
        return json.loads(script, strict=False)
    except (ValueError, RecursionError):
        return None


# The scripts of the page in hand, and of the last few (two steps ask about each); a longer one (a
# shop's whole catalogue) is read again rather than kept from page to page.
KEPT_CHARS = 64_000
_kept_document = functools.lru_cache(maxsize=16)(_read)


def documents(root: Any) -> Iterator[Any]:
    """What each readable JSON-LD script of the page says (document), in page order."""
    for element in root.iter("script"):
        if element.get("type") == "application/ld+json" and element.text and (read := document(element.text)) is not None:
            yield read


def declared_types(data: Any) -> list[str]:
    """The @type values of what a JSON-LD document says the page is: its top-level nodes, those of
    its @graph (and of a graph inside that), and their mainEntity. Not deeper: a section page's
    ItemList of articles is no article."""
    found: list[str] = []
    nodes = list(data) if isinstance(data, list) else [data]  # the document is shared: popped from a copy
    while nodes:  # a loop: graphs nested as deep as json.loads reads need no recursion here
        node = nodes.pop()
        if not isinstance(node, dict):
            continue
        for item in (node, node.get("mainEntity")):
            kind = item.get("@type") if isinstance(item, dict) else None
            found += [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []
        graph = node.get("@graph")
        nodes += graph if isinstance(graph, list) else [graph]
    return found


def minified(text: str) -> str:
    """`trafilatura.metadata.JSON_MINIFY.sub(r"\\1", text)`: the whitespace outside strings taken out."""
    parts = JSON_STRING.split(text)  # outside, string, outside, ...: the strings the sub keeps
    parts[::2] = ["".join(outside.split()) for outside in parts[::2]]
    return "".join(parts)


def normalized(text: str) -> str:
    """`trafilatura.json_metadata.normalize_json(text)`."""
    from html import unescape

    from trafilatura.json_metadata import JSON_UNICODE_REPLACE
    from trafilatura.utils import HTML_STRIP_TAGS, trim

    if "\\" in text:
        text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        text = JSON_UNICODE_REPLACE.sub(lambda match: chr(int(match[1], 16)), text)
        if not text.isascii():  # no surrogate in ASCII
            text = SURROGATE.sub("", text)
        text = unescape(text)
    return trim(HTML_STRIP_TAGS.sub("", text))


@functools.cache
def mirrors_trafilatura() -> bool:
    """Whether the installed trafilatura's JSON-LD reader is the one mirrored here."""
    from trafilatura import json_metadata, metadata

    from .mirrors import digest

    return digest(metadata.extract_meta_json, json_metadata.normalize_json, metadata.JSON_MINIFY.pattern) == MIRRORED
