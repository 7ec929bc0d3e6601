"""`boundary`: cut the page furniture around the document.

mode `tail`: from a marker line ("Related articles", "3 comments on ...") to the end, when the
marker stands in the tail (and, with `max_repeats`, is not a label printed under every item).
With `min_prose_before`, a marker with no prose above it (a "Trending" list in the search box of
the page header) is not cut from; with `price_before`, a price standing alone above it stands for
that prose (a product with no description above the page's lists of other products). With
`resume_words`, neither is a marker followed within a few lines by long paragraphs (not teasers
cut short with an ellipsis): it heads a box set into the text ("Recommended by our editors"
between two paragraphs), and the document goes on after it;
with `resume_pair_words`, the same for two sentences of prose in a row, which a list of teasers
parts with a title or a date. With `menu_regex`, a marker next to an entry of a menu (a listing's
sort orders: "Most popular" among "Newest" and "Price: low to high") is an entry of it too; with
`same_entries`, a marker followed by entries shaped as those above it (a title, a byline, a summary)
heads a further section of the page's own listing ("More Electronics Posts"), not a list after a
text. With `entry_regex`, a line it matches within those lines after the marker (a comment's "Reply"
button) shows the paragraphs there to be the section's entries, so the resume tests do not apply.
With `early_regex`, the markers it matches, which name nothing but a list of other pages, may stand
from `early_position` on: such a list can hold more words than the article above it. With
`before_line_rules`, the rule runs before the line rules: its marker is a line that one of them
drops on its own (the copyright line closing the footer), which would leave nothing to cut from.
mode `head`: from the start to the title, when every line before the title is short (site name,
date stamp, breadcrumb, share row).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, filterfalse, islice, pairwise, repeat
from operator import le

from ..document import WORDS, Finding, Line
from ..text import PRICE, PROSE_WORDS, WORD, ends_as_sentence, is_prose, words
from .base import PATTERN_OPTIONS, Option, Patterns, Record, Rule, positions_of, printed_counts
from .line import LineRule

DATE_WORDS = re.compile(
    r"(?i)^(mon|tue|wed|thu|fri|sat|sun)\w*$|^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*$|^\d+(st|nd|rd|th|am|pm)?$"
)
SEPARATORS = re.compile(r"\s[/›»>|]\s")


def is_date_like(text: str) -> bool:
    """Three quarters of the words or more are dates' (a weekday, a month, a number). The other words are
    counted only until there are too many of them: in a paragraph, after its first few dozen words."""
    tokens = WORD.findall(text)
    allowed = len(tokens) // 4  # words that are no date's: n - allowed >= 0.75 n
    return bool(tokens) and len(list(islice(filterfalse(DATE_WORDS.match, tokens), allowed + 1))) <= allowed


def is_title_like(text: str, min_words: int, count: int | None = None) -> bool:
    """A headline: a few words (`count`, when known), not a sentence, not a date, not a breadcrumb trail."""
    count = words(text) if count is None else count
    return (
        min_words <= count <= 30
        and not text.rstrip().endswith(".")
        and not is_date_like(text)
        and len(SEPARATORS.findall(text)) < 2
    )


EXCERPT_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\W*$")  # a teaser cut short: "... her first […]"
PERMALINK = "¶"  # documentation generators (Sphinx, MkDocs) print it after each heading of the text
RESUME_PARAGRAPHS = 2  # one long line may be a footer's legal notice; two are the text going on


def shape(line: Line) -> str:
    """What kind of line of an entry this is: a date, a mark, a sentence, a few words or more."""
    text = line.text.strip()
    if is_date_like(text):
        return "date"
    if not WORD.search(text):
        return "mark"
    if is_prose(text, line.words):
        return "prose"
    return "short" if line.words <= 2 else "words" if line.words <= 12 else "long"


def is_excerpt(line: Line) -> bool:
    return bool(EXCERPT_END.search(line.text))


PRICE_WORDS = 4  # a price with its currency and a label ("€49.99 VAT included"), not a banner's offer


def is_price(line: Line) -> bool:
    """A price standing alone on its line: a product's, not an offer written around one."""
    return 0 < line.words <= PRICE_WORDS and bool(PRICE.search(line.text))


def has_prose_pair(lines: list[Line], min_words: int) -> bool:
    """Whether two lines next to each other (blank lines aside) both read as whole sentences and
    hold `min_words` words together: paragraphs of a text, where a list of teasers puts a title
    between any two."""
    return any(
        first.words + second.words >= min_words
        and all(is_prose(line.text, line.words) and not is_excerpt(line) for line in (first, second))
        for first, second in pairwise(lines)
    )


