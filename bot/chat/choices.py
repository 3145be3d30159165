"""Autocomplete choices for `/ask` and `/facts show`, within Discord's limits."""

from __future__ import annotations

from discord import app_commands

from bot.engine import Engine
from bot.service.picking import fit_choice

CHOICE_COUNT_LIMIT = 25


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
