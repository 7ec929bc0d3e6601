"""ingest/pagetext.py: a page's whole visible text, and the same without its furniture."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ITEM_LINES = [f"Item {n} of the listing, a walk along the coast." for n in range(6)]
ITEMS = "".join(f"<p>{line}</p>" for line in ITEM_LINES)
LINKS = "".join(f"<li><a href='/{n}'>Section {n}</a></li>" for n in range(3))


def test_page_text_is_the_whole_page_one_block_a_line() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import page_text

    page = (
        "<html><head><title> Walks </title><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/walks'>Walks</a></nav><script>var x = 1;</script>"
        "<div>Cliff <b>path</b><br>12 miles<!-- a note --> return</div><p hidden>Old offer</p>"
        "<ul><li>Harbour</li><li>Woods</li></ul></body></html>"
    )
    assert page_text(load_html(page)) == "Walks\n\nHome Walks\n\nCliff path\n12 miles return\n\nHarbour\n\nWoods"


def test_the_title_and_body_are_the_first_in_document_order_wherever_they_stand() -> None:
    from lxml import etree

    from ingest.pagetext import page_text

    def tree(*children: str) -> object:  # as built, where the HTML parser would move them
        return etree.fromstring("<html>" + "".join(children) + "</html>")

    head, body = "<head><title>Head title</title></head>", "<body><p>Page body</p></body>"
    assert page_text(tree(head, body)) == "Head title\n\nPage body"
    assert page_text(tree("<head><meta/></head>", "<div><title>Later title</title></div>", body)) == "Later title\n\nPage body"
    earlier = "<div><title>Earlier title</title><body><p>Earlier body</p></body></div>"
    assert page_text(tree(earlier, head, body)) == "Earlier title\n\nEarlier body"
    assert page_text(tree(head, "<div><body><p>Inner body</p></body></div>", body)) == "Head title\n\nInner body"
    assert page_text(tree(head, "<div><p>No body at all</p></div>")) == "Head title\n\nNo body at all"


def test_page_text_names_the_block_element_each_line_of_the_body_is_in() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import page_text

    tree = load_html(
        "<html><head><title>Walks</title></head><body><div id='a'>Cliff path<br>12 miles<p hidden>Old offer</p>"
        "<p id='b'>Harbour <b>walk</b></p> after it</div></body></html>"
    )
    owned: list = []
    text = page_text(tree, owned)
    assert [(line, element.get("id")) for line, element in owned] == [
        ("Cliff path", "a"), ("12 miles", "a"), ("Harbour walk", "b"), ("after it", "a")]
    assert text == page_text(tree)  # the same text, asked with owners or without


def test_the_page_text_without_furniture_leaves_out_the_header_footer_menus_sidebars_and_forms() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tree = load_html(
        "<html><head><title>Walks</title></head><body><header><a href='/'>Home</a></header>"
        "<nav>Walks Rides</nav><div role='search'>Search the site</div><form>Sign in</form>"
        f"<main>{ITEMS}<aside>Popular now</aside><button>Add to bag</button></main><footer>About us</footer> Last line"
        "<div role='dialog'>Join our club</div><dialog>Sign up</dialog><div style='display: none'>Your region</div>"
        "<div aria-hidden='true'>Rewards expire</div></body></html>"
    )
    before = page_text(tree)
    assert Furniture(tree).page_text().split("\n\n") == ["Walks", *ITEM_LINES, "Last line"]
    assert page_text(tree) == before  # the page itself is left as it was


def test_page_text_leaves_out_elements_as_if_they_were_not_in_the_page() -> None:
    from lxml import etree

    from ingest.pagetext import page_text

    # No <head> first: the title is searched for through the page, and one in an element left out is not it.
    root = etree.fromstring(
        "<html><body><div>Open daily <nav><svg><title>Share</title></svg>Walks</nav> from nine</div><title>Walks</title>"
        "<p>Bring boots.</p></body></html>"
    )
    nav = root.find(".//nav")
    assert page_text(root) == "Share\n\nOpen daily\n\nWalks\n\nfrom nine\n\nWalks\n\nBring boots."
    # as if the <nav> were cut out of the page: the text around it one line, as lxml's drop_tree leaves it
    assert page_text(root, left_out=frozenset({nav})) == "Walks\n\nOpen daily from nine\n\nWalks\n\nBring boots."


def test_furniture_that_holds_most_of_the_page_is_kept() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    # Some pages wrap their whole body in a <header> or a <form>.
    tree = load_html(f"<html><body><form>{ITEMS}</form><footer>About us</footer></body></html>")
    assert "Item 5 of the listing" in Furniture(tree).page_text() and "About us" not in Furniture(tree).page_text()


def test_furniture_inside_furniture_is_left_out_with_it_or_on_its_own() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    # What is inside furniture left out goes with it (unmeasured); inside furniture kept, it is judged on its own.
    tree = load_html(
        f"<html><body><header><nav><ul>{LINKS}</ul></nav><div class='menu'><ul>{LINKS}</ul></div><p>Tide times</p></header>"
        f"<form>{ITEMS}<aside>Ask a guide</aside><div id='sub-nav'><ul>{LINKS}</ul></div></form><p>Last line</p></body></html>"
    )
    assert Furniture(tree).page_text().split("\n\n") == [*ITEM_LINES, "Last line"]


def test_the_page_text_without_furniture_leaves_out_link_lists_named_as_menus_sidebars_footers_or_breadcrumbs() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    tree = load_html(
        f"<html><body><div class='site-menu'><ul>{LINKS}</ul></div><ul id='mainNav'>{LINKS}</ul>"
        f"<div class='region-sub-menu'><p>Our courses teach walkers to read the coast and its tides.</p></div>"
        f"<div class='breadcrumbs'><a href='/'>Home</a> / <a href='/walks'>Walks</a></div><div class='content'>{ITEMS}</div>"
        f"<div class='footer_links'>{LINKS}</div><div class='menu-card'><a href='/m'>Lunch</a> served daily from noon to three</div></body></html>"
    )
    assert Furniture(tree).page_text().split("\n\n") == [
        "Our courses teach walkers to read the coast and its tides.",  # named so, but prose, not links
        *ITEM_LINES,
        "Lunch served daily from noon to three",
    ]


def test_furniture_says_which_lines_its_page_text_leaves_out() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tree = load_html(
        f"<html><body><header><nav><ul>{LINKS}</ul></nav><div class='menu'><ul>{LINKS}</ul></div><p>Tide times</p></header>"
        f"<form>{ITEMS}<aside>Ask a guide</aside><div id='sub-nav'><ul>{LINKS}</ul></div></form><p style='display: none'>Old offer</p>"
        f"<div class='region-sub-menu'><p>Our courses teach walkers to read the coast and its tides.</p></div>"
        f"<div class='footer_links'>{LINKS}</div><p>Last line</p></body></html>"
    )
    owned: list = []
    page_text(tree, owned)
    test = Furniture(tree)
    assert [line for line, element in owned if not test(element)] == Furniture(tree).page_text().split("\n\n")
    assert [line for line, element in owned if not test(element)] == [*ITEM_LINES, "Our courses teach walkers to read the coast and its tides.", "Last line"]


def test_a_header_inside_an_article_or_section_is_the_documents_not_furniture() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tree = load_html(
        f"<html><body><header><nav><ul>{LINKS}</ul></nav></header><main><article><header><h1>Coast walks</h1>"
        f"<p>Six walks along the cliffs</p></header>{ITEMS}<footer><p>Tagged walks, cliffs</p></footer></article>"
        f"<section><header><h2>More walks</h2></header><p>Last line</p></section></main><footer><p>About us</p></footer></body></html>"
    )
    kept = ["Coast walks", "Six walks along the cliffs", *ITEM_LINES, "More walks", "Last line"]  # an article's footer stays out
    assert Furniture(tree).page_text().split("\n\n") == kept
    owned: list = []
    page_text(tree, owned)
    test = Furniture(tree)
    assert [line for line, element in owned if not test(element)] == kept


def test_page_text_leaves_out_the_spaces_between_blocks_and_squeezes_those_inside() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import page_text

    tree = load_html(
        "<html><body>\n  <div>\n\t<p> Cliff \u3000 path </p>\n \u3000\u2003 <p>Harbour\n   walk <br>  \n</p>"
        "\n  </div> <div>  </div>\n<p>a\u2003b</p></body></html>"
    )
    owned: list = []
    page = page_text(tree, owned)
    assert page == "Cliff path\n\nHarbour\nwalk\n\na b"
    assert [line for line, _ in owned] == ["Cliff path", "Harbour", "walk", "a b"]
    # Each line already spaced once: the gap step takes them as they are (gaps.put_back, `spaced`).
    assert [line for line in page.split("\n") if line] == [spaced for spaced in (" ".join(line.split()) for line in page.split("\n")) if spaced]


def test_a_class_or_id_names_furniture_as_the_pattern_says_its_stems_tested_first() -> None:
    from ingest.pagetext import _named_furniture, FURNITURE_NAME, FURNITURE_STEMS, FURNITURE_WORDS

    assert all(any(stem in word for stem in FURNITURE_STEMS) for word in FURNITURE_WORDS)
    values = [f"{before}{word}{after}" for word in (*FURNITURE_WORDS, "Nav", "navy", "canvas", "menuitem") for before in ("", "site-", "main", "x_") for after in ("", "-links", "Bar", "s")]
    assert {value for value in values if _named_furniture(value)} == {value for value in values if FURNITURE_NAME.search(value)}
    assert _named_furniture("mainNav") and _named_furniture("site-footer") and not _named_furniture("navy") and not _named_furniture(None)



def test_one_furniture_judges_the_text_and_the_lines_alike_whichever_is_asked_first() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tree = load_html(
        f"<html><body><header><nav><ul>{LINKS}</ul></nav><p>Tide times</p></header><form>{ITEMS}<aside>Ask a guide</aside></form>"
        f"<div class='footer_links'>{LINKS}</div><p aria-hidden='true'>Old offer</p><p>Last line</p></body></html>"
    )
    owned: list = []
    page = page_text(tree, owned)
    kept = [*ITEM_LINES, "Last line"]
    for text in ("", page):  # with the page's text, its words bound the page's: the same judgments
        text_first = Furniture(tree, text)
        assert text_first.page_text() == Furniture(tree).page_text() == "\n\n".join(kept)
        assert [line for line, element in owned if not text_first(element)] == kept
        lines_first = Furniture(tree, text)
        assert [line for line, element in owned if not lines_first(element)] == kept
        assert lines_first.page_text() == "\n\n".join(kept)


def test_the_pages_words_are_its_page_texts_and_an_elements_scripts_are_counted_only_past_the_share(monkeypatch: pytest.MonkeyPatch) -> None:
    from trafilatura.utils import load_html

    from ingest import pagetext
    from ingest.pagetext import Furniture, page_text

    measured: list[str] = []
    element_words = pagetext.element_words
    monkeypatch.setattr(pagetext, "element_words", lambda element: measured.append(element.tag) or element_words(element))
    script = f"<script>{BUNDLE}</script>"
    small = load_html(f"<html><head>{script}</head><body><nav>Home</nav>{ITEMS}</body></html>")
    furniture = Furniture(small, page_text(small))
    assert furniture.page_text() == "\n\n".join(ITEM_LINES) and measured == ["nav"] and furniture.unseen == {}
    # Without the page's text it is made; a <form> that holds most of the page with its script has it counted.
    measured.clear()
    assert Furniture(small).page_text() == "\n\n".join(ITEM_LINES) and measured == ["nav"]
    wrapped = load_html(f"<html><head>{script}</head><body><form>{ITEMS}{script}</form><p>Last line</p></body></html>")
    furniture = Furniture(wrapped, page_text(wrapped))
    measured.clear()
    assert furniture.page_text() == "\n\n".join([*ITEM_LINES, "Last line"]) and measured == ["form", "script"]


def test_the_shown_words_of_a_page_leave_out_its_title_which_may_be_there_twice() -> None:
    from lxml import etree

    from ingest.pagetext import page_text, shown_words, titled

    # No <head>: the <title> in the body is the page's title and a block of its body.
    root = etree.fromstring("<html><body><title>Coast walks</title><p>Six<b>teen</b> walks</p></body></html>")
    text = page_text(root)
    assert text == "Coast walks\n\nCoast walks\n\nSixteen walks" and titled(root)
    assert shown_words(text, titled(root)) == 4 <= len(" ".join(root.itertext()).split()) == 5
    assert shown_words("", True) == 0 and shown_words("Walks", True) == 0
    # Without a title (or one of spaces only) the first block is the body's.
    for markup in ("<html><body><p>Six<b>teen</b> walks</p><p>Boots</p></body></html>", "<html><head><title> </title></head><body><p>Sixteen walks</p><p>Boots</p></body></html>"):
        root = etree.fromstring(markup)
        assert not titled(root) and shown_words(page_text(root), titled(root)) == 3


def test_a_menu_is_furniture_on_a_page_without_a_title() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    # One block of 80 words and a footer of 30: the footer is 27% of the words shown, the page's one block not its title.
    story = " ".join(f"word{n}" for n in range(80))
    links = "".join(f"<a href='/{n}'>Link {n} here</a> " for n in range(10))
    for head in ("", "<head><title>Coast walks</title></head>"):
        tree = load_html(f"<html>{head}<body><div>{story}</div><footer>{links}</footer></body></html>")
        kept = Furniture(tree, page_text(tree)).page_text()
        assert "word79" in kept and "Link 9" not in kept


def test_an_element_is_in_the_furniture_when_it_or_an_ancestor_is_left_out_whatever_was_asked_before() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    tree = load_html(
        f"<html><body><header><nav><ul>{LINKS}</ul></nav><p>Tide <b>times</b></p></header><form>{ITEMS}<aside><p>Ask a <i>guide</i></p>"
        f"</aside></form><div class='footer_links'><ul>{LINKS}</ul></div><p>Last line</p></body></html>"
    )
    elements = list(tree.iter())
    judge = Furniture(tree)
    expected = [judge.own(element) or any(judge.own(ancestor) for ancestor in element.iterancestors()) for element in elements]
    assert expected.count(True) > 10 and expected.count(False) >= 10
    # Answers kept for the elements above one asked about serve the later questions, top down or bottom up.
    for order in (elements, elements[::-1]):
        furniture = Furniture(tree)
        answers = {element: furniture(element) for element in order}
        assert [answers[element] for element in elements] == expected


def test_the_folds_of_the_page_lines_are_made_once_for_the_holder_and_the_furniture_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from trafilatura.utils import load_html

    import ingest.pagetext
    from ingest.fuller import holder
    from ingest.furniture import furniture_lines
    from ingest.pagetext import Furniture, line_folds, page_text
    from ingest.text import folds

    owned: list = []
    tree = load_html(f"<html><body><nav><ul>{LINKS}</ul></nav><main>{ITEMS}</main></body></html>")
    page_text(tree, owned)
    made: list[str] = []
    monkeypatch.setattr(ingest.pagetext, "folds", lambda text: made.append(text) or folds(text))
    ingest.pagetext._folds_of.cache_clear()
    extraction = "\n".join(["Section 1", *ITEM_LINES[:4]])
    held = holder(extraction, owned)
    assert held is not None and held.keys == line_folds(owned) == tuple(folds("\n".join(line for line, _ in owned)))
    assert furniture_lines(extraction, owned, Furniture(tree)) == [0]
    assert made == ["\n".join(line for line, _ in owned)]


MENU = "".join(f"<li><a href='/{n}'>{name}</a></li>" for n, name in enumerate("首页 新闻 体育 财经 科技 娱乐 汽车 教育".split()))
STORY = [
    "今天早上天气很好，我们沿着河边慢慢地走了很久，看到了许多正在晨练的老人和孩子。",
    "中午大家在一家小饭馆里吃了简单的午饭，老板热情地向我们介绍了当地的几道家常菜。",
    "下午我们回到家里休息，一边喝茶一边聊天，谈起了小时候在乡下度过的那些快乐时光。",
]


def test_a_menu_is_furniture_on_a_page_in_a_script_without_spaces_as_on_one_with_them() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, link_words, page_text

    # Split by spaces, each paragraph is one word and each link another: the menu would be 8 of 12.
    story = "".join(f"<p>{line}</p>" for line in STORY)
    for menu in (f"<header><nav><ul>{MENU}</ul></nav></header>", f"<div class='menu'><ul>{MENU}</ul></div>"):
        tree = load_html(f"<html><head><title>T</title></head><body>{menu}<article>{story}</article></body></html>")
        assert Furniture(tree).page_text() == Furniture(tree, page_text(tree)).page_text() == "\n\n".join(["T", *STORY])
    # A link of two characters before a paragraph's sentence: by spaces, half of its words.
    words, linked = link_words(load_html(f"<html><body><p><a href='/'>首页</a> {STORY[1]}</p></body></html>").find(".//p"))
    assert linked == 1 and words > 10
    # Words outside such a script count by spaces, with it or without: "-" one, "B2-20-8" one.
    mixed = load_html("<html><body><p><a href='/'>Privacy Policy</a> - <a href='/t'>Terms</a> 许可证号 B2-20-8</p></body></html>")
    assert link_words(mixed.find(".//p")) == (len("Privacy Policy - Terms".split()) + 2 + 1, 3)
    english = "".join(f"<li><a href='/{n}'>Section {n}</a></li>" for n in range(8))
    tree = load_html(f"<html><head><title>T</title></head><body><header><nav><ul>{english}</ul></nav></header><article>{ITEMS}</article></body></html>")
    assert Furniture(tree).page_text() == "\n\n".join(["T", *ITEM_LINES])


def test_the_shown_words_bound_the_pages_words_as_furniture_counts_them_in_any_script() -> None:
    from lxml import etree

    from ingest.pagetext import Furniture, page_text, shown_words, titled
    from ingest.text import block_words

    pages = [
        # The body's <title> is there twice: rounded, 2 words less 0 would pass the page's 1.5.
        "<html><body><title>一</title><p>二三</p></body></html>",
        # Joined without a space, "a-b" and "四" would be 2.5 words as `words` counts them, not 1.5.
        "<html><body><p>Home | News | Sport</p><p hidden='hidden'>二三</p><p>a-b<b>四</b></p></body></html>",
        "<html><body><title>Walks</title><p>a-b 三<b>四</b>five</p><nav>首页</nav><p>六七 eight</p></body></html>",
        f"<html><body><header><nav><ul>{MENU}</ul></nav></header><p>{STORY[0]}</p><p>One more — line</p></body></html>",
    ]
    for markup in pages:
        root = etree.fromstring(markup)
        text = page_text(root)
        assert shown_words(text, titled(root)) <= block_words(" ".join(root.itertext()))
        assert Furniture(root, text).page_text() == Furniture(root).page_text()
    assert block_words("a-b四") == 1.5 == block_words("a-b 四") and shown_words(page_text(etree.fromstring(pages[1])), False) == block_words("Home | News | Sport") + 1.5
    assert shown_words("一\n\n一\n\n二三", True) == 1.5 == block_words("一 二三")


def test_an_element_is_judged_furniture_as_its_marks_and_names_say_whichever_attributes_it_has() -> None:
    """_judge reads the marks only of an element with a furniture tag or a role, aria-hidden or
    style: on varied elements, the same judgments as the marks and names read for every element."""
    import itertools

    from trafilatura.utils import load_html

    from ingest.pagetext import FURNITURE_MIN_LINK_SHARE, Furniture, _linked_words, _marked, _named_furniture
    from ingest.text import block_words

    tags = ["div", "header", "NAV", "form", "span", "section", "button"]
    attributes = [
        "", "role='navigation'", "role='Banner'", "role='main'", "aria-hidden='true'", "aria-hidden='false'",
        "style='display: none'", "style='color: red'", "class='site-footer'", "class='Sidebar'", "id='mainNav'",
        "class='navy'", "id='breadcrumbs' class='x'", "data-role='menu'", "hidden",
    ]
    elements = [
        f"<{tag} {attribute}>{'<a href=/>Home</a> ' if n % 2 else 'Words of a story here '}<b>more</b></{tag}>"
        for n, (tag, attribute) in enumerate(itertools.product(tags, attributes))
    ]
    tree = load_html(f"<html><body><article><header>Title</header></article>{''.join(elements)}{ITEMS * 8}</body></html>")
    furniture = Furniture(tree)

    def judged(element: object) -> bool:  # the judgment as made before the shortcut
        if not isinstance(element.tag, str):  # type: ignore[attr-defined]
            return False
        count = block_words(" ".join(element.itertext()))  # type: ignore[attr-defined]
        if _marked(element):
            return element is not furniture.root and furniture._few(element, count)
        if not (_named_furniture(element.get("class")) or _named_furniture(element.get("id"))):  # type: ignore[attr-defined]
            return False
        return 0 < count and furniture._few(element, count) and _linked_words(element) >= FURNITURE_MIN_LINK_SHARE * count

    answers = [(furniture.own(element), judged(element)) for element in tree.iter()]
    assert all(own == old for own, old in answers)
    assert sum(own for own, _ in answers) >= len(tags) * 6  # the marks and names are there to find


def test_the_first_body_is_the_one_a_search_of_the_whole_page_finds_first() -> None:
    from lxml import etree

    from ingest.pagetext import first_body

    shapes = [
        "<html><head/><body id='a'/></html>",
        "<html><head><body id='a'/></head><body id='b'/></html>",
        "<html><div><p><body id='a'/></p></div><body id='b'/><body id='c'/></html>",
        "<html><!-- note --><body id='a'><body id='b'/></body></html>",
        "<html><head/><div><p>No body</p></div></html>",
        "<html><div/><section><body id='a'/></section></html>",
    ]
    for shape in shapes:
        root = etree.fromstring(shape)
        assert first_body(root) is root.find(".//body")
    assert [first_body(etree.fromstring(shape)).get("id") for shape in shapes[:4]] == ["a", "a", "a", "a"]


# A listing whose every entry is a link, and an inline script or style of many words (a tracking or
# app bundle): unseen text the page's word count used to hold.
LISTING = "".join(f"<li><a href='/walk{n}'>Walk {n} along the coast path</a></li>" for n in range(20))
BUNDLE = " ".join(f"var a{n} = window.dataLayer || [];" for n in range(150))


@pytest.mark.parametrize(
    "unseen",
    [f"<script>{BUNDLE}</script>", f"<style>{BUNDLE}</style>", f"<template><p>{BUNDLE}</p><script>{BUNDLE}</script></template>"],
    ids=["script", "style", "template"],
)
def test_a_form_wrapping_a_listing_is_kept_whatever_unseen_text_the_head_holds(unseen: str) -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tree = load_html(
        f"<html><head><title>Coast walks</title>{unseen}</head><body><form id='form1'><h1>Coast walks this spring</h1>"
        f"<ul>{LISTING}</ul><p>Boots advised on all walks.</p></form><footer><a href='/a'>About us</a> and contacts</footer></body></html>"
    )
    for furniture in (Furniture(tree), Furniture(tree, page_text(tree))):
        kept = furniture.page_text()
        assert "Walk 19 along the coast path" in kept and "Boots advised on all walks." in kept and "About us" not in kept


def test_a_body_named_for_its_missing_sidebar_is_kept_on_a_page_with_a_head_script() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    # "no-sidebar" names a menu to the pattern, and the listing is mostly links: only the share keeps the body.
    tree = load_html(
        f"<html><head><title>Coast walks</title><script>{BUNDLE}</script></head>"
        f"<body class='page no-sidebar'><h1>Coast walks</h1><ul>{LISTING}</ul></body></html>"
    )
    assert "Walk 19 along the coast path" in Furniture(tree).page_text()


def test_a_footer_is_furniture_whatever_script_it_holds() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    # The footer's share is of its seen words too: its own script does not make it a large part of the page.
    story = "".join(f"<p>Walk {n} climbs past the old mill and down to the harbour wall.</p>" for n in range(30))
    tree = load_html(
        f"<html><body><article>{story}</article>"
        f"<footer><a href='/a'>About us</a> and contacts<script>{BUNDLE}</script></footer></body></html>"
    )
    kept = Furniture(tree).page_text()
    assert "Walk 29 climbs past the old mill" in kept and "About us" not in kept


def test_an_elements_scripts_styles_and_templates_are_counted_once_for_the_page() -> None:
    from lxml import etree

    from ingest.pagetext import Furniture, element_words

    root = etree.fromstring(
        "<html><head><title>Walks</title><style>p { color: red }</style></head><body><div><p>Three coast walks</p>"
        "<script>var a = 1;</script><template><p>Card of <b>a walk</b></p><script>var b = 2;</script></template>"
        "<script></script></div><p>Boots advised</p></body></html>"
    )
    head, body = root
    div = body[0]
    furniture = Furniture(root)
    # A style of 5 words, scripts of 4 and 0, a template of 8 with its script.
    assert [furniture._unseen_words(element) for element in (root, head, body, div)] == [17, 5, 12, 12]
    assert [element_words(element) for element in (root, head, body, div)] == [23, 6, 17, 15]
    assert sorted(furniture.unseen.values()) == [0, 0, 4, 5, 8]


def test_furniture_holds_at_most_half_of_the_words_the_page_shows() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture

    # 20 words of menu, 30 or 16 of text: a header of 40% of the page is the site's; one of 56% wraps the page.
    menu = "".join(f"<li><a href='/{n}'>Section {n}</a></li>" for n in range(10))
    for text, kept in (("<p>Tides</p>" * 30, False), ("<p>Tides</p>" * 16, True)):
        tree = load_html(f"<html><head><script>{BUNDLE}</script></head><body><header><ul>{menu}</ul></header>{text}</body></html>")
        assert ("Section 9" in Furniture(tree).page_text()) is kept


@pytest.mark.parametrize(
    "unseen",
    [
        "<select>" + "".join(f"<option>Country {n}</option>" for n in range(100)) + "</select>",
        "<div hidden>" + "".join(f"<p>Country {n}</p>" for n in range(100)) + "</div>",
        "<svg>" + "".join(f"<text>Country {n}</text>" for n in range(100)) + "</svg>",
        "<select hidden>" + "".join(f"<option>Country {n}</option>" for n in range(100)) + "</select>",
    ],
    ids=["select", "hidden", "svg", "hidden select"],
)
def test_a_footer_is_furniture_whatever_unseen_text_it_holds(unseen: str) -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    # What page_text leaves out of the page's words (a <select>, a hidden part, an SVG) is left out of the footer's too.
    story = "".join(f"<p>Walk {n} climbs past the old mill and down to the harbour wall.</p>" for n in range(12))
    links = "".join(f"<a href='/{n}'>Link {n}</a> " for n in range(10))
    tree = load_html(f"<html><head><title>Walks</title></head><body><article>{story}</article><footer>{links}{unseen}</footer></body></html>")
    kept = Furniture(tree, page_text(tree)).page_text()
    assert "Walk 11 climbs past the old mill" in kept and "Link 9" not in kept


def test_with_the_pages_lines_an_element_that_shows_more_than_the_share_is_judged_without_reading_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words of the page's lines inside an element bound from below its words less those page_text
    leaves out: a site's header and its menu whose lines pass the share are kept without their text
    read, and every element is judged as without the lines."""
    from trafilatura.utils import load_html

    from ingest import pagetext
    from ingest.pagetext import Furniture, _words_inside, page_text
    from ingest.text import block_words

    mega = "".join(f"<li><a href='/{n}'>Section {n} of the site's many places</a></li>" for n in range(40))
    page = (
        f"<html><body><header><script>{BUNDLE}</script><nav class='menu'><ul>{mega}</ul><div class='sub-menu'>{LINKS}</div></nav></header>"
        f"<form><span role='navigation'><div>{LINKS}</div></span>{ITEMS}</form><aside>新闻 体育<b>财经</b></aside><footer>About us</footer></body></html>"
    )
    tree = load_html(page)
    owned: list[tuple[str, object]] = []
    text = page_text(tree, owned)
    measured: list[object] = []
    element_words = pagetext.element_words
    monkeypatch.setattr(pagetext, "element_words", lambda element: measured.append(element) or element_words(element))
    header, nav = tree.find(".//header"), tree.find(".//nav")
    without = Furniture(tree, text)
    answers = [without.own(element) for element in tree.iter()]
    assert not without.own(header) and not without.own(nav) and {header, nav} <= set(measured)
    measured.clear()
    with_lines = Furniture(tree, text, owned)
    assert [with_lines.own(element) for element in tree.iter()] == answers and not {header, nav} & set(measured)
    assert sum(answers) >= 4  # the form's menu, the aside, the footer, their links
    inside = _words_inside(owned)
    for element in tree.iter():  # each element's words: those of the lines whose block is it or inside it
        below = {element, *element.iterdescendants()}
        assert inside.get(element, 0) == sum(block_words(line) for line, owner in owned if owner in below)
    kept = Furniture(tree, text, owned).page_text()
    assert kept == Furniture(tree, text).page_text() and "Section 39" in kept and "About us" not in kept


