"""What every rule kind shares: its spec from YAML, typed options, position in the document."""

from __future__ import annotations

import re
from math import floor
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate, compress
from operator import truth
from typing import Any, ClassVar

from ..budget import DEADLINE, search_before
from ..document import TEXT, WORDS, Finding, Line, Severity, folded_lines
from ..prefilter import LITERALS, NEED_SETS, Literals, dropped_from, dropping, fold, index_of, literal_set, minimal, per_list, required
from .. import regex_cache
from ..regex_cache import Facts


@dataclass(frozen=True)
class Option:
    """One option a kind accepts: its type, default and (optionally) allowed values."""

    type: type | tuple[type, ...]
    default: Any
    choices: tuple[Any, ...] = ()
    list_of: type | None = None  # for list options: the type of each item


def set_state(made: Any, state: dict[str, Any]) -> None:
    """An unpickled object's attributes (a rule set sent to a worker process), set one by one: pickle's own
    way fills the object's __dict__, and on CPython (3.11) every attribute read of an object whose __dict__
    was made costs more than on one whose attributes were set as __init__ sets them."""
    for name, value in state.items():
        setattr(made, name, value)  # (which interns the name, as pickle's own way does)


@dataclass(frozen=True)
class RuleSpec:
    """A rule instance as written in YAML."""

    id: str
    name: str
    kind: str
    severity: Severity = "error"
    description: str = ""
    why: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    match: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    origin: str = ""  # file:line where the rule is defined
    formats: tuple[str, ...] = ("text", "html")  # the inputs it runs on (html: on the extracted text)


Record = dict[str, str]  # metadata moved out of the text (author, date, ...)
NEW = object.__new__


class Rule:
    """A rule kind. Subclasses set `kind`, `phase`, `options` and implement `apply` (or `run`)."""

    kind: ClassVar[str]
    phase: ClassVar[int]  # rules run by phase, then in pack order
    options: ClassVar[dict[str, Option]] = {}
    # True when the rule decides each line by that line alone (not by its neighbours or its place in
    # the document) and only edits or drops lines: a later pass then shows it only lines it has not seen.
    line_local: bool = False
    # True when the rule drops a line as a copy of another: should a later cut take every other copy, the
    # engine puts the first one it dropped back.
    drops_copies: bool = False
    # True when the rule finds nothing in the lines it gives back, nor in any list made from them by dropping
    # lines (the rest in order): a later pass that has only dropped lines since need not run it (engine.py).
    quiet_after_drops: bool = False

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.message = spec.description or spec.name  # what its findings say, where a kind adds nothing
        self.opts = {key: spec.options.get(key, option.default) for key, option in self.options.items()}
        self.setup()
        self.expect_literals()

    def __setstate__(self, state: dict[str, Any]) -> None:
        set_state(self, state)
        self.expect_literals()  # setup told the sending process's prefilter, not this one's

    def expect_literals(self) -> None:
        """Tell the prefilter the literals the rule asks about beyond its Patterns' (which tell it
        themselves), so that the literals' automaton is built with them: after setup, and in a worker
        process the rule set is sent to."""

    def setup(self) -> None:
        """Compile what the options describe; raise ValueError with a short reason when they are wrong."""

    def apply(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding]]:
        """The lines the rule leaves and its findings. A kind writes this, or `run` where it works out each
        answer's quiet flag: then this is `run`'s answer without the flag (the flag is for the engine)."""
        if type(self).run is Rule.run:  # neither written: `run` would ask `apply` again
            raise NotImplementedError(f"{type(self).__name__} writes neither apply nor run")
        return self.run(lines, record)[:2]

    def run(self, lines: list[Line], record: Record) -> tuple[list[Line], list[Finding], bool]:
        """`apply`, and whether this answer is quiet after drops (as `quiet_after_drops` says of every answer
        of a kind): the engine then does not run the rule again while lines are only dropped."""
        out, found = self.apply(lines, record)
        return out, found, self.quiet_after_drops

    def finding(self, line: Line, action: str, message: str, text: str | None = None, col: int = 1) -> Finding:
        # The same as Finding(...), made without the frozen dataclass's __init__ (object.__setattr__ per
        # field), as lines_of makes lines: the block rule makes one for every line it drops.
        made = NEW(Finding)
        spec = self.spec
        made.__dict__.update(
            rule_id=spec.id, rule_name=spec.name, severity=spec.severity, line=line.no, col=col,
            action=action, message=message, text=line.text if text is None else text,
        )
        return made

    def dropped_lines(self, lines: Iterable[Line], message: str) -> list[Finding]:
        """A "drop" finding at column 1 for each line, as `finding` makes one: made in one go, every field
        but the line's number and text copied from one dict (the block rule drops hundreds of lines a page)."""
        spec = self.spec
        fields = dict(rule_id=spec.id, rule_name=spec.name, severity=spec.severity, line=0, col=1, action="drop", message=message, text="")
        found: list[Finding] = []
        for line in lines:
            made = NEW(Finding)
            values = made.__dict__
            values.update(fields)  # in the fields' order, as `finding` gives them
            values["line"], values["text"] = line[0], line[1]  # Line.no, Line.text
            found.append(made)
        return found


