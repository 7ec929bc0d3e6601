"""`markup`: HTML left in text (tracking pixels, tags, entities) and Markdown links, images and emphasis."""

from __future__ import annotations

import re

from ..document import Finding, Line
from ..prefilter import LITERALS, index_of
from .base import Option, Patterns, Record, Rule

# Only names of HTML elements count as tags, so that "<Enter>" or "<name>" in prose survive.
ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col "
    "colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form "
    "h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark meta meter "
    "nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section "
    "select small source span strong style sub summary sup svg table tbody td template textarea tfoot th thead time "
    "title tr track u ul var video wbr center"
).split()
TAG = re.compile(r"</?(?:" + "|".join(ELEMENTS) + r")\b(?:\s+[^<>]*?)?/?>", re.IGNORECASE)
IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Markdown that converters such as html2text leave: [text](target "title") and ![alt](source). The
# target is a URL or a path (a relative one has a "/", "?", "=", "#" or "&", or is a file's name with a
# web page's or an image's extension), so that a bracket before a parenthesis in prose ("[sic](2019)") is
# not one. Some converters keep the space an attribute's value started with ("]( https://...)").
# Those spaces are taken possessively ("\s*+") and only before a target: shared out with the title's
# "\s+" and the closing "\s*", a long run of them took superlinear time (ReDoS). An empty target with a
# title ("[ ]( "Watch")") is the "\s+" of the title.
URL_START = r"(?:[a-z][a-z0-9+.-]*:|www\.|[/#.?]|[\w.~-]+[/?=#&]|[\w~-][\w.~-]*\.(?:s?html?|php|aspx?|jsp|cgi|gif|png|jpe?g|svg|webp)(?![\w.]))"
MD_TARGET = r"""\((?:\s*+(?:<[^<>\n]*>|""" + URL_START + r"""[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)|)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"""
MD_TEXT, MD_ALT = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]", r"!\[[^\[\]\n]*\]"  # a link's text, an image's alt
MD_IMAGE = re.compile(MD_ALT + MD_TARGET, re.IGNORECASE)
MD_LINK = re.compile(MD_TEXT + MD_TARGET, re.IGNORECASE)
# Reference-style links: [text][1] and ![alt][2] in the text (not a citation's "word[1][2]"), and
# "[1]: https://... (title)" on a line of its own.
MD_REFERENCE = r"\[[^\[\]\n]{1,40}\]"
MD_REF_IMAGE = re.compile(MD_ALT + MD_REFERENCE)
MD_REF_LINK = re.compile(r"(?<!\w)" + MD_TEXT + MD_REFERENCE)
MD_ANY_LINK = re.compile(r"(?<!\w)" + MD_TEXT + f"(?:{MD_TARGET}|{MD_REFERENCE})", re.IGNORECASE)  # either kind
MD_ANY_IMAGE = re.compile(MD_ALT + f"(?:{MD_TARGET}|{MD_REFERENCE})", re.IGNORECASE)
MD_DEFINITION = re.compile(
    r"""\s*\[[^\[\]\n]{1,40}\]:\s*(?:<[^<>\n]*>|""" + URL_START + r"""\S*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*""",
    re.IGNORECASE,
)
WORD = re.compile(r"\w")
# Markdown emphasis: _text_, *text*, **text**, and the marks an empty element leaves ("__" for an icon's
# <i></i>). "_" is a word character, so "_must_" is not the word "must" to a counter of words. Not inside
# a word (snake_case, 2*3*4), not a run of underscores (a form's blank), not a dunder ("__init__").
MD_EMPHASIS = re.compile(
    r"""(?:(?<=[\s(\["'“‘])|^)(\*\*|\*|_)(?=[^\W_]|[\["'“‘(])([^\n]*?(?:[^\W_]|[.:!?)\]"'”’]))\1(?=[\s)\]}.,;:!?"'”’]|$)"""
    r"|(?<![\w\\`*])(?:__|\*\*\*\*)(?![\w*]*[^\W_]__)(?![_*])"
)
CODE_SPAN = re.compile(r"`[^`\n]*`")
# A 1x1 or hidden image is a beacon, not a picture.
PIXEL_ATTRIBUTES = re.compile(
    r"""(?ix)\b(?:width|height)\s*=\s*["']?\s*[01](?:px)?\b
    | display\s*:\s*none | visibility\s*:\s*hidden | \bhidden\b"""
)


