"""Asking one engine: the checks every front end applies before a question reaches it, and
the answer resolved to its fact and pack. No database, so the terminal uses it as is."""

from __future__ import annotations

from bot.engine import Answer, Engine, check_question
from bot.service.outcomes import Answered


def ask(engine: Engine, text: str, max_length: int, after: str | None = None) -> Answer:
    """The engine's answer to `text` (`after`: as a follow-up of that fact's answer);
    QuestionError (saying why) when it cannot be asked."""
    return engine.ask(check_question(text, max_length, engine.example_question), after)


def resolved(engine: Engine, answer: Answer, answer_id: int | None = None) -> Answered:
    """The answer with the fact and pack that gave it (none on a decline)."""
    if answer.fact_id is None:
        return Answered(answer, answer_id)
    fact, pack = engine.fact(answer.fact_id), engine.pack_of(answer.fact_id)
    if fact is None or pack is None:
        raise KeyError(f"the engine answered with {answer.fact_id}, which it does not hold")
    return Answered(answer, answer_id, fact, pack)