# RE2 runs in linear time, so a user's `(a+)+$` cannot hang a run. It has no lookaround or
# backreferences, and its \w \b \d \s are ASCII-only where Python's are Unicode: patterns using
# those stay on `re` so that a rule means the same whichever engine runs it.
NOT_FOR_RE2 = re.compile(r"\\[wWbBdDsS1-9]|\(\?(?:[=!]|<[=!]|P=)")


def compile_regex(source: str) -> Any:
    """A compiled pattern with `search`: RE2 where it means the same as `re`, else `re`."""
    if not NOT_FOR_RE2.search(source):
        try:
            import re2

            re.compile(source)  # the same syntax errors as with `re`
            return re2.compile(source)
        except Exception:  # no re2 installed, or a pattern RE2 does not support: `re` decides below
            pass
    return re.compile(source)


PREFILTER_AFTER_LINES = 5000
# Searches after which a rule compiles all its regexes and runs them all: folding a line and testing
# each regex's literals costs more than running the regexes (timed over the dev-set dumps); before
# it, a one-file check compiles only the regexes its document calls for.
COMPILE_ALL_AFTER = 200
# Regexes with literals from which a rule's search keeps testing each text for each regex's literals
# (Screener), to run only those that may match: with so many, the regexes cost more than folding the
# text and the test do (measured over the dev-set dumps: a consent panel's rule has 15 regexes).
SCREEN_FROM = 6


UNKNOWN = object()
MAX_ANSWERED_CHARS = 100  # longer texts (paragraphs, a page's attribute words) are seldom asked about twice
MAX_ANSWERS = 2_000  # texts a pattern set remembers; past this it starts again


def compile_source(source: str, flags: int) -> Any:
    """A rule regex (flags 0) on RE2 or `re` (compile_regex), or the phrases' regex on `re`."""
    return compile_regex(source) if not flags else re.compile(source, flags)


def facts_of(compiled: Any) -> Facts:
    """What the regex cache keeps of a compiled regex."""
    needs = required(compiled)
    return (tuple(sorted(needs)) if needs is not None else None, tuple(compiled.groupindex))


class Screener:
    """Which of a rule's regexes a folded text may match, by the literals each needs, found in one pass
    of an RE2 set of them all instead of a `str.find` for each (a consent-panel rule's regexes need ~90)."""

    def __init__(self, facts: list[Facts]) -> None:
        self.always = [index for index, (needs, _) in enumerate(facts) if needs is None]  # no literal to rely on
        self.regexes_of: dict[str, list[int]] = {}  # the regexes needing each literal
        for index, (needs, _) in enumerate(facts):
            for literal in needs or ():
                self.regexes_of.setdefault(literal, []).append(index)
        self.literals = list(self.regexes_of)
        self.matcher = literal_set(self.literals, Literals.MAX_MEMORY)

    def may_match(self, folded: str) -> list[int]:
        """The numbers of the regexes that may match, in order."""
        found = set(self.always)
        for number in self.matcher.Match(folded) or ():
            found.update(self.regexes_of[self.literals[number]])
        return sorted(found)


