"""Rendering an Answer as text for a terminal."""

from __future__ import annotations

import textwrap

from bot.engine import Answer
from bot.engine.answer import Nearby

_WIDTH = 88


def answer_text(answer: Answer, source_title: str | None = None) -> str:
    """A readable reply: the answer, the article's sentence(s) quoted, and how sure it is."""
    lines: list[str] = []
    if answer.answered:
        said = f"{answer.context}: " if answer.context else ""
        lines.append(f"{said}{answer.answer}")
        for sentence in answer.sources:
            lines += _quoted(sentence)
        origin = f" from \u201c{source_title}\u201d" if source_title else ""
        about = f"(fact {answer.fact_id}{origin}; confidence {answer.confidence:.2f})"
        lines.extend(textwrap.wrap(about, _WIDTH, initial_indent="  ", subsequent_indent="   "))
        for note in answer.notes:
            lines.extend(textwrap.wrap(f"Note: {note}", _WIDTH, subsequent_indent="      "))
        if answer.suggestions:
            lines.append("Related questions:")
    elif answer.nearby is not None:
        lines += nearby_text(answer.nearby)
        if answer.suggestions:
            lines.append("Close questions I can answer:")
    else:
        lines.append(answer.reply or "The article doesn't say, as far as I can tell.")
        if answer.suggestions:
            lines.append("Close questions I can answer:")
    lines.extend(f"  - {suggestion.question}" for suggestion in answer.suggestions)
    return "\n".join(lines)


def nearby_text(nearby: Nearby) -> list[str]:
    """A near miss: what the article doesn't say of whom the question named, and what it
    does say nearby, quoted, marked as not the answer."""
    lines = [
        f"The article doesn't say that about {nearby.named}.",
        "What it says nearby (not an answer to your question):",
        f"  {nearby.question} {nearby.answer}",
    ]
    for sentence in nearby.sources:
        lines += _quoted(sentence)
    return lines


def _quoted(sentence: str) -> list[str]:
    return textwrap.wrap(
        f"\u201c{sentence}\u201d", _WIDTH, initial_indent="  > ", subsequent_indent="    "
    )
