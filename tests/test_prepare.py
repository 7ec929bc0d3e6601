"""ingest/prepare.py: what a reader sees of a page, shown to trafilatura before it extracts."""

from ingest.extract import extract

PARAGRAPH = "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p>" * 4


def test_a_section_hidden_on_one_screen_size_only_is_extracted() -> None:
    from trafilatura.utils import load_html

    from ingest.prepare import shown_on_some_screens

    section = "<section class='features hide-mobile'><h2>Brighter screen</h2><ul>" + "".join(
        f"<li>Improvement number {n} to the handheld console's screen and battery.</li>" for n in range(2)) + "</ul></section>"
    page = f"<html><body><article>{PARAGRAPH * 3}{section}</article></body></html>"
    assert "Improvement number 1" in extract(page).text
    tree = load_html("<div class='a hidden-xs b'></div><div class='hidden'></div><div class='hide-me'></div>")
    shown_on_some_screens(tree)
    assert [div.get("class") for div in tree.iter("div") if div.get("class")] == ["a b", "hidden", "hide-me"]  # hidden for every reader stays


def test_a_part_react_streams_after_the_shell_is_extracted_in_its_place() -> None:
    from trafilatura.utils import load_html

    from ingest.pagetext import page_text
    from ingest.prepare import streamed_in_place

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

    from ingest.prepare import shown_on_click

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

    from ingest.prepare import without_modifier_classes

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

    from ingest.prepare import shown_on_click, shown_on_some_screens, without_modifier_classes

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


def test_the_html_rules_walk_spares_the_screen_size_walk() -> None:
    from lxml import etree
    from support import make

    from ingest.prepare import PageWalk, prepare
    from ingest.prune import prune

    # What a rule removes is no longer the page's: its control opens no panel, its classes are left.
    page = ("<html><body><div class='share-bar'><button aria-expanded='false' aria-controls='gone'>Share</button></div>"
            "<button id='open' aria-expanded='false' aria-controls='more'>More</button>"
            "<div id='more' class='menu menu--hidden hide-mobile'><p class='card card--icon'>Text</p></div>"
            "<div id='gone' class='hidden'>Gone</div><p class='plain' data-x='hid--'>Plain</p></body></html>")
    rules = [make("html", attributes=[" share "])]
    seen = PageWalk()
    tree, _ = prune(rules, page, seen=seen)
    assert seen.controls is not None and [element.get("id") for element in seen.controls] == [None, "open"]  # as the page was
    assert [element.get("class") for element in seen.classed] == ["menu menu--hidden hide-mobile", "card card--icon", "hidden"]
    assert seen.holding is not None and [element.get("id") or element.tag for element in seen.holding(("hid--", "more"))] == ["more", "p"]  # values, not aria-controls
    prepare(tree, seen)
    alone, _ = prune(rules, page)  # prepare walking the tree itself
    prepare(alone)
    assert etree.tostring(tree) == etree.tostring(alone)
    assert [tree.get_element_by_id("more").get("class"), tree.get_element_by_id("gone").get("class")] == ["menu", "hidden"]
    # Rules that read no attribute values make no walk for it: prepare walks the tree.
    seen = PageWalk()
    prune([make("html", tags=["nav"])], page, seen=seen)
    assert seen.classed is None and seen.controls is None and seen.holding is None


def test_a_code_listing_in_a_figure_is_extracted() -> None:
    listing = ("<figure class='listing'><pre><code>fn main() {\n    let guess = read_guess();\n    println!(\"You guessed: {guess}\");\n}</code></pre>"
               "<figcaption>Listing 2-1: Code that gets a guess from the user and prints it</figcaption></figure>")
    page = f"<html><body><article>{PARAGRAPH * 2}{listing}{PARAGRAPH}</article></body></html>"
    assert "You guessed" in extract(page).text
    photo = "<figure><img src='/harbour.jpg'><figcaption>The harbour at dawn, seen from the old lighthouse.</figcaption></figure>"
    assert "harbour at dawn" not in extract(f"<html><body><article>{PARAGRAPH * 2}{photo}</article></body></html>").text


