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


def test_held_nodes_are_every_node_of_the_page_and_change_nothing() -> None:
    from lxml import etree

    body = "<p>" + "Residents returned home on Sunday after a week of heavy rain, officials said. " * 6 + "</p>"
    html = f'<html><body><!-- a note --><ol class="breadcrumb"><li>Home</li></ol><article>{body}</article></body></html>'
    rules = load().rules
    alone, alone_found = prune(rules, html)
    held: list = []
    root, found = prune(rules, html, held)
    assert found == alone_found and etree.tostring(root) == etree.tostring(alone)
    # every node as parsed, the removed breadcrumb's too, each the proxy a walk of the tree now finds
    assert [node.tag for node in held] == [node.tag for node in prune([], html)[0].getroottree().iter()]
    assert all(any(node is other for other in held) for node in root.getroottree().iter())
