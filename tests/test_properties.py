"""Properties over arbitrary input (hypothesis)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.cli import main
from ingest.config import load
from ingest.decode import decode
from ingest.engine import run_rules
from ingest.pipeline import process

RULES = load()
LINES = st.sampled_from(
    [
        "Home", "Share this article", "Related Articles", "Comments are closed.", "Advertisement",
        "The council approved the budget on Tuesday after a long debate about schools and roads.",
        "Residents were divided over the cost of the new bridge, the mayor said on Monday.",
        "By Jane Doe", "Published: June 3, 2023", "", "  ", "Photo: Wire Service", "<b>bold</b> text",
    ]
)
# NUL bytes make a document binary (a decode failure, tested in test_decode.py), so text here has none.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=80)
DOCUMENTS = st.lists(st.one_of(LINES, TEXT), max_size=40).map("\n".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_are_processed_without_raising(data: bytes) -> None:
    result = process(data, "doc", "raw/doc.txt", RULES)
    assert result.record["status"] in ("ok", "warn", "fail")
    if result.clean is None:  # unreadable: recorded as failed, with the reason
        assert result.record["status"] == "fail" and result.record["messages"]
    else:
        assert result.record["clean_sha256"] == (hashlib.sha256(result.clean.encode()).hexdigest() if result.clean else None)


@SETTINGS
@given(DOCUMENTS)
def test_fix_is_idempotent(text: str) -> None:
    once = run_rules(RULES.rules, decode(text.encode()).text).text
    assert run_rules(RULES.rules, once).text == once


@SETTINGS
@given(DOCUMENTS)
def test_clean_lines_come_from_the_input(text: str) -> None:
    decoded = decode(text.encode()).text
    source = " ".join(decoded.split())
    outcome = run_rules(RULES.rules, decoded)
    edited = {finding.line for finding in outcome.findings if finding.action == "edit"}  # markup, entities, emphasis marks
    for line, number in zip(outcome.text[:-1].split("\n") if outcome.text else [], outcome.numbers, strict=True):
        words = " ".join(line.split())
        if words and number not in edited:  # every kept line no rule edited in place is input text
            assert words in source


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_check_exit_code_agrees_with_its_findings(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            code = main(["check", str(path), "--format", "json"])
    findings = json.loads(output.getvalue())
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
