"""FactBot's Discord client: one AutoShardedBot serving any number of servers.

Built with its settings and engine passed in; it keeps only Discord's concerns (intents,
loading the cogs, syncing commands, responding, reporting failures). The cogs stay thin: the
`FactService` (`bot.service`) answers and curates, `bot.chat.replies` renders what it returns.
Every exception a handler raises is logged and counted in `failures`, because
discord.py only logs them and a test must be able to see them.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.endpoints import use_gateway_named
from bot.chat.replies import Reply
from bot.chat.resilience import guard_parsers, sync_or_retry
from bot.chat.rest_budget import RestBudget, limit_requests
from bot.chat.shards import ShardPlan
from bot.chat.sync import SyncState, sync_commands
from bot.chat.views import BUSY, AskButton, PageButton, VoteButton
from bot.config import Settings
from bot.engine import Engine
from bot.service import FactService
from bot.storage import Database, DatabaseBusyError

log = logging.getLogger(__name__)

# The cogs, loaded as extensions: each module's `setup` adds its cog.
EXTENSIONS = tuple(
    f"bot.chat.cogs.{name}" for name in ("chat", "slash", "facts", "settings", "housekeeping")
)

# Discord's error code for a second response to one interaction.
ALREADY_ACKNOWLEDGED = 40060

SORRY = "Sorry, something went wrong on my side while answering that. Please try again."

# Only what answering needs: see channels, reply (replies need history), embeds, threads.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)


def intents_for(settings: Settings) -> discord.Intents:
    """Guild and DM messages; message content only when the settings turn it on."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content
    return intents


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands")
    )


class FactBotTree(app_commands.CommandTree["FactBot"]):
    """A command tree that reports every command that raised instead of only logging it."""

    async def on_error(
        self, interaction: discord.Interaction[FactBot], error: app_commands.AppCommandError
    ) -> None:
        name = interaction.command.qualified_name if interaction.command else "?"
        if isinstance(getattr(error, "original", error), DatabaseBusyError):
            # Another process held the database past the busy timeout: nothing was saved.
            log.warning("/%s: the database is busy; asked the user to try again", name)
            try:
                await self.client.respond(interaction, Reply(content=BUSY), private=True)
            except discord.HTTPException:  # the interaction expired meanwhile
                log.warning("/%s: could not tell the user that the database is busy", name)
            return
        await self.client.report_failure(f"/{name}", error, interaction)


