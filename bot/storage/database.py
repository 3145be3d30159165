"""Every SQL statement FactBot runs, behind methods that take and return models.

One aiosqlite connection in WAL mode. Writes go through `_write`, which holds a lock so
concurrent handlers never interleave inside a transaction, and commits before returning: a
write whose method returned is on disk (as far as a process crash is concerned).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager, closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.errors import DatabaseBusyError, DatabaseError
from bot.storage.models import (
    FactDraft,
    GuildSettings,
    ServerFact,
    Stats,
    Tally,
    Unanswered,
)

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

# How long writes fail at once after one waited out the busy timeout. The timeout (2 s) keeps
# a waiting interaction inside Discord's 3 s.
BUSY_BACKOFF_SECONDS = 1.0


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def question_key(question: str) -> str:
    """Questions that differ only in case, punctuation and spacing count as one."""
    return " ".join(re.sub(r"[^\w\s]", " ", question.casefold()).split())


class Database:
    """FactBot's SQLite database. Open with `await Database.open(path)`; close when done."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._write_lock = asyncio.Lock()
        self._busy_until = 0.0

    @classmethod
    async def open(cls, path: Path, busy_timeout_ms: int = 2000) -> Database:
        """Open (creating it on first run) and bring the schema up to date.

        Raises DatabaseError, saying what to do, when the file cannot be opened or written,
        or was made by a newer FactBot.
        """
        _check_location(path)
        try:
            connection = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open the database {path}: {error}") from error
        database = cls(connection, path)
        try:
            await database._prepare(busy_timeout_ms)
        except BaseException:
            await connection.close()
            raise
        return database

    async def _prepare(self, busy_timeout_ms: int) -> None:
        try:
            await self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await self._db.execute("PRAGMA foreign_keys = ON")
            mode = await self._scalar("PRAGMA journal_mode = WAL")
            await self._db.execute("PRAGMA synchronous = NORMAL")
            if str(mode).lower() != "wal":
                log.warning("Database %s is in %s journal mode, not WAL", self.path, mode)
            await self._migrate()
        except sqlite3.DatabaseError as error:
            raise DatabaseError(
                f"cannot use the database {self.path}: {error}. Check that the file is a FactBot "
                "database and that this user may read and write it and its folder."
            ) from error

    async def _migrate(self) -> None:
        """Run the missing steps; logged once committed, as created (schema 0: a new file) or
        upgraded, so that an operator can tell a fresh database from an old one."""
        async with self._write() as db:
            version = int(await self._scalar("PRAGMA user_version"))
            if version > SCHEMA_VERSION:
                raise DatabaseError(
                    f"the database {self.path} is from a newer FactBot (schema {version}; this "
                    f"version knows up to {SCHEMA_VERSION}). Upgrade FactBot, or point "
                    "FACTBOT_DATABASE at another file."
                )
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if version == 0:
            log.info("Database %s created at schema %d", self.path, SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            log.info(
                "Database %s upgraded from schema %d to %d", self.path, version, SCHEMA_VERSION
            )

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; committed on success, rolled back on error."""
        async with self._write_lock:
            if time.monotonic() < self._busy_until:
                # Another writer held the database past the timeout a moment ago: fail at
                # once rather than make every queued write wait out the timeout in turn.
                raise DatabaseBusyError(f"{self.path} is busy (another process is writing)")
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    self._busy_until = time.monotonic() + BUSY_BACKOFF_SECONDS
                    raise DatabaseBusyError(f"{self.path} is busy: {error}") from error
                raise
            try:
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full): never leave a transaction open.
                if self._db.in_transaction:
                    await self._db.execute("ROLLBACK")
                raise

    async def _scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        async with self._db.execute(sql, parameters) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterable[sqlite3.Row]:
        async with self._db.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    # --- Health -----------------------------------------------------------------------------

    async def schema_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version"))

    async def integrity_check(self) -> str:
        return str(await self._scalar("PRAGMA integrity_check"))

    async def backup(self, target: Path) -> None:
        """Copy the database to `target` with SQLite's online backup, safe while in use."""
        try:
            async with aiosqlite.connect(target) as copy:
                await self._db.backup(copy)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot write the backup {target}: {error}") from error

    # --- Server facts -----------------------------------------------------------------------

    async def add_fact(self, guild_id: int, draft: FactDraft) -> ServerFact:
        now = time.time()
        async with self._write() as db:
            await db.execute(
                "INSERT INTO fact_numbers (guild_id, last_number) VALUES (?, 1) "
                "ON CONFLICT (guild_id) DO UPDATE SET last_number = last_number + 1",
                (guild_id,),
            )
            number = await self._scalar(
                "SELECT last_number FROM fact_numbers WHERE guild_id = ?", (guild_id,)
            )
            fact_id = f"server-{int(number)}"
            await db.execute(
                "INSERT INTO server_facts (guild_id, fact_id, question, answer, quote, source, "
                "phrasings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, fact_id, *_draft_values(draft), now, now),
            )
        return _server_fact(guild_id, fact_id, draft, now, now)

    async def edit_fact(self, guild_id: int, fact_id: str, draft: FactDraft) -> ServerFact | None:
        now = time.time()
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE server_facts SET question = ?, answer = ?, quote = ?, source = ?, "
                "phrasings = ?, updated_at = ? WHERE guild_id = ? AND fact_id = ?",
                (*_draft_values(draft), now, guild_id, fact_id),
            )
            if cursor.rowcount == 0:
                return None
            created = await self._scalar(
                "SELECT created_at FROM server_facts WHERE guild_id = ? AND fact_id = ?",
                (guild_id, fact_id),
            )
        return _server_fact(guild_id, fact_id, draft, float(created), now)

    async def remove_fact(self, guild_id: int, fact_id: str) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM server_facts WHERE guild_id = ? AND fact_id = ?", (guild_id, fact_id)
            )
            await db.execute(
                "DELETE FROM taught_phrasings WHERE guild_id = ? AND fact_id = ?",
                (guild_id, fact_id),
            )
            return cursor.rowcount > 0

    async def server_facts(self, guild_id: int) -> list[ServerFact]:
        rows = await self._rows(
            "SELECT fact_id, question, answer, quote, source, phrasings, created_at, updated_at "
            "FROM server_facts WHERE guild_id = ? ORDER BY created_at, fact_id",
            (guild_id,),
        )
        facts = []
        for fact_id, question, answer, quote, source, phrasings, created, updated in rows:
            draft = FactDraft(
                question=question,
                answer=answer,
                quote=quote,
                source=source,
                phrasings=json.loads(phrasings),
            )
            facts.append(_server_fact(guild_id, fact_id, draft, created, updated))
        return facts

    async def set_hidden(self, guild_id: int, fact_id: str, hidden: bool) -> None:
        async with self._write() as db:
            if hidden:
                await db.execute(
                    "INSERT OR IGNORE INTO hidden_facts (guild_id, fact_id) VALUES (?, ?)",
                    (guild_id, fact_id),
                )
            else:
                await db.execute(
                    "DELETE FROM hidden_facts WHERE guild_id = ? AND fact_id = ?",
                    (guild_id, fact_id),
                )

    async def hidden_facts(self, guild_id: int) -> frozenset[str]:
        rows = await self._rows("SELECT fact_id FROM hidden_facts WHERE guild_id = ?", (guild_id,))
        return frozenset(str(row[0]) for row in rows)

    async def teach(
        self, guild_id: int, fact_id: str, phrasing: str, asked: str | None = None
    ) -> None:
        """Make `phrasing` an alternate question of the fact in this server, and take the
        question as `asked` (default: the phrasing) off the unanswered list."""
        async with self._write() as db:
            await db.execute(
                "INSERT OR IGNORE INTO taught_phrasings (guild_id, fact_id, phrasing, taught_at) "
                "VALUES (?, ?, ?, ?)",
                (guild_id, fact_id, phrasing, time.time()),
            )
            await db.execute(
                "DELETE FROM unanswered WHERE guild_id = ? AND key = ?",
                (guild_id, question_key(asked or phrasing)),
            )

    async def taught_phrasings(self, guild_id: int) -> dict[str, list[str]]:
        rows = await self._rows(
            "SELECT fact_id, phrasing FROM taught_phrasings WHERE guild_id = ? ORDER BY taught_at",
            (guild_id,),
        )
        taught: dict[str, list[str]] = {}
        for fact_id, phrasing in rows:
            taught.setdefault(str(fact_id), []).append(str(phrasing))
        return taught

    async def customised_guilds(self) -> frozenset[int]:
        """Servers with their own facts, hidden facts, taught phrasings or chosen packs."""
        rows = await self._rows(
            "SELECT guild_id FROM server_facts UNION SELECT guild_id FROM hidden_facts "
            "UNION SELECT guild_id FROM taught_phrasings "
            "UNION SELECT guild_id FROM guild_settings WHERE packs IS NOT NULL"
        )
        return frozenset(int(row[0]) for row in rows)

    # --- Questions, answers and votes -------------------------------------------------------

    async def record_question(
        self, guild_id: int, question: str, fact_id: str | None
    ) -> int | None:
        """Log a question (no user id). An answered one gets an answer id for its vote
        buttons; a declined one goes on the server's unanswered list."""
        now = time.time()
        async with self._write() as db:
            await db.execute(
                "INSERT INTO questions (guild_id, fact_id, asked_at) VALUES (?, ?, ?)",
                (guild_id, fact_id, now),
            )
            if fact_id is None:
                await self._count_unanswered(db, guild_id, question, "declined", now)
                return None
            cursor = await db.execute(
                "INSERT INTO answers (guild_id, fact_id, question, answered_at) "
                "VALUES (?, ?, ?, ?)",
                (guild_id, fact_id, question, now),
            )
            return cursor.lastrowid

    async def _count_unanswered(
        self, db: aiosqlite.Connection, guild_id: int, question: str, reason: str, now: float
    ) -> None:
        await db.execute(
            "INSERT INTO unanswered (guild_id, key, question, reason, count, first_asked, "
            "last_asked) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (guild_id, key) DO UPDATE "
            "SET count = count + 1, last_asked = excluded.last_asked, "
            "question = excluded.question, reason = excluded.reason",
            (guild_id, question_key(question), question[:500], reason, now, now),
        )

    async def vote(
        self, answer_id: int, user_id: int, up: bool, guild_id: int | None = None
    ) -> Tally | None:
        """One vote per person per answer, changeable; None when the answer is gone (or, with
        `guild_id`, belongs to another server)."""
        now = time.time()
        async with self._write() as db:
            row = await self._rows(
                "SELECT guild_id, question FROM answers WHERE answer_id = ? "
                "AND (? IS NULL OR guild_id = ?)",
                (answer_id, guild_id, guild_id),
            )
            found = list(row)
            if not found:
                return None
            guild_id, question = found[0]
            previous = await self._scalar(
                "SELECT value FROM votes WHERE answer_id = ? AND user_id = ?", (answer_id, user_id)
            )
            await db.execute(
                "INSERT INTO votes (answer_id, user_id, value, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET value = excluded.value, "
                "voted_at = excluded.voted_at",
                (answer_id, user_id, 1 if up else -1, now),
            )
            if not up and previous != -1:
                await self._count_unanswered(db, int(guild_id), str(question), "downvoted", now)
            return await self._tally(answer_id)

    async def _tally(self, answer_id: int) -> Tally:
        rows = list(
            await self._rows(
                "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) FROM votes "
                "WHERE answer_id = ?",
                (answer_id,),
            )
        )
        up, down = rows[0]
        return Tally(up=int(up), down=int(down))

    async def tally(self, answer_id: int) -> Tally:
        return await self._tally(answer_id)

    async def unanswered(self, guild_id: int, limit: int = 25) -> list[Unanswered]:
        rows = await self._rows(
            "SELECT question, reason, count, first_asked, last_asked FROM unanswered "
            "WHERE guild_id = ? ORDER BY count DESC, last_asked DESC LIMIT ?",
            (guild_id, limit),
        )
        return [
            Unanswered(
                question=question,
                reason=reason,
                count=count,
                first_asked=_when(first),
                last_asked=_when(last),
            )
            for question, reason, count, first, last in rows
        ]

    async def stats(self, guild_id: int, since: datetime, top: int = 5) -> Stats:
        start = since.timestamp()
        rows = list(
            await self._rows(
                "SELECT COUNT(*), COUNT(fact_id) FROM questions "
                "WHERE guild_id = ? AND asked_at >= ?",
                (guild_id, start),
            )
        )
        asked, answered = rows[0]
        top_rows = await self._rows(
            "SELECT fact_id, COUNT(*) AS n FROM questions WHERE guild_id = ? AND asked_at >= ? "
            "AND fact_id IS NOT NULL GROUP BY fact_id ORDER BY n DESC, fact_id LIMIT ?",
            (guild_id, start, top),
        )
        votes = list(
            await self._rows(
                "SELECT COALESCE(SUM(v.value = 1), 0), COALESCE(SUM(v.value = -1), 0) "
                "FROM votes v JOIN answers a ON a.answer_id = v.answer_id "
                "WHERE a.guild_id = ? AND v.voted_at >= ?",
                (guild_id, start),
            )
        )
        up, down = votes[0]
        return Stats(
            since=since,
            asked=int(asked),
            answered=int(answered),
            top_facts=[(str(fact_id), int(count)) for fact_id, count in top_rows],
            up=int(up),
            down=int(down),
        )

    # --- Settings and retention -------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        rows = list(
            await self._rows(
                "SELECT private_replies, cooldown_questions, cooldown_seconds, "
                "log_retention_days, auto_answer_channels, packs FROM guild_settings "
                "WHERE guild_id = ?",
                (guild_id,),
            )
        )
        if not rows:
            return GuildSettings(guild_id=guild_id)
        private, questions, seconds, retention, channels, packs = rows[0]
        return GuildSettings(
            guild_id=guild_id,
            private_replies=bool(private),
            cooldown_questions=questions,
            cooldown_seconds=seconds,
            log_retention_days=retention,
            auto_answer_channels=frozenset(json.loads(channels)),
            packs=frozenset(json.loads(packs)) if packs is not None else None,
        )

    async def save_guild_settings(self, settings: GuildSettings) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, private_replies, cooldown_questions, "
                "cooldown_seconds, log_retention_days, auto_answer_channels, packs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "private_replies = excluded.private_replies, "
                "cooldown_questions = excluded.cooldown_questions, "
                "cooldown_seconds = excluded.cooldown_seconds, "
                "log_retention_days = excluded.log_retention_days, "
                "auto_answer_channels = excluded.auto_answer_channels, "
                "packs = excluded.packs",
                (
                    settings.guild_id,
                    int(settings.private_replies),
                    settings.cooldown_questions,
                    settings.cooldown_seconds,
                    settings.log_retention_days,
                    json.dumps(sorted(settings.auto_answer_channels)),
                    json.dumps(sorted(settings.packs)) if settings.packs is not None else None,
                ),
            )

    async def purge_old_logs(self, default_days: int = 90) -> int:
        """Delete question logs, answers (with their votes) and unanswered entries older than
        each server's retention; the number of rows deleted."""
        now = time.time()
        deleted = 0
        async with self._write() as db:
            for table, column in (
                ("questions", "asked_at"),
                ("answers", "answered_at"),
                ("unanswered", "last_asked"),
            ):
                cursor = await db.execute(
                    f"DELETE FROM {table} WHERE {column} < ? - 86400 * COALESCE("
                    "(SELECT log_retention_days FROM guild_settings s "
                    f"WHERE s.guild_id = {table}.guild_id), ?)",
                    (now, default_days),
                )
                deleted += max(cursor.rowcount, 0)
        return deleted


