"""What only a PostgreSQL database has to get right: its URL, an unreachable server, its own
record of the schema, and a database another program already uses. The records themselves
are tested on both databases (test_database.py)."""

from __future__ import annotations

import asyncio
import logging

import asyncpg
import pytest

from bot.config import Settings
from bot.storage import SCHEMA_VERSION, Database, DatabaseError
from bot.storage import schema as schema_module
from bot.storage.postgres import PostgresConnection, postgres_sql, shown
from tests.storage.test_database import DRAFT, GUILD


def test_placeholders_are_numbered_and_passwords_never_shown() -> None:
    assert postgres_sql("SELECT ? WHERE a = ? AND b = ?") == "SELECT $1 WHERE a = $2 AND b = $3"
    assert shown("postgresql://bot:s3cret@db.example:5432/factbot") == (
        "postgresql://bot@db.example:5432/factbot"
    )
    assert shown("postgresql://bot@db.example/factbot") == "postgresql://bot@db.example/factbot"


def test_the_setting_takes_a_url_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTBOT_DATABASE", "postgresql://bot@db.example/factbot")
    assert Settings().database == "postgresql://bot@db.example/factbot"


async def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(DatabaseError, match="PostgreSQL server runs") as refused:
        await Database.open("postgresql://bot:s3cret@127.0.0.1:1/factbot")
    assert "s3cret" not in str(refused.value)


async def test_a_new_database_is_created_once_at_the_latest_schema(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with await Database.open(postgres_url) as db:
        assert await db.schema_version() == SCHEMA_VERSION
        await db.add_fact(GUILD, DRAFT)
    logs = [r.getMessage() for r in caplog.records if r.name == schema_module.__name__]
    assert logs == [f"Database {postgres_url} created at schema {SCHEMA_VERSION}"]
    caplog.clear()
    async with await Database.open(postgres_url) as db:
        assert [fact.question for fact in await db.server_facts(GUILD)] == [DRAFT.question]
    assert not [r for r in caplog.records if r.name == schema_module.__name__]


async def test_a_database_from_a_newer_factbot_is_refused(postgres_url: str) -> None:
    async with await Database.open(postgres_url):
        pass
    raw = await asyncpg.connect(postgres_url)
    try:
        await raw.execute("UPDATE factbot_schema SET version = $1", SCHEMA_VERSION + 1)
    finally:
        await raw.close()
    with pytest.raises(DatabaseError, match="newer FactBot"):
        await Database.open(postgres_url)


async def test_a_database_another_program_uses_is_refused_and_left_as_it_was(
    postgres_url: str,
) -> None:
    raw = await asyncpg.connect(postgres_url)
    try:
        await raw.execute("CREATE TABLE server_facts (something TEXT)")
        with pytest.raises(DatabaseError, match=r"cannot use the database .*already exists"):
            await Database.open(postgres_url)
        tables = await raw.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert [row[0] for row in tables] == ["server_facts"]  # rolled back
    finally:
        await raw.close()


async def test_ids_and_times_keep_their_size(postgres_url: str) -> None:
    """Discord ids need 64 bits and times their fraction of a second."""
    guild = 1_234_567_890_123_456_789
    async with await Database.open(postgres_url) as db:
        fact = await db.add_fact(guild, DRAFT)
        answer_id = await db.record_question(guild, "when is the meetup", fact.fact_id)
        assert answer_id is not None
        tally = await db.vote(answer_id, 987_654_321_098_765_432, up=True, guild_id=guild)
        assert tally is not None
        assert tally.up == 1
        [stored] = await db.server_facts(guild)
        assert stored.created_at == fact.created_at


def test_passwords_are_left_out_wherever_the_url_gives_them() -> None:
    assert (
        shown("postgresql://bot:s3cret@[::1]:5432/factbot") == "postgresql://bot@[::1]:5432/factbot"
    )
    assert shown("postgresql://bot@db/factbot?password=s3cret&sslmode=require") == (
        "postgresql://bot@db/factbot?sslmode=require"
    )
    assert shown("postgresql:///factbot?host=/run/pg") == "postgresql:///factbot?host=/run/pg"
    assert shown("postgresql://bot@db/f?sslpassword=k3y&sslmode=verify-full") == (
        "postgresql://bot@db/f?sslmode=verify-full"
    )


async def test_processes_starting_together_migrate_one_after_the_other(postgres_url: str) -> None:
    opened = await asyncio.gather(*(Database.open(postgres_url) for _ in range(6)))
    try:
        assert {await db.schema_version() for db in opened} == {SCHEMA_VERSION}
    finally:
        for db in opened:
            await db.close()


async def test_a_read_only_open_is_read_only_on_the_server(postgres_url: str) -> None:
    async with await Database.open(postgres_url) as db:
        await db.add_fact(GUILD, DRAFT)
    reader = await PostgresConnection.open(postgres_url, read_only=True)
    try:
        with pytest.raises(DatabaseError, match="read-only transaction"):
            await reader.scalar("DELETE FROM server_facts RETURNING 1")
    finally:
        await reader.close()
    async with await Database.open(postgres_url) as db:
        assert len(await db.server_facts(GUILD)) == 1


async def test_a_callers_own_error_inside_a_write_is_not_taken_for_a_busy_database(
    postgres_url: str,
) -> None:
    connection = await PostgresConnection.open(postgres_url)

    async def write_that_times_out() -> None:
        async with connection.write() as db:
            await db.execute("CREATE TABLE scratch (n INTEGER)")
            raise TimeoutError("the caller's own")

    try:
        with pytest.raises(TimeoutError, match="the caller's own"):
            await write_that_times_out()
        assert await connection.scalar("SELECT to_regclass('scratch') IS NULL")  # rolled back
    finally:
        await connection.close()
