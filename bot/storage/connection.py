"""The SQLite connections under `Database`: a writer behind a lock and a read-only reader.

Writes go through `write`, which holds a lock so concurrent handlers never interleave inside
a transaction, and commits before returning: a write whose method returned is on disk (as far
as a process crash is concerned). After a write waited out the busy timeout, writes fail at
once for a moment instead of each waiting in turn.

aiosqlite lets other coroutines run between a transaction's statements, so a read on the
writer would see another handler's uncommitted rows (and rows later rolled back). Reads go
through their own `mode=ro` connection instead: in WAL mode it sees only committed data,
never waits for the writer, and sees a write as soon as `write` has returned.
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
# RETURNING and "ON CONFLICT ... DO UPDATE ... WHERE" in the record SQL.
MINIMUM_SQLITE = (3, 35, 0)


class Transaction:
    """The writer inside one transaction: its reads see the transaction's own writes."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """Run a statement; the number of rows it changed."""
        async with self._db.execute(sql, parameters) as cursor:
            return max(cursor.rowcount, 0)

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self._db.executemany(sql, rows)

    async def numbering_follows(self, table: str, column: str) -> None:
        """Nothing to do: SQLite numbers a new row after the largest id there."""

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return await _scalar(self._db, sql, parameters)

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return await _rows(self._db, sql, parameters)

    async def batches(self, sql: str, size: int) -> AsyncIterator[list[sqlite3.Row]]:
        async with self._db.execute(sql) as cursor:
            while found := await cursor.fetchmany(size):
                yield list(found)

    async def version(self) -> int:
        """The schema version the file records."""
        return int(await _scalar(self._db, "PRAGMA user_version", ()))

    async def set_version(self, version: int) -> None:
        await self._db.execute(f"PRAGMA user_version = {int(version)}")

    def ddl(self, statement: str) -> str:
        """A migration step as this database takes it: migrations are written for SQLite."""
        return statement


class Connection:
    """Open with `await Connection.open(path)`; close when done. `read_only=True` opens only
    the reader: the file is never created or changed, and `write` raises DatabaseError."""

    def __init__(
        self,
        path: Path,
        reader: aiosqlite.Connection,
        writer: aiosqlite.Connection | None,
        busy_timeout_ms: int,
    ) -> None:
        self.path = path
        self.name = str(path)
        self._reader = reader
        self._writer = writer
        self._write_lock = asyncio.Lock()
        self._busy_until = 0.0
        self._busy_timeout_ms = busy_timeout_ms

    @classmethod
    async def open(
        cls, path: Path, busy_timeout_ms: int = 2000, read_only: bool = False
    ) -> Connection:
        """Raises DatabaseError, saying what to do, when the file cannot be opened (or, unless
        read-only, written)."""
        _check_sqlite_version()
        writer = None if read_only else await _open(path, path, busy_timeout_ms)
        try:
            reader = await _open(path, _read_only_uri(path), busy_timeout_ms)
        except BaseException:
            if writer is not None:
                await writer.close()
            raise
        return cls(path, reader, writer, busy_timeout_ms)

    async def close(self) -> None:
        await self._reader.close()
        if self._writer is not None:
            await self._writer.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Transaction]:
        """One write transaction at a time; committed on success, rolled back on error."""
        if self._writer is None:
            raise DatabaseError(f"the database {self.path} was opened read-only")
        db = self._writer
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
        """The first column of the first row, of committed data."""
        async with self._reading():
            return await _scalar(self._reader, sql, parameters)

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Every row, of committed data."""
        async with self._reading():
            return await _rows(self._reader, sql, parameters)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Transaction]:
        """A read transaction on a connection of its own, so that other reads stay current.
        In WAL mode it sees the file as at its first read, and writers go on."""
        db = await _open(self.path, _read_only_uri(self.path), self._busy_timeout_ms)
        try:
            async with self._reading():
                await db.execute("BEGIN")
                yield Transaction(db)
        finally:
            await db.close()

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[None]:
        """In WAL mode a read never waits; where the file refused WAL (some network file
        systems), another process's write can hold reads past the busy timeout: "busy"."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise DatabaseBusyError(f"{self.path} is busy: {error}") from error
            raise

    async def version(self) -> int:
        """The schema version the file records (0: not a FactBot database yet)."""
        return int(await _scalar(self._reader, "PRAGMA user_version", ()))

    async def backup(self, target: Path) -> None:
        """Copy the committed database to `target` with SQLite's online backup."""
        try:
            async with aiosqlite.connect(target) as copy:
                await self._reader.backup(copy)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot write the backup {target}: {error}") from error


async def _scalar(db: aiosqlite.Connection, sql: str, parameters: Sequence[Any]) -> Any:
    async with db.execute(sql, parameters) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def _rows(db: aiosqlite.Connection, sql: str, parameters: Sequence[Any]) -> list[sqlite3.Row]:
    async with db.execute(sql, parameters) as cursor:
        return list(await cursor.fetchall())


async def _open(path: Path, target: Path | str, busy_timeout_ms: int) -> aiosqlite.Connection:
    """The writer when `target` is the path, the reader when it is a `mode=ro` URI."""
    _check_location(path, target)
    reader = isinstance(target, str)
    try:
        db = await aiosqlite.connect(target, isolation_level=None, uri=reader)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database {path}: {error}") from error
    try:
        await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not reader:
            await db.execute("PRAGMA foreign_keys = ON")
            mode = await _scalar(db, "PRAGMA journal_mode = WAL", ())
            await db.execute("PRAGMA synchronous = NORMAL")
            if str(mode).lower() != "wal":
                log.warning("Database %s is in %s journal mode, not WAL", path, mode)
        # A read of the file, so that "not a database" shows here and not at the first query.
        await _scalar(db, "SELECT COUNT(*) FROM sqlite_schema", ())
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


def _check_sqlite_version() -> None:
    """The record SQL uses RETURNING and upserts with a WHERE, which SQLite has from 3.35."""
    if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
        wanted = ".".join(map(str, MINIMUM_SQLITE))
        raise DatabaseError(
            f"this Python's SQLite is {sqlite3.sqlite_version}; FactBot needs {wanted} or "
            "newer. Use a newer Python build (python.org's and Debian 12's qualify)."
        )


def _read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _check_location(path: Path, target: Path | str) -> None:
    """Plain words for the path mistakes SQLite reports as "unable to open", found before
    aiosqlite starts its thread (a failed aiosqlite connect leaves that thread behind)."""
    if not path.parent.is_dir():
        raise DatabaseError(f"cannot open the database {path}: folder {path.parent} is missing")
    if path.is_dir():
        raise DatabaseError(f"cannot open the database {path}: it is a folder, not a file")
    if isinstance(target, str) and not path.is_file():
        raise DatabaseError(f"cannot open the database {path}: there is no such file")
    try:
        with closing(sqlite3.connect(target, uri=isinstance(target, str))) as probe:
            probe.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as error:
        if not isinstance(error, sqlite3.OperationalError):
            return  # "not a database" and the like: opening succeeds, _open explains it
        raise DatabaseError(
            f"cannot open the database {path}: {error}. Check that this user may read and "
            "write it and its folder."
        ) from error
