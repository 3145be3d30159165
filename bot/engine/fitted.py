"""Judging a question's candidates with the fitted scorer (`scorer.py`).

The lexical score (`match.py`) finds the candidates; the ranker orders them by the chance
that their sentence answers; the decider says how likely answering with the chosen one is
right. Not yet the engine's default: on the Toyota pack, whose phrasings and vocabulary were
written by hand, it declines far more than the lexical score does (README, "On questions
it was never tuned on"), so `Engine(..., scorer="fitted")` selects it for measuring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.engine.analyzer import Query
from bot.engine.evidence import QuestionWeights, asked_types, features, question_weights
from bot.engine.index import FactIndex, IndexedFact
from bot.engine.match import Scored
from bot.engine.scorer import Model, probabilities

# The facts the fitted scorer reads, the best by the lexical score: reading more costs time
# at scale, and past these the right sentence is rarely found.
CANDIDATES = 20


@dataclass(frozen=True)
class Candidate:
    """A fact that may answer a question and what the scorer reads of it."""

    entry: IndexedFact
    features: list[float]


def candidates(
    ranked: list[tuple[FactIndex, Scored]], queries: list[Query], text: str, meaning: np.ndarray
) -> list[Candidate]:
    """The features of the facts the lexical score ranked best for the question (each with
    the index it comes from: a server's overlay weighs its facts as the shared index does);
    `meaning`: the question's vector (`semantic.vector`)."""
    # As typed and as spelled ("wat time" is "what time").
    spelled = " ".join(word for word, _ in queries[0].spelled) if queries else ""
    asked = asked_types(text) | asked_types(spelled)
    weighed: dict[tuple[int, int], QuestionWeights] = {}
    found: list[Candidate] = []
    for index, item in ranked:
        pack = item.entry.pack_number
        key = (id(index), pack)
        if key not in weighed:
            weighed[key] = question_weights(index, queries[pack], pack)
        best = ranked[0][1].score
        row = features(index, weighed[key], asked, item.entry, item.score, best, meaning)
        found.append(Candidate(item.entry, row))
    return found


def judge(model: Model, found: list[Candidate]) -> tuple[list[Scored], float]:
    """The candidates, the one to answer with first and then by the chance that their
    sentence answers (each Scored's score), and the calibrated probability that answering
    with the first is right."""
    if not found:
        return [], 0.0
    rows = np.array([candidate.features for candidate in found])
    logits = model.rank_logits(rows)
    chosen = model.choose(rows, logits)
    order = [chosen, *(int(i) for i in np.argsort(-logits, kind="stable") if i != chosen)]
    chance = probabilities(logits)
    judged = [Scored(found[i].entry, float(chance[i])) for i in order]
    return judged, model.confidence(model.decider_row(rows, logits, chosen))
