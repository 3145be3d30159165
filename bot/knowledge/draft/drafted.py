"""A drafted fact before it has an id: what every fact builder of the drafter makes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DraftFact:
    """A fact before it has an id: question, answer, kind, its sentence, what it is about."""

    question: str
    answer: str
    kind: str
    sentence: str
    subjects: list[str]
    phrasings: list[str]
