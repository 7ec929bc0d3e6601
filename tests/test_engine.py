from ingest.config import load
from ingest.engine import run_rules
from ingest.document import Line
from ingest.kinds import KINDS, Rule, RuleSpec


def rule(kind: str, rule_id: str, **options):
    return KINDS[kind](RuleSpec(id=rule_id, name=rule_id.lower(), kind=kind, options=options))


def test_rules_run_by_phase_whatever_their_order() -> None:
    # The tag rule (phase 20) must run before the line rule (phase 40) sees "Menu" alone.
    rules = [rule("line", "T2", regex=["^Menu$"]), rule("markup", "T1", target="tag")]
    outcome = run_rules(rules, "<b>Menu</b>\nText.")
    assert outcome.text == "Text.\n"
    assert [f.rule_id for f in outcome.findings] == ["T1", "T2"]


def test_findings_are_sorted_by_position() -> None:
    rules = [rule("line", "T1", phrases=["b"]), rule("line", "T2", phrases=["a"])]
    outcome = run_rules(rules, "a\nb\na")
    assert [(f.line, f.rule_id) for f in outcome.findings] == [(1, "T2"), (2, "T1"), (3, "T2")]


def test_findings_of_a_line_are_sorted_by_column_and_equal_places_keep_the_rules_order() -> None:
    # The tag rule runs first and finds its tag at column 9; the entity rule, after it, at column 3.
    rules = [rule("markup", "T1", target="tag"), rule("markup", "T2", target="entity"), rule("markup", "T3", target="entity")]
    # On line 2 both find theirs at column 1.
    outcome = run_rules(rules, "x &amp; <b>y</b>\n<b>&amp;</b> x")
    assert [(f.line, f.col, f.rule_id) for f in outcome.findings] == [(1, 3, "T2"), (1, 9, "T1"), (2, 1, "T1"), (2, 1, "T2")]


def test_empty_result_is_empty_text() -> None:
    assert run_rules([rule("line", "T1", phrases=["x"])], "x\n\n").text == ""


def test_clean_text_of_the_default_pack_is_stable() -> None:
    rules = load().rules
    once = run_rules(rules, "Home > News\n\nA headline of some length here\n\nA sentence of the article.\n").text
    assert run_rules(rules, once).text == once


def test_rules_run_only_on_their_formats() -> None:
    from ingest.kinds import RuleSpec as Spec

    text_only = KINDS["line"](Spec(id="T1", name="t1", kind="line", options={"phrases": ["Menu"]}, formats=("text",)))
    assert run_rules([text_only], "Menu\nText.", "text").text == "Text.\n"
    assert run_rules([text_only], "Menu\nText.", "html").text == "Menu\nText.\n"


def test_the_main_text_rule_leaves_extracted_html_to_the_extractor() -> None:
    assert load().find("off-main-text").spec.formats == ("text",)


def _every_rule_sees_every_line(rules, monkeypatch) -> None:
    for each in rules:
        monkeypatch.setattr(each, "line_local", False, raising=False)


# Entities inside entities: each pass of the entity rule unescapes one level, so the rule must see
# the line it edited again in the next pass; the menu lines are cut by rules that see the whole page.
LAYERED = (
    "Home  |  News\nShare on Facebook\n&amp;amp;lt;b&amp;amp;gt; bold &amp;amp;lt;/b&amp;amp;gt;\n"
    + "The council approved the budget on Tuesday after a long debate about schools and roads.\n" * 3
    + "Related articles\nAnother story\n"
)


def test_line_local_rules_give_what_rules_seeing_every_line_give(monkeypatch) -> None:
    rules = load().rules
    fast = run_rules(rules, LAYERED)
    _every_rule_sees_every_line(rules, monkeypatch)
    slow = run_rules(rules, LAYERED)
    assert (fast.text, fast.findings, fast.record) == (slow.text, slow.findings, slow.record)
    assert sum(f.rule_id == load().find("html-entity").spec.id for f in fast.findings) >= 2  # more than one pass edited it


