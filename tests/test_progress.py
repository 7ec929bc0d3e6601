"""The progress bar shows on a terminal only, never when quiet; the summary counts every status."""

from __future__ import annotations

import io

from ingest.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total=2)
    progress.update("ok")
    progress.close()
    assert progress.bar is None and stream.getvalue() == ""


def test_no_bar_when_quiet_on_a_terminal() -> None:
    stream = Terminal()
    progress = Progress(stream, total=2, quiet=True)
    progress.update("ok")
    progress.close()
    assert stream.getvalue() == ""


def test_a_bar_with_counts_on_a_terminal() -> None:
    stream = Terminal()
    progress = Progress(stream, total=3)
    for status in ("ok", "warn", "fail"):
        progress.update(status)
    progress.close()
    drawn = stream.getvalue()
    assert "3/3" in drawn and "ok 1 warn 1 fail 1" in drawn and "doc/s" in drawn


def test_summary_counts_processed_and_unchanged() -> None:
    progress = Progress(io.StringIO())
    progress.update("ok")
    progress.update("fail", skipped=True)
    progress.update("ok", skipped=True)
    assert progress.summary("clean") == "scrapelint: 3 documents (1 processed, 2 unchanged), ok 2 warn 0 fail 1; output in clean/"
