import re

import pytest

from ingest.text import NAME_WORD, block_words, ends_as_sentence, fold, fold_words, is_code, is_prose, unspaced_words, word_counts, words


def test_words_counts_word_characters() -> None:
    assert words("It’s 6:00am — time!") == 5


def test_a_name_word_runs_from_a_letter_through_initials_hyphens_and_apostrophes() -> None:
    assert NAME_WORD.findall("Émile B. Lee-Park, Ann’s 3 _Ольга") == ["Émile", "B.", "Lee-Park", "Ann’s", "Ольга"]


def test_ends_as_sentence_allows_closing_quotes() -> None:
    assert ends_as_sentence("He said “no.”")
    assert ends_as_sentence("Really?")
    assert not ends_as_sentence("Related Articles")


def test_ends_as_sentence_answers_as_the_terminal_regex() -> None:
    import random

    terminal = re.compile(r"""[.!?…:;。！？：；]["'”’»)\]」』）]*$""")  # the regex it replaced

    rng = random.Random(5)
    pieces = ["word", ".", "!", "?", "…", ":", ";", "。", "！", "？", '"', "'", "”", "’", "»", ")", "]", "」", "』", "）", "(", " ",
              "\t", "\n", "\u3000", "\x85", ",", "-", "«", "“", "x"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(8)))
        assert ends_as_sentence(text) == bool(terminal.search(text.rstrip())), repr(text)


def test_is_prose_needs_eight_words_and_a_sentence_end() -> None:
    assert is_prose("The council approved the budget on a Tuesday.")
    assert not is_prose("The council approved the budget on Tuesday.")  # seven words
    assert not is_prose("The council approved the budget on a Tuesday and")
    assert is_prose("Approved.", count=8) and not is_prose("The council approved the budget on a Tuesday.", count=7)


def test_fold_ignores_case_and_punctuation() -> None:
    assert fold("Both the Town, and  the VALLEY!") == fold("both the town and the valley")


def test_unspaced_scripts_count_two_characters_a_word() -> None:
    assert words("会議は予算を承認した") == 5
    assert words("Reader for PCを使う") == 4


def test_unrounded_words_of_parts_add_up_to_the_words_of_the_whole() -> None:
    assert unspaced_words("予算を承認") + unspaced_words("した") == unspaced_words("予算を承認した") == 3.5  # words(): 2 + 1, and 3
    assert words("予算を承認した") == 3 and unspaced_words("Reader for PCを使う") == 4.5


def test_a_long_text_in_a_script_without_spaces_counts_its_words_as_re_finds_them() -> None:
    import random

    from ingest.text import SHAPE_FROM, UNSPACED, WORD

    rng = random.Random(9)
    pieces = ["会議は", "、", "。", "予算", "Reader for PC", "を使う", " ", "\n", "’", "Köln", "x1_y", "！"]
    for _ in range(20):
        text = "".join(rng.choice(pieces) for _ in range(SHAPE_FROM))  # long enough to be counted by its bytes
        expected = len(WORD.findall(UNSPACED.sub(" ", text))) + len(UNSPACED.findall(text)) / 2
        assert unspaced_words(text) == expected and words(text) == int(expected)


def test_fold_words_counts_a_folded_lines_words_as_words_does() -> None:
    for line in ("Both the Town, and  the VALLEY!", "Émile’s café — open", "Reader for PCを使う", "会議は、予算を承認した"):
        assert int(fold_words(fold(line))) == words(line)
    assert fold_words(fold("会議は、予算を承認した")) == 5  # two runs: by its spaces, two words
    assert fold_words("") == 0


def test_word_counts_weigh_a_run_of_a_script_without_spaces_as_words_counts_it() -> None:
    assert word_counts("The Town and the town") == {"the": 2, "town": 2, "and": 1}
    text = "第一号小屋可住四人，设有木炉。第二号小屋可住四人"
    assert word_counts(text) == {"第一号小屋可住四人": 4.5, "设有木炉": 2, "第二号小屋可住四人": 4.5}  # not one each
    assert sum(word_counts(text).values()) == unspaced_words(text)


