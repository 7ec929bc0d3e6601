import json

from ingest.config import load
from ingest.document import Finding
from ingest.report import explain, explain_check, finding_json, rules_json, rules_table, text_line
from ingest.validate import CHECKS

RULES = load().rules
FINDING = Finding("SL201", "share-row", "error", 4, 1, "drop", "share row", "Linkedin Pinterest")


def test_text_line_is_path_line_col_id_name_message() -> None:
    assert text_line("raw/a.txt", FINDING) == "raw/a.txt:4:1: SL201 share-row dropped 'Linkedin Pinterest'"


def test_long_text_is_shortened_on_one_line() -> None:
    finding = Finding("SL302", "related-content", "error", 1, 1, "drop", "", "word\n" * 40)
    line = text_line("a", finding)
    assert "\n" not in line and line.endswith("…'")


def test_json_finding_has_the_fields_tools_need() -> None:
    item = finding_json("raw/a.txt", FINDING)
    assert {k: item[k] for k in ("path", "line", "column", "rule_id", "name", "severity")} == {
        "path": "raw/a.txt", "line": 4, "column": 1, "rule_id": "SL201", "name": "share-row", "severity": "error",
    }


def test_rules_table_lists_rules_and_checks() -> None:
    table = rules_table(RULES)
    assert len(table.splitlines()) == len(RULES) + len(CHECKS)
    assert any(line.startswith("SL201  share-row") for line in table.splitlines())


def test_rules_json() -> None:
    items = json.loads(rules_json(RULES))
    assert [i["id"] for i in items] == [r.spec.id for r in RULES]
    assert all(i["examples"]["match"] and i["examples"]["keep"] for i in items)


def test_explain_shows_why_and_examples() -> None:
    rule = next(r for r in RULES if r.spec.id == "SL201")
    text = explain(rule)
    assert text.startswith("SL201 share-row")
    assert "Why:" in text and "kind: line" in text
    assert "  | Linkedin Pinterest" in text
    assert "SL002 empty-document" in explain_check("SL002")
