"""What "the former", "these batteries", "it" or "the company" point back to.

A sentence that opens with such a phrase is about the subjects of the sentence before it (or,
for "it" and "the company", the article's topic); its facts get those subjects, and its
phrasings name them, so "What range will these batteries offer?" is also found as "What range
will the High Performance batteries offer?".
"""

from __future__ import annotations

import re

from bot.knowledge.draft.names import Names, plain

_TOPIC_REFERENCE = re.compile(
    r"^(?:it|the (?:[a-z]+ )*(?:company|firm|group|giant|automaker|carmaker|maker|"
    r"manufacturer|corporation))\b",
    re.IGNORECASE,
)
_EARLIER_REFERENCE = re.compile(r"^(?:the former|the latter|these \w+|those \w+|both|they)\b", re.I)


def referenced(text: str, previous: list[str]) -> list[str]:
    """The earlier subjects (`previous`, in the order named) the text's opening points to."""
    reference = _EARLIER_REFERENCE.match(plain(text).strip())
    if not reference or not previous:
        return []
    said = reference.group().lower()
    if said == "the former":
        return previous[:1]
    if said == "the latter":
        return previous[1:2]
    return previous


def resolved_subjects(text: str, names: Names, previous: list[str]) -> list[str]:
    """The subjects a text is about, counting those it points back to."""
    mentioned = names.subjects_of(text)
    earlier = [s for s in referenced(text, previous) if s not in mentioned]
    return [*earlier, *mentioned]


def with_names(text: str, names: Names, previous: list[str]) -> str:
    """The text with its opening reference replaced by what it points to."""
    stripped = text.strip(" ,")
    if names.topic and _TOPIC_REFERENCE.match(stripped):
        return _TOPIC_REFERENCE.sub(names.topic.title(), stripped, count=1)
    pointed = referenced(stripped, previous)
    named = " and ".join(names.subjects[s].name for s in pointed[:2] if s in names.subjects)
    if named:
        return _EARLIER_REFERENCE.sub(named, stripped, count=1)
    return stripped
