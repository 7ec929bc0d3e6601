"""`teasers`: cut a run of other pages' teasers set beside or after the document.

A list of other articles prints for each a headline and the start of its text, cut short with an
ellipsis ("... the council said it would […]"): a paragraph that stops where the page trimmed
it, not where its writer ended it. Three or more such paragraphs with nothing but short lines
between them (headlines, dates, share buttons) are a list of teasers, with or without a heading
above it, when most of them have a headline of a few words right above: the entries of a page's
own listing (its programs, its products) carry a name of a word or two, and are its document.
A whole paragraph between two of them parts the run. The run goes from its first teaser's
headline (as many short lines above it as stand between the first two teasers: a list repeats
one shape) to its last teaser. A page with too little prose left outside the runs (a blog's
index, where the teasers are the document) is left alone.
"""

from __future__ import annotations

from ..document import Finding, Line
from ..text import is_prose
from .base import Option, Record, Rule, without
from .boundary import is_excerpt


TAIL = 16  # characters at a line's end that hold its ellipsis and what may close it ("…”)", "[...]")


class TeasersRule(Rule):
    kind = "teasers"
    phase = 62  # after the boundaries (a related heading cuts its list whole), before the block cut
    options = {
        "min_items": Option(int, 3),  # teasers cut short in a run that make a list of them
        "item_words": Option(int, 12),  # words of a teaser paragraph; shorter lines are headlines or labels
        "max_between": Option(int, 4),  # short lines that may stand between two teasers of a run
        "min_left": Option(int, 40),  # words of prose outside the runs for anything to be cut
        # a line of this many words that is no teaser is a paragraph of the document: it parts a run
        "paragraph_words": Option(int, 20),
        # words of the line right above a teaser that make it a headline; most teasers of a list of
        # other articles have one, where the entries of a page's own listing carry a name
        # ("Novice 2", "Blue wool throw")
        "title_words": Option(int, 4),
    }

    def is_teaser(self, line: Line) -> bool:
        return line.words >= self.opts["item_words"] and is_excerpt(line)

    def runs(self, lines: list[Line], filled: list[int]) -> list[tuple[int, int]]:
        """(first, last) positions in `filled` of each run of teasers long enough to be a list."""
        found: list[tuple[int, int]] = []
        start = last = None
        items = 0
        for n, i in enumerate(filled):
            line = lines[i]
            if self.is_teaser(line):
                if last is not None and n - last - 1 <= self.opts["max_between"]:
                    items += 1
                else:
                    if items >= self.opts["min_items"]:
                        found.append((start, last))
                    start, items = n, 1
                last = n
            elif last is not None and line.words >= self.opts["paragraph_words"]:
                # a whole paragraph: the run ends at the teaser before it
                if items >= self.opts["min_items"]:
                    found.append((start, last))
                start = last = None
                items = 0
        if last is not None and items >= self.opts["min_items"]:
            found.append((start, last))
        return found

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        # Quiet after drops where too few lines could be teasers: a run needs `min_items` of them, and
        # dropping lines takes some away, never makes one (a teaser is so by its own text and words).
        # Most pages have no list to find: count the lines whose end holds an ellipsis first.
        item_words = self.opts["item_words"]
        ends = (line.text[-TAIL:] for line in lines if line.words >= item_words)
        if sum("…" in end or "..." in end for end in ends) < self.opts["min_items"]:
            return lines, [], True
        filled = [i for i, line in enumerate(lines) if line.text.strip()]
        runs = self.runs(lines, filled)
        if not runs:
            return lines, [], False
        drop: set[int] = set()
        for first, last in runs:
            teasers = [n for n in range(first, last + 1) if self.is_teaser(lines[filled[n]])]
            headed = sum(n > 0 and lines[filled[n - 1]].words >= self.opts["title_words"] for n in teasers)
            if headed * 2 < len(teasers):
                continue
            # the first teaser's headline: as many short lines right above it as stand between
            # it and the second (the list repeats one shape)
            head = first
            lead = teasers[1] - first - 1 if len(teasers) > 1 else 1
            while head > 0 and first - head < lead and lines[filled[head - 1]].words < self.opts["item_words"]:
                head -= 1
            drop.update(filled[head : last + 1])
        if not drop:
            return lines, [], False
        left = sum(line.words for i, line in enumerate(lines) if i not in drop and is_prose(line.text, line.words))
        if left < self.opts["min_left"]:
            return lines, [], False
        return without(lines, drop), self.dropped_lines(map(lines.__getitem__, sorted(drop)), self.message), False
