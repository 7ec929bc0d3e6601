"""check's machine-readable formats on the bundled corpus, checked against its JSON findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import REPO, run_cli

from ingest.config import load
from ingest.document import Finding
from ingest.formats import GITHUB_SHOWN, github, statistics


@pytest.fixture(scope="module")
def findings() -> list[dict]:
    return json.loads(run_cli("check", "--format", "json").stdout)


def test_json_lists_findings_with_the_fields_tools_need(findings: list[dict]) -> None:
    assert findings
    share = [f for f in findings if f["rule_id"] == "SL201"]
    assert share[0] | {"message": None, "text": None, "action": None} == {
        "path": "raw/001_fb26dc5c801ada2b.txt", "line": 4, "column": 1, "rule_id": "SL201",
        "name": "share-row", "severity": "error", "message": None, "text": None, "action": None,
    }


def test_github_annotations(findings: list[dict]) -> None:
    result = run_cli("check", "--format", "github")
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if "file=" in line]
    assert len(annotations) == len(findings)
    assert "::error file=raw/001_fb26dc5c801ada2b.txt,line=4,col=1,title=SL201 share-row::dropped 'Linkedin Pinterest'" in lines
    errors = sum(f["severity"] == "error" for f in findings)
    assert (errors > GITHUB_SHOWN) == any(line.startswith("::error title=scrapelint::") for line in lines)
    assert result.returncode == 1


def test_github_escapes_what_would_break_a_command() -> None:
    finding = Finding("SL1", "x", "warning", 1, 1, "report", "50% done\nnext")
    assert github([("a,b:c.txt", [finding])], []) == "::warning file=a%2Cb%3Ac.txt,line=1,col=1,title=SL1 x::50%25 done%0Anext"


def test_sarif_is_2_1_0_with_rules_and_locations(findings: list[dict]) -> None:
    log = json.loads(run_cli("check", "--format", "sarif").stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {r.spec.id for r in load().rules}
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    assert len(run["results"]) == len(findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        location = result["locations"][0]["physicalLocation"]
        assert (REPO / location["artifactLocation"]["uri"]).is_file()
        assert location["region"]["startLine"] >= 1


def test_junit_has_one_case_per_document(findings: list[dict]) -> None:
    suite = ET.fromstring(run_cli("check", "--format", "junit").stdout)
    cases = suite.findall("testcase")
    assert sorted(c.get("name") for c in cases) == sorted(f"raw/{p.name}" for p in (REPO / "raw").iterdir())
    failing = {f["path"] for f in findings if f["severity"] == "error"}
    assert {c.get("name") for c in cases if c.find("failure") is not None} == failing
    assert suite.get("failures") == str(len(failing))


def test_statistics_counts_per_rule(findings: list[dict]) -> None:
    result = run_cli("check", "--statistics")
    rows = [line.split() for line in result.stdout.splitlines()]
    assert sum(int(row[0]) for row in rows) == len(findings)
    assert [int(row[0]) for row in rows] == sorted((int(row[0]) for row in rows), reverse=True)
    assert statistics([]) == ""


def test_exit_zero_and_strict(corpus: Path) -> None:
    assert run_cli("check", "--exit-zero", cwd=corpus).returncode == 0
    config = corpus / "warn.yaml"
    config.write_text("extends: default\nseverity: {SL301: warning, SL203: warning}\n")
    args = ("check", "raw/002_94dbe545757dba67.txt", "--config", str(config))
    assert run_cli(*args, cwd=corpus).returncode == 0
    assert run_cli(*args, "--strict", cwd=corpus).returncode == 1


def test_an_internal_error_is_one_line_and_exit_2(corpus: Path, monkeypatch, capsys) -> None:
    from ingest import cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.chdir(corpus)
    monkeypatch.setattr(cli.formats, "render", broken)
    assert cli.main(["check"]) == 2
    assert capsys.readouterr().err == "scrapelint: internal error: RuntimeError: boom\n"


def test_formats_other_than_junit_do_not_load_the_xml_helpers() -> None:
    import subprocess
    import sys

    code = "import sys, ingest.formats; print('xml.sax.saxutils' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True).stdout.strip() == "False"
