"""Server knowledge in SQLite: staff facts, votes, question logs and settings.

`database.py` is the only module that imports aiosqlite or holds SQL; it returns the models
of `models.py`.
"""

from __future__ import annotations

from bot.storage.database import SCHEMA_VERSION, Database, question_key
from bot.storage.errors import DatabaseBusyError, DatabaseError, StorageError
from bot.storage.models import (
    DIRECT_MESSAGES,
    FactDraft,
    GuildSettings,
    ServerFact,
    Stats,
    Tally,
    Unanswered,
)

__all__ = [
    "DIRECT_MESSAGES",
    "SCHEMA_VERSION",
    "Database",
    "DatabaseBusyError",
    "DatabaseError",
    "FactDraft",
    "GuildSettings",
    "ServerFact",
    "Stats",
    "StorageError",
    "Tally",
    "Unanswered",
    "question_key",
]
