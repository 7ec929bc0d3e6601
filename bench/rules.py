#!/usr/bin/env python3
"""Per-rule audit of the text path on the dev set: what each rule removes, and how much of it is document.

Usage (from anywhere; the rules are this checkout's):
    python bench/rules.py [--devset PATH] [--subset scrapinghub|wcxb_dev ...] [--config FILE]
                          [--top N] [--show RULE] [--lines N] [--json]

It cleans every text/ dump of the chosen subsets (default: both) in this process, as `lint.py fix`
does, and adds up the findings that removed text (action drop, edit or move; a "report" removes
nothing) by rule id. One row per rule, sorted by gold words removed:

  pages   pages it removed something on (sh = of them scrapinghub pages)
  words   words it removed (score.py's tokens: lower-cased \\w+)
  gold    words of the removed lines that count as document: a removed line counts as document
          when more than half of its words are words of the page's gold text (the set of gold
          tokens); all its words then count
  share   gold / words
  lost    of the removed words, those the gold has and the output lacks (a multiset: what the
          rule cost in recall; when several rules removed copies of a word, the removal nearest
          the top of the page is charged)
  R cost  lost / gold words of each page, summed and divided by the pages cleaned: the macro
          recall (score.py's) the rule cost, as far as putting its removals back would restore it

`gold` is generous to the gold (a menu line of common words can count), `lost` is exact, but only
for recall. A rule that fires on one or two pages only may be fitted to one site's wording.
--show RULE prints the removed lines of one rule that count as document or lost gold words, with
their page, most lost first.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's ingest, not whichever is installed

from ingest import config, pipeline  # noqa: E402
from quality import DEFAULT_DEVSET, SUBSETS, load_scorer  # noqa: E402

REMOVING = ("drop", "edit", "move")
GOLD_LINE_SHARE = 0.5  # a removed line is document when more than this share of its words are gold words


@dataclass
class RuleTally:
    name: str
    pages: set[str] = field(default_factory=set)
    words: int = 0
    gold: int = 0
    lost: int = 0
    recall: float = 0.0  # sum over pages of lost / gold words; over the pages cleaned: the macro recall it cost
    # (lost words, page, line) of each removed line that counts as document or cost recall
    gold_lines: list[tuple[int, str, str]] = field(default_factory=list)

    def as_row(self, rule_id: str, pages_cleaned: int) -> dict:
        return {"rule": rule_id, "name": self.name, "pages": len(self.pages),
                "scrapinghub_pages": sum(page.startswith("scrapinghub/") for page in self.pages),
                "words": self.words, "gold": self.gold,
                "share": self.gold / self.words if self.words else 0.0, "lost": self.lost,
                "recall_cost": self.recall / pages_cleaned if pages_cleaned else 0.0}


def is_gold_line(tokens: list[str], gold_words: set[str]) -> bool:
    return bool(tokens) and sum(token in gold_words for token in tokens) > GOLD_LINE_SHARE * len(tokens)


def tally_page(tallies: dict[str, RuleTally], page: str, findings, clean: str, gold: str, tokens) -> None:
    """Add one cleaned page's removals to the tallies; `tokens` is score.py's word_tokens."""
    gold_tokens = tokens(gold)
    gold_words = set(gold_tokens)
    missing = Counter(gold_tokens) - Counter(tokens(clean))  # gold words the output lacks
    for finding in findings:
        if finding.action not in REMOVING or not finding.text:
            continue
        tally = tallies.setdefault(finding.rule_id, RuleTally(finding.rule_name))
        tally.pages.add(page)
        for line in finding.text.split("\n"):
            line_tokens = tokens(line)
            tally.words += len(line_tokens)
            lost = 0
            for token in line_tokens:
                if missing[token] > 0:
                    missing[token] -= 1
                    lost += 1
            tally.lost += lost
            tally.recall += lost / len(gold_tokens) if lost else 0.0
            gold_line = is_gold_line(line_tokens, gold_words)
            tally.gold += len(line_tokens) if gold_line else 0
            if gold_line or lost:
                tally.gold_lines.append((lost, page, line.strip()))


def audit(devset: Path, subsets, config_path: Path | None):
    """Tallies by rule id, and the macro word P/R/F1 of the outputs per subset (to check that
    this run cleans as `bench/quality.py --only text` does)."""
    scorer = load_scorer(devset)
    ruleset = config.load(config_path)
    tallies: dict[str, RuleTally] = {}
    figures = {}
    for subset in subsets:
        root = devset / subset
        scores = []
        for path in sorted((root / "text").glob("*.txt")):
            gold_path = root / "gold" / path.name
            if not gold_path.is_file():
                continue
            result = pipeline.process(path.read_bytes(), path.stem, str(path), ruleset)
            clean = result.clean or ""
            gold = gold_path.read_text(encoding="utf-8", errors="replace")
            tally_page(tallies, f"{subset}/{path.stem}", result.findings, clean, gold, scorer.word_tokens)
            scores.append(scorer.word_prf(clean, gold))
        figures[subset] = {"n": len(scores), **{key: mean(s[i] for s in scores) if scores else 0.0
                                                for i, key in enumerate(("precision", "recall", "f1"))}}
    return tallies, figures


def table(rows: list[dict]) -> list[str]:
    lines = [f"{'rule':<7} {'name':<28} {'pages':>5} {'sh':>3} {'words':>7} {'gold':>6} {'share':>5} {'lost':>5} {'R cost':>6}"]
    for row in rows:
        lines.append(f"{row['rule']:<7} {row['name'][:28]:<28} {row['pages']:5d} {row['scrapinghub_pages']:3d} "
                     f"{row['words']:7d} {row['gold']:6d} {row['share']:5.2f} {row['lost']:5d} {row['recall_cost']:6.4f}")
    return lines


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--subset", action="append", choices=SUBSETS, help="repeatable; default: both")
    parser.add_argument("--config", type=Path, help="scrapelint's config or pack (default: the bundled pack)")
    parser.add_argument("--top", type=int, default=0, metavar="N", help="print only the first N rows")
    parser.add_argument("--show", metavar="RULE", help="print the removed lines of RULE that count as document or lost gold words")
    parser.add_argument("--lines", type=int, default=40, metavar="N", help="at most N lines for --show")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    devset, subsets = args.devset.resolve(), list(dict.fromkeys(args.subset or SUBSETS))
    if not (devset / "score.py").is_file():
        sys.exit(f"{devset}: no score.py, not a dev set")
    tallies, figures = audit(devset, subsets, args.config.resolve() if args.config else None)
    cleaned = sum(f["n"] for f in figures.values())
    rows = sorted((tally.as_row(rule_id, cleaned) for rule_id, tally in tallies.items()),
                  key=lambda row: (-row["gold"], -row["words"], row["rule"]))
    rows = rows[:args.top] if args.top else rows
    if args.json:
        print(json.dumps({"subsets": figures, "rules": rows}))
        return 0
    lines = [" | ".join(f"{subset}: P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.4f} (n {f['n']})"
                        for subset, f in figures.items()), *table(rows)]
    if args.show:
        shown = tallies.get(args.show)
        gold_lines = shown.gold_lines if shown else []
        lines += ["", f"{args.show}: {len(gold_lines)} removed lines that count as document or lost gold words,"
                  " most lost first (lost words, page: line)"]
        lines += [f"  {lost:4d} {page}: {line[:160]}"
                  for lost, page, line in sorted(gold_lines, key=lambda item: -item[0])[:args.lines]]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
