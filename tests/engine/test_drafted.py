"""Where neither scorer answers, a draft's suggestions come in the fitted scorer's order; a
reviewed pack's in the lexical score's, whose phrasings a person wrote (`drafted.py`)."""

from __future__ import annotations

import pytest

from benchmarks.drafts import drafted_pack
from bot.engine import Engine
from bot.engine.drafted import drafted
from bot.engine.fitted import judge
from bot.engine.thin import thinly_matched
from bot.knowledge import Pack
from tests.conftest import load_dev_questions


@pytest.fixture(scope="module")
def draft(toyota_pack: Pack) -> Pack:
    pack = drafted_pack(toyota_pack.article_text, toyota_pack.pack.title)
    assert pack is not None
    return pack


def _declined(engine: Engine) -> list[tuple[str, list[str]]]:
    """The dev questions the engine declines as questions (no near miss, no small talk),
    each with the facts it suggests."""
    found = []
    for item in load_dev_questions():
        answer = engine.ask(item.question)
        if not answer.answered and not answer.nearby and not answer.intent:
            found.append((item.question, [s.fact_id for s in answer.suggestions]))
    return found


def _fitted_order(engine: Engine, question: str) -> list[str]:
    assert engine.model is not None
    judged, _ = judge(engine.model, engine.candidates(question))
    floor, most = engine.thresholds.fitted_suggest, engine.thresholds.max_suggestions
    return [item.entry.fact.id for item in judged if item.score >= floor][:most]


def test_which_packs_are_drafts(draft: Pack, toyota_pack: Pack) -> None:
    assert drafted(draft)
    assert not drafted(toyota_pack)
    staff = draft.model_copy(update={"pack": draft.pack.model_copy(update={"staff_added": True})})
    assert not drafted(staff)


def test_a_drafts_suggestions_come_in_the_fitted_order(draft: Pack) -> None:
    engine = Engine([draft])
    lexical = Engine([draft], scorer="lexical")
    declined = _declined(engine)
    assert len(declined) >= 20
    for question, suggested in declined:
        assert suggested == _fitted_order(engine, question), question
    # Not the lexical order again: the two differ on many of these questions.
    differ = [q for q, suggested in declined if suggested[:1] != _lexical_first(lexical, q)]
    assert len(differ) >= 5


def test_a_reviewed_packs_suggestions_keep_the_lexical_order(toyota_pack: Pack) -> None:
    engine = Engine([toyota_pack])
    lexical = Engine([toyota_pack], scorer="lexical")
    # Where the lexical score answers on thin evidence and is declined, its fact comes first
    # (`thin.py`); here, only where it declines too, offering something (where it offers
    # nothing, the fitted scorer's closest are offered: `test_nearest.py`).
    declined = [
        (q, s)
        for q, s in _declined(engine)
        if not (alone := lexical.ask(q)).answered and alone.suggestions
    ]
    assert len(declined) >= 20
    for question, suggested in declined:
        assert suggested == [s.fact_id for s in lexical.ask(question).suggestions], question


def _lexical_first(engine: Engine, question: str) -> list[str]:
    return [s.fact_id for s in engine.ask(question).suggestions][:1]


def test_a_drafts_lexical_answer_stands_only_where_the_fitted_scorer_reads_its_sentence(
    draft: Pack,
) -> None:
    engine = Engine([draft])
    lexical = Engine([draft], scorer="lexical")
    assert engine.model is not None
    sure = engine.thresholds.draft_sure
    doubted = kept = 0
    for item in load_dev_questions():
        alone = lexical.ask(item.question)
        if not alone.answered or alone.nearby or alone.confidence >= sure:
            continue
        answer = engine.ask(item.question)
        judged, _ = judge(engine.model, engine.candidates(item.question))
        fitted_sources = set(judged[0].entry.fact.sources)
        entry = engine.index.by_id[alone.fact_id or ""]
        if thinly_matched(engine._read(item.question)[entry.pack_number], entry):
            continue  # thin evidence needs the fitted scorer's answer (`thin.py`)
        if fitted_sources == set(alone.sources):
            kept += 1
            assert answer.fact_id == alone.fact_id, item.question
        elif answer.fact_id != alone.fact_id:
            doubted += 1
            # Declined, or answered from the sentence the fitted scorer reads.
            assert not answer.answered or set(answer.sources) == fitted_sources, item.question
    assert doubted >= 10
    assert kept >= 10


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("when did toyota first publish its ev battery plan?", "roadmap-disclosed"),
        ("which countries lead ev battery making", "market-leaders"),
    ],
)
def test_a_reviewed_packs_lexical_answer_is_not_doubted(
    toyota_pack: Pack, question: str, fact_id: str
) -> None:
    engine = Engine([toyota_pack])
    alone = Engine([toyota_pack], scorer="lexical").ask(question)
    assert engine.model is not None
    # On a draft this answer would be doubted: short of sure, and the fitted scorer's first
    # candidate quotes another sentence.
    assert alone.fact_id == fact_id
    assert alone.confidence < engine.thresholds.draft_sure
    judged, _ = judge(engine.model, engine.candidates(question))
    assert set(judged[0].entry.fact.sources).isdisjoint(alone.sources)
    assert engine.ask(question).fact_id == fact_id


def _ministry_name(draft: Pack) -> str:
    return next(f.id for f in draft.facts if "ministry" in f.id and f.id.endswith("-name"))


def test_a_phrasing_a_server_taught_for_a_draft_fact_is_not_doubted(draft: Pack) -> None:
    fact_id = _ministry_name(draft)
    server = Engine([draft]).for_server(
        frozenset(), {fact_id: ["which agency gave the nod"]}, None, None
    )
    question = "agency that gave the nod for toyota's batteries in japan"
    assert server.model is not None
    judged, _ = judge(server.model, server.candidates(question))
    fact = server.fact(fact_id)
    assert fact is not None
    assert set(judged[0].entry.fact.sources).isdisjoint(fact.sources)  # it would be doubted
    assert server.ask(question).fact_id == fact_id


def test_a_fitted_first_that_quotes_one_of_the_answers_sentences_agrees(
    draft: Pack, toyota_pack: Pack
) -> None:
    # The reviewed fact quotes five sentences, the draft's one of them: no disagreement.
    engine = Engine([toyota_pack, draft])
    answer = engine.ask("what's METI")
    assert engine.model is not None
    judged, _ = judge(engine.model, engine.candidates("what's METI"))
    assert answer.answered
    assert not set(judged[0].entry.fact.sources).isdisjoint(answer.sources)
