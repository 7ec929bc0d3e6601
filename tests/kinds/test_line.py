from itertools import compress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.document import lines_of
from ingest.kinds.line import is_name
from support import make, run


def test_drops_matching_lines_and_reports_them() -> None:
    rule = make("line", phrases=["Sign up for our newsletter"])
    outcome = run(rule, "Headline here\nSign up for our newsletter\nBody.")
    assert outcome.text == "Headline here\nBody.\n"
    [finding] = outcome.findings
    assert (finding.line, finding.col, finding.action, finding.rule_id) == (2, 1, "drop", "T100")
    assert finding.text == "Sign up for our newsletter"


def test_max_words_keeps_long_lines_that_mention_a_phrase() -> None:
    rule = make("line", phrases=["cookies"], max_words=5)
    text = "Accept cookies\nThe bakery sold more cookies this year than in any year before."
    assert run(rule, text).text == "The bakery sold more cookies this year than in any year before.\n"


def test_sentence_words_keeps_prose() -> None:
    rule = make("line", phrases=["subscribe"], sentence_words=6)
    text = "Subscribe today\nReaders can subscribe at any newsagent, he said."
    assert [f.text for f in run(rule, text).findings] == ["Subscribe today"]


def test_min_words() -> None:
    rule = make("line", regex=["^\\w+$"], min_words=1, max_words=1)
    assert run(rule, "Menu\n\nText here").text == "Text here\n"


def test_position_limits_where_a_rule_acts() -> None:
    body = " ".join(["word"] * 50)
    rule = make("line", phrases=["Home"], position="head", window=0.2)
    outcome = run(rule, f"Home\n{body}\nHome")
    assert [f.line for f in outcome.findings] == [1]


def test_column_points_at_the_match() -> None:
    rule = make("line", regex=["for only$"])
    [finding] = run(rule, "Stay informed for only").findings
    assert finding.col == len("Stay informed ") + 1


def test_needs_a_pattern() -> None:
    with pytest.raises(ValueError, match="phrases"):
        make("line")


def test_dropped_passes_over_the_lines_gone_as_apply_without_them_would() -> None:
    from ingest.document import lines_of

    rule = make("line", phrases=["share"])
    lines = lines_of("Share\nText of the page.\nShare this\nShare")
    dropped, found = rule.dropped(lines, {0})
    kept, found_apply = rule.apply([lines[1], lines[2], lines[3]], {})
    assert dropped == {2, 3}
    assert [lines[i] for i in range(len(lines)) if i not in dropped | {0}] == kept
    assert found == found_apply


def test_min_matches_drops_only_a_label_printed_that_many_times() -> None:
    rule = make("line", regex=["^Quote$"], min_matches=3)
    assert run(rule, "Quote\nFirst post.\nQuote\nSecond post.").text == "Quote\nFirst post.\nQuote\nSecond post.\n"
    outcome = run(rule, "Quote\nFirst post.\nQuote\nSecond post.\nQuote\nThird post.")
    assert outcome.text == "First post.\nSecond post.\nThird post.\n"
    assert [f.line for f in outcome.findings] == [1, 3, 5]


@given(st.lists(st.sampled_from(["Quote", "Post.", "Next"]), min_size=1, max_size=9), st.lists(st.booleans(), min_size=9, max_size=9))
def test_min_matches_finds_nothing_in_what_it_left_nor_with_lines_dropped_from_that(texts, keeps) -> None:
    # What lets the engine skip it in a later pass that only dropped lines (Rule.quiet_after_drops):
    # texts of more matches than min_matches (all dropped) and of fewer (all kept, and fewer in a subset).
    rule = make("line", regex=["^Quote$"], min_matches=3)
    assert rule.quiet_after_drops
    left, _ = rule.apply(lines_of("\n".join(texts)), {})
    assert rule.apply(left, {})[1] == []
    assert rule.apply(list(compress(left, keeps)), {})[1] == []


def test_quiet_after_drops_is_what_dropping_lines_cannot_make_a_rule_find() -> None:
    assert make("line", regex=["^Quote$"], min_matches=2).quiet_after_drops
    assert not make("line", regex=["^Quote$"], position="tail").quiet_after_drops  # the tail moves with the words dropped
    assert not make("line", regex=["^Quote$"], max_matches=2).quiet_after_drops  # fewer matches are held back no more
    assert not make("line", regex=[BIO], name_above=2).quiet_after_drops  # a name comes nearer


