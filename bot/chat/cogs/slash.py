"""Slash commands and the message context menu: /ask, /facts, /about, /help."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.render import about_embed, help_text
from bot.chat.replies import Reply

if TYPE_CHECKING:
    from bot.chat.client import FactBot

log = logging.getLogger(__name__)

CHECK_MENU_NAME = "Check against the facts"
NOTHING_TO_CHECK = "That message has no text I can check against the facts."


class SlashCommands(commands.Cog):
    """Every application command; each callback hands over to the bot's replier."""

    facts = app_commands.Group(name="facts", description="Browse the facts FactBot knows")

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
        self, interaction: discord.Interaction[FactBot], question: str, private: bool = False
    ) -> None:
        replier = self.bot.replier
        picked = self.bot.choices.fact_for(question)
        user_id = interaction.user.id
        if picked is not None:
            reply = replier.to_fact(user_id, picked)
        else:
            reply = replier.to_question(user_id, question)
        await self.bot.respond(interaction, reply, private=private)

    @ask.autocomplete("question")
    async def ask_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return self.bot.choices.questions(current)

    @facts.command(name="list", description="Every fact FactBot knows, page by page")
    async def facts_list(self, interaction: discord.Interaction[FactBot]) -> None:
        embed, view = self.bot.fact_page(0)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @facts.command(name="show", description="Show one fact with the article's sentence")
    @app_commands.describe(fact="The fact; start typing to search")
    async def facts_show(self, interaction: discord.Interaction[FactBot], fact: str) -> None:
        engine = self.bot.engine
        fact_id = fact if fact in engine.index.by_id else self.bot.choices.fact_for(fact)
        if fact_id is None:
            matches = engine.complete(fact, limit=1)
            fact_id = matches[0].fact_id if matches else None
        if fact_id is None:
            reply = Reply(content="No fact matches that; try `/facts list`.", private=True)
        else:
            reply = self.bot.replier.render(engine.answer_fact(fact_id))
        await self.bot.respond(interaction, reply, private=True)

    @facts_show.autocomplete("fact")
    async def facts_show_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return self.bot.choices.facts(current)

    @app_commands.command(name="about", description="The sources FactBot answers from")
    async def about(self, interaction: discord.Interaction[FactBot]) -> None:
        engine = self.bot.engine
        embed = about_embed(engine.index.packs, engine.fact_count, self.bot.invite_url)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="help", description="How to ask FactBot questions")
    async def help(self, interaction: discord.Interaction[FactBot]) -> None:
        prefix = self.bot.settings.prefix if self.bot.settings.message_content else None
        text = help_text(self.bot.engine.index.packs, prefix)
        await interaction.response.send_message(text, ephemeral=True)

    async def check(
        self, interaction: discord.Interaction[FactBot], message: discord.Message
    ) -> None:
        """The context menu: the message's claim, answered privately for the one who asked."""
        text = message.content[: self.bot.settings.max_question_length].strip()
        if not text:
            reply = Reply(content=NOTHING_TO_CHECK, private=True)
        else:
            reply = self.bot.replier.to_question(interaction.user.id, text)
        await self.bot.respond(interaction, reply, private=True)
