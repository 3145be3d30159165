"""FactBot's Discord client: one AutoShardedBot serving any number of servers.

Built with its settings and engine passed in; the cogs stay thin and hand questions to the
`Replier`. Every exception a handler raises is logged and counted in `failures`, because
discord.py only logs them and a test must be able to see them.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import weakref
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.choices import fit_choice, picked_fact
from bot.chat.guild_engines import GuildEngines
from bot.chat.render import CONTENT_LIMIT, FactPage, fact_page_embed, fact_pages, safe
from bot.chat.replies import Replier, Reply
from bot.chat.resilience import guard_parsers, sync_or_retry
from bot.chat.sync import SyncState, sync_commands
from bot.chat.views import BUSY, AskButton, PageButton, VoteButton, pager_view
from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import QUESTION_LIMIT, PackError, load_packs
from bot.storage import Database, DatabaseBusyError
from bot.text import clip

log = logging.getLogger(__name__)

# The pages of `/facts list`, by engine: they change only when the engine is rebuilt.
_pages: weakref.WeakKeyDictionary[Engine, list[FactPage]] = weakref.WeakKeyDictionary()

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
            await self.client.respond(interaction, Reply(content=BUSY), private=True)
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
    ) -> None:
        # FactBot has no voice: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=FactBotTree,
        )
        self.settings = settings
        self.engine = engine
        self.database = database
        self.sync_on_start = sync_on_start
        # Where /reload reads the packs from: what `factbot run` loaded them from.
        self.pack_paths = list(pack_paths or [settings.facts_dir])
        self.engines = GuildEngines(engine, database)
        cooldown = (settings.cooldown_questions, settings.cooldown_seconds)
        self.replier = Replier(self.engines, database, settings.max_question_length, cooldown)
        self.invite_url: str | None = None
        self.failures: deque[str] = deque(maxlen=100)
        self._summarised = False
        self._sync_retry: asyncio.Task[None] | None = None
        guard_parsers(self._connection.parsers)

    async def setup_hook(self) -> None:
        await self.engines.start()
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

    async def launch_shards(self) -> None:
        """Connect every shard; a configured gateway URL wins over the one Discord names."""
        if self.settings.discord_gateway_url is not None and self.shard_count is None:
            # discord.py connects to DEFAULT_GATEWAY (set from the settings) once it knows the
            # shard count, so ask Discord only for that.
            self.shard_count, _, _ = await self.http.get_bot_gateway()
        await super().launch_shards()

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
            "FactBot ready as %s: %d pack%s, %d facts, %d server%s, %d shard%s; "
            "message-content intent %s.",
            self.user,
            len(packs),
            "" if len(packs) == 1 else "s",
            self.engine.fact_count,
            len(self.guilds),
            "" if len(self.guilds) == 1 else "s",
            self.shard_count or 1,
            "" if (self.shard_count or 1) == 1 else "s",
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

    async def reload_packs(self) -> str:
        """Load the packs again from disk; a broken pack leaves the last good ones serving.

        What to tell the owner: what was loaded, or every problem found.
        """
        try:
            packs = await asyncio.to_thread(load_packs, self.pack_paths)
        except PackError as error:
            log.warning("Reload refused, still serving the previous packs:\n%s", error)
            kept = f"{len(self.engine.packs)} packs, {self.engine.fact_count} facts"
            text = f"Not reloaded; still serving the last good packs ({kept}).\n{error}"
            return clip(text, CONTENT_LIMIT)
        current = self.engine
        engine = await asyncio.to_thread(Engine, packs, current.thresholds, current.weights)
        engines = GuildEngines(engine, self.database)
        await engines.start()
        self.engine, self.engines, self.replier.engines = engine, engines, engines
        log.info("Reloaded %d packs, %d facts", len(packs), engine.fact_count)
        plural = "s" if len(packs) != 1 else ""
        return f"Reloaded: {len(packs)} pack{plural}, {engine.fact_count} facts."

    async def teach(self, guild_id: int | None, question: str, fact_id: str) -> str:
        """Make `question` another way to ask `fact_id` in this server; what to tell staff."""
        if guild_id is None:
            return "Teaching works only in a server."
        engine = await self.engines.engine_for(guild_id)
        fact = engine.fact(fact_id)
        # A question picked from autocomplete may come back clipped: find the whole one.
        listed = await self.database.unanswered(guild_id, limit=100)
        asked = next(
            (
                item.question
                for item in listed
                if question in (item.question, fit_choice(item.question))
            ),
            question,
        )
        phrasing = " ".join(asked.split())[:QUESTION_LIMIT]
        if fact is None or not phrasing:
            return "No such fact here; pick one from the list."
        await self.database.teach(guild_id, fact_id, phrasing, asked=asked)
        self.engines.changed(guild_id)
        return clip(
            f"Taught: \u201c{safe(phrasing)}\u201d now gets the answer of "
            f"**{safe(fact.question)}** in this server.",
            CONTENT_LIMIT,
        )

    async def find_fact(self, guild_id: int | None, typed: str) -> str | None:
        """The fact a user means in a fact option: a picked id, an exact question, or the fact
        that answers what was typed (None when nothing does)."""
        engine = await self.engines.engine_for(guild_id)
        if engine.fact(typed) is not None:
            return typed
        fact_id = picked_fact(engine, typed)
        if fact_id is None and typed.strip():
            fact_id = engine.ask(typed[: self.settings.max_question_length]).fact_id
        return fact_id

    async def fact_page(
        self, guild_id: int | None, page: int
    ) -> tuple[discord.Embed, discord.ui.View]:
        """Page `page` (0-based, clamped) of `/facts list` in a server, with its buttons."""
        engine = await self.engines.engine_for(guild_id)
        pages = _pages.get(engine)
        if pages is None:  # once per engine, not on every click
            empty = [FactPage("No facts yet", ())]
            listed = [(pack, engine.facts_of(pack.id)) for pack in engine.packs]
            pages = _pages[engine] = fact_pages(listed) or empty
        total = len(pages)
        page = min(max(page, 0), total - 1)
        return fact_page_embed(pages[page], page + 1, total), pager_view(page, total)
