#!/usr/bin/env python3
"""Would a linear per-line score, run after the rules, add to them? Cross-validated on the dev set.

Usage (from anywhere; scrapelint is run from the repository root):
    python bench/line_score.py [--devset PATH] [--seeds N]

A dev experiment, not part of scrapelint: it needs numpy (for the fit), which scrapelint does not.

It runs `lint.py fix` over both text/ subsets, then describes every line the rules kept by a handful
of readable features (FEATURES) and labels it from the gold text (document when most of its words
sit in word trigrams of the gold; LABEL_SHARE). A logistic regression, weighted so that every page
counts alike (the metric is a mean over pages), gives a weight per feature; the score would drop a
kept line whose probability of being document falls below a threshold chosen on the training pages.

Honesty: the weights and the threshold are fitted on half of the pages (stratified by page type,
scrapinghub counting as one type) and scored on the other half, then the halves swap, over several
random splits; the rules are scored on the same held-out halves. A second table trains on all page
types but one and scores the one left out. Word P/R/F1 are score.py's (devset), macro over pages.

Result when written: no held-out gain (wcxb_dev F1 -0.0006, recall -0.0034; scrapinghub +0.0000),
so the score is not in the default pack. Most of the boilerplate the rules keep is prose inside the
page's main run (comment threads, small print, parts of a long page the gold leaves out), which
these per-line features cannot tell from the document.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's ingest, not whichever is installed

from ingest.text import WORD, ends_as_sentence, is_prose, words  # noqa: E402
from quality import DEFAULT_DEVSET, SUBSETS, load_scorer, page_types, run_scrapelint  # noqa: E402

NEIGHBOURS = 3  # lines on each side that make a line's neighbourhood
EDGE = 3  # kept lines that count as the head or the tail of the page
SHORT_WORDS = 4  # a line of at most this many words is short (a menu item, a label)
MAIN_RUN_WORDS = 8  # a line adds its words less this to the page's main run (lines without terminal
# punctuation count half their words): the run with the largest sum is the main run
COHESION_LETTERS = 5  # words this long or longer count towards a line's cohesion with the main run
LABEL_SHARE = 0.5
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
L2 = 10.0

FEATURES = (
    "log_words",      # log(1 + words)
    "sentence",       # ends with terminal punctuation
    "prose",          # a sentence of ingest.text.PROSE_WORDS words or more
    "colon_end",      # ends with ":" (introduces a list, a table or code)
    "short_around",   # share of short lines among its neighbours
    "prose_around",   # share of prose lines among its neighbours
    "head",           # among the first EDGE kept lines
    "tail",           # among the last EDGE kept lines
    "repeated",       # the same text is kept elsewhere on the page
    "capitalised",    # share of its words that start with a capital
    "digits",         # share of its characters that are digits
    "in_main_run",    # inside the page's main run
    "from_main_run",  # log(1 + lines between it and the main run)
    "cohesion",       # share of its long words that the main run (elsewhere) also uses
)


def main_run(counts: list[int], sentences: list[bool]) -> tuple[int, int]:
    """First and last index of the run of lines with the largest sum of (words - MAIN_RUN_WORDS)."""
    best, total, start, span = 0.0, 0.0, 0, (0, -1)
    for index, (count, sentence) in enumerate(zip(counts, sentences)):
        value = (count if sentence else count / 2) - MAIN_RUN_WORDS
        total, start = (total + value, start) if total > 0 else (value, index)
        if total > best:
            best, span = total, (start, index)
    return span


def share(flags: list[bool], index: int) -> float:
    around = flags[max(0, index - NEIGHBOURS):index] + flags[index + 1:index + 1 + NEIGHBOURS]
    return sum(around) / len(around) if around else 0.0


def features(lines: list[str]) -> list[list[float]]:
    """One row of FEATURES per line (the kept lines of one page, blank lines left out)."""
    counts = [words(line) for line in lines]
    sentences = [ends_as_sentence(line) for line in lines]
    prose = [is_prose(line, count) for line, count in zip(lines, counts)]
    short = [c <= SHORT_WORDS for c in counts]
    seen = Counter(line.lower() for line in lines)
    first, last = main_run(counts, sentences)
    long_words = [{w.lower() for w in WORD.findall(line) if len(w) >= COHESION_LETTERS} for line in lines]
    in_run = Counter(w for index in range(first, last + 1) for w in long_words[index])
    rows = []
    for index, line in enumerate(lines):
        tokens = WORD.findall(line)
        inside = first <= index <= last
        own = long_words[index]
        # a line inside the run must find the word in another line of it
        cohesion = sum(in_run[w] > inside for w in own) / len(own) if own else 0.5
        rows.append([
            math.log1p(counts[index]), float(sentences[index]), float(prose[index]),
            float(line.endswith(":")), share(short, index), share(prose, index),
            float(index < EDGE), float(index >= len(lines) - EDGE), float(seen[line.lower()] > 1),
            sum(t[0].isupper() for t in tokens) / len(tokens) if tokens else 0.0,
            sum(c.isdigit() for c in line) / len(line), float(inside),
            math.log1p(max(0, first - index, index - last)), cohesion,
        ])
    return rows


def document_share(tokens: list[str], trigrams: set[tuple[str, str, str]], gold_text: str) -> float:
    """Share of a line's words (`tokens`, as the scorer reads them) that sit in a word trigram of the
    gold (a line of one or two words: 1 if it appears in the gold as it is)."""
    if len(tokens) < 3:
        return float(bool(tokens) and f" {' '.join(tokens)} " in gold_text)
    covered = [False] * len(tokens)
    for i in range(len(tokens) - 2):
        if tuple(tokens[i:i + 3]) in trigrams:
            covered[i] = covered[i + 1] = covered[i + 2] = True
    return sum(covered) / len(tokens)


def load_pages(scorer, devset: Path, tmp: Path) -> list[dict]:
    pages = []
    for subset in SUBSETS:
        root = devset / subset
        out = run_scrapelint(root / "text", tmp / subset)
        types = page_types(devset, subset)
        for gold_path in sorted((root / "gold").glob("*.txt")):
            gold = gold_path.read_text(encoding="utf-8")
            kept = out / gold_path.name
            text = kept.read_text(encoding="utf-8") if kept.exists() else ""
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            gold_words = scorer.word_tokens(gold)
            trigrams = set(zip(gold_words, gold_words[1:], gold_words[2:]))
            gold_text = f" {' '.join(gold_words)} "
            pages.append({
                "id": gold_path.stem, "subset": subset, "type": types.get(gold_path.stem) or subset,
                "gold": gold, "lines": lines,
                "X": np.array(features(lines)).reshape(len(lines), len(FEATURES)),
                "y": np.array([document_share(scorer.word_tokens(line), trigrams, gold_text) >= LABEL_SHARE
                               for line in lines], float),
                "w": np.array([max(1, words(line)) for line in lines], float),
            })
    return pages


def fit(pages: list[dict]) -> np.ndarray:
    """Logistic regression (Newton steps, L2 on standardised features); returns the bias followed
    by one weight per feature, on the features' own scale."""
    with_lines = [p for p in pages if p["lines"]]
    X = np.vstack([p["X"] for p in with_lines])
    y = np.concatenate([p["y"] for p in with_lines])
    weight = np.concatenate([p["w"] / p["w"].sum() for p in with_lines])
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])
    beta = np.zeros(Z.shape[1])
    ridge = L2 * np.eye(len(beta))
    for _ in range(50):
        p = 1 / (1 + np.exp(-Z @ beta))
        step = np.linalg.solve((Z * (weight * p * (1 - p))[:, None]).T @ Z + ridge,
                               Z.T @ (weight * (p - y)) + ridge @ beta)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return np.concatenate([[beta[0] - (beta[1:] * mu / sd).sum()], beta[1:] / sd])