class Patterns:
    """Literal phrases (case-insensitive) and regular expressions (as written; use (?i) to fold case).

    A regex that an earlier run compiled (ingest/regex_cache.py) is compiled when a text first holds
    one of the literals its matches need: a one-file check compiles only those its document calls for.
    A regex not seen before is compiled here, so one that does not compile is an error at load."""

    def __init__(self, phrases: list[str], regexes: list[str], anchored_phrases: bool = False) -> None:
        # search's answer for each short text it was asked about: a template prints the same labels
        # under every item and on every page of a site ("Reply", "Share", "Add to cart").
        self.answers: dict[str, Any] = {}
        self.lines_seen = 0
        self.searches = 0
        self.sources: list[tuple[str, int]] = [(source, 0) for source in regexes]
        if phrases:
            body = "|".join(re.escape(p.strip()) for p in sorted(phrases, key=len, reverse=True))
            prefix = r"^\W*" if anchored_phrases else r"(?<!\w)"
            self.sources.append((f"{prefix}(?:{body})(?!\\w)", re.IGNORECASE))
        self.compiled: list[Any | None] = []
        self.facts: list[Facts | None] = []  # None: not known (no cache), found when needed
        for source, flags in self.sources:
            known = regex_cache.KNOWN
            facts, compiled = known.get(source, flags), None
            if facts is None:
                try:
                    compiled = compile_source(source, flags)
                except re.error as error:
                    raise ValueError(f"regex {source!r} does not compile: {error}") from None
                if known.enabled:
                    facts = facts_of(compiled)
                    known.put(source, flags, facts)
            self.compiled.append(compiled)
            self.facts.append(facts)
        self.ready = None not in self.compiled  # every regex compiled: search runs them all in order (unless `screen`)
        self.screen = None not in self.facts and sum(facts[0] is not None for facts in self.facts) >= SCREEN_FROM  # type: ignore[index]
        self.screener: Screener | None = None  # built for a screening rule once it has made enough searches
        self._tell_prefilter()

    def _tell_prefilter(self) -> None:
        """Tell this process's prefilter the literals (the literals' automaton is built with them at once)
        and the set of them (its lines read in one walk, LineIndex._held_by): at load, and in a worker
        process the rule set is sent to."""
        if getattr(self, "needs", None) is not None:  # worked out already (required_literals adds it)
            NEED_SETS.add(self.needs)
        if None not in self.facts:  # the literals are known without compiling: one RE2 set holds them all
            LITERALS.expect(self.required_literals() or ())

    def __getstate__(self) -> dict[str, Any]:
        # Matches and RE2 sets do not pickle (a rule set sent to a worker process): the answers start
        # again there, and the screener is built again.
        # A regex the regex cache knew is sent uncompiled: the worker compiles those its documents call for,
        # as a run here does, not all of them as it unpickles the rule set.
        compiled = [regex if facts is None else None for regex, facts in zip(self.compiled, self.facts)]
        return {**self.__dict__, "answers": {}, "screener": None, "compiled": compiled, "ready": None not in compiled}

    def __setstate__(self, state: dict[str, Any]) -> None:
        set_state(self, state)
        self._tell_prefilter()

    @property
    def regexes(self) -> list[Any]:
        """Every regex, compiled."""
        if not self.ready:
            for index in range(len(self.sources)):
                self._compiled(index)
            self.ready = True
        return self.compiled  # type: ignore[return-value]

    def _compiled(self, index: int) -> Any:
        compiled = self.compiled[index]
        if compiled is None:
            compiled = self.compiled[index] = compile_source(*self.sources[index])
        return compiled

    def _may_match(self, text: str) -> list[Any]:
        """The regexes that may match `text`, compiled where they were not yet: those with no literal
        to rely on, and those whose literals it holds. After a few hundred texts, simply all of them,
        unless there are SCREEN_FROM regexes or more."""
        self.searches += 1
        compiled = self.compiled
        if self.searches > COMPILE_ALL_AFTER:
            if not self.screen:
                return self.regexes
            if self.screener is None:
                self.screener = Screener(self.facts)  # type: ignore[arg-type]
            if self.screener.matcher is not None:
                return [compiled[index] or self._compiled(index) for index in self.screener.may_match(fold(text))]
        holds = fold(text).__contains__
        return [
            compiled[index] or self._compiled(index)
            for index, facts in enumerate(self.facts)
            if facts is None or facts[0] is None or any(map(holds, facts[0]))
        ]

    def search(self, text: str) -> Any:
        """The first match in `text` of the regexes in order, or None; remembered by text (`answers`)."""
        answer = self.answers.get(text, UNKNOWN)
        if answer is not UNKNOWN:
            return answer
        regexes = self.compiled if self.ready and not self.screen else self._may_match(text)
        answer = None
        if DEADLINE.at is not None:  # a time budget runs where no timer signal can stop a regex (budget.py)
            answer = search_before(DEADLINE.at, regexes, text)
        else:
            for regex in regexes:
                match = regex.search(text)
                if match:
                    answer = match
                    break
        if len(text) <= MAX_ANSWERED_CHARS:
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.clear()
            self.answers[text] = answer
        return answer

    def groups(self) -> list[tuple[str, ...]]:
        """The group names of each regex, in order."""
        return [facts[1] if facts is not None else tuple(self._compiled(index).groupindex) for index, facts in enumerate(self.facts)]

    def candidates(self, lines: list[Line], span: range | None = None, index: Callable[[], Any] | None = None) -> Iterable[int]:
        """Indices of the lines `search` may match, in order: those holding a literal every match
        needs, among the indices in `span` (default: all). `index` gives the lines' index when the
        caller keeps it (prefilter.index_of asks whether the list is the one it last indexed)."""
        span = range(len(lines)) if span is None else span
        # Finding the literals parses every pattern again (~5 ms a rule): worth it, when the regex cache
        # does not know them, only once the patterns have seen a few thousand lines, not for the one
        # file a pre-commit hook checks. Known at load (from the cache), they are worked out there, and
        # not asked about again here (`None in facts` compared each regex's facts with None every call).
        if not hasattr(self, "needs"):
            self.lines_seen += len(lines)
            if self.lines_seen <= PREFILTER_AFTER_LINES:
                return span
            self.required_literals()
        needs = self.needs
        if needs is None:
            return span
        return (index_of(lines) if index is None else index()).lines_holding(needs, span.start, span.stop)

    def required_literals(self) -> frozenset[str] | None:
        """Folded strings of which every match of the regexes holds at least one (none holding another),
        or None when a regex needs none: what `candidates` looks for in the lines. Worked out once; a regex
        the regex cache did not know is compiled for it."""
        if not hasattr(self, "needs"):
            each = [self._needs_of(index) for index in range(len(self.sources))]
            self.needs = None if any(need is None for need in each) else minimal(frozenset().union(*each))  # type: ignore[arg-type]
            if self.needs is not None:
                NEED_SETS.add(self.needs)
        return self.needs

    def _needs_of(self, index: int) -> frozenset[str] | None:
        facts = self.facts[index]
        if facts is None:
            return required(self._compiled(index))
        return frozenset(facts[0]) if facts[0] is not None else None

    def __bool__(self) -> bool:
        return bool(self.sources)


