"""What a candidate fact says about a question: the features the fitted scorer reads.

Each feature is general, not about any article: how much of the question the fact's
sentence and the fact's own words cover (weighed by the pack's statistics, by English at
large and by BM25), how much of the question the pack never mentions at all, and whether
the sentence holds the kind of thing the question asks for (a date for "when"), and how
close the two are in meaning (`semantic`), as wholes and word by word.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.engine.analyzer import Query
from bot.engine.english import general_weight
from bot.engine.index import FactIndex, IndexedFact
from bot.engine.lexicon import NOISE, STOPWORDS
from bot.engine.measures import KIND_MEASURES, asked_measures, stated_measures
from bot.engine.semantic import WeighedWords, similarity, soft_cover, weighed_words
from bot.knowledge.article import MONTH_ABBREVIATIONS, WEEKDAYS

FEATURES = (
    "engine",
    "sentence_general",
    "sentence_pack",
    "fact_pack",
    "bm25",
    "unknown_general",
    "type_match",
    "type_missing",
    "question_terms",
    "engine_gap",
    "semantic",
    "bm25_raw",
    "soft_cover",
)

_BM25_K1, _BM25_B = 1.2, 0.75

# What a question asks for, from its wording: general English, not any article's.
_ASKS = {
    "date": re.compile(
        r"\bwhen\b|\b(?:what|which)\s+(?:year|date|day|month|decade|century|time)\b"
        r"|\bhow\s+long\s+ago\b"
    ),
    "number": re.compile(
        r"\bhow\s+(?:many|much|far|long|old|big|large|fast|tall|high|heavy|often|deep|wide)\b"
        r"|\bwhat\s+(?:percentage|percent|proportion|share|number|amount|size|price|cost)\b"
    ),
    "person": re.compile(r"\bwho(?:m|se)?\b"),
    "place": re.compile(r"\bwhere\b|\b(?:what|which)\s+(?:city|country|state|place|town)\b"),
}
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_NAME = re.compile(r"(?<=\S\s)(?!I\b)[A-Z][a-z]")
_HOLDS = {
    "date": re.compile(
        rf"\b(?:1\d{{3}}|20\d\d)s?\b|\b(?:{_MONTHS})\b|\b\d{{1,2}}(?:st|nd|th)\b"
        rf"|\b(?:{MONTH_ABBREVIATIONS})\.?\s+\d{{1,2}}\b|\b(?:{WEEKDAYS})\b"
        r"|\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.)|\b(?:noon|midnight)\b"
    ),
    "number": re.compile(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
        r"thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|double|twice)\b",
        re.IGNORECASE,
    ),
    # A capitalised word after the sentence's first: a name of someone or somewhere.
    "person": _NAME,
    "place": _NAME,
}


def asked_types(question: str) -> frozenset[str]:
    """The kinds of thing a question asks for ("date" for "when ..."), from its wording: a
    measure (`measures`) in place of any number ("money" for "how much did it cost")."""
    text = question.casefold()
    asked = frozenset(kind for kind, pattern in _ASKS.items() if pattern.search(text))
    measures = asked_measures(text)
    return (asked - {"number"}) | measures if measures else asked


@lru_cache(maxsize=65536)
def held_types(sentence: str) -> frozenset[str]:
    """The kinds of thing the sentence holds: a date or time, a number, a name, a measure."""
    held = frozenset(kind for kind, pattern in _HOLDS.items() if pattern.search(sentence))
    return held | stated_measures(sentence)


@dataclass(frozen=True)
class QuestionWeights:
    """A question's terms as one pack read them, with both kinds of weight."""

    general: dict[str, float]
    pack: dict[str, float]
    general_total: float
    pack_total: float
    unknown_general: float
    bm25: dict[str, float]
    bm25_total: float
    meaning: WeighedWords


# A term that stands for a phrase: a subject is a name, a concept an everyday idea.
_SUBJECT_WEIGHT, _CONCEPT_WEIGHT = 1.0, 0.5


