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
        for number, entry in enumerate(self.facts):
            for term in entry.terms:
                self._postings[term].append(number)
        total = len(self.facts)
        self._weights = {
            term: math.log(1 + total / len(postings)) for term, postings in self._postings.items()
        }
        self.unknown_weight = math.log(1 + total / 0.5)

    def _index(self, pack: Pack, fact: Fact) -> IndexedFact:
        read = self.analyzer.read_known_text
        phrasings = tuple(frozenset(read(text).terms) for text in fact.all_questions)
        subjects = frozenset(subject_term(subject) for subject in fact.subjects)
        strong = frozenset().union(*phrasings, read(fact.answer).terms, subjects)
        weak = frozenset().union(*(read(quote).terms for quote in fact.sources)) - strong
        return IndexedFact(pack, fact, phrasings, strong, weak, frozenset(fact.subjects))

    def weight(self, term: str) -> float:
        """How much a term says about which fact is meant (rarer says more)."""
        return self._weights.get(term, self.unknown_weight)

    def candidates(self, terms: Sequence[str]) -> list[IndexedFact]:
        """The facts that share at least one term with the question."""
        numbers = sorted({number for term in terms for number in self._postings.get(term, [])})
        return [self.facts[number] for number in numbers]
