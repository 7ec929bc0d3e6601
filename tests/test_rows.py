from ingest.rows import blocks, items, split_rows
from ingest.kinds.markup import MD_LINK

ROW = "[Read more from this author](/author/ana/ \"Read more\") | [Follow @ana](https://social.example/ana)"
CARD = "[ ![](https://cdn.example/bridge.jpg) Crews start work on the bridge  Work starts in June, the council said  2H ago ](/news/bridge)"
SENTENCE = "The council published [the report](/r) and [the minutes](/m) on Tuesday."
MARKDOWN = "\n".join(["[Home](/) · [News](/news) · [Sport](/sport)", "", SENTENCE, "", CARD, "", ROW, "[One link alone](/one)"])


def test_a_row_of_links_is_split_into_a_line_per_link() -> None:
    assert [ROW[start:end] for start, end in items(ROW)] == ['[Read more from this author](/author/ana/ "Read more")', "[Follow @ana](https://social.example/ana)"]
    line = "  * ![](/icon.png) [Home](/) / [News](/news)"  # a bullet and an image before it, a separator between
    assert [line[start:end] for start, end in items(line)] == ["[Home](/)", "[News](/news)"]


def test_a_sentence_with_links_and_a_lone_link_are_not_split() -> None:
    assert items(SENTENCE) is None
    assert items("[One link alone](/one)") is None
    assert items("Read: [a](/a) [b](/b)") is None  # words before the links: not a row of them


def test_a_card_is_split_into_its_blocks_without_its_image_and_target() -> None:
    masked = CARD.replace("![](https://cdn.example/bridge.jpg)", " " * len("![](https://cdn.example/bridge.jpg)"))
    assert [CARD[start:end] for start, end in blocks(MD_LINK.search(masked))] == [
        "Crews start work on the bridge",
        "Work starts in June, the council said",
        "2H ago",
    ]
    assert blocks(MD_LINK.search("[Crews start work](/a)")) is None  # one block: a link as any


def test_lines_are_split_and_places_map_back_to_the_input() -> None:
    split = split_rows(MARKDOWN)
    lines = split.text.split("\n")
    assert lines[:4] == ["[Home](/)", "[News](/news)", "[Sport](/sport)", ""]
    assert lines[5:10] == ["", "Crews start work on the bridge", "Work starts in June, the council said", "2H ago", ""]
    assert lines[-1] == "[One link alone](/one)" and SENTENCE in lines
    assert split.joined == [(1, 3), (5, 3), (7, 2)] and split.made == "put on a line each"
    assert split.place(2, 1) == (1, MARKDOWN.index("[News]") + 1)
    assert split.place(8, 3) == (5, CARD.index("Work starts") + 3)
    assert split.place(len(lines), 1) == (8, 1)


def test_a_plain_dump_is_left_as_it_is() -> None:
    assert split_rows("Home\nNews\n\nThe council met on Tuesday.\n") is None


def test_a_row_of_reference_style_links_is_split_too() -> None:
    text = "[Home][1] · [News][2] · [Sport][3]\n\nEarlier studies[1][2] found it.\n\n   [1]: /\n   [2]: /news\n   [3]: /sport"
    split = split_rows(text)
    assert split.text.split("\n")[:3] == ["[Home][1]", "[News][2]", "[Sport][3]"]
    assert "Earlier studies[1][2] found it." in split.text.split("\n")  # a citation is no link
