"""Autocomplete choices for `/ask` and `/facts show`, within Discord's limits."""

from __future__ import annotations

from discord import app_commands

from bot.engine import Engine

CHOICE_COUNT_LIMIT = 25
CHOICE_TEXT_LIMIT = 100


def _fit(text: str) -> str:
    return text if len(text) <= CHOICE_TEXT_LIMIT else text[: CHOICE_TEXT_LIMIT - 1] + "\u2026"


class Choices:
    """Known questions as choices, and the fact behind a picked one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # A picked /ask choice comes back as its text; map it to its fact.
        self._fact_by_text: dict[str, str] = {}
        for entry in engine.index.facts:
            self._fact_by_text.setdefault(_fit(entry.fact.question).casefold(), entry.fact.id)

    def questions(self, current: str) -> list[app_commands.Choice[str]]:
        """For `/ask`: the questions closest to what is typed; picking one sends its text."""
        found = self.engine.complete(current, CHOICE_COUNT_LIMIT)
        return [app_commands.Choice(name=_fit(s.question), value=_fit(s.question)) for s in found]

    def facts(self, current: str) -> list[app_commands.Choice[str]]:
        """For `/facts show`: the same search, but a choice's value is the fact's id."""
        found = self.engine.complete(current, CHOICE_COUNT_LIMIT)
        return [app_commands.Choice(name=_fit(s.question), value=s.fact_id) for s in found]

    def fact_for(self, text: str) -> str | None:
        """The fact whose question this is exactly (as a picked choice is), else None."""
        return self._fact_by_text.get(text.strip().casefold())
