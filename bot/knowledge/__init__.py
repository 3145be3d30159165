"""Fact packs: their models, loading them from disk and checking their quotes.

Pure: no Discord, no database. Everything else in FactBot builds on these models.
"""

from __future__ import annotations

from bot.knowledge.errors import KnowledgeError, PackError, PackProblem
from bot.knowledge.loader import load_pack, load_packs
from bot.knowledge.models import QUESTION_LIMIT, Conflict, Fact, Pack, Subject

__all__ = [
    "QUESTION_LIMIT",
    "Conflict",
    "Fact",
    "KnowledgeError",
    "Pack",
    "PackError",
    "PackProblem",
    "Subject",
    "load_pack",
    "load_packs",
]
