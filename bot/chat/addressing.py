"""Which chat messages are questions for FactBot, and what the question is.

Pure, so every rule is tested without a gateway. Without the message-content intent Discord
only shows the bot DMs, mentions and replies to it; the prefix needs the intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Incoming:
    """What matters about a chat message for deciding whether it asks FactBot something."""

    content: str
    in_dm: bool
    mentions_bot: bool
    replies_to_bot: bool


@dataclass(frozen=True)
class Addressed:
    """A message meant for FactBot: its question, or (a bare mention) a request for help.
    "help" and other conversation is the engine's to tell (`bot/engine/small_talk.toml`)."""

    question: str
    wants_help: bool


def mention_pattern(bot_id: int, role_id: int | None) -> re.Pattern[str]:
    """Mentions of the bot as a user (`<@id>`, `<@!id>`) or of its own integration role."""
    role = rf"|<@&{role_id}>" if role_id is not None else ""
    return re.compile(rf"<@!?{bot_id}>{role}")


def addressed(message: Incoming, mention: re.Pattern[str], prefix: str | None) -> Addressed | None:
    """The question a message asks FactBot, or None when the message is not for FactBot.

    `prefix` is given only when the message-content intent is on.
    """
    text = message.content.strip()
    spoken_to = message.mentions_bot and mention.search(text) is not None
    # Without the intent a reply whose ping is off arrives blank: nothing was asked.
    replied = message.replies_to_bot and bool(text)
    if message.in_dm or replied or spoken_to:
        question = mention.sub(" ", text)
    elif prefix and _starts_with_word(text, prefix):
        question = text[len(prefix) :]
    else:
        return None
    question = " ".join(question.split())
    return Addressed(question, wants_help=not question)


def _starts_with_word(text: str, prefix: str) -> bool:
    """`!ask when ...` and `!ask` count; `!asking` does not."""
    if not text.casefold().startswith(prefix.casefold()):
        return False
    rest = text[len(prefix) :]
    return not rest or rest[0].isspace()
