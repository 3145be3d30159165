"""`/settings`: a server's choices, for staff (Manage Server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.permissions import staff_guild
from bot.chat.render_staff import settings_embed

if TYPE_CHECKING:
    from bot.chat.client import FactBot


class SettingsCommands(commands.Cog):
    """One command: change any of the settings given, then show them all."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command(name="settings", description="Staff: how FactBot behaves here")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(
        private="Answer /ask privately unless the member chooses otherwise",
        cooldown_questions="Questions each member may ask per cooldown window",
        cooldown_seconds="The cooldown window, in seconds",
        auto_answer_channel="A channel where every message the facts answer gets an answer "
        "(needs the message-content intent)",
        auto_answer="Turn auto-answer on or off for that channel",
        keep_logs_days="Days to keep question logs (default 90)",
        packs="The fact packs to answer from: their ids, comma-separated, or 'all'",
    )
    async def settings(
        self,
        interaction: discord.Interaction[FactBot],
        private: bool | None = None,
        cooldown_questions: app_commands.Range[int, 1, 100] | None = None,
        cooldown_seconds: app_commands.Range[int, 1, 3600] | None = None,
        auto_answer_channel: discord.TextChannel | None = None,
        auto_answer: bool = True,
        keep_logs_days: app_commands.Range[int, 1, 3650] | None = None,
        packs: str | None = None,
    ) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        service = self.bot.service
        chosen = await service.guild_settings(guild_id)
        changes: dict[str, object] = {}
        if private is not None:
            changes["private_replies"] = private
        if cooldown_questions is not None:
            changes["cooldown_questions"] = cooldown_questions
        if cooldown_seconds is not None:
            changes["cooldown_seconds"] = float(cooldown_seconds)
        if keep_logs_days is not None:
            changes["log_retention_days"] = keep_logs_days
        if auto_answer_channel is not None:
            channels = set(chosen.auto_answer_channels)
            if auto_answer:
                channels.add(auto_answer_channel.id)
            else:
                channels.discard(auto_answer_channel.id)
            changes["auto_answer_channels"] = frozenset(channels)
        if packs is not None:
            try:
                changes["packs"] = service.chosen_packs(packs)
            except ValueError as error:
                await interaction.response.send_message(str(error), ephemeral=True)
                return
        if changes:
            chosen = chosen.model_validate({**chosen.model_dump(), **changes})
            await service.save_settings(chosen, packs_changed="packs" in changes)
        settings = self.bot.settings
        default = (settings.cooldown_questions, settings.cooldown_seconds)
        embed = settings_embed(chosen, default, settings.message_content)
        note = "Saved." if changes else None
        await interaction.response.send_message(note, embed=embed, ephemeral=True)


async def setup(bot: FactBot) -> None:
    """discord.py's extension entry point (`load_extension("bot.chat.cogs.settings")`)."""
    await bot.add_cog(SettingsCommands(bot))
