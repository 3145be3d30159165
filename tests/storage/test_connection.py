"""The connection under `Database`, on real files and on PostgreSQL: what a read sees while a
write is open."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Database, DatabaseError, FactDraft
from bot.storage.connection import Connection
from bot.storage.schema import migrate

GUILD = 7


class _Abandoned(Exception):
    """Raised inside a write to roll it back."""


@pytest.fixture
def db(any_database: Database) -> Database:
    """On both databases."""
    return any_database


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    connection = await Connection.open(tmp_path / "factbot.db")
    await migrate(connection)
    database = Database(connection)
    yield database
    await database.close()


async def test_a_read_never_sees_another_handlers_uncommitted_write(db: Database) -> None:
    """One handler writes and, before committing, waits (aiosqlite lets other coroutines run
    between a transaction's statements); another handler reads meanwhile. The read must not
    see the row, which the writer then rolls back."""
    written = asyncio.Event()
    read = asyncio.Event()
    seen: list[frozenset[str]] = []

    async def abandoned_write() -> None:
        async with db._connection.write() as transaction:
            await transaction.execute(
                "INSERT INTO hidden_facts (guild_id, fact_id) VALUES (?, 'never-committed')",
                (GUILD,),
            )
            written.set()
            # Bounded, so that a store whose reads wait for the writer cannot hang here.
            await asyncio.wait_for(read.wait(), timeout=1.0)
            raise _Abandoned

    async def writer() -> None:
        with pytest.raises(_Abandoned):
            await abandoned_write()

    async def reader() -> None:
        await written.wait()
        seen.append(await db.hidden_facts(GUILD))
        read.set()

    await asyncio.gather(writer(), reader())
    assert seen == [frozenset()]
    assert await db.hidden_facts(GUILD) == frozenset()


async def test_a_read_does_not_wait_for_an_open_write(db: Database) -> None:
    """Reads go on while a write is open (it may be waiting out the busy timeout), and a
    committed write is seen by the very next read."""
    written = asyncio.Event()
    read = asyncio.Event()

    async def writer() -> None:
        async with db._connection.write() as transaction:
            await transaction.execute(
                "INSERT INTO hidden_facts (guild_id, fact_id) VALUES (?, 'committed')", (GUILD,)
            )
            written.set()
            await asyncio.wait_for(read.wait(), timeout=1.0)  # TimeoutError if reads wait

    async def reader() -> None:
        await written.wait()
        assert await db.hidden_facts(GUILD) == frozenset()
        read.set()

    await asyncio.gather(writer(), reader())
    assert await db.hidden_facts(GUILD) == {"committed"}


async def test_a_read_beside_another_process_writing_sees_only_what_it_committed(
    sqlite_db: Database,
) -> None:
    db = sqlite_db
    assert db.path is not None
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO hidden_facts VALUES (?, 'pending')", (GUILD,))
        assert await asyncio.wait_for(db.hidden_facts(GUILD), timeout=1.0) == frozenset()
        other.execute("COMMIT")
    finally:
        other.close()
    assert await db.hidden_facts(GUILD) == {"pending"}


async def test_a_read_only_open_creates_nothing_and_refuses_writes(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(DatabaseError, match="no such file"):
        await Database.open_read_only(missing)
    assert not missing.exists()
    path = tmp_path / "factbot.db"
    async with await Database.open(path) as db:
        await db.set_hidden(GUILD, "solid-state-release", True)
    before = path.read_bytes()
    async with await Database.open_read_only(path) as db:
        assert await db.hidden_facts(GUILD) == {"solid-state-release"}
        with pytest.raises(DatabaseError, match="read-only"):
            await db.add_fact(GUILD, FactDraft(question="Q?", answer="A", quote="Q", source="S"))
    assert path.read_bytes() == before


async def test_a_snapshot_sees_one_moment_and_writers_go_on(db: Database) -> None:
    """What `db copy` reads from: a write committed meanwhile neither waits for it nor shows
    in it, and reads outside it see the write at once."""
    hidden = "SELECT COUNT(*) FROM hidden_facts"
    async with db._connection.snapshot() as snapshot:
        assert await snapshot.scalar(hidden) == 0
        await asyncio.wait_for(db.set_hidden(GUILD, "solid-state-release", True), timeout=1.0)
        assert await snapshot.scalar(hidden) == 0
        assert await db._connection.scalar(hidden) == 1
    async with db._connection.snapshot() as snapshot:
        assert await snapshot.scalar(hidden) == 1
