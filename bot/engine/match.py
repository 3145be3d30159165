"""Scoring how well a fact answers a question.

A fact scores well when it explains every term of the question (coverage), when the question
contains most of one of the fact's phrasings (similarity), and when the question's cue asks
for the fact's kind of answer. A question naming one subject of a group (one battery line,
say) never gets a fact about another subject of that group. Terms no fact uses weigh the most,
so "the range of the Nissan Leaf" is not answered with a Toyota range.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.analyzer import Query
from bot.engine.index import FactIndex, IndexedFact


@dataclass(frozen=True)
class Weights:
    """Tuning of the score; calibrated on the development question set."""

    coverage: float = 0.55
    weak_term: float = 0.6
    cue_bonus: float = 0.1
    cue_penalty: float = 0.25


@dataclass(frozen=True)
class Scored:
    entry: IndexedFact
    score: float


def rank(index: FactIndex, query: Query, weights: Weights = Weights()) -> list[Scored]:
    """Candidate facts for the query, best first."""
    terms = set(query.terms)
    if not terms:
        return []
    term_weight = {term: index.weight(term) for term in terms}
    total = sum(term_weight.values())
    scored: list[Scored] = []
    for entry in index.candidates(query.terms):
        if _excluded_by_subject(index, query, entry):
            continue
        strong = sum(w for term, w in term_weight.items() if term in entry.strong)
        weak = sum(w for term, w in term_weight.items() if term in entry.weak)
        coverage = (strong + weights.weak_term * weak) / total
        similarity = max(
            (_phrasing_recall(index, terms, phrasing) for phrasing in entry.phrasings), default=0.0
        )
        score = weights.coverage * coverage + (1 - weights.coverage) * similarity
        if query.kinds:
            asked = entry.fact.kind in query.kinds
            score += weights.cue_bonus if asked else -weights.cue_penalty
        scored.append(Scored(entry, min(1.0, max(0.0, score))))
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


def _phrasing_recall(index: FactIndex, terms: set[str], phrasing: frozenset[str]) -> float:
    """How much of one phrasing (by weight) the question contains."""
    total = sum(index.weight(term) for term in phrasing)
    if total == 0:
        return 0.0
    return sum(index.weight(term) for term in phrasing & terms) / total


def _excluded_by_subject(index: FactIndex, query: Query, entry: IndexedFact) -> bool:
    """True when the question names a subject of a group and the fact is about another."""
    groups = index.analyzer.subject_groups
    for group in {groups[s] for s in query.subjects if s in groups}:
        asked = {s for s in query.subjects if groups.get(s) == group}
        covered = {s for s in entry.subjects if groups.get(s) == group}
        if covered and not asked & covered:
            return True
    return False
