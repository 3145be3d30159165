"""A lexical answer on thin evidence: one word of the question's, and no subject of it.

"What kind of information do you have access to?" matched the battery varieties on "kind"
alone, "feeling ok today?" the cost comparison with today's bZ4X on "today", "what does WLTP
stand for" the ministry's acronym on "stand for": one everyday word or phrase that a fact
shares is little to answer on. Such an answer stands only where the fitted scorer, which
weighs the whole question and the sentence's meaning, gives the same fact. A subject is
not thin ("wen performance battery": the Performance battery is what it asks about), nor
is a number or a word that is not everyday English, nor a question that asks for the kind
of answer the fact gives.
"""

from __future__ import annotations

from bot.engine.analyzer import Query
from bot.engine.answer import Answer, Suggestion
from bot.engine.index import IndexedFact


def thinly_matched(query: Query, entry: IndexedFact) -> bool:
    """Whether the question shares at most one term with the fact, and that an everyday
    word or phrase: no subject, number or rare word ("and 800?" of the 800 km range); and
    does not ask for the fact's kind of answer ("who designed the library" of a designer)."""
    shared = [term for term in query.terms if term in entry.terms]
    telling = [t for t in shared if t.startswith("@") or t.isdigit() or t in query.rare]
    return len(shared) <= 1 and not telling and entry.fact.kind not in query.kinds


def declined_as_thin(answer: Answer, entry: IndexedFact) -> Answer:
    """The answer turned into a decline that offers its fact's question first."""
    offered = Suggestion(fact_id=entry.fact.id, question=entry.fact.question)
    return Answer(
        question=answer.question,
        answered=False,
        confidence=answer.confidence,
        suggestions=[offered, *answer.suggestions],
    )
