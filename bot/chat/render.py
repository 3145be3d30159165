"""Rendering an Answer as a Discord message, always within Discord's limits.

Pure functions, tested without a gateway. Quotes are escaped, not altered: Discord shows an
escaped `*` as `*`, so the reader sees the article's sentence exactly as printed.
"""

from __future__ import annotations

import discord

from bot.engine import Answer

# Discord's limits for one message (https://discord.com/developers/docs/resources/message).
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

ANSWER_COLOUR = discord.Colour.green()
NOTE_COLOUR = discord.Colour.gold()
DECLINED = "The article doesn't say, as far as I can tell."


def clip(text: str, limit: int) -> str:
    """The text cut to `limit` characters, with an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def safe(text: str) -> str:
    """Text shown literally: no markdown formatting, no mention syntax."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def answer_embed(answer: Answer, source_title: str) -> discord.Embed:
    """The answer as an embed: short answer, the article's sentence(s), source, confidence."""
    embed = discord.Embed(
        title=clip(safe(answer.answer or DECLINED), TITLE_LIMIT),
        colour=NOTE_COLOUR if answer.notes else ANSWER_COLOUR,
    )
    footer = clip(f"fact {answer.fact_id} \u00b7 confidence {answer.confidence:.0%}", FOOTER_LIMIT)
    embed.set_footer(text=footer)
    embed.add_field(name="Source", value=clip(safe(source_title), FIELD_VALUE_LIMIT), inline=False)
    for note in answer.notes[:1]:
        embed.add_field(name="Note", value=clip(safe(note), FIELD_VALUE_LIMIT), inline=False)
    if answer.suggestions:
        related = "\n".join(f"\u2022 {safe(s.question)}" for s in answer.suggestions[:3])
        embed.add_field(name="Related", value=clip(related, FIELD_VALUE_LIMIT), inline=False)
    room = max(1, EMBED_TOTAL_LIMIT - len(embed))
    quotes = "\n".join(f"> {safe(sentence)}" for sentence in answer.sources)
    embed.description = clip(quotes, min(DESCRIPTION_LIMIT, room))
    return embed


def decline_text(answer: Answer) -> str:
    """A plain reply for a declined question, naming the close questions it can answer."""
    lines = [DECLINED]
    if answer.suggestions:
        lines.append("Close questions I can answer:")
        lines += [f"\u2022 {safe(s.question)}" for s in answer.suggestions[:3]]
    return clip("\n".join(lines), CONTENT_LIMIT)
