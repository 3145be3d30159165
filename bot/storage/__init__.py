"""Server knowledge in SQLite or PostgreSQL: staff facts, votes, question logs and settings,
and the identify turns a bot's processes share.

Only this package imports aiosqlite or asyncpg or holds SQL, and it hands out the models of
`models.py`: `connection` and `postgres` (the connections, with write locks and busy
back-off), `schema` (migrations), one module per kind of record, `identify_gate`, and
`database` (`Database`, all of them).
"""

from __future__ import annotations

from bot.storage.database import Database
from bot.storage.errors import DatabaseBusyError, DatabaseError, StorageError
from bot.storage.identify_gate import IdentifyGate
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
    "IdentifyGate",
    "ServerFact",
    "Stats",
    "StorageError",
    "Tally",
    "Unanswered",
    "question_key",
]
