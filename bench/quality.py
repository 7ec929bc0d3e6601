#!/usr/bin/env python3
"""Cleaning quality of scrapelint on the labelled dev set, beside baselines.

Usage (from anywhere; scrapelint is run from the repository root):
    python bench/quality.py [--devset PATH] [--subset scrapinghub|wcxb_dev ...]
                            [--only text|html] [--config FILE] [--json] [--per-doc] [--worst N]
                            [--reweight]

For each subset of the dev set (see its README.md) it scores, with the
devset's own score.py (word-level P/R/F1, macro over documents):

  text path (input text/ whole-page dumps)
    no-cleaning   the dump as is
    c4            the C4 line filter (line-level rules only, no page drops)
    scrapelint    python lint.py fix text/ --out TMP
  html path (input html/ pages)
    trafilatura   trafilatura.extract(html) with default settings
    scrapelint    python lint.py fix html/ --out TMP

For wcxb_dev it adds a per page type F1 breakdown (meta.jsonl).  A missing
prediction file counts as an empty prediction and is reported in `miss`.

--reweight adds an estimate for the pages scrapelint is judged on: the issues give the
baselines' F1 there (no cleaning and C4 on dumps, trafilatura on HTML), and the dev pages are
weighted, as evenly as can be (exponential tilting, the maximum-entropy weights), so that the
baselines' weighted mean F1 equals those figures; scrapelint's weighted P/R/F1 follow, with the
effective number of pages the weights leave.  An estimate, not a measurement on unseen pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = REPO.parent / "shared" / "devset"
SUBSETS = ("scrapinghub", "wcxb_dev")
PATHS = ("text", "html")
METHODS = {"text": ("no-cleaning", "c4", "scrapelint"),
           "html": ("trafilatura", "scrapelint")}

# C4 (Raffel et al. 2020, tensorflow_datasets c4_utils) line-level heuristics.
C4_END_MARKS = (".", "!", "?", '"', "'")
C4_MIN_WORDS = 5
C4_BAD_WORDS = ("javascript", "lorem ipsum")
C4_POLICY = ("terms of use", "privacy policy", "cookie policy",
             "uses cookies", "use of cookies", "use cookies")

# The baselines' macro F1 on the pages scrapelint is judged on, as issues 3 and 4 give them.
JUDGED_BASELINES = {
    ("scrapinghub", "text"): {"no-cleaning": 0.63, "c4": 0.80},
    ("wcxb_dev", "text"): {"no-cleaning": 0.72, "c4": 0.73},
    ("scrapinghub", "html"): {"trafilatura": 0.946},
    ("wcxb_dev", "html"): {"trafilatura": 0.861},
}


def load_scorer(devset: Path):
    """Import the devset's score.py so figures match it exactly."""
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- methods: each writes <id>.txt predictions and returns the prediction dir

def c4_keep(line: str) -> bool:
    """True if the C4 line filter keeps this (stripped) line."""
    lower = line.lower()
    return (line.endswith(C4_END_MARKS) and not line.endswith("...")
            and len(line.split()) >= C4_MIN_WORDS
            and not any(word in lower for word in C4_BAD_WORDS)
            and not any(phrase in lower for phrase in C4_POLICY))


def c4_filter(text: str) -> str:
    return "\n".join(line for line in map(str.strip, text.splitlines()) if c4_keep(line))


def run_no_cleaning(src: Path, out: Path) -> Path:
    return src  # the dumps are the predictions; no copy needed


