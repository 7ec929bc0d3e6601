from ingest.config import load
from ingest.prune import prune


def test_without_html_rules_the_tree_is_untouched() -> None:
    root, found = prune([], "<html><body><p>Text</p></body></html>")
    assert found == [] and root.text_content() == "Text"


def test_default_pack_html_rules_run_before_extraction() -> None:
    body = "<p>" + "Residents returned home on Sunday after a week of heavy rain, officials said. " * 6 + "</p>"
    html = f'<html><body><ol class="breadcrumb"><li>Home</li><li>World</li></ol><article>{body}</article></body></html>'
    root, found = prune(load().rules, html)
    assert [f.rule_name for f in found] == ["breadcrumb-trail"]
    assert "Home" not in root.text_content()
