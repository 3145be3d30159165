"""How common an English word is, from pyspellchecker's English word-frequency list.

Used for two judgements a fact pack cannot make on its own: a real English word ("stake",
"sell") is never "corrected" into a pack word ("state", "self"), and a word no fact uses
weighs more when it is rare (a name like "Honda") than when it is everyday English ("ready").
"""

from __future__ import annotations

import math
from functools import cache

from spellchecker import SpellChecker

# Counts in the list start at 50; below this a word is rare enough to be a name or jargon.
COMMON_COUNT = 5000


@cache
def _frequencies() -> dict[str, int]:
    counts: dict[str, int] = SpellChecker(language="en").word_frequency.dictionary
    return counts


def frequency(word: str) -> int:
    """How often the word occurs in the reference corpus; 0 when it is not an English word."""
    return _frequencies().get(word, 0)


def is_english(word: str) -> bool:
    return frequency(word) > 0


def is_common(word: str) -> bool:
    return frequency(word) >= COMMON_COUNT


def is_swapped_common(word: str) -> bool:
    """Whether the word is no English word but a common one with two neighbouring letters
    swapped ("teh", "taht"), the commonest typo: a slip, not a name."""
    swaps = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    return not is_english(word) and any(is_common(swapped) for swapped in swaps)


@cache
def _top_frequency() -> int:
    return max(_frequencies().values())


def general_weight(word: str) -> float:
    """How much a word says in any text, from 0 (the commonest English) to 1 (a name, a word
    English never uses): a weight that holds for an article no statistics exist for yet."""
    top = _top_frequency()
    return min(1.0, math.log1p(top / (frequency(word) + 1)) / math.log1p(top))