def _laureates(rows: int, heading: str = "<tr><th>Year</th><th>Physics</th><th>Chemistry</th></tr>") -> str:
    body = "".join(
        f"<tr><th>{1901 + n}</th><td><a href='/wiki/p{n}'>Physicist Number {n} of the year</a></td>"
        + (f"<td rowspan='{rows}'>Not awarded</td>" if n == 0 else "")
        + "</tr>"
        for n in range(rows)
    )
    return f"<table class='sortable'>{heading}{body}</table>"


def test_a_data_table_of_links_is_extracted() -> None:
    from trafilatura.utils import load_html

    from ingest.prepare import data_tables_unlinked

    # The names are links, as on a list page: trafilatura deletes such a table as a menu.
    page = f"<html><body><article><h1>Laureates</h1>{PARAGRAPH}{_laureates(30)}{PARAGRAPH}</article></body></html>"
    text = extract(page).text
    assert "Physicist Number 29 of the year" in text and "1930" in text
    tree = load_html(page)
    data_tables_unlinked(tree)
    assert not tree.xpath("//table//a") and tree.xpath("//td[contains(., 'Physicist Number 0 of the year')]")


def test_a_table_of_links_without_column_headings_keeps_its_links() -> None:
    from trafilatura.utils import load_html

    from ingest.prepare import data_tables_unlinked

    for table in (
        _laureates(30, heading=""),  # no row of headings: a menu laid out as a table
        _laureates(4),  # too few rows under the headings
        _laureates(10),  # a box of related links lists a handful under its headings
        _laureates(30, heading="<tr><th>Year</th><td>Physics</td></tr>"),  # a cell of the first row is no heading
    ):
        tree = load_html(f"<html><body>{table}</body></html>")
        data_tables_unlinked(tree)
        assert len(tree.xpath("//table//a")) == len(table.split("<a ")) - 1
    # Under headings, rows of another width are no table of data (a navigation box's groups).
    ragged = _laureates(30).replace("<th>Chemistry</th>", "<th>Chemistry</th><th>Medicine</th><th>Peace</th>")
    tree = load_html(f"<html><body>{ragged}</body></html>")
    data_tables_unlinked(tree)
    assert len(tree.xpath("//table//a")) == 30


def test_a_box_of_similar_threads_under_column_headings_is_not_extracted() -> None:
    # A forum's table of related threads: headings over a few rows, mostly links. Left to
    # trafilatura, which drops it as boilerplate; a list page's table runs to many more rows.
    posts = "".join(f"<div class='post'><p>Post {n}: I changed the seal on the pump last week and it still leaks at the housing, any idea what else to check before I replace it?</p></div>" for n in range(6))
    rows = "".join(f"<tr><td><a href='/t/{n}'>Pump leaking after seal change number {n}</a></td><td><a href='/u/{n}'>member{n}</a></td>"
                   f"<td><a href='/f/pumps'>Pumps and plumbing</a></td><td>{n + 3}</td></tr>" for n in range(8))
    table = f"<table><tr><th>Thread</th><th>Starter</th><th>Forum</th><th>Replies</th></tr>{rows}</table>"
    text = extract(f"<html><body><div id='content'><h1>Pump still leaks</h1>{posts}<h3>Similar threads</h3>{table}</div></body></html>").text
    assert "Post 5: I changed the seal" in text and "Pump leaking after seal change" not in text


def test_a_span_count_in_other_digits_counts_as_one() -> None:
    from trafilatura.utils import load_html

    from ingest.prepare import _span, data_tables_unlinked

    # "²" and "①" are digits to str.isdigit but not numbers to int(): the page must not fail.
    assert [_span(value) for value in ("²", "①", "٣", "3", "abc", "", None, "0", "1000")] == [1, 1, 1, 3, 1, 1, 1, 1, 1]
    table = _laureates(30).replace("<td>", "<td colspan='²'>")
    tree = load_html(f"<html><body>{table}</body></html>")
    data_tables_unlinked(tree)
    assert not tree.xpath("//table//a")


def test_a_data_table_with_few_links_is_left_as_it_is() -> None:
    from trafilatura.utils import load_html

    from ingest.prepare import data_tables_unlinked

    table = _laureates(30).replace("of the year</a>", "</a> of the year, who shared the prize with two colleagues in the field")
    tree = load_html(f"<html><body>{table}</body></html>")
    data_tables_unlinked(tree)
    assert len(tree.xpath("//table//a")) == 30
