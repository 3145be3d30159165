"""Checking a question before it reaches the engine, with messages meant for the asker."""

from __future__ import annotations

import re

from bot.engine.normalize import clean

# Lone surrogates: what Python makes of bytes that are not UTF-8 (command-line arguments and
# stdin decoded with surrogateescape). No reply could carry them, so they are refused here.
_NOT_TEXT = re.compile(r"[\ud800-\udfff]")


class EngineError(Exception):
    """Root of the errors raised by `bot.engine`."""


class QuestionError(EngineError):
    """A question the bot will not try to answer; the message says why, politely."""


def check_question(text: str, max_length: int, example: str | None = None) -> str:
    """The question stripped of surrounding space; QuestionError when empty, too long or
    not text. `example` is a question the packs answer, to show someone who asked nothing."""
    question = text.strip()
    if _NOT_TEXT.search(question):
        raise QuestionError(
            "That question holds bytes that are not UTF-8 text; please type it again."
        )
    if not clean(question):
        hint = f", for example: {example}" if example else "."
        raise QuestionError(f"Ask me a question about the article{hint}")
    if len(question) > max_length:
        raise QuestionError(
            f"That question is {len(question):,} characters long; please keep it to "
            f"{max_length:,} characters at most and ask one thing at a time."
        )
    return question


def replace_undecodable(text: str) -> str:
    """The text with each byte that was not UTF-8 as U+FFFD, so that it can be echoed."""
    return _NOT_TEXT.sub("\ufffd", text)
