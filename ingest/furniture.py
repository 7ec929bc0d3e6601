"""The lines of an extraction that stand in the page's furniture (SL017).

trafilatura sometimes keeps an element that holds the site's header, a menu, a footer or a hidden
panel beside the document: their lines come into its text. The page marks those elements itself
(pagetext.Furniture: landmarks, forms, dialogs, buttons, hidden elements, link lists named as
menus). A line of the extraction that the page has only inside them is dropped, unless such lines
hold more than MAX_SHARE of the extraction's words: then the extractor took furniture for the
document, and the choice between its text and the page's (SL008, SL016) is what can mend it.
"""

from __future__ import annotations

from typing import Any, Callable

from .pagetext import line_folds
from .text import fold_words, folds

# Learnt on half the dev pages and checked on the other half (dev script): shares of 0.35 to 0.6 all
# gain. Above that the extraction is mostly furniture, and dropping it leaves little that is right.
MAX_SHARE = 0.4


def furniture_lines(text: str, owned: list[tuple[str, Any]], in_furniture: Callable[[Any], bool]) -> list[int]:
    """The numbers (from 0) of the lines of `text` whose words the page has only in elements that
    `in_furniture` says are furniture (`owned`: the page's lines with their block elements, as
    pagetext.page_text gives them); none when those lines hold more than MAX_SHARE of the text's words (text.fold_words)."""
    keys = folds(text)
    wanted = frozenset(keys)
    only: dict[str, bool] = {}  # a page line's key: whether every line of the page with that key is in furniture
    for key, (_, element) in zip(line_folds(owned), owned):
        if key in wanted and only.get(key, True):
            only[key] = element is not None and in_furniture(element)
    dropped, total, dropped_words = [], 0, 0
    for number, key in enumerate(keys):
        count = fold_words(key)
        total += count
        if count and only.get(key, False):
            dropped.append(number)
            dropped_words += count
    return dropped if dropped_words <= MAX_SHARE * total else []
