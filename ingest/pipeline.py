"""One document, one direction: bytes -> decode -> (extract) -> rules -> validate -> record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import __version__
from .budget import Allowance, OverBudget, scaled
from .config import RuleSet
from .decode import DecodeError, decode
from .document import Finding, Line
from .engine import Outcome, run_rules
from .joins import Joined
from .kinds import Rule
from .kinds.boundary import is_title_like
from .links import is_markdown, relink
from .locate import clean_line_in_input, in_source, raw_column, through_joins
from .rows import split_rows
from .sniff import sniff
from .splits import rejoin
from .text import block_words, lines_in, word_counts, words
from .validate import report, validate
from .wraps import unwrap

if TYPE_CHECKING:  # pagetext is imported when a document is HTML
    from .pagetext import Furniture


@dataclass
class Result:
    id: str
    source: str
    clean: str | None  # None when the input could not be read
    findings: list[Finding] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return str(self.record["status"])


def process(
    data: bytes | None,
    doc_id: str,
    source: str,
    ruleset: RuleSet,
    error: str | None = None,
    known: str | None = None,
    hashes: bool = True,
    placed: bool = False,
) -> Result:
    """Clean one document's bytes. `data` is None (with `error`) when the file could not be read;
    `known` is "html" or "text" when the source says which (a WARC response, a JSONL html field).
    `hashes` False leaves the record without sha256s and rule-set digest: `check` keeps no record, and
    a one-file check starts faster without hashlib and json. `placed` True points the findings of an
    HTML page at its source (`in_source`), for `check`; else they stay in the extracted text."""
    sha256 = _sha256 if hashes else lambda data: None
    record: dict[str, Any] = {
        "id": doc_id,
        "source": source,
        "output": None,
        "format": None,
        "encoding": None,
        "confidence": None,
        "raw_sha256": sha256(data) if data is not None else None,
        "clean_sha256": None,
        "bytes_before": len(data) if data is not None else None,
        "bytes_after": None,
        "words_before": None,
        "words_after": None,
        "title": None,
        "author": None,
        "date": None,
        "rules": {},
        "status": "fail",
        "messages": [],
        "ruleset": ruleset.digest() if hashes else None,
        "version": __version__,
    }
    try:
        if data is None:
            raise DecodeError(error or "cannot read")
        decoded = decode(data)
    except DecodeError as failure:
        finding = report("SL001", str(failure))
        record["messages"] = [f"SL001 unreadable: {failure}"]
        return Result(doc_id, source, None, [finding], record)

    text, fmt = decoded.text, known or sniff(source, decoded.text)
    record.update({"format": fmt, "encoding": decoded.encoding, "confidence": round(decoded.confidence, 3)})
    metadata: dict[str, str] = {}
    step_findings: list[Finding] = []  # of the steps around the rules: html rules, SL009-SL012
    page: str | None = None  # an HTML page's whole text (pagetext.page_text), for the fallback
    tree: Any = None  # and the page, without what the html rules removed
    furniture: Any = None  # and its furniture (pagetext.Furniture), judged once for SL008, SL016 and SL017
    owned: list[tuple[str, Any]] = []  # and the page's lines with their block elements (pagetext.page_text)
    # One budget for all the steps but the extractor's (which has its own): the html rules, the
    # text rules and what the pipeline adds around them.
    budget = Allowance(scaled(ruleset.thresholds.rules_seconds, len(text)))
    # What joined or split a text dump's lines before the rules, in order: its paragraphs hard-wrapped at a
    # fixed width (SL011), Markdown links broken across lines (SL014), Markdown lines of several links or of
    # a card's blocks (SL015), its sentences broken at every link in a dump of text nodes (SL013).
    joins: list[tuple[str, Joined]] = []
    completed = None  # an HTML page's text with its listing entries completed, when kept aside (_extract)
    try:
        if fmt == "html":
            text, metadata, step_findings, page, tree, completed = _extract(ruleset, text, budget, record, owned)
            if tree is not None:
                from .pagetext import Furniture

                furniture = Furniture(tree, page or "", owned)
        else:
            # Links after the wraps: the converter wrapped the Markdown, targets and all, at its width.
            markdown = None  # is_markdown, asked once for SL014 and SL015: a text relinked stays Markdown
            for step, join, reads_markdown in (("SL011", unwrap, False), ("SL014", relink, True), ("SL015", split_rows, True), ("SL013", rejoin, False)):
                if step in ruleset.off:
                    continue
                if reads_markdown:
                    markdown = is_markdown(text) if markdown is None else markdown
                    joined = join(text, markdown)
                else:
                    joined = join(text)
                if joined is not None:
                    joins.append((step, joined))
                    text = joined.text
        # The fallback (SL008) judges a short extraction as extracted, before the text rules, so that they
        # run once, on the text kept: the page's, or the extraction's with its listing entries completed.
        fallen = None
        if page is not None and "SL008" not in ruleset.off and words(text) < ruleset.thresholds.fallback_words:
            fallen = budget(lambda: _page_text_instead(ruleset, page, furniture, text))
        if fallen is None:
            if completed is not None:
                text, step_findings = completed
            outcome = budget(lambda: run_rules(ruleset.rules, text, fmt))
            extracted = text
            # An extraction the fallback left may be a part of what holds the document (fuller.py, SL016).
            if page is not None and owned and "SL016" not in ruleset.off:
                text, outcome = budget(lambda: _fuller_page_text(ruleset, page, furniture, owned, text, outcome))
        else:
            (text, outcome), extracted = fallen, None
        if page is not None and text is not extracted:  # the extraction, and the blocks put back into it, were not kept
            step_findings = [finding for finding in step_findings if finding.rule_id not in ("SL009", "SL010", "SL012")]
        elif page is not None and owned and "SL017" not in ruleset.off:  # the extraction stands: less the page's furniture it holds
            outcome, dropped = budget(lambda: _furniture_dropped(furniture, owned, outcome))
            step_findings += dropped
    except OverBudget as over:
        finding = over_budget(over)
        record["words_before"] = words(text)
        record["messages"].append(f"{finding.rule_id} {finding.rule_name}: {finding.message}")
        return Result(doc_id, source, None, [finding], record)
    for key, value in outcome.record.items():
        metadata.setdefault(key, value)
    if "title" not in metadata:
        first = _first_line(outcome.text)
        if is_title_like(first, 4):
            metadata["title"] = first.strip()

    if fmt != "html" and any(finding.col > 1 for finding in outcome.findings):
        lines = lines_in(text)
        outcome.findings[:] = [raw_column(finding, lines) for finding in outcome.findings]
    if joins:  # the rules saw the joined text; their findings point into the input as it came
        for index, finding in enumerate(outcome.findings):
            line, col = through_joins(joins, finding.line, finding.col)
            outcome.findings[index] = replace(finding, line=line, col=col)
        for done, (step, joined) in enumerate(joins):
            made = f"{joined.what} {joined.made}"
            step_findings += [report(step, f"{pieces} {made}", line=through_joins(joins[:done], line, 1)[0]) for line, pieces in joined.joined]
    words_before = words(text) if outcome.words_before is None else outcome.words_before
    checked = validate(outcome.text, words_before, ruleset.thresholds, outcome.words)
    if fmt != "html":  # what the checks found in the clean text, at its line in the input
        checked.findings[:] = [clean_line_in_input(finding, outcome.numbers, joins) for finding in checked.findings]
    clean_bytes = outcome.text.encode("utf-8")
    removed: dict[str, dict[str, int]] = {}
    for finding in step_findings + outcome.findings:
        if finding.action == "report":  # SL008-SL010, SL012 and SL016 say what was kept; they removed nothing
            continue
        entry = removed.setdefault(finding.rule_id, {"count": 0, "chars": 0})
        entry["count"] += 1
        entry["chars"] += len(finding.text)
    record.update(
        {
            "clean_sha256": sha256(clean_bytes) if outcome.text else None,
            "bytes_after": len(clean_bytes),
            "words_before": words_before,
            "words_after": checked.words,
            **metadata,
            "rules": dict(sorted(removed.items())),
            "status": checked.status,
            "messages": record["messages"] + checked.messages,
        }
    )
    findings = step_findings + outcome.findings + checked.findings
    if placed and fmt == "html":
        findings = in_source(findings, decoded.text, outcome.text, {rule.spec.id for rule in ruleset.rules if rule.kind == "html"})
    return Result(doc_id, source, outcome.text, findings, record)


NOT_SPACE = re.compile(r"\S")  # what str.strip keeps


def _first_line(text: str) -> str:
    """The first line of the text that is not blank, or "": found where it is, not among all the lines split."""
    found = NOT_SPACE.search(text)
    if found is None:
        return ""
    end = text.find("\n", found.start())
    return text[text.rfind("\n", 0, found.start()) + 1 : end if end != -1 else len(text)]


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _extract(
    ruleset: RuleSet, html: str, budget: Allowance, record: dict[str, Any], owned: list[tuple[str, Any]]
) -> tuple[str, dict[str, str], list[Finding], str | None, Any, tuple[str, list[Finding]] | None]:
    """The html rules (within the rules' time budget), then the main text: the whole repeated group
    the extraction is one item of (repeats.py, finding SL010), else the extraction with the rest of
    the listing entries it kept pieces of (entries.py, a finding SL012 each) and the lone blocks it
    dropped from inside it put back (gaps.py, a finding SL009 each), each step off when a config
    ignores its id; and metadata ("" when there is none), and the page's whole text
    without what the html rules removed, and that page's tree (None when the page did not parse);
    `owned` gets the page's lines with their block elements (pagetext.page_text); and, when the
    extraction is shorter than the fallback's threshold, the text with the listing entries completed
    and its findings, to keep if the page does not fall back (else None)."""
    from .extract import ExtractError, extract
    from .pagetext import page_text
    from .gaps import SURE_WORDS, Kept, covered, put_back
    from .entries import dropped_lines, put_in
    from .repeats import whole_group
    from .report import snippet
    from .prepare import PageWalk
    from .prune import prune

    nodes: list[Any] = []  # the page's nodes, for as long as the tree is worked on (prune.prune)
    seen = PageWalk()  # what the html rules' walk of the page saw for prepare.prepare
    tree, findings = budget(lambda: prune(ruleset.rules, html, nodes, decoded=True, seen=seen))
    try:
        extracted = extract(tree if tree is not None else html, seen=seen)
    except ExtractError as failure:
        record["messages"].append(f"extract: {failure}")
        return "", {}, findings, None if tree is None else budget(lambda: page_text(tree)), tree, None
    if tree is None:
        return extracted.text, dict(extracted.metadata), findings, None, None, None
    page = budget(lambda: page_text(tree, owned))
    lines = [line for line, _ in owned]
    kept = Kept(extracted.text)  # for the gap step too, when the text stays as extracted
    held = budget(lambda: covered(extracted.text, lines, SURE_WORDS, kept)) if not {"SL010", "SL012"} <= ruleset.off else []
    if "SL010" not in ruleset.off:
        group = budget(lambda: whole_group(owned, held))
        if group is not None:
            message = f"the extracted main text is one item of a repeated group; kept the group's text ({round(sum(block_words(line) for line in group))} words)"
            return "\n".join(group), dict(extracted.metadata), [*findings, report("SL010", message)], page, tree, None

    def restored(text: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
        """The text with the lone blocks the extractor dropped put back, and the findings with theirs."""
        if "SL009" in ruleset.off:
            return text, findings
        text, blocks = budget(lambda: put_back(text, page, kept, spaced=True))
        put = "put back a block the extractor dropped between two it kept"
        return text, findings + [replace(report("SL009", f"{put}: {snippet(block)!r}", line), text=block) for line, block in blocks]

    completed = None
    if "SL012" not in ruleset.off and (wanted := budget(lambda: dropped_lines(owned, held))):
        text, placed = budget(lambda: put_in(extracted.text, lines, held, wanted))
        told = "put back a line of a listing entry the extractor kept part of"
        completed = restored(text, findings + [replace(report("SL012", f"{told}: {snippet(line)!r}", row), text=line) for row, line in placed])
        if words(extracted.text) >= ruleset.thresholds.fallback_words:
            return completed[0], dict(extracted.metadata), completed[1], page, tree, None
    # A shorter extraction may be the wrong part of the page, which the fallback (SL008) judges by
    # its length: the entries completed are kept only when it does not fall back.
    text, findings = restored(extracted.text, findings)
    return text, dict(extracted.metadata), findings, page, tree, completed


# The extractor picked the wrong part of the page when its text is short and the page's own text,
# cleaned by the text rules, is more than twice as long and holds it hardly at all (a teaser or a
# sidebar instead of a listing's items or a forum's posts).
FALLBACK_MAX_SHARED = 0.15
FALLBACK_MIN_GROWTH = 2.0


def _page_text_instead(ruleset: RuleSet, dump: str, furniture: Furniture, text: str) -> tuple[str, Outcome] | None:
    """None when the extracted `text` stands, or, when it missed the document (FALLBACK_*, judged
    against the page's whole text, `dump`), the text of the page (`furniture`'s) without its header,
    footer, menus, sidebars and forms and its outcome as a text dump, with a finding (SL008)."""
    other = run_rules(ruleset.rules, dump, "text")
    extracted, cleaned = word_counts(text), word_counts(other.text)  # in words as `words` counts them, in any script
    total = sum(cleaned.values())
    if not total or sum((extracted & cleaned).values()) > FALLBACK_MAX_SHARED * total or total <= FALLBACK_MIN_GROWTH * sum(extracted.values()):
        return None
    dump = furniture.page_text()
    other = run_rules(ruleset.rules, dump, "text")
    message = f"the extracted main text ({words(text)} words) holds little of the page's text; kept the page's text without its furniture, cleaned as a text dump ({words(other.text)} words)"
    return dump, Outcome(other.text, [report("SL008", message), *other.findings], other.record)


def _fuller_page_text(ruleset: RuleSet, page: str, furniture: Furniture, owned: list[tuple[str, Any]], text: str, outcome: Outcome) -> tuple[str, Outcome]:
    """The extracted text and its outcome, or, when the page's text without its furniture, cleaned as
    a text dump, is the extraction made whole (fuller.py) on a page that does not say it is an
    article, that text and its outcome; a finding (SL016) says so."""
    from .fuller import declares_article, fuller, holder, holds_more, may_fill

    # The cheaper tests first: the page's whole text, then without furniture, must hold more already.
    if declares_article(furniture.root) or not holds_more(kept := word_counts(outcome.text), page):
        return text, outcome
    if (held := holder(outcome.text, owned)) is None or not may_fill(kept, held):
        return text, outcome
    dump = furniture.page_text()
    if not holds_more(kept, dump):
        return text, outcome
    other = run_rules(ruleset.rules, dump, "text")
    if not fuller(kept, other.text, owned, held):
        return text, outcome
    message = f"the page's text without its furniture holds the extracted main text ({words(outcome.text)} words) and more of the element that holds it; kept it, cleaned as a text dump ({words(other.text)} words)"
    return dump, Outcome(other.text, [report("SL016", message), *other.findings], other.record)


def _furniture_dropped(furniture: Furniture, owned: list[tuple[str, Any]], outcome: Outcome) -> tuple[Outcome, list[Finding]]:
    """The outcome with the lines of its clean text that the page has only in its furniture
    (furniture.py) dropped, and a finding (SL017) for each, at its line in the extracted text; or
    the outcome as it was."""
    from .furniture import furniture_lines
    from .report import snippet

    dropped = furniture_lines(outcome.text, owned, furniture)
    if not dropped:
        return outcome, []
    lines, gone = outcome.text.rstrip("\n").split("\n"), set(dropped)  # run_rules ends the clean text with "\n"
    told = "dropped a line the page has only in its header, footer, menus, forms or hidden parts"
    numbered = len(outcome.numbers) == len(lines)
    at = outcome.numbers if numbered else range(1, len(lines) + 1)
    findings = [replace(report("SL017", f"{told}: {snippet(lines[number])!r}", at[number]), action="drop", text=lines[number]) for number in dropped]
    kept: list[int] = []
    for number, line in enumerate(lines):  # a blank line left beside another, or first, goes too
        if number not in gone and (line.strip() or (kept and lines[kept[-1]].strip())):
            kept.append(number)
    while kept and not lines[kept[-1]].strip():
        kept.pop()
    text = "\n".join(lines[number] for number in kept)
    numbers = [outcome.numbers[number] for number in kept] if numbered else []
    return replace(outcome, text=text + "\n" if text else "", words=None, numbers=numbers), findings


def over_budget(over: OverBudget) -> Finding:
    """The finding for rules stopped by their time budget, naming the rule (and line) that was running;
    or for a stage with a budget of its own (the extraction), naming it."""
    if over.stage is not None:
        return report("SL007", f"{over.stage} exceeded its time budget of {over.seconds:g} s; document not cleaned")
    message = f"exceeded the time budget of {over.seconds:g} s (validation.rules_seconds); document not cleaned"
    import traceback

    # The engine's loop knows nothing of budgets: the rule is the innermost `self` that is a Rule.
    rule, line = None, 1
    for frame, _ in traceback.walk_tb(over.trace):
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Rule):
            rule, current = candidate, frame.f_locals.get("line")
            line = current.no if isinstance(current, Line) else 1
    if rule is None:
        return report("SL007", message)
    return Finding(rule.spec.id, rule.spec.name, "error", line, 1, "report", message)
