from itertools import compress

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import make, run

from ingest.document import Line, lines_of
from ingest.engine import run_rules
from ingest.kinds.boundary import DATE_WORDS, has_prose, is_date_like, is_title_like
from ingest.text import WORD, is_prose, words

ARTICLE = "\n".join(f"Paragraph {n} of the article says something worth keeping about the town." for n in range(6))


def test_tail_drops_from_the_marker_to_the_end() -> None:
    rule = make("boundary", mode="tail", phrases=["Related Articles"])
    outcome = run(rule, f"{ARTICLE}\nRelated Articles\nOther story one\n\nOther story two")
    assert outcome.text == ARTICLE + "\n"
    assert [f.text for f in outcome.findings] == ["Related Articles", "Other story one", "Other story two"]
    assert "from 'Related Articles' to the end" in outcome.findings[0].message


def test_tail_marker_in_the_head_cuts_nothing() -> None:
    rule = make("boundary", mode="tail", phrases=["Related Articles"])
    text = f"Related Articles\n{ARTICLE}"
    assert run(rule, text).findings == []


def test_tail_marker_must_be_a_short_line() -> None:
    rule = make("boundary", mode="tail", phrases=["Related"], max_words=3)
    text = f"{ARTICLE}\nRelated costs were higher than the council had planned for."
    assert run(rule, text).findings == []


def test_tail_marker_printed_under_every_item_is_a_label() -> None:
    posts = "\n".join(f"Post {n} of the listing tells its own short story about the town.\nComment" for n in range(6))
    text = f"{ARTICLE}\n{posts}"
    assert run(make("boundary", mode="tail", phrases=["Comment"], max_repeats=3), text).findings == []
    assert run(make("boundary", mode="tail", phrases=["Comment"]), text).findings  # any number: cut at the first
    few = f"{ARTICLE}\nComment\nOne reader's view of the plan.\nComment\nAnother view."
    assert len(run(make("boundary", mode="tail", phrases=["Comment"], max_repeats=3), few).findings) == 4


def test_tail_marker_needs_prose_above_it() -> None:
    menu = "\n".join(f"Section {n}" for n in range(40))
    text = f"{menu}\nTrending\nRoad helmets\nSnow goggles"
    assert run(make("boundary", mode="tail", phrases=["Trending"], min_prose_before=15), text).findings == []
    assert run(make("boundary", mode="tail", phrases=["Trending"]), text).findings  # off: cut as before
    after_text = f"{ARTICLE}\nTrending\nRoad helmets"
    assert len(run(make("boundary", mode="tail", phrases=["Trending"], min_prose_before=15), after_text).findings) == 2


def test_tail_marker_may_have_a_price_alone_above_it_for_prose() -> None:
    product = "Wool throw\n$120.00\nMaterial: wool\nSize: 130 x 170 cm"
    grid = "Related products\nLinen cushion\n$40.00\nWool blanket\n$150.00"
    text = f"{product}\n{grid}"
    options = {"mode": "tail", "phrases": ["Related products"], "min_position": 0.1, "min_prose_before": 15}
    priced = make("boundary", **options, price_before=True)
    outcome = run(priced, text)
    assert outcome.text.split() == product.split()
    assert len(outcome.findings) == 5
    assert run(make("boundary", **options), text).findings == []  # off: no prose above, nothing cut
    # a price written into an offer is a banner's, not a product's
    banner = f"Free shipping on all orders over $50\nShop\nNew in\nSale\nBlankets\n{grid}"
    assert run(priced, banner).findings == []


def test_tail_marker_followed_by_paragraphs_heads_a_box_inside_the_text() -> None:
    paragraph = "The text goes on after the box with a paragraph long enough to be no teaser of another story at all, as teasers are cut short."
    box = f"{ARTICLE}\nRecommended by our editors\nBest mice\nBest keyboards\n{paragraph}\n{paragraph} Twice."
    assert run(make("boundary", mode="tail", phrases=["Recommended by our editors"], resume_words=20), box).findings == []
    one = f"{ARTICLE}\nRecommended by our editors\nBest mice\n{paragraph}\nBest keyboards"
    assert run(make("boundary", mode="tail", phrases=["Recommended by our editors"], resume_words=20), one).findings
    teasers = f"{ARTICLE}\nRecommended by our editors\n{paragraph} …\n{paragraph} […]"
    assert run(make("boundary", mode="tail", phrases=["Recommended by our editors"], resume_words=20), teasers).findings


