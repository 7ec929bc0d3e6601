"""ingest/author.py against trafilatura's own author queries and extract_author."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.etree import Element
from trafilatura import metadata
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from ingest.author import _discarded, _queries, _selected, author

# Every test of the queries, each on a tag it is limited to and on one it is not, with near misses.
CANDIDATES = """
<a rel="author">Ann Lee</a> <em rel="author">Em Rel</em> <div id="author">Id Author</div> <p class="author">Pat Class</p>
<span itemprop="author name">Item Prop</span> <strong data-testid="AuthorCard">Card Test</strong>
<link data-testid="AuthorURL"> <address class="post-author-name">Addr Name</address> <b class="AuthorName">B Name</b>
<span class="authorName x">Span Name</span> <author>Tag Author</author> <h3 class="byline">Hthree Byline</h3>
<h4 class="username">User Name</h4> <a class="byl">Byl Class</a> <div class="BBL">Bbl Class</div> <h2 class="byline">Htwo Byline</h2>
<p itemprop="creator author">Item Author</p> <span id="zuozhe-1">Zuozhe Id</span> <div id="bianji">Bianji Id</div>
<a id="xiaobian">Xiao Bian</a> <p class="channel-name">Channel Name</p> <span class="submitted-by">Sub Mitted</span>
<div class="posted-by">Post Ed</div> <p class="journalist-name">Jour Nalist</p> <section data-component="Byline">Data Byline</section>
<td id="Author">Cell Author</td> <li class="screenname">Screen Name</li> <i class="writer">The Writer</i> <u class="Byline">Cap Byline</u>
<p class="AUTHOR">Upper Case</p> <p class="auth or">Near Miss</p> <p title="author">Title Attr</p> <p data-testid="authorcard">Lower Test</p>
<p>By <rel>me</rel></p> <span><rel>m<b>e</b></rel></span> <div><rel>you</rel></div>
"""
DISCARDS = """
<div id="comments">c</div> <span id="comments-2">c</span> <div id="x-comments">near</div> <a id="x-commentlist">c</a> <div id="comment-list">c</div>
<section id="ProductReviews">c</section> <div class="comments">c</div> <div class="title">c</div> <span class="date">c</span>
<div class="Comments x">c</div> <div class="x comments">near</div> <div class="a commentlist">c</div> <div class="comments-list">c</div>
<aside class="sidebar">near tag</aside> <div class="left-sidebar">c</div> <span class="is-hidden">c</span> <div class="blockquote">c</div>
<div class="embedly-instagram">c</div> <div class="article-share">c</div> <div class="article-support">c</div> <div class="article-other">near</div>
<div class="print-only">c</div> <div class="category">c</div> <div class="meta-date">c</div> <div class="meta-reviewer">c</div>
<div data-component="ImageFigure">c</div> <p class="sidebar">near tag</p>
"""
# No <author> and no <rel> elements (the walk's quick tests run), links with rels of every kind.
LINKS = CANDIDATES.replace("rel>", "x>").replace("<author>Tag Author</author>", "") + """
<a rel="nofollow">Plain Link</a> <a rel="nofollow" class="author">Class Link</a> <a rel="author" class="x">Rel Class</a>
<link rel="author" href="/a"> <a rel="noopener" itemprop="author">Prop Link</a> <span rel="author" id="box">Span Rel</span>
<em rel="author" class="writer">Em Writer</em> <div rel="me" data-component="Byline">Rel Byline</div>
"""


def page(body: str) -> object:
    return load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize("body", [CANDIDATES, CANDIDATES.replace("rel>", "x>"), DISCARDS])
def test_each_query_selects_the_elements_trafilaturas_selects(body: str) -> None:
    tree = page(body)
    rel = tree.find(".//rel") is not None
    for number, query in enumerate(AUTHOR_XPATHS):
        assert [element for element in tree.iter(Element) if number in _queries(element, rel)] == query(tree), number
    assert [element for element in tree.iterdescendants(Element) if _discarded(element)] == AUTHOR_DISCARD_XPATHS[0](tree)
    assert any(_queries(element, rel) for element in tree.iter(Element)) == (body != DISCARDS)


@pytest.mark.parametrize("body", [CANDIDATES, CANDIDATES.replace("rel>", "x>"), LINKS, DISCARDS])
def test_the_one_walk_selects_what_each_query_selects(body: str) -> None:
    tree = page(body)
    assert list(_selected(tree, tree.find(".//rel") is not None)) == [query(tree) for query in AUTHOR_XPATHS]


PAGES = [
    "<p>No author here at all.</p>",
    '<div class="byline">By <span class="author">Jane Roe</span> <time>May 5</time></div>',
    '<div class="comments"><span class="author">Commenter Name</span></div><p class="writer">Real Writer</p>',
    '<div class="sidebar"><a rel="author">Side Bar</a></div>',
    '<p class="author">Jo</p><p class="author">A name far too long to be anyone\'s name, ' + "and then some " * 10 + "</p>",
    '<span class="author">Ann <figure>photo</figure>Lee and Bob Ray</span>',
    '<figure><span class="author">Photo Credit</span></figure><p>By <rel>me</rel></p>',
    '<author>By: Max Mustermann, Erika Musterfrau</author>',
    '<div id="x-author-box"><p>Posted by <a href="/u/kim">Kim Park</a></p></div>',
]


@pytest.mark.parametrize("body", PAGES)
def test_the_author_is_the_one_extract_author_finds(body: str) -> None:
    assert author(page(body)) == metadata.extract_author(page(body))


@pytest.mark.parametrize("body", [CANDIDATES, CANDIDATES.replace("rel>", "x>"), LINKS, DISCARDS, *PAGES])
def test_the_html_rules_walk_of_the_page_selects_what_each_query_selects(body: str) -> None:
    from support import make

    from ingest.prepare import PageWalk
    from ingest.prune import prune

    # An author only a removed element names is not the page's any more: a rule removed its share box.
    shared = "<aside class='share'><p class='author'>Shared Author</p><p itemprop='author'>Shared Prop</p></aside>"
    seen = PageWalk()
    tree, _ = prune([make("html", attributes=[" share "])], f"<html><head><title>t</title></head><body>{body}{shared}</body></html>", seen=seen)
    assert seen.holding is not None
    assert list(_selected(tree, tree.find(".//rel") is not None, seen.holding)) == [query(tree) for query in AUTHOR_XPATHS]
    assert author(tree, seen.holding) == metadata.extract_author(tree)


def test_an_element_a_rule_removed_is_not_selected_from_the_walk() -> None:
    from support import make

    from ingest.prepare import PageWalk
    from ingest.prune import prune

    body = "<p>" + "The council approved the budget after a long debate. " * 20 + "</p>"
    seen = PageWalk()
    tree, _ = prune([make("html", attributes=[" share "])], f"<html><body>{body}<aside class='share'><p class='author'>Shared Author</p></aside></body></html>", seen=seen)
    assert [element.text for element in seen.holding(("author",))] == ["Shared Author"]  # the walk saw it
    assert _selected(tree, False, seen.holding) == ([], [], []) and author(tree, seen.holding) is None


def test_the_page_itself_is_left_as_it_is() -> None:
    tree = page(PAGES[1])
    before = [element.tag for element in tree.iter()]
    assert author(tree) == "Jane Roe"
    assert [element.tag for element in tree.iter()] == before


def test_the_installed_trafilatura_has_the_queries_mirrored_so_the_fast_path_is_the_one_tested() -> None:
    from ingest.author import mirrors_trafilatura

    assert mirrors_trafilatura()


def test_a_trafilatura_with_other_queries_finds_the_author_itself(monkeypatch) -> None:
    import ingest.author

    monkeypatch.setattr(ingest.author, "MIRRORED", "0" * 16)
    ingest.author.mirrors_trafilatura.cache_clear()
    monkeypatch.setattr(metadata, "extract_author", lambda tree: "Its Own Finding")
    try:
        assert author(page('<p class="author">Pat Class</p>')) == "Its Own Finding"
    finally:
        ingest.author.mirrors_trafilatura.cache_clear()


AUTHORS = ['<span class="author">Ann Lee</span>', '<p class="byline">By<b>Kim</b>Park</p>', '<div id="author">Jo <i>Bo</i> Mo</div>']
CUTS = ['<div class="comments">{}</div>', '<span class="date">{}</span>', "<time>{}</time>", "<figure>{}</figure>", '<div class="sidebar">{}</div>']


@pytest.mark.parametrize("cut", CUTS)
@pytest.mark.parametrize("name", AUTHORS)
def test_an_author_inside_around_or_beside_what_is_cut_out_is_the_one_extract_author_finds(name: str, cut: str) -> None:
    inner = cut.format("x")
    bodies = [
        cut.format(name),  # inside: gone
        name.replace("</", inner + "tail</", 1),  # around: its text joins across the cut
        inner + name + inner,  # beside: the same with or without the cut
        cut.format("y") + "<p>" + name + "</p>",
    ]
    for body in bodies:
        assert author(page(body)) == metadata.extract_author(page(body)), body


def test_the_page_is_not_copied_only_an_author_element_with_something_cut_inside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    copied: list[str] = []
    deepcopy = copy.deepcopy
    monkeypatch.setattr(copy, "deepcopy", lambda element: copied.append(element.tag) or deepcopy(element))
    body = '<div class="comments"><p class="author">Cut Out</p></div><p class="byline">By <time>May</time> Jane Roe</p>'
    assert author(page(body)) == metadata.extract_author(page(body)) == "Jane Roe"
    assert copied == ["p"]
    copied.clear()
    assert author(page('<div class="comments">c</div><p>By <span class="author">Jane Roe</span></p><time>May</time>')) == "Jane Roe"
    assert copied == []


NAMING = {"class": "author", "id": "author", "itemprop": "author", "data-testid": "AuthorCard", "rel": "author", "data-component": "Byline"}


@pytest.mark.parametrize("attribute", [*NAMING, "title"])
def test_an_element_is_asked_about_whatever_attribute_names_it(attribute: str) -> None:
    from ingest.author import ASKED

    body = f'<p {attribute}="{NAMING.get(attribute, "author")}">Ann Lee</p>'
    assert bool(_queries(page(body).find(".//p"), False)) == (attribute in ASKED) == (attribute in NAMING)
    assert author(page(body)) == metadata.extract_author(page(body))


OPENINGS = ['<div class="comments">', '<span class="author">', '<p class="byline">', "<time>", "<figure>", '<div class="sidebar">', '<a class="writer">', "<b>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(OPENINGS), st.just("</>"), st.sampled_from(["Ann Lee", "by", " ", "Kim Park Jr"])), max_size=16))
def test_the_author_of_any_nesting_of_authors_and_cuts_is_the_one_extract_author_finds(pieces: list[str]) -> None:
    body, opened = "", []
    for piece in pieces:
        if piece == "</>":
            if opened:
                body += f"</{opened.pop()}>"
        elif piece.startswith("<"):
            body += piece
            opened.append(piece[1:].split(">")[0].split()[0])
        else:
            body += piece
    body += "".join(f"</{tag}>" for tag in reversed(opened))
    assert author(page(body)) == metadata.extract_author(page(body)), body