def test_block_words_count_spaces_but_in_a_script_without_them() -> None:
    assert block_words("Price: $5 — now") == 4  # parted by spaces, as the steps around the extractor count
    assert block_words("工程将于六月开始") == words("工程将于六月开始") == 4


def test_full_width_sentence_ends() -> None:
    assert ends_as_sentence("予算を承認した。")



def test_word_shape_reads_every_character_as_re_does() -> None:
    import sys

    from ingest.text import WORD, WORD_BYTES

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (char.isalnum() or char == "_") == bool(WORD.fullmatch(char)), hex(code)
    assert all(WORD_BYTES[code] == (ord("a") if WORD.fullmatch(chr(code)) else 10 if code == 10 else 32) for code in range(128))


def test_words_of_an_ascii_text_are_those_re_finds() -> None:
    import random

    from ingest.text import WORD

    rng = random.Random(7)
    for _ in range(5_000):
        text = "".join(rng.choice("ab_1 .,'-\t\n\x0b\x1c\x7f") + chr(rng.randrange(128)) for _ in range(rng.randrange(12)))
        assert words(text) == len(WORD.findall(text)), repr(text)


def test_word_shape_keeps_the_words_of_each_line() -> None:
    import random

    from ingest.text import UNSPACED, WORD, word_shape

    rng = random.Random(3)
    pieces = ["word", "Köln", "’", "—", " ", "\n", "_", "٣", "½", "\ud800", "x\u0301", "\t", ".", "\n\n", "\x85"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 600)))
        shape = word_shape(text)
        assert shape is not None
        assert [len(line.split()) for line in shape.split(b"\n")] == [len(WORD.findall(line)) for line in text.split("\n")]
        if not UNSPACED.search(text):
            assert words(text) == len(WORD.findall(text))


def test_word_list_finds_the_words_re_finds() -> None:
    import random

    from ingest.text import WORD, word_list

    rng = random.Random(7)
    # Word characters in and outside ASCII, spaces and separators of both, a lone surrogate, a combining mark.
    pieces = ["word", "Köln", "’", "—", " ", "\n", "_", "٣", "½", "\ud800", "x\u0301", "\t", ".", "\x1c", "\x85", "\xa0", "\u3000", "é", "\U0001d400"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 200)))
        assert word_list(text) == WORD.findall(text)
    many = "".join(chr(code) for code in range(0x400, 0x500)) * 3  # many letters of another script: kept as they are
    assert word_list(many) == WORD.findall(many)
    arrows = " a".join(chr(code) for code in range(0x2190, 0x2200))  # more distinct non-word characters: re's answer
    assert word_list(arrows) == WORD.findall(arrows)


def test_words_by_line_joins_each_lines_words_as_re_finds_them() -> None:
    import random

    from ingest.text import WORD, words_by_line

    def by_re(text: str) -> list[str]:
        return [" ".join(WORD.findall(line)) for line in text.split("\n")]

    rng = random.Random(11)
    # Line breaks between, before and after words, other breaks (\r, \x1c, \x85, \u2028) that are no line's end here.
    pieces = ["word", "Köln", "’", "—", " ", "\n", "\n\n", "_", "٣", "\ud800", "x\u0301", "\t", ".", "\r", "\x1c", "\x85", "\u2028", "\xa0", "é"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 200)))
        assert words_by_line(text) == by_re(text)
    many = "\n".join(" ".join(chr(code) for code in range(start, start + 64)) for start in range(0x400, 0x500, 64))
    assert words_by_line(many) == by_re(many)  # more distinct characters outside ASCII: re's answer, line by line


