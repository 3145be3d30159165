"""One server's knowledge over the shared index: the facts it hides, the phrasings its staff
taught, the facts its staff added, the shipped packs it serves.

Every server shares one index of the shipped packs. A customised server gets an overlay: a
small index of only the facts it changed or added, weighed with the shared index's statistics
so that their scores compare with the shared ones, and the shared facts it hides or replaced,
skipped. A staff edit rebuilds only the overlay, in milliseconds whatever the shared index's
size, and a thousand customised servers cost a thousand small indexes, not a thousand copies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.engine.analyzer import Query
from bot.engine.index import FactIndex, IndexedFact
from bot.engine.match import Scored, Skip, Weights, rank
from bot.knowledge import Fact, Pack


@dataclass(frozen=True)
class Overlay:
    """What one server changes: its facts (taught copies of shared ones, then its own pack's)
    in `index`, whose first packs are the shared index's; the shared facts left out."""

    shared: FactIndex
    index: FactIndex
    skip: Skip
    fact_count: int

    def entry(self, fact_id: str) -> IndexedFact | None:
        """The fact as this server has it, or None when it is hidden, not served or unknown."""
        own = self.index.by_id.get(fact_id)
        if own is not None:
            return own
        number = self.shared.numbers.get(fact_id)
        if number is None or self.skipped(number):
            return None
        return self.shared.facts[number]

    def skipped(self, number: int) -> bool:
        """Whether the shared index's fact number `number` is left out here."""
        return number in self.skip.facts or int(self.shared.pack_of[number]) in self.skip.packs

    @cached_property
    def facts_by_pack(self) -> dict[str, list[IndexedFact]]:
        """`facts()` by pack id, worked out once (the fact list's pages read each pack)."""
        grouped: dict[str, list[IndexedFact]] = {}
        for entry in self.facts():
            grouped.setdefault(entry.pack.id, []).append(entry)
        return grouped

    @cached_property
    def example_question(self) -> str | None:
        """The first served fact's question, to show as an example (worked out once)."""
        return next((entry.fact.question for entry in self._served()), None)

    def facts(self) -> list[IndexedFact]:
        """Every fact as this server has it: the shared ones in their order (a taught copy in
        its original's place), then its own."""
        return list(self._served())

    def rank(
        self,
        queries: list[Query],
        weights: Weights,
        limit: int | None = None,
        floor: float | None = None,
        close: tuple[float, float] | None = None,
    ) -> list[tuple[FactIndex, Scored]]:
        """`match.rank` over the shared facts this server serves and its own, merged by
        score, each fact with the index it comes from."""
        shared = queries[: len(self.shared.packs)]
        merged = [
            (self.shared, item)
            for item in rank(self.shared, shared, weights, limit, floor, close, self.skip)
        ]
        mine = rank(self.index, queries, weights, limit, floor, close, Skip())
        merged += [(self.index, item) for item in mine]
        merged.sort(key=lambda pair: -pair[1].score)  # stable: shared first on a tie
        if close is not None and merged and merged[0][1].score >= close[0]:
            least = merged[0][1].score - close[1]
            merged = [pair for pair in merged if pair[1].score >= least]
        return merged if limit is None else merged[:limit]

    def _served(self) -> Iterator[IndexedFact]:
        own = self.index.by_id
        for number, entry in enumerate(self.shared.facts):
            if entry.fact.id in own or not self.skipped(number):
                yield own.get(entry.fact.id, entry)
        first_own_pack = len(self.shared.packs)
        yield from (e for e in self.index.facts if e.pack_number >= first_own_pack)


def build_overlay(
    shared: FactIndex,
    hidden: frozenset[str],
    taught: Mapping[str, Sequence[str]],
    own: Pack | None,
    served: frozenset[str] | None,
) -> Overlay:
    """The overlay of a server that hides `hidden`, taught `taught` (more phrasings by fact
    id), added the facts of `own` and serves the shipped packs `served` (None: all)."""
    unserved = frozenset(
        number
        for number, pack in enumerate(shared.packs)
        if served is not None and pack.id not in served
    )
    copies: list[tuple[int, Fact]] = []
    replaced: set[int] = set()
    for fact_id, phrasings in taught.items():
        number = shared.numbers.get(fact_id)
        if number is None or fact_id in hidden or int(shared.pack_of[number]) in unserved:
            continue
        fact = shared.facts[number].fact
        added = [text for text in phrasings if text not in fact.all_questions]
        copy = fact.model_copy(update={"phrasings": [*fact.phrasings, *added]})
        copies.append((int(shared.pack_of[number]), copy))
        replaced.add(number)
    extra = [own] if own is not None else []
    analyzer = shared.analyzer.extended(extra) if extra else shared.analyzer
    first_own_pack = len(shared.packs)
    own_facts = [(first_own_pack, fact) for fact in own.facts] if own is not None else []
    index = FactIndex(
        [*shared.packs, *extra], analyzer=analyzer, only=copies + own_facts, base=shared
    )
    hidden_numbers = {
        number
        for fact_id in hidden
        if (number := shared.numbers.get(fact_id)) is not None
        and int(shared.pack_of[number]) not in unserved
    }
    served_count = len(shared.facts) - sum(len(shared.packs[n].facts) for n in unserved)
    count = served_count - len(hidden_numbers) + len(own_facts)
    return Overlay(shared, index, Skip(frozenset(hidden_numbers | replaced), unserved), count)