class Positions:
    """Where each line stands in the document, measured in words: head, tail or body."""

    def __init__(self, lines: list[Line]) -> None:
        counts = list(map(WORDS, lines))
        # The running sums from 0: each line's words before it, then the total (taken off the end).
        self.before: list[int] = list(accumulate(counts, initial=0))
        self.total = self.before.pop()
        self.counts = counts

    def after(self, index: int) -> int:
        return self.total - self.before[index] - self.counts[index]

    def in_head(self, index: int, share: float) -> bool:
        return self.before[index] <= share * self.total

    def in_tail(self, index: int, share: float) -> bool:
        return self.after(index) <= share * self.total

    def span(self, position: str, share: float) -> range:
        """The indices `where` may accept: the first lines for head, the last for tail (a line's
        words before it only grow down the document), all for edges and any."""
        if position == "head":
            return range(bisect_right(self.before, share * self.total))  # in_head's test, in C
        if position == "tail":
            # in_tail(i): total - (before[i] + counts[i]) <= share * total, an integer against a float: from the
            # first i whose words up to its end, before[i + 1] (the total for the last), reach total - floor(share * total)
            first = bisect_left(self.before, self.total - floor(share * self.total), 1) - 1
            return range(first, len(self.counts))
        return range(len(self.counts))

    def where(self, index: int, position: str, share: float) -> bool:
        if position == "head":
            return self.in_head(index, share)
        if position == "tail":
            return self.in_tail(index, share)
        if position == "edges":
            return self.in_head(index, share) or self.in_tail(index, share)
        return True


