"""Identify turns shared through PostgreSQL: two gates stand for two processes of one bot."""

from __future__ import annotations

import asyncio

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