def _spy(rule, monkeypatch) -> list[list[str]]:
    """The texts of the lines the rule gets, at each run."""
    seen: list[list[str]] = []

    def spying(call):
        def spy(lines, record):
            seen.append([line.text for line in lines])
            return call(lines, record)

        return spy

    monkeypatch.setattr(rule, "apply", spying(rule.apply))
    if type(rule).run is not Rule.run:  # a kind's own `run` does not go through `apply`
        monkeypatch.setattr(rule, "run", spying(rule.run))
    return seen


def test_a_later_pass_shows_a_line_local_rule_only_the_lines_made_since_it_ran(monkeypatch) -> None:
    entity, cut = rule("markup", "T1", target="entity"), rule("line", "T2", phrases=["menu"])
    seen = _spy(entity, monkeypatch)
    outcome = run_rules([entity, cut], "menu\n&amp;lt;x&amp;gt;\nplain text")
    assert outcome.text == "<x>\nplain text\n"
    assert seen == [["menu", "&amp;lt;x&amp;gt;", "plain text"], ["&lt;x&gt;"], ["<x>"]]


def test_line_local_is_what_a_rule_decides_by_the_line_alone() -> None:
    assert rule("line", "T1", phrases=["x"]).line_local
    assert not rule("line", "T1", phrases=["x"], position="head").line_local
    assert rule("markup", "T1", target="tag").line_local
    assert not rule("normalize", "T1", target="spaces").line_local  # a code sample's indentation depends on the lines above
    assert not rule("normalize", "T1", target="blank-lines").line_local
    assert not rule("duplicate", "T1").line_local


def test_a_later_pass_runs_again_a_rule_whose_lines_changed_and_no_other(monkeypatch) -> None:
    # The tail cut (phase 60) runs after the pull-quote rule (50) and before the blank-line rule (90):
    # in the second pass the first gets other lines and runs again; the last gets the lines it got.
    quotes, tail, blanks = rule("duplicate", "T1", target="pull-quote"), rule("boundary", "T2", phrases=["Related articles"]), rule("normalize", "T3", target="blank-lines")
    seen_quotes, seen_blanks = _spy(quotes, monkeypatch), _spy(blanks, monkeypatch)
    text = "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\nRelated articles\nAnother story"
    outcome = run_rules([quotes, tail, blanks], text)
    assert outcome.text == "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\n"
    assert seen_quotes == [text.split("\n"), text.split("\n")[:2]]
    assert seen_blanks == [text.split("\n")[:2]]


def test_a_rule_quiet_after_drops_is_not_run_again_when_lines_were_only_dropped(monkeypatch) -> None:
    # The repeated-line rule left no two copies; the tail cut after it only drops lines: none can come back.
    repeats, tail = rule("duplicate", "T1"), rule("boundary", "T2", phrases=["Related articles"])
    assert repeats.quiet_after_drops and not rule("duplicate", "T1", target="pull-quote").quiet_after_drops
    seen = _spy(repeats, monkeypatch)
    text = "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\nRelated articles\nAnother story"
    assert run_rules([repeats, tail], text).text == "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\n"
    assert seen == [text.split("\n")]


def test_a_rule_whose_answer_was_quiet_is_not_run_again_when_lines_were_only_dropped(monkeypatch) -> None:
    # A rule with a position is not quiet after drops, but its answer on a page where no line may match is (Rule.run).
    text = "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\nRelated articles\nAnother story"
    for phrase, runs in (("Subscribe", 1), ("March", 2)):
        labels, tail = rule("line", "T1", phrases=[phrase], position="head", window=0.1), rule("boundary", "T2", phrases=["Related articles"])
        assert not labels.quiet_after_drops
        seen = _spy(labels, monkeypatch)
        assert run_rules([labels, tail], text).text == "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\n"
        assert len(seen) == runs


