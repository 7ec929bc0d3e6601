"""Whole-page dumps from the dev set: the document survives, the page around it does not."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.config import load
from ingest.decode import decode
from ingest.engine import run_rules
from ingest.text import fold

FIXTURES = Path(__file__).parent / "fixtures" / "devset"
DUMPS = sorted((FIXTURES / "dumps").glob("*.txt"))
RULES = load().rules


def clean(dump: Path) -> str:
    return run_rules(RULES, decode(dump.read_bytes()).text).text


def gold_paragraphs(dump: Path) -> list[str]:
    gold = (FIXTURES / "gold" / dump.name).read_text(encoding="utf-8")
    return [fold(line) for line in gold.split("\n") if len(line.split()) >= 20]


def header_menu(dump: Path) -> list[str]:
    """Short lines above the first paragraph of the gold text that the gold text does not hold."""
    gold = fold((FIXTURES / "gold" / dump.name).read_text(encoding="utf-8"))
    first = gold_paragraphs(dump)[0]
    menu = []
    for line in decode(dump.read_bytes()).text.split("\n"):
        folded = fold(line)
        if folded == first:
            break
        if folded and len(folded.split()) <= 4 and f" {folded} " not in f" {gold} ":
            menu.append(folded)
    return menu


@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.stem)
def test_paragraphs_of_the_document_survive(dump: Path) -> None:
    text = fold(clean(dump))
    paragraphs = gold_paragraphs(dump)
    missing = [p for p in paragraphs if p not in text]
    assert len(missing) <= len(paragraphs) // 10, missing


@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.stem)
def test_navigation_above_the_document_goes(dump: Path) -> None:
    kept = {fold(line) for line in clean(dump).split("\n")}
    menu = header_menu(dump)
    assert len(menu) >= 10
    survivors = [line for line in menu if line in kept]
    assert len(survivors) <= len(menu) // 10, survivors


@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.stem)
def test_most_of_what_is_left_is_the_document(dump: Path) -> None:
    gold_words = len(fold((FIXTURES / "gold" / dump.name).read_text(encoding="utf-8")).split())
    dump_words = len(fold(dump.read_text(encoding="utf-8")).split())
    left = len(fold(clean(dump)).split())
    assert left <= gold_words + (dump_words - gold_words) * 0.25


LISTINGS = sorted((FIXTURES / "listings").glob("*.txt"))


@pytest.mark.parametrize("dump", LISTINGS, ids=lambda p: p.stem)
def test_the_entries_of_a_listing_survive_beside_a_short_text(dump: Path) -> None:
    # A shop's category page or a listing: its document is the grid of products or the list of
    # entries; its prose is a notice far above it, or a short intro right above it.
    kept = Counter(fold(clean(dump)).split())
    gold = Counter(fold((FIXTURES / "gold" / dump.name).read_text(encoding="utf-8")).split())
    assert sum((gold & kept).values()) >= 0.85 * sum(gold.values())  # the names, prices and titles stay
    assert sum(kept.values()) <= 0.5 * len(fold(dump.read_text(encoding="utf-8")).split())  # the menus go


def test_short_lines_between_the_sections_of_a_review_survive() -> None:
    # wcxb_dev_0198 compares services section by section, each with its lists of pros and cons:
    # short lines, most of them printed once on the page, between two parts of the text.
    dump = FIXTURES / "reviews" / "wcxb_dev_0198.txt"
    kept = {fold(line) for line in clean(dump).split("\n")}
    gold = (FIXTURES / "gold" / dump.name).read_text(encoding="utf-8")
    short = [fold(line) for line in gold.split("\n") if 1 <= len(line.split()) <= 5]
    assert len(short) >= 30
    assert sum(line in kept for line in short) >= 0.9 * len(short)
