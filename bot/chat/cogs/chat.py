"""Questions asked in chat: mentions and replies in servers, a prefix, direct messages."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.chat.addressing import Incoming, addressed, mention_pattern
from bot.chat.render import answered_fact, help_text
from bot.chat.replies import render, reply_to
from bot.engine import HELP
from bot.service import Answered

if TYPE_CHECKING:
    from bot.chat.client import FactBot

log = logging.getLogger(__name__)

# After a 403, a channel is skipped this long: Discord bans bots that keep making refused
# requests, and staff may fix the permission later.
MUTE_SECONDS = 300.0


class ChatQuestions(commands.Cog):
    """Answers every chat message meant for FactBot with a reply to that message."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self._muted_until: dict[int, float] = {}
        self._warned_channels: set[int] = set()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None:
            return
        if self._muted(message.channel.id):
            return
        me = self.bot.user
        own_role = message.guild.self_role if message.guild is not None else None
        incoming = Incoming(
            content=message.content,
            in_dm=message.guild is None,
            mentions_bot=me in message.mentions
            or (own_role is not None and own_role in message.role_mentions),
            replies_to_bot=_replies_to(message, me.id),
        )
        prefix = self.bot.settings.prefix if self.bot.settings.message_content else None
        mention = mention_pattern(me.id, own_role.id if own_role is not None else None)
        asked = addressed(incoming, mention, prefix)
        guild_id = message.guild.id if message.guild is not None else None
        if asked is None:
            await self._auto_answer(message, guild_id)
            return
        service = self.bot.service
        if asked.wants_help:
            waiting = await service.wait(message.author.id, guild_id)
            if waiting is None:
                served = await service.overview(guild_id)
                await self._send(message, content=help_text(served, prefix))
            elif not waiting.already_warned:
                await self._send(message, **reply_to(waiting).message_kwargs())
            return
        # A reply to one of FactBot's answers follows it (a reply to another message of its
        # follows nothing); else the member's last answer here may be, for a few minutes.
        after = _answered_fact(message, me.id)
        outcome = await service.ask(
            message.author.id,
            guild_id,
            asked.question,
            message.channel.id,
            after,
            follow_last=not incoming.replies_to_bot,
        )
        if isinstance(outcome, Answered) and outcome.answer.intent == HELP:
            # In Discord, help also says how to ask here: mentions, replies, DMs, commands.
            served = await service.overview(guild_id)
            await self._send(message, content=help_text(served, prefix))
            return
        reply = reply_to(outcome)
        if not reply.repeat_notice:
            await self._send(message, **reply.message_kwargs())

    async def _auto_answer(self, message: discord.Message, guild_id: int | None) -> None:
        """In a channel staff chose (and only with the message-content intent), answer every
        message the facts answer; stay quiet on the rest, which is mostly conversation."""
        if guild_id is None or not self.bot.settings.message_content or not message.content:
            return
        service = self.bot.service
        chosen = await service.guild_settings(guild_id)
        if message.channel.id not in chosen.auto_answer_channels:
            return
        answered = await service.ask_unprompted(message.author.id, guild_id, message.content)
        if answered is not None:
            await self._send(message, **render(answered).message_kwargs())

    def _muted(self, channel_id: int) -> bool:
        until = self._muted_until.get(channel_id)
        return until is not None and time.monotonic() < until

    async def _send(self, message: discord.Message, **kwargs: Any) -> None:
        """Reply to the message; a channel we may not write in is logged once and skipped."""
        try:
            # The question may be deleted meanwhile: then post without the reference.
            reference = message.to_reference(fail_if_not_exists=False)
            await message.channel.send(reference=reference, mention_author=False, **kwargs)
        except discord.Forbidden as error:
            channel_id = message.channel.id
            self._muted_until[channel_id] = time.monotonic() + MUTE_SECONDS
            if channel_id not in self._warned_channels:
                self._warned_channels.add(channel_id)
                log.warning(
                    "No permission to reply in channel %s (server %s): %s. FactBot needs "
                    "View Channel, Send Messages, Embed Links and Read Message History there; "
                    "skipping the channel for %d s at a time until it has them.",
                    channel_id,
                    message.guild.id if message.guild else "DM",
                    error.text or error.status,
                    MUTE_SECONDS,
                )


def _answered_fact(message: discord.Message, bot_id: int) -> str | None:
    """The fact of the answer of FactBot's that the message replies to, if it does."""
    replied = _replied_to(message, bot_id)
    embeds = replied.embeds if replied is not None else []
    return next((fact for e in embeds if (fact := answered_fact(e.footer.text))), None)


def _replies_to(message: discord.Message, bot_id: int) -> bool:
    return _replied_to(message, bot_id) is not None


def _replied_to(message: discord.Message, bot_id: int) -> discord.Message | None:
    """The message of FactBot's that the message replies to, if it replies to one."""
    reference = message.reference
    if reference is None or not isinstance(reference.resolved, discord.Message):
        return None
    return reference.resolved if reference.resolved.author.id == bot_id else None


async def setup(bot: FactBot) -> None:
    """discord.py's extension entry point (`load_extension("bot.chat.cogs.chat")`)."""
    await bot.add_cog(ChatQuestions(bot))
