"""The SQLite connection under `Database`: one aiosqlite connection in WAL mode.

Writes go through `write`, which holds a lock so concurrent handlers never interleave inside
a transaction, and commits before returning: a write whose method returned is on disk (as far
as a process crash is concerned). After a write waited out the busy timeout, writes fail at
once for a moment instead of each waiting in turn.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.errors import DatabaseBusyError, DatabaseError

log = logging.getLogger(__name__)

# How long writes fail at once after one waited out the busy timeout. The timeout (2 s) keeps
# a waiting interaction inside Discord's 3 s.
BUSY_BACKOFF_SECONDS = 1.0


class Transaction:
    """The writer inside one transaction: its reads see the transaction's own writes."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> aiosqlite.Cursor:
        return await self._db.execute(sql, parameters)

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return await _scalar(self._db, sql, parameters)

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return await _rows(self._db, sql, parameters)


class Connection:
    """Open with `await Connection.open(path)`; close when done."""

    def __init__(self, path: Path, connection: aiosqlite.Connection) -> None:
        self.path = path
        self._db = connection
        self._write_lock = asyncio.Lock()
        self._busy_until = 0.0

    @classmethod
    async def open(cls, path: Path, busy_timeout_ms: int = 2000) -> Connection:
        """Raises DatabaseError, saying what to do, when the file cannot be opened or
        written."""
        return cls(path, await _open(path, busy_timeout_ms))

    async def close(self) -> None:
        await self._db.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Transaction]:
        """One write transaction at a time; committed on success, rolled back on error."""
        db = self._db
        async with self._write_lock:
            if time.monotonic() < self._busy_until:
                # Another writer held the database past the timeout a moment ago: fail at
                # once rather than make every queued write wait out the timeout in turn.
                raise DatabaseBusyError(f"{self.path} is busy (another process is writing)")
            try:
                await db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    self._busy_until = time.monotonic() + BUSY_BACKOFF_SECONDS
                    raise DatabaseBusyError(f"{self.path} is busy: {error}") from error
                raise
            try:
                yield Transaction(db)
                await db.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full): never leave a transaction open.
                if db.in_transaction:
                    await db.execute("ROLLBACK")
                raise

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first column of the first row."""
        return await _scalar(self._db, sql, parameters)

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Every row."""
        return await _rows(self._db, sql, parameters)

    async def backup(self, target: Path) -> None:
        """Copy the database to `target` with SQLite's online backup."""
        try:
            async with aiosqlite.connect(target) as copy:
                await self._db.backup(copy)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot write the backup {target}: {error}") from error


async def _scalar(db: aiosqlite.Connection, sql: str, parameters: Sequence[Any]) -> Any:
    async with db.execute(sql, parameters) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def _rows(db: aiosqlite.Connection, sql: str, parameters: Sequence[Any]) -> list[sqlite3.Row]:
    async with db.execute(sql, parameters) as cursor:
        return list(await cursor.fetchall())


async def _open(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    _check_location(path)
    try:
        db = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database {path}: {error}") from error
    try:
        await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        await db.execute("PRAGMA foreign_keys = ON")
        mode = await _scalar(db, "PRAGMA journal_mode = WAL", ())
        await db.execute("PRAGMA synchronous = NORMAL")
        if str(mode).lower() != "wal":
            log.warning("Database %s is in %s journal mode, not WAL", path, mode)
    except BaseException as error:
        await db.close()
        if isinstance(error, sqlite3.DatabaseError):
            raise unusable(path, error) from error
        raise
    return db


def unusable(path: Path, error: sqlite3.DatabaseError) -> DatabaseError:
    """What to say when SQLite refuses the file itself (at open or while migrating)."""
    return DatabaseError(
        f"cannot use the database {path}: {error}. Check that the file is a FactBot "
        "database and that this user may read and write it and its folder."
    )


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
            return  # "not a database" and the like: opening succeeds, _open explains it
        raise DatabaseError(
            f"cannot open the database {path}: {error}. Check that this user may read and "
            "write it and its folder."
        ) from error