class _Unmarks(Rule):
    """A test kind after the cuts (phase 70) that takes the "!" off a line: an edit, a line made anew."""

    kind, phase = "unmarks", 70

    def apply(self, lines, record):
        edited = [Line(line.no, line.text.rstrip("!")) if line.text.endswith("!") else line for line in lines]
        found = [self.finding(line, "edit", "unmarked") for line in lines if line.text.endswith("!")]
        return (edited if found else lines), found


def test_a_rule_quiet_after_drops_runs_again_on_a_line_edited_since(monkeypatch) -> None:
    # "Reply!" becomes "Reply" after the label rule (phase 40) ran: with it, the label is printed twice, and the
    # rule must see the edited line in the next pass to drop both.
    labels = rule("line", "T1", regex=["^Reply$"], min_matches=2)
    unmarks = _Unmarks(RuleSpec(id="T2", name="t2", kind="unmarks"))
    assert labels.quiet_after_drops
    seen = _spy(labels, monkeypatch)
    text = "The council approved the budget on Tuesday.\nReply\nIt goes to the assembly in March.\nReply!"
    outcome = run_rules([labels, unmarks], text)
    assert outcome.text == "The council approved the budget on Tuesday.\nIt goes to the assembly in March.\n"
    assert len(seen) == 2 and seen[1][-1] == "Reply"


def test_rules_quiet_after_drops_not_run_again_give_what_running_them_again_gives(monkeypatch) -> None:
    rules = load().rules
    assert any(each.quiet_after_drops for each in rules)
    samples = [LAYERED, "Home > News\n\n\nA headline of some length here\n\nA sentence of the article.\nComments\nNice.", QUIET_SAMPLE]
    skipped = [run_rules(rules, sample) for sample in samples]
    for each in rules:
        monkeypatch.setattr(each, "quiet_after_drops", False, raising=False)
    run_again = [run_rules(rules, sample) for sample in samples]
    assert [(o.text, o.findings, o.record) for o in skipped] == [(o.text, o.findings, o.record) for o in run_again]


# A page the default pack cuts in more than one pass: a caption printed twice, labels under posts, a menu and a tail.
QUIET_SAMPLE = "\n".join(
    ["Home", "News", "Sport", "", "Rescue teams reached the village at dawn on Friday", ""]
    + ["The council approved the budget on Tuesday after a long debate about schools and roads.", "Reply"] * 3
    + ["Rescue teams reached the village at dawn on Friday", "Related articles", "Another story of the day", "Reply"]
)


def test_rules_not_run_again_give_what_running_them_again_gives(monkeypatch) -> None:
    from ingest import engine

    rules = load().rules
    samples = [LAYERED, "Home > News\n\n\nA headline of some length here\n\nA sentence of the article.\nComments\nNice."]
    reused = [run_rules(rules, sample) for sample in samples]
    monkeypatch.setattr(engine, "_apply_to_changed", lambda rule, lines, record, last, latest: (*rule.apply(lines, record), None))
    again = [run_rules(rules, sample) for sample in samples]
    assert [(o.text, o.findings, o.record) for o in reused] == [(o.text, o.findings, o.record) for o in again]


def test_an_answer_stands_only_for_the_same_line_objects() -> None:
    # A rule's last answer is given again only when it gets the very lines it got (engine._same_lines):
    # not a line made anew with the same number and text (a copy put back), nor lines dropped or moved.
    from ingest.document import lines_of
    from ingest.engine import _same_lines

    lines = lines_of("Share this\nReply\nReply\nThe text.")
    assert _same_lines(lines, list(lines))
    put_back = [*lines[:2], Line(3, "Reply"), lines[3]]
    assert put_back == lines and not _same_lines(lines, put_back)
    assert not _same_lines(lines, lines[1:]) and not _same_lines(lines, [lines[0], lines[2], lines[1], lines[3]])
    assert not _same_lines(lines, [*lines[:1], lines[2], lines[2], lines[3]])  # another line of the same document