def has_prose(lines: list[Line], stop: int, wanted: int) -> bool:
    """Whether the lines before `stop` that read as sentences (is_prose) hold `wanted` words or more.
    Only lines of PROSE_WORDS words or more may: those are picked in C, lazily, as the sum stops at the
    first paragraphs, usually long before `stop`."""
    prose = 0
    for line in compress(islice(lines, stop), map(le, repeat(PROSE_WORDS), map(WORDS, lines))):
        prose += line.words if ends_as_sentence(line.text) else 0
        if prose >= wanted:
            return True
    return False


class BoundaryRule(Rule):
    kind = "boundary"
    options = {
        **PATTERN_OPTIONS,
        "mode": Option(str, "tail", choices=("tail", "head")),
        "max_words": Option(int, 8),  # tail: of the marker line; head: of each line cut
        "min_position": Option(float, 0.5),  # tail: share of the words that must precede the marker
        # tail: markers these match name nothing but a list of other pages ("You may also like"):
        # they may stand from `early_position` on, as such a list can outweigh the text above it
        "early_regex": Option(list, [], list_of=str),
        "early_position": Option(float, 0.5),
        "max_lines": Option(int, 8),  # head: how far down the title may stand
        "title_min_words": Option(int, 4),
        # tail: a marker printed more often than this is a label on every item (a "Comment" link
        # under each post of a listing), not the heading of a section (0: any number)
        "max_repeats": Option(int, 0),
        # tail: words of prose (sentences of eight words or more) that must stand above the marker
        "min_prose_before": Option(int, 0),
        # tail: a price standing alone above the marker stands for that prose: the product's own price,
        # on a page whose product has no description above its list of other products
        "price_before": Option(bool, False),
        # tail: two lines of this many words within `resume_lines` lines after the marker show the
        # document going on: the marker heads a box inside it (0: off)
        "resume_words": Option(int, 0),
        "resume_lines": Option(int, 8),
        # tail: or two adjacent sentences of prose within those lines holding this many words
        # together (0: off)
        "resume_pair_words": Option(int, 0),
        # tail: a line these match within `resume_lines` after the marker (a comment's "Reply" button)
        # makes the paragraphs there entries of the section (reader comments), not the text going on (used
        # only with resume_words or resume_pair_words, the tests it overrides)
        "entry_regex": Option(list, [], list_of=str),
        # tail: a marker next to a line these match is an entry of that menu ("Most popular" among
        # the sort orders of a listing, "Newest", "Price: low to high"), not a heading
        "menu_regex": Option(list, [], list_of=str),
        # tail: a marker followed by this many lines of the same shape (lengths, prose, dates) as a run of
        # lines above it heads more entries of the page's own listing, not a list after a text (0: off)
        "same_entries": Option(int, 0),
        # run before the line rules: the marker is a line one of them drops on its own
        "before_line_rules": Option(bool, False),
    }

    @property
    def phase(self) -> int:  # type: ignore[override]
        return LineRule.phase - 5 if self.opts["before_line_rules"] else 60

    def setup(self) -> None:
        self.patterns = Patterns(self.opts["phrases"], self.opts["regex"], anchored_phrases=True)
        self.menu = Patterns([], self.opts["menu_regex"])
        self.early = Patterns([], self.opts["early_regex"])
        self.entries = Patterns([], self.opts["entry_regex"])
        if self.opts["mode"] == "tail" and not self.patterns:
            raise ValueError("a tail boundary needs `phrases` or `regex` for its marker")
        if self.opts["entry_regex"] and not (self.opts["resume_words"] or self.opts["resume_pair_words"]):
            raise ValueError("`entry_regex` overrides the tests of `resume_words` or `resume_pair_words`: set one")

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        # A tail is quiet after drops where no line left could be its marker wherever it stood: dropping
        # lines moves the tail and changes a marker's neighbours, never a line's own text. The head is not:
        # any line may come to stand first, and most pages hold a few short lines and a title.
        if self.opts["mode"] == "tail":
            cut, marker_left = self._tail(lines)
        else:
            cut, marker_left = self._head(lines), True
        if cut is None:
            return lines, [], not marker_left
        start, end, message = cut
        dropped = [line for line in lines[start:end] if line.text.strip()]
        return lines[:start] + lines[end:], self.dropped_lines(dropped, message), not marker_left

    def _tail(self, lines: list[Line]) -> tuple[tuple[int, int, str] | None, bool]:
        """The cut, and whether a line it leaves may be a marker wherever it stands: one the patterns match
        within the guards on the line alone (its words, a permalink), in the tail or above it."""
        # Every line's candidates, those above the tail too: a page with none needs no positions.
        candidates = self.patterns.candidates(lines)  # in order: the first that qualifies wins
        if not candidates:
            return None, False
        positions = positions_of(lines)
        late = self.opts["min_position"] * positions.total
        threshold = min(self.opts["early_position"], self.opts["min_position"]) * positions.total if self.early else late
        # The lines with too few words before them to be the tail: the words before a line only grow.
        first = bisect_left(positions.before, threshold)
        printed_count = printed_counts(lines)
        search, max_words = self.patterns.search, self.opts["max_words"]
        marker_seen = False
        for index in candidates:
            line = lines[index]
            if positions.counts[index] > max_words or not line.text.strip():
                continue
            if line.text.rstrip().endswith(PERMALINK):  # a heading the page links to: a section of the document
                continue
            if index < first or positions.before[index] < late and not self.early.search(line.text):
                # above the tail: searched only while no marker is known (it may move into the tail)
                marker_seen = marker_seen or search(line.text) is not None
                continue
            if search(line.text):
                if self.opts["max_repeats"]:
                    if printed_count(line.folded) > self.opts["max_repeats"]:
                        marker_seen = True
                        continue
                if not self._ends_document(lines, index):
                    marker_seen = True
                    continue
                marker = line.text.strip()
                # the lines above it are left: a marker among them was found on the way
                return (index, len(lines), f"{self.message} (from {marker!r} to the end)"), marker_seen
        return None, marker_seen

    def _ends_document(self, lines: list[Line], index: int) -> bool:
        """Whether the marker at `index` stands after a document and not inside it or above it."""
        if self.menu and self._in_menu(lines, index):
            return False
        wanted = self.opts["min_prose_before"]
        if wanted:
            # no prose: only a product's price alone above it may stand for its text
            if not has_prose(lines, index, wanted) and (not self.opts["price_before"] or not any(map(is_price, lines[:index]))):
                return False
        if self.opts["same_entries"] and self._continues_entries(lines, index):
            return False
        resume, pair = self.opts["resume_words"], self.opts["resume_pair_words"]
        if resume or pair:
            following = list(islice((line for line in islice(lines, index + 1, None) if line.text.strip()), self.opts["resume_lines"]))
            if self.entries and any(self.entries.search(line.text) for line in following):
                return True
            if resume and sum(line.words >= resume and not is_excerpt(line) for line in following) >= RESUME_PARAGRAPHS:
                return False
            if pair and has_prose_pair(following, pair):
                return False
        return True

    def _continues_entries(self, lines: list[Line], index: int) -> bool:
        """Whether the lines after the marker repeat the shape of a run of lines above it: entries of one
        listing (a title, a byline, a summary, a date), of which the marker heads a further section.
        Only entries with a sentence (a summary) count, and of three lines or more: a menu's items have
        none, and a heading and a paragraph in turn are any text's."""
        wanted = self.opts["same_entries"]
        after = [shape(line) for line in islice((line for line in islice(lines, index + 1, None) if line.text.strip()), wanted)]
        if len(after) < wanted or "prose" not in after or all(map(str.__eq__, after, after[2:])):
            return False
        above = list(islice((shape(lines[i]) for i in range(index - 1, -1, -1) if lines[i].text.strip()), 4 * wanted))[::-1]
        return any(above[start : start + wanted] == after for start in range(len(above) - wanted + 1))

    def _in_menu(self, lines: list[Line], index: int) -> bool:
        """Whether the line just before or just after the marker is an entry of a menu."""
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].text.strip()), None)
        after = next((line for line in islice(lines, index + 1, None) if line.text.strip()), None)
        return any(line is not None and self.menu.search(line.text) for line in (before, after))

    def _head(self, lines: list[Line]) -> tuple[int, int, str] | None:
        seen = 0
        for index, line in enumerate(lines):
            text = line.text.strip()
            if not text:
                continue
            count = line.words  # the stripped text's: spaces around a text part no words
            if is_title_like(text, self.opts["title_min_words"], count) or self.patterns.search(text):
                if seen == 0:
                    return None
                return 0, index, f"{self.message} (before the title)"
            seen += 1
            if seen > self.opts["max_lines"] or count > self.opts["max_words"] or ends_as_sentence(text) and not is_date_like(text):
                return None
        return None
