"""HTML to main text with trafilatura, and the page's metadata; imported only when a document is HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .budget import within
from .prepare import PageWalk, prepare

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "language")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # BCP 47, as far as a page writes it
URL_SITE = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # trafilatura's sitename from a URL
BUDGET_SECONDS = 30.0  # a pathological page becomes a finding instead of a hung run (in a main thread: budget.py)


class ExtractError(ValueError):
    """The page yielded no main text."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def extract(html: Any, url: str | None = None, budget: float | None = None, seen: PageWalk | None = None) -> Extracted:
    """Main text and metadata of a page, given as markup or as an lxml tree; OverBudget (stage
    "the extraction") past `budget` seconds (default BUDGET_SECONDS). `seen`: the tree's, for prepare."""
    from trafilatura import bare_extraction  # heavy: kept off the start-up path of text-only runs
    from trafilatura.utils import load_html

    def run() -> tuple[Any, dict[str, str]]:
        tree = load_html(html)
        if tree is None:
            return None, {}
        metadata = page_metadata(tree, url, seen)
        prepare(tree, seen)
        return bare_extraction(tree, url=url, include_comments=False, include_tables=True), metadata

    # OverBudget, not an ExtractError: a page with no extraction falls back to its whole text, and its
    # output would then depend on how loaded the machine was. It fails, as the rules past their budget do.
    result, metadata = within(BUDGET_SECONDS if budget is None else budget, run, stage="the extraction")
    if result is None:
        raise ExtractError("no main text found in the HTML")
    return Extracted(result.text or "", metadata)


def page_metadata(tree: Any, url: str | None = None, seen: PageWalk | None = None) -> dict[str, str]:
    """Title, author, date, sitename, url and language of a parsed page (`seen`: its walk, for the author).

    trafilatura's extract_metadata, less the searches for what the manifest does not keep
    (categories, tags, license, hostname): they took about 40% of its time. The language is the
    one the page declares, which extract_metadata does not read."""
    from trafilatura import metadata as meta

    from .author import author
    from .jsonld import meta_json
    from .pagedate import page_date

    found = meta.examine_meta(tree)
    if found.author and " " not in found.author:  # a user name, not a person's name (as trafilatura)
        found.author = None
    try:
        found = meta_json(tree, found)  # meta.extract_meta_json's, found with less work
    except Exception:  # trafilatura's JSON-LD reader fails on some malformed data; the meta tags stand
        pass
    found.title = found.title or meta.extract_title(tree)
    found.author = found.author or author(tree, seen and seen.holding)  # meta.extract_author's, found faster
    found.url = found.url or meta.extract_url(tree, url)
    found.date = page_date(tree, found.url)  # htmldate's find_date, without its copy of the page
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
