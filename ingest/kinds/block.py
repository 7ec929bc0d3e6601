"""`block`: find the document in a whole-page dump by where its prose stands.

A line is prose when it is long, or of a fair length and ends like a sentence; everything else is
short (headings, menu items, links, labels). Prose lines close together form a cluster: short
lines between them (subheadings, captions, a short list) belong to it, but a long run of short
lines (a menu, a link list) separates clusters. The cluster with the most prose words is the
document; clusters far from it (footer blurbs, teasers) go unless they hold a fair share of its
words, and so do the short lines before and after the kept clusters, except a headline right
above one. A data table dumped one cell per line right after a kept cluster (runs of short
lines, many of them numbers) is part of it: menus are words, tables are figures; so is a product
grid right before or after it (names and prices, a price every few lines), as menus carry no
prices; and a grid that outweighs the largest cluster is a document of its own, wherever it stands
(a shop's category page, whose only prose is a notice or a blurb away from the products). So is
a list of entries right after a cluster that outweighs the largest one: lines of a few words
each, one right under the other (a listing's titles of recipes, events, posts under its short
intro), where a menu's items are a word or two, and a filter panel's end in a count
("Brand (12)"). Beside prose of a few hundred words (a category's buying guide) a grid of bare
prices is the shop around the document, not part of it. A few short lines between two kept
parts, most of them printed once on the page, are kept with them (a box of specs between two
sections); what a template prints under every post recurs, and parts them. A
paragraph hard-wrapped over several input lines is judged as one, and lines of program code
(brackets, assignments, calls) do not part the prose around them, as a menu would. A page
whose largest cluster is a sentence or two (a shop's grid, a list of links) is left alone: that
little prose says nothing about where the document is. The evidence is the same on any site and
in most languages.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import compress, islice, repeat
from operator import lt, sub
from typing import Any

from ..document import NO, TEXT, WORDS, Finding, Line
from ..text import COUNT, NAME_WORD, PRICE, ends_as_sentence, is_code, words
from ..prefilter import LITERALS, index_of, kept_by, required
from .base import Option, Record, Rule, filled_of, folded_of, printed_of


FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")  # a mask of 0s and 1s turned over (bytes.translate)
PRICE_NEEDS = required(PRICE)  # a currency sign or code, one of which every price holds (prefilter.py)
FACET = re.compile(COUNT + "$")  # a filter's option with its count: "Women's shoes (61)"
BARE_WORDS = 3  # words besides the figures of a grid's price line ("$79.00", "Sale price $12.00", "from 9,99 €")
LETTER_WORD = re.compile(r"[^\W\d_]+")
ENTRY_WORDS = 3  # an entry of a list (a title) has a few words; a menu item one or two
RARE_RECURRING = 0.1  # the share of `rare_gap`'s lines that may recur on the page: a menu item or two
NUMBER_CELL = re.compile(r"^\W*[-+]?\d[\d.,:%/+\u2013-]*\W*$")  # a count, score, time, share or date
# A character that every line of code (text.is_code) holds: one it starts with (CODE_START), ends with
# (CODE_END) or assigns or calls with (CODE_INSIDE). tests/kinds/test_block.py checks it against is_code.
CODE_MARK = re.compile(r"[{}()\[\];,\\#/$>=\"'-]")
# Punctuation that prose puts between its words (a sentence's end, a clause's or a list's comma, a dash), which
# the items of a menu written on one line never have between them (nor a product's title, parted by dashes).
PROSE_MARK = re.compile(r"[.,;:!?](?:\s|$)|\s[-–—]\s")
NAME_SHARE = 0.8  # the share of a row of names' words that start with a capital: a headline's "and", "to" are the rest


def is_name_row(text: str, min_words: int) -> bool:
    """A row of names (at least `min_words` words, nearly all capitalised, no punctuation of prose between
    them): a menu's or a category list's inline links, which a converter writes on one line."""
    if PROSE_MARK.search(text):
        return False
    initials = [word[0] for word in NAME_WORD.findall(text)]
    return len(initials) >= min_words and sum(map(str.isupper, initials)) >= NAME_SHARE * len(initials)


def is_counting(cells: list[str]) -> bool:
    """1, 2, 3, ...: page numbers, not the figures of a table."""
    values = [cell.strip(" .") for cell in cells]
    if not all(value.isdigit() for value in values):
        return False
    first = int(values[0])
    return [int(value) for value in values] == list(range(first, first + len(values)))


WRAP_WORDS = 5  # a hard-wrapped line is a fair part of a paragraph; menu items are shorter


def continues(line: Line, following: Line) -> bool:
    """A paragraph wrapped onto the next input line: no sentence end, the next starts in lower case."""
    return (
        line.words >= WRAP_WORDS
        and following.no == line.no + 1
        and following.text.lstrip()[:1].islower()
        and not ends_as_sentence(line.text)
    )


def is_title(text: str) -> bool:
    """A page title: a few words, not a sentence."""
    return words(text) <= 30 and not ends_as_sentence(text)


class BlockRule(Rule):
    kind = "block"
    phase = 65  # last of the cuts: the specific rules name what they remove first
    options = {
        "prose_words": Option(int, 8),  # a line ending like a sentence with this many words is prose
        "long_words": Option(int, 12),  # a line with this many words is prose however it ends
        "max_gap": Option(int, 6),  # short lines that may stand between two prose lines of one cluster
        "min_share": Option(float, 0.1),  # clusters with less than this share of the largest one's words go
        "lead_lines": Option(int, 2),  # short lines kept right above a cluster (its headline)
        "title_only": Option(bool, True),  # drop a dump that is one title line and nothing more
        "table_cells": Option(int, 8),  # number cells after a cluster that make a table of it (0: off)
        "wrapped": Option(bool, True),  # judge a paragraph hard-wrapped over several lines as one
        "min_words": Option(int, 15),  # prose words the largest cluster needs for anything to be cut
        "grid_prices": Option(int, 4),  # prices next to a cluster that make a product grid of it (0: off)
        "code": Option(bool, True),  # lines of program code between prose lines do not part them
        # prices, each within twice `max_gap` lines of the last, that make a grid kept for itself when its
        # lines hold more words than the largest cluster (0: off)
        "grid_items": Option(int, 6),
        # entries that make a list of them right after a cluster kept when it outweighs the largest (0: off)
        "entry_lines": Option(int, 8),
        # short lines between two kept parts, at most this many and most of them printed once on the page,
        # that are kept with them: a box of specs or of pros and cons between two sections (0: off)
        "joined_gap": Option(int, 0),
        # prose words of the largest cluster from which a grid of bare prices is no part of the document: a
        # category text or guide that long is the document, and the shop's grid beside it the page around
        # it; a list whose prices stand in lines of words ("Dishwashers: $30 rebate") still counts (0: off)
        "grid_text_words": Option(int, 0),
        # more short lines between two kept parts, at most this many, that are kept with them when nearly all of
        # them (all but RARE_RECURRING) are printed once on the page and the part below holds two paragraphs
        # in a row: a table of specs, a list under its heading (0: off; used only with joined_gap)
        "rare_gap": Option(int, 0),
        # paragraphs in a row (pairs of prose lines, one right under the other) that make a stretch of prose too
        # small to be kept for itself a section of the text, kept when the lines between it and a kept part would
        # join two kept parts: the text parted from the rest by a list; a blurb or a teaser is a paragraph (0: off;
        # used only with joined_gap)
        "section_pairs": Option(int, 0),
        # words from which a long line of capitalised names with no punctuation of prose is a menu written on one
        # line (a converter's rendering of inline links: "Contact Privacy Policy Terms of Use ..."), not prose
        # however long (0: off)
        "name_rows": Option(int, 0),
    }

    def is_prose(self, line: Line) -> bool:
        count = line.words
        if count >= self.opts["prose_words"] and ends_as_sentence(line.text):
            return True
        return count >= self.opts["long_words"] and not self.is_menu_row(line.text)

    def is_menu_row(self, text: str) -> bool:
        """A row of names long enough to pass for prose by its length (the `name_rows` option)."""
        return bool(self.opts["name_rows"]) and is_name_row(text, self.opts["name_rows"])

    def setup(self) -> None:
        if not self.opts["joined_gap"] and (self.opts["rare_gap"] or self.opts["section_pairs"]):
            raise ValueError("`rare_gap` and `section_pairs` widen what `joined_gap` joins: set `joined_gap` too")
        # The non-blank lines of the last document the rule kept whole. What it drops depends on those alone
        # (gaps are counted in the input's line numbers): the same lines again, with blank lines gone or added
        # (the normaliser's, after a cut), are kept whole again. Replaced whole, never changed in place.
        self.kept_whole: list[Line] = []

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "kept_whole": []}  # a rule set sent to a worker process: no document's lines

    def expect_literals(self) -> None:
        LITERALS.expect(PRICE_NEEDS or ())  # in the literals' automaton when it is first built, not built again for them

    def prose_lines(self, lines: list[Line], filled: list[int]) -> list[int]:
        """The filled lines that are prose, alone or as part of a paragraph wrapped over several lines."""
        prose: list[int] = []
        run: list[int] = []  # the lines so far of a paragraph wrapped over several
        last = len(filled) - 1
        long_words, prose_words = self.opts["long_words"], self.opts["prose_words"]
        least = min(WRAP_WORDS, prose_words, long_words)  # words of a line that may be prose or wrapped
        for n, i in enumerate(filled):
            line = lines[i]
            count = line.words
            if count < least and not run:  # most lines of a page: too short to be either
                continue
            # `continues` asked only where the next line stands right under this one in the input (few do)
            if count >= WRAP_WORDS and n < last and (following := lines[filled[n + 1]]).no == line.no + 1 and continues(line, following):
                run.append(i)
            elif run:
                run.append(i)
                if self.is_prose(Line(lines[run[0]].no, " ".join(lines[k].text.strip() for k in run))):
                    prose.extend(run)
                run = []
            elif count >= prose_words and ends_as_sentence(line.text) or count >= long_words and not self.is_menu_row(line.text):  # is_prose, inline
                prose.append(i)
        return prose

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        present = filled_of(lines)  # 1 for each non-blank line, shared with the printed counts (_joined)
        filled = list(compress(range(len(lines)), present))
        kept_whole = self.kept_whole
        # list == list: the same lines pass unasked, in C; listed only when their count is the one kept whole
        if len(filled) == len(kept_whole) and _picked(lines, filled) == kept_whole:
            return lines, []
        prose = self.prose_lines(lines, filled) if self.opts["wrapped"] else [i for i in filled if self.is_prose(lines[i])]
        if self.opts["title_only"] and len(filled) == 1 and is_title(lines[filled[0]].text):
            # The page's title and nothing else: the page never rendered its text (a script app, an error).
            return [], [self.finding(lines[filled[0]], "drop", "a page title with no text under it")]
        if not prose:
            self.kept_whole = _picked(lines, filled)
            return lines, []  # nothing reads as prose (a poem, a table, a list): not ours to judge
        keep, sections = self._kept_ranges(lines, filled, prose)
        if self.opts["joined_gap"]:  # rare_gap and section_pairs widen what joined_gap joins
            keep = self._joined(lines, filled, keep, sections, prose)
        # Which lines stay, as a mask: the blank lines and the kept ranges. The rule drops long runs of lines,
        # which the mask picks in C, with no index per dropped line.
        kept = bytearray(present.translate(FLIP))
        for first, last in keep:
            kept[first : last + 1] = b"\x01" * (last + 1 - first)
        if 0 not in kept:
            self.kept_whole = _picked(lines, filled)
            return lines, []
        return kept_by(lines, kept), self.dropped_lines(compress(lines, kept.translate(FLIP)), self.message)

    def _kept_ranges(self, lines: list[Line], filled: list[int], prose: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The ranges kept, and the clusters too small to be kept for themselves that read as a section of the
        text (`section_pairs`), which are kept only joined to a kept range."""
        place = partial(bisect_left, filled)  # a filled line's position among them, asked for a few lines
        clusters = self._clusters(lines, filled, prose)
        weights = [sum(map(WORDS, map(lines.__getitem__, cluster))) for cluster in clusters]
        heaviest = max(weights)
        if heaviest < self.opts["min_words"]:
            return [(filled[0], filled[-1])], []  # a line or two of prose: too little to tell the document by
        floor = self.opts["min_share"] * heaviest
        prose_set = set(prose)
        # The positions of short lines with a price: product grids, found in one pass over the page.
        priced: set[int] = set()
        if self.opts["grid_prices"] or self.opts["grid_items"]:
            held = index_of(lines).holding(PRICE_NEEDS) if PRICE_NEEDS else filled  # the lines a price could be in
            at = map(place, held)
            priced = {p for i, p in zip(held, at) if p < len(filled) and filled[p] == i and lines[i].words <= 8 and PRICE.search(lines[i].text)}
            if self.opts["grid_text_words"] and heaviest >= self.opts["grid_text_words"]:  # long prose: bare prices are no grid
                priced = {p for p in priced if len(LETTER_WORD.findall(lines[filled[p]].text)) > BARE_WORDS}
        # A grid that outweighs the prose is kept for itself: the prose is a notice beside a shop's products.
        ranges = [(filled[first], filled[end]) for first, end, weight in self._grids(lines, filled, priced) if weight > heaviest]
        prices = sorted(priced)  # the same positions in order: a grid is walked from price to price
        lists = self._entry_lists(lines, filled, prose_set) if self.opts["entry_lines"] else []
        sections: list[tuple[int, int]] = []
        pairs = self.opts["section_pairs"]
        for cluster, weight in zip(clusters, weights):
            if weight < floor:
                if pairs and _in_a_row(list(map(place, cluster))) >= pairs:
                    sections.append((cluster[0], cluster[-1]))
                continue
            # A list of entries under the page's short intro: a listing, whose titles outweigh its prose.
            after = last = place(cluster[-1])
            ranges += [(filled[first], filled[end]) for first, end, size in lists if 0 < first - after <= 2 * self.opts["max_gap"] and size > heaviest]
            start = place(cluster[0])
            for _ in range(self.opts["lead_lines"]):
                if start == 0 or filled[start - 1] in prose_set:
                    break
                start -= 1
            end = self._table_end(lines, filled, last)
            if self.opts["grid_prices"]:  # a product grid before or after the text: its names and prices
                above = self._grid(reversed(prices[: bisect_left(prices, start)]), start)
                below = self._grid(islice(prices, bisect_right(prices, last), None), last)
                start = max(0, above[-1] - 2) if above else start  # the name above the first price too
                end = max(end, filled[below[-1]]) if below else end
            ranges.append((filled[start], end))
        return ranges, sections

    def _clusters(self, lines: list[Line], filled: list[int], prose: list[int]) -> list[list[int]]:
        """The prose lines in clusters: runs of them that no long gap of short lines parts."""
        # Gaps are measured in the input's own line numbers, so that lines other rules removed
        # still keep a menu apart from the text; blank separator lines count for nothing.
        blank_share = _blank_share(lines, filled)
        max_gap, code = self.opts["max_gap"], self.opts["code"]
        # From each prose line to the next, in input lines (at least 1): a gap parts two only when it is longer
        # than max_gap (its room is never more), which the few such are picked for in C.
        spans = list(map(max, map(sub, map(NO, map(lines.__getitem__, prose[1:])), map(NO, map(lines.__getitem__, prose))), repeat(1)))
        bounds = [0]  # where each cluster starts among the prose lines
        for k in compress(range(len(spans)), map(partial(lt, max_gap + 1), spans)):
            # Lines of code count for nothing either: a listing between two paragraphs is part of the
            # text. They only shorten a gap, so they are looked for only where the gap is too long;
            # they come off the gap's filled lines, the blank lines between them already left out.
            room = (spans[k] - 1) / (1 + blank_share)
            if room > max_gap and (not code or self._parts(lines[prose[k] + 1 : prose[k + 1]], room - max_gap)):
                bounds.append(k + 1)
        bounds.append(len(prose))
        return [prose[first:end] for first, end in zip(bounds, bounds[1:])]

    def _parts(self, gap: list[Line], needed: float) -> bool:
        """Whether fewer of the gap's lines than `needed` are short lines of code. Only the lines with a
        character that code starts, ends or assigns with are asked (picked in C): a menu's have none."""
        marked = list(compress(gap, map(CODE_MARK.search, map(TEXT, gap))))
        if len(marked) < needed:
            return True
        codes = 0
        long_words = self.opts["long_words"]
        for _no, text, count, _serial in marked:
            if count < long_words and is_code(text):  # a short line of code
                codes += 1
                if codes >= needed:
                    break
        return codes < needed

    def _joined(self, lines: list[Line], filled: list[int], ranges: list[tuple[int, int]],
                sections: list[tuple[int, int]], prose: list[int]) -> list[tuple[int, int]]:
        """The kept ranges, two of them made one when the lines between are few (`joined_gap`) and most of
        them printed once on the page: a box of specs, of pros and cons, a short table between two parts
        of the text; or more of them (`rare_gap`), nearly all printed once, above two paragraphs in a row.
        What a template prints under every post or item (Reply, Quote, a member's join date) recurs, and
        still parts them. A section of the text too small to be kept for itself is kept when it joins a
        kept range so."""
        # A filled line's position among them, looked up for the few ranges' ends: no dict of them all.
        place = partial(bisect_left, filled)
        # A range holds two paragraphs in a row when the first prose line in it with another right under it has
        # that line in it too.
        pairs = _paired(prose, place)
        folds: list[Any] = []  # the lines' folds and how often each is printed, found when a gap first needs them

        def joins(between: list[int], rare_gap: int) -> bool:
            if len(between) > max(self.opts["joined_gap"], rare_gap):
                return False  # too long to join either way, whatever recurs
            if not folds:
                folds.extend((folded_of(lines), printed_of(lines)))
            folded, printed = folds
            recurring = sum(printed[folded[index]] > 1 for index in between)
            return (len(between) <= self.opts["joined_gap"] and recurring <= len(between) / 2
                    or len(between) <= rare_gap and recurring <= RARE_RECURRING * len(between))

        def join(parts: list[tuple[int, int, bool]]) -> list[list]:
            joined: list[list] = []  # [first, last, whether a kept range is in it]
            for first, last, kept in sorted(parts):
                # A section joins only across the shorter gap: a longer one can part the text from a listing's
                # teasers. The longer run needs text under it, two paragraphs in a row: under a product's options
                # or a site's menu there may stand a line or two of prose, a box of specs goes on with the text.
                rare_gap = self.opts["rare_gap"] if kept and joined and joined[-1][2] else 0
                if rare_gap and not _pair_in(pairs, filled, place, first, last):
                    rare_gap = 0
                if joined and (first <= joined[-1][1] + 1 or joins(filled[place(joined[-1][1]) + 1 : place(first)], rare_gap)):
                    joined[-1][1:] = [max(last, joined[-1][1]), joined[-1][2] or kept]
                    continue
                joined.append([first, last, kept])
            return joined

        # The kept ranges joined among themselves first: a section left on its own between two of them
        # does not part them.
        joined = join([(*r, True) for r in ranges])
        if sections:
            joined = join([(first, last, True) for first, last, _ in joined] + [(*r, False) for r in sections])
        return [(first, last) for first, last, kept in joined if kept]

    def _grid(self, priced: Iterable[int], edge: int) -> list[int]:
        """Positions of the prices of a product grid met walking away from `edge`, or []; `priced`: the
        positions of the prices on that side, nearest first. The walk stops at the first line more than
        three times `max_gap` lines from the edge, or twice `max_gap` from the last price, that holds none."""
        prices: list[int] = []
        reach = self.opts["max_gap"] * 3
        for position in priced:
            if abs(position - edge) - 1 > reach:  # a line with no price between them is too far
                break
            prices.append(position)
            edge, reach = position, self.opts["max_gap"] * 2
        return prices if len(prices) >= self.opts["grid_prices"] else []

    def _grids(self, lines: list[Line], filled: list[int], priced: set[int]) -> list[tuple[int, int, int]]:
        """The product grids of the page, wherever they stand: runs of at least `grid_items` prices, each
        within twice `max_gap` lines of the last, as (first position, last position, words), the first
        position being the product name two lines above the first price."""
        runs: list[list[int]] = []
        for position in sorted(priced) if self.opts["grid_items"] else ():
            if runs and position - runs[-1][-1] <= self.opts["max_gap"] * 2:
                runs[-1].append(position)
            else:
                runs.append([position])
        grids = []
        for run in runs:
            if len(run) >= self.opts["grid_items"]:
                first = max(0, run[0] - 2)
                grids.append((first, run[-1], _words_from_to(lines, filled, first, run[-1])))
        return grids

    def _entry_lists(self, lines: list[Line], filled: list[int], prose: set[int]) -> list[tuple[int, int, int]]:
        """Lists of entries between the prose lines: runs of at least `entry_lines` entries one right under
        the other, blank lines aside (lines of ENTRY_WORDS words or more that are neither prose nor a filter's option with its
        count), as (first entry's position, last entry's position, words from the one to the other). Any
        other line ends a run: letting a label or a date stand between two entries chained a product page's
        buttons and labels ("Back to top", "Sold & shipped by") into a list that outweighed the page's prose."""
        found: list[tuple[int, int, int]] = []
        wanted = self.opts["entry_lines"]
        first = None  # the position of the run's first entry
        for position, index in enumerate(filled):
            line = lines[index]
            # a filter's option ends in a count in brackets: `in` rules out most lines before the regex is run
            if index not in prose and line.words >= ENTRY_WORDS and not (")" in line.text and FACET.search(line.text)):
                if first is None:
                    first = position
                continue
            if first is not None:
                if position - first >= wanted:
                    found.append((first, position - 1, _words_from_to(lines, filled, first, position - 1)))
                first = None
        if first is not None and len(filled) - first >= wanted:  # a run to the end
            found.append((first, len(filled) - 1, _words_from_to(lines, filled, first, len(filled) - 1)))
        return found

    def _table_end(self, lines: list[Line], filled: list[int], last: int) -> int:
        """The last number cell of a table dumped one cell per line right after `last`, or `last`."""
        wanted = self.opts["table_cells"]
        cells: list[int] = []
        for position in range(last + 1, len(filled)):
            line = lines[filled[position]]
            if line.words > 6 or self.is_prose(line):
                break
            if NUMBER_CELL.match(line.text):
                cells.append(position)
            elif position - (cells[-1] if cells else last) > self.opts["max_gap"] * (1 if cells else 2):
                break  # before the first number, room for a row of column headings
        if not wanted or len(cells) < wanted or is_counting([lines[filled[p]].text for p in cells]):
            return filled[last]
        if len(cells) * 3 < cells[-1] - last:  # mostly words: a menu with a few numbers in it
            return filled[last]
        return filled[cells[-1]]


