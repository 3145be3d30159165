"""The Toyota pack on chat questions written by a tester before the scorer work began
(tests/data/heldout/toyota_chat.jsonl), never used to tune anything.

The floor is where the shipped engine stands, so that it can only rise; the issue's aim (95%
right, 2% wrong, 95% of must-decline questions declined) is not met yet: see the README's
held-out figures.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine import Engine
from bot.engine.normalize import clean
from bot.knowledge import Pack

HELDOUT_CHAT = Path(__file__).parent.parent / "data" / "heldout" / "toyota_chat.jsonl"


def _questions() -> list[tuple[str, tuple[str, ...]]]:
    rows = [json.loads(line) for line in HELDOUT_CHAT.read_text(encoding="utf-8").splitlines()]
    return [(row["q"], tuple(row["expect"])) for row in rows]


def test_the_heldout_set_is_big_enough_and_labelled_with_real_facts(toyota_pack: Pack) -> None:
    questions = _questions()
    assert len(questions) >= 80
    assert sum(not expect for _, expect in questions) >= 15
    known = {fact.id for fact in toyota_pack.facts}
    assert {fact_id for _, expect in questions for fact_id in expect} <= known
    assert len({clean(q) for q, _ in questions}) == len(questions)


def test_answer_quality_on_heldout_chat(engine: Engine, toyota_pack: Pack) -> None:
    questions = _questions()
    answerable = [(q, e) for q, e in questions if e]
    must_decline = [q for q, e in questions if not e]
    right = wrong = 0
    for question, expect in answerable:
        answer = engine.ask(question)
        assert all(sentence in toyota_pack.article_text for sentence in answer.sources)
        right += answer.fact_id in expect
        wrong += answer.answered and answer.fact_id not in expect
    declined = sum(not engine.ask(question).answered for question in must_decline)
    assert right / len(answerable) >= 0.72
    assert wrong / len(answerable) <= 0.05
    assert declined / len(must_decline) >= 0.94
