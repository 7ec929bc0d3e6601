from support import make, run


def test_spaces_collapse_with_an_info_finding() -> None:
    outcome = run(make("normalize", target="spaces"), "Saturday,  June 15 ,\t2024  \n   ")
    assert outcome.text == "Saturday, June 15 , 2024\n"
    assert len(outcome.findings) == 1


def test_blank_line_runs_shrink_and_edges_go() -> None:
    outcome = run(make("normalize", target="blank-lines"), "\n\nOne\n\n\n\nTwo\n\n")
    assert outcome.text == "One\n\nTwo\n"


def test_blank_lines_option() -> None:
    outcome = run(make("normalize", target="blank-lines", max_blank_lines=2), "One\n\n\n\nTwo")
    assert outcome.text == "One\n\n\nTwo\n"
