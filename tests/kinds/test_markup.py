from support import make, run

PIXEL = '<img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1">'


def test_pixel_alone_on_a_line_is_dropped() -> None:
    outcome = run(make("markup", target="pixel"), f"{PIXEL}\nHeadline")
    assert outcome.text == "Headline\n"
    assert outcome.findings[0].action == "drop"


def test_pixel_inside_a_line_is_cut_out() -> None:
    outcome = run(make("markup", target="pixel"), f"Before {PIXEL} after.")
    assert outcome.text == "Before after.\n"
    assert outcome.findings[0].action == "edit"
    assert outcome.findings[0].col == len("Before ") + 1


def test_pixel_endpoint_by_src_regex() -> None:
    rule = make("markup", target="pixel", src_regex=["/beacon\\b"])
    assert run(rule, '<img src="https://t.example/beacon?x=1">').text == ""


def test_a_real_picture_is_not_a_pixel() -> None:
    text = '<img src="/harbour.jpg" width="800" height="533" alt="Harbour">'
    assert run(make("markup", target="pixel"), text).findings == []


def test_tags_are_removed_and_words_kept() -> None:
    outcome = run(make("markup", target="tag"), "The <b>minister</b> denied it.<br/>")
    assert outcome.text == "The minister denied it.\n"


def test_only_html_element_names_are_tags() -> None:
    assert run(make("markup", target="tag"), "Press <Enter> then <name>.").findings == []


def test_entities_are_decoded() -> None:
    outcome = run(make("markup", target="entity"), "R&amp;D at AT&amp;T&#8217;s lab")
    assert outcome.text == "R&D at AT&T’s lab\n"
    assert outcome.findings[0].text == "&amp; &amp; &#8217;"
