import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import make, run

from ingest import prefilter

PIXEL = '<img height="1" width="1" style="display:none" src="https://tracker.example/px?id=1&amp;ev=PageView&amp;noscript=1">'


def test_pixel_alone_on_a_line_is_dropped() -> None:
    outcome = run(make("markup", target="pixel"), f"{PIXEL}\nHeadline")
    assert outcome.text == "Headline\n"
    assert outcome.findings[0].action == "drop"


def test_pixel_inside_a_line_is_cut_out() -> None:
    outcome = run(make("markup", target="pixel"), f"Before {PIXEL} after.")
    assert outcome.text == "Before after.\n"
    assert outcome.findings[0].action == "edit"
    assert outcome.findings[0].col == len("Before ") + 1


def test_pixel_endpoint_by_src_regex() -> None:
    rule = make("markup", target="pixel", src_regex=["/beacon\\b"])
    assert run(rule, '<img src="https://t.example/beacon?x=1">').text == ""


def test_a_real_picture_is_not_a_pixel() -> None:
    text = '<img src="/harbour.jpg" width="800" height="533" alt="Harbour">'
    assert run(make("markup", target="pixel"), text).findings == []


def test_tags_are_removed_and_words_kept() -> None:
    outcome = run(make("markup", target="tag"), "The <b>minister</b> denied it.<br/>")
    assert outcome.text == "The minister denied it.\n"


def test_only_html_element_names_are_tags() -> None:
    assert run(make("markup", target="tag"), "Press <Enter> then <name>.").findings == []


def test_entities_are_decoded() -> None:
    outcome = run(make("markup", target="entity"), "R&amp;D at AT&amp;T&#8217;s lab")
    assert outcome.text == "R&D at AT&T’s lab\n"
    assert outcome.findings[0].text == "&amp; &amp; &#8217;"


def test_an_entity_for_a_line_break_is_a_space_within_its_line() -> None:
    outcome = run(make("markup", target="entity"), "A &#10; B &#13;C&NewLine;D &#x0A;E\nNext")
    assert outcome.text == "A   B  C D  E\nNext\n"


@pytest.mark.parametrize(
    "text, kept, lost",
    [
        # The link rule's index found the bracket's line one line late (the line break counted as a line).
        ("Plain first line of the page.\nA &#10; B\nSee &#91;the map&#93;(/map) here\nPlain last line of the page.", "See the map here", "(/map)"),
        # The repeated-line rule's folds of the lines were one too many (IndexError).
        ("Residents said the cost was high.\nx &NewLine; y Share\nResidents said the cost was high.", "x y Share", None),
    ],
)
def test_an_entity_for_a_line_break_leaves_the_lines_as_the_later_rules_count_them(text: str, kept: str, lost: str | None) -> None:
    from pathlib import Path

    from ingest import config, engine

    ruleset = config.load(Path(__file__).resolve().parents[2] / "rules" / "default.yaml")
    clean = engine.run_rules(ruleset.rules, text, "text").text
    assert kept in " ".join(clean.split()) and (lost is None or lost not in clean)


def test_markdown_links_keep_their_text_and_lose_their_targets() -> None:
    outcome = run(make("markup", target="markdown-link"), 'Read [the full report](/reports/2024.pdf "Report") and [the minutes](https://council.example/m).')
    assert outcome.text == "Read the full report and the minutes.\n"
    assert outcome.findings[0].action == "edit" and outcome.findings[0].col == len("Read [the full report]") + 1


def test_a_markdown_finding_points_at_the_first_thing_removed_from_its_line() -> None:
    outcome = run(make("markup", target="markdown-link"), "See [the map](/map) and ![a photo](/img/harbour.jpg) here.")
    assert outcome.text == "See the map and here.\n" and outcome.findings[0].col == len("See [the map]") + 1


def test_markdown_images_go_and_a_line_of_nothing_else_with_them() -> None:
    rule = make("markup", target="markdown-link")
    assert run(rule, "![Harbour at dawn](/img/harbour.jpg) The harbour at dawn.").text == "The harbour at dawn.\n"
    outcome = run(rule, "* [![](https://cdn.example/share.png)](https://social.example/share?u=1)\nText.")
    assert outcome.text == "Text.\n" and outcome.findings[0].action == "drop"


def test_a_menu_of_markdown_links_is_left_as_its_words() -> None:
    outcome = run(make("markup", target="markdown-link"), "  * [Home](/)\n  * [World news](https://news.example/world)")
    assert outcome.text == "* Home\n* World news\n"


def test_brackets_in_prose_are_not_markdown_links() -> None:
    text = "He said [sic] the count (2019) was [a, b](c) wrong."
    assert run(make("markup", target="markdown-link"), text).findings == []


@pytest.mark.parametrize(
    ("text", "clean", "found"),
    [
        ("He _must_ resign, **the report** said, *today*.", "He must resign, the report said, today.\n", [("edit", 4)]),
        ("__Quote\n__\nText.", "Quote\nText.\n", [("edit", 1), ("drop", 1)]),  # an empty element's marks; a line of them goes
        # underscores and stars that mark no emphasis stay
        ("Call __init__ on snake_case_name, 2*3*4.\nName: ______\n* a bullet\n`_code_` here", "Call __init__ on snake_case_name, 2*3*4.\nName: ______\n* a bullet\n`_code_` here\n", []),
    ],
)
def test_markdown_emphasis_marks_go_and_their_words_stay_and_nothing_else_does(text: str, clean: str, found: list) -> None:
    outcome = run(make("markup", target="markdown-emphasis"), text)
    assert outcome.text == clean and [(f.action, f.col) for f in outcome.findings] == found


