from support import owned_lines
from trafilatura.utils import load_html

from ingest.entries import MAX_ENTRY_WORDS, dropped_lines, put_in
from ingest.gaps import SURE_WORDS, covered

TEASERS = [f"A {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 6)]


def listing(card: str = "<div class='card'><a href='/w{n}'><h3>Walk {n}: the cliff path</h3></a><p>{teaser}</p><span>Read more</span></div>") -> str:
    cards = "".join(card.format(n=n, teaser=teaser) for n, teaser in enumerate(TEASERS, 1))
    return f"<html><head><title>Walks</title></head><body><nav><a href='/'>Home</a></nav><main>{cards}</main></body></html>"


PLAIN_CARD = "<div><a href='/w{n}'><h3>Walk {n}: the cliff path</h3></a><p>{teaser}</p><span>Read more</span></div>"


def put_back(html: str, extracted: str) -> tuple[list[str], str]:
    owned = owned_lines(load_html(html))
    lines = [line for line, _ in owned]
    held = covered(extracted, lines, SURE_WORDS)
    wanted = dropped_lines(owned, held)
    return [lines[index] for index in wanted], put_in(extracted, lines, held, wanted)[0]


def test_the_titles_of_entries_whose_teasers_were_kept_are_put_back_before_them() -> None:
    wanted, text = put_back(listing(PLAIN_CARD), "\n".join(TEASERS[:4]))
    assert wanted == [f"Walk {n}: the cliff path" for n in range(1, 5)]  # not the fifth entry: nothing of it was kept
    assert text.split("\n") == [line for n, teaser in enumerate(TEASERS[:4], 1) for line in (f"Walk {n}: the cliff path", teaser)]


def test_the_cards_of_a_class_the_extractor_skipped_beside_those_it_kept_are_put_back_too() -> None:
    wanted, text = put_back(listing(), "\n".join(TEASERS[:3]))
    assert wanted == [f"Walk {n}: the cliff path" for n in range(1, 4)] + ["Walk 4: the cliff path", TEASERS[3], "Walk 5: the cliff path", TEASERS[4]]
    assert text.split("\n") == [line for n, teaser in enumerate(TEASERS, 1) for line in (f"Walk {n}: the cliff path", teaser)]


def test_in_a_script_without_spaces_the_titles_count_their_words_as_text_words_does() -> None:
    # A title of one run of characters: by its spaces one word, under MIN_WORDS; as text.words counts it, five.
    teasers = [f"沿着悬崖走{n}公里的环线并经过古老的港口，再穿过树林回到起点。" for n in range(1, 6)]
    cards = "".join(f"<div><h3>第{n}条步道悬崖小路</h3><p>{teaser}</p></div>" for n, teaser in enumerate(teasers, 1))
    wanted, text = put_back(f"<html><body><main>{cards}</main></body></html>", "\n".join(teasers[:4]))
    assert wanted == [f"第{n}条步道悬崖小路" for n in range(1, 5)]
    assert text.split("\n")[:2] == ["第1条步道悬崖小路", teasers[0]]


def test_entries_left_out_of_the_extraction_stay_out_and_so_does_the_page_around_them() -> None:
    assert "Walk 4: the cliff path" not in put_back(listing(PLAIN_CARD), "\n".join(TEASERS[:3]))[0]  # a tag alone: no class of cards
    wanted, _ = put_back(listing(), "\n".join(TEASERS[:3]))
    assert "Home" not in wanted and "Walks" not in wanted


def test_fewer_than_three_entries_with_kept_text_are_left_alone() -> None:
    assert put_back(listing(), "\n".join(TEASERS[:2])) == ([], "\n".join(TEASERS[:2]))


def test_short_lines_and_what_every_entry_repeats_are_not_put_back() -> None:
    card = "<div class='card'><h3>Walk {n}: the cliff path</h3><p>{teaser}</p><div>5 miles</div><div>Read this walk now</div></div>"
    wanted, _ = put_back(listing(card), "\n".join(TEASERS))
    assert wanted == [f"Walk {n}: the cliff path" for n in range(1, 6)]  # no "5 miles" (two words), no label of every card


def test_a_line_the_page_repeats_does_not_show_which_entry_was_kept() -> None:
    card = "<div class='card'><h3>Walk {n}: the cliff path</h3><p>Free guided walks every weekend in summer</p></div>"
    assert put_back(listing(card), "Free guided walks every weekend in summer")[0] == []


def test_an_entry_longer_than_a_card_is_not_filled_in() -> None:
    long = " ".join(["The path climbs steeply."] * (MAX_ENTRY_WORDS // 4 + 1))
    card = "<div class='section'><h3>Walk {n}: the cliff path</h3><p>{teaser}</p><p>" + long + "</p></div>"
    assert put_back(listing(card), "\n".join(TEASERS))[0] == []


def test_a_line_with_no_kept_line_after_it_goes_at_the_end() -> None:
    card = "<div><p>{teaser}</p><p>Walk {n} starts at the harbour car park</p></div>"
    _, text = put_back(listing(card), "\n".join(TEASERS[:3]))
    assert text.split("\n") == [TEASERS[0], "Walk 1 starts at the harbour car park", TEASERS[1], "Walk 2 starts at the harbour car park", TEASERS[2], "Walk 3 starts at the harbour car park"]
