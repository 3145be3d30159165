"""The Toyota pack on chat questions written by testers from the article alone: the first
set (tests/data/heldout/toyota_chat.jsonl, written before the scorer work began; a
validation set since its misses were read), `fresh/`, `third/` and `fourth/` (written blind
on 2026-12-04 and measured once, after that day's changes: 72.9% right, 4.7% wrong, 94.3%
of must-decline questions declined; 75.3%, 3.5% and 94.3% after a bug fix chosen on other
sets, pack phrases holding a chat-noise word); 74.1%, 3.5%, 94.3% since the fitted scorer
reads word by word (2026-12-04 night: SQuAD validation top-1 80.4% -> 82.0%, one question
of this set lost). 2026-12-06: a measure no fact states is declined ("how heavy"), chosen
on the first set (must-decline declined 92.1% -> 97.4%); `fresh/` rose from 80.6% to 83.9%
declined, its right answers at 80.8% again after a refit (79.5% in between).
The floors are where the shipped engine stands, so that figures can only rise; the issue's
aim (95% right, 2% wrong, 95% of must-decline questions declined) is not met yet: see the
README's held-out figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.normalize import clean
from bot.knowledge import Pack

HELDOUT = Path(__file__).parent.parent / "data" / "heldout"
HELDOUT_CHAT = HELDOUT / "toyota_chat.jsonl"
# Each set, and its floors: right and wrong of the answerable, must-decline declined.
SETS = {
    "first": (HELDOUT_CHAT, 0.77, 0.04, 0.97),
    "fresh": (HELDOUT / "fresh" / "toyota_chat.jsonl", 0.80, 0.09, 0.83),
    "third": (HELDOUT / "third" / "toyota_chat.jsonl", 0.75, 0.055, 0.88),
    "fourth": (HELDOUT / "fourth" / "toyota_chat.jsonl", 0.74, 0.04, 0.94),
    # Written blind on 2026-12-06 after that day's changes, measured once as they stand.
    "fifth": (HELDOUT / "fifth" / "toyota_chat.jsonl", 0.76, 0.065, 0.79),
}


def _questions(path: Path = HELDOUT_CHAT) -> list[tuple[str, tuple[str, ...]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(row["q"], tuple(row["expect"])) for row in rows]


@pytest.mark.parametrize("name", ["first", "fourth", "fifth"])
def test_the_heldout_set_is_big_enough_and_labelled_with_real_facts(
    toyota_pack: Pack, name: str
) -> None:
    questions = _questions(SETS[name][0])
    assert len(questions) >= 80
    assert sum(not expect for _, expect in questions) >= 15
    known = {fact.id for fact in toyota_pack.facts}
    assert {fact_id for _, expect in questions for fact_id in expect} <= known
    assert len({clean(q) for q, _ in questions}) == len(questions)


@pytest.mark.parametrize("name", SETS)
def test_answer_quality_on_heldout_chat(engine: Engine, toyota_pack: Pack, name: str) -> None:
    path, least_right, most_wrong, least_declined = SETS[name]
    questions = _questions(path)
    answerable = [(q, e) for q, e in questions if e]
    must_decline = [q for q, e in questions if not e]
    right = wrong = 0
    for question, expect in answerable:
        answer = engine.ask(question)
        assert all(sentence in toyota_pack.article_text for sentence in answer.sources)
        right += answer.fact_id in expect
        wrong += answer.answered and answer.fact_id not in expect
    declined = sum(not engine.ask(question).answered for question in must_decline)
    assert right / len(answerable) >= least_right
    assert wrong / len(answerable) <= most_wrong
    assert declined / len(must_decline) >= least_declined