def test_a_hidden_block_ends_the_line_before_it_and_one_left_out_goes_as_if_it_were_not_there() -> None:
    from lxml import etree

    from ingest.pagetext import page_text

    root = etree.fromstring("<html><body><div>Cliff path<p hidden='hidden'>Old offer</p>12 miles<p>Harbour</p> walk</div></body></html>")
    hidden, shown = root.findall(".//p")
    assert page_text(root) == "Cliff path\n\n12 miles\n\nHarbour\n\nwalk"
    assert page_text(root, left_out=frozenset({shown})) == "Cliff path\n\n12 miles walk"
    assert page_text(root, left_out=frozenset({hidden})) == "Cliff path12 miles\n\nHarbour\n\nwalk"


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 12), st.integers(1, 12), st.integers(0, 12), st.sampled_from(["header", "form", "nav", "div class='site-header'"]))
def test_with_or_without_the_pages_lines_every_element_is_judged_alike(heading: int, story: int, links: int, holder: str) -> None:
    # A marked element holding from none to most of the page's words: near the share (a quarter to a half
    # of them) the bound from its lines must not keep what its words would have judged furniture.
    from trafilatura.utils import load_html

    from ingest.pagetext import Furniture, page_text

    tag = holder.split()[0]
    paragraph = "<p>Walk {} climbs past the old mill and down to the harbour wall at low tide.</p>"
    head = "".join(paragraph.format(f"h{n}") for n in range(heading)) + "".join(f"<a href='/{n}'>Link {n}</a> " for n in range(links))
    body = "".join(paragraph.format(n) for n in range(story))
    tree = load_html(f"<html><body><{holder}>{head}</{tag}><article>{body}</article><footer>About us</footer></body></html>")
    owned: list[tuple[str, object]] = []
    text = page_text(tree, owned)
    without, with_lines = Furniture(tree, text), Furniture(tree, text, owned)
    assert [with_lines.own(element) for element in tree.iter()] == [without.own(element) for element in tree.iter()]