def kept_by_score(page: dict, beta: np.ndarray, threshold: float) -> list[bool]:
    if not page["lines"]:
        return []
    return list(1 / (1 + np.exp(-(beta[0] + page["X"] @ beta[1:]))) >= threshold)


def macro(scorer, pages: list[dict], keeps: list[list[bool]]) -> tuple[float, float, float]:
    scores = [scorer.word_prf("\n".join(l for l, k in zip(p["lines"], keep) if k), p["gold"])
              for p, keep in zip(pages, keeps)]
    return tuple(mean(column) for column in zip(*scores)) if scores else (0.0, 0.0, 0.0)


def rules_only(pages: list[dict]) -> list[list[bool]]:
    return [[True] * len(p["lines"]) for p in pages]


def train(scorer, pages: list[dict]) -> tuple[np.ndarray, float]:
    beta = fit(pages)
    threshold = max(THRESHOLDS, key=lambda t: macro(scorer, pages, [kept_by_score(p, beta, t) for p in pages])[2])
    return beta, threshold


def halves(pages: list[dict], seed: int) -> tuple[list[dict], list[dict]]:
    """Two halves of the pages, each page type split evenly."""
    rng, by_type = random.Random(seed), defaultdict(list)
    for page in pages:
        by_type[page["type"]].append(page)
    first, second = [], []
    for kind in sorted(by_type):
        group = by_type[kind][:]
        rng.shuffle(group)
        first += group[::2]
        second += group[1::2]
    return first, second


def row(name: str, rules, score) -> str:
    return (f"{name:<14} rules P {rules[0]:.4f} R {rules[1]:.4f} F1 {rules[2]:.4f} | "
            f"score P {score[0]:.4f} R {score[1]:.4f} F1 {score[2]:.4f} | dF1 {score[2] - rules[2]:+.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--seeds", type=int, default=3, help="random half splits (each used both ways)")
    args = parser.parse_args(argv)
    devset = args.devset.resolve()
    scorer = load_scorer(devset)
    with tempfile.TemporaryDirectory(prefix="scrapelint-line-score-") as tmp:
        pages = load_pages(scorer, devset, Path(tmp))

    held_out: dict[str, list] = defaultdict(list)
    thresholds = []
    for seed in range(args.seeds):
        first, second = halves(pages, seed)
        for train_pages, test_pages in ((first, second), (second, first)):
            beta, threshold = train(scorer, train_pages)
            thresholds.append(threshold)
            for subset in SUBSETS:
                test = [p for p in test_pages if p["subset"] == subset]
                held_out[subset].append((macro(scorer, test, rules_only(test)),
                                         macro(scorer, test, [kept_by_score(p, beta, threshold) for p in test])))
    print(f"held-out halves ({args.seeds} splits x 2; thresholds chosen on the training half: {thresholds})")
    for subset, runs in held_out.items():
        rules, score = ([mean(col) for col in zip(*(run[i] for run in runs))] for i in (0, 1))
        print(row(subset, rules, score))

    print("\ntrained on the other page types, scored on this one")
    for kind in sorted({p["type"] for p in pages}):
        test = [p for p in pages if p["type"] == kind]
        beta, threshold = train(scorer, [p for p in pages if p["type"] != kind])
        print(row(kind, macro(scorer, test, rules_only(test)),
                  macro(scorer, test, [kept_by_score(p, beta, threshold) for p in test])))

    beta, threshold = train(scorer, pages)
    print(f"\nfitted on every page (threshold {threshold}): bias {beta[0]:+.2f}, "
          + ", ".join(f"{name} {weight:+.2f}" for name, weight in zip(FEATURES, beta[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
