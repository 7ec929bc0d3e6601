import copy
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import prefilter
from ingest.engine import run_rules
from ingest.kinds.block import PRICE_NEEDS
from support import make, run

ARTICLE = [
    "The council approved the budget on Tuesday after a long debate about schools and roads.",
    "The plan now goes to the regional assembly, which meets in March to vote on it.",
    "Residents who spoke at the meeting were divided over the cost of the new bridge.",
]
MENU = ["Home", "World", "Business", "Sport", "Culture", "Opinion", "Video", "Podcasts", "Weather", "Jobs", "Contact", "About"]


def test_menus_before_and_after_the_document_go() -> None:
    text = "\n".join(MENU + ["Budget approved"] + ARTICLE + MENU)
    outcome = run(make("block", lead_lines=1), text)
    assert outcome.text == "\n".join(["Budget approved"] + ARTICLE) + "\n"
    assert len(outcome.findings) == 2 * len(MENU)


def test_subheadings_and_short_lists_inside_the_document_stay() -> None:
    text = "\n".join([ARTICLE[0], "What comes next", ARTICLE[1], "One", "Two", "Three", ARTICLE[2]])
    assert run(make("block"), text).findings == []


def test_a_small_cluster_far_from_the_document_goes() -> None:
    blurb = "We are a small local paper covering the valley and its towns since 1901."
    text = "\n".join(ARTICLE * 6 + MENU + [blurb])
    outcome = run(make("block"), text)
    assert blurb not in outcome.text and ARTICLE[0] in outcome.text


def test_a_large_second_cluster_stays() -> None:
    text = "\n".join(ARTICLE + MENU + ARTICLE)
    outcome = run(make("block"), text)
    assert outcome.text.count(ARTICLE[0]) == 2


def test_lead_lines_keep_the_headline() -> None:
    text = "\n".join(MENU + ["Budget approved", "A standfirst line"] + ARTICLE)
    assert run(make("block", lead_lines=1), text).text.startswith("A standfirst line\n")
    assert run(make("block", lead_lines=2), text).text.startswith("Budget approved\n")


def test_text_without_prose_is_left_alone() -> None:
    assert run(make("block"), "\n".join(MENU)).findings == []


def test_unspaced_scripts_count_their_words() -> None:
    sentence = "会議は火曜日に長い議論の末に予算を承認し、計画は三月に地域議会へ送られることになった。"
    text = "\n".join(MENU + [sentence, sentence] + MENU)
    outcome = run(make("block", lead_lines=0), text)
    assert outcome.text == f"{sentence}\n{sentence}\n"


TABLE = ["Pos.", "Team", "Points", "Wins"] + [
    cell for rank, (team, points, wins) in enumerate([("Ash", "5040", "5"), ("Elm", "4980", "3"), ("Oak", "4410", "2")], 1)
    for cell in (str(rank), team, points, wins)
]


def test_a_table_dumped_cell_by_cell_after_the_document_stays() -> None:
    text = "\n".join(ARTICLE + TABLE + MENU)
    outcome = run(make("block"), text)
    assert outcome.text == "\n".join(ARTICLE + TABLE) + "\n"
    assert run(make("block", table_cells=0), text).text == "\n".join(ARTICLE) + "\n"


def test_page_numbers_after_the_document_are_not_a_table() -> None:
    pages = [str(n) for n in range(1, 11)] + ["Next"]
    outcome = run(make("block"), "\n".join(ARTICLE + pages))
    assert outcome.text == "\n".join(ARTICLE) + "\n"


def test_a_menu_with_a_few_numbers_is_not_a_table() -> None:
    menu = [str(2000 + n * 7 % 19) if n % 5 == 4 else item for n, item in enumerate(MENU * 4)]  # archive years among links
    outcome = run(make("block"), "\n".join(ARTICLE + menu))
    assert outcome.text == "\n".join(ARTICLE) + "\n"


def test_a_dump_that_is_only_a_title_is_empty() -> None:
    outcome = run(make("block"), "Online therapy that fits you | Some Clinic\n")
    assert outcome.text == "" and len(outcome.findings) == 1
    assert run(make("block", title_only=False), "Online therapy that fits you\n").findings == []
    assert run(make("block"), "The clinic opened in May.\n").findings == []  # a sentence is a document
    assert run(make("block"), " ".join(ARTICLE).rstrip(".") + " and more\n").findings == []  # long: not a title


WRAPPED = [  # one paragraph hard-wrapped at a fixed width, as manuals and mail archives print
    "The module builds fast and memory efficient tools that are",
    "useful by themselves or in combination, and together they form",
    "an algebra that makes it possible to build specialised tools",
    "succinctly and efficiently in the language itself.",
]
BLURB = "Our paper has covered the valley since 1901."


