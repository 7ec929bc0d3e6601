"""Time budgets: a timer signal in a main thread, a deadline the rule patterns read elsewhere."""

from __future__ import annotations

import re
import signal
import sys
import time
from typing import Any

import pytest
from support import in_a_thread

from ingest.budget import DEADLINE, Allowance, Expired, OverBudget, within
from ingest.kinds.base import Patterns

HOSTILE = r"(\w+\s?)+$"  # backtracks exponentially on a long run of words that does not end in one
NO_MATCH = "abcdefghij " * 300 + "#"


def test_within_returns_what_the_call_returns_and_leaves_no_timer_behind() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert within(5, lambda: 42) == 42
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_backtracking_re_search_in_the_main_thread_is_stopped() -> None:
    pattern = re.compile(HOSTILE)
    with pytest.raises(OverBudget, match="longer than 0.2 s") as stopped:
        within(0.2, lambda: pattern.search(NO_MATCH))
    assert stopped.value.trace is not None and stopped.value.stage is None
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_except_exception_inside_the_call_does_not_swallow_the_stop() -> None:
    def stubborn() -> None:
        try:
            re.compile(HOSTILE).search(NO_MATCH)
        except Exception:
            pass  # what a careless library does; the budget must still end the call

    with pytest.raises(OverBudget):
        within(0.2, stubborn)


def test_in_another_thread_rule_patterns_are_stopped_by_their_deadline() -> None:
    patterns = Patterns([], [HOSTILE])
    with pytest.raises(OverBudget):
        in_a_thread(lambda: within(0.2, lambda: patterns.search(NO_MATCH)))
    assert DEADLINE.at is None


def test_in_another_thread_code_that_reads_no_deadline_is_stopped_too() -> None:
    def busy() -> None:
        try:
            while True:  # pure Python, like an extractor walking a huge page
                sum(range(1000))
        except Exception:
            pass  # a careless library's handler must not swallow the stop

    with pytest.raises(OverBudget) as stopped:
        in_a_thread(lambda: within(0.2, busy, stage="the busy stage"))
    assert stopped.value.stage == "the busy stage"  # named wherever the stop came from


def test_in_another_thread_a_call_that_ends_in_time_is_not_stopped_later() -> None:
    def calls() -> int:
        done = sum(within(0.05, lambda: n) for n in range(200))
        time.sleep(1.3)  # past the watchdog's grace (1 s after the budget): one still armed would fire here
        return done

    assert in_a_thread(calls) == sum(range(200))


def test_in_another_thread_patterns_match_as_they_do_with_re() -> None:
    patterns = Patterns(["read more"], [r"^\w+$", r"(?<!\d)20\d\d\b", "^Menu$"])
    lines = ["Köln", "Read more here", "in 2024 again", "x12024 y.", "Menu", "menu.", "nothing, at all."]
    expected = [(m.group(0), m.start()) if (m := patterns.search(line)) else None for line in lines]

    def found() -> list[Any]:
        return within(5, lambda: [(m.group(0), m.start()) if (m := patterns.search(line)) else None for line in lines])

    assert in_a_thread(found) == expected
    assert expected.count(None) == 3


def test_a_budget_of_zero_sets_no_timer_and_no_deadline() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert within(0, lambda: (signal.getsignal(signal.SIGALRM), DEADLINE.at)) == (before, None)


def test_a_stop_swallowed_once_is_raised_again() -> None:
    swallowed = []

    def swallows_the_first_stop() -> None:
        try:
            while True:
                sum(range(1000))
        except BaseException:  # what Python does to an exception raised inside __del__
            swallowed.append(True)
        ends = time.monotonic() + 2  # with a one-shot timer the call ends here, unstopped
        while time.monotonic() < ends:
            sum(range(1000))

    with pytest.raises(OverBudget):
        within(0.1, swallows_the_first_stop)
    assert swallowed == [True] and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_allowance_is_shared_by_its_calls_but_not_by_the_time_between_them() -> None:
    allowance = Allowance(0.5)
    assert allowance(lambda: time.sleep(0.3) or "first") == "first"
    time.sleep(0.4)  # between the calls: not counted
    with pytest.raises(OverBudget) as over:
        allowance(lambda: time.sleep(0.5))  # alone within 0.5 s, not within what the first left
    assert over.value.seconds == 0.5 and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with pytest.raises(OverBudget):  # spent: the next call is not made
        allowance(lambda: pytest.fail("called"))
    assert Allowance(0)(lambda: "no limit") == "no limit"


def test_a_stop_swallowed_by_a_finaliser_is_not_reported_as_unraisable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python hands an exception raised in __del__ to sys.unraisablehook, which prints it (and
    # pytest's turns it into an error); the repeating timer raises the stop again anyway.
    reported: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    class Finalised:
        def __init__(self, error: BaseException) -> None:
            self.error = error

        def __del__(self) -> None:
            raise self.error

    def finalises() -> str:
        Finalised(Expired())
        Finalised(ValueError("a finaliser's own error"))
        return "done"

    assert within(5, finalises) == "done"
    assert [type(report.exc_value) for report in reported] == [ValueError]
    assert sys.unraisablehook == reported.append


def test_a_pattern_that_stops_itself_stands_the_watchdog_down_first() -> None:
    # Otherwise a watchdog firing while the pattern's stop unwinds replaces it, and the rule goes unnamed.
    from ingest.budget import search_before

    seen: dict[str, Any] = {}

    def rule() -> None:
        watchdog = DEADLINE.watchdog
        try:
            search_before(time.monotonic() - 1, [re.compile("x")], "x")
        finally:
            seen["armed"] = watchdog.armed

    with pytest.raises(OverBudget):
        in_a_thread(lambda: within(5, rule))
    assert seen == {"armed": False} and DEADLINE.watchdog is None
