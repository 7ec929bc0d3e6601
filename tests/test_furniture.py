"""ingest/furniture.py: the lines of an extraction that stand in the page's furniture."""

from trafilatura.utils import load_html

from ingest.furniture import MAX_SHARE, furniture_lines
from ingest.pagetext import in_furniture, page_text

STORY = [f"Day {n}: the tide came in over the causeway before noon and the ferry waited in the bay." for n in range(1, 9)]
MENU = ["Home", "Tide tables", "Ferry times"]


def page(header: str, body: str) -> object:
    return load_html(f"<html><head><title>Tides</title></head><body><header>{header}</header><main>{body}</main></body></html>")


def dropped(extraction: list[str], tree: object) -> list[str]:
    owned: list = []
    page_text(tree, owned)
    return [extraction[number] for number in furniture_lines("\n".join(extraction), owned, in_furniture(tree))]


def test_lines_the_page_has_only_in_its_header_are_dropped() -> None:
    tree = page("".join(f"<a href='/{n}'><div>{item}</div></a>" for n, item in enumerate(MENU)), "".join(f"<p>{line}</p>" for line in STORY))
    assert dropped([*MENU, *STORY], tree) == MENU


def test_a_line_the_page_also_has_outside_its_furniture_stays() -> None:
    tree = page("<h1>Tide tables</h1><p>Home</p>", "<h2>Tide tables</h2>" + "".join(f"<p>{line}</p>" for line in STORY))
    assert dropped(["Home", "Tide tables", *STORY], tree) == ["Home"]


def test_lines_the_page_does_not_have_stay() -> None:
    tree = page("<p>Home</p>", "".join(f"<p>{line}</p>" for line in STORY))
    assert dropped(["A caption the extractor wrote from an image's alt text", *STORY], tree) == []


def test_nothing_is_dropped_when_the_furniture_lines_are_much_of_the_extraction() -> None:
    header = "".join(f"<p>{line}</p>" for line in STORY[:4])
    tree = page(header, "".join(f"<p>{line}</p>" for line in STORY[4:]))
    assert 4 / 8 > MAX_SHARE and dropped(STORY, tree) == []  # the extractor took the header for part of the document
    assert dropped(STORY, page("<p>" + STORY[0] + "</p>", "".join(f"<p>{line}</p>" for line in STORY[1:]))) == [STORY[0]]


def test_hidden_parts_and_footers_are_furniture_too() -> None:
    tree = load_html(
        "<html><body><main>" + "".join(f"<p>{line}</p>" for line in STORY) + "</main>"
        "<div style='display:none'><p>Enter the code we sent you</p></div><footer><p>Published on 6 March</p></footer></body></html>"
    )
    assert dropped([*STORY, "Enter the code we sent you", "Published on 6 March"], tree) == ["Enter the code we sent you", "Published on 6 March"]