def test_the_characters_outside_ascii_and_the_unspaced_test_agree_with_their_regexes() -> None:
    import random

    from ingest.text import UNSPACED, has_unspaced, outside_ascii

    rng = random.Random(5)
    # ASCII, Latin and symbols outside ASCII, a lone surrogate, and each script UNSPACED names at its edges.
    pieces = ["word", " ", "\n", "é", "’", "\ud800", "\U0001f600", "\u0dff", "\u0e00", "\u0eff", "\u0f00", "\u109f", "\u17ff",
              "\u3040", "\u30ff", "\u3400", "\u4e00", "\u9fff", "\ua000", "\uf900", "\ufaff", "\ufb00", "\ufffd"]
    previous = ""
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert outside_ascii(text) == "".join(re.findall(r"[^\x00-\x7f]", text))
        assert has_unspaced(text) == (UNSPACED.search(text) is not None)
        # asked again, and after another text (outside_ascii keeps its last answer)
        assert outside_ascii(text) == outside_ascii(text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass"))
        assert outside_ascii(previous) == "".join(re.findall(r"[^\x00-\x7f]", previous))
        previous = text


def test_the_characters_outside_ascii_of_the_text_just_read_are_not_read_again() -> None:
    from ingest.text import outside_ascii

    page = "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve\n" * 3
    assert outside_ascii(page) is outside_ascii(page)  # decoded anew, it would be another string
    copy = "".join(list(page))  # equal, but another object: worked out for itself
    assert copy is not page and outside_ascii(copy) == outside_ascii(page)


def test_the_lines_of_the_text_just_split_are_not_split_again() -> None:
    from ingest.text import lines_in

    page = "A heading\n\n  an indented line \r\nthe last, with no break"
    assert lines_in(page) == tuple(page.split("\n"))
    assert lines_in(page) is lines_in(page)  # kept: split anew, it would be another tuple
    copy = "".join(list(page))  # equal, but another object: split for itself
    assert copy is not page and lines_in(copy) == lines_in(page) and lines_in(copy) is not lines_in(page)
    assert lines_in("") == ("",) and lines_in("\n") == ("", "")


def test_the_lines_of_a_huge_text_are_not_kept_after_it() -> None:
    from ingest import text

    huge = "a line\n" * (text.KEPT_LINES_CHARS // 7 + 1)
    assert text.lines_in(huge) == tuple(huge.split("\n"))
    assert text.lines_in(huge) is not text.lines_in(huge)  # split again: its lines are not held till the next text
    assert text._last_lines[0] is not huge


def test_word_shape_keeps_letters_of_any_script_and_leaves_many_symbols_to_re() -> None:
    from ingest.text import WORD, word_shape

    many = " ".join(chr(code) for code in range(0x400, 0x500)) * 10  # letters of another script: each a word
    shape = word_shape(many)
    assert shape is not None and len(shape.split()) == len(WORD.findall(many)) == words(many)
    arrows = " a".join(chr(code) for code in range(0x2190, 0x2200)) * 10  # more distinct non-word characters
    assert word_shape(arrows) is None
    assert words(arrows) == len(WORD.findall(arrows))


def test_is_code_agrees_with_the_code_line_regex_it_runs_in_parts() -> None:
    import random

    from ingest.text import is_code

    code_line = re.compile(  # the test as one regex, searched everywhere in the line
        r"[{};,(\[\\]\s*$|^\s*[}\])]|\w\([^()]*\)|\s(?:=|==|=>|->|\+=)\s|^\s*(?:#|//|/\*|\$ |>>> |-{1,2}[a-z])|^\s*[\"'][^\"']*[\"']\s*:"
    )
    pieces = [*"{};,([\\]) \t\u3000\"':#/*$>-=+ab_\n", "$ ", ">>> ", "--", "->", "=>", "+=", "f(x)", "x"]
    chosen = random.Random(6)
    texts = ["".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 8))) for _ in range(20_000)]
    for text in texts:
        assert is_code(text) == (code_line.search(text) is not None), repr(text)
    assert any(map(is_code, texts)) and not all(map(is_code, texts))


def test_code_start_is_run_only_on_a_line_that_starts_with_a_character_it_may_find_first() -> None:
    import random
    import sys

    from ingest.text import CODE_FIRSTS, CODE_START

    # str.lstrip takes off what `\s*` matches, no more, no less
    assert all(bool(re.match(r"\s", chr(code))) == chr(code).isspace() for code in range(sys.maxunicode + 1))
    pieces = [*" \t\u3000\u00a0\n}])#/*$>-\"':ab", "$ ", ">>> ", "--a", "//", "/*"]
    chosen = random.Random(8)
    for _ in range(20_000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 6)))
        assert CODE_START.match(text) is None or text.lstrip()[:1] in CODE_FIRSTS, repr(text)


