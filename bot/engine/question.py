"""Checking a question before it reaches the engine, with messages meant for the asker."""

from __future__ import annotations

from bot.engine.normalize import clean


class EngineError(Exception):
    """Root of the errors raised by `bot.engine`."""


class QuestionError(EngineError):
    """A question the bot will not try to answer; the message says why, politely."""


EXAMPLE = "when is solid-state due?"


def check_question(text: str, max_length: int) -> str:
    """The question stripped of surrounding space; QuestionError when empty or too long."""
    question = text.strip()
    if not clean(question):
        raise QuestionError(f"Ask me a question about the article, for example: {EXAMPLE}")
    if len(question) > max_length:
        raise QuestionError(
            f"That question is {len(question):,} characters long; please keep it to "
            f"{max_length:,} characters at most and ask one thing at a time."
        )
    return question
