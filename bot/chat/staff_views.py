"""The staff's dialogs: the fact modal, the remove confirmation, and teaching a question.

These hold state for one staff member for a few minutes, so they are ordinary views with a
timeout (not persistent): after a restart the staff member simply runs the command again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord
from pydantic import ValidationError

from bot.chat.permissions import staff_guild
from bot.chat.render import CONTENT_LIMIT
from bot.chat.replies import TEACH_IN_SERVERS, Reply, taught_text
from bot.chat.views import BUSY
from bot.knowledge import QUESTION_LIMIT
from bot.storage import DatabaseBusyError, FactDraft, Unanswered
from bot.text import clip

if TYPE_CHECKING:
    from bot.chat.client import FactBot

ClientT = TypeVar("ClientT", bound=discord.Client)  # discord.py's callbacks are generic in it
SaveFact = Callable[[discord.Interaction[Any], FactDraft], Awaitable[None]]
FIELD_LABELS = {
    "question": "Question",
    "answer": "Short answer",
    "quote": "Source quote",
    "source": "Source link or title",
    "phrasings": "Other ways to ask",
}
OPTION_LIMIT = 100
SELECT_LIMIT = 25  # options a select may hold


def _bot(interaction: discord.Interaction[Any]) -> FactBot:
    return cast("FactBot", interaction.client)


async def _failed(interaction: discord.Interaction[Any], error: Exception, where: str) -> None:
    """A dialog's step that raised: a busy database is the user's to retry (nothing was
    saved), anything else is FactBot's failure, logged and apologised for."""
    bot = _bot(interaction)
    if isinstance(error, DatabaseBusyError):
        await bot.respond(interaction, Reply(content=BUSY), private=True)
        return
    await bot.report_failure(where, error, interaction)


def draft_from(values: dict[str, str]) -> FactDraft:
    """The modal's text as a fact; ValidationError names the field that is wrong."""
    phrasings = [line.strip() for line in values.get("phrasings", "").splitlines() if line.strip()]
    return FactDraft(
        question=values.get("question", ""),
        answer=values.get("answer", ""),
        quote=values.get("quote", ""),
        source=values.get("source", ""),
        phrasings=phrasings,
    )


def problems_text(error: ValidationError) -> str:
    """Pydantic's errors in the modal's own words: which box, and what is wrong."""
    lines = ["That fact was not saved:"]
    for detail in error.errors():
        location = [str(part) for part in detail["loc"]]
        label = FIELD_LABELS.get(location[0], location[0]) if location else "fact"
        if len(location) > 1:
            label += f", line {int(location[1]) + 1}"
        lines.append(f"\u2022 {label}: {detail['msg']}")
    lines.append("Press **Fix it** to get your text back and correct it.")
    return clip("\n".join(lines), CONTENT_LIMIT)


class FactModal(discord.ui.Modal):
    """Question, answer, source quote, source, alternate phrasings: one fact."""

    def __init__(self, title: str, save: SaveFact, values: dict[str, str] | None = None) -> None:
        super().__init__(title=title, timeout=900)
        self.save = save
        given = values or {}
        paragraph = discord.TextStyle.paragraph
        self.inputs = {
            "question": discord.ui.TextInput[FactModal](
                label="Question", max_length=QUESTION_LIMIT, default=given.get("question")
            ),
            "answer": discord.ui.TextInput[FactModal](
                label="Short answer", max_length=1000, default=given.get("answer")
            ),
            "quote": discord.ui.TextInput[FactModal](
                label="Source quote (the source's exact words)",
                style=paragraph,
                max_length=1000,
                default=given.get("quote"),
            ),
            "source": discord.ui.TextInput[FactModal](
                label="Source link or title", max_length=1000, default=given.get("source")
            ),
            "phrasings": discord.ui.TextInput[FactModal](
                label="Other ways to ask (one a line, optional)",
                style=paragraph,
                required=False,
                max_length=4000,
                default=given.get("phrasings"),
            ),
        }
        for text_input in self.inputs.values():
            self.add_item(text_input)

    def values(self) -> dict[str, str]:
        return {name: text_input.value for name, text_input in self.inputs.items()}

    async def on_submit(self, interaction: discord.Interaction[ClientT]) -> None:
        values = self.values()
        try:
            draft = draft_from(values)
        except ValidationError as error:
            retry = RetryView(self.title, self.save, values)
            await interaction.response.send_message(
                problems_text(error), view=retry, ephemeral=True
            )
            return
        await self.save(interaction, draft)

    # discord.py's Modal narrows BaseView.on_error (no item argument); mypy sees the base.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[ClientT], error: Exception, /
    ) -> None:
        if isinstance(error, DatabaseBusyError):
            # Nothing was saved: keep what was typed for a second try.
            retry = RetryView(self.title, self.save, self.values(), label="Try again")
            await _bot(interaction).respond(
                interaction, Reply(content=BUSY, view=retry), private=True
            )
            return
        await _failed(interaction, error, "the fact form")