def test_a_hard_wrapped_paragraph_is_prose() -> None:
    paragraphs = WRAPPED + [""] + WRAPPED + [""] + WRAPPED
    text = "\n".join(MENU + paragraphs + MENU + [BLURB])
    assert run(make("block", lead_lines=0), text).text == "\n".join(paragraphs) + "\n"
    assert run(make("block", lead_lines=0, wrapped=False, min_words=0), text).text == BLURB + "\n"


def test_a_wrapped_paragraph_ending_in_a_short_line_is_prose_to_its_end() -> None:
    text = "\n".join(ARTICLE + ["The council met on Tuesday and agreed that the road", "will be wider."])
    assert run(make("block"), text).findings == []


def test_a_short_sentence_is_prose_when_prose_words_allows_it() -> None:
    text = "\n".join(ARTICLE + ["Then it rained."])
    assert run(make("block", prose_words=3), text).findings == []
    assert run(make("block", prose_words=3, wrapped=False), text).findings == []
    assert run(make("block"), text).text == "\n".join(ARTICLE) + "\n"


def test_a_run_of_short_lower_case_links_is_not_a_wrapped_paragraph() -> None:
    searches = ["cheap flights to the coast", "hotels near the station", "car hire", "weather this weekend"] * 3
    text = "\n".join(ARTICLE + MENU + searches)
    assert run(make("block"), text).text == "\n".join(ARTICLE) + "\n"


LISTING = ["client = Client(", "    timeout=10,", "    retries=3,", ")", "for page in pages:", "    client.get(page)", "# closed at exit", "client.close()"]


def test_a_code_listing_between_paragraphs_stays() -> None:
    text = "\n".join(ARTICLE[:2] + LISTING + ARTICLE[2:])
    assert run(make("block"), text).findings == []
    dropped = run(make("block", code=False, lead_lines=0), text)
    assert "client.close()" not in dropped.text and ARTICLE[2] in dropped.text


def test_a_gap_parts_the_prose_by_its_lines_that_are_not_code_however_they_stand_in_it() -> None:
    # 7 of LISTING's 8 lines read as code: with 5 short lines more the gap holds 6 that are not, max_gap's
    # 6 (the rule counts them down and may stop early: the lines before the listing must not settle it).
    for items, listing_last in ((5, True), (5, False), (6, True), (6, False)):
        short = [f"Item {n}" for n in range(items)]
        gap = short + LISTING if listing_last else LISTING + short
        outcome = run(make("block"), "\n".join(ARTICLE[:2] + gap + ARTICLE[2:]))
        assert (outcome.findings == []) == (items == 5)


SAMPLE = ["{", *(f'  "field_{n}": "value {n}",' for n in range(18)), '  "last": null', "}"]


def test_a_code_listing_in_a_dump_with_blank_lines_between_its_lines_stays() -> None:
    # Dumps print a blank line after every line: they count for nothing in the listing either.
    after = "Returns the object if the call succeeded, and raises an error otherwise."
    text = "\n\n".join(ARTICLE * 4 + SAMPLE + [after])
    assert run(make("block"), text).findings == []


def test_a_list_of_categories_with_their_counts_parts_paragraphs_as_a_menu_does() -> None:
    # "Name(12)" reads as a call to the code test; a sidebar's categories are no code listing
    categories = [f"{name}({n})" for n, name in enumerate(MENU, 3)]
    text = "\n".join(ARTICLE * 4 + categories + [BLURB])
    assert BLURB not in run(make("block"), text).text
    calls = ["time.sleep(5)", "retries = count(3)", "wait(2)(0)"]  # code still joins the prose around it
    assert run(make("block"), "\n".join(ARTICLE[:2] + calls * 3 + ARTICLE[2:])).findings == []


def test_a_label_with_its_count_is_told_from_a_call_with_a_number() -> None:
    rule = make("block")
    labels = ["Archives (12)", "Recipes(53)", "CamelCase(53)", "Women's shoes (61)", "Top10(5)"]
    calls = ["return fib(10)", "print(42)", "sleep(1)", "exit(0)", "await sleep(0)", "yield range(3)", "time.sleep(5)"]
    # lower-case calls between paragraphs are a listing, which joins the prose around it; labels part it
    assert run(rule, "\n".join(ARTICLE[:2] + calls[:6] * 3 + ARTICLE[2:])).findings == []
    for label in labels:
        assert BLURB not in run(rule, "\n".join(ARTICLE * 4 + [label] * 8 + [BLURB])).text


def test_a_line_of_code_as_long_as_prose_parts_the_prose_as_a_menu_row_does() -> None:
    # A row of names is no prose however long; only the lines of code shorter than `long_words` join the prose.
    short, long = "Render(Page Footer)", "Render(Page Footer Links)"
    rule = make("block", long_words=4, name_rows=3, max_gap=0, lead_lines=0)
    assert run(rule, "\n".join(ARTICLE * 2 + [short] + [BLURB])).findings == []
    assert BLURB not in run(rule, "\n".join(ARTICLE * 2 + [long] + [BLURB])).text


