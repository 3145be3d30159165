"""Autocomplete: the right questions for partial and misspelt input, within Discord's limits."""

from __future__ import annotations

import pytest

from bot.chat.choices import fact_choices, question_choices
from bot.engine import Engine
from bot.service.picking import picked_fact

# Discord's limits for autocomplete, written out here rather than imported from the code.
DISCORD_MAX_CHOICES = 25
DISCORD_MAX_CHOICE_TEXT = 100


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
def test_the_intended_question_comes_first(engine: Engine, typed: str, fact_id: str) -> None:
    offered = question_choices(engine, typed)
    assert offered, typed
    assert picked_fact(engine, offered[0].value) == fact_id


def test_nothing_typed_offers_known_questions_up_to_the_limit(engine: Engine) -> None:
    assert engine.fact_count > DISCORD_MAX_CHOICES
    offered = question_choices(engine, "")
    assert len(offered) == DISCORD_MAX_CHOICES
    assert all(picked_fact(engine, choice.value) for choice in offered)


@pytest.mark.parametrize("typed", ["", "solid", "battery", "a" * 6000, "\u200b\u202e@everyone"])
def test_choices_stay_within_discord_limits(engine: Engine, typed: str) -> None:
    for found in (question_choices(engine, typed), fact_choices(engine, typed)):
        assert len(found) <= DISCORD_MAX_CHOICES
        for choice in found:
            assert 1 <= len(choice.name) <= DISCORD_MAX_CHOICE_TEXT
            assert 1 <= len(str(choice.value)) <= DISCORD_MAX_CHOICE_TEXT


def test_fact_choices_carry_the_fact_id(engine: Engine) -> None:
    assert fact_choices(engine, "who owns primeearth")[0].value == "primeearth-ownership"


def test_free_text_is_not_mistaken_for_a_pick(engine: Engine) -> None:
    assert picked_fact(engine, "when is solid-state due?") is None
    assert picked_fact(engine, "when will solid-state batteries be released?") == (
        "solid-state-release"
    )
