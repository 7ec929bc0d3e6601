"""Progress of a batch: a bar on a terminal (tqdm), nothing otherwise; a one-line summary at the end."""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

STATUSES = ("ok", "warn", "fail")


class Progress:
    """Counts documents by status; draws a tqdm bar on `stream` only when it is a terminal and not quiet."""

    def __init__(self, stream: TextIO, total: int | None = None, quiet: bool = False) -> None:
        self.counts: Counter[str] = Counter()
        self.processed = 0
        self.unchanged = 0
        self.bar: Any = None
        if not quiet and stream.isatty():
            from tqdm import tqdm  # only a terminal pays for the import

            self.bar = tqdm(total=total, file=stream, unit="doc", dynamic_ncols=True, smoothing=0.1)

    def update(self, status: str, skipped: bool = False) -> None:
        self.counts[status] += 1
        if skipped:
            self.unchanged += 1
        else:
            self.processed += 1
        if self.bar is not None:
            self.bar.set_postfix_str(self.tally(), refresh=False)
            self.bar.update(1)

    def tally(self) -> str:
        return " ".join(f"{status} {self.counts[status]}" for status in STATUSES)

    @property
    def total(self) -> int:
        return self.processed + self.unchanged

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def summary(self, out: str) -> str:
        return (
            f"scrapelint: {self.total} documents ({self.processed} processed, {self.unchanged} unchanged), "
            f"{self.tally()}; output in {out}/"
        )
