"""Checking a question before it reaches the engine, with messages meant for the asker."""

from __future__ import annotations

from bot.engine.normalize import clean


class EngineError(Exception):
    """Root of the errors raised by `bot.engine`."""


class QuestionError(EngineError):
    """A question the bot will not try to answer; the message says why, politely."""


def check_question(text: str, max_length: int, example: str | None = None) -> str:
    """The question stripped of surrounding space; QuestionError when empty or too long.
    `example` is a question the packs answer, to show someone who asked nothing."""
    question = text.strip()
    if not clean(question):
        hint = f", for example: {example}" if example else "."
        raise QuestionError(f"Ask me a question about the article{hint}")
    if len(question) > max_length:
        raise QuestionError(
            f"That question is {len(question):,} characters long; please keep it to "
            f"{max_length:,} characters at most and ask one thing at a time."
        )
    return question