def _check_location(path: Path) -> None:
    """Plain words for the path mistakes SQLite reports as "unable to open", found before
    aiosqlite starts its thread (a failed aiosqlite connect leaves that thread behind)."""
    if not path.parent.is_dir():
        raise DatabaseError(f"cannot open the database {path}: folder {path.parent} is missing")
    if path.is_dir():
        raise DatabaseError(f"cannot open the database {path}: it is a folder, not a file")
    try:
        with closing(sqlite3.connect(path)) as probe:
            probe.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as error:
        if not isinstance(error, sqlite3.OperationalError):
            return  # "not a database" and the like: opening succeeds, _prepare explains it
        raise DatabaseError(
            f"cannot open the database {path}: {error}. Check that this user may read and "
            "write it and its folder."
        ) from error


def _draft_values(draft: FactDraft) -> tuple[str, str, str, str, str]:
    phrasings = json.dumps(list(draft.phrasings), ensure_ascii=False)
    return draft.question, draft.answer, draft.quote, draft.source, phrasings


def _server_fact(
    guild_id: int, fact_id: str, draft: FactDraft, created: float, updated: float
) -> ServerFact:
    return ServerFact(
        guild_id=guild_id,
        fact_id=fact_id,
        created_at=_when(created),
        updated_at=_when(updated),
        **draft.model_dump(),
    )
