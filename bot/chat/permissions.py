"""Who may curate a server's knowledge: members with Manage Server, checked on every action.

Discord sends the member's current permissions with each interaction, so checking them in
the command itself (and again on each button, select and form of a staff dialog) refuses a
member who never had the permission and one who lost it mid-dialog.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.chat.render_staff import SERVER_ONLY, STAFF_ONLY


async def staff_guild(interaction: discord.Interaction[Any]) -> int | None:
    """The server id when the user may manage it; otherwise says why and gives None."""
    if interaction.guild_id is None:
        await interaction.response.send_message(SERVER_ONLY, ephemeral=True)
        return None
    if not interaction.permissions.manage_guild:
        await interaction.response.send_message(STAFF_ONLY, ephemeral=True)
        return None
    return interaction.guild_id


def is_staff(interaction: discord.Interaction[Any]) -> bool:
    """For autocomplete, which cannot answer with a message: may this user curate here?"""
    return interaction.guild_id is not None and interaction.permissions.manage_guild
