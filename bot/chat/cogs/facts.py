"""`/facts`: browse the facts (everyone) and curate this server's (staff, Manage Server).

Staff commands check the permission in the command itself, from the permissions Discord sends
with each interaction, so calling one directly (or after losing the permission) is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.choices import CHOICE_COUNT_LIMIT, fact_choices
from bot.chat.permissions import is_staff, staff_guild
from bot.chat.render import safe
from bot.chat.render_staff import stats_embed, unanswered_embed
from bot.chat.replies import Reply, reply_to, taught_text
from bot.chat.staff_views import ConfirmView, FactModal, TeachView
from bot.chat.views import fact_page_message
from bot.knowledge import QUESTION_LIMIT, Fact
from bot.service import offload
from bot.service.picking import fit_choice
from bot.storage import FactDraft, ServerFact
from bot.text import clip

if TYPE_CHECKING:
    from bot.chat.client import FactBot

log = logging.getLogger(__name__)

NO_SUCH_FACT = "No fact matches that; try `/facts list`."
NOT_OWN_FACT = (
    "Only facts this server's staff added can be edited or removed (pick one from the list). "
    "To replace a shipped fact, `/facts hide` it and `/facts add` your own."
)
WINDOWS = {"day": 1, "week": 7, "month": 30, "quarter": 90}


def staff_fact_choices(facts: Sequence[Fact]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=fit_choice(fact.question), value=fact.id)
        for fact in facts[:CHOICE_COUNT_LIMIT]
    ]


class FactsCommands(commands.GroupCog, group_name="facts"):
    """Browse the facts FactBot knows; staff add and fix this server's."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        super().__init__()

    # --- Everyone ---------------------------------------------------------------------------

    @app_commands.command(name="list", description="Every fact FactBot knows, page by page")
    async def facts_list(self, interaction: discord.Interaction[FactBot]) -> None:
        embed, view = fact_page_message(await self.bot.service.fact_page(interaction.guild_id, 0))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="show", description="Show one fact with its source's sentence")
    @app_commands.describe(fact="The fact; start typing to search")
    async def show(self, interaction: discord.Interaction[FactBot], fact: str) -> None:
        service = self.bot.service
        fact_id = await service.find_fact(interaction.guild_id, fact)
        if fact_id is None:
            reply = Reply(content=NO_SUCH_FACT, private=True)
        else:
            reply = reply_to(await service.show_fact(interaction.guild_id, fact_id))
        await self.bot.respond(interaction, reply, private=True)

    @show.autocomplete("fact")
    async def show_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        engine = await self.bot.service.engine_for(interaction.guild_id)
        return await offload.run(engine, fact_choices, engine, current)

    # --- Staff: this server's own facts -----------------------------------------------------

    @app_commands.command(name="add", description="Staff: add a fact that answers in this server")
    async def add(self, interaction: discord.Interaction[FactBot]) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return

        async def save(submitted: discord.Interaction[FactBot], draft: FactDraft) -> None:
            if await staff_guild(submitted) is None:
                return
            fact = await self.bot.service.add_fact(guild_id, draft)
            log.info("Server %s added fact %s", guild_id, fact.fact_id)
            text = f"Added `{fact.fact_id}`: **{safe(fact.question)}** \u2192 {safe(fact.answer)}"
            await submitted.response.send_message(clip(text, 2000), ephemeral=True)

        await interaction.response.send_modal(FactModal("Add a fact", save))

    @app_commands.command(name="edit", description="Staff: change one of this server's facts")
    @app_commands.describe(fact="One of the facts this server's staff added")
    async def edit(self, interaction: discord.Interaction[FactBot], fact: str) -> None:
        owned = await self._own_fact(interaction, fact)
        if owned is None:
            return
        guild_id, found = owned
        fact_id = found.fact_id  # what was typed may be its question, not its id

        async def save(submitted: discord.Interaction[FactBot], draft: FactDraft) -> None:
            if await staff_guild(submitted) is None:
                return
            edited = await self.bot.service.edit_fact(guild_id, fact_id, draft)
            saved = f"Saved `{fact_id}`."
            text = saved if edited else f"`{fact_id}` was removed meanwhile; not saved."
            await submitted.response.send_message(text, ephemeral=True)

        values = {
            "question": found.question,
            "answer": found.answer,
            "quote": found.quote,
            "source": found.source,
            "phrasings": "\n".join(found.phrasings),
        }
        await interaction.response.send_modal(FactModal("Edit a fact", save, values))

    @app_commands.command(name="remove", description="Staff: delete one of this server's facts")
    @app_commands.describe(fact="One of the facts this server's staff added")
    async def remove(self, interaction: discord.Interaction[FactBot], fact: str) -> None:
        owned = await self._own_fact(interaction, fact)
        if owned is None:
            return
        guild_id, found = owned
        fact_id = found.fact_id  # what was typed may be its question, not its id

        async def confirm() -> str:
            removed = await self.bot.service.remove_fact(guild_id, fact_id)
            return f"Removed `{fact_id}`." if removed else f"`{fact_id}` was already gone."

        question = safe(found.question)
        await interaction.response.send_message(
            clip(f"Remove `{fact_id}`: **{question}**? This cannot be undone.", 2000),
            view=ConfirmView(interaction.user.id, confirm),
            ephemeral=True,
        )

    async def _own_fact(
        self, interaction: discord.Interaction[FactBot], fact_id: str
    ) -> tuple[int, ServerFact] | None:
        """For staff, the server and its own fact `fact_id`; otherwise says why and gives None."""
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return None
        found = await self.bot.service.own_fact(guild_id, fact_id)
        if found is None:
            await interaction.response.send_message(NOT_OWN_FACT, ephemeral=True)
            return None
        return guild_id, found

    @edit.autocomplete("fact")
    @remove.autocomplete("fact")
    async def own_fact_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return staff_fact_choices(await self.bot.service.own_facts(interaction.guild_id, current))

    @app_commands.command(name="hide", description="Staff: stop (or resume) a shipped fact here")
    @app_commands.describe(fact="A shipped fact", hidden="False shows it again")
    async def hide(
        self, interaction: discord.Interaction[FactBot], fact: str, hidden: bool = True
    ) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        if not await self.bot.service.hide_fact(guild_id, fact, hidden):
            await interaction.response.send_message(NO_SUCH_FACT, ephemeral=True)
            return
        state = "hidden in this server" if hidden else "answering in this server again"
        await interaction.response.send_message(f"`{fact}` is {state}.", ephemeral=True)

    @hide.autocomplete("fact")
    async def shipped_fact_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await offload.run(self.bot.engine, fact_choices, self.bot.engine, current)

    # --- Staff: learning --------------------------------------------------------------------

    @app_commands.command(name="unanswered", description="Staff: questions I could not answer")
    async def unanswered(self, interaction: discord.Interaction[FactBot]) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        items = await self.bot.service.unanswered(guild_id)
        embed = unanswered_embed(items)
        if not items:
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        view = TeachView(interaction.user.id, items)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="teach", description="Staff: answer a question with a fact")
    @app_commands.describe(question="The question, as members ask it", fact="The fact")
    async def teach(
        self,
        interaction: discord.Interaction[FactBot],
        question: app_commands.Range[str, 1, QUESTION_LIMIT],
        fact: str,
    ) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        taught = await self.bot.service.teach(guild_id, question, fact)
        await interaction.response.send_message(taught_text(taught), ephemeral=True)

    @teach.autocomplete("question")
    async def unanswered_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not is_staff(interaction):
            return []
        service = self.bot.service
        texts = await service.unanswered_matching(interaction.guild_id, current, CHOICE_COUNT_LIMIT)
        # A long question comes back clipped; teaching finds the whole one again.
        return [
            app_commands.Choice(name=fit_choice(text), value=fit_choice(text)) for text in texts
        ]

    @teach.autocomplete("fact")
    async def teach_fact_choices(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        engine = await self.bot.service.engine_for(interaction.guild_id)
        return await offload.run(engine, fact_choices, engine, current)

    @app_commands.command(name="stats", description="Staff: questions, answers and feedback")
    @app_commands.describe(window="How far back to count (default: the last week)")
    @app_commands.choices(
        window=[app_commands.Choice(name=f"last {name}", value=name) for name in WINDOWS]
    )
    async def stats(self, interaction: discord.Interaction[FactBot], window: str = "week") -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        found = await self.bot.service.stats(guild_id, WINDOWS.get(window, 7))
        embed = stats_embed(found.stats, f"last {window}", found.questions)
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: FactBot) -> None:
    """discord.py's extension entry point (`load_extension("bot.chat.cogs.facts")`)."""
    await bot.add_cog(FactsCommands(bot))
