"""Buttons: close questions that answer when clicked, and the pages of `/facts list`.

Both are dynamic items: everything a click needs is in its `custom_id`, so they keep working
after a restart and the bot holds no state per message sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.chat.render import fact_page_embed
from bot.engine import Suggestion
from bot.service import ListedPage
from bot.storage import DatabaseBusyError
from bot.text import clip

if TYPE_CHECKING:
    from bot.chat.client import FactBot

BUTTON_LABEL_LIMIT = 80
BUSY = "I'm busy saving other things right now; please try again in a moment."


class _Reported:
    """Button behaviour shared by FactBot's dynamic buttons: a click that raises is logged,
    counted and apologised for, like a failing slash command (discord.py only logs it)."""

    item: discord.ui.Button[Any]

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        bot = cast("FactBot", interaction.client)
        try:
            await self.clicked(bot, interaction)
        except Exception as error:
            await bot.report_failure(f"button {self.item.custom_id}", error, interaction)

    async def clicked(self, bot: FactBot, interaction: discord.Interaction[discord.Client]) -> None:
        raise NotImplementedError


class AskButton(
    _Reported,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"factbot:ask:(?P<fact_id>[a-z0-9-]{1,64})",
):
    """A close question; clicking it answers that fact."""

    def __init__(self, fact_id: str, question: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(question or fact_id, BUTTON_LABEL_LIMIT),
                style=discord.ButtonStyle.secondary,
                custom_id=f"factbot:ask:{fact_id}",
            )
        )
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AskButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(match["fact_id"], label or "")

    async def clicked(self, bot: FactBot, interaction: discord.Interaction[discord.Client]) -> None:
        # Here, not at the top: the replies module renders answers with these buttons.
        from bot.chat.replies import reply_to

        asked = await bot.service.ask_fact(interaction.user.id, interaction.guild_id, self.fact_id)
        reply = reply_to(asked)
        message = interaction.message
        private = bool(message is not None and message.flags.ephemeral)
        await bot.respond(interaction, reply, private=private)


class PageButton(
    _Reported,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"factbot:page:(?P<page>[0-9]{1,4}):(?P<side>prev|next)",
):
    """Previous / next in `/facts list`; the target page is in the custom id."""

    def __init__(self, page: int, side: str, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="\u25c0 Previous" if side == "prev" else "Next \u25b6",
                style=discord.ButtonStyle.primary,
                custom_id=f"factbot:page:{page}:{side}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PageButton:
        return cls(int(match["page"]), match["side"])

    async def clicked(self, bot: FactBot, interaction: discord.Interaction[discord.Client]) -> None:
        listed = await bot.service.fact_page(interaction.guild_id, self.page)
        embed, view = fact_page_message(listed)
        await interaction.response.edit_message(embed=embed, view=view)


class VoteButton(
    _Reported,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"factbot:vote:(?P<answer_id>[0-9]{1,19}):(?P<side>up|down)",
):
    """👍 / 👎 on an answer; one vote per person, changeable, kept across restarts."""

    def __init__(self, answer_id: int, up: bool) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="\N{THUMBS UP SIGN}" if up else "\N{THUMBS DOWN SIGN}",
                style=discord.ButtonStyle.secondary,
                custom_id=f"factbot:vote:{answer_id}:{'up' if up else 'down'}",
                row=1,
            )
        )
        self.answer_id = answer_id
        self.up = up

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        return cls(int(match["answer_id"]), match["side"] == "up")

    async def clicked(self, bot: FactBot, interaction: discord.Interaction[discord.Client]) -> None:
        voter, server = interaction.user.id, interaction.guild_id
        try:
            tally = await bot.service.vote(self.answer_id, voter, server, self.up)
        except DatabaseBusyError:
            await interaction.response.send_message(BUSY, ephemeral=True)
            return
        if tally is None:
            text = "That answer is too old to vote on now; thanks all the same."
        else:
            text = (
                f"Thanks for the feedback! This answer has \N{THUMBS UP SIGN} {tally.up} "
                f"\u00b7 \N{THUMBS DOWN SIGN} {tally.down}. You can change your vote."
            )
        await interaction.response.send_message(text, ephemeral=True)


def answer_view(suggestions: Sequence[Suggestion], answer_id: int | None) -> discord.ui.View | None:
    """Up to three close questions as buttons, and 👍 / 👎 under a logged answer."""
    if not suggestions and answer_id is None:
        return None
    view = discord.ui.View(timeout=None)
    for suggestion in suggestions[:3]:
        view.add_item(AskButton(suggestion.fact_id, suggestion.question))
    if answer_id is not None:
        view.add_item(VoteButton(answer_id, up=True))
        view.add_item(VoteButton(answer_id, up=False))
    return view


def pager_view(page: int, total: int) -> discord.ui.View:
    """Previous and next buttons for page `page` (0-based) of `total`."""
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton(max(page - 1, 0), "prev", disabled=page <= 0))
    view.add_item(PageButton(min(page + 1, total - 1), "next", disabled=page >= total - 1))
    return view


def fact_page_message(listed: ListedPage) -> tuple[discord.Embed, discord.ui.View]:
    """A page of `/facts list` with its Previous / Next buttons."""
    embed = fact_page_embed(listed.page, listed.number, listed.total)
    return embed, pager_view(listed.number - 1, listed.total)
