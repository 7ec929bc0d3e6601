"""HTML to main text with trafilatura; imported only when a document is HTML."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "language")
BUDGET_SECONDS = 30.0  # a pathological page becomes a finding instead of a hung run


class ExtractError(ValueError):
    """The page yielded no main text."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that trafilatura's own `except Exception` lets it through."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ExtractError once `seconds` have passed. A timer signal reaches only a process's main
    thread (the CLI's, or each worker process's); elsewhere the call runs unbounded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise ExtractError(f"extraction took longer than {seconds:g} s; page skipped") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract(html: Any, url: str | None = None, budget: float = BUDGET_SECONDS) -> Extracted:
    """Main text and metadata of a page, given as markup or as an lxml tree."""
    import trafilatura  # heavy: kept off the start-up path of text-only runs

    with time_budget(budget):
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
        )
    if result is None:
        raise ExtractError("no main text found in the HTML")
    text = result.text or ""
    metadata = {key: str(value) for key in METADATA_FIELDS if (value := getattr(result, key, None))}
    return Extracted(text, metadata)
