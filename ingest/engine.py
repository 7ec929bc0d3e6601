"""Run a rule set over a text: clean text, findings, and the metadata moved out of it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from .document import FOLD_SPACES, FOLDED, SERIALS, TEXT, WORDS, Finding, Line, lines_of
from .kinds import Rule
from .kinds.base import without
from .kinds.line import LineRule
from .prefilter import LineIndex, SubIndex, index_of
from .text import fold, has_unspaced


MAX_PASSES = 4
SERIAL = itemgetter(3)  # Line.serial, read as TEXT and WORDS are
LINE, COL = attrgetter("line"), attrgetter("col")  # a Finding's


def newest(lines: list[Line]) -> int:
    """The serial of the list's newest line."""
    return max(map(SERIAL, lines), default=0)


@dataclass
class Outcome:
    text: str
    findings: list[Finding]
    record: dict[str, str] = field(default_factory=dict)
    # text.words of the text given and of the clean text, summed from their lines' counts; None
    # where that sum is not the whole's count (a script without spaces: each line rounds its own).
    words_before: int | None = None
    words: int | None = None
    # the line number in the text given of each line of the clean text, so that what validation finds
    # in the clean text can be shown where it is in the input
    numbers: list[int] = field(default_factory=list)


def run_rules(rules: list[Rule], text: str, fmt: str = "text") -> Outcome:
    """Apply the rules meant for inputs of format `fmt` (text, or html after extraction)."""
    rules = [rule for rule in rules if fmt in rule.spec.formats]
    # The folds of the last document's lines, and their spaces: of no use to this one's, whatever they share.
    FOLDED.clear()
    FOLD_SPACES.clear()
    lines = lines_of(text)
    words_before = None if has_unspaced(text) else sum(map(WORDS, lines))
    record: dict[str, str] = {}
    findings: list[Finding] = []
    ordered = sorted(rules, key=lambda r: r.phase)
    ran = [0] * len(ordered)  # per line-local rule, a Line.serial taken just before it last ran (0: not yet)
    answers: list[Answer | None] = [None] * len(ordered)  # per other rule, its last run
    # The list whose newest serial was last asked, and it: a rule gives back a new list when it changes
    # any line (as _apply_to_new relies on), so the line-local rules of a later pass ask once.
    latest: tuple[list[Line] | None, int] = (None, 0)

    def newest_now() -> int:
        nonlocal latest
        if latest[0] is not lines:
            latest = (lines, newest(lines))
        return latest[1]

    made_since = MadeSince()

    copying = {rule.spec.id for rule in ordered if rule.drops_copies}
    # A cut can move a marker into the tail or a headline to the top, where a rule now applies:
    # run the rules again until nothing changes (at most MAX_PASSES, and as many rounds of copies put back).
    passes = put_backs = 0
    while passes < MAX_PASSES:
        passes += 1
        before = len(findings)
        number = 0
        while number < len(ordered):
            rule = ordered[number]
            if not rule.line_local:
                lines, found, answers[number] = _apply_to_changed(rule, lines, record, answers[number], newest_now)
            elif ran[number]:
                lines, found, ran[number] = _apply_to_new(rule, lines, record, ran[number], newest_now(), made_since)
            elif isinstance(rule, LineRule):
                row = _row(ordered, ran, number)
                lines, found = _drop_in_a_row(ordered[number:row], lines, ran, number)
                findings.extend(found)
                number = row
                continue
            else:
                ran[number] = next(SERIALS)
                lines, found = rule.apply(lines, record)
            findings.extend(found)
            number += 1
        # A line dropped as a copy of one that a later cut took (a heading of the text printed first in
        # a table of contents or a menu) is the page's only copy left: put it back, and let the next
        # pass judge it as any other line. Only a pass that dropped something can leave one.
        orphans = _orphaned_copies(findings, lines, copying) if copying and len(findings) > before else []
        if orphans and put_backs < MAX_PASSES:
            put_backs += 1
            lines = _put_back(lines, orphans)
            at = {orphan.line for orphan in orphans}  # a finding equal to one has its line: the others pass unasked
            findings[:] = [finding for finding in findings if finding.line not in at or finding not in orphans]
            passes = min(passes, MAX_PASSES - 1)
            continue
        if len(findings) == before:
            break
    # By line, then column: two stable sorts on one int each (each rule's findings come in line order,
    # and most are at column 1), no (line, col) tuple made and compared per finding.
    findings.sort(key=COL)
    findings.sort(key=LINE)
    body = "\n".join(map(TEXT, lines)).strip("\n")
    count = None if has_unspaced(body) else sum(map(WORDS, lines))  # a rule may have put such a script in (an entity)
    return Outcome(body + "\n" if body else "", findings, record, words_before, count, _shown(lines))


