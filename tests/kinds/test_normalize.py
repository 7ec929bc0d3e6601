import random
import re
import sys

from support import make, run

from ingest.document import Line
from ingest.kinds.normalize import untidy


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


def _untidy_one_by_one(texts: list[str]) -> list[int]:
    return [n for n, t in enumerate(texts) if "  " in t or "\t" in t or t and (t[0].isspace() or t[-1].isspace())]


def test_untidy_finds_the_lines_a_test_of_each_line_finds() -> None:
    rng = random.Random(7)
    pieces = ["word", " ", "  ", "\t", "\u00a0", "\u2003", "\x0c", "", ".", "x y"]
    for _ in range(300):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(4))) for _ in range(rng.randrange(1, 8))]
        lines = [Line(n, t) for n, t in enumerate(texts, start=1)]
        assert list(untidy(lines)) == _untidy_one_by_one(texts), texts


def test_untidy_looks_at_every_line_when_one_holds_a_line_break() -> None:
    lines = [Line(1, "a"), Line(2, "b\n c"), Line(3, "d")]
    assert list(untidy(lines)) == [0, 1, 2]


def test_a_regex_space_is_what_str_isspace_calls_one() -> None:
    # UNTIDY finds a space at either end of a line with \s, where the rule tests str.isspace().
    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    assert re.findall(r"\s", every) == [char for char in every if char.isspace()]
