"""Autocomplete: the right questions for partial and misspelt input, within Discord's limits."""

from __future__ import annotations

import pytest

from bot.chat.choices import CHOICE_COUNT_LIMIT, CHOICE_TEXT_LIMIT, Choices
from bot.engine import Engine


@pytest.fixture(scope="module")
def choices(engine: Engine) -> Choices:
    return Choices(engine)


@pytest.mark.parametrize(
    ("typed", "fact_id"),
    [
        ("when is sol", "solid-state-release"),
        ("whn wil solid-stat batteries com out", "solid-state-release"),
        ("range of perfomance", "performance-range"),
        ("primeearth own", "primeearth-ownership"),
        ("how fast does the hi performance charge", "high-performance-charging"),
    ],
)
def test_the_intended_question_comes_first(choices: Choices, typed: str, fact_id: str) -> None:
    offered = choices.questions(typed)
    assert offered, typed
    assert choices.fact_for(offered[0].value) == fact_id


def test_nothing_typed_offers_known_questions_up_to_the_limit(
    choices: Choices, engine: Engine
) -> None:
    offered = choices.questions("")
    assert len(offered) == min(CHOICE_COUNT_LIMIT, engine.fact_count)
    assert all(choices.fact_for(choice.value) for choice in offered)


@pytest.mark.parametrize("typed", ["solid", "battery", "a" * 6000, "\u200b\u202e@everyone"])
def test_choices_stay_within_discord_limits(choices: Choices, typed: str) -> None:
    for found in (choices.questions(typed), choices.facts(typed)):
        assert len(found) <= CHOICE_COUNT_LIMIT
        for choice in found:
            assert 1 <= len(choice.name) <= CHOICE_TEXT_LIMIT
            assert 1 <= len(str(choice.value)) <= CHOICE_TEXT_LIMIT


def test_fact_choices_carry_the_fact_id(choices: Choices) -> None:
    assert choices.facts("who owns primeearth")[0].value == "primeearth-ownership"


def test_free_text_is_not_mistaken_for_a_pick(choices: Choices) -> None:
    assert choices.fact_for("when is solid-state due?") is None
    assert choices.fact_for("when will solid-state batteries be released?") == (
        "solid-state-release"
    )
