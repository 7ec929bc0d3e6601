"""ingest/pagedate.py against htmldate's own find_date."""

from __future__ import annotations

from copy import deepcopy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from htmldate import find_date
from lxml.html import tostring
from trafilatura.utils import load_html

import ingest.pagedate
from ingest.pagedate import CLOCK, CLOCK_AFTER, DATE, DATE_CORE, DATE_SEARCH, FIRST_NO_DATE, NO_DATE, Cuts, _attribute_answer
from ingest.pagedate import _date_candidates, _serialized, mirrors_htmldate, page_date

PARAGRAPH = "<p>The council met on a Tuesday to talk about the roads and the schools of the town.</p>"
# One page for each place find_date looks in, in its order, and for each kind of cut it makes.
PAGES = [
    (f"<html><body>{PARAGRAPH}</body></html>", "https://example.org/2021/03/04/roads.html"),
    (f'<html><head><meta name="date" content="2020-05-06"></head><body>{PARAGRAPH}</body></html>', None),
    (f'<html><head><script type="application/ld+json">{{"datePublished": "2019-07-08"}}</script></head><body>{PARAGRAPH}</body></html>', None),
    (f'<html><body><abbr class="published" title="2018-09-10">then</abbr>{PARAGRAPH}</body></html>', None),
    (f'<html><body><div class="post-date">Posted 2017-11-12</div>{PARAGRAPH}</body></html>', None),
    (f"<html><head><title>Roads 2016-01-02</title></head><body>{PARAGRAPH}</body></html>", None),
    (f'<html><body><time datetime="2015-02-03" pubdate="pubdate">then</time>{PARAGRAPH}</body></html>', None),
    (f'<html><body><div data-x="2014-04-05T10:11:12Z">{PARAGRAPH}</div></body></html>', None),
    (f'<html><head><meta property="og:image" content="https://example.org/2013/05/06/a.jpg"></head><body>{PARAGRAPH}</body></html>', None),
    (f"<html><body><p>Published on 07.06.2012</p>{PARAGRAPH}</body></html>", None),
    (f"<html><body>{PARAGRAPH}<b>2011-08-09</b></body></html>", None),
    (f"<html><body>{PARAGRAPH}</body></html>", None),
    # A date only whole once a cut joins the text around it, and one only in what is cut out.
    (f'<html><body><div class="date">On 2010-10-<svg><text>x</text></svg>11</div>{PARAGRAPH}</body></html>', None),
    (f"<html><body>{PARAGRAPH}<b>2009-<iframe>2008-01-01</iframe>12-13 10:11:12</b></body></html>", None),
    (f"<html><body>{PARAGRAPH}<picture><svg></svg>2007-01-02<video>v</video> 10:11:12</picture> tail 2006-03-04</body></html>", None),
    (f'<html><body><label>a</label> 2005-06-07 10:11:12<div id="wm-ipp-base">2004-01-01 10:11:12</div>{PARAGRAPH}</body></html>', None),
    (f"<html><body><p>x<script>var d = 1;</script>2003-<style>p {{}}</style>04-05 y</p>{PARAGRAPH}</body></html>", None),
]


def test_the_installed_htmldate_is_the_one_mirrored_so_the_fast_path_is_the_one_tested() -> None:
    assert mirrors_htmldate()


def test_an_htmldate_that_discards_other_elements_is_not_the_one_mirrored(monkeypatch: pytest.MonkeyPatch) -> None:
    from htmldate import extractors
    from lxml.etree import XPath

    monkeypatch.setattr(extractors, "DISCARD_EXPRESSIONS", XPath('.//div[@id="banner"]'))
    mirrors_htmldate.cache_clear()
    try:
        assert not mirrors_htmldate()
    finally:
        mirrors_htmldate.cache_clear()


def test_titles_and_headings_are_examined_in_the_order_of_the_page() -> None:
    page = f"<html><body><h1>Roads 2016-01-02</h1>{PARAGRAPH}<title>Roads 2015-01-01</title></body></html>"
    assert _same_as_htmldate(page, None) == "2016-01-02"


def _same_as_htmldate(page: str, url: str | None) -> str | None:
    tree = load_html(page)
    before = tostring(tree, encoding="unicode")
    try:
        expected = find_date(deepcopy(tree), url=url, **DATE_SEARCH)
    except ValueError:  # lxml refused a text htmldate joined in its copy: no date
        expected = None
    assert page_date(tree, url) == expected
    assert tostring(tree, encoding="unicode") == before  # every cut undone
    return expected


@pytest.mark.parametrize(("page", "url"), PAGES)
def test_page_date_is_htmldates_and_leaves_the_page_as_it_was(page: str, url: str | None) -> None:
    _same_as_htmldate(page, url)