def test_relative_markdown_targets_go_when_they_read_as_a_path_or_query() -> None:
    outcome = run(make("markup", target="markdown-link"), "[discuss](item?id=4729) | [Advice](forums/advice.65/) | [PDF](https://a.example/r.pdf )")
    assert outcome.text == "discuss | Advice | PDF\n"
    assert run(make("markup", target="markdown-link"), "He wrote [sic](2019) and [a](b).").findings == []


def test_targets_that_are_a_file_name_or_start_with_a_space_go() -> None:
    # a page's or an image's file name is a relative target; some converters keep an href's leading space
    text = "[Next page](thread-12-page-2.html) ![](spacer.gif) [ Laptop, 15-inch ]( https://shop.example/laptop-15)"
    assert run(make("markup", target="markdown-link"), text).text == "Next page Laptop, 15-inch\n"
    assert run(make("markup", target="markdown-link"), "He cited [the report](p. 12) and [v2](notes.txt).").findings == []


def test_a_long_run_of_spaces_after_a_bracket_is_no_link() -> None:
    # The spaces before a target are taken in one go (possessively): with "\s*" they were shared out
    # between it, the title's "\s+" and the closing "\s*" in every way, superlinear (ReDoS) in the run's
    # length; 24,000 ideographic spaces took the rule past its time budget.
    from ingest.budget import within

    for space in (" ", "\u3000"):
        text = f"Notes [x]({space * 24000}a"
        # the rules' own stop, far past a linear run's time (the superlinear one took 30 s): OverBudget fails it
        assert within(10.0, lambda: run(make("markup", target="markdown-link"), text).findings, stage="the rule") == []
        assert run(make("markup", target="markdown-link"), f"[x]({space * 3}https://a.example/b) after").text == "x after\n"
    # an empty target with a title after a space, as html2text writes a link with a title and no href
    assert run(make("markup", target="markdown-link"), '[ ]( "Watch live") Live news').text == "Live news\n"


def test_reference_style_links_keep_their_text_and_their_definitions_go() -> None:
    text = "See [the report][1] and ![a photo][2] here.\n\n   [1]: https://a.example/report.pdf (Report)\n   [2]: /img/harbour.jpg"
    outcome = run(make("markup", target="markdown-link"), text)
    assert outcome.text == "See the report and here.\n"
    assert [f.action for f in outcome.findings] == ["edit", "drop", "drop"]
    assert run(make("markup", target="markdown-link"), "Earlier studies[1][2] found it.\n[Update]: the road is open.").findings == []


@pytest.mark.parametrize("target", ["pixel", "tag", "entity", "markdown-link", "markdown-emphasis"])
def test_a_markup_rule_tells_the_literals_what_it_will_ask_about(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    # So that the literals' automaton is built once with them, not again when the rule first asks.
    literals = prefilter.Literals()
    monkeypatch.setattr(prefilter, "LITERALS", literals)
    monkeypatch.setattr("ingest.kinds.markup.LITERALS", literals)
    rule = make("markup", target=target)
    assert set(rule.needles) <= set(literals.expected)


@pytest.mark.parametrize("target", ["pixel", "tag", "entity", "markdown-link", "markdown-emphasis"])
def test_a_markup_rule_edits_the_lines_of_a_long_document_its_edit_of_each_line_changes(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    # Its lines come from the document's index by single characters (no pass of the literals' automaton,
    # prefilter.LineIndex.lines_holding): each form it edits holds one ("](", "][", "]:" hold "]").
    monkeypatch.setattr(prefilter.LITERALS, "AUTOMATON_AFTER_CHARS", 0)
    forms = [
        '<img src="/p.gif" width="1" height="1">', "<b>Bold</b> words", "Fish &amp; chips", "[the map](/map) here",
        "![a photo](/img/a.jpg)", "[the report][1] here", "   [1]: https://a.example/r.pdf", "**Strong** words", "_quiet_ words",
    ]
    lines = [form if n % 7 == 0 else f"Plain line {n} of prose." for n in range(200) for form in [forms[n // 7 % len(forms)]]]
    rule = make("markup", target=target)
    edited = [n + 1 for n, line in enumerate(lines) if rule._edit(line)[1]]  # the rule's edit of each line, no index asked
    assert edited
    assert [f.line for f in run(rule, "\n".join(lines)).findings] == edited


PIECES = ["<", ">", "&", ";", "#1", "amp", "&amp;", "&#1;", "<b>", "</b>", "<img width=0 src=a>", "img", " ", "a", "/", '"']


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=12), st.sampled_from(["pixel", "tag", "entity"]))
def test_a_markup_rule_reads_only_lines_holding_its_own_character_and_misses_none(lines: list[str], target: str) -> None:
    # A tag (a pixel's <img> too) starts with "<" and an entity with "&": each rule asks for its own character alone.
    # (A line an edit leaves editable again, "&amp;#1;", is edited on the next pass too: its lines, once each.)
    rule = make("markup", target=target)
    edited = [n + 1 for n, line in enumerate(lines) if rule._edit(line)[1]]
    assert sorted({f.line for f in run(rule, "\n".join(lines)).findings}) == edited
