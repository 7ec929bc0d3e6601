import pytest

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

    from ingest.extract import DATE_SEARCH, page_metadata

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


def test_page_text_is_the_whole_page_one_block_a_line() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text

    page = (
        "<html><head><title> Walks </title><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/walks'>Walks</a></nav><script>var x = 1;</script>"
        "<div>Cliff <b>path</b><br>12 miles<!-- a note --> return</div><p hidden>Old offer</p>"
        "<ul><li>Harbour</li><li>Woods</li></ul></body></html>"
    )
    assert page_text(load_html(page)) == "Walks\n\nHome Walks\n\nCliff path\n12 miles return\n\nHarbour\n\nWoods"


def test_page_text_names_the_block_element_each_line_of_the_body_is_in() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text

    tree = load_html(
        "<html><head><title>Walks</title></head><body><div id='a'>Cliff path<br>12 miles<p hidden>Old offer</p>"
        "<p id='b'>Harbour <b>walk</b></p> after it</div></body></html>"
    )
    owned: list = []
    text = page_text(tree, owned)
    assert [(line, element.get("id")) for line, element in owned] == [
        ("Cliff path", "a"), ("12 miles", "a"), ("Harbour walk", "b"), ("after it", "a")]
    assert text == page_text(tree)  # the same text, asked with owners or without


def test_page_text_without_furniture_leaves_out_the_header_footer_menus_sidebars_and_forms() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text, page_text_without_furniture

    items = "".join(f"<p>Item {n} of the listing, a walk along the coast.</p>" for n in range(6))
    tree = load_html(
        "<html><head><title>Walks</title></head><body><header><a href='/'>Home</a></header>"
        "<nav>Walks Rides</nav><div role='search'>Search the site</div><form>Sign in</form>"
        f"<main>{items}<aside>Popular now</aside><button>Add to bag</button></main><footer>About us</footer> Last line"
        "<div role='dialog'>Join our club</div><dialog>Sign up</dialog><div style='display: none'>Your region</div>"
        "<div aria-hidden='true'>Rewards expire</div></body></html>"
    )
    before = page_text(tree)
    assert page_text_without_furniture(tree).split("\n\n") == ["Walks", *(f"Item {n} of the listing, a walk along the coast." for n in range(6)), "Last line"]
    assert page_text(tree) == before  # the page itself is left as it was


def test_furniture_that_holds_most_of_the_page_is_kept() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text_without_furniture

    # Some pages wrap their whole body in a <header> or a <form>.
    items = "".join(f"<p>Item {n} of the listing, a walk along the coast.</p>" for n in range(6))
    tree = load_html(f"<html><body><form>{items}</form><footer>About us</footer></body></html>")
    assert "Item 5 of the listing" in page_text_without_furniture(tree) and "About us" not in page_text_without_furniture(tree)


def test_a_section_hidden_on_one_screen_size_only_is_extracted() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import shown_on_some_screens

    section = "<section class='features hide-mobile'><h2>Brighter screen</h2><ul>" + "".join(
        f"<li>Improvement number {n} to the handheld console's screen and battery.</li>" for n in range(2)) + "</ul></section>"
    page = f"<html><body><article>{PARAGRAPH * 3}{section}</article></body></html>"
    assert "Improvement number 1" in extract(page).text
    tree = load_html("<div class='a hidden-xs b'></div><div class='hidden'></div><div class='hide-me'></div>")
    shown_on_some_screens(tree)
    assert [div.get("class") for div in tree.iter("div") if div.get("class")] == ["a b", "hidden", "hide-me"]  # hidden for every reader stays


def test_page_text_leaves_out_the_spaces_between_blocks_and_squeezes_those_inside() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text

    tree = load_html(
        "<html><body>\n  <div>\n\t<p> Cliff \u3000 path </p>\n \u3000\u2003 <p>Harbour\n   walk <br>  \n</p>"
        "\n  </div> <div>  </div>\n<p>a\u2003b</p></body></html>"
    )
    owned: list = []
    assert page_text(tree, owned) == "Cliff path\n\nHarbour\nwalk\n\na b"
    assert [line for line, _ in owned] == ["Cliff path", "Harbour", "walk", "a b"]


def test_a_part_react_streams_after_the_shell_is_extracted_in_its_place() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import page_text, streamed_in_place

    late = "".join(f"<p>Step {n}: the deploy service builds the app and scales it to every region.</p>" for n in range(4))
    page = (f"<html><body><main><h1>Deploys</h1><template id='B:0'></template> tail<p>Pricing follows.</p></main>"
            f"<div hidden id='S:0'>lead<h2>How it works</h2>{late}</div></body></html>")
    assert "Step 3: the deploy service" in extract(page).text
    tree = load_html(page)
    streamed_in_place(tree)
    assert page_text(tree).split("\n\n") == ["Deploys", "lead", "How it works", *(f"Step {n}: the deploy service builds the app and scales it to every region." for n in range(4)), "tail", "Pricing follows."]
    assert not tree.xpath("//template | //*[@hidden]")
    # A hidden part with no placeholder of its name is not one, and stays hidden.
    tree = load_html("<html><body><template id='B:1'></template><div hidden id='S:2'><p>Not here.</p></div></body></html>")
    streamed_in_place(tree)
    assert tree.xpath("//div[@hidden]/p")