positions_of = per_list(Positions)  # for the rules that see the same lines one after another


# Each line's fold (document.folded_lines), shared by the rules that see the same list one after
# another (the two duplicate rules, the printed counts): read only.
folded_of = per_list(folded_lines)


def filled(lines: list[Line]) -> bytes:
    """1 for each non-blank line, 0 for each blank one."""
    return bytes(map(truth, map(str.strip, map(TEXT, lines))))


# Shared by the block rule and the printed counts it asks for (each made the mask of the same list).
filled_of = per_list(filled)


def printed(lines: list[Line]) -> Counter[str]:
    """How often each non-blank line's `folded` is printed among the lines, the folds found together
    (document.folded_lines) instead of line by line. Read only: rules in a row share it (printed_of)."""
    return Counter(compress(folded_of(lines), filled_of(lines)))


printed_of = per_list(printed)


COUNTS_ALONE = 4  # folds counted alone before every fold is counted once


def printed_counts(lines: list[Line]) -> Callable[[str], int]:
    """For one pass of a rule over `lines`: how often a fold is printed among them, printed_of(lines)[fold],
    the first COUNTS_ALONE folds asked about counted alone (most pages ask about one or two), then every
    fold counted once: a page of many repeated markers asks about one fold per marker line, and list.count
    or even the shared cache's check of the list for each would be quadratic in the page's length. A blank
    line's fold is empty, so only the empty fold needs the blank lines told apart."""
    asks = 0
    folds: list[str] | None = None
    counts: Counter[str] | None = None

    def count(folded: str) -> int:
        nonlocal asks, folds, counts
        asks += 1
        if folded and asks <= COUNTS_ALONE:
            if folds is None:
                folds = folded_of(lines)
            return folds.count(folded)
        if counts is None:
            counts = printed_of(lines)
        return counts[folded]

    return count


def without(lines: list[Line], drop: set[int]) -> list[Line]:
    """The lines but those at the indices in `drop`; the same list when there are none, so that
    the next rules reuse what they know of it (positions_of, the prefilter's index)."""
    if not drop:
        return lines
    order = sorted(drop)
    kept = dropping(lines, order)  # a few drops in many lines: the runs between them copied as slices
    dropped_from(kept, lines, order)  # its index is then read through that of `lines`
    return kept


PATTERN_OPTIONS = {
    "phrases": Option(list, [], list_of=str),
    "regex": Option(list, [], list_of=str),
}
POSITION_OPTIONS = {
    "position": Option(str, "any", choices=("any", "head", "tail", "edges")),
    "window": Option(float, 0.3),
}