def _orphaned_copies(findings: list[Finding], lines: list[Line], copying: set[str]) -> list[Finding]:
    """The findings of lines dropped as copies (by the rules in `copying`) of which no copy is left in
    `lines`: the first of each text that stood inside the text left, a line of it within NEAR lines
    above and below (a heading between two paragraphs; not a carousel's second copy in a cut footer,
    which may come before the copy in the text)."""
    copies = [finding for finding in findings if finding.rule_id in copying and finding.action == "drop"]
    if copies:
        numbers = [line.no for line in lines if line.text]
        copies = [finding for finding in copies if _inside(numbers, finding.line)]
    if not copies:  # the folds of the text left are read only for these
        return []
    left = {line.folded for line in lines if line.text}
    first: dict[str, Finding] = {}
    for finding in copies:
        key = fold(finding.text)
        if key not in left and (key not in first or finding.line < first[key].line):
            first[key] = finding
    return list(first.values())


NEAR = 4  # input lines: a blank line and a line dropped between a heading and the paragraphs around it


def _inside(numbers: list[int], no: int) -> bool:
    """Whether the sorted line numbers hold one within NEAR lines above `no` and one within NEAR below."""
    at = bisect_left(numbers, no)
    return 0 < at < len(numbers) and no - numbers[at - 1] <= NEAR and numbers[at] - no <= NEAR


def _put_back(lines: list[Line], dropped: list[Finding]) -> list[Line]:
    """The lines with those the findings dropped back in place (the lines are in input order)."""
    merged = list(lines)
    for finding in sorted(dropped, key=attrgetter("line")):
        merged.insert(bisect_left(merged, finding.line, key=attrgetter("no")), Line(finding.line, finding.text))
    return merged


def _shown(lines: list[Line]) -> list[int]:
    """The numbers of the lines from the first to the last that holds text: those of the clean text,
    which the blank lines around them are stripped from."""
    first = next((index for index, line in enumerate(lines) if line.text), len(lines))
    last = len(lines) - next((index for index, line in enumerate(reversed(lines)) if line.text), 0)
    return [line.no for line in lines[first:last]]


def _row(ordered: list[Rule], ran: list[int], first: int) -> int:
    """The end of the row of line-local line rules from `first` that have not run yet."""
    end = first
    while end < len(ordered) and ordered[end].line_local and isinstance(ordered[end], LineRule) and not ran[end]:
        end += 1
    return end


def _drop_in_a_row(row: list[Rule], lines: list[Line], ran: list[int], first: int) -> tuple[list[Line], list[Finding]]:
    """Line-local line rules one after another, as each one's `apply` on what the ones before it
    left: a line rule only drops lines and decides each by itself, so each can look at the same list
    and pass over the lines dropped before it, and the lines go once at the end. Each rule's `apply`
    made a new list, and the next one indexed it again (prefilter.index_of) for its candidates."""
    gone: set[int] = set()
    findings: list[Finding] = []
    indexed: list[LineIndex | SubIndex] = []  # the lines' index, made when a rule first asks

    def index() -> LineIndex | SubIndex:
        if not indexed:
            indexed.append(index_of(lines))
        return indexed[0]

    for offset, rule in enumerate(row):
        ran[first + offset] = next(SERIALS)
        dropped, found = rule.dropped(lines, gone, index)  # type: ignore[attr-defined]
        gone |= dropped
        findings.extend(found)
    return without(lines, gone), findings


