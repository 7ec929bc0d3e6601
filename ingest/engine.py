"""Run a rule set over a text: clean text, findings, and the metadata moved out of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Finding, Line
from .kinds import Rule


MAX_PASSES = 4


@dataclass
class Outcome:
    text: str
    findings: list[Finding]
    record: dict[str, str] = field(default_factory=dict)


def run_rules(rules: list[Rule], text: str, fmt: str = "text") -> Outcome:
    """Apply the rules meant for inputs of format `fmt` (text, or html after extraction)."""
    rules = [rule for rule in rules if fmt in rule.spec.formats]
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    record: dict[str, str] = {}
    findings: list[Finding] = []
    ordered = sorted(rules, key=lambda r: r.phase)
    # A cut can move a marker into the tail or a headline to the top, where a rule now applies:
    # run the rules again until nothing changes, so that fix of fix's output changes nothing.
    for _ in range(MAX_PASSES):
        before = len(findings)
        for rule in ordered:
            lines, found = rule.apply(lines, record)
            findings.extend(found)
        if len(findings) == before:
            break
    findings.sort(key=lambda f: (f.line, f.col))
    body = "\n".join(line.text for line in lines).strip("\n")
    return Outcome(body + "\n" if body else "", findings, record)