def test_a_menu_between_paragraphs_still_parts_them() -> None:
    text = "\n".join(ARTICLE * 4 + MENU + [BLURB])
    assert BLURB not in run(make("block"), text).text


GRID = [cell for name, price in [("Gray cottage pot", "$38.00"), ("French harvest pot", "$24.50"), ("Terracotta pot", "€29,50"),
                                 ("Piecrust pot", "59.00 zł"), ("Stone cachepot", "USD 41.00")] for cell in (name, "Add to cart", price)]


def test_a_product_grid_after_the_document_stays() -> None:
    text = "\n".join(ARTICLE + ["Sort by", "Price", "Name"] + GRID + MENU)
    outcome = run(make("block"), text)
    assert outcome.text == "\n".join(ARTICLE + ["Sort by", "Price", "Name"] + GRID) + "\n"
    assert run(make("block", grid_prices=0), text).text == "\n".join(ARTICLE) + "\n"


def test_a_price_in_the_first_line_of_the_text_is_no_grid_above_it() -> None:
    text = "\n".join(MENU[:3] + ["Every pot costs $38.00 this week only."] + ARTICLE)
    assert run(make("block", grid_prices=1, lead_lines=0), text).text == "\n".join(text.split("\n")[3:]) + "\n"


def test_a_price_in_the_last_line_of_the_text_is_not_counted_in_the_grid_below_it() -> None:
    text = "\n".join(ARTICLE + ["Every pot costs $38.00 this week only.", "Gray cottage pot", "$24.50", "Contact"])
    assert run(make("block", grid_prices=2), text).text == "\n".join(text.split("\n")[:4]) + "\n"
    assert run(make("block", grid_prices=1), text).text == "\n".join(text.split("\n")[:6]) + "\n"  # one price is a grid


def test_a_few_prices_in_a_menu_are_no_grid() -> None:
    menu = MENU[:6] + ["Gift cards from $25", "Free delivery over £50"] + MENU[6:]
    assert run(make("block"), "\n".join(ARTICLE + menu)).text == "\n".join(ARTICLE) + "\n"


def test_a_product_grid_above_the_category_text_stays() -> None:
    text = "\n".join(MENU + GRID + ["Showing 5 of 5"] + ARTICLE + MENU)
    assert run(make("block"), text).text == "\n".join(GRID + ["Showing 5 of 5"] + ARTICLE) + "\n"


NOTICE = ["Access denied", "If you are the owner of this store, please make sure that customer accounts are switched on."]
BIG_GRID = [cell for n in range(8) for cell in (f"Dark roast coffee, bag {n}", "Regular price", f"${14 + n}.99")]


def test_a_product_grid_that_outweighs_the_prose_stays_wherever_it_stands() -> None:
    # A shop's category page: a notice is the only prose, far above the products.
    text = "\n".join(NOTICE + MENU + MENU + BIG_GRID + MENU)
    outcome = run(make("block"), text)
    assert outcome.text == "\n".join(NOTICE + BIG_GRID) + "\n"
    assert run(make("block", grid_items=0), text).text == "\n".join(NOTICE) + "\n"


def test_a_product_grid_lighter_than_the_prose_far_from_it_goes() -> None:
    text = "\n".join(ARTICLE * 3 + MENU + MENU + BIG_GRID + MENU)
    assert run(make("block"), text).text == "\n".join(ARTICLE * 3) + "\n"


GUIDE = ARTICLE * 7  # 322 words of prose in one cluster: a category's buying guide
REBATES = [f"{item}: a ${amount} rebate after purchase" for item, amount in
           [("Dishwashers", 30), ("Washers", 100), ("Dryers", 300), ("Freezers", 25), ("Heat pumps", 400)]]


def test_a_grid_of_bare_prices_beside_long_prose_goes() -> None:
    text = "\n".join(GUIDE + GRID + MENU)
    assert run(make("block", grid_text_words=300), text).text == "\n".join(GUIDE) + "\n"
    assert run(make("block"), text).text == "\n".join(GUIDE + GRID) + "\n"  # kept as a grid without the option
    assert run(make("block", grid_text_words=400), text).text == "\n".join(GUIDE + GRID) + "\n"  # prose too short


def test_prices_in_lines_of_words_beside_long_prose_stay() -> None:
    # A list of the text with a price in each item is no shop's grid.
    text = "\n".join(GUIDE + REBATES + MENU)
    assert run(make("block", grid_text_words=300), text).text == "\n".join(GUIDE + REBATES) + "\n"

INTRO = "Tomato sauce is the base of a hundred dishes, and these are the ones our cooks make most often."
TITLES = [f"{dish} with a slow-cooked tomato sauce" for dish in
          ("Spaghetti", "Meatballs", "Lasagna", "Baked ziti", "Penne", "Gnocchi", "Pizza", "Eggplant", "Ravioli", "Chicken")]