class MadeSince:
    """The lines of a list made after a serial. The line-local rules of a later pass ask in the order
    they last ran, so each about a later serial than the one before: its lines are among those that
    one got, picked from them rather than from the whole list."""

    def __init__(self) -> None:
        # the list, serial and lines last asked, and the oldest serial among those lines
        self.last: tuple[list[Line] | None, int, list[Line], float] = (None, 0, [], 0)

    def __call__(self, lines: list[Line], serial: int) -> list[Line]:
        known, since, fresh, oldest = self.last
        if known is lines and since <= serial < oldest:
            # The same lines as last time (no line was made between the two rules' runs: line rules only drop):
            # the same list, so that what the rules found of it stands (its index, prefilter.index_of).
            return fresh
        source = fresh if known is lines and since <= serial else lines  # lists are never changed in place
        fresh = [line for line in source if line.serial > serial]
        self.last = (lines, serial, fresh, min(map(SERIAL, fresh)) if fresh else float("inf"))
        return fresh


# What a rule that looks at the whole document was given when it last ran, what it gave back, and a
# Line.serial taken just after it ran: every line made since has a larger one; and whether the answer
# was quiet after drops (Rule.run). The list given, not a copy: no rule changes a list in place (one
# that changes a line gives back a new list, as run_rules relies on), so it still holds what the rule saw.
Answer = tuple[list[Line], list[Line], list[Finding], int, bool]


def _same_lines(given: list[Line], lines: list[Line]) -> bool:
    """Whether the two lists hold the same line objects in the same order: list == list (in C, which
    takes a pair that is one object as equal without asking it; several times as fast as is_ pair by
    pair), then their serials. Equal lines have the same number and text, and no two line objects
    have the same number and serial (lines_of numbers a text's lines apart under one new serial, and
    every other line takes a serial of its own). The very list given is so at once (no rule changes a
    list in place)."""
    return given is lines or given == lines and list(map(SERIAL, given)) == list(map(SERIAL, lines))


def _apply_to_changed(rule: Rule, lines: list[Line], record: dict[str, str], last: Answer | None, latest: Callable[[], int]) -> tuple[list[Line], list[Finding], Answer]:
    """A rule gives the same answer to the same lines: when it gets exactly the lines it got when it
    last ran (every line the same object, so none edited, dropped or moved: no rule changed anything
    since), that answer stands, findings included, without running it again. A rule whose last answer
    was quiet after drops (Rule.run) finds nothing in what it gave back, nor in that with lines dropped:
    so when no line is newer than its last run (`latest`: the newest serial of `lines`), every line is
    one it gave back (lines are only dropped or made anew, never brought back) and it is not run
    either. Any other change runs it."""
    if last is not None and _same_lines(last[0], lines):
        return last[1], last[2], last
    if last is not None and last[4] and latest() <= last[3]:
        return lines, [], last  # what it gives: nothing found, the lines as they are
    out, found, quiet = rule.run(lines, record)
    return out, found, (lines, out, found, next(SERIALS), quiet)


def _apply_to_new(
    rule: Rule, lines: list[Line], record: dict[str, str], last: int, latest: int, made_since: MadeSince
) -> tuple[list[Line], list[Finding], int]:
    """A line-local rule decides each line by that line alone, and every line made before it last ran
    that is still here went through it unchanged: so it looks only at the lines made since (edited
    ones), and its answer on the others stays what it was. `latest` is the serial of the newest line;
    `made_since` gives the lines made after a serial. Returns the serial to remember."""
    now = next(SERIALS)
    if latest <= last:  # the usual case in a later pass: nothing edited since
        return lines, [], now
    fresh = made_since(lines, last)
    if not fresh:
        return lines, [], now
    out, found = rule.apply(fresh, record)
    if out is fresh:  # every line left as it was
        return lines, found, now
    # Put the rule's lines back in place: it edits or drops a line, never reorders or adds one.
    by_no = {line.no: line for line in out}
    merged = [by_no.get(line.no) if line.serial > last else line for line in lines]
    return [line for line in merged if line is not None], found, now
