"""Rule kinds: each a small module; rule instances live in the YAML packs."""

from __future__ import annotations

from .base import Option, Rule, RuleSpec
from .block import BlockRule
from .boundary import BoundaryRule
from .duplicate import DuplicateRule
from .html import HtmlRule
from .line import LineRule
from .markup import MarkupRule
from .metadata import MetadataRule
from .normalize import NormalizeRule
from .teasers import TeasersRule

KINDS: dict[str, type[Rule]] = {
    cls.kind: cls for cls in (LineRule, BlockRule, BoundaryRule, MarkupRule, HtmlRule, DuplicateRule, NormalizeRule, MetadataRule, TeasersRule)
}

__all__ = ["KINDS", "Option", "Rule", "RuleSpec"]