FACETS = [f"{brand} ({count})" for brand, count in
          [("Women's climbing shoes", 61), ("Men's climbing shoes", 59), ("Men's approach shoes", 30), ("Kids' climbing shoes", 3),
           ("Ridge Line and friends", 58), ("Blue Summit gear", 7), ("The Far Peak", 2), ("Tor'kel shoes", 8), ("Alpetta mountain", 29)]]


def test_a_list_of_entries_that_outweighs_the_intro_stays() -> None:
    # A listing: a short intro, then the titles of its recipes, then the footer's menu.
    text = "\n".join(MENU + ["Tomato Sauce Recipes", INTRO, "", "Latest recipes", ""] + TITLES + MENU)
    outcome = run(make("block"), text)
    kept = outcome.text.split("\n")
    assert set(TITLES) <= set(kept) and "Latest recipes" not in kept and MENU[0] not in kept
    assert not set(TITLES) & set(run(make("block", entry_lines=0), text).text.split("\n"))


def test_a_list_of_entries_is_a_run_of_them_one_under_the_other() -> None:
    # Any other line parts the run: two runs of five entries are no list of eight; a gap let a product
    # page's buttons and labels of three words chain into a list.
    listing = MENU + ["Tomato Sauce Recipes", INTRO, "", "Latest recipes", ""]
    parted = "\n".join(listing + TITLES[:5] + ["Sponsored"] + TITLES[5:] + MENU)
    assert not set(TITLES) & set(run(make("block"), parted).text.split("\n"))
    # Blank lines do not part it.
    spaced = "\n".join(listing + [line for title in TITLES for line in (title, "")] + MENU)
    assert set(TITLES) <= set(run(make("block"), spaced).text.split("\n"))


def test_a_list_of_entries_that_ends_the_page_stays() -> None:
    text = "\n".join(MENU + ["Tomato Sauce Recipes", INTRO, "", "Latest recipes", ""] + TITLES)  # no footer under it
    assert set(TITLES) <= set(run(make("block"), text).text.split("\n"))


def test_a_list_of_entries_lighter_than_the_text_goes() -> None:
    # Teasers of other articles under an article: the article outweighs them.
    text = "\n".join(ARTICLE * 4 + ["More stories"] + TITLES + MENU)
    assert run(make("block"), text).text == "\n".join(ARTICLE * 4) + "\n"


def test_a_filter_panel_is_no_list_of_entries() -> None:
    text = "\n".join(["Climbing Shoes", INTRO, "Filter by brand"] + FACETS + MENU)
    assert run(make("block"), text).text == "\n".join(["Climbing Shoes", INTRO]) + "\n"


def test_a_page_with_a_sentence_or_two_of_prose_is_left_alone() -> None:
    text = "\n".join(MENU + [BLURB] + MENU)  # a grid of links, and one line that reads as a sentence
    assert run(make("block"), text).findings == []
    assert run(make("block", min_words=0, lead_lines=0), text).text.strip() == BLURB


def test_the_next_pass_keeps_what_the_first_kept_once_blank_lines_are_folded() -> None:
    # Blank lines between all lines, and two of them before the second part: the list stands just
    # within `max_gap` of both parts. The first pass cuts the menus; the normaliser folds the blank
    # lines they leave; the next pass must not read the page as more tightly spaced and part it there.
    parts = ["Schools", "Roads", "Bridges", "Parks", "Libraries"]
    text = "\n\n".join(MENU + ARTICLE + parts) + "\n\n\n" + "\n\n".join(ARTICLE[::-1] + MENU)
    alone = run(make("block"), text).text
    folded = run_rules([make("block"), make("normalize", target="blank-lines")], text).text
    assert "Roads" in alone and folded.split() == alone.split()


SECTION = [
    "The mouse sits well in the hand, and its thumb rest is wide enough for a long day at the desk.",
    "Its scroll wheel clicks softly and switches to free spin with a press, which long documents need.",
]
SPECS = ["Pros & Cons", "Quiet buttons", "Long battery life", "No left-handed model", "Specs", "Weight 140 g", "Buttons 7", "Interface Bluetooth"]


def test_a_box_of_specs_between_two_sections_stays_with_them() -> None:
    text = "\n".join(MENU + ARTICLE + SPECS + SECTION + MENU)
    assert run(make("block", joined_gap=0), text).text.count("Weight 140 g") == 0  # parted without the option
    outcome = run(make("block", joined_gap=12), text)
    assert "\n".join(ARTICLE + SPECS + SECTION) in outcome.text
    assert "Podcasts" not in outcome.text


def test_a_line_between_two_ranges_joins_them_however_the_ranges_own_lines_recur() -> None:
    # Only the lines between the two ranges are weighed, not the first line of the next one (printed
    # twice here, as a pull quote is): the spec line printed once joins them.
    text = "\n".join(ARTICLE + ["Weight 140 g"] + ARTICLE)
    assert run(make("block", joined_gap=1, max_gap=0, lead_lines=0), text).findings == []
    assert "Weight 140 g" not in run(make("block", max_gap=0, lead_lines=0), text).text  # parted without the option


