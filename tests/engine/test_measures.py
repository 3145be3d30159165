"""A question on a measure (a price, a share, a weight, a length, a time taken) is answered
only by a fact that states that measure (`bot/engine/measures.py`)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.evidence import asked_types, held_types
from bot.engine.measures import asked_measures, stated_measures


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how much did the bridge cost", "money"),
        ("what's the bZ4X's price", "money"),
        ("what\u2019s the price", "money"),
        ("how expensive is it", "money"),
        ("what percentage of voters turned out", "percent"),
        ("what % does it charge to", "percent"),
        ("how heavy is the battery", "weight"),
        ("how far can it go", "length"),
        ("how far off target did it come down", "length"),
        ("how long does it take to charge", "duration"),
        ("how many years did he reign", "duration"),
        ("do adults give more weight to rewards", None),
        ("what causes the temperature to decrease", None),
        ("how many time can it be used", None),
        ("how hot does the core get", "temperature"),
        # Words of a measure that ask for none.
        ("what cost reductions are there", None),
        ("whats the point of toyota owning primeearth 100%", None),
        ("how much cheaper are they", None),
        ("whats the price", "money"),
        ("what was the price increase", None),
        ("how far did the stock fall", None),
        ("how far behind schedule is it", None),
        ("how many GWh a year", None),
        ("when is it due", None),
    ],
)
def test_the_measure_a_question_asks(question: str, measure: str | None) -> None:
    assert asked_measures(question) == ({measure} if measure else set())


@pytest.mark.parametrize("question", ["how long is the Nile", "how long r the dockers out for"])
def test_how_long_is_a_length_or_a_time(question: str) -> None:
    assert asked_measures(question) == {"length", "duration"}


def test_a_change_in_a_price_may_be_a_share() -> None:
    assert asked_measures("how much did calloway raise prices") == {"money", "percent"}
    assert stated_measures("prices rose 12%") == {"percent"}


def test_a_measure_asked_stands_for_any_number() -> None:
    assert asked_types("how much did it cost") == {"money"}
    assert asked_types("how many GWh a year") == {"number"}
    assert asked_types("when, and how much did it cost") == {"date", "money"}


@pytest.mark.parametrize(
    "sentence",
    ["will be sworn in on Jan. 6.", "lifted off at 6:42 a.m. local time", "said on Tuesday"],
)
def test_a_day_or_a_time_of_day_answers_when(sentence: str) -> None:
    assert "date" in held_types(sentence)


def test_a_figure_with_no_day_or_time_does_not_answer_when() -> None:
    assert "date" not in held_types("Net income fell 18% to $46.3 million.")


@pytest.mark.parametrize(
    ("sentence", "measures"),
    [
        ("investing $7 billion (1 trillion yen)", {"money"}),
        ("a 620-mile (1,000 km) range", {"length"}),
        ("rapid charging in 20 minutes", {"duration"}),
        ("turnout was 61%", {"percent"}),
        ("it weighs 300 kg", {"weight"}),
        ("an annual production of 9 GWh", set()),
        ("highs of at least 112 F", {"temperature"}),
        ("the warning is in effect through Tuesday", {"duration"}),
    ],
)
def test_the_measures_a_sentence_states(sentence: str, measures: set[str]) -> None:
    assert stated_measures(sentence) == measures


@pytest.mark.parametrize(
    "question",
    [
        "how heavy are toyotas solid state batteries",
        "what % does it charge to in 10 mins",
        "what's the bZ4X's price",
    ],
)
def test_a_measure_no_sentence_states_is_declined_with_the_close_fact_offered(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.suggestions, "the fact it came close to is offered"
    # Without the check each would be answered: its best fact scores over the threshold.
    best = engine.rank(question, limit=1)
    assert best
    assert best[0].score >= engine.thresholds.answer
    assert answer.suggestions[0].fact_id == best[0].entry.fact.id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("how far can the solid state battery go", "solid-state-range"),
        ("how long does the high performance battery take to charge", "high-performance-charging"),
        ("how much is toyota investing", "battery-investment"),
    ],
)
def test_a_fact_that_states_the_measure_still_answers(
    engine: Engine, question: str, fact_id: str
) -> None:
    assert engine.ask(question).fact_id == fact_id
