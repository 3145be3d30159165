"""A lexical answer on one everyday word of the question's stands only where the fitted
scorer gives the same fact (`bot/engine/thin.py`)."""

from __future__ import annotations

import pytest

from bot.engine import Engine


@pytest.mark.parametrize(
    "message",
    [
        "What kind of information do you have access to?",  # "kind": the battery varieties
        "feeling ok today?",  # "today": the cost against today's bZ4X
        "what does wltp stand for",  # "stand for": what METI stands for
    ],
)
def test_one_everyday_word_in_common_is_no_answer(engine: Engine, message: str) -> None:
    assert not engine.ask(message).answered
    # The lexical scorer alone still answers them: the rule is the combined scorer's.
    lexical = Engine(engine.packs, scorer="lexical")
    assert lexical.ask(message).answered


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("wen performance battery", "performance-release"),  # a subject is what it asks
        ("cheaper than what exactly?", "cost-reduction"),  # the fitted scorer agrees
    ],
)
def test_a_subject_or_the_fitted_scorers_agreement_keeps_the_answer(
    engine: Engine, question: str, fact_id: str
) -> None:
    assert engine.ask(question).fact_id == fact_id


def test_a_number_in_common_is_not_thin(engine: Engine) -> None:
    # "800" is the Performance battery's 800 km: a value, not an everyday word.
    answer = engine.ask("and 800?", after="popularization-range")
    assert answer.fact_id == "performance-range"


def test_the_declined_answer_offers_its_fact_first(engine: Engine) -> None:
    answer = engine.ask("What kind of information do you have access to?")
    assert answer.suggestions
    assert answer.suggestions[0].fact_id == "battery-roadmap"
