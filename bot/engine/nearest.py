"""Candidates by meaning: the facts whose sentences are closest to a question in meaning,
for the fitted scorer to read beside those the lexical score found.

A question in words the article does not use ("whats wrong w the pills" of a sentence on
an impurity in a tablet) shares no term with the right fact, so the lexical score never
offers it. Comparing the question's vector with every fact's sentences is cheap for the
size of an article or a server's facts, so it is done only where the indexes searched hold
at most `MOST_FACTS` facts in all (a server's hidden ones included); more rely on words.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

import numpy as np

from bot.engine.index import FactIndex, IndexedFact
from bot.engine.match import Scored
from bot.engine.semantic import sentence_vector

MOST_FACTS = 5000

# Per index: one row per (fact, sentence), and the fact number of each row.
_MATRICES: WeakKeyDictionary[FactIndex, tuple[np.ndarray, np.ndarray]] = WeakKeyDictionary()


def _sentence_matrix(index: FactIndex) -> tuple[np.ndarray, np.ndarray]:
    found = _MATRICES.get(index)
    if found is None:
        rows = [
            (number, sentence_vector(sentence))
            for number, entry in enumerate(index.facts)
            for sentence in entry.fact.sources
        ]
        vectors = np.array([vector for _, vector in rows], dtype=np.float32)
        found = (vectors, np.array([number for number, _ in rows], dtype=np.int64))
        _MATRICES[index] = found
    return found


def warm(index: FactIndex) -> None:
    """Build the index's matrix now (a worker thread loading the packs), not in the first
    question that needs it (on the event loop: 0.16 s for 5,000 facts)."""
    if len(index.facts) <= MOST_FACTS:
        _sentence_matrix(index)


def closest_by_meaning(
    indexes: list[FactIndex],
    question_vector: np.ndarray,
    found: list[tuple[FactIndex, Scored]],
    limit: int,
    served: Callable[[str], IndexedFact | None],
) -> list[tuple[FactIndex, Scored]]:
    """Up to `limit` minus those `found` facts, closest in meaning first, none already
    found; each with a lexical score of 0 (it shares no term that counts). `served` gives
    the fact as this server has it: one it hides, or has taught a copy of, is left out
    here (the copy comes from its own index)."""
    wanted = limit - len(found)
    if wanted <= 0 or sum(len(index.facts) for index in indexes) > MOST_FACTS:
        return []
    have = {item.entry.fact.id for _, item in found}
    closest: list[tuple[float, FactIndex, IndexedFact]] = []
    for index in indexes:
        if not index.facts:
            continue
        vectors, owners = _sentence_matrix(index)
        if not len(owners):
            continue
        best = np.full(len(index.facts), -np.inf)
        np.maximum.at(best, owners, vectors @ question_vector)
        taken = 0  # the closest `wanted` that this server serves, whatever it leaves out
        for number in np.argsort(-best, kind="stable"):
            entry = index.facts[int(number)]
            if entry.fact.id not in have and served(entry.fact.id) is entry:
                closest.append((float(best[number]), index, entry))
                taken += 1
                if taken == wanted:
                    break
    closest.sort(key=lambda item: -item[0])
    return [(index, Scored(entry, 0.0)) for _, index, entry in closest[:wanted]]
