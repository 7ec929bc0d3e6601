"""`block`: find the document in a whole-page dump by where its prose stands.

A line is prose when it is long, or of a fair length and ends like a sentence; everything else is
short (headings, menu items, links, labels). The evidence is the same on any site and in most
languages:

- target `short-runs`: a run of more than `max_run` short lines with no prose between them is a
  menu, a link list or a tag cloud, not the document; a short line between two paragraphs (a
  subheading) is a run of one and stays;
- target `main-text`: prose lines close together form a cluster; the cluster with the most prose
  words is the document, and clusters far from it (footer blurbs, teaser paragraphs) go unless
  they hold a fair share of its words. Short lines before the first and after the last kept
  cluster go too, except a headline right above it.
"""

from __future__ import annotations

from ..document import Finding, Line
from ..text import ends_as_sentence, words
from .base import Option, Record, Rule


class BlockRule(Rule):
    kind = "block"
    phase = 55  # after the line rules, before the head and tail boundaries
    options = {
        "target": Option(str, "short-runs", choices=("short-runs", "main-text")),
        "prose_words": Option(int, 8),  # a line ending like a sentence with this many words is prose
        "long_words": Option(int, 20),  # a line with this many words is prose however it ends
        "max_run": Option(int, 4),  # short-runs: more short lines in a row than this are furniture
        "max_gap": Option(int, 6),  # main-text: short lines between two prose lines of one cluster
        "min_share": Option(float, 0.25),  # main-text: clusters with less than this share of the largest go
        "lead_lines": Option(int, 2),  # main-text: short lines kept right above the first cluster
    }

    def is_prose(self, text: str) -> bool:
        count = words(text)
        return count >= self.opts["long_words"] or (count >= self.opts["prose_words"] and ends_as_sentence(text))

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        filled = [i for i, line in enumerate(lines) if line.text.strip()]
        prose = [i for i in filled if self.is_prose(lines[i].text)]
        if not prose:
            return lines, []  # nothing reads as prose (a poem, a table, a list): not ours to judge
        if self.opts["target"] == "short-runs":
            drop = self._short_runs(lines, filled, set(prose))
        else:
            drop = self._outside_main(lines, filled, prose)
        found = [self.finding(lines[i], "drop", message) for i, message in sorted(drop.items())]
        return [line for i, line in enumerate(lines) if i not in drop], found

    def _short_runs(self, lines: list[Line], filled: list[int], prose: set[int]) -> dict[int, str]:
        drop: dict[int, str] = {}
        run: list[int] = []
        for i in filled + [None]:  # type: ignore[list-item]
            if i is not None and i not in prose:
                run.append(i)
                continue
            if len(run) > self.opts["max_run"]:
                message = f"{self.spec.description or self.spec.name} ({len(run)} short lines in a row)"
                drop.update({j: message for j in run})
            run = []
        return drop

    def _outside_main(self, lines: list[Line], filled: list[int], prose: list[int]) -> dict[int, str]:
        order = {index: n for n, index in enumerate(filled)}  # position among non-blank lines
        clusters: list[list[int]] = [[prose[0]]]
        for previous, current in zip(prose, prose[1:]):
            if order[current] - order[previous] - 1 > self.opts["max_gap"]:
                clusters.append([])
            clusters[-1].append(current)
        weight = [sum(words(lines[i].text) for i in cluster) for cluster in clusters]
        largest = max(weight)
        kept = [c for c, w in zip(clusters, weight) if w >= self.opts["min_share"] * largest]
        keep_ranges = []
        for cluster in kept:
            start = order[cluster[0]]
            lead = 0
            while lead < self.opts["lead_lines"] and start > 0 and filled[start - 1] not in prose:
                start -= 1
                lead += 1
            keep_ranges.append((filled[start], cluster[-1]))
        message = self.spec.description or self.spec.name
        drop: dict[int, str] = {}
        for i in filled:
            if not any(first <= i <= last for first, last in keep_ranges):
                drop[i] = message
        return drop
