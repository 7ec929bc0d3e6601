from ingest.config import load
from ingest.engine import run_rules
from ingest.kinds import KINDS, RuleSpec


def rule(kind: str, rule_id: str, **options):
    return KINDS[kind](RuleSpec(id=rule_id, name=rule_id.lower(), kind=kind, options=options))


def test_rules_run_by_phase_whatever_their_order() -> None:
    # The tag rule (phase 20) must run before the line rule (phase 40) sees "Menu" alone.
    rules = [rule("line", "T2", regex=["^Menu$"]), rule("markup", "T1", target="tag")]
    outcome = run_rules(rules, "<b>Menu</b>\nText.")
    assert outcome.text == "Text.\n"
    assert [f.rule_id for f in outcome.findings] == ["T1", "T2"]


def test_findings_are_sorted_by_position() -> None:
    rules = [rule("line", "T1", phrases=["b"]), rule("line", "T2", phrases=["a"])]
    outcome = run_rules(rules, "a\nb\na")
    assert [(f.line, f.rule_id) for f in outcome.findings] == [(1, "T2"), (2, "T1"), (3, "T2")]


def test_empty_result_is_empty_text() -> None:
    assert run_rules([rule("line", "T1", phrases=["x"])], "x\n\n").text == ""


def test_clean_text_of_the_default_pack_is_stable() -> None:
    rules = load().rules
    once = run_rules(rules, "Home > News\n\nA headline of some length here\n\nA sentence of the article.\n").text
    assert run_rules(rules, once).text == once


def test_rules_run_only_on_their_formats() -> None:
    from ingest.kinds import RuleSpec as Spec

    text_only = KINDS["line"](Spec(id="T1", name="t1", kind="line", options={"phrases": ["Menu"]}, formats=("text",)))
    assert run_rules([text_only], "Menu\nText.", "text").text == "Text.\n"
    assert run_rules([text_only], "Menu\nText.", "html").text == "Menu\nText.\n"


def test_the_main_text_rule_leaves_extracted_html_to_the_extractor() -> None:
    assert load().find("off-main-text").spec.formats == ("text",)
