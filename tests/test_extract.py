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


def slow_page() -> str:
    return "<html><body>" + "<div>" * 50_000 + "<p>Deep.</p>" + "</div>" * 50_000 + "</body></html>"


def test_a_page_over_its_time_budget_is_an_error() -> None:
    with pytest.raises(ExtractError, match="longer than"):
        extract(slow_page(), budget=0.01)


def test_the_budget_works_in_a_worker_process() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(ExtractError, match="longer than"):
            pool.submit(extract, slow_page(), None, 0.01).result()


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