def test_a_line_with_no_words_between_two_ranges_is_not_made_to_recur_by_the_blank_lines() -> None:
    # A rule's "-" folds to nothing, as a blank line does: only the lines with text are counted, so it is printed once.
    text = "\n\n".join(ARTICLE + ["\u2014"] + ARTICLE)
    assert run(make("block", joined_gap=1, max_gap=0, lead_lines=0), text).findings == []
    assert "\u2014" not in run(make("block", max_gap=0, lead_lines=0), text).text  # parted without the option


def test_what_a_template_prints_between_every_two_posts_still_parts_them() -> None:
    member = ["Reply", "Quote", "Joined: Mar 2019", "Messages: 1,204", "Report", "Like", "Share", "Bookmark"]
    text = "\n".join(ARTICLE + member + SECTION + member + ARTICLE[::-1])
    outcome = run(make("block", joined_gap=12, lead_lines=0), text)
    assert "Messages: 1,204" not in outcome.text and SECTION[0] in outcome.text


TABLE_OF_SPECS = ["Specifications", "Layout", "Full size", "Switches", "Low-profile tactile", "Connection", "Bluetooth",
                  "Battery", "Rechargeable", "Backlight", "Three levels", "Weight", "820 g", "Warranty", "Two years"]


def test_a_longer_run_printed_once_between_two_sections_stays_with_them() -> None:
    text = "\n".join(MENU + ARTICLE + TABLE_OF_SPECS + SECTION + MENU)
    assert "Low-profile tactile" not in run(make("block", joined_gap=12), text).text  # too long for joined_gap
    outcome = run(make("block", joined_gap=12, rare_gap=36), text)
    assert "\n".join(ARTICLE + TABLE_OF_SPECS + SECTION) in outcome.text
    assert "Podcasts" not in outcome.text
    assert "Low-profile tactile" not in run(make("block", joined_gap=12, rare_gap=10), text).text  # and for this one


def test_a_longer_run_above_a_single_paragraph_still_parts_it_from_the_text() -> None:
    # Under a product's options or a site's menu a line of prose may stand; a box of specs goes on with the text.
    text = "\n".join(ARTICLE + TABLE_OF_SPECS + SECTION[:1] + MENU)
    outcome = run(make("block", joined_gap=12, rare_gap=36), text)
    assert "Low-profile tactile" not in outcome.text and SECTION[0] in outcome.text


def test_a_longer_run_with_a_few_lines_printed_elsewhere_still_parts_two_sections() -> None:
    # Three of the fifteen lines recur on the page: enough for joined_gap's test, too many for rare_gap's.
    specs = MENU[:3] + TABLE_OF_SPECS[:-3]
    text = "\n".join(ARTICLE + specs + SECTION + MENU)
    assert "Low-profile tactile" not in run(make("block", joined_gap=12, rare_gap=36), text).text


LONG_TEXT = ARTICLE * 4 + SECTION * 2  # 280 words: a short section is under a tenth of it
SHORT_SECTION = [
    "This recipe makes two loaves of plain bread.",
    "Feed the starter the night before you bake.",
    "Weigh the flour rather than measuring in cups.",
]
LIST = ["Ingredients", "500 g bread flour", "350 g water", "100 g starter", "10 g salt", "Equipment", "A large bowl", "A heavy pot"]


def test_paragraphs_in_a_row_parted_from_the_text_by_a_short_list_are_a_section_of_it() -> None:
    text = "\n".join(MENU + SHORT_SECTION + LIST + LONG_TEXT + MENU)
    assert SHORT_SECTION[0] not in run(make("block", joined_gap=12), text).text  # under the share floor
    outcome = run(make("block", joined_gap=12, section_pairs=2), text)
    assert "\n".join(SHORT_SECTION + LIST + LONG_TEXT) + "\n" == outcome.text
    assert SHORT_SECTION[0] not in run(make("block", joined_gap=12, section_pairs=3), text).text  # two pairs only


def test_paragraphs_parted_by_teaser_links_or_far_from_the_text_are_no_section_of_it() -> None:
    teasers = [SHORT_SECTION[0], "Read more", SHORT_SECTION[1], "Read more", SHORT_SECTION[2]]
    text = "\n".join(MENU + teasers + LIST + LONG_TEXT)
    assert SHORT_SECTION[0] not in run(make("block", joined_gap=12, section_pairs=2), text).text
    far = "\n".join(SHORT_SECTION + LIST + MENU + LONG_TEXT)
    assert SHORT_SECTION[0] not in run(make("block", joined_gap=12, rare_gap=36, section_pairs=2), far).text


