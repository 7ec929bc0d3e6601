"""ingest/fuller.py: whether the page's own text is the extraction made whole."""

from support import owned_lines
from trafilatura.utils import load_html

from ingest.fuller import declares_article, fuller, holder, may_fill
from ingest.text import word_counts, words

CARDS = [f"Cabin {n} sleeps four, with a wood stove, a deck over the lake and a path down to the jetty." for n in range(1, 9)]
PAGE = (
    "<html><head><title>Cabins</title></head><body>"
    "<div class='sidebar'><p>Our sister site rents out boats by the hour, with life jackets for all ages.</p></div>"
    "<main>" + "".join(f"<div class='card'><p>{card}</p></div>" for card in CARDS) + "</main></body></html>"
)
SIDEBAR = "Our sister site rents out boats by the hour, with life jackets for all ages."


def test_page_text_adding_the_other_cards_of_the_extractions_container_is_fuller() -> None:
    owned = owned_lines(load_html(PAGE))
    held = holder("\n".join(CARDS[:4]), owned)
    assert held is not None and held.left == 4 * len(CARDS[0].split())  # the four other cards
    assert fuller(word_counts("\n".join(CARDS[:4])), "\n".join(CARDS), owned, held)


def test_page_text_adding_lines_outside_the_extractions_container_is_not() -> None:
    owned = owned_lines(load_html(PAGE))
    held = holder("\n".join(CARDS[:4]), owned)
    assert held is not None and not fuller(word_counts("\n".join(CARDS[:4])), "\n".join([SIDEBAR, *CARDS[:5]]), owned, held)


def test_page_text_that_lacks_much_of_the_extraction_or_adds_little_is_not() -> None:
    owned = owned_lines(load_html(PAGE))
    booking = "Bookings open each spring; pets are welcome in the two lower cabins, and linen is supplied on request for longer stays."
    for extraction in ("\n".join([*CARDS[:2], booking]), "\n".join([*CARDS[:7], "Cabin 8 sleeps four, with a wood stove"])):
        held = holder(extraction, owned)  # lacks a third of the extraction's words; adds under MIN_GROWTH of them
        assert held is not None and not fuller(word_counts(extraction), "\n".join(CARDS), owned, held)


def test_an_extraction_of_all_its_holder_leaves_nothing_to_fill_and_none_holds_nothing() -> None:
    owned = owned_lines(load_html(PAGE))
    assert may_fill(word_counts("\n".join(CARDS[:4])), holder("\n".join(CARDS[:4]), owned))
    assert not may_fill(word_counts("\n".join(CARDS)), holder("\n".join(CARDS), owned))
    assert holder("A line the page does not have at all", owned) is None


def test_an_article_type_of_the_page_in_the_json_ld_declares_an_article() -> None:
    def page(script: str) -> object:
        return load_html(f"<html><head><script type='application/ld+json'>{script}</script></head><body><p>Text</p></body></html>")

    assert declares_article(page('{"@graph": [{"@type": "WebPage"}, {"mainEntity": {"@type": ["ReportageNewsArticle"]}}]}'))
    assert declares_article(page('[{"@type": "BlogPosting"}]'))
    assert not declares_article(page('{"@type": "Product", "review": {"@type": "Review"}}'))
    assert not declares_article(page('{"@type": "NewsArticle",'))  # not JSON: no type read
    assert not declares_article(load_html("<html><body><script>var page = {'@type': 'Article'};</script><p>Text</p></body></html>"))
    # A section page's list of articles is not an article, and JSON nested past the parser's depth is no type.
    assert not declares_article(page('{"@type": "CollectionPage", "mainEntity": {"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle"}]}}'))
    assert not declares_article(page("[" * 200_000 + "]" * 200_000))


def test_an_extraction_spread_over_the_whole_page_has_no_holder() -> None:
    # Cards straight in <body>: every line the page text adds would count as inside, so none is the holder.
    owned = owned_lines(load_html("<html><body>" + "".join(f"<p>{card}</p>" for card in CARDS) + f"<p>{SIDEBAR}</p></body></html>"))
    assert holder("\n".join(CARDS[:4]), owned) is None


# The same page in a script without spaces: each card one or two runs of word characters, no
# spaces to count words by (text.words counts two characters as one word).
CJK_CARDS = [f"第{n}号小屋可住四人，设有木炉和湖边的露台以及通往码头的小路" for n in "一二三四五六七八"]
CJK_PAGE = PAGE.replace("<p>" + SIDEBAR, "<p>姊妹网站按小时出租小船并为所有年龄的人备有救生衣").replace("".join(f"<div class='card'><p>{card}</p></div>" for card in CARDS), "".join(f"<div class='card'><p>{card}</p></div>" for card in CJK_CARDS))


def test_in_a_script_without_spaces_words_are_counted_as_text_words_counts_them() -> None:
    assert "第八号小屋" in CJK_PAGE and "姊妹网站" in CJK_PAGE
    owned = owned_lines(load_html(CJK_PAGE))
    extraction = "\n".join(CJK_CARDS[:4])
    held = holder(extraction, owned)  # its lines have no three runs: counted by spaces, none would hold it
    assert held is not None and held.left == 4 * words(CJK_CARDS[0])
    assert may_fill(word_counts(extraction), held) and fuller(word_counts(extraction), "\n".join(CJK_CARDS), owned, held)
    assert not fuller(word_counts(extraction), "\n".join(["姊妹网站按小时出租小船并为所有年龄的人备有救生衣", *CJK_CARDS[:5]]), owned, held)
