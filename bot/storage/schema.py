"""The database layout, as migration steps, and the check that runs them on open.

A SQLite file records its schema in `PRAGMA user_version`, a PostgreSQL database in its
`factbot_schema` table; opening one runs the steps it lacks, in one transaction, so a database
is always at a released schema. The steps are written for SQLite; PostgreSQL takes them in
its own types (`postgres.postgres_ddl`).
"""

from __future__ import annotations

import logging
import sqlite3

from bot.storage.connection import unusable
from bot.storage.errors import DatabaseError
from bot.storage.store import Store

log = logging.getLogger(__name__)

# Schema versions: MIGRATIONS[n] takes a database from version n to n + 1. Never edit a
# released step; add a new one.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE server_facts (
            guild_id INTEGER NOT NULL,
            fact_id TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            quote TEXT NOT NULL,
            source TEXT NOT NULL,
            phrasings TEXT NOT NULL DEFAULT '[]',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (guild_id, fact_id)
        )""",
        """CREATE TABLE hidden_facts (
            guild_id INTEGER NOT NULL,
            fact_id TEXT NOT NULL,
            PRIMARY KEY (guild_id, fact_id)
        )""",
        """CREATE TABLE taught_phrasings (
            guild_id INTEGER NOT NULL,
            fact_id TEXT NOT NULL,
            phrasing TEXT NOT NULL,
            taught_at REAL NOT NULL,
            PRIMARY KEY (guild_id, fact_id, phrasing)
        )""",
        """CREATE TABLE answers (
            answer_id INTEGER PRIMARY KEY,
            guild_id INTEGER NOT NULL,
            fact_id TEXT NOT NULL,
            question TEXT NOT NULL,
            answered_at REAL NOT NULL
        )""",
        "CREATE INDEX answers_by_time ON answers (answered_at)",
        """CREATE TABLE votes (
            answer_id INTEGER NOT NULL REFERENCES answers (answer_id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            value INTEGER NOT NULL CHECK (value IN (-1, 1)),
            voted_at REAL NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        )""",
        """CREATE TABLE questions (
            guild_id INTEGER NOT NULL,
            fact_id TEXT,
            asked_at REAL NOT NULL
        )""",
        "CREATE INDEX questions_by_guild ON questions (guild_id, asked_at)",
        """CREATE TABLE unanswered (
            guild_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            question TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('declined', 'downvoted')),
            count INTEGER NOT NULL,
            first_asked REAL NOT NULL,
            last_asked REAL NOT NULL,
            PRIMARY KEY (guild_id, key)
        )""",
        """CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            private_replies INTEGER NOT NULL DEFAULT 0,
            cooldown_questions INTEGER,
            cooldown_seconds REAL,
            log_retention_days INTEGER NOT NULL DEFAULT 90,
            auto_answer_channels TEXT NOT NULL DEFAULT '[]'
        )""",
    ],
    # 2: a server may choose which fact packs it answers from (NULL: all of them).
    ["ALTER TABLE guild_settings ADD COLUMN packs TEXT"],
    # 3: the last fact number a server used, so a removed fact's id is never given again
    # (old "ask" buttons and stats name facts by id).
    [
        """CREATE TABLE fact_numbers (
            guild_id INTEGER PRIMARY KEY,
            last_number INTEGER NOT NULL
        )""",
        """INSERT INTO fact_numbers (guild_id, last_number)
            SELECT guild_id, MAX(CAST(substr(fact_id, 8) AS INTEGER)) FROM server_facts
            WHERE fact_id LIKE 'server-%' GROUP BY guild_id""",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


async def schema_version(connection: Store) -> int:
    return await connection.version()


async def migrate(connection: Store) -> None:
    """Run the missing steps; logged once committed, as created (schema 0: a new database)
    or upgraded, so that an operator can tell a fresh database from an old one."""
    try:
        async with connection.write() as db:
            version = await db.version()
            _refuse_newer(connection, version)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    await db.execute(db.ddl(statement))
            await db.set_version(SCHEMA_VERSION)
    except sqlite3.DatabaseError as error:
        assert connection.path is not None  # only a SQLite file raises it
        raise unusable(connection.path, error) from error
    if version == 0:
        log.info("Database %s created at schema %d", connection.name, SCHEMA_VERSION)
    elif version < SCHEMA_VERSION:
        log.info(
            "Database %s upgraded from schema %d to %d", connection.name, version, SCHEMA_VERSION
        )


async def check_readable(connection: Store) -> None:
    """For a read-only open, which cannot migrate: a FactBot database this version can read
    (every older schema has the tables a backup or an export reads)."""
    version = await schema_version(connection)
    if version == 0:
        raise DatabaseError(f"{connection.name} is not a FactBot database (it has no schema)")
    _refuse_newer(connection, version)


def _refuse_newer(connection: Store, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"the database {connection.name} is from a newer FactBot (schema {version}; this "
            f"version knows up to {SCHEMA_VERSION}). Upgrade FactBot, or point "
            "FACTBOT_DATABASE at another database."
        )
