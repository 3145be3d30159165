"""Rendering an Answer as a Discord message, always within Discord's limits.

Pure functions, tested without a gateway. Quotes are escaped, not altered: Discord shows an
escaped `*` as `*`, so the reader sees the article's sentence exactly as printed.
"""

from __future__ import annotations

import math
import re

import discord

from bot.engine import Answer
from bot.engine.answer import Nearby
from bot.knowledge import Pack
from bot.service.outcomes import Overview
from bot.service.pages import FactPage
from bot.text import clip

# Discord's limits for one message (https://discord.com/developers/docs/resources/message).
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000

ANSWER_COLOUR = discord.Colour.green()
NOTE_COLOUR = discord.Colour.gold()
STAFF_COLOUR = discord.Colour.blurple()
DECLINED = "The article doesn't say, as far as I can tell."
# "fact solid-state-release · confidence 100%", maybe after "Added by this server's staff · ".
_ANSWERED_FACT = re.compile(r"(?:^|\u00b7 )fact (\S+) \u00b7 confidence ")


def safe(text: str) -> str:
    """Text shown literally: no markdown formatting, no mention syntax."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def answer_embed(answer: Answer, source_title: str, staff_added: bool = False) -> discord.Embed:
    """The answer as an embed: short answer, the source's sentence(s), source, confidence.

    A fact a server's staff added says so, and names the source the staff gave.
    """
    embed = discord.Embed(
        title=clip(safe(answer.answer or DECLINED), TITLE_LIMIT),
        colour=STAFF_COLOUR if staff_added else NOTE_COLOUR if answer.notes else ANSWER_COLOUR,
    )
    if answer.context:  # a follow-up: what it was taken to ask, above the answer
        embed.set_author(name=clip(safe(answer.context) + ":", AUTHOR_LIMIT))
    footer = f"fact {answer.fact_id} \u00b7 confidence {answer.confidence:.0%}"
    if staff_added:
        footer = f"Added by this server's staff \u00b7 {footer}"
    embed.set_footer(text=clip(footer, FOOTER_LIMIT))
    embed.add_field(name="Source", value=clip(safe(source_title), FIELD_VALUE_LIMIT), inline=False)
    # A contradiction in the article, and another article that answers as well: both show.
    for note in answer.notes[:2]:
        embed.add_field(name="Note", value=clip(safe(note), FIELD_VALUE_LIMIT), inline=False)
    if answer.suggestions:
        related = "\n".join(f"\u2022 {safe(s.question)}" for s in answer.suggestions[:3])
        embed.add_field(name="Related", value=clip(related, FIELD_VALUE_LIMIT), inline=False)
    room = max(1, EMBED_TOTAL_LIMIT - len(embed))
    quotes = "\n".join(f"> {safe(sentence)}" for sentence in answer.sources)
    embed.description = clip(quotes, min(DESCRIPTION_LIMIT, room))
    return embed


def answered_fact(footer: str | None) -> str | None:
    """The fact an answer of FactBot's gave, from its embed's footer (`answer_embed`), for a
    reply to it to follow; None for a footer that is not an answer's."""
    found = _ANSWERED_FACT.search(footer or "")
    return found.group(1) if found else None


def decline_text(answer: Answer) -> str:
    """A plain reply for a declined question (or conversation's own reply), naming the close
    questions it can answer."""
    lines = [safe(answer.reply) if answer.reply else DECLINED]
    if answer.nearby is not None:
        lines = nearby_lines(answer.nearby)
    if answer.suggestions:
        lines.append("Close questions I can answer:")
        lines += [f"\u2022 {safe(s.question)}" for s in answer.suggestions[:3]]
    return clip("\n".join(lines), CONTENT_LIMIT)


def nearby_lines(nearby: Nearby) -> list[str]:
    """A near miss said honestly: what the article doesn't tie to whom the question named,
    then what it does say nearby, quoted, marked as not the answer."""
    return [
        f"The article doesn't say that about {safe(nearby.named)}.",
        "What it says nearby (not an answer to your question):",
        f"**{safe(nearby.question)}** {safe(nearby.answer)}",
        *(f"> {safe(sentence)}" for sentence in nearby.sources),
    ]


def source_title(pack: Pack) -> str:
    """How an answer names its article: the title, with the link when the pack has one."""
    return _titled(pack.pack.title, pack.pack.url)


def _titled(title: str, url: str | None) -> str:
    return f"{title} ({url})" if url else title


def help_text(served: Overview, prefix: str | None) -> str:
    """How to use FactBot, for /help, "help" in a DM and a bare mention."""
    titles = "\n".join(f"\u2022 {safe(source.title)}" for source in served.sources)
    example = safe(served.example or "What does the article say?")
    lines = [
        "**FactBot** answers questions about:",
        titles,
        "",
        "Every answer quotes the article's own sentence, so you can check it; when the "
        "article doesn't say, I say so instead of guessing.",
        "",
        "**How to ask**",
        f"\u2022 Mention me in a server: @FactBot {example}",
        "\u2022 Reply to one of my messages with a follow-up question.",
        "\u2022 Send me a direct message: every message is a question.",
        "\u2022 `/ask` suggests known questions as you type.",
        "\u2022 Right-click a message \u2192 Apps \u2192 **Check against the facts**.",
    ]
    if prefix:
        lines.append(f"\u2022 Start a message with `{prefix}`: {safe(prefix)} {example}")
    lines += [
        "",
        "**More**: `/facts list` shows every fact, `/facts show` one of them, "
        "`/about` the sources and the invite link.",
    ]
    return clip("\n".join(lines), CONTENT_LIMIT)


def about_embed(served: Overview, invite_url: str | None) -> discord.Embed:
    """The sources FactBot answers from, how many facts, and how to add it to a server."""
    embed = discord.Embed(
        title="About FactBot",
        description=clip(
            "I answer questions from a curated base of an article's claims and quote the "
            "article's own sentence with every answer. I never guess: when the article doesn't "
            "say, I tell you so.",
            DESCRIPTION_LIMIT,
        ),
        colour=ANSWER_COLOUR,
    )
    sources = "\n".join(
        f"\u2022 {safe(_titled(source.title, source.url))}: {source.facts} facts"
        for source in served.sources
    )
    embed.add_field(name="Sources", value=clip(sources or "none", FIELD_VALUE_LIMIT), inline=False)
    embed.add_field(name="Facts loaded", value=str(served.fact_count), inline=True)
    if invite_url:
        link = f"[Add FactBot to a server]({invite_url})"
        embed.add_field(name="Invite", value=link, inline=True)
    return embed


def fact_page_embed(page: FactPage, number: int, total: int) -> discord.Embed:
    """A page of the fact list: each canonical question with its short answer."""
    embed = discord.Embed(title=clip(f"Facts: {safe(page.subject)}", TITLE_LIMIT))
    room = DESCRIPTION_LIMIT // max(1, len(page.facts)) - 1
    lines = [
        clip(f"**{safe(fact.question)}**\n{safe(fact.answer)} `{fact.id}`", room)
        for fact in page.facts
    ]
    embed.description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    embed.set_footer(text=f"Page {number} of {total}")
    return embed


def cooldown_text(retry_after: float) -> str:
    seconds = max(1, math.ceil(retry_after))
    return (
        f"You're asking faster than I can keep up with: please wait {seconds} "
        f"second{'s' if seconds != 1 else ''} before your next question."
    )