def _pair_in(pairs: list[int], filled: list[int], place: Callable[[int], int], first: int, last: int) -> bool:
    """Whether two prose lines stand one right under the other among the filled lines `first` to `last`;
    `pairs`: the prose lines with another right under them, in order (the first from `first` on has the
    nearest second line), `place`: a filled line's position among them."""
    at = bisect_left(pairs, first)
    return at < len(pairs) and filled[place(pairs[at]) + 1] <= last


def _paired(prose: list[int], place: Callable[[int], int]) -> list[int]:
    """The prose lines with another prose line right under them among the filled lines, in order
    (`place`: a filled line's position among them)."""
    return list(compress(prose, _followed(list(map(place, prose)))))


def _in_a_row(positions: list[int]) -> int:
    """How many of the positions (ascending) have the next one right after them."""
    return sum(_followed(positions))


def _followed(positions: list[int]) -> Iterator[bool]:
    """For each of the positions (ascending) but the last, whether the next one is right after it."""
    return map((1).__eq__, map(sub, positions[1:], positions))


def _words_from_to(lines: list[Line], filled: list[int], first: int, last: int) -> int:
    """The words of the filled lines from position `first` to position `last`, both included."""
    return sum(lines[index].words for index in filled[first : last + 1])


def _blank_share(lines: list[Line], filled: list[int]) -> float:
    """Blank lines per line of text (at most one), over the stretch of the input the text spans, every
    line the rules removed counted as blank. Counting only the blank lines still there, a page read
    as more tightly spaced after each cut (the normaliser folds the blank lines a cut leaves), so the
    engine's next pass parted the text at a gap the first had let through, and dropped more of it."""
    span = lines[filled[-1]].no - lines[filled[0]].no + 1
    return min(1.0, (span - len(filled)) / len(filled))


def _picked(lines: list[Line], indices: list[int]) -> list[Line]:
    """The lines at `indices`, in C."""
    return list(map(lines.__getitem__, indices))
