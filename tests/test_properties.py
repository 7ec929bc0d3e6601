"""Properties that hold for any input (hypothesis): no exception, idempotence, nothing invented, honest exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.cli import main
from ingest.config import load
from ingest.decode import DecodeError, decode
from ingest.pipeline import process

RULESET = load(None)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = "the council met on Tuesday to discuss a budget for the old bridge and river school".split()
FURNITURE = ["Share on Facebook", "Read more", "Advertisement", "Sign up for our newsletter", "Home > News > World",
             "© 2024 All rights reserved", "By Jane Doe", "5 min read", "Accept cookies", "Comments (12)"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
line = st.one_of(sentence, st.sampled_from(FURNITURE), st.just(""), st.text(max_size=40))
documents = st.lists(line, max_size=40).map("\n".join)


def fold(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}


def clean_of(text: str) -> str:
    return process(text.encode("utf-8"), "doc", "doc.txt", RULESET).clean or ""


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), documents.map(lambda text: text.encode("utf-8"))))
def test_processing_any_bytes_does_not_raise(data: bytes) -> None:
    result = process(data, "doc", "doc.txt", RULESET)
    assert result.status in ("ok", "warn", "fail")
    assert result.status == "fail" or result.clean


@SETTINGS
@given(documents)
def test_fix_is_idempotent_on_its_own_output(text: str) -> None:
    once = clean_of(text)
    assert clean_of(once) == once


@SETTINGS
@given(documents)
def test_clean_text_has_no_line_that_was_not_in_the_input(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8")).text
    except DecodeError:
        return
    assert fold(clean_of(text)) <= fold(decoded)


@SETTINGS
@given(documents)
def test_check_exit_code_agrees_with_its_findings(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = main(["check", str(path), "--format", "json"])
    findings = json.loads(printed.getvalue())
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
