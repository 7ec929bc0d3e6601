from itertools import compress

from hypothesis import given
from hypothesis import strategies as st
from support import make, run

from ingest.document import lines_of

ARTICLE = (
    "The council approved the budget on Tuesday after a long debate about schools and roads in the district.\n"
    "The plan now goes to the regional assembly, which meets in March to vote on it and may still send it back.\n"
)
TEASERS = [
    ("Budget talks stall again", "The council met again on Monday to argue about the roads, and as the evening wore on the members …"),
    ("Schools face cuts this year", "Head teachers wrote to the council this week to say that the new budget would leave them short of […]"),
    ("Bridge tolls rise for lorries", "Lorries and vans will pay more to cross the river from April, the transport office said, as the..."),
]
PARAGRAPH = "Roads take the largest share of the new budget, after two winters of floods that left many of them broken."
ARTICLE_LINE = ARTICLE.splitlines()[0]


def teaser_list(pairs: list[tuple[str, str]], between: str = "") -> str:
    return "".join(f"{title}\n{text}\n{between}" for title, text in pairs)


def test_a_run_of_teasers_after_the_article_goes_with_their_headlines() -> None:
    outcome = run(make("teasers"), ARTICLE + teaser_list(TEASERS))
    assert outcome.text == ARTICLE
    assert [f.text for f in outcome.findings][:2] == ["Budget talks stall again", TEASERS[0][1]]
    assert len(outcome.findings) == 6


def test_a_run_before_the_article_goes_too_and_short_lines_between_stay_in_it() -> None:
    outcome = run(make("teasers"), teaser_list(TEASERS, between="Share on social media\n") + ARTICLE)
    assert outcome.text.strip().endswith(ARTICLE.strip())
    assert not any(title in outcome.text for title, _ in TEASERS)


def test_two_teasers_are_no_list() -> None:
    text = ARTICLE + teaser_list(TEASERS[:2])
    assert run(make("teasers"), text).findings == []
    assert run(make("teasers", min_items=2), text).findings


def test_a_whole_paragraph_between_teasers_parts_the_run() -> None:
    text = ARTICLE + teaser_list(TEASERS[:2]) + PARAGRAPH + "\n" + teaser_list(TEASERS[2:])
    assert run(make("teasers"), text).findings == []
    assert run(make("teasers", paragraph_words=100), text).findings  # the paragraph taken for a headline


def test_a_page_of_nothing_but_teasers_is_a_listing_and_stays() -> None:
    text = teaser_list(TEASERS)
    assert run(make("teasers"), text).findings == []
    assert run(make("teasers", min_left=0), text).findings


def test_entries_named_in_a_word_or_two_are_the_page_own_listing() -> None:
    named = [("Novice", TEASERS[0][1]), ("Intermediate", TEASERS[1][1]), ("Advanced", TEASERS[2][1])]
    text = ARTICLE + teaser_list(named)
    assert run(make("teasers"), text).findings == []
    assert run(make("teasers", title_words=1), text).findings


def test_paragraphs_that_end_whole_are_no_teasers() -> None:
    whole = [(title, text.rstrip(".…[] ") + ".") for title, text in TEASERS]
    assert run(make("teasers"), ARTICLE + teaser_list(whole)).findings == []


def test_the_first_teaser_loses_as_many_lines_above_it_as_the_list_repeats() -> None:
    cards = "".join(f"Opinion\n{title}\n{text}\n" for title, text in TEASERS)  # a label above each headline
    text = ARTICLE + "Filed under council news\n" + cards
    assert run(make("teasers"), text).text == ARTICLE + "Filed under council news\n"


def test_one_teaser_a_list_makes_when_asked() -> None:
    outcome = run(make("teasers", min_items=1, min_left=10), ARTICLE + teaser_list(TEASERS[:1]))
    assert outcome.text == ARTICLE


def test_a_run_is_quiet_after_drops_only_where_too_few_lines_could_be_teasers() -> None:
    # What lets the engine skip the rule in a later pass that only dropped lines (Rule.run).
    rule = make("teasers")
    assert rule.run(lines_of(ARTICLE + teaser_list(TEASERS[:2])), {})[2]  # two teasers: none can join them
    # A whole paragraph parts the run: once it goes, the teasers on both sides make one.
    lines = lines_of(ARTICLE + teaser_list(TEASERS[:2]) + PARAGRAPH + "\n" + teaser_list(TEASERS[2:]))
    assert rule.run(lines, {})[1:] == ([], False)
    assert rule.apply([line for line in lines if line.text != PARAGRAPH], {})[1]


SAMPLES = ["Budget talks stall again", TEASERS[0][1], TEASERS[1][1], PARAGRAPH, ARTICLE_LINE, "Share", "", "Read more …"]
SAMPLES += ["The council met … and then it voted on the roads and the schools and the bridge"]


@given(st.lists(st.sampled_from(SAMPLES), max_size=14), st.lists(st.booleans(), min_size=14, max_size=14))
def test_a_run_is_quiet_unless_a_list_could_form_and_a_quiet_one_finds_nothing_after_drops(texts, keeps) -> None:
    for rule in (make("teasers"), make("teasers", min_items=2, min_left=10)):
        lines = lines_of("\n".join(texts))
        left, _, quiet = rule.run(lines, {})
        if quiet:
            assert rule.apply(left, {})[1] == []
            assert rule.apply(list(compress(left, keeps)), {})[1] == []
        else:
            # Not quiet only where a list could form: `min_items` lines that could be teasers (a rule never
            # quiet would pass the branch above). Among the samples, a line too short to be a teaser and one with
            # its ellipsis mid-line: the quick count must leave them out, as `is_teaser` does.
            assert sum(map(rule.is_teaser, lines)) >= rule.opts["min_items"]
