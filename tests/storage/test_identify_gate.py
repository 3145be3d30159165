"""Identify turns shared through PostgreSQL: two gates stand for two processes of one bot."""

from __future__ import annotations

import asyncio
import gc
import threading
import time

import asyncpg
import pytest

from bot.storage import Database
from bot.storage.identify_gate import LocalIdentifyGate, PostgresIdentifyGate


async def test_a_bucket_waits_for_another_processs_turn_and_other_buckets_do_not(
    postgres_url: str,
) -> None:
    first, second = PostgresIdentifyGate(postgres_url, 60), PostgresIdentifyGate(postgres_url, 60)
    try:
        await first.wait_turn(0)
        waiting = asyncio.create_task(second.wait_turn(0))
        await asyncio.wait_for(second.wait_turn(1), timeout=5)  # bucket 1 is free
        done, _ = await asyncio.wait([waiting], timeout=0.5)
        assert not done  # bucket 0 is the first process's for 60 s
        await first.close()  # a process that stops (or dies) lets go of its turns
        await asyncio.wait_for(waiting, timeout=5)
    finally:
        await first.close()
        await second.close()


async def test_one_processs_shards_of_a_bucket_take_turns_too(postgres_url: str) -> None:
    """A session lock is re-entrant for its connection: the gate must not let this
    process's second shard of the bucket in at once."""
    gate = PostgresIdentifyGate(postgres_url, 0.3)
    try:
        await gate.wait_turn(0)
        second = asyncio.create_task(gate.wait_turn(0))
        done, _ = await asyncio.wait([second], timeout=0.1)
        assert not done
        await asyncio.wait_for(second, timeout=5)
    finally:
        await gate.close()


async def _advisory_locks(url: str) -> list[bool]:
    """Whether each advisory lock on the server is granted (False: being waited for)."""
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT granted FROM pg_locks WHERE locktype = 'advisory'")
        return sorted(bool(row[0]) for row in rows)
    finally:
        await connection.close()


async def test_a_turn_given_up_while_waiting_holds_nothing(postgres_url: str) -> None:
    """discord.py times an identify out by cancelling it: the wait must leave no lock
    behind, or every other process's shards of the bucket would wait for ever."""
    holder, quitter, next_one = (PostgresIdentifyGate(postgres_url, 60) for _ in range(3))
    try:
        await holder.wait_turn(0)
        waiting = asyncio.create_task(quitter.wait_turn(0))
        await asyncio.sleep(0.3)
        assert await _advisory_locks(postgres_url) == [False, True]
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await holder.close()
        await asyncio.wait_for(next_one.wait_turn(0), timeout=5)
        assert await _advisory_locks(postgres_url) == [True]  # next_one's, nobody else's
    finally:
        for gate in (holder, quitter, next_one):
            await gate.close()


async def test_a_turn_given_up_just_as_it_was_granted_holds_nothing(postgres_url: str) -> None:
    """The holder's connection ends while this process's loop is busy, so the server grants
    the waiting gate the lock just before the wait is cancelled: the grant must not stay."""
    holder, quitter, next_one = (PostgresIdentifyGate(postgres_url, 60) for _ in range(3))
    try:
        await holder.wait_turn(0)
        holder_pid = holder._connections[0].get_server_pid()
        waiting = asyncio.create_task(quitter.wait_turn(0))
        await asyncio.sleep(0.3)

        async def end_holder() -> None:
            admin = await asyncpg.connect(postgres_url)
            await admin.execute("SELECT pg_terminate_backend($1)", holder_pid)
            await admin.close()

        # On another thread, while this loop is blocked: the grant arrives unread.
        killer = threading.Thread(target=lambda: asyncio.run(end_holder()))
        killer.start()
        killer.join()
        time.sleep(0.5)  # noqa: ASYNC251 (blocking the loop is the point: the grant waits unread)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await asyncio.wait_for(next_one.wait_turn(0), timeout=5)
    finally:
        for gate in (holder, quitter, next_one):
            await gate.close()


async def test_an_unreachable_database_falls_back_to_this_processs_own_turns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = PostgresIdentifyGate("postgresql://factbot@127.0.0.1:1/none", 0.0)
    await asyncio.wait_for(gate.wait_turn(0), timeout=15)
    assert "Identify turns not shared" in caplog.text
    await gate.close()


async def test_the_database_says_which_gate(any_database: Database) -> None:
    gate = any_database.identify_gate(5.0)
    expected = LocalIdentifyGate if any_database.path is not None else PostgresIdentifyGate
    assert isinstance(gate, expected)
    assert any_database.shareable == (any_database.path is None)
    await gate.close()


async def test_closing_while_a_turn_is_being_let_go_leaves_no_stray_error(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A bot that stops right after a turn, its release sleeping or mid-statement: no lock is
    left and no release fails unseen ("Task exception was never retrieved", seen once in CI
    as a release's statement met the connection's close; this loop did not reproduce that
    race on the code before the fix, it guards the close path as it is)."""
    for pause in [0, 0, 0.001, 0.002, 0.005] * 4:
        gate = PostgresIdentifyGate(postgres_url, 0.0)
        await gate.wait_turn(0)
        await asyncio.sleep(pause)
        await gate.close()
    await asyncio.sleep(0.1)
    gc.collect()  # a task whose exception nobody retrieved says so when it is collected
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert await _advisory_locks(postgres_url) == []
