import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import load
from ingest.prune import prune
from support import in_many_threads


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


PAGES = [
    "<html><head><title>T</title></head><body><form><label>Name</label><input name='a'><select><option>b</option>"
    "</select><textarea>c</textarea></form><!-- note --><p>Text &amp; more</p></body></html>",
    "<!DOCTYPE html/><html><body><p>faulty doctype</p></body></html>",
    "<p>a fragment</p><p>of two paragraphs</p>",
    "no markup at all",
    "<html><body>\x0bcontrol\x01 characters\ufffe</body></html>",
]


def test_parse_gives_the_tree_trafilatura_parses() -> None:
    from lxml import etree, html
    from trafilatura.utils import load_html

    from ingest.prune import parse

    form_classes = (html.FormElement, html.InputElement, html.SelectElement, html.TextareaElement, html.LabelElement)
    for page in PAGES:
        ours, theirs = parse(page), load_html(page)
        assert (ours is None) == (theirs is None)
        if ours is None:
            continue
        assert etree.tostring(ours) == etree.tostring(theirs)
        for mine, other in zip(ours.iter(), theirs.iter(), strict=True):
            assert type(mine) is type(other) or isinstance(other, form_classes) and type(mine) is html.HtmlElement


def test_parse_leaves_trafilaturas_parser_as_it_was_and_its_copies_keep_ours() -> None:
    import copy

    from lxml import html
    from trafilatura import utils

    from ingest.prune import parse

    parser, repair = utils.HTML_PARSER, utils.repair_faulty_html  # a race: without the lock in parse this fails most runs, not every run
    in_many_threads(lambda: parse(PAGES[0]), threads=6, times=50)
    assert utils.HTML_PARSER is parser and utils.repair_faulty_html is repair
    assert type(utils.load_html(PAGES[0]).find(".//form")) is html.FormElement
    assert type(copy.deepcopy(parse(PAGES[0])).find(".//form")) is html.HtmlElement


REPAIRS = [
    "<!DOCTYPE html>\n<html><body>x</body></html>",
    "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'>\n<html><body>x</body></html>",
    "<!doctype html/>\n<html/>\n<body>y</body>",
    "<!DOCTYPE html>",  # one line: the repair ends it with a line break
    "<! DOCTYPE a / b><html>\nx",
    "<html/>\n<p>a\x00b\x0b\x1f\ufffe\uffffc</p>",
    "\t<p>no html tag, tab, é and \u2028</p>\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<!DOCTYPE", "<!doctype html", " ", "/", ">", "<", "\n", "<html", "/>", "x", "\x00", "\x0c", "\t", "\ufffe", "é"]), max_size=14))
def test_repaired_is_trafilaturas_repair(pieces: list[str]) -> None:
    from trafilatura import utils

    from ingest.prune import repaired

    page = "".join(pieces)
    for beginning in (page[:50].lower(), "doctype"):
        assert repaired(page, beginning) == utils.repair_faulty_html(page, beginning)


def test_repaired_removes_every_character_trafilaturas_pattern_does() -> None:
    from trafilatura import utils

    from ingest.prune import INVALID_XML, mirrors_repair, repaired

    assert mirrors_repair()  # the installed trafilatura's repair is the one mirrored: the swap is the one tested
    assert INVALID_XML == tuple(chr(code) for code in range(0x10000) if utils.INVALID_XML_CHARS.match(chr(code)))
    for page in REPAIRS:
        assert repaired(page, page[:50].lower()) == utils.repair_faulty_html(page, page[:50].lower())


def test_a_decoded_page_holds_no_character_the_repair_removes_but_those_it_is_searched_for() -> None:
    from lxml import etree
    from trafilatura import utils

    from ingest.decode import decode
    from ingest.prune import INVALID_AFTER_DECODE, INVALID_XML, parse, repaired

    raw = "<html><body><p>" + "a".join(INVALID_XML[1:]) + "</p></body></html>"  # a NUL byte is binary to decode
    page = decode(raw.encode("utf-8")).text
    assert {char for char in INVALID_XML if char in page} == set(INVALID_AFTER_DECODE) == {"\ufffe", "\uffff"}
    assert repaired(page, "", INVALID_AFTER_DECODE) == utils.repair_faulty_html(page, "") != page
    assert etree.tostring(parse(page, decoded=True)) == etree.tostring(parse(page))


def test_a_trafilatura_with_another_repair_keeps_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from trafilatura import utils

    import ingest.prune
    from ingest.prune import parse

    monkeypatch.setattr(ingest.prune, "MIRRORED_REPAIR", "0" * 16)
    ingest.prune.mirrors_repair.cache_clear()
    seen: list[str] = []
    monkeypatch.setattr(utils, "repair_faulty_html", lambda html, beginning: seen.append(html) or html)
    try:
        parse(REPAIRS[0])
        assert seen == [REPAIRS[0]]
    finally:
        ingest.prune.mirrors_repair.cache_clear()
