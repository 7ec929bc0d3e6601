import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import make

from ingest.prune import prune

ARTICLE = "<p>" + "The council approved the budget on Tuesday after a long debate about schools. " * 8 + "</p>"


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"


def test_a_real_tracking_pixel_goes() -> None:
    pixel = '<noscript><img height="1" width="1" style="display:none" src="https://tracker.example/px?id=1&amp;ev=PageView&amp;noscript=1"/></noscript>'
    root, found = prune([make("html", pixel=True)], page(pixel + ARTICLE))
    assert not root.xpath("//img")
    assert found[0].rule_id == "T100" and "<img>" in found[0].message


def test_a_picture_is_not_a_pixel() -> None:
    root, found = prune([make("html", pixel=True)], page('<img src="/a.jpg" width="800" height="600">' + ARTICLE))
    assert found == [] and root.xpath("//img")


def test_hidden_elements_go() -> None:
    body = '<div hidden>Menu</div><ul style="display:none"><li>Sign in</li></ul><span aria-hidden="true">x</span>' + ARTICLE
    root, found = prune([make("html", hidden=True)], page(body))
    assert len(found) == 3 and "Menu" not in root.text_content()


def test_attribute_words_match_class_id_role_aria_and_data() -> None:
    rule = make("html", attributes=[" share "])
    body = (
        '<div class="post-share-bar">a</div><div id="shareTools">b</div>'
        '<div role="share">c</div><div aria-label="Share this">d</div><div data-module="share">e</div>'
        '<div class="shareholders">keep</div>' + ARTICLE
    )
    root, found = prune([rule], page(body))
    assert len(found) == 5 and "keep" in root.text_content()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aZb-_ \t\xa0\u2003ΣσΑİé", max_size=12), min_size=4, max_size=6))
def test_attribute_words_are_each_value_split_at_spaces_underscores_hyphens_and_camel_case(values: list[str]) -> None:
    from lxml.html import Element

    from ingest.kinds.html import DATA_NAME_WORDS, attribute_words

    element = Element("div", {"class": values[0], "id": values[1], "role": values[2], "aria-label": values[3]})
    for number, value in enumerate(values[4:]):
        element.set(f"data-x{number}", value)
    named = values[:4] + [value for value in values[4:] if len(value.split()) <= DATA_NAME_WORDS]
    words = [
        part.lower()
        for value in named
        for token in re.split(r"[\s_]+|(?<=[a-z])(?=[A-Z])", value)
        for part in token.split("-")
        if part
    ]
    assert attribute_words(element) == " " + " ".join(words) + " "


def test_a_data_value_of_prose_does_not_name_the_element() -> None:
    rule = make("html", attributes=[" signature "])
    body = (
        '<div data-blurb="a plain dial in our signature style">The watch</div>'
        '<div data-role="post signature">My rig</div>' + ARTICLE
    )
    root, found = prune([rule], page(body))
    assert "The watch" in root.text_content() and "My rig" not in root.text_content()
    assert len(found) == 1


def test_a_heading_whose_id_spells_its_text_is_a_link_target_not_furniture() -> None:
    rule = make("html", attributes=[" share ", " sharing "])
    body = '<h2 id="sharing-data-between-components">Sharing data between components</h2><h3 id="share-tools">Tweet</h3>' + ARTICLE
    root, found = prune([rule], page(body))
    assert "Sharing data between components" in root.text_content()
    assert [f.message for f in found] == ["test (<h3#share-tools>)"]  # an id that is not the heading's text still says what it is


def test_a_share_bar_around_the_article_does_not_take_the_article() -> None:
    body = f'<div class="article-share-wrapper"><div class="share-bar">Facebook Twitter</div>{ARTICLE}</div>'
    root, found = prune([make("html", attributes=[" share "])], page(body))
    assert "approved the budget" in root.text_content()
    assert "Facebook" not in root.text_content()
    assert [f.message for f in found] == ["test (<div.share-bar>)"]


def test_text_after_a_removed_element_stays() -> None:
    body = f'<p>Before <span class="ad">Advertisement</span> after.</p>{ARTICLE}'
    root, _ = prune([make("html", attributes=[" ad "])], page(body))
    assert "Before  after." in root.text_content()


def test_findings_point_at_the_source_line() -> None:
    html = page("\n\n<div class='breadcrumb'>Home</div>\n" + ARTICLE)
    _, [finding] = prune([make("html", attributes=[" breadcrumb "])], html)
    assert finding.line == 3


