"""The searchable form of the packs' facts: analysed phrasings, term weights, inverted index.

Term weights are counted within each pack: how telling a word is depends on the article a
fact comes from, so adding another pack (or a hundred thousand facts) leaves the scores of
the first pack's facts as they were.
"""

from __future__ import annotations

import gc
import math
import threading
from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import cast

import numpy as np

from bot.engine.analyzer import Analyzer, subject_term
from bot.knowledge import Fact, Pack

# A pack with fewer facts than this is weighed with the statistics of all facts together
# (the shipped pack has 30; a server's own facts are usually a handful).
SMALLEST_PACK = 30


@dataclass(frozen=True)
class IndexedFact:
    """A fact with the terms its phrasings, answer, subjects and sources use."""

    pack: Pack
    pack_number: int
    fact: Fact
    phrasings: tuple[frozenset[str], ...]
    phrasing_kinds: tuple[frozenset[str], ...]
    strong: frozenset[str]
    weak: frozenset[str]
    subjects: frozenset[str]
    # The terms of the fact's quoted sentences, strong or weak: what the sentence says, which
    # the fitted scorer compares with the question (a tuple: smaller than a set).
    quoted: tuple[str, ...] = ()

    @property
    def terms(self) -> frozenset[str]:
        return self.strong | self.weak


