"""Known questions for a half-typed one: what autocomplete offers as the user types.

Fuzzy-matching the input against every phrasing costs a third of a second at 100,000 facts,
on every keystroke. So past `FULL_SCAN` phrasings only the phrasings sharing the most word
beginnings with the input (its rarest first) are matched: a finished word or a typo past
the third letter still finds its phrasing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz, process, utils

from bot.engine.index import FactIndex
from bot.engine.match import Scored

# Up to this many phrasings, every one is matched against the input.
FULL_SCAN = 5000
# Past it, this many phrasings sharing the input's word beginnings are.
SHORTLIST = 3000
PREFIX = 3
# A word beginning that more than this share of phrasings have is left out of the shortlist,
COMMON = 0.1
# and when every beginning is that common, those that more than this share have.
MOST = 0.5


def _words_prefixes(processed: str) -> set[str]:
    """The beginnings of a processed text's words (`PREFIX` letters; shorter words say too
    little)."""
    return {word[:PREFIX] for word in processed.split() if len(word) >= PREFIX}


class Completer:
    """Ranks the facts' questions against partial, possibly misspelt input."""

    def __init__(self, index: FactIndex, full_scan: int = FULL_SCAN) -> None:
        # Every phrasing points at its fact; the canonical question is what the user is shown.
        # Matched as rapidfuzz's default processing leaves them, worked out once, not on
        # every keystroke.
        self._phrasings = [
            utils.default_process(text)
            for entry in index.facts
            for text in entry.fact.all_questions
        ]
        self._phrasing_array = np.array(self._phrasings, dtype=object)  # picked from quickly
        self._fact_of = [entry for entry in index.facts for _ in entry.fact.all_questions]
        self._facts = index.facts
        self._by_prefix: dict[str, np.ndarray] = {}
        if len(self._phrasings) > full_scan:
            found: dict[str, list[int]] = defaultdict(list)
            for number, text in enumerate(self._phrasings):
                for prefix in _words_prefixes(text):
                    found[prefix].append(number)
            self._by_prefix = {key: np.array(numbers, np.int32) for key, numbers in found.items()}

    def complete(
        self,
        partial: str,
        ranked: list[Scored],
        limit: int,
        floor: float,
        allowed: Callable[[str], bool] | None = None,
    ) -> list[tuple[str, float]]:
        """(fact id, score), best first: what the engine reads with confidence, then text
        similarity; with `allowed`, only the fact ids it allows (a server's served facts).

        The engine understands a finished question; fuzzy text matching understands the start
        of one ("when is sol"). Facts the engine scores at `floor` or more come first.
        """
        keep = allowed or (lambda _: True)
        typed = utils.default_process(partial)
        if not typed:
            first = (entry.fact.id for entry in self._facts if keep(entry.fact.id))
            return [(fact_id, 0.0) for fact_id, _ in zip(first, range(limit), strict=False)]
        scores: dict[str, float] = {}
        for item in ranked:
            if item.score >= floor:
                scores[item.entry.fact.id] = 1.0 + item.score
        numbers = self._shortlist(typed)
        texts = self._phrasings if numbers is None else self._phrasing_array[numbers].tolist()
        matches = process.extract(
            typed,
            texts,
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit * 4 if allowed is None else None,
            score_cutoff=60,
        )
        for _, similarity, position in matches:
            number = position if numbers is None else int(numbers[position])
            fact_id = self._fact_of[number].fact.id
            if not keep(fact_id):
                continue
            scores[fact_id] = max(scores.get(fact_id, 0.0), similarity / 100)
        best = sorted(scores.items(), key=lambda item: -item[1])
        return best[:limit]

    def _shortlist(self, typed: str) -> np.ndarray | None:
        """The phrasings worth matching (by number), or None for all of them."""
        if not self._by_prefix:
            return None
        postings = [self._by_prefix[p] for p in _words_prefixes(typed) if p in self._by_prefix]
        # A beginning most phrasings share ("the", "whe") picks nothing out; a rare one says
        # more, so each counts by how few phrasings have it.
        # When every beginning is common ("where will the"), one that most phrasings share
        # still weighs nearly all of them alike, at the cost of adding to each.
        telling = [found for found in postings if len(found) <= COMMON * len(self._phrasings)]
        rarer = [found for found in postings if len(found) <= MOST * len(self._phrasings)]
        postings = telling or rarer or postings
        if not postings:
            return np.zeros(0, np.int32)
        weights = np.zeros(len(self._phrasings))
        for found in postings:
            weights[found] += 1.0 / np.log2(2 + len(found))
        candidates = np.flatnonzero(weights)
        if len(candidates) <= SHORTLIST:
            return candidates
        best = np.argpartition(-weights[candidates], SHORTLIST)[:SHORTLIST]
        return np.sort(candidates[best])