def test_a_row_of_line_rules_gives_what_each_rule_on_what_the_last_left_gives(monkeypatch) -> None:
    # The engine runs consecutive line-local line rules over one list (engine._drop_in_a_row); one
    # at a time, each `apply` gets the lines the one before it left. A line both rules match is the first's.
    from ingest import engine

    rules = [rule("line", "T1", phrases=["share"]), rule("line", "T2", phrases=["share", "menu"]), rule("line", "T3", regex=["^Menu$"])]
    text = "Menu\nShare\nThe council approved the budget on Tuesday.\nShare this menu\nmenu"
    row = run_rules(rules, text)
    monkeypatch.setattr(engine, "LineRule", type(None))  # no rows: each rule's apply in turn
    one_by_one = run_rules(rules, text)
    assert (row.text, row.findings) == (one_by_one.text, one_by_one.findings)
    assert [(f.line, f.rule_id) for f in row.findings] == [(1, "T2"), (2, "T1"), (4, "T1"), (5, "T2")]


def test_the_outcome_counts_the_words_of_the_text_given_and_of_the_clean_text() -> None:
    from ingest.text import words

    rules = load().rules
    accents = "".join(chr(code) for code in range(0xC0, 0x100))  # more letters outside ASCII than word_shape takes
    for text in (LAYERED, f"Caf\u00e9  cr\u00e8me \u2014 {accents} x_y\nShare on Facebook\n\n\nA line.", "One\n\nTwo three"):
        outcome = run_rules(rules, text)
        assert (outcome.words_before, outcome.words) == (words(text), words(outcome.text))
    # In a script without spaces each line rounds its own count: the whole is counted by the pipeline.
    assert run_rules(rules, "日本語の文章です。\n二行目").words_before is None
    assert run_rules([rule("markup", "T1", target="entity")], "A &#x4e00;&#x4e01; line").words is None


def test_the_literals_lines_found_by_the_automaton_or_by_str_find_give_the_same_outcome(monkeypatch) -> None:
    import pytest

    from ingest import prefilter

    pytest.importorskip("ahocorasick_rs")
    rules = load().rules
    samples = [LAYERED, "Home > News\n\n\nA headline of some length here\n\nA sentence of the article.\nComments\nNice.", "Share\n© 2024 All rights reserved"]
    outcomes = {}
    for on in (True, False):
        literals = prefilter.Literals()
        monkeypatch.setattr(literals, "SET_AFTER_CHARS", 0)  # as in a batch: the set or the automaton from the first document
        monkeypatch.setattr(literals, "AUTOMATON_AFTER_CHARS", 0)
        monkeypatch.setattr(prefilter, "LITERALS", literals)
        monkeypatch.setattr(prefilter, "AUTOMATON", on)
        outcomes[on] = [run_rules(rules, sample) for sample in samples]
        assert (literals.finder not in (None, prefilter.UNBUILT)) == on  # the automaton was used, or never built
    assert [(o.text, o.findings, o.record) for o in outcomes[True]] == [(o.text, o.findings, o.record) for o in outcomes[False]]


def test_the_outcome_gives_the_input_line_of_each_clean_line() -> None:
    from support import make

    rule = make("line", regex=["^Share"], max_words=5)
    outcome = run_rules([rule], "\n\nShare this\n\nFirst kept line\nShare that\nSecond kept line\n\n\n")
    assert outcome.text == "First kept line\nSecond kept line\n"
    assert outcome.numbers == [5, 7]
    assert run_rules([rule], "Share this\n").numbers == []