class FactIndex:
    """Every fact of the given packs, ready to be scored against a question."""

    def __init__(
        self,
        packs: Sequence[Pack],
        analyzer: Analyzer | None = None,
        only: Sequence[tuple[int, Fact]] | None = None,
        base: FactIndex | None = None,
    ) -> None:
        """Index every fact of `packs`, or with `only` just those (pack number, fact) pairs.
        With `base` (a server's overlay, see `overlay.py`), the packs `base` indexes, which
        come first in `packs`, are weighed with `base`'s statistics, so that scores here
        compare with `base`'s; packs after them with all facts of both together."""
        self.packs = list(packs)
        self.analyzer = analyzer or Analyzer(self.packs)
        # Each pack's named subjects by pack number, worked out once (`near_miss.py`).
        self.named_subjects: dict[int, frozenset[str]] = {}
        self.base = base
        # Phrasings ask for a handful of combinations of kinds, and a subject has several
        # facts: each distinct value is kept once (at 100,000 facts, 300,000 fewer objects to
        # allocate, hold and have the garbage collector walk).
        self._kinds_seen: dict[tuple[frozenset[str], ...], tuple[frozenset[str], ...]] = {}
        self._subjects_seen: dict[frozenset[str], frozenset[str]] = {}
        chosen = (
            only
            if only is not None
            else [(number, fact) for number, pack in enumerate(self.packs) for fact in pack.facts]
        )
        self.facts = [self._index(number, self.packs[number], fact) for number, fact in chosen]
        self.by_id = {entry.fact.id: entry for entry in self.facts}
        self.pack_of = np.array([entry.pack_number for entry in self.facts], dtype=np.int32)
        strong: dict[str, list[int]] = defaultdict(list)
        weak: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(self.facts):
            for term in entry.strong:
                strong[term].append(number)
            for term in entry.weak:
                weak[term].append(number)
        # Fact numbers by term, as arrays: a question's evidence for every fact at once.
        self.strong_postings = {term: np.array(found, np.int32) for term, found in strong.items()}
        self.weak_postings = {term: np.array(found, np.int32) for term, found in weak.items()}
        self._weights = self._pack_weights()
        self._unknown = [
            _unknown_weights(self._statistics_size(number)) for number in range(len(self.packs))
        ]
        if base is not None:
            self._unknown[: len(base.packs)] = base._unknown
        self.phrasing_weights = {
            entry.fact.id: tuple(
                sum(map(self._weights[entry.pack_number].__getitem__, p)) for p in entry.phrasings
            )
            for entry in self.facts
        }
        # By fact number: the lightest phrasing, which bounds how similar a question can be,
        # and every kind its phrasings ask for, which bounds the cue bonus.
        self.lightest_phrasing = np.array(
            [min(self.phrasing_weights[entry.fact.id], default=0.0) for entry in self.facts]
        )
        asked = [frozenset().union(*entry.phrasing_kinds) for entry in self.facts]
        self.asks_kind = {
            kind: np.array([kind in kinds for kinds in asked], dtype=bool)
            for kind in frozenset().union(*asked)
        }
        self.cued_kinds = frozenset(
            kind
            for pack in self.packs
            for kind, answer_kind in pack.kinds.items()
            if answer_kind.cues
        )

    def _pack_weights(self) -> list[Mapping[str, float]]:
        """Inverse document frequency of every term within each pack; a pack too small to
        have telling statistics of its own (a server's few facts) uses all facts' together."""
        counts: list[Counter[str]] = [Counter() for _ in self.packs]
        for entry in self.facts:
            # A fact's terms are its strong ones and its weak ones, which are never strong.
            counts[entry.pack_number].update(entry.strong)
            counts[entry.pack_number].update(entry.weak)
        borrowed = len(self.base.packs) if self.base else 0
        together: Counter[str] = Counter()
        for found in counts[borrowed:]:
            together.update(found)
        size = len(self.facts) + (len(self.base.facts) if self.base else 0)
        # Worked out term by term: an overlay must not copy the base's every term.
        everything = _Weights(together, self.base.term_counts if self.base else Counter(), size)
        own: list[Mapping[str, float]] = [
            {term: math.log(1 + self._pack_size(number) / n) for term, n in found.items()}
            if self._pack_size(number) >= SMALLEST_PACK
            else everything
            for number, found in enumerate(counts)
            if number >= borrowed
        ]
        if self.base is None:
            return own
        # A base pack is weighed as the base weighs it; a term only the overlay's copies use
        # (a taught phrasing's word) as if the copies were in the pack.
        kept: list[Mapping[str, float]] = []
        for number, weights in enumerate(self.base._weights):
            # Over the facts the base weighs this pack by: its own, or all when it is small.
            over = self.base._statistics_size(number)
            found = counts[number]
            extra = {t: math.log(1 + over / n) for t, n in found.items() if t not in weights}
            kept.append(ChainMap(extra, cast(dict[str, float], weights)) if extra else weights)
        return kept + own

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Each fact's number (its place in `facts`) by id: what an overlay skips by."""
        return {entry.fact.id: number for number, entry in enumerate(self.facts)}

    @cached_property
    def term_counts(self) -> Counter[str]:
        """In how many facts each term occurs, over every pack: what an overlay's own small
        pack is weighed with, beside the overlay's own facts."""
        counts: Counter[str] = Counter()
        for entry in self.facts:
            counts.update(entry.strong)
            counts.update(entry.weak)
        return counts

    def _pack_size(self, pack_number: int) -> int:
        return len(self.packs[pack_number].facts)

    def _index(self, pack_number: int, pack: Pack, fact: Fact) -> IndexedFact:
        read = self.analyzer.read_pack_text
        questions = [read(text, pack_number) for text in fact.all_questions]
        phrasings = tuple(terms for terms, _ in questions)
        subjects = frozenset(subject_term(subject) for subject in fact.subjects)
        strong = frozenset().union(
            *phrasings, read(fact.answer, pack_number, cues=False)[0], subjects
        )
        quotes = [read(quote, pack_number, cues=False)[0] for quote in fact.sources]
        quoted = frozenset().union(*quotes)
        weak = quoted - strong
        # A phrasing asks for the fact's kind, or for what its own cue asks ("Who is investing?").
        kinds = tuple(asked | {fact.kind} for _, asked in questions)
        kinds = self._kinds_seen.setdefault(kinds, kinds)
        subject_ids = frozenset(fact.subjects)
        subject_ids = self._subjects_seen.setdefault(subject_ids, subject_ids)
        return IndexedFact(
            pack, pack_number, fact, phrasings, kinds, strong, weak, subject_ids, tuple(quoted)
        )

    def _statistics_size(self, pack_number: int) -> int:
        """How many facts the pack is weighed over: its own, or all facts when it is small
        (with a base, the base's facts count too)."""
        size = self._pack_size(pack_number)
        if size >= SMALLEST_PACK:
            return size
        base = self.base
        return len(self.facts) + (len(base.facts) if base else 0)

    @cached_property
    def sentence_statistics(self) -> list[tuple[Counter[str], int, float]]:
        """Per pack: in how many of its distinct quoted sentences each term occurs, how many
        there are, and their mean length in terms; what BM25 weighs a question's words by.
        Worked out when the fitted scorer first asks, not at start-up."""
        seen: list[dict[str, frozenset[str]]] = [{} for _ in self.packs]
        for entry in self.facts:
            if len(entry.fact.sources) == 1:  # the quote's terms are the fact's `quoted`
                seen[entry.pack_number].setdefault(entry.fact.sources[0], frozenset(entry.quoted))
            else:
                for quote in entry.fact.sources:
                    terms = self.analyzer.read_pack_text(quote, entry.pack_number, cues=False)[0]
                    seen[entry.pack_number].setdefault(quote, terms)
        statistics = []
        for sentences in seen:
            frequency: Counter[str] = Counter()
            for terms in sentences.values():
                frequency.update(terms)
            count = len(sentences)
            statistics.append((frequency, count, sum(frequency.values()) / max(1, count)))
        if self.base is not None:  # the base's packs are weighed as the base weighs them
            statistics[: len(self.base.packs)] = self.base.sentence_statistics
        return statistics

    def knows(self, term: str, pack_number: int) -> bool:
        """Whether any fact the pack is weighed with uses the term."""
        return term in self._weights[pack_number]

    def weight(self, term: str, pack_number: int, rare: bool = True) -> float:
        """How much a term says about which of the pack's facts is meant (rarer says more).

        A term none of the pack's facts uses weighs the most when it is rare in English (a
        name, jargon), and moderately when it is an everyday word.
        """
        rare_unknown, common_unknown = self._unknown[pack_number]
        # A subject the question names is never an everyday word, whatever its spelling.
        rare = rare or term.startswith("@")
        return self._weights[pack_number].get(term, rare_unknown if rare else common_unknown)