def test_the_pages_reach_every_place_htmldate_looks_in() -> None:
    dates = [_same_as_htmldate(page, url) for page, url in PAGES]
    assert len({date for date in dates if date}) >= 12
    assert dates[PAGES.index((f"<html><body>{PARAGRAPH}</body></html>", None))] is None


PIECES = [
    "<svg>", "</svg>", "<iframe>", "</iframe>", "<picture>", "</picture>", "<label>", "</label>", "<video>", "</video>",
    "<script>", "</script>", "<style>", "</style>", '<div id="wm-ipp">', "<div>", "</div>", "<p>", "</p>", "<span>", "</span>",
    '<span class="date">', "<h1>", "</h1>", "<!-- c -->", "2021-", "03-", "04", " 10:11:12", "Posted ", "07.06.2012", "x",
    "&#12;", "&#1;", "&#xFFFE;",  # parsed to characters a joined text may not hold
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_page_date_is_htmldates_on_pages_of_nested_cuts_and_tails(pieces: list[str]) -> None:
    _same_as_htmldate(f"<html><body>{''.join(pieces)}{PARAGRAPH}</body></html>", None)


def test_cuts_undone_put_back_elements_tails_and_joined_text() -> None:
    tree = load_html("<html><body><p>a<svg>s</svg>b<i>c</i><svg>t</svg>d</p><iframe>e</iframe>f</body></html>")
    before = tostring(tree, encoding="unicode")
    cuts = Cuts()
    cuts.clean_html(tree, ["svg", "iframe"])
    assert tostring(tree, encoding="unicode") == "<html><body><p>ab<i>c</i>d</p>f</body></html>"
    cuts.undo()
    assert tostring(tree, encoding="unicode") == before


def test_a_cut_whose_text_cannot_be_joined_leaves_the_page_whole() -> None:
    # lxml clears the text it would join to before it refuses the joined string (one holding a
    # control character a reference made), and could not take the old text back either.
    for reference in ("&#12;", "&#1;", "&#xFFFE;"):
        for page in (
            f"<html><body><p>Lead words <svg>s</svg>{reference} tail</p>{PARAGRAPH}</body></html>",
            f"<html><body><p>Lead {reference} <b>words</b> <label>a</label> tail 2021-03-04</p>{PARAGRAPH}</body></html>",
            f"<html><body><p>Lead words {reference}<style>p {{}}</style> tail</p>{PARAGRAPH}</body></html>",
        ):
            _same_as_htmldate(page, None)


def test_a_fragment_whose_root_htmldate_would_cut_is_searched_in_place() -> None:
    # find_date's copy of the fragment's root has no parent to cut it from (drop_tree asserts);
    # the page itself has its body, so the cut is made and undone there.
    tree = load_html("<picture><p>The council met on a Tuesday, 2019-02-03.</p><p>More on the roads.</p></picture>")
    before = tostring(tree, encoding="unicode")
    with pytest.raises(AssertionError):
        find_date(deepcopy(tree), url=None, **DATE_SEARCH)
    assert page_date(tree, None) == "2019-02-03"
    assert tostring(tree, encoding="unicode") == before


def test_an_htmldate_not_mirrored_finds_the_date_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    monkeypatch.setattr(ingest.pagedate, "mirrors_htmldate", lambda: False)
    monkeypatch.setattr("htmldate.find_date", lambda tree, **options: asked.append(options) or "2001-02-03")
    assert page_date(load_html(PAGES[1][0]), None) == "2001-02-03"
    assert asked == [{"url": None, **DATE_SEARCH}]


# Elements of the tags htmldate tests and others, with classes, ids and itemprops that make them
# candidates or not, in either order; each page repeats them so that answers asked before are used.
ATTRIBUTES = ['class="post-date"', 'class="meta"', 'class="entry byline"', 'class="text"', 'class="Datum"', 'class=""',
              'id="footer-info-lastmod"', 'id="main"', 'id="timeline"', 'id=""', 'itemprop="datePublished"', 'itemprop="name"',
              'title="2019-01-02"', 'data-x="date"']
TAGS = ["div", "span", "p", "li", "h2", "time", "footer", "small", "section", "b"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TAGS), st.lists(st.sampled_from(ATTRIBUTES), max_size=3, unique_by=lambda a: a.split("=")[0])), max_size=30))
def test_date_candidates_are_htmldates_whatever_the_attributes_and_their_order(elements: list[tuple[str, list[str]]]) -> None:
    from htmldate.core import date_candidates

    body = "".join(f"<{tag} {' '.join(attributes)}>x</{tag}>" for tag, attributes in elements)
    for _ in range(2):  # the second time, every answer is one kept
        tree = load_html(f"<html><body><div>{body}<p>{body}</p></div>{PARAGRAPH}</body></html>")
        assert _date_candidates(tree) == date_candidates(tree, False)


