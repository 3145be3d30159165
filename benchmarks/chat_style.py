"""Public questions retyped the way people type in a chat, to fit on.

Crowd-written questions are tidy: whole sentences, correctly spelt. People in Discord are terse
and misspell. Each fitting question gets a variant: lower case, no punctuation, some function
words left out, a typo in some longer words, digits for number words. The changes are the
general habits of chat, chosen before looking at any of FactBot's own questions, and made by a
seeded random generator so a refit is reproducible. Validation questions are never changed.
"""

from __future__ import annotations

import random
import re

from bot.engine.lexicon import STOPWORDS

_NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
DROP_FUNCTION_WORD = 0.3
TYPO = 0.12


def chat_variant(question: str, seed: int) -> str:
    """The question as a hurried chat message, the same for the same seed."""
    chance = random.Random(seed)
    words = re.findall(r"[\w'-]+", question.lower())
    typed = []
    for word in words:
        if word in _NUMBERS:
            typed.append(_NUMBERS[word])
        elif word in STOPWORDS and chance.random() < DROP_FUNCTION_WORD and len(typed) > 1:
            continue
        elif len(word) >= 5 and word.isalpha() and chance.random() < TYPO:
            typed.append(_typo(word, chance))
        else:
            typed.append(word)
    return " ".join(typed) or question


def _typo(word: str, chance: random.Random) -> str:
    """One slip of the fingers: two letters swapped, one left out, or one doubled."""
    at = chance.randrange(1, len(word) - 1)
    slip = chance.randrange(3)
    if slip == 0:
        return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    if slip == 1:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]