def test_a_section_on_its_own_in_a_longer_run_does_not_part_the_two_sections_around_it() -> None:
    specs = [f"Spec label {n}" for n in range(14)]
    values = [f"Other value {n}" for n in range(14)]
    below = ["The second part of the review looks at the software and how it remaps every key on the board.",
             "The settings are saved on the computer rather than on the keyboard, which matters when you travel."]
    text = "\n".join(MENU + LONG_TEXT + specs + SHORT_SECTION + values + below + MENU)
    without = run(make("block", joined_gap=12, rare_gap=36), text).text
    assert "\n".join(LONG_TEXT + specs + SHORT_SECTION + values + below) in without
    assert run(make("block", joined_gap=12, rare_gap=36, section_pairs=2), text).text == without


def test_every_line_with_a_price_is_among_the_lines_holding_a_currency() -> None:
    # The grid search looks for prices only in lines holding a literal every price holds (PRICE_NEEDS).
    from ingest.document import lines_of
    from ingest.kinds.block import PRICE, PRICE_NEEDS
    from ingest.prefilter import index_of

    prices = ["$5", "5 €", "10 zł", "10 ZŁ", "20 kr", "USD 5", "₹ 100", "£3", "¥9", "CHF 12", "5₽", "eur 3", "Cad 4", "aud 7", "GBP 1"]
    lines = lines_of("\n".join(["No price here", *prices, "A decade of audio", "12 items"]))
    assert PRICE_NEEDS
    held = index_of(lines).holding(PRICE_NEEDS)
    assert [i for i, line in enumerate(lines) if PRICE.search(line.text)] == list(range(1, len(prices) + 1))
    assert set(range(1, len(prices) + 1)) <= held


@pytest.mark.parametrize("option", ["rare_gap", "section_pairs"])
def test_options_that_widen_joined_gap_need_it(option: str) -> None:
    with pytest.raises(ValueError, match="joined_gap"):
        make("block", **{option: 3})
    assert make("block", joined_gap=2, **{option: 3})


MENU_ROW = "Home News Sport Business Culture Opinion Video Podcasts Weather Jobs Contact About Newsletters Events Archive Help"


def test_a_menu_written_on_one_line_is_no_prose() -> None:
    text = "\n".join(["Budget approved", *ARTICLE, MENU_ROW])
    outcome = run(make("block", name_rows=16), text)
    assert outcome.text == "\n".join(["Budget approved", *ARTICLE]) + "\n"
    assert run(make("block"), text).findings == []  # off: as long as prose, it is part of the cluster


def test_a_row_of_names_is_told_from_a_list_a_title_and_a_sentence() -> None:
    from ingest.kinds.block import is_name_row

    assert is_name_row(MENU_ROW, 16)
    assert is_name_row("Plan A Trip Rivers and Lakes Hiking and Walking Camping Guides Maps Shop All Trips Menu", 16)
    assert not is_name_row(MENU_ROW, 17)  # fewer words than asked
    hyphenated = "Gift-Cards Pre-Order Check-Out Sign-Up Drop-Off Walk-In Pick-Up Help-Desk"
    assert is_name_row(hyphenated, 8) and not is_name_row(hyphenated, 9)  # a hyphenated name is one word
    assert not is_name_row("Home, News, Sport, Business, Culture, Opinion, Video, Podcasts, Weather, Jobs, Contact, About, Events, Archive, Help, More", 16)
    assert not is_name_row("Field Laptop - Pro Touchscreen Edition Plus Memory Storage Travel Edition Black Silver Blue Green Red White", 16)
    assert not is_name_row("the council approved the budget on Tuesday after a long debate about schools and roads in the valley", 16)


def walked_grid(positions: range, edge: int, priced: set[int], max_gap: int, wanted: int) -> list[int]:
    """The grid's prices found by walking every position away from the edge, as the rule once did."""
    prices: list[int] = []
    for position in positions:
        if position in priced:
            prices.append(position)
        elif abs(position - (prices[-1] if prices else edge)) > max_gap * (2 if prices else 3):
            break
    return prices if len(prices) >= wanted else []


@given(st.sets(st.integers(0, 80)), st.integers(0, 80), st.integers(0, 8), st.integers(1, 5))
def test_a_grid_is_walked_from_price_to_price_as_line_by_line(priced: set[int], edge: int, max_gap: int, wanted: int) -> None:
    rule = make("block", max_gap=max_gap, grid_prices=wanted)
    above = rule._grid(sorted((p for p in priced if p < edge), reverse=True), edge)
    below = rule._grid(sorted(p for p in priced if p > edge), edge)
    assert above == walked_grid(range(edge - 1, -1, -1), edge, priced, max_gap, wanted)
    assert below == walked_grid(range(edge + 1, 81), edge, priced, max_gap, wanted)


@given(st.lists(st.booleans(), max_size=12), st.booleans(), st.booleans(), st.lists(st.booleans(), max_size=12),
       st.integers(0, 4), st.integers(1, 3))
