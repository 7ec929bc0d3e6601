from itertools import compress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.document import lines_of
from support import make, run


def test_spaces_collapse_with_an_info_finding() -> None:
    outcome = run(make("normalize", target="spaces"), "Saturday,  June 15 ,\t2024  \n   ")
    assert outcome.text == "Saturday, June 15 , 2024\n"
    assert len(outcome.findings) == 1


def test_blank_line_runs_shrink_and_edges_go() -> None:
    outcome = run(make("normalize", target="blank-lines"), "\n\nOne\n\n\n\nTwo\n\n")
    assert outcome.text == "One\n\nTwo\n"


def test_blank_lines_option() -> None:
    outcome = run(make("normalize", target="blank-lines", max_blank_lines=2), "One\n\n\n\nTwo")
    assert outcome.text == "One\n\n\nTwo\n"


SAMPLE = """Pass the items to the function, as in this example:
def total(items):
    count = 0

    for item in items:
        if item:
            count  += 1   # aligned
    return count
Then    call it   with a list.
"""


def test_spaces_keep_the_indentation_of_a_code_sample_and_collapse_prose() -> None:
    outcome = run(make("normalize", target="spaces"), SAMPLE)
    lines = SAMPLE.splitlines()
    assert outcome.text.splitlines() == lines[:-1] + ["Then call it with a list."]


def test_an_indented_line_after_prose_or_an_indented_sentence_in_a_sample_is_prose() -> None:
    text = "A paragraph of prose.\n    indented by the page layout\nx = compute(1)\n    which is then printed to the console for the reader to see.\n"
    outcome = run(make("normalize", target="spaces"), text)
    assert outcome.text == "A paragraph of prose.\nindented by the page layout\nx = compute(1)\nwhich is then printed to the console for the reader to see.\n"


def test_a_text_with_nothing_to_tidy_comes_back_as_the_same_list() -> None:
    from ingest.document import lines_of

    # The same list, not a copy: the rules after it keep what they worked out for it (prefilter.per_list).
    lines = lines_of("Tidy line\n\nAnother one")
    for target in ("spaces", "blank-lines"):
        kept, found = make("normalize", target=target).apply(lines, {})
        assert kept is lines and found == []
    assert make("normalize", target="blank-lines").apply(lines_of("One\n\n\nTwo"), {})[0] == lines_of("One\n\nTwo")[:2] + lines_of("One\n\n\nTwo")[3:]


def test_a_line_with_nothing_to_tidy_ends_a_sample_and_is_the_line_above_the_next() -> None:
    # the rule looks only at lines with something to tidy: the untouched lines between them still count
    text = "x = compute(1)\n\n    label   = 2\nPlain words here\n\n    more   words\ny = f(2)\n    z   = 3\n"
    outcome = run(make("normalize", target="spaces"), text)
    assert outcome.text.splitlines() == ["x = compute(1)", "", "    label   = 2", "Plain words here", "", "more words", "y = f(2)", "    z   = 3"]


NESTED = "      * About\n            + Leadership\n                  o Board Meeting Materials\n\n                  o Committees"


def test_a_letter_bullet_in_a_list_is_taken_off() -> None:
    outcome = run(make("normalize", target="letter-bullets"), NESTED)
    assert outcome.text.split("\n")[2:5] == ["                  Board Meeting Materials", "", "                  Committees"]
    assert [finding.line for finding in outcome.findings] == [3, 5]


def test_an_o_outside_a_list_stays() -> None:
    rule = make("normalize", target="letter-bullets")
    assert run(rule, "o Board Meeting Materials\n* Committees").findings == []  # not indented
    assert run(rule, "Some prose above.\n  o teto da casa caiu.\nMore prose below.").findings == []  # no list item beside it


def test_a_letter_bullet_indented_by_a_tab_is_taken_off() -> None:
    outcome = run(make("normalize", target="letter-bullets"), "\t+ Leadership\n\t\to Committees")
    assert outcome.text == "\t+ Leadership\n\t\tCommittees\n"


def test_spaces_find_any_whitespace_at_a_line_end_not_only_spaces() -> None:
    # The whole-text check that skips tidy documents must see a no-break space or a carriage return at an end.
    outcome = run(make("normalize", target="spaces"), "One line\u00a0\nTwo lines\r\n\u2003Three")
    assert outcome.text == "One line\nTwo lines\nThree\n"
    assert len(outcome.findings) == 3


def test_spaces_give_back_the_same_lines_when_every_line_is_tidy() -> None:
    from ingest.document import lines_of

    rule = make("normalize", target="spaces")
    lines = lines_of("A tidy line.\n\nAnother, with a no-break\u00a0space inside.")
    assert rule.apply(lines, {}) == (lines, []) and rule.apply(lines, {})[0] is lines
    # the shortcut itself: tidy lines pass, each kind of untidy line stops it (the loop would tidy those)
    from ingest.kinds.normalize import _all_tidy

    assert _all_tidy([line.text for line in lines])
    for untidy in ("two  spaces", "a\ttab", " leading", "trailing ", "no-break\u00a0", "\u2003em space"):
        assert not _all_tidy(["A tidy line.", untidy])


