"""FactBot's business logic, with no Discord in it: what every front end (the Discord bot,
the command line) calls, and renders the plain data it returns its own way."""

from __future__ import annotations

from bot.service.outcomes import (
    Answered,
    Outcome,
    Reloaded,
    ServerStats,
    Taught,
    Unaskable,
    UnknownFact,
    Wait,
)
from bot.service.pages import FactPage, ListedPage
from bot.service.reloading import load_engine
from bot.service.service import FactService

__all__ = [
    "Answered",
    "FactPage",
    "FactService",
    "ListedPage",
    "Outcome",
    "Reloaded",
    "ServerStats",
    "Taught",
    "Unaskable",
    "UnknownFact",
    "Wait",
    "load_engine",
]
