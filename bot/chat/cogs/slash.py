"""Slash commands and the message context menu: /ask, /facts, /about, /help."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.choices import question_choices
from bot.chat.render import about_embed, help_text
from bot.chat.replies import Reply, reloaded_text, reply_to
from bot.service import offload

if TYPE_CHECKING:
    from bot.chat.client import FactBot

log = logging.getLogger(__name__)

CHECK_MENU_NAME = "Check against the facts"
OWNER_ONLY = "Only the bot's owner can reload the fact packs."
NOTHING_TO_CHECK = "That message has no text I can check against the facts."


class SlashCommands(commands.Cog):
    """Every application command; each callback hands over to the bot's service."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self.check_menu = app_commands.ContextMenu(name=CHECK_MENU_NAME, callback=self.check)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.check_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.check_menu.name, type=self.check_menu.type)

    @app_commands.command(name="ask", description="Ask a question about the article")
    @app_commands.describe(
        question="Your question; pick a suggestion or type your own",
        private="Only you see the answer (default: everyone in the channel)",
    )
    async def ask(
        self,
        interaction: discord.Interaction[FactBot],
        question: str,
        private: bool | None = None,
    ) -> None:
        service = self.bot.service
        guild_id = interaction.guild_id
        reply = reply_to(
            await service.ask_typed(interaction.user.id, guild_id, question, interaction.channel_id)
        )
        if private is None:
            private = (await service.guild_settings(guild_id)).private_replies
        await self.bot.respond(interaction, reply, private=private)

    @ask.autocomplete("question")
    async def ask_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        engine = await self.bot.service.engine_for(interaction.guild_id)
        return await offload.run(engine, question_choices, engine, current)

    @app_commands.command(name="about", description="The sources FactBot answers from")
    async def about(self, interaction: discord.Interaction[FactBot]) -> None:
        served = await self.bot.service.overview(interaction.guild_id)
        embed = about_embed(served, self.bot.invite_url)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="help", description="How to ask FactBot questions")
    async def help(self, interaction: discord.Interaction[FactBot]) -> None:
        prefix = self.bot.settings.prefix if self.bot.settings.message_content else None
        text = help_text(await self.bot.service.overview(interaction.guild_id), prefix)
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="reload", description="Owner: load the fact packs again")
    @app_commands.default_permissions(administrator=True)
    async def reload(self, interaction: discord.Interaction[FactBot]) -> None:
        if not await self.bot.is_owner(interaction.user):
            await interaction.response.send_message(OWNER_ONLY, ephemeral=True)
            return
        # Loading a large pack can take longer than Discord's 3 s for a first response.
        await interaction.response.defer(ephemeral=True, thinking=True)
        reloaded = await self.bot.service.reload_packs()
        await interaction.followup.send(reloaded_text(reloaded), ephemeral=True)

    async def check(
        self, interaction: discord.Interaction[FactBot], message: discord.Message
    ) -> None:
        """The context menu: the message's claim, answered privately for the one who asked."""
        text = message.content[: self.bot.settings.max_question_length].strip()
        if not text:
            reply = Reply(content=NOTHING_TO_CHECK, private=True)
        else:
            asked = await self.bot.service.ask(interaction.user.id, interaction.guild_id, text)
            reply = reply_to(asked)
        await self.bot.respond(interaction, reply, private=True)


async def setup(bot: FactBot) -> None:
    """discord.py's extension entry point (`load_extension("bot.chat.cogs.slash")`)."""
    await bot.add_cog(SlashCommands(bot))