def test_tail_marker_followed_by_two_sentences_in_a_row_heads_a_box_inside_the_text() -> None:
    rule = make("boundary", mode="tail", phrases=["Related articles"], resume_pair_words=30)
    first = "How many people sleep in the tent? Tents come in sizes from two to eight people."
    second = "Assume a close fit for the number the tent is made for, and size up for dogs and gear."
    guide = f"{ARTICLE}\nRelated articles\nThe best tents of the year\nWhat to look for\n{first}\n\n{second}"
    assert run(rule, guide).findings == []
    # Teasers of a list stand one by one between titles: the list ends the document.
    teasers = f"{ARTICLE}\nRelated articles\nThe best tents\n{first}\nThe best stoves\n{second}"
    assert run(rule, teasers).findings
    # Two short sentences of a form or a footer are no paragraphs of the text.
    form = f"{ARTICLE}\nRelated articles\nThe best tents\nSave my name in this browser for next time.\nNotify me by e-mail of any new posts."
    assert run(rule, form).findings


def test_tail_marker_followed_by_a_comment_button_heads_comments_whatever_their_paragraphs() -> None:
    first = "The plan leaves the roads in the north broken for another winter, and nobody has said why."
    second = "The schools get a little more, but most of it goes on heating two old buildings."
    comments = f"{ARTICLE}\nComments\nAnn Lee\n4d\n{first}\n{second}\nReply\nShare"
    plain = make("boundary", mode="tail", phrases=["Comments"], resume_pair_words=30)
    assert run(plain, comments).findings == []  # off: two paragraphs read as the text going on
    rule = make("boundary", mode="tail", phrases=["Comments"], resume_pair_words=30, entry_regex=["^Reply$"])
    assert len(run(rule, comments).findings) == 7
    # Answers under a question's comments carry no such button: the thread goes on.
    answers = f"{ARTICLE}\nComments\n1 Answer\n{first}\n{second}\nShare"
    assert run(rule, answers).findings == []
    # A button further down than the resume window says nothing of these paragraphs.
    far = f"{ARTICLE}\nComments\n{first}\n{second}\n" + "\n".join(f"Line {n}" for n in range(12)) + "\nReply"
    assert run(rule, far).findings == []


def test_tail_marker_next_to_a_menu_entry_is_an_entry_of_that_menu() -> None:
    rule = make("boundary", mode="tail", phrases=["Most popular"], menu_regex=["(?i)^newest$"])
    grid = "\nAcme watch\n$199.00\nBolt watch\n$149.00"
    assert run(rule, f"{ARTICLE}\nMost popular\nNewest{grid}").findings == []
    assert run(rule, f"{ARTICLE}\nNewest\nMost popular{grid}").findings == []
    # Two lines off, the sort menu is no neighbour: the marker heads a list.
    assert run(rule, f"{ARTICLE}\nNewest\nSale\nMost popular{grid}").findings


def entries(names: list[str]) -> str:
    return "\n".join(f"The best {name}\nby Ann Lee\nWe tested every {name} we could find through a wet week to pick the good ones." for name in names)


def test_tail_marker_followed_by_entries_shaped_as_those_above_heads_more_of_the_listing() -> None:
    text = f"{entries(['tents', 'stoves', 'lanterns'])}\nMore posts\n{entries(['coolers', 'bags'])}"
    assert run(make("boundary", mode="tail", phrases=["More posts"], same_entries=6), text).findings == []
    assert run(make("boundary", mode="tail", phrases=["More posts"]), text).findings  # off: cut as before
    # after an article the entries have no like above them: cut
    after_text = f"{ARTICLE}\nMore posts\n{entries(['coolers', 'bags'])}"
    assert len(run(make("boundary", mode="tail", phrases=["More posts"], same_entries=6), after_text).findings) == 7
    # headings and paragraphs in turn are any text's: a list of them after one is cut
    pairs = [f"Heading {n}\nParagraph {n} of the article says something worth keeping about the town." for n in range(9)]
    text = "\n".join([*pairs[:6], "More posts", *pairs[6:]])
    assert run(make("boundary", mode="tail", phrases=["More posts"], same_entries=6), text).findings
    # a menu's items have no summary: a menu after a text, shaped as the menu above it, is cut
    menu = "\n".join(["Sport", "Travel", "Film and TV", "Weather", "Tech", "Music", "Books"])
    text = f"{menu}\n{ARTICLE}\n{menu}\nMore posts\n{menu}"
    assert run(make("boundary", mode="tail", phrases=["More posts"], same_entries=6), text).findings


