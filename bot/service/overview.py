"""What a server is answered from, for /help and /about: worked out from its own view of the
packs, so a server serving some packs, or hiding facts, is told what it really gets."""

from __future__ import annotations

from bot.engine import Engine
from bot.service.outcomes import Overview, Source


def overview(engine: Engine) -> Overview:
    """The sources `engine` answers from, each with the facts it serves of it."""
    sources = [
        Source(pack.pack.title, pack.pack.url, len(engine.facts_of(pack.id)))
        for pack in engine.packs
    ]
    return Overview(sources, engine.fact_count, engine.example_question)
