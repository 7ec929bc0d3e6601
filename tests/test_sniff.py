import pytest

from ingest.sniff import sniff


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "  <!-- saved page -->\n<html lang='en'><head></head></html>",
        "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'></html>",
    ],
)
def test_content_that_opens_like_a_page_is_html_whatever_its_name(text: str) -> None:
    assert sniff("page.txt", text) == "html"


def test_text_with_a_stray_tag_is_text() -> None:
    assert sniff("dump.txt", '<img src="x.gif" width="1" height="1">\nHeadline\n\nBody text.') == "text"


def test_html_suffix_with_markup_is_html() -> None:
    assert sniff("page.html", "<div><p>One</p><p>Two</p></div>") == "html"


def test_html_suffix_without_markup_is_text() -> None:
    assert sniff("notes.html", "Just a note someone saved with the wrong name.") == "text"