class FactBot(commands.AutoShardedBot):
    """Answers questions from the engine's packs in servers, DMs and slash commands."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        database: Database,
        *,
        sync_on_start: bool = True,
        pack_paths: Sequence[Path] | None = None,
        shards: ShardPlan | None = None,
    ) -> None:
        self.shard_plan = shards or ShardPlan.parse(settings.shards, settings.shard_count)
        # FactBot has no voice: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=FactBotTree,
            **self.shard_plan.client_options(),
        )
        self.settings = settings
        self.database = database
        self.sync_on_start = sync_on_start
        # /reload reads the packs from where `factbot run` loaded them.
        self.service = FactService(
            engine,
            database,
            max_length=settings.max_question_length,
            default_cooldown=(settings.cooldown_questions, settings.cooldown_seconds),
            pack_paths=pack_paths or [settings.facts_dir],
        )
        self.invite_url: str | None = None
        self.failures: deque[str] = deque(maxlen=100)
        self._summarised = False
        self._sync_retry: asyncio.Task[None] | None = None
        # Identifies take turns with the bot's other processes; /gateway/bot says how many
        # may go at once.
        self.identify_gate = database.identify_gate(settings.identify_interval)
        self.max_concurrency = 1
        self._budgeted = False
        guard_parsers(self._connection.parsers)

    @property
    def engine(self) -> Engine:
        """The shared engine: the packs every server is served."""
        return self.service.shipped

    async def setup_hook(self) -> None:
        await self.service.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(AskButton, PageButton, VoteButton)
        assert self.application_id is not None  # set by login, before setup_hook
        self.invite_url = invite_url(self.application_id)
        log.info("Invite FactBot to a server: %s", self.invite_url)
        if self.sync_on_start:
            self._sync_retry = await sync_or_retry(self.sync_commands)

    async def close(self) -> None:
        if self._sync_retry is not None:
            self._sync_retry.cancel()
        await super().close()
        await self.identify_gate.close()

    async def launch_shards(self) -> None:
        """Connect this process's shards, within its share of the REST budget. discord.py
        connects to DEFAULT_GATEWAY once it knows the shard count, so Discord is asked for
        that, for its session start limit and (unless the settings name one) its gateway."""
        recommended, gateway, limits = await self.http.get_bot_gateway()
        if self.settings.discord_gateway_url is None:
            use_gateway_named(gateway)
        self.max_concurrency = max(1, int(limits.get("max_concurrency") or 1))
        if self.shard_count is None:
            self.shard_count = recommended
        count = self.shard_count
        rate = self.settings.rest_requests_per_second * self.shard_plan.share(count)
        if not self._budgeted:  # wrapped twice, each request would wait twice
            self._budgeted = True
            limit_requests(self.http, RestBudget(rate))
        log.info(
            "Running %s; %d identif%s at a time, at most %.0f REST requests a second.",
            self.shard_plan.describe(count),
            self.max_concurrency,
            "y" if self.max_concurrency == 1 else "ies",
            rate,
        )
        await super().launch_shards()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for this shard's bucket's turn, across all the bot's processes (instead of
        discord.py's 5 s sleep, which knows only this process)."""
        await self.identify_gate.wait_turn((shard_id or 0) % self.max_concurrency)

    async def on_shard_ready(self, shard_id: int) -> None:
        servers = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        log.info(
            "Shard %d of %d ready: %d server%s.",
            shard_id,
            self.shard_count or 1,
            servers,
            "" if servers == 1 else "s",
        )

    async def sync_commands(self, force: bool = False) -> bool:
        """Sync slash commands if the tree changed since the last sync (always when forced)."""
        assert self.application_id is not None
        state = SyncState(self.settings.sync_state_file)
        return await sync_commands(
            self.tree, self.application_id, state, self.settings.dev_guild, force=force
        )

    async def on_ready(self) -> None:
        if self._summarised:
            return
        self._summarised = True
        packs = self.engine.packs
        log.info(
            "FactBot ready as %s: %d pack%s, %d facts, %d server%s, %s; message-content intent %s.",
            self.user,
            len(packs),
            "" if len(packs) == 1 else "s",
            self.engine.fact_count,
            len(self.guilds),
            "" if len(self.guilds) == 1 else "s",
            self.shard_plan.describe(self.shard_count or 1),
            "on" if self.settings.message_content else "off",
        )

    async def on_message(self, message: discord.Message, /) -> None:
        """No text commands: chat questions are the ChatQuestions cog's job."""

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        await self.report_failure(f"event {event_method}", error or RuntimeError("unknown"))

    async def report_failure(
        self,
        where: str,
        error: BaseException,
        interaction: discord.Interaction[Any] | None = None,
    ) -> None:
        """Log and count a handler that raised; apologise to the user of an interaction."""
        log.error("%s failed", where, exc_info=error)
        self.failures.append(f"{where}: {error!r}")
        if interaction is None:
            return
        try:
            if not await self.respond(interaction, Reply(content=SORRY), private=True):
                await interaction.followup.send(SORRY, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not tell the user that %s failed", where)

    async def respond(
        self, interaction: discord.Interaction[Any], reply: Reply, *, private: bool
    ) -> bool:
        """Answer an interaction with the reply, privately when asked or when it must be.

        False when Discord says the interaction was answered already: a response sent for it
        reached Discord though its reply was lost (discord.py then retried it), so the reply
        is not sent a second time."""
        kwargs = reply.message_kwargs()
        ephemeral = private or reply.private
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=ephemeral, **kwargs)
            return True
        try:
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:
                raise
            log.warning("Interaction %s was answered already; not answering again", interaction.id)
            return False
        return True
