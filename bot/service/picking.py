"""Which fact a user means: a question picked from autocomplete, or typed in a fact option.

Autocomplete choices are at most `CHOICE_TEXT_LIMIT` characters (Discord's limit), so a long
question comes back clipped and is found again by its clipped text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.engine import Engine
from bot.knowledge import Fact
from bot.storage import ServerFact
from bot.text import clip

CHOICE_TEXT_LIMIT = 100


def fit_choice(text: str) -> str:
    """The text as a choice's name or value; a long question is found again by this text."""
    return clip(text, CHOICE_TEXT_LIMIT)


def _as_chosen(question: str) -> str:
    """A question as its choice comes back, in any case."""
    return fit_choice(question).casefold()


def picked_fact(engine: Engine, text: str) -> str | None:
    """The fact whose question this is exactly (as a picked `/ask` choice is), else None."""
    return engine.fact_asked_as(text.strip().casefold(), _as_chosen)


def find_fact(engine: Engine, typed: str, max_length: int) -> str | None:
    """The fact a user means in a fact option: a picked id, an exact question, or the fact
    that answers what was typed (None when nothing does)."""
    if engine.fact(typed) is not None:
        return typed
    fact_id = picked_fact(engine, typed)
    if fact_id is None and typed.strip():
        fact_id = engine.ask(typed[:max_length]).fact_id
    return fact_id


def own_fact(facts: Sequence[ServerFact], typed: str) -> ServerFact | None:
    """The server's own fact meant: by id as picked, else (typed rather than picked) the one
    whose question this is; None when it is not one of `facts`."""
    by_id = {fact.fact_id: fact for fact in facts}
    if typed in by_id:
        return by_id[typed]
    wanted = typed.strip().casefold()
    return next((fact for fact in by_id.values() if fact.question.casefold() == wanted), None)


def own_facts(engine: Engine, typed: str) -> list[Fact]:
    """The server's own facts (its staff's, not the shipped ones), those most like what is
    typed first: all of them, in order, when nothing is typed."""
    own = [fact for pack in engine.packs if pack.pack.staff_added for fact in pack.facts]
    if not typed.strip():
        return own
    questions = [f"{fact.id} {fact.question}" for fact in own]
    ranked = process.extract(typed, questions, scorer=fuzz.WRatio, limit=None)
    return [own[position] for _, _, position in ranked]
