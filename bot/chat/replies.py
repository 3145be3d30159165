"""From a question (or a picked fact) to the reply to send: checks, engine, rendering.

Shared by every way of asking so the cooldown, the length cap and the look of an answer are
the same in chat, slash commands, buttons and the context menu.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot.chat.cooldown import Cooldown
from bot.chat.render import answer_embed, cooldown_text, decline_text, source_title
from bot.chat.views import suggestion_view
from bot.engine import Answer, Engine, QuestionError, check_question

log = logging.getLogger(__name__)

UNKNOWN_FACT = "That fact is no longer in my base; ask the question again to get a fresh answer."


@dataclass(frozen=True)
class Reply:
    """What to send. `private` replies are ephemeral where the reply is to an interaction.

    `repeat_notice` marks a cooldown notice the member has already had: chat skips it (so a
    spammer gets one notice a window), interactions, which must be answered, show it privately.
    """

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    private: bool = False
    repeat_notice: bool = False
    answer: Answer | None = None

    def message_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `send`, `reply` and `send_message`, leaving out what is unset."""
        kwargs: dict[str, Any] = {"content": self.content}
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        return kwargs


class Replier:
    """Answers questions for one bot: its engine, its length cap and its cooldown."""

    def __init__(self, engine: Engine, max_length: int, cooldown: Cooldown) -> None:
        self.engine = engine
        self.max_length = max_length
        self.cooldown = cooldown

    def to_question(self, member_id: int, text: str) -> Reply:
        """The reply to a free-text question from a member."""
        refused = self._refusal(member_id)
        if refused is not None:
            return refused
        try:
            question = check_question(text, self.max_length)
        except QuestionError as error:
            return Reply(content=str(error), private=True)
        return self.render(self.engine.ask(question))

    def to_fact(self, member_id: int, fact_id: str) -> Reply:
        """The reply when a member picks a known question (a button, an autocomplete choice)."""
        refused = self._refusal(member_id)
        if refused is not None:
            return refused
        if fact_id not in self.engine.index.by_id:
            return Reply(content=UNKNOWN_FACT, private=True)
        return self.render(self.engine.answer_fact(fact_id))

    def render(self, answer: Answer) -> Reply:
        """An answer as an embed, a decline as plain text; close questions as buttons."""
        view = suggestion_view(answer.suggestions) if answer.suggestions else None
        if answer.fact_id is None:
            return Reply(content=decline_text(answer), view=view, answer=answer)
        pack = self.engine.index.by_id[answer.fact_id].pack
        return Reply(embed=answer_embed(answer, source_title(pack)), view=view, answer=answer)

    def _refusal(self, member_id: int) -> Reply | None:
        verdict = self.cooldown.check(member_id)
        if verdict.allowed:
            return None
        notice = cooldown_text(verdict.retry_after)
        return Reply(content=notice, private=True, repeat_notice=verdict.already_warned)
