"""`check` output for people and for machines: text, json, github, sarif, junit, and statistics."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from . import __version__
from .document import Finding
from .kinds import Rule
from .report import finding_json, message, text_line
from .validate import CHECKS

Checked = list[tuple[str, list[Finding]]]  # (path, its findings) per document, in input order
FORMATS = ("text", "json", "github", "sarif", "junit")
GITHUB_SHOWN = 10  # GitHub shows at most 10 annotations of each level per step
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(fmt: str, checked: Checked, rules: list[Rule]) -> str:
    return {"text": text, "json": as_json, "github": github, "sarif": sarif, "junit": junit}[fmt](checked, rules)


def _all(checked: Checked) -> Iterable[tuple[str, Finding]]:
    for path, findings in checked:
        for finding in findings:
            yield path, finding


def text(checked: Checked, rules: list[Rule]) -> str:
    return "\n".join(text_line(path, f) for path, f in _all(checked))


def as_json(checked: Checked, rules: list[Rule]) -> str:
    import json  # here and in sarif: not on the start-up path of a text check

    return json.dumps([finding_json(path, f) for path, f in _all(checked)], indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(checked: Checked, rules: list[Rule]) -> str:
    """Workflow commands; a summary line when a level has more findings than GitHub shows."""
    lines = []
    counts: Counter[str] = Counter()
    for path, f in _all(checked):
        level = GITHUB_LEVELS[f.severity]
        counts[level] += 1
        title = _escape_property(f"{f.rule_id} {f.rule_name}")
        lines.append(f"::{level} file={_escape_property(path)},line={f.line},col={f.col},title={title}::{_escape_data(message(f))}")
    hidden = {level: n - GITHUB_SHOWN for level, n in counts.items() if n > GITHUB_SHOWN}
    if hidden:
        total = sum(counts.values())
        detail = ", ".join(f"{n} {level}s" for level, n in sorted(hidden.items()))
        lines.append(f"::error title=scrapelint::{total} findings; GitHub shows {GITHUB_SHOWN} per level, so {detail} are not annotated (run scrapelint check to see all)")
    return "\n".join(lines)


def _descriptions(rules: list[Rule]) -> list[tuple[str, str, str, str]]:
    """(id, name, short description, why) of every rule and validation check."""
    items = [(r.spec.id, r.spec.name, r.message, r.spec.why or r.spec.description) for r in rules]
    items += [(c.id, c.name, c.description, c.description) for c in CHECKS.values()]
    return items


def sarif(checked: Checked, rules: list[Rule]) -> str:
    described = _descriptions(rules)
    index = {rule_id: n for n, (rule_id, *_rest) in enumerate(described)}
    results = [
        {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": f"{f.rule_name}: {message(f)}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": path},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
        }
        for path, f in _all(checked)
    ]
    driver = {
        "name": "scrapelint",
        "version": __version__,
        "informationUri": "https://pypi.org/project/scrapelint/",
        "rules": [
            {"id": rule_id, "name": name, "shortDescription": {"text": short}, "fullDescription": {"text": full}}
            for rule_id, name, short, full in described
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    import json

    return json.dumps(log, indent=2, ensure_ascii=False)


def junit(checked: Checked, rules: list[Rule]) -> str:
    """One test case per document; its error-level findings are its failure."""
    cases = []
    failed = 0
    for path, findings in checked:
        errors = [f for f in findings if f.severity == "error"]
        body = ""
        if errors:
            failed += 1
            details = "\n".join(text_line(path, f) for f in errors)
            body = f'<failure message={_quoteattr(f"{len(errors)} findings")}>{_xml_text(details)}</failure>'
        cases.append(f"  <testcase classname=\"scrapelint\" name={_quoteattr(path)}>{body}</testcase>")
    head = f'<testsuite name="scrapelint" tests="{len(checked)}" failures="{failed}" errors="0">'
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', head, *cases, "</testsuite>"])


def _quoteattr(value: str) -> str:
    from xml.sax.saxutils import quoteattr  # pulls in urllib and http: off the start-up path of other formats

    return quoteattr(value)


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def statistics(checked: Checked) -> str:
    """Findings per rule, most frequent first, as ruff prints them."""
    counts = Counter((f.rule_id, f.rule_name) for _, f in _all(checked))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return "\n".join(f"{n:>{width}}  {rule_id}  {name}" for (rule_id, name), n in rows)