def run_c4(src: Path, out: Path) -> Path:
    out.mkdir(parents=True)
    for path in sorted(src.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        (out / path.name).write_text(c4_filter(text), encoding="utf-8")
    return out


def run_trafilatura(src: Path, out: Path) -> Path:
    import trafilatura

    out.mkdir(parents=True)
    for path in sorted(src.glob("*.html")):
        text = trafilatura.extract(path.read_bytes()) or ""
        (out / f"{path.stem}.txt").write_text(text, encoding="utf-8")
    return out


def run_scrapelint(src: Path, out: Path, config: Path | None = None) -> Path:
    cmd = [sys.executable, "lint.py", "fix", str(src), "--out", str(out)]
    if config is not None:
        cmd += ["--config", str(config)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        print(f"warning: {shlex.join(cmd)} exited {proc.returncode}: "
              + " | ".join(tail), file=sys.stderr)
    return out


RUNNERS = {"no-cleaning": run_no_cleaning, "c4": run_c4,
           "trafilatura": run_trafilatura, "scrapelint": run_scrapelint}


# --- evaluation

def evaluate(scorer, devset: Path, subsets, paths, tmp: Path, config: Path | None = None) -> list[dict]:
    """Run every method on every subset/path; one result record each."""
    results = []
    for subset in subsets:
        root = devset / subset
        meta = root / "meta.jsonl"
        for path in paths:
            for method in METHODS[path]:
                start = time.perf_counter()
                target = tmp / subset / path / method
                pred = run_scrapelint(root / path, target, config) if method == "scrapelint" else RUNNERS[method](root / path, target)
                secs = time.perf_counter() - start
                rows = scorer.score_dirs(pred, root / "gold")
                record = {"subset": subset, "path": path, "method": method,
                          "secs": secs, "rows": rows, "summary": scorer.summarise(rows)}
                if subset == "wcxb_dev" and meta.exists():
                    record["by_type"] = scorer.by_group(rows, meta)
                results.append(record)
    return results


# --- reweighting to the judged pages' baselines

def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix @ x = vector, by Gaussian elimination with partial pivoting (k is 1 or 2)."""
    k = len(vector)
    rows = [list(row) + [value] for row, value in zip(matrix, vector)]
    for col in range(k):
        pivot = max(range(col, k), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(k):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][k] / rows[i][i] for i in range(k)]


def tilted_weights(features: list[list[float]], targets: list[float], steps: int = 100) -> list[float] | None:
    """Weights w_i proportional to exp(sum_j lam_j * features[j][i]) whose weighted means of the
    features equal `targets` (Newton's method on the dual), or None when none are found in `steps`:
    a target outside what the pages' values can average to, or at its bound. A target within the
    tolerance of a bound gives weights on very few pages, which the effective number of pages shows."""
    n, k = len(features[0]), len(features)
    lam = [0.0] * k
    for _ in range(steps):
        logits = [sum(lam[j] * features[j][i] for j in range(k)) for i in range(n)]
        top = max(logits)
        raw = [math.exp(x - top) for x in logits]
        total = sum(raw)
        w = [x / total for x in raw]
        means = [sum(wi * fi for wi, fi in zip(w, features[j])) for j in range(k)]
        gap = [m - t for m, t in zip(means, targets)]
        if max(map(abs, gap)) < 1e-6:
            return w
        cov = [[sum(wi * (features[a][i] - means[a]) * (features[b][i] - means[b]) for i, wi in enumerate(w)) + (1e-12 if a == b else 0.0)
                for b in range(k)] for a in range(k)]
        step = _solve(cov, gap)  # the ridge on the diagonal keeps every pivot above zero
        lam = [l - s for l, s in zip(lam, step)]
    return None


def reweighted(results: list[dict], types: dict[str, dict[str, str]] | None = None) -> list[dict]:
    """For each subset and path with judged baselines: the baselines on the dev pages and under the
    tilted weights, scrapelint's weighted P/R/F1, and the effective number of pages (1 / sum w^2).
    With the subset's page types (`types[subset]`, id -> type), the same again with one weight per
    type (a mix of page types, pages of a type weighted alike) under "type_mix"."""
    by_key = {(r["subset"], r["path"], r["method"]): r for r in results}
    out = []
    for (subset, path), targets in JUDGED_BASELINES.items():
        ours = by_key.get((subset, path, "scrapelint"))
        if ours is None or not all((subset, path, m) in by_key for m in targets):
            continue
        ids = [row["id"] for row in ours["rows"]]
        if not ids:
            continue
        features = []
        for method in targets:
            f1 = {row["id"]: row["f1"] for row in by_key[(subset, path, method)]["rows"]}
            features.append([f1[i] for i in ids])
        w = tilted_weights(features, list(targets.values()))
        entry = {"subset": subset, "path": path,
                 "baselines": {m: {"dev": sum(f) / len(f), "judged": t} for (m, t), f in zip(targets.items(), features)}}
        if w is not None:
            entry["scrapelint"] = {key: sum(wi * row[key] for wi, row in zip(w, ours["rows"])) for key in ("p", "r", "f1")}
            entry["effective_pages"] = 1 / sum(wi * wi for wi in w)
        entry["pages"] = len(ids)
        kinds = (types or {}).get(subset)
        if kinds and len(set(kinds.values()) - {""}) >= 2:  # a subset without page types has no mix
            entry["type_mix"] = _type_mix(ids, [kinds.get(i, "") for i in ids], features, list(targets.values()), ours["rows"])
        out.append(entry)
    return out


def _type_mix(ids: list[str], kinds: list[str], features: list[list[float]], targets: list[float], rows: list[dict]) -> dict | None:
    """The type weights whose mix gives the baselines their judged means, and scrapelint's P/R/F1
    under them; None when no mix of the types reaches them."""
    names = sorted(set(kinds))
    members = {name: [i for i, kind in enumerate(kinds) if kind == name] for name in names}
    means = [[sum(f[i] for i in members[name]) / len(members[name]) for name in names] for f in features]
    w = tilted_weights(means, targets)
    if w is None:
        return None
    page = [0.0] * len(ids)
    for wt, name in zip(w, names):
        for i in members[name]:
            page[i] = wt / len(members[name])
    return {"scrapelint": {key: sum(pw * row[key] for pw, row in zip(page, rows)) for key in ("p", "r", "f1")},
            "type_weights": dict(zip(names, w))}


def reweight_table(entries: list[dict]) -> list[str]:
    lines = ["reweighted so the baselines score as on the judged pages (issues 3, 4; an estimate):",
             f"{'subset':<12} {'path':<5} {'baselines, dev -> judged':<40} {'P':>6} {'R':>6} {'F1':>6} {'pages':>11}"]
    for e in entries:
        base = ", ".join(f"{m} {b['dev']:.3f}->{b['judged']:.3f}" for m, b in e["baselines"].items())
        if "scrapelint" not in e:
            lines.append(f"{e['subset']:<12} {e['path']:<5} {base:<40} no weights reach these baselines")
            continue
        s = e["scrapelint"]
        lines.append(f"{e['subset']:<12} {e['path']:<5} {base:<40} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} "
                     f"{e['effective_pages']:5.0f} of {e['pages']:<3}")
        if "type_mix" in e:
            mix = e["type_mix"]
            if mix is None:
                lines.append(f"{'':<18} {'by a mix of page types':<40} no mix reaches these baselines")
                continue
            s = mix["scrapelint"]
            lines.append(f"{'':<18} {'by a mix of page types:':<40} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}")
            lines.append(f"{'':<18} " + ", ".join(f"{name} {weight:.2f}" for name, weight in mix["type_weights"].items()))
    return lines


def page_types(devset: Path, subset: str) -> dict[str, str]:
    meta = devset / subset / "meta.jsonl"
    if not meta.exists():
        return {}
    with open(meta, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {r["id"]: r.get("page_type") or "" for r in records}


def label(record: dict) -> str:
    method = record["method"]
    return f"{method}({record['path']})" if method == "scrapelint" else method


def scrapelint_version() -> str | None:
    proc = subprocess.run([sys.executable, "lint.py", "--version"], cwd=REPO,
                          capture_output=True, text=True)
    out = proc.stdout.strip() or proc.stderr.strip()
    return out if proc.returncode == 0 and out else None


# --- reporting

def header(command: str, version: str | None, results: list[dict]) -> str:
    secs: dict[str, float] = {}
    for record in results:
        secs[label(record)] = secs.get(label(record), 0.0) + record["secs"]
    parts = [f"# {command}", version or "scrapelint version unknown",
             "elapsed s: " + ", ".join(f"{name} {s:.1f}" for name, s in secs.items())]
    return " | ".join(parts)


def main_table(results: list[dict]) -> list[str]:
    lines = [f"{'subset':<12} {'path':<5} {'method':<12} {'P':>6} {'R':>6} {'F1':>6} "
             f"{'n':>4} {'miss':>4} {'empty':>5} {'secs':>6}"]
    for r in results:
        s, w = r["summary"], r["summary"]["words"]
        lines.append(f"{r['subset']:<12} {r['path']:<5} {r['method']:<12} "
                     f"{w['precision']:6.3f} {w['recall']:6.3f} {w['f1']:6.3f} "
                     f"{s['docs']:4d} {s['missing']:4d} {s['empty']:5d} {r['secs']:6.1f}")
    return lines


def type_table(results: list[dict]) -> list[str]:
    typed = [r for r in results if "by_type" in r]
    if not typed:
        return []
    names = [label(r) for r in typed]
    widths = [max(len(name), 6) for name in names]
    types = sorted(typed[0]["by_type"])
    lines = ["wcxb_dev per page type (F1):",
             f"{'type':<14} {'n':>3}  " + " ".join(f"{n:>{w}}" for n, w in zip(names, widths))]
    for t in types + ["ALL"]:
        groups = [r["summary"] if t == "ALL" else r["by_type"][t] for r in typed]
        cells = " ".join(f"{g['words']['f1']:>{w}.3f}" for g, w in zip(groups, widths))
        lines.append(f"{t:<14} {groups[0]['docs']:>3}  {cells}")
    return lines


def doc_rows(record: dict, types: dict[str, str]) -> list[dict]:
    return [{"id": row["id"], "page_type": types.get(row["id"], ""), "p": row["p"],
             "r": row["r"], "f1": row["f1"], "missing": row["missing"]}
            for row in record["rows"]]


def doc_table(title: str, docs: list[dict]) -> list[str]:
    lines = [title, f"  {'P':>6} {'R':>6} {'F1':>6}  {'type':<14} id"]
    for d in docs:
        flag = "  (missing)" if d["missing"] else ""
        lines.append(f"  {d['p']:6.3f} {d['r']:6.3f} {d['f1']:6.3f}  "
                     f"{d['page_type']:<14} {d['id']}{flag}")
    return lines


def scrapelint_docs(results, devset, per_doc: bool, worst: int) -> dict[str, dict]:
    """Per-document and worst-N listings of scrapelint, keyed 'subset/path'."""
    out = {}
    for r in results:
        if r["method"] != "scrapelint" or not (per_doc or worst):
            continue
        docs = doc_rows(r, page_types(devset, r["subset"]))
        entry = {}
        if per_doc:
            entry["per_doc"] = docs
        if worst:
            entry["worst"] = sorted(docs, key=lambda d: (d["f1"], d["id"]))[:worst]
        out[f"{r['subset']}/{r['path']}"] = entry
    return out


def as_json(command, version, devset, results, docs) -> dict:
    figures = []
    for r in results:
        s = r["summary"]
        item = {"subset": r["subset"], "path": r["path"], "method": r["method"],
                "precision": s["words"]["precision"], "recall": s["words"]["recall"],
                "f1": s["words"]["f1"], "n": s["docs"], "missing": s["missing"],
                "empty": s["empty"], "sh4_f1": s["sh4"]["f1"], "secs": round(r["secs"], 2)}
        if "by_type" in r:
            item["by_page_type"] = {t: {"n": g["docs"], "f1": g["words"]["f1"]}
                                    for t, g in r["by_type"].items()}
        figures.append(item)
    return {"command": command, "scrapelint_version": version, "devset": str(devset),
            "results": figures, "scrapelint_docs": docs}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--subset", action="append", choices=SUBSETS,
                        help="repeatable; default: all subsets")
    parser.add_argument("--only", choices=PATHS, help="run one input path only")
    parser.add_argument("--config", type=Path, help="scrapelint's config or pack (default: the bundled pack)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--per-doc", action="store_true",
                        help="print per-document P/R/F1 of scrapelint")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="print the N worst documents by scrapelint F1")
    parser.add_argument("--reweight", action="store_true",
                        help="estimate the figures on pages whose baselines score as the issues say the judged pages do")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    devset = args.devset.resolve()
    if not (devset / "score.py").is_file():
        print(f"{devset}: no score.py, not a dev set", file=sys.stderr)
        return 2
    subsets = list(dict.fromkeys(args.subset or SUBSETS))
    paths = [args.only] if args.only else list(PATHS)
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    scorer = load_scorer(devset)
    version = scrapelint_version()
    with tempfile.TemporaryDirectory(prefix="scrapelint-quality-") as tmp:
        config = args.config.resolve() if args.config else None
        results = evaluate(scorer, devset, subsets, paths, Path(tmp), config)
    docs = scrapelint_docs(results, devset, args.per_doc, args.worst)
    estimates = reweighted(results, {subset: page_types(devset, subset) for subset in subsets}) if args.reweight else []
    if args.json:
        report = as_json(command, version, devset, results, docs)
        if args.reweight:
            report["reweighted"] = estimates
        print(json.dumps(report))
        return 0
    lines = [header(command, version, results), *main_table(results)]
    type_lines = type_table(results)
    if type_lines:
        lines += ["", *type_lines]
    for key, entry in docs.items():
        if "per_doc" in entry:
            lines += ["", *doc_table(f"scrapelint per document, {key}:", entry["per_doc"])]
        if "worst" in entry:
            lines += ["", *doc_table(f"scrapelint {len(entry['worst'])} worst, {key}:",
                                     entry["worst"])]
    if estimates:
        lines += ["", *reweight_table(estimates)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
