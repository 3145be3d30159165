"""Scoring how well a fact answers a question.

A fact scores well when it explains every term of the question (coverage), when the question
contains most of one of the fact's phrasings (similarity), and when the question's cue asks
for the fact's kind of answer. A question naming one subject of a group (one battery line,
say) never gets a fact about another subject of that group. Terms no fact uses weigh the most,
so "the range of the Nissan Leaf" is not answered with a Toyota range.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

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
    # With a limit, at most this many facts are scored, the most promising first: among a
    # hundred thousand facts a vague question can have thousands of barely possible ones.
    max_scored: int = 1000


@dataclass(frozen=True)
class Skip:
    """Facts a ranking leaves out: by fact number, and every fact of some packs."""

    facts: frozenset[int] = frozenset()
    packs: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Scored:
    """A candidate fact and its raw score (bonuses can take it past 1; ranking uses it)."""

    entry: IndexedFact
    score: float

    @property
    def confidence(self) -> float:
        return round(min(1.0, max(0.0, self.score)), 3)


def rank(
    index: FactIndex,
    queries: list[Query],
    weights: Weights,
    limit: int | None = None,
    floor: float | None = None,
    close: tuple[float, float] | None = None,
    skip: Skip | None = None,
) -> list[Scored]:
    """Candidate facts for the query, best first; with `limit`, the best `limit`; with
    `floor`, only facts that may score at least `floor`; with `close` = (answer, margin), once
    the best scores `answer` or more, only facts within `margin` of it; never the facts
    `skip` names (a server's hidden ones).

    Facts are scored in the order of an upper bound of their score, and scoring stops once
    no fact left can matter, so a large index costs little more than a small one. With a
    limit, at most `weights.max_scored` facts are scored: where more facts than that tie on
    their bound (questions of stop words only), the best of the first ones is taken.
    """
    if not any(query.terms for query in queries):
        return []
    # Each pack has read the question with its own vocabulary (`queries`, in the packs'
    # order) and weighs the terms by its own statistics.
    term_weights = [
        {term: index.weight(term, number, rare=term in read.rare) for term in set(read.terms)}
        for number, read in enumerate(queries)
    ]
    totals = [sum(weights_of_pack.values()) for weights_of_pack in term_weights]
    best: list[float] = []  # a min-heap of the `limit` best scores so far
    top = float("-inf")
    scored: list[tuple[int, Scored]] = []
    most = weights.max_scored if limit is not None else None
    for bound, number in _upper_bounds(
        index, queries, term_weights, totals, weights, skip, floor, most
    ):
        # A fact whose bound only ties the limit-th best cannot beat it: equally good facts
        # beyond the limit are not looked at.
        if limit is not None and len(best) >= limit and bound <= best[0]:
            break
        if close is not None and top >= close[0] and bound < top - close[1]:
            break
        entry = index.facts[number]
        pack = entry.pack_number
        if _excluded_by_subject(index, queries[pack], entry):
            continue
        score = _score(index, queries[pack], entry, term_weights[pack], totals[pack], weights)
        scored.append((number, Scored(entry, score)))
        top = max(top, score)
        if limit is not None:
            (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, score)
    # Equal scores keep the packs' order, whatever order the bounds gave.
    scored.sort(key=lambda item: (-item[1].score, item[0]))
    ranked = [item for _, item in scored]
    return ranked if limit is None else ranked[:limit]


def _upper_bounds(
    index: FactIndex,
    queries: list[Query],
    term_weights: list[dict[str, float]],
    totals: list[float],
    weights: Weights,
    skip: Skip | None = None,
    floor: float | None = None,
    most: int | None = None,
) -> list[tuple[float, int]]:
    """(bound, fact number) for every fact sharing a term with the query, highest first;
    with `floor`, only bounds of at least `floor`; with `most`, the first `most`.

    A phrasing's terms are among the fact's strong terms, so the strong evidence bounds the
    similarity to any phrasing; the cue adjustment is the bonus only if some phrasing asks
    what the question asks; the missing-subject penalty is counted exactly. Computed for all
    facts at once with numpy: a question can touch tens of thousands of facts.
    """
    count = len(index.facts)
    strong, weak, named = np.zeros(count), np.zeros(count), np.zeros(count)
    subject_terms = {subject_term(s) for read in queries for s in read.subjects}
    pack_of = index.pack_of
    for term in {term for weights_of_pack in term_weights for term in weights_of_pack}:
        by_pack = np.array([weights_of_pack.get(term, 0.0) for weights_of_pack in term_weights])
        found = index.strong_postings.get(term)
        if found is not None:
            strong[found] += by_pack[pack_of[found]]
            if term in subject_terms:
                named[found] += 1
        found = index.weak_postings.get(term)
        if found is not None:
            weak[found] += by_pack[pack_of[found]]
    numbers = np.flatnonzero(strong + weak)
    if skip is not None:  # before any cut, so that skipped facts take no one's place
        if skip.facts:
            numbers = numbers[~np.isin(numbers, np.fromiter(skip.facts, np.int64))]
        if skip.packs:
            packs = np.fromiter(skip.packs, np.int64)
            numbers = numbers[~np.isin(pack_of[numbers], packs)]
    shared = strong[numbers]
    evidence = shared + weights.weak_term * weak[numbers]
    total = np.array(totals)[pack_of[numbers]]
    similarity = np.minimum(1.0, 2 * shared / (total + index.lightest_phrasing[numbers]))
    # Each pack reads the question's cues with its own: a fact's bound gets the bonus when
    # some phrasing asks what its pack heard asked, the penalty when none does.
    # Packs that heard the same kinds asked are handled together (most packs share cues).
    cue = np.zeros(len(numbers))
    heard = sorted({read.kinds for read in queries if read.kinds}, key=sorted)
    if heard:
        group_of_pack = np.array([heard.index(r.kinds) if r.kinds else -1 for r in queries])
        groups = group_of_pack[pack_of[numbers]]
        for group, kinds in enumerate(heard):
            in_group = groups == group
            asks = np.zeros(int(in_group.sum()), dtype=bool)
            for kind in kinds & index.asks_kind.keys():
                asks |= index.asks_kind[kind][numbers[in_group]]
            cue[in_group] = np.where(asks, weights.cue_bonus, -weights.cue_penalty)
    named_by_pack = np.array(
        [len(read.subjects) + read.unknown_names for read in queries], dtype=float
    )
    missing = named_by_pack[pack_of[numbers]] - named[numbers]
    bound = (
        weights.coverage * evidence / total
        + (1 - weights.coverage) * similarity
        + cue
        - weights.missing_subject_penalty * missing
    ) * np.minimum(1.0, evidence / weights.min_evidence) + 1e-9  # rounding slack
    # Only what the caller can use is sorted: a vague question touches tens of thousands.
    if floor is not None:
        numbers, bound = numbers[bound >= floor], bound[bound >= floor]
    if most is not None and len(bound) > most:
        least = np.partition(bound, len(bound) - most)[len(bound) - most]
        numbers, bound = numbers[bound >= least], bound[bound >= least]
    order = np.lexsort((numbers, -bound))[:most]  # highest bound first, then pack order
    return list(zip(bound[order].tolist(), numbers[order].tolist(), strict=True))


def _score(
    index: FactIndex,
    query: Query,
    entry: IndexedFact,
    term_weight: dict[str, float],
    total: float,
    weights: Weights,
) -> float:
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
    score -= weights.missing_subject_penalty * (len(missing) + query.unknown_names)
    return score * min(1.0, evidence / weights.min_evidence)


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


def also_answered(elsewhere: list[Scored]) -> list[str]:
    """A note for each other article with a fact as close to the question as the answer."""
    best_by_pack: dict[int, Scored] = {}
    for item in elsewhere:
        best_by_pack.setdefault(item.entry.pack_number, item)
    return [
        f"\u201c{item.entry.pack.pack.title}\u201d answers this too: {item.entry.fact.question}"
        for item in best_by_pack.values()
    ]
