import pytest

from ingest.budget import OverBudget
from ingest.extract import METADATA_FIELDS, ExtractError, extract


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


def slow_page() -> str:
    return "<html><body>" + "<div>" * 50_000 + "<p>Deep.</p>" + "</div>" * 50_000 + "</body></html>"


def test_a_page_over_its_time_budget_is_over_budget_not_without_main_text() -> None:
    # An ExtractError would send the page to the fallback, whose text then depends on the machine's load.
    with pytest.raises(OverBudget, match="longer than") as over:
        extract(slow_page(), budget=0.01)
    assert not isinstance(over.value, ExtractError) and over.value.stage == "the extraction"


def stage_over_budget(page: str, seconds: float) -> str | None:
    try:
        extract(page, budget=seconds)
    except OverBudget as over:
        return over.stage
    return None


def test_the_budget_works_in_a_worker_process() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(stage_over_budget, slow_page(), 0.01).result() == "the extraction"


def test_the_budget_leaves_no_timer_behind() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    extract("<html><body><p>" + "Some words in a paragraph here. " * 20 + "</p></body></html>")
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_date_is_the_one_the_page_states_not_one_its_text_mentions() -> None:
    paragraph = "<p>The council first met on 12 January 2019 and approved the budget after a long debate about roads.</p>" * 5
    page = (
        '<html><head><meta property="article:published_time" content="2024-03-05T10:00:00Z"><title>Budget</title></head>'
        f"<body><article>{paragraph}</article><footer>© 2023</footer></body></html>"
    )
    assert extract(page).metadata["date"] == "2024-03-05"
    # Without a stated date, neither a year in the footer nor a date in the text is guessed to be it.
    unstated = page.replace('<meta property="article:published_time" content="2024-03-05T10:00:00Z">', "")
    assert "date" not in extract(unstated).metadata


PARAGRAPH = "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p>" * 4


PAGES = [  # each with the fields it declares
    # meta tags: a one-word author is dropped, a lower-case site name is title-cased, a byline is found
    ({"title", "author", "sitename", "url"}, '<html><head><title>Budget  approved</title><meta name="author" content="editor">'
    '<meta property="og:site_name" content="the valley courier"><link rel="canonical" href="https://www.example.org/budget">'
    f'</head><body><article><p class="byline">By Jane Doe</p>{PARAGRAPH}</article></body></html>'),
    # JSON-LD, and a site name from the URL alone
    ({"title", "author", "date", "sitename", "url"}, '<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Roads first",'
    ' "author": {"@type": "Person", "name": "Sam Lee"}, "datePublished": "2023-06-01"}</script>'
    f'<meta property="og:url" content="https://news.example.com/roads"></head><body><article>{PARAGRAPH}</article></body></html>'),
    # nothing declared: the title from <h1>
    ({"title"}, f"<html><body><h1>Schools and roads</h1>{PARAGRAPH}</body></html>"),
]


@pytest.mark.parametrize(("fields", "page"), PAGES)


def test_metadata_is_what_trafilatura_finds(fields: set[str], page: str) -> None:
    """page_metadata leaves out searches extract_metadata makes; what it keeps must not change."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from ingest.extract import page_metadata
    from ingest.pagedate import DATE_SEARCH

    ours = page_metadata(load_html(page))
    theirs = extract_metadata(load_html(page), None, dict(DATE_SEARCH))
    expected = {key: str(value) for key in METADATA_FIELDS if (value := getattr(theirs, key, None))}
    assert {key: value for key, value in ours.items() if key != "language"} == expected
    assert expected.keys() == fields


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="en-us">', "en-US"),
        ('<html lang="zh-hant-tw">', "zh-Hant-TW"),
        ('<html><head><meta http-equiv="Content-Language" content="de, en"></head>', "de"),
        ('<html><head><meta property="og:locale" content="pt_BR"></head>', "pt-BR"),
        ('<html lang="{{ lang }}">', None),
        ("<html>", None),
    ],
)


def test_the_language_is_the_one_the_page_declares(head: str, language: str | None) -> None:
    page = head + f"<body><article>{PARAGRAPH}</article></body></html>"
    assert extract(page).metadata.get("language") == language
