"""Time budgets for one stage of one document, so that a hostile rule or page cannot hang a run.

In the main thread of a process (the CLI's, each `--jobs` worker's) a timer signal stops the stage
wherever it is: CPython's `re` checks for signals while it matches. No signal reaches another thread
(Dask runs its tasks in worker threads), and Windows has no timer signal: there the budget is a
deadline that rule patterns read (`Patterns.search`), and patterns compiled by `re` run on the
`regex` module instead, with the time left as its `timeout`. Code that reads no deadline (the
extractor) is stopped there by a watchdog thread that raises Expired in the late thread, which
Python delivers at its next bytecode (a long call into C finishes first). Budgets do not nest.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")


def scaled(seconds: float, size: int) -> float:
    """A document's budget for its rules: `seconds` (the config's rules_seconds), scaled past 1 MB of `size`."""
    return seconds * max(1.0, size / 1_000_000)


class OverBudget(Exception):
    """A stage ran past its budget; `trace` is where it was when it was stopped; `stage` names a
    stage with a budget of its own (None: the rules and the steps around them)."""

    def __init__(self, seconds: float, trace: TracebackType | None, stage: str | None = None) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds
        self.trace = trace
        self.stage = stage


class Expired(BaseException):
    """Raised where the stage is when its time is up. A BaseException, so that an `except Exception`
    inside the stage (trafilatura has several) lets it through."""


class _Deadline(threading.local):
    at: float | None = None  # time.monotonic() by which this thread's stage must end, where no signal can stop it
    watchdog: _Watchdog | None = None  # the stop for code that reads no deadline


DEADLINE = _Deadline()


def timer_signals() -> bool:
    """Whether a timer signal can interrupt the code running here."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def within(seconds: float, call: Callable[[], T], stage: str | None = None) -> T:
    """`call()`, stopped with OverBudget (naming `stage`) once `seconds` have passed; no limit when
    `seconds` <= 0."""
    if seconds <= 0:
        return call()
    try:
        return _with_timer(seconds, call) if timer_signals() else _with_deadline(seconds, call)
    except Expired as expired:
        raise OverBudget(seconds, expired.__traceback__, stage) from None


class Allowance:
    """One budget for several calls: each may take what the calls before it left (time spent
    between them does not count), and OverBudget names the whole budget."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    def __call__(self, call: Callable[[], T]) -> T:
        if self.seconds <= 0:
            return call()
        left = self.seconds - self.spent
        if left <= 0:
            raise OverBudget(self.seconds, None)
        started = time.monotonic()
        try:
            return within(left, call)
        except OverBudget as over:
            raise OverBudget(self.seconds, over.trace) from None
        finally:
            self.spent += time.monotonic() - started


def _with_timer(seconds: float, call: Callable[[], T]) -> T:
    armed = True

    def expire(signum: int, frame: object) -> None:
        if armed:  # a signal already on its way when the call returned does nothing
            raise Expired

    previous = signal.signal(signal.SIGALRM, expire)
    previous_hook = sys.unraisablehook

    def unraisable(report: Any) -> None:
        # A stop swallowed there is no error of the finaliser's, and the next tick raises it again.
        if not isinstance(report.exc_value, Expired):
            previous_hook(report)

    sys.unraisablehook = unraisable
    try:
        try:
            # Repeating: a stop raised where Python swallows exceptions (a __del__ or GC callback
            # running at that moment) is raised again at the next tick.
            signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.05))
            return call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            armed = False
    finally:
        sys.unraisablehook = previous_hook
        signal.signal(signal.SIGALRM, previous)


def _with_deadline(seconds: float, call: Callable[[], T]) -> T:
    DEADLINE.at = time.monotonic() + seconds
    DEADLINE.watchdog = watchdog = _Watchdog(seconds)
    try:
        return call()
    finally:
        watchdog.disarm()
        DEADLINE.at, DEADLINE.watchdog = None, None


class _Watchdog:
    """Raises Expired in the thread that armed it once `seconds` have passed, unless disarmed first."""

    def __init__(self, seconds: float) -> None:
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.armed, self.fired = True, False
        # a grace: patterns that read the deadline stop themselves first, naming the rule and line
        self.timer = threading.Timer(seconds + max(1.0, seconds / 2), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _raise_in(self.thread, Expired)

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
            self.timer.cancel()
            if self.fired:  # fired as the call returned: take back the exception not yet delivered
                _raise_in(self.thread, None)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None)


def search_before(deadline: float, patterns: list[Any], text: str) -> Any:
    """The first match of any of `patterns` in `text`, or None; Expired once `deadline` has passed.
    Patterns compiled by `re` run on `regex`, which stops itself when its timeout is reached;
    RE2 patterns run as they are (linear time)."""
    for pattern in patterns:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _stopped_here()
        if isinstance(pattern, re.Pattern):
            try:
                match = _on_regex(pattern.pattern, pattern.flags).search(text, timeout=left)
            except TimeoutError:
                raise _stopped_here() from None
        else:
            match = pattern.search(text)
        if match:
            return match
    return None


def _stopped_here() -> Expired:
    """The stop a pattern raises itself. The watchdog stands down first: on a loaded machine a regex
    can overrun into its grace, and a watchdog firing while this stop unwinds would replace it with
    one whose trace no longer names the rule."""
    if DEADLINE.watchdog is not None:
        DEADLINE.watchdog.disarm()
    return Expired()


@lru_cache(maxsize=None)
def _on_regex(source: str, flags: int) -> Any:
    """The same pattern on `regex` (its default VERSION0 follows `re`'s syntax and meaning)."""
    import regex

    return regex.compile(source, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE))
