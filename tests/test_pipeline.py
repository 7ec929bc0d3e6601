import pytest

from ingest.config import RuleSet, load
from ingest.pipeline import _first_line, process
from ingest.text import words

RULES = load()
TEXT = ("Home > World\n\nFlood waters recede across the northern valley\n\n"
        + "Residents returned to their homes on Sunday after a week of rain, officials said. " * 8
        + "\n\nRelated Articles\nAnother story\n").encode()


def test_record_describes_the_document() -> None:
    result = process(TEXT, "doc", "raw/doc.txt", RULES)
    record = result.record
    assert record["status"] == "ok", record["messages"]
    assert record["format"] == "text" and record["encoding"] == "utf-8"
    assert record["title"] == "Flood waters recede across the northern valley"
    assert record["rules"]["SL302"] == {"count": 2, "chars": len("Related Articles") + len("Another story")}
    assert record["words_after"] < record["words_before"]
    assert record["ruleset"] == RULES.digest()
    assert "Related Articles" not in result.clean and result.clean.endswith("officials said.\n")


def test_the_title_is_looked_for_in_the_first_line_that_is_not_blank() -> None:
    # Blank as str.strip has it: a line of spaces and other white space (a line separator) is blank.
    assert _first_line("\n \t\n\u2028 \n  Flood waters recede\nResidents returned.\n") == "  Flood waters recede"
    assert _first_line("Flood waters recede") == "Flood waters recede"
    assert _first_line(" \n\u00a0\n") == ""


def test_without_hashes_the_findings_and_text_are_the_same_and_nothing_is_hashed() -> None:
    hashed, plain = process(TEXT, "doc", "raw/doc.txt", RULES), process(TEXT, "doc", "raw/doc.txt", RULES, hashes=False)
    assert (plain.findings, plain.clean) == (hashed.findings, hashed.clean)
    assert hashed.record["raw_sha256"] and hashed.record["clean_sha256"] and hashed.record["ruleset"]
    assert plain.record["raw_sha256"] is plain.record["clean_sha256"] is plain.record["ruleset"] is None
    keys = ("raw_sha256", "clean_sha256", "ruleset")
    assert {k: v for k, v in plain.record.items() if k not in keys} == {k: v for k, v in hashed.record.items() if k not in keys}


def test_a_text_dump_is_asked_once_whether_it_is_markdown_for_both_markdown_steps(monkeypatch) -> None:
    import ingest.links
    import ingest.rows
    from ingest import pipeline

    asked, is_markdown = [], ingest.links.is_markdown

    def counted(text: str) -> bool:
        asked.append(text)
        return is_markdown(text)

    for module in (ingest.links, ingest.rows, pipeline):
        monkeypatch.setattr(module, "is_markdown", counted)
    text = "[Home](/) | [World](/world/) | [Sport](/sport/)\n\nThe plan for the [new river\nbridge](/plan-\napproved/) goes to a vote.\n"
    result = process(text.encode(), "doc", "raw/doc.md", RULES)
    assert len(asked) == 1
    assert {"SL014", "SL015"} <= {finding.rule_id for finding in result.findings}  # both steps acted on its answer


def test_unreadable_input_is_recorded_as_failed() -> None:
    result = process(None, "gone", "raw/gone.txt", RULES, "cannot read: Permission denied")
    assert result.clean is None
    assert result.record["status"] == "fail"
    assert result.record["messages"] == ["SL001 unreadable: cannot read: Permission denied"]
    assert result.findings[0].rule_id == "SL001"


def test_binary_input_is_recorded_as_failed() -> None:
    result = process(b"\x89PNG\x00\x00\x00", "img", "raw/img.txt", RULES)
    assert result.record["status"] == "fail"
    assert "binary" in result.record["messages"][0]
    assert result.record["raw_sha256"] is not None


def test_empty_input_fails_validation() -> None:
    result = process(b"  \n\n", "empty", "raw/empty.txt", RULES)
    assert result.clean == ""
    assert result.record["status"] == "fail"
    assert result.record["messages"][0].startswith("SL002")


def test_html_goes_through_the_extractor() -> None:
    paragraph = "<p>The council met on Tuesday and approved the budget for the coming year after a long debate.</p>"
    page = (
        "<!DOCTYPE html><html><head><title>Council approves budget</title>"
        '<meta name="author" content="Jane Doe"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>Council approves budget</h1>{paragraph * 6}</article></body></html>"
    ).encode()
    result = process(page, "page", "raw/page.html", RULES)
    assert result.record["format"] == "html"
    assert result.record["title"] == "Council approves budget"
    assert result.record["author"] == "Jane Doe"
    assert "approved the budget" in result.clean and "<p>" not in result.clean


def test_placed_findings_of_an_html_page_point_at_its_source() -> None:
    paragraph = "<p>The council met on Tuesday and approved the budget for the coming year after a long debate.</p>"
    page = (
        "<!DOCTYPE html><html><head><title>Council approves budget</title></head><body>\n"
        f'<div class="share-bar"><a href="/s">Share</a></div>\n<article><h1>Council approves budget</h1>\n{paragraph * 3}\n'
        f"<p>Share this on WhatsApp</p>\n{paragraph * 3}\n</article></body></html>"
    ).encode()
    as_extracted = process(page, "p", "raw/p.html", RULES)
    placed = process(page, "p", "raw/p.html", RULES, placed=True)
    assert placed.clean == as_extracted.clean
    share_row = [(f.line, f.col) for f in placed.findings if f.rule_id == "SL201"]
    assert share_row == [(5, 4)]  # <p>Share this on WhatsApp</p>, the fifth line of the page
    assert [(f.line, f.col) for f in as_extracted.findings if f.rule_id == "SL201"] != share_row  # a line of the extracted text
    html_rules = [f for f in placed.findings if f.rule_id == "SL711"]
    assert html_rules and [(f.line, f.col) for f in html_rules] == [(2, 1)]  # the html rules' stay where they were


