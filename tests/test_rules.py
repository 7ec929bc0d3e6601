"""Every rule of the bundled pack: documented, with examples of both sorts, and right about them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.config import bundled_pack, bundled_packs, default_pack, example_failures, load
from ingest.kinds import KINDS

PACK = load()
RULES = PACK.rules
# every rule of every bundled pack, once (the other packs extend the default one)
ALL_RULES = list({r.spec.id: r for name in bundled_packs() for r in load(bundled_pack(name)).rules}.values())


def test_the_pack_has_a_rule_of_every_kind() -> None:
    assert {rule.spec.kind for rule in RULES} == set(KINDS)


def test_ids_and_names_are_unique() -> None:
    assert len({r.spec.id for r in RULES}) == len({r.spec.name for r in RULES}) == len(RULES)


def test_the_optional_packs_extend_the_default_one() -> None:
    assert "html-furniture" in bundled_packs()
    assert {r.spec.id for r in RULES} < {r.spec.id for r in load(bundled_pack("html-furniture")).rules}


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: f"{r.spec.id}-{r.spec.name}")
def test_rule_is_documented(rule) -> None:
    assert re.fullmatch(r"SL[1-7]\d\d", rule.spec.id)
    assert rule.spec.description and rule.spec.why
    assert rule.spec.match and rule.spec.keep


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: f"{r.spec.id}-{r.spec.name}")
def test_rule_examples(rule) -> None:
    assert example_failures(rule) == []


def test_a_rule_without_examples_fails_to_load(tmp_path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - {id: X100, name: no-examples, kind: line, phrases: [Menu]}\n")
    with pytest.raises(ValueError, match="examples"):
        load(pack)


def test_the_bundled_pack_file_is_the_one_in_rules() -> None:
    assert default_pack().read_bytes() == (Path(__file__).parent.parent / "rules" / "default.yaml").read_bytes()
