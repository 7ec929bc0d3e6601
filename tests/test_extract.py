import pytest

from ingest.extract import ExtractError, extract


def test_main_text_and_metadata() -> None:
    body = "<p>Residents returned to their homes on Sunday after a week of heavy rain in the valley.</p>" * 5
    html = (
        '<html lang="en"><head><title>Flood waters recede</title></head><body>'
        f'<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Flood waters recede</h1>{body}</article>'
        "<footer>All rights reserved</footer></body></html>"
    )
    extracted = extract(html)
    assert "Residents returned" in extracted.text
    assert "All rights reserved" not in extracted.text
    assert extracted.metadata["title"] == "Flood waters recede"


def test_no_main_text_is_an_error() -> None:
    with pytest.raises(ExtractError):
        extract("<html><body></body></html>")