def _general_weights(query: Query) -> dict[str, float]:
    """Each distinct term's weight in English at large: a stem weighs what the rarest word
    it came from weighs; a subject or concept weighs a constant."""
    by_stem: dict[str, float] = {}
    for word, word_stem in query.spelled:
        by_stem[word_stem] = max(by_stem.get(word_stem, 0.0), general_weight(word))
    weights: dict[str, float] = {}
    for term in query.terms:
        if term.startswith("@"):
            weights[term] = _SUBJECT_WEIGHT
        elif term.startswith("~"):
            weights[term] = _CONCEPT_WEIGHT
        else:
            weights[term] = by_stem.get(term, 1.0)
    return weights


def question_weights(index: FactIndex, query: Query, pack_number: int) -> QuestionWeights:
    """Weigh the question's terms for one pack: once per question and pack, not per fact."""
    general = _general_weights(query)
    pack = {term: index.weight(term, pack_number, rare=term in query.rare) for term in general}
    general_total = sum(general.values()) or 1.0
    unknown = sum(w for t, w in general.items() if not index.knows(t, pack_number))
    frequency, count, _ = index.sentence_statistics[pack_number]
    bm25 = {
        term: math.log(1 + (count - frequency[term] + 0.5) / (frequency[term] + 0.5))
        for term in general
    }
    return QuestionWeights(
        general=general,
        pack=pack,
        general_total=general_total,
        pack_total=sum(pack.values()) or 1.0,
        unknown_general=unknown / general_total,
        bm25=bm25,
        bm25_total=sum(bm25.values()) or 1.0,
        meaning=weighed_words(_words_that_say(query)),
    )


def _words_that_say(query: Query) -> list[tuple[str, float]]:
    """The question's words as spelled (typos corrected), with their weights in English:
    not the words that say nothing of the article ("what", "exactly", "lol")."""
    return [
        (word, general_weight(word))
        for word, _ in query.spelled
        if word not in STOPWORDS and word not in NOISE
    ]


def features(
    index: FactIndex,
    weights: QuestionWeights,
    asked: frozenset[str],
    entry: IndexedFact,
    engine_score: float,
    best_engine_score: float,
    question_vector: np.ndarray,
) -> list[float]:
    """The values of FEATURES for one candidate fact, in that order. `best_engine_score` is
    the lexical score of the question's best candidate: how far behind it this one is says
    what the pack's own phrasings and vocabulary think of it."""
    quoted = [term for term in entry.quoted if term in weights.general]
    strong = [term for term in weights.general if term in entry.strong]
    length = len(entry.quoted) / max(1.0, index.sentence_statistics[entry.pack_number][2])
    saturation = (_BM25_K1 + 1) / (1 + _BM25_K1 * (1 - _BM25_B + _BM25_B * length))
    bm25 = sum(weights.bm25[t] for t in quoted) * saturation / (_BM25_K1 + 1)
    held = frozenset().union(*(held_types(sentence) for sentence in entry.fact.sources))
    held |= {"number"} if entry.fact.kind in _NUMBER_KINDS else frozenset()
    held |= {KIND_MEASURES[entry.fact.kind]} if entry.fact.kind in KIND_MEASURES else frozenset()
    return [
        min(1.5, max(-0.5, engine_score)),
        sum(weights.general[t] for t in quoted) / weights.general_total,
        sum(weights.pack[t] for t in quoted) / weights.pack_total,
        sum(weights.pack[t] for t in strong) / weights.pack_total,
        bm25 / weights.bm25_total,
        weights.unknown_general,
        float(bool(asked & held)),
        float(bool(asked) and not asked & held),
        math.log1p(len(weights.general)),
        max(-1.0, engine_score - best_engine_score),
        similarity(question_vector, entry.fact.sources),
        bm25 / 10,
        soft_cover(weights.meaning, [*entry.fact.sources, *entry.fact.all_questions]),
    ]


# A fact's kind that is a figure, whatever the sentence looks like.
_NUMBER_KINDS = frozenset({"money", "amount", "count", "distance", "duration", "share", "speed"})