def test_run_is_quiet_where_no_line_may_match_wherever_it_stands() -> None:
    # What lets the engine skip a rule with a position in a later pass that only dropped lines (Rule.run).
    rule = make("line", phrases=["Share"], position="tail", window=0.5, max_words=3)
    body = " ".join(["word"] * 50)
    assert not rule.quiet_after_drops
    assert rule.run(lines_of(f"{body}\nThe end."), {})[2]  # no line holds the phrase
    assert rule.run(lines_of(f"{body}\nShare this story with your friends now\nThe end."), {})[2]  # too long a line
    lines = lines_of(f"Share this\n{body}\nThe end.")
    out, found, quiet = rule.run(lines, {})
    assert out == lines and not found and not quiet  # in the tail once the body is dropped
    assert rule.apply([lines[0], lines[2]], {})[1]


@given(st.lists(st.sampled_from(["Share", "Share this story with all of your friends", "Post.", "A " * 20]), min_size=1, max_size=9), st.lists(st.booleans(), min_size=9, max_size=9))
def test_a_quiet_run_finds_nothing_in_what_it_left_nor_with_lines_dropped_from_that(texts, keeps) -> None:
    for rule in (make("line", phrases=["Share"], position="tail", window=0.2, max_words=3), make("line", regex=[BIO], name_above=2, max_matches=1)):
        left, _, quiet = rule.run(lines_of("\n".join(texts)), {})
        if quiet:
            assert rule.apply(left, {})[1] == []
            assert rule.apply(list(compress(left, keeps)), {})[1] == []


def test_min_matches_makes_the_rule_judge_lines_together() -> None:
    # the engine must not show it only the lines edited since it last ran
    assert make("line", regex=["^Quote$"]).line_local
    assert not make("line", regex=["^Quote$"], min_matches=2).line_local


BIO = r"^(?P<name>[A-Z]\w+)(?: [A-Z]\w+)? is the editor\b"


def test_name_above_drops_a_match_only_under_a_name_it_opens_with() -> None:
    rule = make("line", regex=[BIO], name_above=2)
    box = "The council met.\nJane Doe\nEditor\nJane Doe is the editor of the paper.\nShare"
    outcome = run(rule, box)
    assert outcome.text == "The council met.\nShare\n"  # the name and the title between go with it
    assert [f.line for f in outcome.findings] == [2, 3, 4]
    assert run(make("line", regex=[BIO]), box).text == "The council met.\nJane Doe\nEditor\nShare\n"  # off
    for text in (
        "The council met.\nJane Doe is the editor of the paper.",  # no name above
        "The council met.\nBo Lee\nJane Doe is the editor of the paper.",  # someone else's
        "Jane Doe\nEditor\nOf the paper\nJane Doe is the editor of the paper.",  # further up than name_above
        "Jane Doe met the council.\nJane Doe is the editor of the paper.",  # a sentence, not a name
    ):
        assert run(rule, text).findings == [], text


def test_name_above_without_a_name_group_takes_any_name() -> None:
    rule = make("line", regex=[r"^Editor since \d{4}"], name_above=1)
    assert run(rule, "Jane Doe\nEditor since 2008.").text == ""
    assert run(rule, "The council met.\nEditor since 2008.").text == "The council met.\nEditor since 2008.\n"


def test_max_matches_drops_nothing_where_more_lines_match() -> None:
    rule = make("line", regex=[BIO], name_above=1, max_matches=1)
    one = "Jane Doe\nJane Doe is the editor of the paper.\nShare"
    assert run(rule, one).text == "Share\n"
    two = f"{one}\nBo Lee\nBo Lee is the editor of the review."
    assert run(rule, two).findings == []
    assert not rule.line_local and not make("line", regex=[BIO], max_matches=1).line_local


def test_two_paragraphs_under_one_name_are_one_bio_reported_once() -> None:
    rule = make("line", regex=[r"^(?P<name>[A-Z]\w+)(?: [A-Z]\w+)? (?:is|was) the editor\b"], name_above=3, max_matches=1)
    box = "The council met.\nJane Doe\nJane Doe is the editor of the paper.\nJane Doe was the editor of the review.\nShare"
    outcome = run(rule, box)
    assert outcome.text == "The council met.\nShare\n"
    assert [f.line for f in outcome.findings] == [2, 3, 4]


def test_a_name_is_capitalised_words_in_any_script() -> None:
    for name in ("Jane Doe", "Ann B. Lee", "Émile Durand", "Łucja Nowak", "Ольга Петрова"):
        assert is_name(name), name
    for other in ("jane doe", "Jane Doe.", "Ann Bea Cleo Dee Eve", "Jane 2Doe", ""):
        assert not is_name(other), other