def test_tail_marker_naming_only_a_list_of_other_pages_may_stand_early() -> None:
    teasers = "\n".join(f"Story number {n} of the list of other stories on the site" for n in range(1, 10))
    text = f"{ARTICLE}\nRelated\n{teasers}"
    assert run(make("boundary", mode="tail", regex=["^Related$"]), text).findings == []  # above half the page
    early = make("boundary", mode="tail", regex=["^Related$"], early_regex=["^Related$"], early_position=0.1)
    assert run(early, text).findings
    # A marker the early patterns do not match still needs half of the page above it.
    other = make("boundary", mode="tail", regex=["^Related$"], early_regex=["^You may also like$"], early_position=0.1)
    assert run(other, text).findings == []


def test_tail_marker_a_line_rule_drops_is_seen_only_before_the_line_rules() -> None:
    copyright_line = make("line", regex=["^© 2024"])  # drops the marker on its own, as SL211 does
    text = f"{ARTICLE}\n© 2024 Example Town News\nSign in\nForgot your password?"
    for before, cut in ((False, False), (True, True)):
        boundary = make("boundary", mode="tail", regex=["^© 2024"], before_line_rules=before)
        outcome = run_rules([copyright_line, boundary], text)
        assert ("Sign in" not in outcome.text) is cut
        assert "© 2024" not in outcome.text


def test_tail_needs_a_marker() -> None:
    with pytest.raises(ValueError, match="marker"):
        make("boundary", mode="tail")


def test_head_drops_short_lines_before_the_title() -> None:
    rule = make("boundary", mode="head")
    outcome = run(rule, f"Daily Example\nMonday, 3 June 2024\n\nFlood waters recede across the valley\n{ARTICLE}")
    assert outcome.text.startswith("Flood waters recede across the valley\n")
    assert [f.line for f in outcome.findings] == [1, 2]


def test_head_keeps_a_document_that_opens_with_its_title() -> None:
    rule = make("boundary", mode="head")
    assert run(rule, f"Flood waters recede across the valley\n{ARTICLE}").findings == []


def test_head_keeps_a_document_that_opens_with_prose() -> None:
    rule = make("boundary", mode="head")
    text = f"Officials said the bridge would reopen on Monday.\nFlood waters recede across the valley\n{ARTICLE}"
    assert run(rule, text).findings == []


def test_head_gives_up_when_the_title_is_too_far_down() -> None:
    rule = make("boundary", mode="head", max_lines=2)
    text = "A\nB\nC\nFlood waters recede across the valley\n" + ARTICLE
    assert run(rule, text).findings == []


@pytest.mark.parametrize("text", ["Saturday, June 15, 2024", "15 June 2024", "Mon 3 Jun"])
def test_dates_are_date_like(text: str) -> None:
    assert is_date_like(text)


DATE_OR_NOT = st.sampled_from(["Monday", "jun", "15", "3rd", "11pm", "2024", "the", "flood", "Mayor", "x1", "June", "of"])


@given(st.lists(DATE_OR_NOT, max_size=60), st.sampled_from([" ", ", ", " - ", "/"]))
def test_date_like_counts_as_every_word_was_matched(words: list[str], separator: str) -> None:
    text = separator.join(words)
    tokens = WORD.findall(text)
    every = bool(tokens) and sum(bool(DATE_WORDS.match(token)) for token in tokens) >= len(tokens) * 0.75
    assert is_date_like(text) == every


def test_a_paragraph_is_not_date_like() -> None:
    assert not is_date_like("On Monday 3 June the mayor said the flood had passed. " * 20)


def test_titles() -> None:
    assert is_title_like("How a covert deal with the rebels backfired", 4)
    assert not is_title_like("News / Nation / World", 2)
    assert not is_title_like("The minister said so.", 2)
    assert not is_title_like("Harbour Today", 4)


def test_entry_regex_needs_a_resume_test() -> None:
    with pytest.raises(ValueError, match="resume_words"):
        make("boundary", mode="tail", phrases=["Comments"], entry_regex=["^Reply$"])
    assert make("boundary", mode="tail", phrases=["Comments"], entry_regex=["^Reply$"], resume_words=40)


@given(st.text(alphabet=st.sampled_from(list("ab1_ .,\t\u00a0\u2003\u3000é漢字—")), max_size=40))
def test_head_counts_a_stripped_line_by_its_lines_word_count(text: str) -> None:
    # The head mode reads the words of a line's stripped text from the line's own count: spaces around a text part no words.
    assert Line(1, text).words == words(text.strip())


PROSE_OR_NOT = st.sampled_from(
    ["Home", "", "Seven words here that end with a stop.", "Eight words here that end with a full stop.",
     "Eight words here that end with no stop at all", "A paragraph of more words than that, ending as a sentence does!", "News / World"]
)


