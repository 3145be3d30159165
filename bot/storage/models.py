"""What the database holds, as models: the rest of FactBot never sees a row."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.knowledge.models import QUESTION_LIMIT

FactText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
QuestionText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_LIMIT)
]


# The "server" under which questions asked in direct messages are logged.
DIRECT_MESSAGES = 0


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class FactDraft(_Model):
    """What staff write when they add or change a fact (the `/facts add` modal)."""

    question: QuestionText
    answer: FactText
    quote: FactText = Field(description="the source's own sentence, quoted in every answer")
    source: FactText = Field(description="a link to the source, or its title")
    phrasings: list[QuestionText] = Field(default=[], max_length=20)


class ServerFact(FactDraft):
    """A fact a server's staff added; it answers only in that server."""

    guild_id: int
    fact_id: str
    created_at: datetime
    updated_at: datetime


class GuildSettings(_Model):
    """A server's choices (`/settings`); None means FactBot's default."""

    guild_id: int
    private_replies: bool = False
    cooldown_questions: int | None = Field(default=None, ge=1, le=100)
    cooldown_seconds: float | None = Field(default=None, gt=0, le=3600)
    log_retention_days: int = Field(default=90, ge=1, le=3650)
    auto_answer_channels: frozenset[int] = frozenset()
    packs: frozenset[str] | None = Field(default=None, description="pack ids; None: all")


class Unanswered(_Model):
    """A question the bot declined, or whose answer got 👎, and how often it came up."""

    question: str
    reason: Literal["declined", "downvoted"]
    count: int
    first_asked: datetime
    last_asked: datetime


class Tally(_Model):
    """The votes on one answer."""

    up: int
    down: int


class Stats(_Model):
    """A server's questions over a window."""

    since: datetime
    asked: int
    answered: int
    top_facts: list[tuple[str, int]]
    up: int
    down: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0
