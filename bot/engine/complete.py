"""Known questions for a half-typed one: what autocomplete offers as the user types."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.engine.index import FactIndex
from bot.engine.match import Scored


class Completer:
    """Ranks the facts' questions against partial, possibly misspelt input."""

    def __init__(self, index: FactIndex) -> None:
        # Every phrasing points at its fact; the canonical question is what the user is shown.
        self._phrasings = [text for entry in index.facts for text in entry.fact.all_questions]
        self._fact_of = [entry for entry in index.facts for _ in entry.fact.all_questions]
        self._facts = index.facts

    def complete(
        self, partial: str, ranked: list[Scored], limit: int, floor: float
    ) -> list[tuple[str, float]]:
        """(fact id, score), best first: what the engine reads with confidence, then text
        similarity.

        The engine understands a finished question; fuzzy text matching understands the start
        of one ("when is sol"). Facts the engine scores at `floor` or more come first.
        """
        if not utils.default_process(partial):
            return [(entry.fact.id, 0.0) for entry in self._facts[:limit]]
        scores: dict[str, float] = {}
        for item in ranked:
            if item.score >= floor:
                scores[item.entry.fact.id] = 1.0 + item.score
        matches = process.extract(
            partial,
            self._phrasings,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 4,
            score_cutoff=60,
        )
        for _, similarity, position in matches:
            fact_id = self._fact_of[position].fact.id
            scores[fact_id] = max(scores.get(fact_id, 0.0), similarity / 100)
        best = sorted(scores.items(), key=lambda item: -item[1])
        return best[:limit]
