"""Tell HTML from plain text by content first, suffix second."""

from __future__ import annotations

import re
from typing import Literal

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A document that opens like a page is a page whatever its name; a stray tag in a text dump is not.
HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<(!doctype\s+)?html)", re.I | re.S)
HTML_TAGS = re.compile(r"<(body|div|p|table|article|main|section|span|a\s)[^>]*>", re.I)


def sniff(name: str, text: str) -> Literal["html", "text"]:
    if HTML_START.match(text[:4096]):
        return "html"
    if name.lower().endswith(HTML_SUFFIXES) and len(HTML_TAGS.findall(text[:65536])) >= 3:
        return "html"
    return "text"
