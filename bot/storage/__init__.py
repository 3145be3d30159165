"""Server knowledge in SQLite: staff facts, votes, question logs and settings.

Only this package imports aiosqlite or holds SQL, and it hands out the models of `models.py`:
`connection` (the writer with its lock and busy back-off, and the read-only reader), `schema`
(migrations), one module per kind of record, and `database` (`Database`, all of them).
"""

from __future__ import annotations

from bot.storage.database import Database
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
from bot.storage.schema import SCHEMA_VERSION
from bot.storage.unanswered import question_key

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