def test_is_code_remembers_its_answers_by_text_and_gives_the_plain_tests_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import text as module
    from ingest.text import CODE_ANSWERS, CODE_END, _is_code, is_code

    monkeypatch.setattr(module, "MAX_CODE_ANSWERS", 4)
    CODE_ANSWERS.clear()
    texts = ["x = 1;", "Read more", "f(x)", "A sentence, wrapped,", "  }", "Read more", "x = 1;", "y" * 300 + ";", "Home"] * 3
    for text in texts:
        assert is_code(text) == _is_code(text, CODE_END)
        assert is_code(text, frozenset("{;")) == _is_code(text, frozenset("{;"))  # other ends: not remembered
        assert len(CODE_ANSWERS) <= 4 and "y" * 300 + ";" not in CODE_ANSWERS
    assert is_code("A sentence, wrapped,") and not is_code("A sentence, wrapped,", frozenset("{"))


def test_folds_is_the_fold_of_each_line() -> None:
    from ingest.text import fold, folds

    text = "Share THIS — now!\n\n  Ünïcode Words_here, 12 items \nLast line"
    assert folds(text) == [fold(line) for line in text.split("\n")]


def test_folds_lower_as_str_lower_does() -> None:
    import random

    from ingest.text import LOWER_WORD_OR_OUTSIDE_OR_BREAK, WORD, _word_bytes, folds

    rng = random.Random(5)
    # Capitals outside ASCII; one lowered to two characters ("İ"), a combining mark that is no word
    # character (U+0345, changed by upper() only), one lowered by its context (the capital sigma), a lone surrogate;
    # runs of spaces and punctuation before, between and after the words of a line.
    pieces = ["Word", "ÉTÉ", "Köln", "İ", "\u0345", "Σ", "ΑΒΓ", "ǅ", "K", "ẞ", "Ⅻ", "Ⓐ", "\ud800", "’", " ", "  ", ", ", "\n", "\n\n", "_", "—"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        assert folds(text) == [" ".join(WORD.findall(line)) for line in text.lower().split("\n")], repr(text)
    capitals = " ".join(chr(code) for code in range(0x400, 0x430))  # 48 capitals: more than are lowered one by one
    assert _word_bytes(capitals, LOWER_WORD_OR_OUTSIDE_OR_BREAK, lower=True) is None
    assert folds(capitals) == [" ".join(WORD.findall(capitals.lower()))]


def test_a_list_item_is_one_to_every_step_that_knows_bullets() -> None:
    from ingest import rows, wraps
    from ingest.kinds import normalize
    from ingest.text import LIST_BULLETS

    for bullet in LIST_BULLETS:
        item = f"{bullet} an item of the list"
        assert rows.BULLET.match(item) and normalize.LIST_ITEM.match(item) and item.startswith(wraps.BLOCK_STARTS)
    for plain in ("an item of the list", "-5 degrees", "*emphasis* here"):
        assert not (rows.BULLET.match(plain) or normalize.LIST_ITEM.match(plain) or plain.startswith(wraps.BLOCK_STARTS))


def test_code_is_told_by_its_edges_or_by_a_call_or_assignment_inside() -> None:
    from ingest.text import code_at_edges, code_inside, is_code

    assert code_at_edges("    }") and code_at_edges("x = [") and not code_at_edges("x = [", frozenset("{;"))
    assert code_inside("the value of sum(x) here") and not code_at_edges("the value of sum(x) here")
    assert not code_inside("a line of prose, with a comma") and not is_code("a line of prose")


def test_a_label_with_its_count_is_no_code_for_any_rule_but_a_call_with_a_number_is() -> None:
    # The block, duplicate and normalize rules all ask is_code: a sidebar's "Recipes(53)" is a label to each.
    for label in ("Archives (12)", "Recipes(53)", "CamelCase(53)", "Women's shoes (61)"):
        assert not is_code(label), label
    for call in ("time.sleep(5)", "x = f(2)", "return fib(10)", "print(42)"):
        assert is_code(call), call
