#!/usr/bin/env python3
"""Speed of scrapelint: start-up of a one-file check, throughput, parallel speed-up, re-runs, memory.

Usage (from anywhere):
    python bench/speed.py [--devset PATH] [--docs N] [--big N] [--rounds N] [--html N] [--only startup,text,big,html]

Corpora of N documents are built in a temporary folder by cycling through the bundled raw/
pages and the dev set's text/ dumps (and its html/ pages for the HTML figure). Every `fix` runs
in a fresh process, as a user runs it; peak RSS is that process's own (children not included).
Runs share one cache folder (ingest/cache.py) in the temporary folder, as a user's runs share theirs.
--jobs 1 and --jobs 2 run in turn, --rounds times each, and the medians are compared, with a --jobs 1
run each round that ignores every rule of the pack (what the pipeline costs besides the rules, the lines
and word counts the rule engine makes for them included); the --jobs 2
row says how many cores its runs kept busy on average (CPU seconds of the run and its workers over
wall seconds), and the load average is printed with the table: a machine that others share gives
--jobs 2 less than two cores. The HTML row counts CPU seconds, trafilatura and scrapelint page by page in turn.
Prints one table. Targets are from issue 6; nothing here is asserted by a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = REPO.parent / "shared" / "devset"
# A fix run in a child process that reports its own peak RSS (kB, Linux) and the CPU seconds of it and
# its workers on the last stderr line.
FIX = (
    "import resource, sys; sys.path.insert(0, {repo!r}); from ingest.cli import main; code = main(sys.argv[1:]); "
    "own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(own.ru_maxrss, own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime, file=sys.stderr); sys.exit(code)"
)


PARTS = ("startup", "text", "big", "html")

# As after `pip install`: modules load from cached bytecode, not compiled from source on every start.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def pages(devset: Path, kind: str) -> list[Path]:
    found = sorted((REPO / "raw").glob("*.txt")) if kind == "text" else []
    for subset in sorted(p for p in devset.iterdir() if p.is_dir()) if devset.is_dir() else []:
        found += sorted((subset / kind).glob("*"))
    if not found:
        sys.exit(f"speed.py: no {kind} pages found (raw/ or {devset}/*/{kind}/)")
    return found


def build(folder: Path, sources: list[Path], count: int) -> int:
    """`count` documents cycling through `sources`; returns their total size in bytes."""
    folder.mkdir(parents=True)
    total = 0
    for number in range(count):
        source = sources[number % len(sources)]
        data = source.read_bytes()
        (folder / f"{number:06}{source.suffix}").write_bytes(data)
        total += len(data)
    return total


def fix(corpus: Path, out: Path, jobs: int, *options: str) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (with the workers') of
    `scrapelint fix corpus --out out --jobs N --quiet [options]`."""
    command = [sys.executable, "-c", FIX.format(repo=str(REPO)), "fix", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet", *options]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=corpus.parent)  # no config of the caller's folder
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"speed.py: fix failed: {done.stderr.strip()[-500:]}")
    rss, cpu = done.stderr.strip().splitlines()[-1].split()
    return elapsed, int(rss) // 1024, float(cpu)


def every_rule() -> str:
    """The ids of the bundled pack's rules, for `--ignore`: a run without them is what the rest of the
    pipeline costs (decode, the joins before the rules, the engine's lines and word counts, validation,
    hashes, outputs, manifest). The fix runs start in the temporary folder, where no config but the
    bundled pack applies."""
    sys.path.insert(0, str(REPO))
    from ingest.config import load

    return ",".join(rule.spec.id for rule in load().rules)


def wall(command: list[str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def startup(sample: Path) -> tuple[float, bool]:
    """Median wall time of a one-file check over a bare interpreter; whether trafilatura got imported."""
    wall([sys.executable, str(REPO / "lint.py"), "check", str(sample)], repeat=1)  # writes the bytecode cache
    bare = wall([sys.executable, "-c", "pass"])
    check = wall([sys.executable, str(REPO / "lint.py"), "check", str(sample)])
    probe = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); from ingest.cli import main; main(['check', {str(sample)!r}]); "
        "print('trafilatura' in sys.modules, file=sys.stderr)"
    )
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV).stderr.strip().endswith("True")
    return check - bare, imported


