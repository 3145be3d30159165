"""Teaching: a question staff pick (usually one FactBot declined) becomes another way to ask
a fact in their server."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from bot.engine import Engine
from bot.knowledge import QUESTION_LIMIT, Fact
from bot.service.outcomes import Taught
from bot.service.picking import fit_choice
from bot.storage import Database, Unanswered

# How many of a server's unanswered questions teaching looks through, most frequent first.
LISTED = 100


def matching(items: Sequence[Unanswered], typed: str, limit: int) -> list[str]:
    """Of the first `limit` unanswered questions containing what is typed (any case), those
    not blank: what the teach command's autocomplete offers."""
    wanted = typed.casefold().strip()
    texts = [item.question for item in items if wanted in item.question.casefold()]
    return [text for text in texts[:limit] if text.strip()]


def candidates(engine: Engine, question: str, limit: int) -> list[Fact]:
    """The facts to offer for teaching `question`, `limit` at most (a picker's room): those
    closest to it first, then the others in the engine's order."""
    closest = [engine.fact(found.fact_id) for found in engine.complete(question, limit=limit)]
    offered: dict[str, Fact] = {}
    for fact in itertools.chain(closest, engine.facts()):
        if len(offered) >= limit:
            break
        if fact is not None:
            offered.setdefault(fact.id, fact)
    return list(offered.values())


async def teach(
    database: Database, engine: Engine, guild_id: int, question: str, fact_id: str
) -> Taught:
    """Save `question` as a phrasing of `fact_id` in the server, unless there is no such fact
    (or nothing to teach); the caller rebuilds the server's engine after a save."""
    fact = engine.fact(fact_id)
    # A question picked from autocomplete may come back clipped: find the whole one.
    listed = await database.unanswered(guild_id, limit=LISTED)
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