def hostile_rules(seconds: float = 0.5):
    from support import make

    from ingest.config import RuleSet, Thresholds

    rule = make("line", regex=[r"(\w+\s?)+$"], max_words=1000, sentence_words=5)
    return RuleSet([rule], Thresholds(rules_seconds=seconds))


HOSTILE_DOC = (TEXT.decode() + "abcdefghij " * 300 + "#\n").encode()


def test_a_rule_over_the_time_budget_fails_the_document_naming_rule_and_line() -> None:
    result = process(HOSTILE_DOC, "doc", "raw/doc.txt", hostile_rules())
    assert result.clean is None and result.record["status"] == "fail"
    finding = result.findings[0]
    assert (finding.rule_id, finding.severity, finding.line) == ("T100", "error", TEXT.decode().count("\n") + 1)
    assert "exceeded the time budget of 0.5 s" in finding.message
    assert result.record["messages"] == [f"T100 test-rule: {finding.message}"]
    assert result.record["format"] == "text" and result.record["words_before"] > 300


def test_the_budget_holds_off_the_main_thread_too() -> None:
    from support import in_a_thread

    result = in_a_thread(lambda: process(HOSTILE_DOC, "doc", "raw/doc.txt", hostile_rules()))
    assert result.record["status"] == "fail" and result.findings[0].rule_id == "T100"


def test_the_same_rule_within_its_budget_cleans_as_usual() -> None:
    result = process(TEXT, "doc", "raw/doc.txt", hostile_rules())
    assert result.record["status"] != "fail" and result.clean


def test_time_spent_outside_any_rule_is_reported_as_sl007(monkeypatch) -> None:
    import time

    import ingest.pipeline as pipeline

    def spin(*args):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(pipeline, "run_rules", spin)
    result = process(TEXT, "doc", "raw/doc.txt", hostile_rules(0.2))
    assert [f.rule_id for f in result.findings] == ["SL007"] and result.record["status"] == "fail"


def test_the_steps_of_a_page_share_one_time_budget(monkeypatch) -> None:
    import time

    import ingest.pipeline as pipeline
    import ingest.prune

    def slow(call):
        def wrapped(*args, **kwargs):
            time.sleep(0.3)
            return call(*args, **kwargs)

        return wrapped

    # Each step alone is within the 0.5 s budget; the html rules and the text rules together are not.
    monkeypatch.setattr(ingest.prune, "prune", slow(ingest.prune.prune))
    monkeypatch.setattr(pipeline, "run_rules", slow(pipeline.run_rules))
    page = b"<html><body><article><p>" + b"The council met on Tuesday and approved the budget for roads. " * 20 + b"</p></article></body></html>"
    result = process(page, "page", "raw/page.html", hostile_rules(0.5))
    assert [f.rule_id for f in result.findings] == ["SL007"] and "0.5 s" in result.findings[0].message



def test_a_page_whose_extraction_runs_past_its_budget_fails_and_is_not_cleaned_otherwise(monkeypatch) -> None:
    """An extraction stopped by its budget is not a page without main text: falling back to the
    page's text would give another clean text whenever the machine was loaded enough."""
    import time

    import ingest.extract

    def slow_prepare(tree, seen=None):
        time.sleep(5)  # the budget's timer stops it long before

    monkeypatch.setattr(ingest.extract, "BUDGET_SECONDS", 0.2)
    monkeypatch.setattr(ingest.extract, "prepare", slow_prepare)
    page = b"<html><body><article><p>" + b"The council met on Tuesday and approved the budget for roads. " * 20 + b"</p></article></body></html>"
    result = process(page, "page", "raw/page.html", hostile_rules(5))
    assert result.clean is None and result.record["status"] == "fail"
    assert [(f.rule_id, f.severity) for f in result.findings] == [("SL007", "error")]
    assert result.findings[0].message == "the extraction exceeded its time budget of 0.2 s; document not cleaned"
    assert result.record["messages"] == ["SL007 over-time-budget: the extraction exceeded its time budget of 0.2 s; document not cleaned"]


LISTING = (
    "<!DOCTYPE html><html><head><title>Walks near the coast</title></head><body>"
    "<aside><p>Sign up to our newsletter for weekly offers and never miss a deal again.</p></aside><ul>"
    + "".join(
        f"<li><h3>Walk {n}: the cliff path</h3><p>A {n} mile loop over the cliffs, past the old harbour and back through the woods.</p></li>"
        for n in range(1, 13)
    )
    + "</ul></body></html>"
).encode()


# Documents cleaned in a fresh process, their clean texts and findings printed: in another process
# `str` hashes differ (PYTHONHASHSEED), and with them the order of any set of strings the code iterates.
CLEAN_EACH = """
import json, sys
from dataclasses import astuple
from pathlib import Path
from ingest.config import load
from ingest.pipeline import process
rules = load()
results = [process(Path(path).read_bytes(), Path(path).stem, path, rules) for path in sys.argv[1:]]
print(json.dumps([[result.clean, [astuple(finding) for finding in result.findings]] for result in results]))
"""