class RetryView(discord.ui.View):
    """Reopens the fact modal with what the staff member typed, so nothing is lost."""

    def __init__(
        self, title: str, save: SaveFact, values: dict[str, str], label: str = "Fix it"
    ) -> None:
        super().__init__(timeout=900)
        self.title, self.save, self.values = title, save, values
        self.fix.label = label

    @discord.ui.button(label="Fix it", style=discord.ButtonStyle.primary)
    async def fix(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[RetryView]
    ) -> None:
        await interaction.response.send_modal(FactModal(self.title, self.save, self.values))


class ConfirmView(discord.ui.View):
    """Remove / Cancel for the staff member who asked; anyone else is turned away."""

    def __init__(self, owner_id: int, confirm: Callable[[], Awaitable[str]]) -> None:
        super().__init__(timeout=120)
        self.owner_id, self.confirm = owner_id, confirm

    async def interaction_check(self, interaction: discord.Interaction[ClientT]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("This is not your dialog.", ephemeral=True)
        return False

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await _failed(interaction, error, "the remove dialog")

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def remove(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmView]
    ) -> None:
        if await staff_guild(interaction) is None:
            return
        self.stop()
        outcome = await self.confirm()
        await interaction.response.edit_message(content=outcome, view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was removed.", view=None)


class TeachView(discord.ui.View):
    """Pick an unanswered question, then the fact that answers it."""

    def __init__(self, owner_id: int, items: Sequence[Unanswered]) -> None:
        super().__init__(timeout=600)
        self.owner_id = owner_id
        self.items = list(items[:SELECT_LIMIT])
        self.question: str | None = None
        self.questions = discord.ui.Select[TeachView](
            placeholder="Teach me one of these questions\u2026",
            options=[
                discord.SelectOption(label=clip(item.question, OPTION_LIMIT), value=str(number))
                for number, item in enumerate(self.items)
            ],
        )
        self.questions.callback = self.pick_question  # type: ignore[method-assign]
        self.facts = discord.ui.Select[TeachView](
            placeholder="\u2026as another way to ask this fact", row=1
        )
        self.facts.callback = self.pick_fact  # type: ignore[method-assign]
        self.add_item(self.questions)

    async def interaction_check(self, interaction: discord.Interaction[ClientT], /) -> bool:
        return interaction.user.id == self.owner_id

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await _failed(interaction, error, "the teach dialog")

    async def pick_question(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = await staff_guild(interaction)
        if guild_id is None:
            return
        self.question = self.items[int(self.questions.values[0])].question
        service = _bot(interaction).service
        offered = await service.teach_candidates(guild_id, self.question, SELECT_LIMIT)
        if not offered:
            self.stop()
            text = "There are no facts here to teach it to yet: add one with `/facts add`."
            await interaction.response.edit_message(content=text, embed=None, view=None)
            return
        self.facts.options = [
            discord.SelectOption(label=clip(fact.question, OPTION_LIMIT), value=fact.id)
            for fact in offered
        ]
        if self.facts not in self.children:
            self.add_item(self.facts)
        text = clip(f"Which fact answers \u201c{self.question}\u201d?", CONTENT_LIMIT)
        await interaction.response.edit_message(content=text, view=self)

    async def pick_fact(self, interaction: discord.Interaction[Any]) -> None:
        if await staff_guild(interaction) is None:
            return
        if self.question is None:
            await interaction.response.defer()
            return
        guild_id = interaction.guild_id
        if guild_id is None:
            outcome = TEACH_IN_SERVERS
        else:
            service = _bot(interaction).service
            outcome = taught_text(
                await service.teach(guild_id, self.question, self.facts.values[0])
            )
        self.stop()
        await interaction.response.edit_message(content=outcome, embed=None, view=None)
