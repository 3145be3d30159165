"""From a question (or a picked fact) to the reply to send: checks, engine, log, rendering.

Shared by every way of asking so the cooldown, the length cap, what is recorded and the look
of an answer are the same in chat, slash commands, buttons and the context menu.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot.chat.cooldown import Cooldown
from bot.chat.guild_engines import GuildEngines
from bot.chat.render import answer_embed, cooldown_text, decline_text, source_title
from bot.chat.views import answer_view
from bot.engine import Answer, Engine, QuestionError, check_question
from bot.storage import DIRECT_MESSAGES, Database, DatabaseBusyError, GuildSettings

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
    """Answers questions: the server's engine, the length cap, the server's cooldown."""

    def __init__(
        self,
        engines: GuildEngines,
        database: Database,
        max_length: int,
        default_cooldown: tuple[int, float],
    ) -> None:
        self.engines = engines
        self.database = database
        self.max_length = max_length
        self.default_cooldown = default_cooldown
        self._cooldowns: dict[int, Cooldown] = {}
        self._guild_settings: dict[int, GuildSettings] = {}

    async def guild_settings(self, guild_id: int | None) -> GuildSettings:
        """A server's settings (cached; `settings_changed` drops the copy)."""
        key = guild_id or DIRECT_MESSAGES
        found = self._guild_settings.get(key)
        if found is None:
            found = await self.database.guild_settings(key)
            self._guild_settings[key] = found
        return found

    def settings_changed(self, settings: GuildSettings) -> None:
        self._guild_settings[settings.guild_id] = settings
        self._cooldowns.pop(settings.guild_id, None)

    async def to_question(self, member_id: int, guild_id: int | None, text: str) -> Reply:
        """The reply to a free-text question from a member."""
        refused = await self.refusal(member_id, guild_id)
        if refused is not None:
            return refused
        engine = await self.engines.engine_for(guild_id)
        try:
            question = check_question(text, self.max_length, engine.example_question)
        except QuestionError as error:
            return Reply(content=str(error), private=True)
        return await self._answer(engine, engine.ask(question), guild_id)

    async def to_unasked(self, member_id: int, guild_id: int, text: str) -> Reply | None:
        """The reply to a message nobody addressed to FactBot (an auto-answer channel): only
        when the facts answer it, and nothing at all for conversation or while the member
        must wait, so the channel is not flooded with declines and notices."""
        if not text.strip() or len(text) > self.max_length:
            return None
        engine = await self.engines.engine_for(guild_id)
        answer = engine.ask(text.strip())
        if not answer.answered or await self.refusal(member_id, guild_id) is not None:
            return None
        return await self._answer(engine, answer, guild_id)

    async def to_fact(self, member_id: int, guild_id: int | None, fact_id: str) -> Reply:
        """The reply when a member picks a known question (a button, an autocomplete choice)."""
        refused = await self.refusal(member_id, guild_id)
        if refused is not None:
            return refused
        engine = await self.engines.engine_for(guild_id)
        if engine.fact(fact_id) is None:
            return Reply(content=UNKNOWN_FACT, private=True)
        return await self._answer(engine, engine.answer_fact(fact_id), guild_id)

    async def show_fact(self, guild_id: int | None, fact_id: str) -> Reply:
        """A fact as `/facts show` displays it: not logged as a question, no votes."""
        engine = await self.engines.engine_for(guild_id)
        if engine.fact(fact_id) is None:
            return Reply(content=UNKNOWN_FACT, private=True)
        return render(engine, engine.answer_fact(fact_id), answer_id=None)

    async def _answer(self, engine: Engine, answer: Answer, guild_id: int | None) -> Reply:
        """Log the question (no user id) and render the answer with its vote buttons.

        A database held by another writer past the busy timeout costs the log entry and the
        vote buttons, never the answer.
        """
        try:
            answer_id = await self.database.record_question(
                guild_id or DIRECT_MESSAGES, answer.question, answer.fact_id
            )
        except DatabaseBusyError as error:
            log.warning("Answering without logging the question: %s", error)
            answer_id = None
        return render(engine, answer, answer_id)

    async def refusal(self, member_id: int, guild_id: int | None) -> Reply | None:
        """Count one request from the member; the cooldown notice when they must wait."""
        verdict = (await self._cooldown(guild_id)).check(member_id)
        if verdict.allowed:
            return None
        notice = cooldown_text(verdict.retry_after)
        return Reply(content=notice, private=True, repeat_notice=verdict.already_warned)

    async def _cooldown(self, guild_id: int | None) -> Cooldown:
        key = guild_id or DIRECT_MESSAGES
        cooldown = self._cooldowns.get(key)
        if cooldown is None:
            chosen = await self.guild_settings(guild_id)
            questions, seconds = self.default_cooldown
            # Another handler may have made it while this one awaited the settings.
            questions = chosen.cooldown_questions or questions
            seconds = chosen.cooldown_seconds or seconds
            cooldown = self._cooldowns.setdefault(key, Cooldown(questions, seconds))
        return cooldown


def render(engine: Engine, answer: Answer, answer_id: int | None) -> Reply:
    """An answer as an embed (with vote buttons when logged), a decline as plain text; close
    questions as buttons."""
    view = answer_view(answer.suggestions, answer_id)
    if answer.fact_id is None:
        return Reply(content=decline_text(answer), view=view, answer=answer)
    fact, pack = engine.fact(answer.fact_id), engine.pack_of(answer.fact_id)
    if fact is None or pack is None:
        raise KeyError(f"the engine answered with {answer.fact_id}, which it does not hold")
    staff_added = pack.pack.staff_added
    source = fact.origin or source_title(pack)
    embed = answer_embed(answer, source, staff_added=staff_added)
    return Reply(embed=embed, view=view, answer=answer)