def test_the_output_does_not_depend_on_the_hash_seed(tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys

    from support import REPO, RAW

    (tmp_path / "listing.html").write_bytes(LISTING)
    paths = [str(tmp_path / "listing.html"), *map(str, sorted(RAW.iterdir())), *map(str, sorted((REPO / "tests/fixtures/devset/listings").iterdir()))]
    outputs = [
        subprocess.run([sys.executable, "-c", CLEAN_EACH, *paths], cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True).stdout
        for seed in ("0", "1")
    ]
    assert len(json.loads(outputs[0])) == len(paths) and all(clean for clean, _ in json.loads(outputs[0]))
    assert outputs[0] == outputs[1]


# The default rules without the repeated-group, entry and fuller-text steps (repeats.py, entries.py,
# fuller.py), which would take the whole list of walks for the extracted ones or fill in their titles:
# for the tests of the other HTML steps.
WITHOUT_GROUPS = RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010", "SL012", "SL016"}))


def extracting(monkeypatch, text: str) -> None:
    """trafilatura, replaced by one that finds `text` as the page's main text."""
    import ingest.extract

    monkeypatch.setattr(ingest.extract, "extract", lambda *args, **kwargs: ingest.extract.Extracted(text))


def test_when_the_extractor_picks_a_sidebar_the_page_text_is_kept(monkeypatch) -> None:
    extracting(monkeypatch, "Sign up to our newsletter for weekly offers and never miss a deal again.")
    result = process(LISTING, "walks", "raw/walks.html", RULES)
    assert "A 7 mile loop over the cliffs" in result.clean and "Walk 12: the cliff path" in result.clean
    assert "SL008" in {f.rule_id for f in result.findings}
    assert "SL008" not in result.record["rules"]  # the record counts what rules removed; SL008 removed nothing
    assert result.record["words_before"] > 150  # the page's words, not the extraction's


def test_the_page_text_kept_leaves_out_the_page_furniture(monkeypatch) -> None:
    extracting(monkeypatch, "Sign up to our newsletter for weekly offers and never miss a deal again.")
    result = process(LISTING, "walks", "raw/walks.html", RULES)
    assert "Walk 12: the cliff path" in result.clean and "newsletter" not in result.clean  # it stood in an <aside>
    assert "without its furniture" in next(f.message for f in result.findings if f.rule_id == "SL008")


def test_an_extraction_the_page_text_holds_is_kept(monkeypatch) -> None:
    kept = "\n\n".join(
        f"Walk {n}: the cliff path\n\nA {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)
    )
    extracting(monkeypatch, kept)
    result = process(LISTING, "walks", "raw/walks.html", WITHOUT_GROUPS)
    assert result.clean.strip() == kept and "SL008" not in {f.rule_id for f in result.findings}


FIRST_WALKS = "\n\n".join(
    f"Walk {n}: the cliff path\n\nA {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)
)


def test_when_the_page_text_holds_the_extraction_and_more_of_its_list_the_page_text_is_kept(monkeypatch) -> None:
    extracting(monkeypatch, FIRST_WALKS)
    result = process(LISTING, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    assert "A 12 mile loop" in result.clean and "newsletter" not in result.clean  # the list's other walks; the <aside> left out
    [fuller] = [f for f in result.findings if f.rule_id == "SL016"]
    assert (fuller.rule_name, fuller.action) == ("fuller-page-text-kept", "report") and "SL016" not in result.record["rules"]


def test_a_page_whose_json_ld_says_it_is_an_article_keeps_its_extraction(monkeypatch) -> None:
    extracting(monkeypatch, FIRST_WALKS)
    ld = '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": ["NewsArticle"]}]}</script>'
    page = LISTING.replace(b"</title>", b"</title>" + ld.encode())
    result = process(page, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    assert result.clean.strip() == FIRST_WALKS and "SL016" not in {f.rule_id for f in result.findings}


def test_an_extraction_whose_page_text_adds_lines_outside_what_holds_it_is_kept(monkeypatch) -> None:
    story = [f"Day {n}: the tide came in over the causeway before noon and the ferry waited in the bay." for n in range(1, 5)]
    extracting(monkeypatch, "\n".join(story))
    page = LISTING.replace(b"<ul>", b"<main>" + b"".join(f"<p>{line}</p>".encode() for line in story) + b"</main><ul>")
    result = process(page, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    assert result.clean.strip().split("\n") == story and "SL016" not in {f.rule_id for f in result.findings}


# The listing in a script without spaces: its lines have one or two runs of word characters each.
CJK_LISTING = (
    "<!DOCTYPE html><html><head><title>海岸附近的步道</title></head><body>"
    "<aside><p>订阅我们的通讯，每周获取优惠信息，再也不会错过任何折扣。</p></aside><ul>"
    + "".join(f"<li><h3>第{n}条步道：悬崖小路</h3><p>沿着悬崖走{n}公里的环线并经过古老的港口，再穿过树林回到起点。</p></li>" for n in range(1, 13))
    + "</ul></body></html>"
).encode()


def test_in_a_script_without_spaces_the_page_text_holding_the_extraction_and_more_of_its_list_is_kept(monkeypatch) -> None:
    first = "\n\n".join(f"第{n}条步道：悬崖小路\n\n沿着悬崖走{n}公里的环线并经过古老的港口，再穿过树林回到起点。" for n in range(1, 5))
    extracting(monkeypatch, first)
    result = process(CJK_LISTING, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    assert "沿着悬崖走12公里" in result.clean and "订阅" not in result.clean  # the list's other walks; the <aside> left out
    assert "SL016" in {f.rule_id for f in result.findings}


def test_in_a_script_without_spaces_the_fallback_weighs_words_not_runs(monkeypatch) -> None:
    # A sidebar's tags, each a run of its own, picked by the extractor: by runs it would outweigh the
    # page's walks (two long runs to a line) and be too much of the page's text to fall back from.
    tags = "、".join(["徒步", "海岸", "悬崖", "港口", "树林", "环线", "周末", "家庭", "风景", "野餐", "日出", "灯塔"] * 2)
    extracting(monkeypatch, tags)
    page = CJK_LISTING.replace("<p>订阅".encode(), f"<p>{tags}</p><p>订阅".encode())
    result = process(page, "walks", "raw/walks.html", RULES)
    assert "沿着悬崖走12公里" in result.clean and tags not in result.clean
    assert "SL008" in {f.rule_id for f in result.findings}


# A page whose extraction also holds its header's menu (a wrapper the extractor kept whole).
MENU_PAGE = LISTING.replace(b"</aside>", b"</aside><header><div>Our guides lead walks in every county</div><div>Guided walks and tours</div></header>")
MENU_EXTRACTION = "Our guides lead walks in every county\nGuided walks and tours\n\n" + FIRST_WALKS


def test_lines_of_the_extraction_that_stand_in_the_pages_furniture_are_dropped(monkeypatch) -> None:
    extracting(monkeypatch, MENU_EXTRACTION)
    result = process(MENU_PAGE, "walks", "raw/walks.html", WITHOUT_GROUPS)
    assert result.clean == FIRST_WALKS + "\n"  # the blank line after the menu gone with it, the final line break kept
    assert [(f.rule_id, f.rule_name, f.action, f.line, f.text) for f in result.findings if f.rule_id == "SL017"] == [
        ("SL017", "furniture-dropped", "drop", 1, "Our guides lead walks in every county"),
        ("SL017", "furniture-dropped", "drop", 2, "Guided walks and tours"),
    ]
    assert result.record["rules"]["SL017"] == {"count": 2, "chars": len("Our guides lead walks in every county") + len("Guided walks and tours")}
    placed = process(MENU_PAGE, "walks", "raw/walks.html", WITHOUT_GROUPS, placed=True)  # for `check`: in the page's source
    assert [(f.line, f.col) for f in placed.findings if f.rule_id == "SL017"] == [(1, MENU_PAGE.index(b"Our guides") + 1), (1, MENU_PAGE.index(b"Guided") + 1)]


def test_a_dropped_furniture_line_is_found_at_its_line_in_the_extraction(monkeypatch) -> None:
    # Lines the text rules drop stand above the furniture: the clean text's lines are not the extraction's.
    extraction = "Share this page\n\nAdvertisement\n\n" + FIRST_WALKS + "\n\nOur guides lead walks in every county\n\nGuided walks and tours"
    extracting(monkeypatch, extraction)
    result = process(MENU_PAGE, "walks", "raw/walks.html", WITHOUT_GROUPS)
    lines = extraction.split("\n")
    assert [(f.line, f.text) for f in result.findings if f.rule_id == "SL017"] == [
        (lines.index(text) + 1, text) for text in ("Our guides lead walks in every county", "Guided walks and tours")
    ]
    assert result.clean == FIRST_WALKS + "\n"


@pytest.mark.parametrize(
    ("page", "extraction", "ignored", "step"),
    [
        (LISTING, FIRST_WALKS, "thread-kept, fuller-page-text-kept", "SL016"),
        (MENU_PAGE, MENU_EXTRACTION, "thread-kept, entry-completed, fuller-page-text-kept, furniture-dropped", "SL017"),
    ],
)
def test_ignoring_a_step_keeps_the_extraction_as_it_came(monkeypatch, tmp_path, page, extraction, ignored, step) -> None:
    extracting(monkeypatch, extraction)
    config = tmp_path / ".scrapelint.yaml"
    config.write_text(f"extends: default\nignore: [{ignored}]\n")
    result = process(page, "walks", "raw/walks.html", load(config))
    assert result.clean.strip() == extraction and step not in {f.rule_id for f in result.findings}


def test_when_the_extractor_keeps_the_first_items_of_a_list_the_whole_list_is_kept(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join(f"Walk {n}: the cliff path" for n in range(1, 4)))
    result = process(LISTING, "walks", "raw/walks.html", RULES)
    assert "Walk 12: the cliff path" in result.clean and "A 12 mile loop" in result.clean and "newsletter" not in result.clean
    assert "SL010" in {f.rule_id for f in result.findings}


def test_a_lone_block_the_extractor_dropped_between_two_it_kept_is_put_back_in_place(monkeypatch) -> None:
    paragraphs = [f"A {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)]
    extracting(monkeypatch, "\n".join(paragraphs))
    result = process(LISTING, "walks", "raw/walks.html", WITHOUT_GROUPS)
    lines = result.clean.strip().split("\n")
    assert lines[:3] == [paragraphs[0], "Walk 2: the cliff path", paragraphs[1]]
    assert "Walk 1: the cliff path" not in lines and "Walk 5: the cliff path" not in lines  # outside the extraction


def test_a_block_put_back_is_reported_where_it_stands_and_removes_nothing(monkeypatch) -> None:
    paragraphs = [f"A {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)]
    extracting(monkeypatch, "\n".join(paragraphs))
    result = process(LISTING, "walks", "raw/walks.html", WITHOUT_GROUPS)
    restored = [f for f in result.findings if f.rule_id == "SL009"]
    assert [(f.line, f.rule_name, f.severity, f.action) for f in restored] == [(line, "gap-restored", "info", "report") for line in (2, 4, 6)]
    assert "'Walk 2: the cliff path'" in restored[0].message
    assert "SL009" not in result.record["rules"] and result.record["status"] == "ok"


def test_a_block_put_back_is_placed_where_the_page_has_it(monkeypatch) -> None:
    paragraphs = [f"A {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)]
    extracting(monkeypatch, "\n".join(paragraphs))
    result = process(LISTING, "walks", "raw/walks.html", WITHOUT_GROUPS, placed=True)
    page = LISTING.decode()
    restored = [f for f in result.findings if f.rule_id == "SL009"]
    assert [f.line for f in restored] == [1, 1, 1]  # the page is one line
    assert [page[f.col - 1 :].split("<")[0] for f in restored] == [f"Walk {n}: the cliff path" for n in (2, 3, 4)]


def test_ignoring_gap_restored_leaves_the_dropped_blocks_out(monkeypatch, tmp_path) -> None:
    paragraphs = [f"A {n} mile loop over the cliffs, past the old harbour and back through the woods." for n in range(1, 5)]
    extracting(monkeypatch, "\n".join(paragraphs))
    config = tmp_path / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [gap-restored, thread-kept, entry-completed, fuller-page-text-kept]\n")
    result = process(LISTING, "walks", "raw/walks.html", load(config))
    assert result.clean.strip().split("\n") == paragraphs
    assert "SL009" not in {f.rule_id for f in result.findings}


def test_when_the_page_text_is_kept_no_block_is_reported_put_back(monkeypatch) -> None:
    extracting(monkeypatch, "Sign up to our newsletter for weekly offers.\nWalk 1: the cliff path\nWalk 3: the cliff path")
    result = process(LISTING, "walks", "raw/walks.html", WITHOUT_GROUPS)
    assert "SL008" in {f.rule_id for f in result.findings} and "SL009" not in {f.rule_id for f in result.findings}


def test_ignoring_page_text_kept_turns_the_fallback_off(monkeypatch, tmp_path) -> None:
    extracting(monkeypatch, "Sign up to our newsletter for weekly offers and never miss a deal again.")
    config = tmp_path / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [SL008]\n")
    result = process(LISTING, "walks", "raw/walks.html", load(config))
    assert "cliff" not in result.clean and "SL008" not in {f.rule_id for f in result.findings}


THREAD = (
    "<html><head><title>Chain skips</title></head><body><main>"
    + "".join(
        f"<div class='post'><p>Post {n}: the chain skipped under load on the hills until the worn cassette was replaced, said rider {n}.</p></div>"
        for n in range(1, 6)
    )
    + "</main></body></html>"
).encode()


def test_when_the_extractor_keeps_one_post_the_thread_is_kept(monkeypatch) -> None:
    extracting(monkeypatch, "Post 1: the chain skipped under load on the hills until the worn cassette was replaced, said rider 1.")
    result = process(THREAD, "thread", "raw/thread.html", RULES)
    assert [line.split(":")[0] for line in result.clean.strip().split("\n")] == [f"Post {n}" for n in range(1, 6)]
    assert [f.rule_id for f in result.findings if f.action == "report"] == ["SL010"] and "SL010" not in result.record["rules"]


POSTS_ZH = [
    "链条在上坡用力踩的时候一直跳齿，换了新链条也没有用，不知道还应该检查哪些零件。",
    "先看看飞轮的齿是不是已经磨成钩子的形状了，飞轮磨损以后新链条一样会跳齿。",
    "牙盘也要量一下，这几个零件是一起磨损的，骑了几千公里以后通常要一起更换。",
    "我去年也遇到过同样的问题，最后是把飞轮和链条一起换掉才彻底解决的。",
    "谢谢各位，今天换了飞轮以后再去爬坡就完全不跳齿了，骑起来也安静了很多。",
]
THREAD_ZH = ("<html><body><main>" + "".join(f"<div class='post'><p>{post}</p></div>" for post in POSTS_ZH) + "</main></body></html>").encode()


def test_the_thread_kept_is_counted_in_words_in_a_script_without_spaces(monkeypatch) -> None:
    extracting(monkeypatch, POSTS_ZH[0])
    result = process(THREAD_ZH, "thread", "raw/thread.html", RULES)
    message = next(f.message for f in result.findings if f.rule_id == "SL010")
    count = int(message.rsplit("(", 1)[1].split()[0])
    assert abs(count - words(result.clean)) <= 1  # not one word a post, as its spaces part it


def test_ignoring_thread_kept_keeps_the_one_post(monkeypatch, tmp_path) -> None:
    extracting(monkeypatch, "Post 1: the chain skipped under load on the hills until the worn cassette was replaced, said rider 1.")
    config = tmp_path / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [thread-kept]\n")
    result = process(THREAD, "thread", "raw/thread.html", load(config))
    assert result.clean.strip().startswith("Post 1:") and "Post 2" not in result.clean
    assert "SL010" not in {f.rule_id for f in result.findings}


def test_fallback_words_zero_turns_the_page_text_off(monkeypatch) -> None:
    from dataclasses import replace

    from ingest.config import RuleSet

    extracting(monkeypatch, "Sign up to our newsletter for weekly offers and never miss a deal again.")
    never = RuleSet(RULES.rules, replace(RULES.thresholds, fallback_words=0))
    result = process(LISTING, "walks", "raw/walks.html", never)
    assert "cliff" not in result.clean and "SL008" not in {f.rule_id for f in result.findings}


# A text dump hard-wrapped at 60 columns (as html2text, lynx and w3m leave pages), a share row under it.
WRAPPED_ARTICLE = "\n\n".join(
    __import__("textwrap").fill(paragraph, 60)
    for paragraph in (
        "The council met on Tuesday evening to discuss the budget for the coming year, and members spoke at "
        "length about the cost of repairing the old bridge, closed to lorries since the spring floods.",
        "A decision on the new library was put off until the next meeting, when the full report is due; the "
        "mayor thanked the residents who had written to her about the opening hours of the swimming pool.",
        "Work on the ring road starts in March and should take two years, the engineers said, though the "
        "contractor warned that a wet winter could push the finish back by several months.",
        "Share this article",
    )
).encode()


def test_a_hard_wrapped_dump_is_cleaned_paragraph_by_paragraph() -> None:
    result = process(WRAPPED_ARTICLE, "council", "raw/council.txt", RULES)
    paragraphs = result.clean.strip().split("\n\n")
    assert len(paragraphs) == 3 and all("\n" not in p for p in paragraphs)  # each paragraph one line again
    joined = [f for f in result.findings if f.rule_id == "SL011"]
    lines = WRAPPED_ARTICLE.decode().split("\n")
    starts = [n for n, line in enumerate(lines, 1) if line and (n == 1 or not lines[n - 2])]
    assert [f.line for f in joined] == starts[:3] and all(f.action == "report" for f in joined)
    assert "SL011" not in result.record["rules"]
    # a rule's finding points at the line of the input, not of the joined text
    share = next(f for f in result.findings if f.text == "Share this article")
    assert share.line == lines.index("Share this article") + 1 == starts[3]


def test_what_validation_finds_in_the_clean_text_is_shown_at_its_line_in_the_input() -> None:
    text = TEXT.decode().replace("officials said. Residents", "officials said. Resid\ufffdents", 1)
    result = process(text.encode(), "doc", "raw/doc.txt", RULES)
    [bad] = [f for f in result.findings if f.rule_id == "SL005"]
    line = next(n for n, piece in enumerate(text.split("\n"), 1) if "\ufffd" in piece)
    assert result.clean.split("\n").index(next(p for p in result.clean.split("\n") if "\ufffd" in p)) + 1 != line  # the breadcrumb went
    assert (bad.line, bad.col) == (line, text.split("\n")[line - 1].index("\ufffd") + 1)
    wrapped = WRAPPED_ARTICLE.decode().split("\n")
    at = next(n for n, piece in enumerate(wrapped) if len(piece.split()) > 6 and n > 0 and wrapped[n - 1])  # inside a paragraph
    word = wrapped[at].split()[3]
    wrapped[at] = wrapped[at].replace(word, word + "\ufffd", 1)
    [bad] = [f for f in process("\n".join(wrapped).encode(), "w", "raw/w.txt", RULES).findings if f.rule_id == "SL005"]
    assert (bad.line, bad.col) == (at + 1, wrapped[at].index("\ufffd") + 1)


def test_a_finding_inside_a_line_the_spaces_rule_shortened_is_at_its_column_in_the_input() -> None:
    body = "Residents returned to their homes on Sunday after a week of rain, officials said. " * 8
    line = "   The  river   peaked at nine metres, see  the   [full report](https://example.org/report) for   details."
    result = process(f"Flood waters recede\n\n{body}\n\n{line}\n\n{body}\n".encode(), "d", "raw/d.txt", RULES)
    [link] = [f for f in result.findings if f.rule_id == "SL104"]
    assert (link.line, link.col) == (5, line.index("(https") + 1)  # not its column in the shortened line
    assert link.text == "(https://example.org/report)"


NODE_DUMP = "\n".join(
    ["Home", "World", "Share this article"]
    + [piece for n in range(1, 9) for piece in (f"Crews worked through night {n} to clear the", "main road", ", officials said", ".")]
    + ["Related Articles", "Another story"]
)


def test_a_dump_of_text_nodes_has_its_sentences_joined_before_the_rules() -> None:
    result = process(NODE_DUMP.encode(), "nodes", "raw/nodes.txt", RULES)
    assert "Crews worked through night 3 to clear the main road, officials said." in result.clean.split("\n")
    joined = [f for f in result.findings if f.rule_id == "SL013"]
    lines = NODE_DUMP.split("\n")
    assert [f.line for f in joined] == [n for n, line in enumerate(lines, 1) if line.startswith("Crews")]
    assert "SL013" not in result.record["rules"] and all(f.action == "report" for f in joined)
    share = next(f for f in result.findings if f.text == "Share this article")
    assert share.line == 3  # the rules' findings point at the input's lines


def test_findings_map_back_through_both_joins() -> None:
    # Wrapped at 60 columns (SL011), each paragraph's full stop on a line of its own (SL013): the rules see
    # each paragraph on one line, and a link's finding points at the input line and column it came from.
    import textwrap

    para = "Crews worked through the night {} to clear the main road after the storm, and the council said the [full report](https://example.org/r) would follow within weeks of the flood"
    lines = [line for n in range(8) for line in [*textwrap.wrap(para.format(n), 60), ".", ""]]
    result = process("\n".join(lines).encode(), "d", "raw/d.txt", RULES)
    assert result.clean.split("\n")[0] == "Crews worked through the night 0 to clear the main road after the storm, and the council said the full report would follow within weeks of the flood."
    assert {f.rule_id for f in result.findings} >= {"SL011", "SL013", "SL104"}
    links = [(f.line, f.col) for f in result.findings if f.rule_id == "SL104"]
    assert links == [(n, lines[n - 1].index("(https") + 1) for n, line in enumerate(lines, 1) if "(https" in line]
    stops = [f.line for f in result.findings if f.rule_id == "SL013"]
    assert stops == [n for n, line in enumerate(lines, 1) if line.startswith("Crews")]  # where each joined sentence starts


def test_ignoring_hard_wraps_leaves_the_lines_as_they_came(tmp_path) -> None:
    config = tmp_path / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [hard-wraps]\n")
    result = process(WRAPPED_ARTICLE, "council", "raw/council.txt", load(config))
    assert "SL011" not in {f.rule_id for f in result.findings}
    assert result.clean.startswith("The council met on Tuesday evening to discuss the budget for\nthe coming year")


# Markdown whose converter broke a link and its target across lines, in a text too short to be wrapped.
BROKEN_LINK = "\n".join(
    ["# Flood waters recede", ""]
    + [f"Crews worked through night {n} to clear the main road, officials said, and residents returned." for n in range(1, 6)]
    + ["", "The council published the [full", "report](https://example.org/reports/flood-", "2024/) on its site.", ""]
    + [f"See [item {n}](/i/{n})" for n in range(3)]
)


def test_a_markdown_link_broken_across_lines_is_joined_and_its_target_removed() -> None:
    result = process(BROKEN_LINK.encode(), "md", "raw/md.txt", RULES)
    assert "The council published the full report on its site." in result.clean.split("\n")
    assert "2024" not in result.clean  # the piece of the target on a line of its own went with it
    [joined] = [f for f in result.findings if f.rule_id == "SL014"]
    assert (joined.line, joined.action) == (9, "report") and "SL014" not in result.record["rules"]
    target = next(f for f in result.findings if f.rule_id == "SL104" and "reports" in f.text)
    assert (target.line, target.col) == (10, len("report") + 2)  # where the target starts in the input


ROW_OF_LINKS = "\n".join(
    [f"Crews worked through night {n} to clear the [main road](/roads/main), officials said, and residents returned." for n in range(1, 6)]
    + ["", "[Read more from this author](/author/ana/) | [Follow @ana](https://social.example/ana)", ""]
)


def test_a_markdown_row_of_links_is_split_and_the_rules_judge_each_link() -> None:
    result = process(ROW_OF_LINKS.encode(), "md", "raw/md.txt", RULES)
    [split] = [f for f in result.findings if f.rule_id == "SL015"]
    assert (split.line, split.message) == (7, "2 links or blocks of one line put on a line each")
    # On a line of its own, the heading of what follows is the related-content rule's, which names it.
    read, follow = [f for f in result.findings if f.rule_id == "SL302"]
    assert read.text == "Read more from this author" and (read.line, read.col) == (7, 1)
    assert (follow.line, follow.col) == (7, ROW_OF_LINKS.split("\n")[6].index("[Follow") + 1)


@pytest.mark.parametrize(
    ("step", "name", "dump", "made"),
    [
        ("SL013", "broken-sentences", NODE_DUMP, lambda result: "Crews worked through night 3 to clear the main road, officials said." in result.clean),
        ("SL014", "broken-links", BROKEN_LINK, lambda result: "The council published the full report on its site." in result.clean),
        # one line of both links: no heading for the related-content rule
        ("SL015", "link-rows", ROW_OF_LINKS, lambda result: "SL302" in {f.rule_id for f in result.findings}),
    ],
)
def test_ignoring_a_joining_step_leaves_the_lines_as_they_came(tmp_path, step, name, dump, made) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"extends: default\nignore: [{name}]\n")
    result = process(dump.encode(), "d", "raw/d.txt", load(config))
    assert step not in {f.rule_id for f in result.findings} and not made(result)
    assert made(process(dump.encode(), "d", "raw/d.txt", RULES))

CARDS = [f"Walk {n} follows the cliff path past the old harbour, the lifeboat station and the chapel, then turns inland through the woods and the farm lanes to the village green and its tea room." for n in range(1, 13)]
GRID = (
    "<html><head><title>Walks</title></head><body><main>"
    + "".join(f"<div class='card'><a href='/w{n}'><h3>The cliff path, loop number {n}</h3></a><div>Walked by the club in May</div><p>{text}</p></div>" for n, text in enumerate(CARDS, 1))
    + "</main></body></html>"
).encode()


def test_the_titles_of_listing_entries_whose_teasers_were_kept_are_put_back(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join(CARDS))
    result = process(GRID, "walks", "raw/walks.html", RULES)
    assert result.clean.strip().split("\n")[:4] == ["The cliff path, loop number 1", "Walked by the club in May", CARDS[0], "The cliff path, loop number 2"]
    placed = [f for f in result.findings if f.rule_id == "SL012"]
    assert [(f.line, f.rule_name, f.action) for f in placed[:3]] == [(1, "entry-completed", "report"), (2, "entry-completed", "report"), (4, "entry-completed", "report")]
    assert len(placed) == 24 and "SL012" not in result.record["rules"]
    in_source = [f for f in process(GRID, "walks", "raw/walks.html", RULES, placed=True).findings if f.rule_id == "SL012"]
    page = GRID.decode().split("\n")
    assert len(in_source) == 24 and all(page[f.line - 1][f.col - 1 :].startswith(f.text.split(",")[0]) for f in in_source)


def test_a_short_extraction_that_stands_has_its_entries_filled_in(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join(CARDS[8:]))  # under validation.fallback_words, but the page's document
    result = process(GRID, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    lines = result.clean.strip().split("\n")
    assert lines[lines.index(CARDS[8]) - 2 :][:4] == ["The cliff path, loop number 9", "Walked by the club in May", CARDS[8], "The cliff path, loop number 10"]
    assert all(f"loop number {n}\n" in result.clean for n in range(1, 13))  # and the cards beside those kept
    assert "SL008" not in {f.rule_id for f in result.findings} and "SL012" in {f.rule_id for f in result.findings}



@pytest.mark.parametrize("kept", [CARDS[8:], CARDS], ids=["short", "long"])
def test_the_fuller_page_text_step_judges_the_extraction_with_its_entries_completed(monkeypatch, kept) -> None:
    # The teasers alone are a part of the grid that the page's text would replace (SL016); completed
    # with their titles and dates (SL012), they are the whole grid, and the completed text stands.
    extracting(monkeypatch, "\n".join(kept))
    bare = process(GRID, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010", "SL012"})))
    assert "SL016" in {f.rule_id for f in bare.findings}
    result = process(GRID, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    rule_ids = [f.rule_id for f in result.findings]
    assert "SL016" not in rule_ids and rule_ids.count("SL012") == 24 + 8 * (len(kept) < len(CARDS))

# Beside the grid, a box of tips in cards too: an extractor that picks the box picked the wrong part.
TIPS = [f"Tip {n}: pack a flask of tea and a spare pair of socks for the wet stretch." for n in range(1, 4)]
GRID_AND_TIPS = GRID.replace(
    b"</main>", b"</main><aside>" + b"".join(f"<div class='tip'><h4>Tip {n} of the week</h4><p>{tip}</p></div>".encode() for n, tip in enumerate(TIPS, 1)) + b"</aside>"
)


def test_a_short_extraction_left_to_the_fallback_has_no_entries_filled_in(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join(TIPS))
    result = process(GRID_AND_TIPS, "walks", "raw/walks.html", RULES)
    assert "SL008" in {f.rule_id for f in result.findings} and "SL012" not in {f.rule_id for f in result.findings}
    assert "loop number 12" in result.clean and "of the week" not in result.clean


def watching(monkeypatch) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts the fallback (SL008) judges, and the texts the text rules clean with their format, as
    the pipeline gives them."""
    from ingest import pipeline

    judged: list[str] = []
    cleaned: list[tuple[str, str]] = []
    judge, run = pipeline._page_text_instead, pipeline.run_rules
    monkeypatch.setattr(pipeline, "_page_text_instead", lambda ruleset, dump, tree, text: judged.append(text) or judge(ruleset, dump, tree, text))
    monkeypatch.setattr(pipeline, "run_rules", lambda rules, text, fmt: cleaned.append((text, fmt)) or run(rules, text, fmt))
    return judged, cleaned


def test_a_short_extraction_that_stands_is_judged_as_extracted_and_cleaned_once_with_its_entries_completed(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join(CARDS[8:]))
    judged, cleaned = watching(monkeypatch)
    result = process(GRID, "walks", "raw/walks.html", RuleSet(RULES.rules, RULES.thresholds, off=frozenset({"SL010"})))
    assert judged == ["\n".join(CARDS[8:])]  # not with the entries completed
    [extraction] = [text for text, fmt in cleaned if fmt == "html"]  # once, with them
    assert f"The cliff path, loop number 9\nWalked by the club in May\n{CARDS[8]}" in extraction
    assert "SL008" not in {f.rule_id for f in result.findings} and "SL012" in {f.rule_id for f in result.findings}


def test_a_short_extraction_left_to_the_fallback_is_judged_as_extracted_and_never_cleaned(monkeypatch) -> None:
    extracting(monkeypatch, "\n".join([*TIPS, "Share this article"]))
    judged, cleaned = watching(monkeypatch)
    result = process(GRID_AND_TIPS, "walks", "raw/walks.html", RULES)
    assert len(judged) == 1 and judged[0].endswith("\nShare this article")  # the share row the text rules cut, still there
    assert [fmt for _, fmt in cleaned] == ["text", "text"]  # the page judged against, then the page kept
    assert "SL008" in {f.rule_id for f in result.findings} and "loop number 12" in result.clean


def test_ignoring_entry_completed_keeps_the_extraction(monkeypatch, tmp_path) -> None:
    extracting(monkeypatch, "\n".join(CARDS))
    config = tmp_path / ".scrapelint.yaml"
    config.write_text("extends: default\nignore: [entry-completed, fuller-page-text-kept]\n")  # SL016 would keep the titles too
    result = process(GRID, "walks", "raw/walks.html", load(config))
    assert result.clean.strip().split("\n") == CARDS and "SL012" not in {f.rule_id for f in result.findings}


def test_a_page_whose_date_search_lxml_refuses_is_cleaned_without_a_date() -> None:
    # htmldate joins the text around a cut <style>; lxml refuses a join holding the form feed
    # `&#12;` parses to, which failed the whole page before.
    page = (b"<html><head><title>T</title></head><body><article><p>The council met on a Tuesday to talk about"
            b" the roads and the schools of the town and the budget for next year.</p><p>Lead words &#12;"
            b"<style>p{}</style> tail and more words about the roads of the town here.</p>" + b"<p>The budget for the"
            b" roads of the town was set at the meeting, and the schools will be paid for next year.</p>" * 3
            + b"</article></body></html>")
    result = process(page, "page", "raw/page.html", RULES)
    assert result.record["status"] == "ok", result.record["messages"]
    assert "Lead words" in result.clean