@contextmanager
def no_collection_pauses() -> Iterator[None]:
    """Indexing makes millions of small objects and no reference cycles, so the cyclic
    garbage collector would only spend time (a third of the build at 100,000 facts).

    Only on the main thread: the switch is process-wide, and a build in a worker thread (a
    reload, a server's engine) runs beside the event loop, whose garbage must still go."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def exempt_from_collection() -> None:
    """Leave every object alive now out of the cyclic garbage collector's passes (gc.freeze):
    for a process that has just built its long-lived index. Otherwise, at 100,000 facts, the
    collector's first passes after the build walk its millions of objects (0.4 s, then 0.9 s),
    and whichever questions come next wait. The index holds no reference cycles, so it is
    still freed, by reference counting, once no engine uses it."""
    gc.freeze()


def _unknown_weights(fact_count: int) -> tuple[float, float]:
    """The weight of a term a pack never uses: (rare in English, everyday)."""
    return math.log(1 + fact_count / 0.5), math.log(1 + fact_count / max(1, fact_count // 3))


class _Weights(Mapping[str, float]):
    """Inverse document frequency over two sets of counts (an overlay's own facts and its
    base's), worked out when a term is asked for."""

    def __init__(self, counts: Counter[str], more: Counter[str], size: int) -> None:
        self._counts, self._more, self._size = counts, more, size

    def __getitem__(self, term: str) -> float:
        found = self._counts.get(term, 0) + self._more.get(term, 0)
        if not found:
            raise KeyError(term)
        return math.log(1 + self._size / found)

    def __iter__(self) -> Iterator[str]:
        yield from self._counts
        yield from (term for term in self._more if term not in self._counts)

    def __len__(self) -> int:
        return len(self._counts) + sum(term not in self._counts for term in self._more)