def html_ratio(html_pages: list[Path]) -> tuple[float, float]:
    """CPU seconds of scrapelint's whole pipeline and of trafilatura.extract alone over the same pages,
    one core, page by page in turn: a change in the machine's load falls on both alike."""
    sys.path.insert(0, str(REPO))
    import trafilatura

    from ingest.config import load
    from ingest.decode import decode
    from ingest.pipeline import process

    ruleset = load()
    blobs = [page.read_bytes() for page in html_pages]
    texts = [decode(blob).text for blob in blobs]
    process(blobs[0], "warm", "warm.html", ruleset)  # imports and caches on both sides
    trafilatura.extract(texts[0])
    clock = time.process_time
    ours = alone = 0.0
    for number, (blob, text) in enumerate(zip(blobs, texts)):
        started = clock()
        trafilatura.extract(text)
        alone += clock() - started
        started = clock()
        process(blob, str(number), f"{number}.html", ruleset)
        ours += clock() - started
    return ours, alone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--docs", type=int, default=1000, help="documents in the main text corpus (default 1000)")
    parser.add_argument("--big", type=int, default=10000, help="documents in the large corpus (default 10000; 0 skips it)")
    parser.add_argument("--rounds", type=int, default=3, help="--jobs 1 and --jobs 2 runs each, in turn (default 3)")
    parser.add_argument("--html", type=int, default=100, help="HTML pages for the trafilatura comparison (default 100)")
    parser.add_argument(
        "--only", default=",".join(PARTS), metavar="PARTS",
        help=f"comma-separated parts to run, of {', '.join(PARTS)} (default: all; text holds --jobs, the 1k re-run and RSS)",
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.docs < 1:
        parser.error("--rounds and --docs need at least 1")
    parts = set(args.only.split(","))
    if not parts <= set(PARTS):
        parser.error(f"--only: unknown part(s) {', '.join(sorted(parts - set(PARTS)))}")

    text_pages, html_pages = pages(args.devset, "text"), pages(args.devset, "html")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="scrapelint-speed-") as temp:
        root = Path(temp)
        ENV["SCRAPELINT_CACHE_DIR"] = os.environ["SCRAPELINT_CACHE_DIR"] = str(root / "cache")
        if "startup" in parts:
            overhead, imported = startup(REPO / "raw" / sorted(p.name for p in (REPO / "raw").glob("*.txt"))[0])
            rows.append(("one-file check over `python -c pass`", f"{overhead * 1000:.0f} ms" + (" (imports trafilatura!)" if imported else ""), "<= 150 ms"))

        if "text" in parts:
            corpus = root / "text"
            size = build(corpus, text_pages, args.docs)
            build(root / "warm", text_pages, 5)
            fix(root / "warm", root / "warm-out", 1)  # the cache as a user's runs find it: rule set and regexes known
            # --jobs 1 and --jobs 2 in turn (1 2 2 1 1 2 ...), each into a new folder, medians: on a
            # machine others share, a single pair measures their load as much as the speed-up.
            walls: dict[int, list[float]] = {1: [], 2: []}
            rss: list[int] = []
            cores: list[float] = []  # CPU seconds over wall seconds of the --jobs 2 runs: 2 on an idle machine
            bare: list[float] = []  # --jobs 1 with every rule ignored, a run each round
            ignored = every_rule()
            for number in range(args.rounds):
                for jobs in (1, 2) if number % 2 == 0 else (2, 1):
                    spent, peak, cpu = fix(corpus, root / f"out{jobs}-{number}", jobs)
                    walls[jobs].append(spent)
                    rss += [peak] if jobs == 1 else []
                    cores += [cpu / spent] if jobs == 2 else []
                bare.append(fix(corpus, root / f"bare-{number}", 1, "--ignore", ignored)[0])
            one, two = statistics.median(walls[1]), statistics.median(walls[2])
            rows.append((f"text, one core, {args.docs} docs ({size / 1e6:.1f} MB)", f"{size / 1e6 / one:.2f} MB/s", ">= 10 MB/s"))
            rows.append(("  the same, every rule --ignore'd (the rest of the pipeline)", f"{size / 1e6 / statistics.median(bare):.2f} MB/s", "(none: what the rules add to)"))
            pairs = ", ".join(f"{a / b:.2f}" for a, b in zip(walls[1], walls[2]))
            rows.append((f"--jobs 2 against --jobs 1 (median of {args.rounds})", f"{one / two:.2f}x faster (rounds: {pairs}; cores busy: {statistics.median(cores):.2f})", ">= 1.6x"))
            again, _, _ = fix(corpus, root / "out1-0", 1)
            rows.append(("re-run, unchanged corpus, against the first run", f"{again / one:.3f}x ({again:.2f} s)", "<= 0.10x"))
            rows.append((f"peak RSS, {args.docs} docs, --jobs 1", f"{max(rss)} MB", "flat"))

        if args.big and "big" in parts:
            big = root / "big"
            build(big, text_pages, args.big)
            first, rss_big, _ = fix(big, root / "out-big", 2)
            again_big, _, _ = fix(big, root / "out-big", 1)
            rows.append((f"re-run, unchanged corpus, {args.big} docs", f"{again_big:.2f} s (first run {first:.0f} s, --jobs 2)", "<= 2 s"))
            rows.append((f"peak RSS, {args.big} docs, --jobs 2 (parent)", f"{rss_big} MB", "flat"))

        if "html" in parts:
            spent, alone = html_ratio(html_pages[: args.html])
            rows.append((f"HTML, one core, {min(args.html, len(html_pages))} pages, against trafilatura.extract alone", f"{spent / alone:.2f}x ({spent:.1f} vs {alone:.1f} CPU s)", "<= 1.15x"))

    print(f"load average over the last 1, 5 and 15 minutes at the end: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    width, result_width = max(len(row[0]) for row in rows), max(len(row[1]) for row in rows)
    print(f"{'measure':<{width}}  {'result':<{result_width}}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{result_width}}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