class MarkupRule(Rule):
    kind = "markup"
    phase = 20
    line_local = True
    options = {
        "target": Option(str, "tag", choices=("pixel", "tag", "entity", "markdown-link", "markdown-emphasis")),
        # pixel: src patterns of beacon endpoints, besides the size and visibility attributes
        "src_regex": Option(list, [], list_of=str),
    }

    def setup(self) -> None:
        self.sources = Patterns([], self.opts["src_regex"])
        # Single characters ("]" for "](", "][", "]:"): found without a pass of the literals' automaton, which
        # the markup rules, the first to ask and often editing lines (an index made anew), would pay for.
        # Each target's own: a tag (pixels are <img> tags) starts with "<", an entity with "&".
        needles = {"markdown-link": ("]",), "markdown-emphasis": ("_", "*"), "entity": ("&",)}
        self.needles = frozenset(needles.get(self.opts["target"], ("<",)))

    def expect_literals(self) -> None:
        # In the literals' RE2 set when it is first built (another rule's literals may hold these characters),
        # not built again for them; the automaton leaves single characters out.
        LITERALS.expect(self.needles)

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        found: list[Finding] = []
        edited: dict[int, Line | None] = {}  # by index: the line's new version, None when it goes
        for index in index_of(lines).lines_holding(self.needles):  # markup needs one of them
            line = lines[index]
            new_text, removed = self._edit(line.text)
            if not removed:
                continue
            first = self._first(line.text, removed) + 1
            if new_text.strip() and (not self.opts["target"].startswith("markdown") or WORD.search(new_text)):
                edited[index] = Line(line.no, new_text)
                found.append(self.finding(line, "edit", self.message, " ".join(removed), col=max(first, 1)))
            else:
                edited[index] = None
                found.append(self.finding(line, "drop", self.message, col=max(first, 1)))
        if not edited:
            return lines, found
        kept = [edited[index] if index in edited else line for index, line in enumerate(lines)]
        return [line for line in kept if line is not None], found

    def _edit(self, text: str) -> tuple[str, list[str]]:
        target = self.opts["target"]
        if target == "markdown-link":
            return _markdown_text(text)
        if target == "markdown-emphasis":
            return _unemphasised(text)
        if target == "entity":
            import html  # only for entities: not on the start-up path of a one-file check

            removed = ENTITY.findall(text)
            if not removed:
                return text, []
            # "&#10;" or "&NewLine;" is a space within the line, as a browser shows it: a line break inside
            # a line would part what every later rule and the document's index take for one line.
            return html.unescape(text).replace("\r", " ").replace("\n", " "), removed
        pattern = IMG if target == "pixel" else TAG
        removed = [m.group(0) for m in pattern.finditer(text) if target != "pixel" or self._is_pixel(m.group(0))]
        for tag in removed:
            text = text.replace(tag, " " if target == "tag" else "", 1)
        if removed:
            text = re.sub(r"  +", " ", text).strip() if text.strip() else ""
        return text, removed

    def _first(self, text: str, removed: list[str]) -> int:
        """Where the first thing removed stands in the line (0-based)."""
        if self.opts["target"] == "entity":
            return text.find("&")
        if self.opts["target"] == "markdown-link":  # images go first: a link may stand before them
            return min(text.find(part) for part in removed)
        if self.opts["target"] == "markdown-emphasis":
            return max(0, text.find(removed[0]))
        return text.find(removed[0])

    def _is_pixel(self, tag: str) -> bool:
        return bool(PIXEL_ATTRIBUTES.search(tag) or (self.sources and self.sources.search(tag)))


def _markdown_text(text: str) -> tuple[str, list[str]]:
    """The line with its Markdown images gone and its links reduced to their text (a reference-style link's
    definition, a line of its own, gone whole), and what went."""
    if "](" not in text and "][" not in text and "]:" not in text:
        return text, []
    if "]:" in text and MD_DEFINITION.fullmatch(text):
        return "", [text.strip()]
    removed = [m.group(0) for pattern in (MD_IMAGE, MD_REF_IMAGE) for m in pattern.finditer(text)]
    text = MD_REF_IMAGE.sub("", MD_IMAGE.sub("", text))
    targets: list[str] = []

    def link_text(match: re.Match[str]) -> str:
        targets.append(match.group(0)[len(match.group(1)) + 2 :])
        return match.group(1).strip()

    # Twice: a link whose text was an image ("[![logo](a.png)](/)") is a link again once the image is gone.
    for pattern in (MD_LINK, MD_LINK, MD_REF_LINK):
        text = pattern.sub(link_text, text)
    removed += targets
    if removed:
        text = re.sub(r"  +", " ", text).strip()
    return text, removed


def _unemphasised(text: str) -> tuple[str, list[str]]:
    """The line with its Markdown emphasis marks gone (the words they marked stay), and the marks, outside
    code spans."""
    if "_" not in text and "*" not in text:
        return text, []
    removed: list[str] = []

    def words_of(match: re.Match[str]) -> str:
        removed.append(match.group(1) or match.group(0))
        return match.group(2) or ""

    parts = CODE_SPAN.split(text)
    spans = CODE_SPAN.findall(text)
    plain = [MD_EMPHASIS.sub(words_of, part) for part in parts]
    if not removed:
        return text, []
    text = "".join(part + span for part, span in zip(plain, [*spans, ""]))
    return re.sub(r"  +", " ", text).strip(), removed
