"""`Database`: FactBot's SQLite file, opened and migrated, with every kind of record's methods.

Each kind of record keeps its SQL in its own module (staff facts, unanswered list, question
log, votes, settings); `Database` is all of them over one `Connection`, so callers hold one
object and never see a row.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.connection import Connection
from bot.storage.questions import QuestionRecords
from bot.storage.schema import check_readable, migrate, schema_version
from bot.storage.settings import SettingsRecords
from bot.storage.staff_facts import StaffFactRecords
from bot.storage.unanswered import UnansweredRecords
from bot.storage.votes import VoteRecords


class Database(StaffFactRecords, UnansweredRecords, QuestionRecords, VoteRecords, SettingsRecords):
    """Open with `await Database.open(path)`; close when done."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.path = connection.path

    @classmethod
    async def open(cls, path: Path, busy_timeout_ms: int = 2000) -> Database:
        """Open (creating it on first run) and bring the schema up to date.

        Raises DatabaseError, saying what to do, when the file cannot be opened or written,
        or was made by a newer FactBot.
        """
        connection = await Connection.open(path, busy_timeout_ms)
        try:
            await migrate(connection)
        except BaseException:
            await connection.close()
            raise
        return cls(connection)

    @classmethod
    async def open_read_only(cls, path: Path) -> Database:
        """Open an existing database only to read it (`factbot db backup`, `export`): the
        file is neither created nor migrated nor written, so it may be read-only or in use by
        a bot of another version. Writes raise DatabaseError."""
        connection = await Connection.open(path, read_only=True)
        try:
            await check_readable(connection)
        except BaseException:
            await connection.close()
            raise
        return cls(connection)

    async def close(self) -> None:
        await self._connection.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        return await schema_version(self._connection)

    async def integrity_check(self) -> str:
        return str(await self._connection.scalar("PRAGMA integrity_check"))

    async def backup(self, target: Path) -> None:
        """Copy the database to `target` with SQLite's online backup, safe while in use."""
        await self._connection.backup(target)
