"""The Answer model: the public contract of `factbot ask --json` and what adapters render."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Suggestion(BaseModel):
    """A close question the bot can answer, offered instead of a guess."""

    model_config = ConfigDict(frozen=True)

    fact_id: str
    question: str


class Nearby(BaseModel):
    """What the article does say close to a question it doesn't answer: the question named
    someone or something (`named`) the article never ties to this fact. Not the answer."""

    model_config = ConfigDict(frozen=True)

    named: str
    fact_id: str
    question: str
    answer: str
    sources: list[str]


class Answer(BaseModel):
    """The engine's reply to one question.

    `sources` hold the article's sentences exactly as printed. When `answered` is false the bot
    declined: `answer` and `fact_id` are null and `suggestions` may offer close questions.
    A message that is conversation, not a question (a greeting, thanks, "help", a lone
    word), has its kind in `intent` and the bot's reply in `reply`, and is not answered.
    A question about someone the article doesn't tie to the fact it came close to is
    declined with that fact in `nearby`.
    """

    model_config = ConfigDict(frozen=True)

    question: str
    answered: bool
    answer: str | None = None
    sources: list[str] = []
    fact_id: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    suggestions: list[Suggestion] = []
    notes: list[str] = []
    intent: str | None = None
    reply: str | None = None
    # For a follow-up answered with the previous answer's context: what it was taken to ask.
    context: str | None = None
    nearby: Nearby | None = None
