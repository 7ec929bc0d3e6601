"""ingest/furniture.py: the lines of an extraction that stand in the page's furniture."""

from support import owned_lines
from trafilatura.utils import load_html

from ingest.furniture import MAX_SHARE, furniture_lines
from ingest.pagetext import Furniture

STORY = [f"Day {n}: the tide came in over the causeway before noon and the ferry waited in the bay." for n in range(1, 9)]
MENU = ["Home", "Tide tables", "Ferry times"]


def page(header: str, body: str) -> object:
    return load_html(f"<html><head><title>Tides</title></head><body><header>{header}</header><main>{body}</main></body></html>")


def dropped(extraction: list[str], tree: object) -> list[str]:
    return [extraction[number] for number in furniture_lines("\n".join(extraction), owned_lines(tree), Furniture(tree))]


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


def test_a_script_without_spaces_is_measured_in_text_words_two_characters_a_word() -> None:
    story = [f"第{n}天潮水在中午之前漫过了堤道渡船在海湾里等着岸边的人们看着水慢慢退去然后才回家。" for n in range(1, 9)]
    menu = ["首页", "新闻", "潮汐表格", "渡船时间", "天气预报", "联系我们"]
    # Six short lines beside eight long ones: a few words of the extraction's, though six lines of fourteen.
    navs = "".join("<nav>" + "".join(f"<a href='/{item}'><div>{item}</div></a>" for item in half) + "</nav>" for half in (menu[:3], menu[3:]))
    tree = page(navs, "".join(f"<p>{line}</p>" for line in story))
    assert 6 / 14 > MAX_SHARE and dropped([*menu, *story], tree) == menu
    # One long line of the header beside three short lines: most of the extraction's words, though one line of four.
    notice = "本网站使用缓存文件来记住您的设置并统计访问量继续浏览即表示您同意我们按照隐私政策使用这些文件" * 2
    short = ["潮水来了", "渡船在等", "人们回家"]
    tree = page(f"<p>{notice}</p>", "".join(f"<p>{line}</p>" for line in short))
    assert 1 / 4 < MAX_SHARE and dropped([notice, *short], tree) == []


def test_the_headline_in_an_articles_own_header_stays() -> None:
    headline, standfirst = "Tides rise over the causeway", "The ferry waited in the bay all week"
    body = f"<article><header><h1>{headline}</h1><p>{standfirst}</p></header>" + "".join(f"<p>{line}</p>" for line in STORY) + "</article>"
    tree = page("".join(f"<a href='/{n}'><div>{item}</div></a>" for n, item in enumerate(MENU)), body)
    assert dropped([*MENU, headline, standfirst, *STORY], tree) == MENU
