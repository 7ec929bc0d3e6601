"""ingest/jsonld.py against trafilatura's own JSON-LD reader."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura import metadata
from trafilatura.json_metadata import normalize_json
from trafilatura.settings import Document
from trafilatura.utils import load_html

import ingest.jsonld
from ingest.jsonld import meta_json, minified, mirrors_trafilatura, normalized

# Pieces a script's text is made of: strings with escapes and spaces inside, an unclosed quote, a
# backslash outside a string, spaces of every kind str.isspace knows (and \x1c-\x1f, which it counts),
# a surrogate escape and a lone surrogate, markup, entities.
PIECES = [
    '"a b"', '"x\\"y"', '"\\\\"', '"\\n\\t"', '"', "\\", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0",
    "\u2028", "\u3000", "\u200b", "{", "}", ":", ",", "[", "]", "1", "é", "\\u00e9", "\\ud83d", "\ud83d", "<b>", "&amp;", "\\/",
]
SCRIPTS = [
    '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Roads  first", "author": {"@type": "Person", "name": "Ann Lee"}}',
    '{\n  "@context":"https://schema.org",\n  "@graph":[{"@type":"Organization","name":"The Example\\u00e9 Gazette"},\n  {"@type":"WebPage","name":"Home"}]}',
    '[{"@context": "http://schema.org", "@type": "BlogPosting", "author": ["Jo Bo", "Mo Lo"], "name": "A <b>bold</b> name"}]',
    '{"@context": "https://schema.org", "@type": "Article", "author": "{\\"name\\": \\"Kim Park\\"}", "headline": "Esc\\/aped &amp; \\ud83d"}',
    '{"@context": "https://schema.org", "@type": "Article", "headline": "Broken", "author": {"name": "Pat Roe"',  # a parse error
    '  ',
]


def test_the_installed_trafilatura_has_the_reader_mirrored_so_the_fast_path_is_the_one_tested() -> None:
    assert mirrors_trafilatura()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_minified_and_normalized_are_trafilaturas_passes(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert minified(text) == metadata.JSON_MINIFY.sub(r"\1", text)
    assert normalized(minified(text)) == normalize_json(metadata.JSON_MINIFY.sub(r"\1", text))


def test_the_spaces_taken_out_are_the_ones_the_pattern_matches() -> None:
    spaces = "".join(chr(code) for code in range(0x110000) if metadata.JSON_MINIFY.fullmatch(chr(code)))
    assert minified(spaces) == ""
    assert spaces == "".join(chr(code) for code in range(0x110000) if chr(code).isspace())


@pytest.mark.parametrize("script", SCRIPTS)
def test_meta_json_reads_what_extract_meta_json_reads(script: str) -> None:
    html = f'<html><head><script type="application/ld+json">{script}</script></head><body><p>Text here.</p></body></html>'
    ours, theirs = meta_json(load_html(html), Document()), metadata.extract_meta_json(load_html(html), Document())
    assert read(ours) == read(theirs)
    assert ours.author or ours.title or ours.sitename or not script.strip()  # each script but the blank one gives something


def read(document: Document) -> dict[str, object]:
    """What a Document holds but its element trees (new ones in each)."""
    return {name: getattr(document, name, None) for name in Document.__slots__ if name not in ("body", "commentsbody")}


def test_a_trafilatura_with_another_reader_reads_the_scripts_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.jsonld, "MIRRORED", "0" * 16)
    mirrors_trafilatura.cache_clear()
    monkeypatch.setattr(metadata, "extract_meta_json", lambda tree, found: "its own reading")
    try:
        assert meta_json(load_html(f"<html><body><script type='application/ld+json'>{SCRIPTS[0]}</script><p>x</p></body></html>"), Document()) == "its own reading"
    finally:
        mirrors_trafilatura.cache_clear()


def test_the_scripts_read_are_those_trafilaturas_xpath_finds() -> None:
    from ingest.jsonld import SCRIPT_TYPES

    html = (
        '<html><head><script type="application/ld+json">{"a": 1}</script><script>var a;</script>'
        '<script type="application/LD+JSON">{"b": 2}</script></head><body><div><script type="application/settings+json">{}</script>'
        '<svg><script type="application/ld+json">{"c": 3}</script></svg></div><script type=" application/ld+json">{}</script>'
        '<noscript><script type="application/ld+json">{"d": 4}</script></noscript><p>x</p></body></html>'
    )
    tree = load_html(html)
    xpath = './/script[@type="application/ld+json" or @type="application/settings+json"]'
    assert metadata.extract_meta_json.__code__.co_consts.count(xpath) == 1  # the query the walk stands for
    walked = [element for element in tree.iterdescendants("script") if element.get("type") in SCRIPT_TYPES]
    assert walked == tree.xpath(xpath) and len(walked) >= 3


def test_a_script_is_read_once_for_the_steps_that_ask_what_the_page_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from ingest.fuller import declares_article
    from ingest.jsonld import _kept_document, document
    from ingest.repeats import _declares_single

    reads: list[bool] = []
    loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, **options: reads.append(options.get("strict", True)) or loads(text, **options))

    def page(script: str) -> object:
        return load_html(f'<html><head><script type="application/ld+json">{script}</script></head><body><p>Text</p></body></html>')

    _kept_document.cache_clear()
    article = page('{"@type": "NewsArticle", "headline": "Roads first, then rails"}')
    assert _declares_single(article) and declares_article(article)
    assert reads == [False]  # one read for both
    # A raw line break in a string: strict JSON reads it not, json.loads(strict=False) does.
    lax = page('{"@type": "NewsArticle", "headline": "Roads\nfirst (2)"}')
    assert _declares_single(lax) and declares_article(lax)
    assert document('{"@type": "NewsArticle", "headline": "Roads\nfirst (2)"}') == {"@type": "NewsArticle", "headline": "Roads\nfirst (2)"}
    reads.clear()
    broken = page('{"@type": "NewsArticle",')
    assert not _declares_single(broken) and not declares_article(broken)
    assert reads == [False] and document('{"@type": "NewsArticle",') is None


def test_a_long_script_is_read_again_rather_than_kept_from_page_to_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import jsonld

    monkeypatch.setattr(jsonld, "KEPT_CHARS", 40)
    jsonld._kept_document.cache_clear()
    short, long = '{"@type": "Product"}', '{"@type": "ItemList", "name": "' + "x" * 100 + '"}'
    assert jsonld.document(short) == {"@type": "Product"} and jsonld.document(long)["@type"] == "ItemList"
    assert jsonld._kept_document.cache_info().currsize == 1
    assert jsonld.document(short) is jsonld.document(short)  # kept: shared by the steps that ask


def test_the_declared_types_are_those_of_the_top_level_nodes_their_graphs_and_main_entities() -> None:
    import json

    from ingest.jsonld import declared_types

    def types(text: str) -> list[str]:
        return sorted(declared_types(json.loads(text)))

    assert types('{"@type": "NewsArticle"}') == ["NewsArticle"]
    assert types('[{"@type": ["WebPage", "FAQPage", 7]}, "text", {"@type": "Organization"}]') == ["FAQPage", "Organization", "WebPage"]
    assert types('{"@graph": [{"@type": "WebPage", "mainEntity": {"@type": "Product"}}, {"@graph": {"@type": "BlogPosting"}}]}') == ["BlogPosting", "Product", "WebPage"]
    # Not deeper: the articles a section page lists, a mainEntity's own mainEntity, a review's product.
    assert types('{"@type": "CollectionPage", "mainEntity": {"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle"}], "mainEntity": {"@type": "Article"}}}') == ["CollectionPage", "ItemList"]
    assert types('{"@type": "Review", "itemReviewed": {"@type": "Product"}}') == ["Review"]
    nested = json.loads('{"@graph": [' * 400 + '{"@type": "NewsArticle"}' + "]}" * 400)  # as deep as json.loads reads
    assert declared_types(nested) == ["NewsArticle"]
    listed = [{"@type": "WebPage"}]
    declared_types(listed)
    assert listed == [{"@type": "WebPage"}]  # a shared document is left as it was


def test_documents_are_the_readable_json_ld_scripts_of_the_page_in_order() -> None:
    from lxml.html import fromstring

    from ingest.jsonld import documents

    page = fromstring(
        '<html><head><script>var x = {"@type": "Article"};</script><script type="application/ld+json"></script>'
        '<script type="application/ld+json">{broken</script><script type="application/ld+json">{"@type": "Product"}</script>'
        '<script type="application/ld+json">{"@type": "Article", "text": "a\nb"}</script></head><body><p>x</p></body></html>'
    )
    assert list(documents(page)) == [{"@type": "Product"}, {"@type": "Article", "text": "a\nb"}]