# A table of contents above a menu, then the text with the same headings: the repeated-line rule drops
# the headings of the text as copies, the block rule the table of contents as short lines far from it.
MENU = "".join(f"{item}\n\n" for item in ("Home", "Shop", "Blog", "About", "Help", "Jobs", "Press", "Legal"))
PROSE = "The soil should be loose and damp before anything goes into the ground, and free of stones."
TOC = "Contents\n\nPlanting the seeds\n\nWatering the beds\n\n" + MENU
SECTION = f"Watering the beds\n\n{PROSE.replace('soil', 'bed')}\n\n"
TEXT = f"Planting the seeds\n\n{PROSE}\n\n" + SECTION


def _toc_rules():
    return [rule("duplicate", "T1", target="repeated-line", min_words=3), rule("block", "T2")]


def test_a_line_dropped_as_a_copy_comes_back_when_its_other_copy_is_cut() -> None:
    outcome = run_rules(_toc_rules(), TOC + TEXT)
    assert outcome.text.endswith(TEXT.strip() + "\n") and "Contents" not in outcome.text
    assert [f.text for f in outcome.findings if f.rule_id == "T1"] == []
    assert run_rules(_toc_rules(), outcome.text).text == outcome.text


def test_a_copy_put_back_keeps_the_other_findings_of_its_line() -> None:
    # The text's heading is tidied (an edit), then dropped as a copy of the contents' one, then put back
    # when the contents are cut: its drop goes from the findings, its edit stays.
    rules = [rule("normalize", "T0", target="spaces"), *_toc_rules()]
    outcome = run_rules(rules, TOC + TEXT.replace("Planting the seeds", "Planting  the seeds"))
    assert outcome.text.endswith(TEXT.strip() + "\n") and "Contents" not in outcome.text
    heading = TOC.count("\n") + 1
    assert [(f.rule_id, f.action) for f in outcome.findings if f.line == heading] == [("T0", "edit")]


def test_only_the_first_copy_comes_back() -> None:
    outcome = run_rules(_toc_rules(), TOC + TEXT + "Planting the seeds\n\nA closing line of the text that reads as a sentence too.\n")
    assert outcome.text.count("Planting the seeds") == 1
    assert [f.text for f in outcome.findings if f.rule_id == "T1"] == ["Planting the seeds"]


def test_a_copy_outside_the_text_left_stays_out() -> None:
    # A heading printed again in the footer, below the text: that copy has no text around it.
    outcome = run_rules(_toc_rules(), TOC + TEXT.replace(SECTION, "") + MENU + "Watering the beds\n\n" + MENU)
    assert "Watering the beds" not in outcome.text
    assert [f.text for f in outcome.findings if f.rule_id == "T1"] == ["Watering the beds"]


def test_copies_put_back_again_and_again_end_the_run() -> None:
    # A rule that drops a line as a copy whether or not one is left would have it put back after
    # every pass; the rounds of put-backs are bounded as the passes are.
    from ingest.engine import MAX_PASSES
    from ingest.kinds.base import without
    from ingest.kinds.duplicate import DuplicateRule

    calls = []

    class AlwaysCopy(DuplicateRule):
        def apply(self, lines, record):
            calls.append(1)
            if len(calls) > 50:  # the engine did not stop: stop here, so that the assertion below fails
                return lines, []
            drop = {i for i, line in enumerate(lines) if line.text == "Planting the seeds"}
            return without(lines, drop), [self.finding(lines[i], "drop", "copy") for i in drop]

    copying = AlwaysCopy(RuleSpec(id="T1", name="t1", kind="duplicate", options={"target": "repeated-line"}))
    assert copying.drops_copies
    run_rules([copying], "The first paragraph of the text, long enough.\n\nPlanting the seeds\n\nThe second paragraph of it.\n")
    assert len(calls) <= 2 * MAX_PASSES


