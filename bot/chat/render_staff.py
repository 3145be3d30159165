"""Rendering what staff see: the unanswered list, statistics and the server's settings."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.chat.render import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, safe
from bot.storage import GuildSettings, Stats, Unanswered
from bot.text import clip

STAFF_ONLY = "Only members with the **Manage Server** permission can do that."
SERVER_ONLY = "That works only in a server, not in direct messages."


def unanswered_embed(items: Sequence[Unanswered]) -> discord.Embed:
    """The questions FactBot could not answer (or whose answer got 👎), most frequent first."""
    embed = discord.Embed(title="Questions I could not answer", colour=discord.Colour.orange())
    if not items:
        embed.description = "None so far: every question asked here got an answer."
        return embed
    room = DESCRIPTION_LIMIT // len(items) - 1
    lines = []
    for item in items:
        marker = " (\N{THUMBS DOWN SIGN})" if item.reason == "downvoted" else ""
        when = discord.utils.format_dt(item.last_asked, "R")
        line = f"**{item.count}\u00d7** {safe(item.question)}{marker} \u00b7 last {when}"
        lines.append(clip(line, room))
    embed.description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    embed.set_footer(text="Teach one below (or with /facts teach) and I answer it from now on.")
    return embed


def stats_embed(stats: Stats, window: str, questions: dict[str, str]) -> discord.Embed:
    """Questions asked, the answer rate, the most-asked facts and the votes, over a window."""
    embed = discord.Embed(title=f"FactBot in this server: {window}", colour=discord.Colour.blue())
    embed.add_field(name="Questions", value=f"{stats.asked:,}", inline=True)
    embed.add_field(name="Answered", value=f"{stats.answer_rate:.0%}", inline=True)
    embed.add_field(
        name="Feedback",
        value=f"\N{THUMBS UP SIGN} {stats.up:,} \u00b7 \N{THUMBS DOWN SIGN} {stats.down:,}",
        inline=True,
    )
    top = "\n".join(
        f"{count:,}\u00d7 {safe(questions.get(fact_id, fact_id))}"
        for fact_id, count in stats.top_facts
    )
    embed.add_field(
        name="Most asked", value=clip(top or "nothing yet", FIELD_VALUE_LIMIT), inline=False
    )
    return embed


def settings_embed(
    chosen: GuildSettings, default_cooldown: tuple[int, float], intent_on: bool
) -> discord.Embed:
    """The server's settings, with FactBot's defaults where the server chose none."""
    questions, seconds = default_cooldown
    embed = discord.Embed(title="FactBot settings for this server", colour=discord.Colour.blue())
    embed.add_field(
        name="Replies to /ask",
        value="private by default" if chosen.private_replies else "public by default",
        inline=False,
    )
    embed.add_field(
        name="Cooldown",
        value=f"{chosen.cooldown_questions or questions} questions per "
        f"{chosen.cooldown_seconds or seconds:g} s per member",
        inline=False,
    )
    channels = ", ".join(f"<#{channel}>" for channel in sorted(chosen.auto_answer_channels))
    auto = channels or "none"
    if channels and not intent_on:
        auto += " (inactive: the bot runs without the message-content intent)"
    embed.add_field(name="Auto-answer channels", value=clip(auto, FIELD_VALUE_LIMIT), inline=False)
    embed.add_field(
        name="Question logs kept", value=f"{chosen.log_retention_days} days", inline=False
    )
    packs = "all" if chosen.packs is None else ", ".join(f"`{p}`" for p in sorted(chosen.packs))
    embed.add_field(name="Fact packs", value=clip(packs, FIELD_VALUE_LIMIT), inline=False)
    return embed