def test_the_rule_keeps_the_grid_that_a_walk_line_by_line_finds_around_the_text(
        above: list[bool], priced_lead: bool, priced_last: bool, below: list[bool], max_gap: int, wanted: int) -> None:
    # The text's own first and last lines may hold a price: a grid is what stands beyond them.
    def filler(priced: list[bool]) -> list[str]:
        return ["Sale price $12.00" if price else MENU[k % len(MENU)] for k, price in enumerate(priced)]

    lead = "Every pot costs $38.00 this week only." if priced_lead else "Every pot is made by hand in the valley."
    last = "Every pot costs $38.00 this week only." if priced_last else "Every pot is made by hand in the valley."
    lines = filler(above) + [lead, *ARTICLE, last] + filler(below)
    start, end = len(above), len(above) + len(ARTICLE) + 1
    priced = {k for k, price in enumerate(above + [priced_lead] + [False] * len(ARTICLE) + [priced_last] + below) if price}
    grid_above = walked_grid(range(start - 1, -1, -1), start, priced, max_gap, wanted)
    grid_below = walked_grid(range(end + 1, len(lines)), end, priced, max_gap, wanted)
    first = max(0, grid_above[-1] - 2) if grid_above else start
    end = grid_below[-1] if grid_below else end
    rule = make("block", max_gap=max_gap, grid_prices=wanted, lead_lines=0, grid_items=0, entry_lines=0, table_cells=0)
    assert run(rule, "\n".join(lines)).text == "\n".join(lines[first : end + 1]) + "\n"


def test_the_block_rule_tells_the_literals_what_its_price_search_asks_about(monkeypatch: pytest.MonkeyPatch) -> None:
    # So that the literals' automaton is built once with them, not again when the grid search first asks.
    literals = prefilter.Literals()
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    monkeypatch.setattr("ingest.kinds.block.LITERALS", literals)
    make("block")
    assert PRICE_NEEDS and set(PRICE_NEEDS) <= set(literals.expected)


# Random pages for the checks below: lines of every sort the rule tells apart, input numbers with gaps
# where other rules dropped lines.
POOL = [
    "", "", "Home", "Sign in", "Five easy pasta dinners for busy weeks", "Women's shoes (61)", "Sale price $12.00",
    "x = f(2)", "}", "if (ready) {", "12", "3.5%", "Don't miss out, it's the last-minute deal", *ARTICLE,
    "The council approved the budget on Tuesday after a long debate", "about schools and roads in the valley, and",
    "then it went to the assembly.", "Home News Sport Business Culture Opinion Video Podcasts Weather Jobs Contact About Events Archive Help More",
]
PAGES = st.lists(st.tuples(st.sampled_from(POOL), st.integers(1, 3)), max_size=60)


def page(rows: list[tuple[str, int]]) -> list:
    from ingest.document import Line

    numbers = [sum(step for _, step in rows[: k + 1]) for k in range(len(rows))]
    return [Line(no, text) for no, (text, _) in zip(numbers, rows)]


def filled_of(lines: list) -> list[int]:
    return [k for k, line in enumerate(lines) if line.text.strip()]


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 29), st.integers(0, 29))
def test_two_paragraphs_in_a_row_are_found_as_a_walk_over_the_span_finds_them(flags: list[bool], a: int, b: int) -> None:
    from bisect import bisect_left
    from functools import partial

    from ingest.kinds.block import _pair_in, _paired

    filled = [3 * k + 1 for k in range(len(flags))]  # blank lines between: positions and line indices differ
    prose = [line for line, flag in zip(filled, flags) if flag]
    place = partial(bisect_left, filled)
    pairs = _paired(prose, place)
    assert pairs == [line for line, following in zip(filled, filled[1:]) if line in prose and following in prose]
    if filled:
        first, last = sorted((filled[a % len(filled)], filled[b % len(filled)]))
        span = filled[place(first) : place(last) + 1]
        walked = any(line in prose and following in prose for line, following in zip(span, span[1:]))
        assert _pair_in(pairs, filled, place, first, last) == walked


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12))
def test_every_line_of_code_holds_a_character_of_code(text: str) -> None:
    from ingest.kinds.block import CODE_MARK
    from ingest.text import is_code

    assert not is_code(text) or CODE_MARK.search(text)
    assert not is_code(text + " {") or CODE_MARK.search(text + " {")


def test_every_character_a_line_of_code_may_end_with_is_a_character_of_code() -> None:
    from ingest.kinds.block import CODE_MARK
    from ingest.text import CODE_END

    assert all(CODE_MARK.fullmatch(character) for character in CODE_END)


def test_a_box_of_specs_joins_the_text_only_above_two_paragraphs_in_a_row() -> None:
    # Two sections parted by a line: no two paragraphs stand in a row below the specs, so they do not join.
    text = "\n".join(ARTICLE + TABLE_OF_SPECS + [SECTION[0], "Read more", SECTION[1]] + MENU)
    kept = run(make("block", joined_gap=12, rare_gap=36), text).text
    assert "Low-profile tactile" not in kept and ARTICLE[0] in kept


