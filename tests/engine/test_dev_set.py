"""The quality gate: the engine against the development question set.

The questions were written from the article and the fact ids before any tuning, by someone
who had not seen the facts' phrasings.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.normalize import clean
from bot.knowledge import Pack
from tests.conftest import load_dev_questions


def test_the_dev_set_is_big_and_well_formed(toyota_pack: Pack) -> None:
    questions = load_dev_questions()
    answerable = [q for q in questions if not q.must_decline]
    assert len(answerable) >= 150
    assert len(questions) - len(answerable) >= 40
    known = {fact.id for fact in toyota_pack.facts}
    assert {fact_id for q in answerable for fact_id in q.expect} <= known
    assert len({clean(q.question) for q in questions}) == len(questions)


def test_the_dev_set_does_not_copy_the_facts_phrasings(toyota_pack: Pack) -> None:
    """Its writer saw only the canonical questions; no alternate phrasing may appear in it."""
    phrasings = {clean(text) for fact in toyota_pack.facts for text in fact.phrasings}
    canonical = {clean(fact.question) for fact in toyota_pack.facts}
    questions = load_dev_questions()
    assert [q.question for q in questions if clean(q.question) in phrasings] == []
    assert sum(clean(q.question) in canonical for q in questions) <= len(questions) // 10


def test_answer_quality_on_the_dev_set(engine: Engine, toyota_pack: Pack) -> None:
    questions = load_dev_questions()
    correct = wrong = declined = 0
    answerable = [q for q in questions if not q.must_decline]
    must_decline = [q for q in questions if q.must_decline]
    mistakes: list[str] = []
    for item in answerable:
        answer = engine.ask(item.question)
        assert all(sentence in toyota_pack.article_text for sentence in answer.sources)
        if answer.fact_id in item.expect:
            correct += 1
        elif answer.answered:
            wrong += 1
            mistakes.append(f"{item.question!r} -> {answer.fact_id}, expected {item.expect}")
    for item in must_decline:
        answer = engine.ask(item.question)
        if not answer.answered:
            declined += 1
        else:
            mistakes.append(f"{item.question!r} -> {answer.fact_id}, expected a decline")
    report = "\n".join(mistakes)
    assert correct / len(answerable) >= 0.95, report
    assert wrong / len(answerable) <= 0.02, report
    assert declined / len(must_decline) >= 0.90, report
