"""The held-out near-miss set (tests/data/heldout/near_misses/, written blind by a tester):
questions about someone the article does not tie to the fact they read close to. A careful
bot declines every one, and shows what the article does say nearby. The floors are the
figures measured when the rule of answered questions (`near_miss.subjects_of_verbs`) was
chosen on the chat sets, before this set was read question by question."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine import Engine
from bot.knowledge import Pack

NEAR_MISSES = Path(__file__).parent.parent / "data" / "heldout" / "near_misses"


def _rows() -> list[dict[str, object]]:
    lines = (NEAR_MISSES / "near_misses.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_set_is_labelled_with_real_facts_and_its_raw_questions(toyota_pack: Pack) -> None:
    rows = _rows()
    raw = (NEAR_MISSES / "near_misses_raw.txt").read_text(encoding="utf-8").splitlines()
    assert [row["q"] for row in rows] == [line for line in raw if line.strip()]
    assert len(rows) >= 30
    ids = {fact.id for fact in toyota_pack.facts}
    for row in rows:
        nearby = row["nearby"]
        assert isinstance(nearby, list)
        assert nearby, row
        assert set(nearby) <= ids, row


def test_near_misses_are_declined_with_a_nearby_fact(engine: Engine) -> None:
    rows = _rows()
    answers = [engine.ask(str(row["q"])) for row in rows]
    answered = [answer.question for answer in answers if answer.answered]
    # 2 of 30 are still answered as if the article said it of them.
    assert len(answered) <= 2, answered
    labelled = 0
    shown = 0
    for row, answer in zip(rows, answers, strict=True):
        if answer.nearby is None:
            continue
        shown += 1
        assert answer.nearby.named, answer.question
        labelled += answer.nearby.fact_id in row["nearby"]  # type: ignore[operator]
    assert shown >= 14
    # The fact shown is one the tester labelled as nearby for 12 of the 14.
    assert labelled >= 12
