#!/usr/bin/env python3
"""Text dumps as other converters leave them: does the text path hold up on them?

Usage:
    pip install html2text inscriptis      # the converters; not scrapelint's dependencies
    python bench/converters.py [--devset PATH] [--subset scrapinghub|wcxb_dev ...]

The dev set's text/ dumps are one scraper's way of writing a page (a block a line, a blank line
between). Pages are dumped by many others. This renders the dev set's html/ pages with other
converters (and re-wraps the dev set's own dumps as lynx and w3m would), runs the text path over
each, and prints word P/R/F1 (the dev set's score.py) for no cleaning and for scrapelint:

  devset       the dev set's own text/ dumps
  wrapped      the same, hard-wrapped at 76 columns (as lynx, w3m and fmt leave text)
  tight        the same with no blank line between blocks (a block a line, as many scrapers write them)
  html2text    html2text defaults: Markdown, links as [text](URL), wrapped at 78 columns
  inscriptis   inscriptis.get_text: layout kept, no wrapping
  nodes        each text node on a line of its own, as BeautifulSoup's get_text("\\n", strip=True)
               leaves a page (scripts and styles left out): a sentence breaks at every link
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # ingest, for decoding the pages

from quality import DEFAULT_DEVSET, SUBSETS, load_scorer, run_scrapelint  # noqa: E402  (bench/ is on the path)


def devset_dump(html: Path, text: Path) -> str:
    return text.read_text(encoding="utf-8")


def wrapped(html: Path, text: Path) -> str:
    lines = text.read_text(encoding="utf-8").split("\n")
    return "\n".join(piece for line in lines for piece in (textwrap.wrap(line, 76) or [""]))


def tight(html: Path, text: Path) -> str:
    return "\n".join(line for line in text.read_text(encoding="utf-8").split("\n") if line.strip())


def html2text_dump(html: Path, text: Path) -> str:
    import html2text

    return html2text.html2text(page(html))


def inscriptis_dump(html: Path, text: Path) -> str:
    import inscriptis

    return inscriptis.get_text(page(html))


def nodes_dump(html: Path, text: Path) -> str:
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(page(html))
    for unseen in root.xpath("//script | //style | //template | //head"):
        unseen.drop_tree()  # keeps its tail, which is text of the page
    return "\n".join(piece.strip() for piece in root.itertext() if piece.strip())


def page(html: Path) -> str:
    from ingest.decode import decode

    return decode(html.read_bytes()).text


CONVERTERS = {"devset": devset_dump, "wrapped": wrapped, "tight": tight, "html2text": html2text_dump, "inscriptis": inscriptis_dump, "nodes": nodes_dump}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--subset", action="append", choices=SUBSETS, help="repeatable; default: all subsets")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.devset)
    print(f"{'subset':<12} {'dump':<11} {'none F1':>7}   {'P':>6} {'R':>6} {'F1':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for subset in args.subset or SUBSETS:
            root = args.devset / subset
            for name, convert in CONVERTERS.items():
                dumps = Path(tmp, subset, name)
                dumps.mkdir(parents=True)
                try:
                    for html in sorted((root / "html").glob("*.html")):
                        text = convert(html, root / "text" / f"{html.stem}.txt")
                        (dumps / f"{html.stem}.txt").write_text(text, encoding="utf-8")
                except ImportError as missing:
                    print(f"{subset:<12} {name:<11} skipped: {missing} (pip install html2text inscriptis)")
                    continue
                none = scorer.summarise(scorer.score_dirs(dumps, root / "gold"))["words"]
                cleaned = run_scrapelint(dumps, Path(tmp, subset, f"{name}.out"))
                words = scorer.summarise(scorer.score_dirs(cleaned, root / "gold"))["words"]
                print(f"{subset:<12} {name:<11} {none['f1']:7.3f}   {words['precision']:6.3f} {words['recall']:6.3f} {words['f1']:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