def test_letter_bullets_are_those_the_bullet_regex_finds_on_every_line_in_a_list() -> None:
    import random
    import re

    from ingest.document import lines_of

    def by_every_line(texts: list[str]) -> list[str]:  # the bullet tried on each line, the item beside it looked for
        def item_beside(index: int, step: int) -> bool:
            index += step
            while 0 <= index < len(texts) and not texts[index].strip():
                index += step
            return 0 <= index < len(texts) and re.match(r"[ \t]*[-*+•o] \S", texts[index]) is not None

        out = []
        for index, text in enumerate(texts):
            bullet = re.match(r"([ \t]+)o (?=\S)", text)
            out.append(bullet.group(1) + text[bullet.end() :] if bullet and (item_beside(index, -1) or item_beside(index, 1)) else text)
        return out

    rng = random.Random(11)
    # bullets after spaces or tabs, an "o " after other whitespace or none, and items of other bullets
    pieces = ["", "  o Item", "\to Item", "\t\to Item", "o Item", " * Item", "* Item", "   + Item", "to go", "  to go", "  o ", " oo x", "\u00a0o Item", "\ro Item"]
    for _ in range(600):
        lines = lines_of("\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))))
        kept, found = make("normalize", target="letter-bullets").apply(lines, {})
        assert [line.text for line in kept] == by_every_line([line.text for line in lines])
        assert len(found) == sum(a.text != b.text for a, b in zip(kept, lines))
        assert (kept is lines) == (found == [])  # the same list when no bullet goes


@given(st.lists(st.sampled_from(["", " ", "Words", "\t"]), max_size=12), st.integers(0, 2))
def test_blank_lines_keep_every_text_line_and_at_most_the_allowed_blanks_between(texts, most) -> None:
    lines = lines_of("\n".join(texts))
    kept = make("normalize", target="blank-lines", max_blank_lines=most).apply(lines, {})[0]
    present = [line for line in lines if line.text.strip()]
    assert [line for line in kept if line.text.strip()] == present
    if not present:
        assert kept == []
        return
    assert kept[0] == present[0] and kept[-1] == present[-1]  # none at either end
    between = [(lines.index(a), lines.index(b)) for a, b in zip(present, present[1:])]
    blanks = [line for line in kept if not line.text.strip()]
    # each run of blank lines between two lines of text cut to its first `most`
    assert blanks == [line for a, b in between for line in lines[a + 1 : min(b, a + 1 + most)]]


def test_a_negative_number_of_blank_lines_is_refused() -> None:
    with pytest.raises(ValueError, match="max_blank_lines"):
        make("normalize", target="blank-lines", max_blank_lines=-1)


def test_blank_lines_are_never_quiet_after_drops() -> None:
    # Dropping the line between two blank lines makes a run of two.
    rule = make("normalize", target="blank-lines")
    lines = lines_of("One\n\nMenu\n\nTwo")
    out, found, quiet = rule.run(lines, {})
    assert out is lines and not quiet
    assert rule.apply(lines[:2] + lines[3:], {})[0] == lines[:2] + lines[4:]


def test_spaces_are_not_quiet_after_drops_where_a_line_kept_its_indentation_for_the_line_above() -> None:
    rule = make("normalize", target="spaces")
    lines = lines_of("x = compute(1)\n    plain  words")
    out, found, quiet = rule.run(lines, {})
    assert out == lines and not quiet
    assert rule.apply(out[1:], {})[0][0].text == "plain words"  # the code above it gone, it is tidied
    assert rule.run(lines_of("A  line\n\tanother  one"), {})[2]  # all tidied: nothing left to find


def test_letter_bullets_are_not_quiet_after_drops_where_a_bullet_has_no_item_beside_it_yet() -> None:
    rule = make("normalize", target="letter-bullets")
    lines = lines_of("Intro\n  o First thing\nA line between\n* Second thing")
    out, found, quiet = rule.run(lines, {})
    assert out is lines and not found and not quiet
    assert rule.apply(lines[:2] + lines[3:], {})[1]  # the line between gone, the item stands beside it
    assert rule.run(lines_of("* One\n  o Two"), {})[2]  # taken off: no bullet left
    assert not rule.run(lines_of("* One\n  o o Two"), {})[2]  # another under the one taken off


QUIET_TEXTS = ["", "x = compute(1)", "    plain  words", "  o an item", "* one", "Some prose here.", "\tcount  = 2", "  o o twice"]


@given(st.lists(st.sampled_from(QUIET_TEXTS), min_size=1, max_size=9), st.lists(st.booleans(), min_size=9, max_size=9))
def test_a_quiet_run_finds_nothing_in_what_it_left_nor_with_lines_dropped_from_that(texts, keeps) -> None:
    # What lets the engine skip the rule in a later pass that only dropped lines (Rule.run).
    for target in ("spaces", "letter-bullets"):
        rule = make("normalize", target=target)
        left, _, quiet = rule.run(lines_of("\n".join(texts)), {})
        if quiet:
            for lines in (left, list(compress(left, keeps))):
                assert rule.apply(lines, {}) == (lines, [])
