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
SECOND = NEAR_MISSES.parent / "near_misses2"


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
    # "how much is the us spending": "us" reads as the everyday word.
    assert len(answered) <= 1, answered
    labelled = 0
    shown = 0
    for row, answer in zip(rows, answers, strict=True):
        if answer.nearby is None:
            continue
        shown += 1
        assert answer.nearby.named, answer.question
        labelled += answer.nearby.fact_id in row["nearby"]  # type: ignore[operator]
    assert shown >= 15
    # The fact shown is one the tester labelled as nearby for 13 of the 15.
    assert labelled >= 13


def test_the_second_set_measured_once(toyota_pack: Pack, engine: Engine) -> None:
    """near_misses2/: 30 near misses and 15 questions with a name that the article does
    answer (controls), written blind; measured once after 2026-12-04's rules: none of the
    30 answered, 23 declined with a nearby fact (18 of them one the writer labelled), the
    15 controls answered right."""
    lines = (SECOND / "near_misses.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    raw = (SECOND / "raw.txt").read_text(encoding="utf-8").splitlines()
    assert [row["q"] for row in rows] == [line for line in raw if line.strip() != "---"]
    ids = {fact.id for fact in toyota_pack.facts}
    shown = labelled = controls = 0
    for row in rows:
        answer = engine.ask(row["q"])
        if row.get("answerable"):
            assert set(row["facts"]) <= ids
            controls += answer.fact_id in row["facts"]
            continue
        assert set(row["nearby"]) <= ids
        assert row["other"] in row["q"]
        assert not answer.answered, row["q"]
        if answer.nearby is not None:
            shown += 1
            labelled += answer.nearby.fact_id in row["nearby"]
    assert controls == 15
    assert shown >= 23
    assert labelled >= 18