def test_the_copy_inside_the_text_comes_back_when_an_earlier_one_stands_outside() -> None:
    # The heading printed in the table of contents, again among the menu's entries (a copy with no text
    # around it) and in the text: the copy in the text is the one to put back, not the menu's.
    menu = MENU.replace("Blog\n\n", "Blog\n\nWatering the beds\n\n")
    outcome = run_rules(_toc_rules(), TOC + menu + TEXT)
    assert outcome.text.endswith(TEXT.strip() + "\n") and "Blog" not in outcome.text
    assert run_rules(_toc_rules(), outcome.text).text == outcome.text


def test_no_rule_changes_the_list_it_is_given() -> None:
    # The engine keeps the list a rule was given, not a copy, and takes the very list again as the same
    # lines (engine._same_lines): that holds only while every rule gives back a new list for a change.
    from operator import is_

    from ingest.document import lines_of
    from support import RAW

    texts = [LAYERED, QUIET_SAMPLE] + [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]
    changed = set()
    for each in load().rules:
        for text in texts:
            lines = lines_of(text)
            before = list(lines)
            out, found = each.apply(lines, {})
            assert len(lines) == len(before) and all(map(is_, lines, before)), each.spec.id
            if out is not lines:
                changed.add(each.spec.id)
    assert len(changed) >= 10  # the samples give most kinds something to change


def test_rules_asking_for_the_same_lines_made_since_get_the_same_list() -> None:
    # So that what one rule found of it (its index, prefilter.index_of) stands for the next; a line made
    # between their serials makes the list anew.
    from ingest.document import SERIALS, lines_of
    from ingest.engine import MadeSince

    lines = lines_of("a\nb\nc")
    ran = [next(SERIALS), next(SERIALS)]  # two rules ran one after the other, then lines were made
    made = [lines[0], Line(2, "b!"), Line(3, "c!")]
    made_since = MadeSince()
    first = made_since(made, ran[0])
    assert first == made[1:] and made_since(made, ran[1]) is first
    ran += [next(SERIALS)]
    later = [*made[:2], Line(3, "c?")]  # a line made after the third rule ran: a new list
    assert made_since(later, ran[0]) == later[1:]
    assert made_since(later, ran[1]) == later[1:] and made_since(later, ran[2]) == later[2:]
    assert made_since(later, next(SERIALS)) == []


def test_the_lines_made_since_a_serial_are_those_of_the_whole_list() -> None:
    # engine.MadeSince picks them from those made since the serial asked about before, when that is not later.
    from operator import is_

    from ingest.document import lines_of
    from ingest.engine import MadeSince

    lines = lines_of("a\nb\nc\nd")
    made = [lines[0], Line(2, "b!"), lines[2], Line(4, "d!")]
    made[2:] = [Line(3, "c!"), made[3]]
    serials = sorted({line.serial for line in made})
    made_since = MadeSince()
    for serial in [serials[0] - 1, serials[0], serials[1], serials[0], serials[2], serials[2]]:
        fresh = made_since(made, serial)
        expected = [line for line in made if line.serial > serial]
        assert len(fresh) == len(expected) and all(map(is_, fresh, expected)), serial
    assert all(map(is_, made_since(lines, serials[0] - 1), lines))  # another list: read whole, not the last one's none
    assert len(made_since(lines, serials[0] - 1)) == len(lines)


def test_the_folds_and_their_spaces_are_kept_for_one_document_at_a_time() -> None:
    from pathlib import Path

    from ingest.document import FOLD_SPACES, FOLDED

    ruleset = load(Path(__file__).resolve().parent.parent / "rules" / "default.yaml")
    first = "\n".join(f"Alpha paragraph {n} of the first document, long enough to be compared with the others." for n in range(6))
    run_rules(ruleset.rules, first)
    assert any("alpha" in fold for fold in FOLD_SPACES) and any("alpha" in fold for fold in FOLDED.values())
    run_rules(ruleset.rules, first.replace("Alpha", "Beta").replace("first", "second"))
    assert not any("alpha" in fold for fold in [*FOLD_SPACES, *FOLDED.values()])  # the first document's are gone