def test_findings_point_at_the_start_tag_on_a_minified_line() -> None:
    # lxml gives an element's line only; on a page that is one line every finding was at column 1.
    rule = make("html", attributes=[" share "])
    bar = '<div class="share">Share</div>'
    source = page(f'<div class="nav"><a href="/">x</a></div>{bar}<div class="copy">{bar}</div>' + ARTICLE)
    _, found = prune([rule], source)
    starts = [index + 1 for index in range(len(source)) if source.startswith(bar, index)]
    assert [(f.line, f.col) for f in found] == [(1, starts[0]), (1, starts[1])]


def test_a_start_tag_over_several_lines_is_found_where_it_begins() -> None:
    source = page('\n<div class="top"></div><div\n  class="share"\n  data-x="1">Share</div>\n' + ARTICLE)
    _, found = prune([make("html", attributes=[" share "])], source)
    assert [(f.line, f.col) for f in found] == [(2, len('<div class="top"></div>') + 1)]


def test_an_element_the_parser_made_is_at_column_1() -> None:
    source = "<!DOCTYPE html>\n<title>t</title>\n<body>" + ARTICLE + "</body>"  # no <head> tag: the parser adds one
    root, found = prune([make("html", tags=["head"])], source)
    assert root.find("head") is None and [(f.line, f.col) for f in found] == [(2, 1)]


def test_tags() -> None:
    root, found = prune([make("html", tags=["nav"])], page("<nav>Home News</nav>" + ARTICLE))
    assert len(found) == 1 and not root.xpath("//nav")


def test_other_posts_go_from_a_single_posts_page_however_nested() -> None:
    related = '<article class="post-40 type-post hentry"><h2>Another post</h2><p>Its teaser.</p></article>'
    body = f'<article class="post-12 type-post hentry">{ARTICLE}{related}</article><div class="post-41">Next post</div>'
    html = page(body).replace("<body>", '<body class="single single-post postid-12">')
    root, found = prune([make("html", other_posts=True)], html)
    assert [f.message.split("(")[1] for f in found] == ["<article.post-40.type-post.hentry>)", "<div.post-41>)"]
    assert "council approved" in root.text_content() and "teaser" not in root.text_content()


def test_other_posts_stay_on_a_list_of_posts() -> None:
    body = f'<article class="post-12">{ARTICLE}</article><article class="post-40">{ARTICLE}</article>'
    root, found = prune([make("html", other_posts=True)], page(body).replace("<body>", '<body class="blog home">'))
    assert found == [] and len(root.xpath("//article")) == 2


def test_min_link_share_keeps_prose_and_takes_lists_of_links() -> None:
    rule = make("html", attributes=[" related "], min_link_share=0.5)
    links = '<div class="related"><a href="/a">One story</a> <a href="/b">Another story</a></div>'
    prose = '<div class="related-text">A paragraph of prose with <a href="/c">one link</a> in it.</div>'
    root, found = prune([rule], page(links + prose + ARTICLE))
    assert [f.message for f in found] == ["test (<div.related>)"] and "one link" in root.text_content()


# Attribute values in every case and spelling the words of the rules below can come from.
MIXED = (
    '<div class="CookieBanner">a</div><div id="GDPR_notice">b</div><div data-role="cmp-frame">c</div>'
    '<div class="coo\u212aie-wall">d</div><div class="cook\u0131e">e</div><div aria-label="Consent Manager">f</div>'
    '<nav class="BreadCrumbs">g</nav><div role="Breadcrumb">h</div><div class="crumb">i</div>'
    '<img src="/x/pixel.gif"><img width="1" height="1" src="/a.png"><IMG src="/b.jpg" style="display:none">'
    '<section hidden>j</section><p aria-hidden="true">k</p><aside class="Share-Tools">l</aside><footer>m</footer>'
    '<div class="RelatedStories"><a href="/r">n</a></div><div class="entry post-17">o</div>'
    '<aside class="messageSignature">p</aside>'
)


def _rules():
    from ingest.config import load

    return [rule for rule in load().rules if rule.kind == "html"] + [
        make("html", attributes=[" share ", "(?i)tools"]),
        make("html", tags=["footer", "ASIDE"], hidden=True),
        make("html", attributes=[r" \w+crumbs? "]),  # no literal to look for: every element is asked
    ]


