"""`Database`: FactBot's database (a SQLite file, or a PostgreSQL server for a bot in several
processes), opened and migrated, with every kind of record's methods.

Each kind of record keeps its SQL in its own module (staff facts, unanswered list, question
log, votes, settings), in SQL both databases run; `Database` is all of them over one
connection, so callers hold one object and never see a row.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.connection import Connection
from bot.storage.copy import Copied, copy_database
from bot.storage.errors import DatabaseError
from bot.storage.identify_gate import IdentifyGate, LocalIdentifyGate, PostgresIdentifyGate
from bot.storage.postgres import PostgresConnection, is_postgres_url
from bot.storage.questions import QuestionRecords
from bot.storage.schema import check_readable, migrate, schema_version
from bot.storage.settings import SettingsRecords
from bot.storage.staff_facts import StaffFactRecords
from bot.storage.store import Store
from bot.storage.unanswered import UnansweredRecords
from bot.storage.votes import VoteRecords


class Database(StaffFactRecords, UnansweredRecords, QuestionRecords, VoteRecords, SettingsRecords):
    """Open with `await Database.open(path)`; close when done."""

    def __init__(self, connection: Store) -> None:
        self._connection = connection
        self.path = connection.path
        self.name = connection.name

    @classmethod
    async def open(cls, location: Path | str, busy_timeout_ms: int = 2000) -> Database:
        """Open (creating it on first run) and bring the schema up to date. `location` is a
        SQLite file (a path, or `sqlite:///path`) or a `postgresql://` URL.

        Raises DatabaseError, saying what to do, when the database cannot be opened or
        written, or was made by a newer FactBot.
        """
        connection = await _connect(location, busy_timeout_ms, read_only=False)
        try:
            await migrate(connection)
        except BaseException:
            await connection.close()
            raise
        return cls(connection)

    @classmethod
    async def open_read_only(cls, location: Path | str) -> Database:
        """Open an existing database only to read it (`factbot db backup`, `export`): the
        file is neither created nor migrated nor written, so it may be read-only or in use by
        a bot of another version. Writes raise DatabaseError."""
        connection = await _connect(location, 2000, read_only=True)
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
        return str(await self._sqlite("an integrity check").scalar("PRAGMA integrity_check"))

    async def backup(self, target: Path) -> None:
        """Copy the database to `target` with SQLite's online backup, safe while in use."""
        await self._sqlite("`factbot db backup`").backup(target)

    async def copy_into(self, target: Database) -> Copied:
        """Every record into the empty `target`, checked by counts (see `copy.py`)."""
        if await self.schema_version() != await target.schema_version():
            raise DatabaseError(
                f"{self.name} is at schema {await self.schema_version()}, not this FactBot's "
                f"{await target.schema_version()}: run `factbot run` on it once (it upgrades "
                "the database at start), then copy."
            )
        return await copy_database(self._connection, target._connection)

    def identify_gate(self, interval: float) -> IdentifyGate:
        """Turns for the bot's shards to identify: shared with its other processes when the
        database is PostgreSQL, this process's own with a SQLite file."""
        if isinstance(self._connection, PostgresConnection):
            return PostgresIdentifyGate(self._connection.url, interval)
        return LocalIdentifyGate(interval)

    @property
    def shareable(self) -> bool:
        """Whether processes on several machines can share it (PostgreSQL, not a file)."""
        return self.path is None

    def _sqlite(self, what: str) -> Connection:
        if not isinstance(self._connection, Connection):
            raise DatabaseError(
                f"{what} is for a SQLite file; PostgreSQL ({self.name}) has its own tools "
                "(pg_dump makes a backup)."
            )
        return self._connection


def sqlite_path(location: Path | str) -> Path | None:
    """The SQLite file `location` names, or None for a PostgreSQL URL."""
    if isinstance(location, Path):
        return location
    if is_postgres_url(location):
        return None
    return Path(location.removeprefix("sqlite:///").removeprefix("sqlite://"))


async def _connect(location: Path | str, busy_timeout_ms: int, read_only: bool) -> Store:
    path = sqlite_path(location)
    if path is None:
        return await PostgresConnection.open(str(location), read_only=read_only)
    return await Connection.open(path, busy_timeout_ms, read_only=read_only)
