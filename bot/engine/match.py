"""Scoring how well a fact answers a question.

A fact scores well when it explains every term of the question (coverage), when the question
contains most of one of the fact's phrasings (similarity), and when the question's cue asks
for the fact's kind of answer. A question naming one subject of a group (one battery line,
say) never gets a fact about another subject of that group. Terms no fact uses weigh the most,
so "the range of the Nissan Leaf" is not answered with a Toyota range.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.analyzer import Query, subject_term
from bot.engine.index import FactIndex, IndexedFact


@dataclass(frozen=True)
class Weights:
    """Tuning of the score; calibrated on the development question set."""

    coverage: float = 0.55
    weak_term: float = 0.6
    cue_bonus: float = 0.1
    cue_penalty: float = 0.25
    uncued_penalty: float = 0.05
    missing_subject_penalty: float = 0.15
    min_evidence: float = 2.5


@dataclass(frozen=True)
class Scored:
    """A candidate fact and its raw score (bonuses can take it past 1; ranking uses it)."""

    entry: IndexedFact
    score: float

    @property
    def confidence(self) -> float:
        return round(min(1.0, max(0.0, self.score)), 3)


def rank(index: FactIndex, query: Query, weights: Weights) -> list[Scored]:
    """Candidate facts for the query, best first."""
    terms = set(query.terms)
    if not terms:
        return []
    term_weight = {term: index.weight(term, rare=term in query.rare) for term in terms}
    total = sum(term_weight.values())
    scored: list[Scored] = []
    for entry in index.candidates(query.terms):
        if _excluded_by_subject(index, query, entry):
            continue
        strong = sum(w for term, w in term_weight.items() if term in entry.strong)
        weak = sum(w for term, w in term_weight.items() if term in entry.weak)
        evidence = strong + weights.weak_term * weak
        coverage = evidence / total
        phrasing_weights = index.phrasing_weights[entry.fact.id]
        similarity = max(
            (
                (1 - weights.coverage) * _dice(term_weight, total, phrasing, phrasing_weight)
                + _cue_adjustment(index, query, kinds, weights)
                for phrasing, kinds, phrasing_weight in zip(
                    entry.phrasings, entry.phrasing_kinds, phrasing_weights, strict=True
                )
            ),
            default=0.0,
        )
        score = weights.coverage * coverage + similarity
        missing = [s for s in query.subjects if subject_term(s) not in entry.strong]
        score -= weights.missing_subject_penalty * len(missing)
        score *= min(1.0, evidence / weights.min_evidence)
        scored.append(Scored(entry, score))
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


def _cue_adjustment(
    index: FactIndex, query: Query, kinds: frozenset[str], weights: Weights
) -> float:
    """Reward a phrasing that asks what the question asks ("when" for a date), punish one
    that asks something else; a question without a cue slightly prefers a neutral fact."""
    if query.kinds:
        return weights.cue_bonus if kinds & query.kinds else -weights.cue_penalty
    return -weights.uncued_penalty if kinds <= index.cued_kinds else 0.0


def _dice(
    term_weight: dict[str, float], total: float, phrasing: frozenset[str], phrasing_total: float
) -> float:
    """Weighted overlap of the question with one phrasing: 1 when they say the same."""
    shared = sum(w for term, w in term_weight.items() if term in phrasing)
    return 2 * shared / (total + phrasing_total) if total + phrasing_total else 0.0


def _excluded_by_subject(index: FactIndex, query: Query, entry: IndexedFact) -> bool:
    """True when the question names a subject of a group and the fact is about another."""
    groups = index.analyzer.subject_groups
    for group in {groups[s] for s in query.subjects if s in groups}:
        asked = {s for s in query.subjects if groups.get(s) == group}
        covered = {s for s in entry.subjects if groups.get(s) == group}
        if covered and not asked & covered:
            return True
    return False
