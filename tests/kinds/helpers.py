"""Build one rule of a kind and run it, without a YAML pack."""

from __future__ import annotations

from typing import Any

from ingest.engine import Outcome, run_rules
from ingest.kinds import KINDS, Rule, RuleSpec


def make(kind: str, **options: Any) -> Rule:
    return KINDS[kind](RuleSpec(id="T100", name="test-rule", kind=kind, description="test", options=options))


def run(rule: Rule, text: str) -> Outcome:
    return run_rules([rule], text)
