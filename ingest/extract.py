"""HTML to main text with trafilatura; imported only when a document is HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .budget import OverBudget, within

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "language")
# The date the page states (meta tags, time elements, URL); htmldate's extensive search through the
# whole text costs a third of the extraction and on article pages finds the same dates.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
BUDGET_SECONDS = 30.0  # a pathological page becomes a finding instead of a hung run (in a main thread: budget.py)


class ExtractError(ValueError):
    """The page yielded no main text."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def extract(html: Any, url: str | None = None, budget: float = BUDGET_SECONDS) -> Extracted:
    """Main text and metadata of a page, given as markup or as an lxml tree."""
    import trafilatura  # heavy: kept off the start-up path of text-only runs

    try:
        result = within(
            budget,
            lambda: trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=True, date_extraction_params=DATE_SEARCH
            ),
        )
    except OverBudget:
        raise ExtractError(f"extraction took longer than {budget:g} s; page skipped") from None
    if result is None:
        raise ExtractError("no main text found in the HTML")
    text = result.text or ""
    metadata = {key: str(value) for key in METADATA_FIELDS if (value := getattr(result, key, None))}
    return Extracted(text, metadata)
