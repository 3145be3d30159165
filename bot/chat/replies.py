"""What the service returns, as the Discord message to send.

Shared by every way of asking so the look of an answer, a decline and a notice is the same in
chat, slash commands, buttons and the context menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.chat.render import (
    CONTENT_LIMIT,
    answer_embed,
    cooldown_text,
    decline_text,
    safe,
    source_title,
)
from bot.chat.views import answer_view
from bot.engine import Answer
from bot.service import (
    Answered,
    Outcome,
    Reloaded,
    Taught,
    Unaskable,
    UnknownFact,
    Wait,
)
from bot.text import clip

UNKNOWN_FACT = "That fact is no longer in my base; ask the question again to get a fresh answer."
TEACH_IN_SERVERS = "Teaching works only in a server."
NO_FACT_TO_TEACH = "No such fact here; pick one from the list."


@dataclass(frozen=True)
class Reply:
    """What to send. `private` replies are ephemeral where the reply is to an interaction.

    `repeat_notice` marks a cooldown notice the member has already had: chat skips it (so a
    spammer gets one notice a window), interactions, which must be answered, show it privately.
    """

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    private: bool = False
    repeat_notice: bool = False
    answer: Answer | None = None

    def message_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `send`, `reply` and `send_message`, leaving out what is unset."""
        kwargs: dict[str, Any] = {"content": self.content}
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        return kwargs


def reply_to(outcome: Outcome) -> Reply:
    """The reply to a question: the answer, or a private notice saying why there is none."""
    if isinstance(outcome, Wait):
        notice = cooldown_text(outcome.retry_after)
        return Reply(content=notice, private=True, repeat_notice=outcome.already_warned)
    if isinstance(outcome, Unaskable):
        return Reply(content=outcome.reason, private=True)
    if isinstance(outcome, UnknownFact):
        return Reply(content=UNKNOWN_FACT, private=True)
    return render(outcome)


def render(answered: Answered) -> Reply:
    """An answer as an embed (with vote buttons when logged), a decline as plain text; close
    questions as buttons."""
    answer = answered.answer
    view = answer_view(answer.suggestions, answered.answer_id)
    if answered.fact is None or answered.pack is None:
        return Reply(content=decline_text(answer), view=view, answer=answer)
    source = answered.fact.origin or source_title(answered.pack)
    embed = answer_embed(answer, source, staff_added=answered.staff_added)
    return Reply(embed=embed, view=view, answer=answer)


def taught_text(taught: Taught) -> str:
    """What staff are told after teaching a question."""
    if taught.fact is None:
        return NO_FACT_TO_TEACH
    return clip(
        f"Taught: \u201c{safe(taught.phrasing)}\u201d now gets the answer of "
        f"**{safe(taught.fact.question)}** in this server.",
        CONTENT_LIMIT,
    )


def reloaded_text(reloaded: Reloaded) -> str:
    """What the owner is told after `/reload`: what was loaded, or every problem found."""
    if reloaded.problems is not None:
        kept = f"{reloaded.packs} packs, {reloaded.facts} facts"
        text = f"Not reloaded; still serving the last good packs ({kept}).\n{reloaded.problems}"
        return clip(text, CONTENT_LIMIT)
    plural = "s" if reloaded.packs != 1 else ""
    return f"Reloaded: {reloaded.packs} pack{plural}, {reloaded.facts} facts."