def test_one_class_answers_differently_after_an_id_than_before_it() -> None:
    from htmldate.core import date_candidates

    tree = load_html('<html><body><div id="main" class="meta">a</div><div class="meta" id="main">b</div><div class="meta">c</div></body></html>')
    assert [element.text for element in _date_candidates(tree)] == ["b", "c"] == [element.text for element in date_candidates(tree, False)]


def test_the_kept_answers_are_bounded_in_number_and_in_the_length_of_their_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from htmldate.core import date_candidates

    from ingest import pagedate

    monkeypatch.setattr(pagedate, "_as_first", {})
    monkeypatch.setattr(pagedate, "_after_first", {})
    monkeypatch.setattr(pagedate, "CANDIDATES_KEPT", 2)
    divs = "".join(f'<div class="{name}">a</div>' for name in ("date", "meta", "byline", "teaser", "x" * 1000))
    tree = load_html(f"<html><body>{divs}</body></html>")
    assert _date_candidates(tree) == date_candidates(tree, False)
    assert len(pagedate._as_first) == 4 and not pagedate._after_first  # the 1000-character class is asked each time
    pagedate._after_first[("class", "stale")] = NO_DATE
    assert _date_candidates(tree) == date_candidates(tree, False)  # past the bound: emptied before the page
    assert not pagedate._after_first and len(pagedate._as_first) == 4


def test_an_attribute_answers_by_what_it_is_and_whether_it_is_the_first_class_or_id() -> None:
    assert _attribute_answer("class", "post-meta", True) == DATE  # a first cue
    assert _attribute_answer("class", "post-meta", False) == NO_DATE == _attribute_answer("id", "post-meta", False)
    assert _attribute_answer("class", "teaser", True) == FIRST_NO_DATE == _attribute_answer("id", "main", True)
    assert _attribute_answer("class", "entry byline", False) == DATE  # a class cue, wherever the class is
    assert _attribute_answer("id", "footer-info-lastmod", False) == DATE
    assert _attribute_answer("itemprop", "datePublished", False) == DATE == _attribute_answer("itemprop", "Datum", True)
    assert _attribute_answer("itemprop", "name", True) == NO_DATE == _attribute_answer("title", "date", True)


TEXT = st.text(alphabet="0123456789./-:T Z+ax", max_size=40) | st.lists(
    st.sampled_from(["2021-03-04", "2021-3-4", "1999-12-31", " ", "T", "10:11:12", "1:02:03", ":", "-", "2", "x"]), max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_the_faster_searches_find_a_text_wherever_htmldates_patterns_do(text: str) -> None:
    from htmldate.core import TIMESTAMP_PATTERN
    from htmldate.extractors import DATE_CORE_PATTERN

    clock, found = CLOCK.search(text), TIMESTAMP_PATTERN.search(text)
    assert clock is not None or found is None
    if clock is not None and found is not None:  # and the search from CLOCK_AFTER before it finds the same
        assert TIMESTAMP_PATTERN.search(text[max(0, clock.start() - CLOCK_AFTER) :])[0] == found[0]
        assert clock.start() - CLOCK_AFTER <= found.start()
    assert (DATE_CORE.search(text) is None) == (DATE_CORE_PATTERN.search(text) is None)


@pytest.mark.parametrize(
    "found",
    ['<div data-x="2014-04-05T10:11:12Z">', "<p>at 10:11:12 on 2014-4-5 10:11:12, 09:08:07</p>", '<div data-x="2014-04-05">at 10:11:12', "<p>Published on 07.06.2012</p>", "<p>Stand: 1.2.33, 07.06.2012</p>", "<p>on 1.2.3</p>", "<p>updated 5.6.12</p>"],
)
def test_the_serialised_page_is_searched_as_htmldate_searches_it(found: str) -> None:
    _same_as_htmldate(f"<html><body>{PARAGRAPH}{found}</div></body></html>", None)


@pytest.mark.parametrize(
    "head",
    ['<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', '<meta http-equiv="content-type" content="text/html">', '<meta charset="utf-8">', ""],
)
def test_the_page_is_serialised_as_htmldate_serialises_it(head: str) -> None:
    from htmldate.core import serialize

    tree = load_html(f"<html><head>{head}<title>t</title></head><body>{PARAGRAPH}<p>caf\u00e9 &amp; 2021-03-04 10:11:12</p></body></html>")
    assert _serialized(tree) == serialize(tree)
    assert 'http-equiv="Content-Type"' not in _serialized(tree)  # taken out, as lxml.html's tostring does