def test_a_panel_a_control_of_the_page_opens_is_extracted() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import shown_on_click

    details = "".join(f"<p>Detail {n}: the sandal's sole is five millimetres of rubber and lasts for years.</p>" for n in range(3))
    tabs = (f"<div role='tablist'><a role='tab' aria-controls='spec'>Specs</a></div>"
            f"<button aria-expanded='false' aria-controls='more'>Read more</button>"
            f"<div id='spec' style='display: none; color: red' aria-hidden='true'>{details}</div>"
            f"<div id='more' class='panel is-hidden' hidden><p>More: it is sewn by hand in a small workshop by the sea.</p></div>")
    page = f"<html><body><article>{PARAGRAPH * 2}{tabs}</article></body></html>"
    assert "Detail 2: the sandal's sole" in extract(page).text
    tree = load_html(page)
    shown_on_click(tree)
    spec, more = tree.get_element_by_id("spec"), tree.get_element_by_id("more")
    assert (spec.get("style"), spec.get("aria-hidden")) == ("color: red", None)
    assert (more.get("class"), more.get("hidden")) == ("panel", None)
    # What a click opens in a menu, a list of options or a dialog stays hidden, as does a panel no control names.
    tree = load_html(
        "<html><body><nav><button aria-expanded='false' aria-controls='sub'>Shop</button><div id='sub' hidden>Shoes</div></nav>"
        "<button aria-expanded='false' aria-controls='opts'>Size</button><ul id='opts' hidden><li>42</li></ul>"
        "<button aria-expanded='false' aria-controls='box'>Cart</button><div id='box' role='dialog' hidden>Cart</div>"
        "<div id='alone' hidden>Alone</div></body></html>"
    )
    shown_on_click(tree)
    assert len(tree.xpath("//*[@hidden]")) == 4


def test_a_variant_class_beside_its_block_class_does_not_name_the_element() -> None:
    from trafilatura.utils import load_html

    from ingest.extract import without_modifier_classes

    cards = "".join(f"<div class='card-text card-text--icon'><p>Service {n}: we audit the accounts of small firms and file their returns each quarter.</p></div>" for n in range(3))
    page = f"<html><body><article>{PARAGRAPH * 2}{cards}</article></body></html>"
    assert "Service 2: we audit" in extract(page).text
    tree = load_html("<div class='card card--slider'></div><div class='panel--icon'></div><div class='menu menu--hidden'></div>")
    without_modifier_classes(tree)
    # a variant whose block word is not there names the element; one that hides it stays
    assert [div.get("class") for div in tree.iter("div") if div.get("class")] == ["card", "panel--icon", "menu menu--hidden"]


def test_the_screen_size_walk_finds_the_next_steps_candidates() -> None:
    from lxml import etree
    from trafilatura.utils import load_html

    from ingest.extract import shown_on_click, shown_on_some_screens, without_modifier_classes

    # The panel's variant word hides it, so opening it takes that word off before the variant step.
    page = ("<html><body><button id='open' aria-expanded='false' aria-controls='more'>More</button><a id='link' aria-controls='x'>x</a>"
            "<div id='more' class='menu menu--hidden hide-mobile'><p class='card card--icon'>Text</p></div>"
            "<p class='plain'>Plain</p></body></html>")
    tree = load_html(page)
    marked = shown_on_some_screens(tree)
    assert [element.get("id") for element in marked.controls] == ["open", "link"]
    assert [element.get("class") for element in marked.variants] == ["menu menu--hidden", "card card--icon"]
    shown_on_click(tree, marked.controls)
    without_modifier_classes(tree, marked.variants)
    assert [tree.get_element_by_id("more").get("class"), tree.find(".//p").get("class")] == ["menu", "card"]
    alone = load_html(page)  # each step finding its own candidates
    shown_on_some_screens(alone)
    shown_on_click(alone)
    without_modifier_classes(alone)
    assert etree.tostring(tree) == etree.tostring(alone)


def test_a_code_listing_in_a_figure_is_extracted() -> None:
    listing = ("<figure class='listing'><pre><code>fn main() {\n    let guess = read_guess();\n    println!(\"You guessed: {guess}\");\n}</code></pre>"
               "<figcaption>Listing 2-1: Code that gets a guess from the user and prints it</figcaption></figure>")
    page = f"<html><body><article>{PARAGRAPH * 2}{listing}{PARAGRAPH}</article></body></html>"
    assert "You guessed" in extract(page).text
    photo = "<figure><img src='/harbour.jpg'><figcaption>The harbour at dawn, seen from the old lighthouse.</figcaption></figure>"
    assert "harbour at dawn" not in extract(f"<html><body><article>{PARAGRAPH * 2}{photo}</article></body></html>").text
