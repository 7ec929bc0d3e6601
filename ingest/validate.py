"""Checks on the clean text, so that an over-eager rule shows up instead of eating an article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Thresholds
from .document import Finding, Severity
from .text import words

# Markup left, a tag or an entity, within a line: searched over the whole text, the first match is the
# first line's that holds one. Two patterns, not one of two branches: a pattern that starts with one
# character is searched for it in C, where one of both would test every position against both starts.
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:[^\S\n][^<>\n]*)?/?>")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    severity: Severity
    description: str
    # Reports a step of the pipeline rather than judging the clean text: a config's `ignore` naming
    # it switches the step off (RuleSet.off), as it switches a rule off.
    step: bool = False


CHECKS = {
    check.id: check
    for check in (
        Check("SL001", "unreadable", "error", "The input could not be read or decoded (binary data, missing file, no permission)."),
        Check("SL002", "empty-document", "error", "Nothing is left of the document after cleaning."),
        Check("SL003", "too-few-words", "warning", "The clean text has fewer words than validation.min_words."),
        Check("SL004", "markup-left", "warning", "The clean text still holds HTML tags or entities."),
        Check("SL005", "replacement-character", "warning", "The text holds U+FFFD: bytes were lost in decoding."),
        Check("SL006", "too-much-removed", "warning", "The rules removed more than validation.max_removed of the words."),
        Check("SL007", "over-time-budget", "error", "The rules took longer than validation.rules_seconds, or the extraction than its own budget, or its worker process (fix with --jobs above 1, or with --worker-timeout) was killed past --worker-timeout (default: 3x those budgets, at least 60 s); the document is not cleaned."),
        Check(
            "SL008",
            "page-text-kept",
            "info",
            "The extractor's main text of an HTML page was short (under validation.fallback_words) and held little of the"
            " page's text; the page's text without its header, footer, menus, sidebars and forms, cleaned by the text rules"
            " as a text dump, was kept instead (off: `ignore: [SL008]`).",
            step=True,
        ),
        Check(
            "SL009",
            "gap-restored",
            "info",
            "A block of an HTML page's text that the extractor dropped, alone between two blocks it kept, was put back"
            " in place (ingest/gaps.py); the text rules then cleaned it as usual (off: `ignore: [SL009]`).",
            step=True,
        ),
        Check(
            "SL010",
            "thread-kept",
            "info",
            "The extractor kept one item of a repeated group of an HTML page (a post of a thread, one of like sections);"
            " the whole group's text was kept instead (ingest/repeats.py; off: `ignore: [SL010]`).",
            step=True,
        ),
        Check(
            "SL011",
            "hard-wraps",
            "info",
            "A text dump was hard-wrapped at a fixed width (as html2text, lynx and w3m leave text); each wrapped paragraph"
            " was joined into one line before the rules, as a page has it (ingest/wraps.py; off: `ignore: [SL011]`).",
            step=True,
        ),
        Check(
            "SL012",
            "entry-completed",
            "info",
            "The extractor kept part of several like entries of an HTML page (a listing's teasers, a grid's prices); the"
            " lines of those entries it dropped were put back in place (ingest/entries.py; off: `ignore: [SL012]`).",
            step=True,
        ),
        Check(
            "SL013",
            "broken-sentences",
            "info",
            "A text dump had each text node of the page on a line of its own (sentences broken at every link);"
            " each broken sentence was joined into one line before the rules (ingest/splits.py; off: `ignore: [SL013]`).",
            step=True,
        ),
        Check(
            "SL014",
            "broken-links",
            "info",
            "A Markdown dump had links or images broken across lines by the converter's wrapping; each was joined"
            " into one line before the rules (ingest/links.py; off: `ignore: [SL014]`).",
            step=True,
        ),
        Check(
            "SL015",
            "link-rows",
            "info",
            "A Markdown dump had a line of nothing but links (a menu, a row of teasers), or a link around several"
            " blocks (a card); each link or block was put on a line of its own before the rules (ingest/rows.py;"
            " off: `ignore: [SL015]`).",
            step=True,
        ),
        Check(
            "SL016",
            "fuller-page-text-kept",
            "info",
            "The page's text without its furniture, cleaned by the text rules as a text dump, held nearly all of the"
            " extractor's main text of an HTML page and more of the element that holds it, on a page whose JSON-LD does"
            " not say it is an article; it was kept instead (ingest/fuller.py; off: `ignore: [SL016]`).",
            step=True,
        ),
        Check(
            "SL017",
            "furniture-dropped",
            "info",
            "A line of the extractor's main text of an HTML page stands, on the page, only in its furniture (header,"
            " footer, menus, forms, dialogs, buttons, hidden parts); it was dropped, unless such lines are much of the"
            " text (ingest/furniture.py; off: `ignore: [SL017]`).",
            step=True,
        ),
    )
}
STEPS = tuple(check.id for check in CHECKS.values() if check.step)


@dataclass(frozen=True)
class Validation:
    status: str  # ok, warn, fail
    findings: list[Finding]
    words: int = 0  # in the clean text

    @property
    def messages(self) -> list[str]:
        return [f"{f.rule_id} {f.rule_name}: {f.message}" for f in self.findings]


def report(check_id: str, message: str, line: int = 1, col: int = 1) -> Finding:
    check = CHECKS[check_id]
    return Finding(check.id, check.name, check.severity, line, col, "report", message)


def validate(clean: str, words_before: int, thresholds: Thresholds, count: int | None = None) -> Validation:
    """`count`: the clean text's words (text.words), when known."""
    found: list[Finding] = []
    count = words(clean) if count is None else count
    if count == 0:
        found.append(report("SL002", "no words left after cleaning"))
    elif count < thresholds.min_words:
        found.append(report("SL003", f"{count} words left, fewer than {thresholds.min_words}"))
    markup = first_markup(clean)
    if markup:
        found.append(report("SL004", f"markup left: {markup.group(0)[:40]!r}", *_line_and_column(clean, markup.start())))
    at = clean.find("\ufffd")
    if at != -1:
        found.append(report("SL005", "U+FFFD replacement character", *_line_and_column(clean, at)))
    if words_before and count and 1 - count / words_before > thresholds.max_removed:
        share = 1 - count / words_before
        found.append(report("SL006", f"{share:.0%} of the words removed (limit {thresholds.max_removed:.0%})"))
    return Validation(status_of(found), found, count)


def first_markup(text: str) -> re.Match[str] | None:
    """The first tag or entity of the text, whichever starts first (an entity ends before any "<")."""
    # Markup starts with "<" or "&": most clean texts hold neither and need no search.
    tag = TAG.search(text) if "<" in text else None
    entity = ENTITY.search(text, 0, tag.start() if tag else len(text)) if "&" in text else None
    return entity or tag


def _line_and_column(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def status_of(findings: list[Finding]) -> str:
    if any(f.severity == "error" for f in findings):
        return "fail"
    return "warn" if findings else "ok"