@given(PAGES, st.floats(0, 30))
def test_a_gap_parts_the_prose_when_fewer_of_its_lines_than_needed_are_code(rows: list[tuple[str, int]], needed: float) -> None:
    from ingest.text import is_code

    rule = make("block")
    gap = page(rows)
    codes = sum(bool(line.text) and line.words < rule.opts["long_words"] and is_code(line.text) for line in gap)
    assert rule._parts(gap, needed) == (codes < needed)


@given(PAGES)
def test_the_lines_dropped_are_the_lines_found_and_the_rest_stay_in_order(rows: list[tuple[str, int]]) -> None:
    lines = page(rows)
    rule = make("block", min_words=0, title_only=False)  # a title alone empties the page, blank lines too
    kept, found = rule.apply(lines, {})
    gone = {finding.line for finding in found}
    assert kept == [line for line in lines if line.no not in gone]
    assert all(finding.text == line.text for finding, line in zip(found, [line for line in lines if line.no in gone]))
    assert all(line.text.strip() for line in lines if line.no in gone)  # blank lines always stay
    if not found:
        assert kept is lines  # the same list: the next rules reuse what they know of it


@given(PAGES, st.integers(0, 4), st.booleans())
def test_the_clusters_are_those_a_walk_over_every_gap_line_finds(rows: list[tuple[str, int]], max_gap: int, code: bool) -> None:
    from ingest.kinds.block import _blank_share
    from ingest.text import is_code

    rule = make("block", max_gap=max_gap, code=code)
    lines = page(rows)
    filled = filled_of(lines)
    prose = rule.prose_lines(lines, filled)
    if prose:
        share = _blank_share(lines, filled)
        clusters = [[prose[0]]]
        for previous, current in zip(prose, prose[1:]):
            room = max(0, lines[current].no - lines[previous].no - 1) / (1 + share)
            codes = sum(code and bool(line.text) and line.words < 12 and is_code(line.text) for line in lines[previous + 1 : current])
            if room - codes > max_gap:
                clusters.append([])
            clusters[-1].append(current)
        assert rule._clusters(lines, filled, prose) == clusters


# Parts of a page: paragraphs, menus, a price, a line of code, blank lines.
PAGE_PARTS = st.lists(st.sampled_from([ARTICLE[:1], ARTICLE[:2], MENU[:3], MENU[:6], [""], ["", "  "], ["$19.99"], ["total = compute(items)"]]), max_size=14)


@functools.cache
def _pack_ruleset():
    from ingest.config import load

    return load(None)


def _pack_block():
    """A fresh copy of the default pack's SL310 (its joining options on), nothing kept whole yet."""
    return copy.copy(next(rule for rule in _pack_ruleset().rules if rule.spec.id == "SL310"))


@settings(deadline=None)  # the first example loads the default pack
@given(PAGE_PARTS, st.lists(st.sampled_from(["keep", "drop", " ", "\t"]), min_size=40, max_size=40))
def test_what_the_rule_drops_depends_on_the_lines_with_text_alone(parts, blanks) -> None:
    # What lets a rule keep whole again the lines it kept whole (BlockRule.kept_whole): with blank lines gone,
    # kept, or holding spaces or a tab (the lines keep their input line numbers), the same lines go.
    from ingest.document import lines_of

    texts = [text for part in parts for text in part] or [""]
    blanks = iter(blanks + ["keep"] * len(texts))
    changed = [text if text.strip() else next(blanks) for text in texts]
    fewer = [line for line in lines_of("\n".join("" if text in ("keep", "drop") else text for text in changed)) if changed[line.no - 1] != "drop"]
    lines = lines_of("\n".join(texts))
    for rule in (lambda: make("block", max_gap=2, min_words=10), _pack_block):
        assert rule().apply(fewer, {})[1] == rule().apply(lines, {})[1]


def test_the_lines_it_kept_whole_are_kept_whole_again_unread() -> None:
    from ingest.document import lines_of

    rule = make("block")
    whole = lines_of("\n\n".join(ARTICLE))
    assert rule.apply(whole, {}) == (whole, [])
    assert rule.kept_whole == [line for line in whole if line.text]
    without_blanks = [line for line in whole if line.text]
    asked = []
    rule.prose_lines = lambda *args: asked.append(args) or []  # type: ignore[method-assign]
    assert rule.apply(without_blanks, {}) == (without_blanks, []) and not asked
    as_many = lines_of("\n".join(ARTICLE[::-1]))  # as many lines with text, other ones: read
    assert rule.apply(as_many, {}) == (as_many, []) and asked
    asked.clear()
    assert rule.apply(lines_of("\n".join(MENU + ARTICLE)), {}) == (lines_of("\n".join(MENU + ARTICLE)), []) and asked  # other lines: read


def test_a_rule_sent_to_a_worker_process_carries_no_document() -> None:
    import pickle

    from ingest.document import lines_of

    rule = make("block")
    rule.apply(lines_of("\n".join(ARTICLE)), {})
    assert rule.kept_whole and pickle.loads(pickle.dumps(rule)).kept_whole == []
