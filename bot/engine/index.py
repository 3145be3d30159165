"""The searchable form of the packs' facts: analysed phrasings, term weights, inverted index."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.analyzer import Analyzer, subject_term
from bot.knowledge import Fact, Pack


@dataclass(frozen=True)
class IndexedFact:
    """A fact with the terms its phrasings, answer, subjects and sources use."""

    pack: Pack
    fact: Fact
    phrasings: tuple[frozenset[str], ...]
    phrasing_kinds: tuple[frozenset[str], ...]
    strong: frozenset[str]
    weak: frozenset[str]
    subjects: frozenset[str]

    @property
    def terms(self) -> frozenset[str]:
        return self.strong | self.weak


class FactIndex:
    """Every fact of the given packs, ready to be scored against a question."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = list(packs)
        self.analyzer = Analyzer(self.packs)
        self.facts = [self._index(pack, fact) for pack in self.packs for fact in pack.facts]
        self.by_id = {entry.fact.id: entry for entry in self.facts}
        self._postings: dict[str, list[int]] = defaultdict(list)
        self.strong_postings: dict[str, list[int]] = defaultdict(list)
        self.weak_postings: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(self.facts):
            for term in entry.strong:
                self._postings[term].append(number)
                self.strong_postings[term].append(number)
            for term in entry.weak:
                self._postings[term].append(number)
                self.weak_postings[term].append(number)
        total = len(self.facts)
        self._weights = {
            term: math.log(1 + total / len(postings)) for term, postings in self._postings.items()
        }
        self.phrasing_weights = {
            entry.fact.id: tuple(sum(self._weights[t] for t in p) for p in entry.phrasings)
            for entry in self.facts
        }
        # By fact number: the lightest phrasing, which bounds how similar a question can be,
        # and every kind its phrasings ask for, which bounds the cue bonus.
        self.lightest_phrasing = [
            min(self.phrasing_weights[entry.fact.id], default=0.0) for entry in self.facts
        ]
        self.asked_kinds = [frozenset().union(*entry.phrasing_kinds) for entry in self.facts]
        self.rare_unknown_weight = math.log(1 + total / 0.5)
        self.common_unknown_weight = math.log(1 + total / max(1, total // 3))
        self.cued_kinds = frozenset(
            kind
            for pack in self.packs
            for kind, answer_kind in pack.kinds.items()
            if answer_kind.cues
        )

    def _index(self, pack: Pack, fact: Fact) -> IndexedFact:
        read = self.analyzer.read_known_text
        questions = [read(text) for text in fact.all_questions]
        phrasings = tuple(frozenset(question.terms) for question in questions)
        subjects = frozenset(subject_term(subject) for subject in fact.subjects)
        strong = frozenset().union(*phrasings, read(fact.answer).terms, subjects)
        weak = frozenset().union(*(read(quote).terms for quote in fact.sources)) - strong
        # A phrasing asks for the fact's kind, or for what its own cue asks ("Who is investing?").
        kinds = tuple(question.kinds | {fact.kind} for question in questions)
        return IndexedFact(pack, fact, phrasings, kinds, strong, weak, frozenset(fact.subjects))

    def weight(self, term: str, rare: bool = True) -> float:
        """How much a term says about which fact is meant (rarer says more).

        A term no fact uses weighs the most when it is rare in English (a name, jargon), and
        moderately when it is an everyday word.
        """
        unknown = self.rare_unknown_weight if rare else self.common_unknown_weight
        return self._weights.get(term, unknown)

    def candidates(self, terms: Sequence[str]) -> list[IndexedFact]:
        """The facts that share at least one term with the question."""
        numbers = sorted({number for term in terms for number in self._postings.get(term, [])})
        return [self.facts[number] for number in numbers]
