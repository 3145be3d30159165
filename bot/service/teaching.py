"""Teaching: a question staff pick (usually one FactBot declined) becomes another way to ask
a fact in their server."""

from __future__ import annotations

from bot.engine import Engine
from bot.knowledge import QUESTION_LIMIT
from bot.service.outcomes import Taught
from bot.service.picking import fit_choice
from bot.storage import Database


async def teach(
    database: Database, engine: Engine, guild_id: int, question: str, fact_id: str
) -> Taught:
    """Save `question` as a phrasing of `fact_id` in the server, unless there is no such fact
    (or nothing to teach); the caller rebuilds the server's engine after a save."""
    fact = engine.fact(fact_id)
    # A question picked from autocomplete may come back clipped: find the whole one.
    listed = await database.unanswered(guild_id, limit=100)
    asked = next(
        (
            item.question
            for item in listed
            if question in (item.question, fit_choice(item.question))
        ),
        question,
    )
    phrasing = " ".join(asked.split())[:QUESTION_LIMIT]
    if fact is None or not phrasing:
        return Taught(phrasing, None)
    await database.teach(guild_id, fact_id, phrasing, asked=asked)
    return Taught(phrasing, fact)
