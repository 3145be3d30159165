"""Autocomplete choices for `/ask` and `/facts show`, within Discord's limits."""

from __future__ import annotations

import weakref

from discord import app_commands

from bot.engine import Engine
from bot.text import clip

CHOICE_COUNT_LIMIT = 25
CHOICE_TEXT_LIMIT = 100


def fit_choice(text: str) -> str:
    """The text as a choice's name or value; a long question is found again by this text."""
    return clip(text, CHOICE_TEXT_LIMIT)


def question_choices(engine: Engine, current: str) -> list[app_commands.Choice[str]]:
    """For `/ask`: the questions closest to what is typed; picking one sends its text."""
    found = engine.complete(current, CHOICE_COUNT_LIMIT)
    return [
        app_commands.Choice(name=fit_choice(s.question), value=fit_choice(s.question))
        for s in found
    ]


def fact_choices(engine: Engine, current: str) -> list[app_commands.Choice[str]]:
    """For `/facts show` and the staff commands: a choice's value is the fact's id."""
    found = engine.complete(current, CHOICE_COUNT_LIMIT)
    return [app_commands.Choice(name=fit_choice(s.question), value=s.fact_id) for s in found]


_picked: weakref.WeakKeyDictionary[Engine, dict[str, str]] = weakref.WeakKeyDictionary()


def picked_fact(engine: Engine, text: str) -> str | None:
    """The fact whose question this is exactly (as a picked `/ask` choice is), else None."""
    by_text = _picked.get(engine)
    if by_text is None:
        by_text = {}
        for fact in engine.facts():
            by_text.setdefault(fit_choice(fact.question).casefold(), fact.id)
        _picked[engine] = by_text
    return by_text.get(text.strip().casefold())