@given(st.lists(PROSE_OR_NOT, max_size=20), st.integers(0, 20), st.integers(1, 30))
def test_prose_before_a_marker_sums_the_words_of_the_lines_that_read_as_sentences(texts: list[str], stop: int, wanted: int) -> None:
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    plain = sum(line.words for line in lines[:stop] if is_prose(line.text, line.words))
    assert has_prose(lines, stop, wanted) == (plain >= wanted)


def test_a_tail_is_quiet_after_drops_only_where_no_line_could_be_its_marker() -> None:
    # What lets the engine skip the rule in a later pass that only dropped lines (Rule.run).
    rule = make("boundary", mode="tail", phrases=["Related Articles"], max_words=3)
    assert rule.run(lines_of(ARTICLE), {})[2]  # no line holds the phrase
    assert rule.run(lines_of(f"{ARTICLE}\nRelated Articles of the town council and its plans"), {})[2]  # too long a line
    # A marker above the tail cuts nothing, but moves into the tail once the lines below it go.
    lines = lines_of(f"{ARTICLE}\nRelated Articles\n{ARTICLE}\n{ARTICLE}")
    out, found, quiet = rule.run(lines, {})
    assert out == lines and not found and not quiet
    assert rule.apply(lines[:7], {})[1]


def test_a_tail_marker_turned_down_keeps_the_rule_running_after_drops() -> None:
    # A label printed under every item stops being one when the others go; prose above it may go, as may the
    # paragraphs after it that made it a box inside the text.
    labels = make("boundary", mode="tail", phrases=["Comment"], max_repeats=1)
    lines = lines_of(f"{ARTICLE}\nComment\nA reader's view of the plan.\nComment\nAnother view.")
    out, found, quiet = labels.run(lines, {})
    assert not found and not quiet
    assert labels.apply(lines[:-2], {})[1]  # one label left: a heading
    boxed = make("boundary", mode="tail", phrases=["Related"], resume_words=8)
    lines = lines_of(f"{ARTICLE}\n{ARTICLE}\nRelated\n{ARTICLE}")
    assert boxed.run(lines, {})[1:] == ([], False)
    assert boxed.apply(lines[:13], {})[1]  # the paragraphs after it gone


def test_a_tail_cut_is_quiet_after_drops_where_no_marker_is_left_above_it() -> None:
    rule = make("boundary", mode="tail", phrases=["Related Articles"])
    out, found, quiet = rule.run(lines_of(f"{ARTICLE}\nRelated Articles\nOther story"), {})
    assert found and quiet
    # The first marker stands too early: the cut at the second leaves it, and it may come to end the text.
    out, found, quiet = rule.run(lines_of(f"{ARTICLE}\nRelated Articles\n{ARTICLE}\n{ARTICLE}\nRelated Articles\nOther story"), {})
    assert found and not quiet
    assert rule.apply(out[:7], {})[1]


def test_a_head_is_never_quiet_after_drops() -> None:
    # Any line may come to stand first: a long line before the title may go, and the short ones above it then do.
    rule = make("boundary", mode="head", max_words=6)
    lines = lines_of("Home\nThe council approved the budget on Tuesday after a long debate.\nCouncil passes its budget at last\nText.")
    assert rule.run(lines, {})[1:] == ([], False)
    assert rule.apply([lines[0], *lines[2:]], {})[1]


TAIL_LINE = st.sampled_from(
    ["Related Articles", "Related", "Comment", "Related costs were higher than the council had planned for.", "", "Menu", "Other story",
     "Paragraph of the article that says something worth keeping about the town.", "A reader's view of the plan."]
)
TAIL_RULES = [
    make("boundary", mode="tail", phrases=["Related Articles", "Comment"], max_words=3),
    make("boundary", mode="tail", phrases=["Related", "Comment"], max_repeats=1, min_prose_before=10),
    make("boundary", mode="tail", phrases=["Related"], early_regex=["^Related Articles$"], early_position=0.2, resume_words=8),
    make("boundary", mode="tail", phrases=["Comment"], min_position=0.3, same_entries=2, menu_regex=["^Menu$"]),
]


@given(st.lists(TAIL_LINE, min_size=1, max_size=14), st.lists(st.booleans(), min_size=14, max_size=14))
def test_a_quiet_tail_finds_nothing_in_what_it_left_nor_with_lines_dropped_from_that(texts, keeps) -> None:
    for rule in TAIL_RULES:
        left, _, quiet = rule.run(lines_of("\n".join(texts)), {})
        if quiet:
            assert rule.apply(left, {})[1] == []
            assert rule.apply(list(compress(left, keeps)), {})[1] == []
