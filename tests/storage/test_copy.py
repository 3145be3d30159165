"""`factbot db copy`: a SQLite file with facts, votes and logs into PostgreSQL and back, with
nothing lost; the copy's table list against the schema; a target with records refused."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.__main__ import main
from bot.storage import Database, DatabaseError, GuildSettings
from bot.storage import copy as copy_module
from bot.storage.copy import TABLES
from tests.postgres_server import database_url
from tests.storage.test_database import DRAFT, GUILD, OTHER


async def _fill(db: Database) -> int:
    """Some of every kind of record; the id of an answer with votes."""
    fact = await db.add_fact(GUILD, DRAFT)
    await db.add_fact(OTHER, DRAFT)
    await db.remove_fact(OTHER, "server-1")  # fact numbers remember it
    await db.set_hidden(GUILD, "solid-state-release", True)
    await db.teach(GUILD, fact.fact_id, "meetup when", "meetup when?")
    answer_id = await db.record_question(GUILD, "when is the meetup", fact.fact_id)
    assert answer_id is not None
    await db.record_question(GUILD, "what is the capital of peru", None)
    await db.vote(answer_id, 7, up=True)
    await db.vote(answer_id, 8, up=False)
    await db.save_guild_settings(
        GuildSettings(guild_id=GUILD, private_replies=True, packs=frozenset({"toyota"}))
    )
    return answer_id


async def _everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    connection = db._connection
    found = {}
    for table, columns in TABLES.items():
        rows = await connection.rows(f"SELECT {', '.join(columns)} FROM {table}")
        found[table] = sorted((tuple(row) for row in rows), key=repr)
    return found


def test_the_copy_names_every_table_and_column_of_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"

    async def create() -> None:
        async with await Database.open(path):  # at the latest schema
            pass

    asyncio.run(create())
    with closing(sqlite3.connect(path)) as raw:
        tables = {
            name for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        }
        assert tables == set(TABLES)
        for table, columns in TABLES.items():
            info = raw.execute(f"PRAGMA table_info({table})").fetchall()
            assert tuple(row[1] for row in info) == columns


@pytest.mark.parametrize("batch", [copy_module.COPY_BATCH, 1])
async def test_sqlite_to_postgresql_and_back_loses_nothing(
    tmp_path: Path, postgres_url: str, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also a row at a time: tables are read and written in batches."""
    monkeypatch.setattr(copy_module, "COPY_BATCH", batch)
    async with await Database.open(tmp_path / "first.db") as first:
        answer_id = await _fill(first)
        before = await _everything(first)
        async with await Database.open(postgres_url) as server:
            copied = await first.copy_into(server)
            assert copied.rows["votes"] == 2
            assert await _everything(server) == before
            # The server goes on where the file left off: ids, fact numbers, votes.
            new_answer = await server.record_question(GUILD, "again", "server-1")
            assert new_answer is not None
            assert new_answer > answer_id
            assert (await server.add_fact(OTHER, DRAFT)).fact_id == "server-2"
            tally = await server.vote(answer_id, 9, up=True)
            assert tally is not None
            assert (tally.up, tally.down) == (2, 1)
            after = await _everything(server)
            async with await Database.open(tmp_path / "back.db") as back:
                await server.copy_into(back)
                assert await _everything(back) == after


async def test_a_target_with_records_is_refused_and_left_alone(
    tmp_path: Path, postgres_url: str
) -> None:
    async with (
        await Database.open(tmp_path / "first.db") as first,
        await Database.open(postgres_url) as server,
    ):
        await _fill(first)
        await server.add_fact(OTHER, DRAFT)
        with pytest.raises(DatabaseError, match="already holds records"):
            await first.copy_into(server)
        assert [f.guild_id for f in await server.server_facts(OTHER)] == [OTHER]
        assert await server.server_facts(GUILD) == []


def test_the_command_copies_a_file_into_postgresql(
    tmp_path: Path, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "factbot.db"
    name = f"factbot_copy_{uuid.uuid4().hex[:12]}"

    async def prepare() -> None:
        async with await Database.open(source) as db:
            await _fill(db)
        admin = await asyncpg.connect(postgres_server)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()

    asyncio.run(prepare())
    target = database_url(postgres_server, name)
    assert main(["db", "copy", str(source), target]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Copied {source} to {target}: 1 server_facts, ")
    assert "2 votes" in printed
    assert main(["db", "copy", str(source), target]) == 2  # not twice
    assert "already holds records" in capsys.readouterr().err
    assert main(["db", "copy", str(tmp_path / "none.db"), target]) == 1
    assert "no database at" in capsys.readouterr().err
