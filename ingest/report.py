"""How findings and rules look to a user: `path:line:col: ID name message`."""

from __future__ import annotations

from typing import Any, Iterable

from .document import Finding
from .kinds import Rule
from .validate import CHECKS

VERBS = {"drop": "dropped", "edit": "edited", "move": "moved to the record"}


def snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def message(finding: Finding) -> str:
    if finding.action == "report":
        return finding.message
    return f"{VERBS.get(finding.action, finding.action)} {snippet(finding.text)!r}"


def text_line(path: str, finding: Finding) -> str:
    return f"{path}:{finding.line}:{finding.col}: {finding.rule_id} {finding.rule_name} {message(finding)}"


def finding_json(path: str, finding: Finding) -> dict[str, Any]:
    return {
        "path": path,
        "line": finding.line,
        "column": finding.col,
        "rule_id": finding.rule_id,
        "name": finding.rule_name,
        "severity": finding.severity,
        "action": finding.action,
        "message": message(finding),
        "text": finding.text,
    }


def rules_table(rules: Iterable[Rule]) -> str:
    rows = [(r.spec.id, r.spec.name, r.spec.kind, r.spec.severity, r.spec.description) for r in rules]
    rows += [(c.id, c.name, "validate", c.severity, c.description) for c in CHECKS.values()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4] for row in sorted(rows)
    )


def rules_json(rules: Iterable[Rule]) -> str:
    import json  # not on the start-up path of a one-file check

    items = [
        {"id": r.spec.id, "name": r.spec.name, "kind": r.spec.kind, "severity": r.spec.severity, "formats": list(r.spec.formats),
         "description": r.spec.description, "options": r.spec.options, "examples": {"match": list(r.spec.match), "keep": list(r.spec.keep)}}
        for r in rules
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)


def explain(rule: Rule) -> str:
    spec = rule.spec
    lines = [f"{spec.id} {spec.name}", "", spec.description or "(no description)", ""]
    if spec.why:
        lines += ["Why: " + spec.why, ""]
    lines += [f"kind: {spec.kind}", f"severity: {spec.severity}", f"runs on: {', '.join(spec.formats)}", f"defined at: {spec.origin}"]
    for key, value in spec.options.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {value}")
    lines += ["", "Removes, for example:"] + [_example(t) for t in spec.match]
    lines += ["", "Keeps, for example:"] + [_example(t) for t in spec.keep]
    return "\n".join(lines)


def explain_check(check_id: str) -> str:
    check = CHECKS[check_id]
    return f"{check.id} {check.name}\n\n{check.description}\n\nkind: validate\nseverity: {check.severity}"


def _example(text: str) -> str:
    return "\n".join("  | " + line for line in text.rstrip("\n").split("\n"))
