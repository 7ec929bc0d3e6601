from ingest.text import ends_as_sentence, fold, words


def test_words_counts_word_characters() -> None:
    assert words("It’s 6:00am — time!") == 5


def test_ends_as_sentence_allows_closing_quotes() -> None:
    assert ends_as_sentence("He said “no.”")
    assert ends_as_sentence("Really?")
    assert not ends_as_sentence("Related Articles")


def test_fold_ignores_case_and_punctuation() -> None:
    assert fold("Both the US, and  Afghanistan!") == fold("both the us and afghanistan")


def test_unspaced_scripts_count_two_characters_a_word() -> None:
    assert words("会議は予算を承認した") == 5
    assert words("Kindle for PCを使う") == 4


def test_full_width_sentence_ends() -> None:
    assert ends_as_sentence("予算を承認した。")