def test_the_elements_an_html_rule_asks_about_include_every_one_it_matches() -> None:
    from ingest.prune import parse

    from ingest.kinds.html import Page

    root = parse(page(MIXED + ARTICLE))
    rules = _rules()
    every = [element for element in root.iter() if isinstance(element.tag, str)]
    for rule in rules:
        asked = Page(root, rules).candidates(rule)
        assert asked == sorted(set(asked), key=every.index), "in document order, once each"
        if rule.opts["other_posts"]:
            assert asked and all("post-" in element.get("class", "") for element in asked)
            continue
        matching = [element for element in every if rule.matches(element)]
        assert matching and set(matching) <= set(asked), rule.spec.name
        if rule.pieces is not None:
            assert len(asked) < len(every), rule.spec.name


# Values of several pieces, pieces inside another's match, and characters of two to four bytes in
# UTF-8 before them: the elements are found by where their values stand, counted alike.
HELD = (
    '<div class="\u00e7a-\u20ac-\U0001f600">A</div><div id="SocialSharing">B</div><div data-x="\u00e9">C</div>'
    '<div class="x" data-y="\u4e2d\u6587 share">D</div><div aria-label="sharing">E</div><div class="hare">F</div><p>G</p>'
)


def test_the_values_holding_some_pieces_are_found_alike_with_their_automaton_and_without(monkeypatch) -> None:
    pytest.importorskip("ahocorasick_rs")
    from ingest.kinds import html
    from ingest.prune import parse

    root = parse(page(HELD + MIXED + ARTICLE))
    found = html.Page(root, _rules())
    asked = [("hare", "haring", "ocial"), ("aring", "hare", "ocia", "social"), ("share",), ("cookie", "gdpr", "consent")]
    assert all(html._finder(pieces) is not None for pieces in asked if len(pieces) > 1)  # the automaton's way is the one first asked
    with_automaton = [[element.text for element in found.holding(pieces)] for pieces in asked]
    assert with_automaton == [["B", "D", "E", "F", "l"], ["B", "D", "E", "F", "l"], ["D", "l"], ["a", "b", "d", "e", "f"]]
    monkeypatch.setattr(html, "_finder", lambda pieces: None)
    assert [[element.text for element in found.holding(pieces)] for pieces in asked] == with_automaton


def test_a_rule_whose_pieces_hold_a_nul_asks_every_element() -> None:
    # The automaton searches the values joined by NULs: a piece across one would hide the next value's match.
    assert make("html", attributes=[" share "]).pieces == ("share",)
    assert make("html", attributes=["a\x00b"]).pieces is None


def test_html_rules_asking_only_about_candidates_remove_what_asking_every_element_removes() -> None:
    from lxml import html as lxml_html

    fast_root, fast = prune(_rules(), page(MIXED + ARTICLE))
    slow_rules = _rules()
    for rule in slow_rules:
        rule.pieces = None
    slow_root, slow = prune(slow_rules, page(MIXED + ARTICLE))
    assert fast == slow and len(fast) >= 12
    assert lxml_html.tostring(fast_root) == lxml_html.tostring(slow_root)


def test_folded_attribute_values_hold_the_ascii_their_lower_case_words_hold() -> None:
    from ingest.prefilter import FOLD, fold

    chars = [chr(code) for code in range(0x80, 0x110000)]
    lowered = "\x00".join(chars).lower().split("\x00")  # one call instead of a million
    for char, low in zip(chars, lowered):
        if low == char and char not in FOLD:
            continue  # outside ASCII either way
        words, value = fold(low), fold(char)
        if not words.isascii() and any(c < "\x80" for c in words):
            assert value.isascii() and words.startswith(value) and not any(c < "\x80" for c in words[len(value) :]), repr(char)
        elif words.isascii():
            assert value == words, repr(char)


def test_the_text_share_is_of_the_page_before_any_rule_removed_from_it() -> None:
    # Each block holds under half the page, the second more than half of what the first leaves:
    # measured after the first went, the second would stay.
    promo, related, rest = "<div class='promo'>" + "Buy now. " * 40 + "</div>", "<div class='related'>" + "More news. " * 30 + "</div>", "<p>" + "Text. " * 30 + "</p>"

    def chars(body: str) -> int:
        return len(" ".join(prune([], page(body))[0].text_content().split()))

    assert chars(promo) < 0.5 * chars(promo + related + rest) and chars(related) > 0.5 * chars(related + rest)
    rules = [make("html", attributes=[" promo "], max_text_share=0.5), make("html", attributes=[" related "], max_text_share=0.5)]
    root, found = prune(rules, page(promo + related + rest))
    assert len(found) == 2 and not root.xpath("//div")
