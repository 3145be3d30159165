"""Cutting text to a limit: the one way replies, labels, choices and echoes are shortened."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """The text cut to `limit` characters, with an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
