"""Shard plans from the settings, and a process's share of the REST budget."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.chat.rest_budget import RestBudget, limit_requests
from bot.chat.shards import ShardPlan, ShardPlanError


def test_a_range_of_shards_of_a_count() -> None:
    plan = ShardPlan.parse("0-1", 4)
    assert (plan.ids, plan.count) == ((0, 1), 4)
    assert plan.holds_shard_zero
    assert not plan.runs_every_shard
    assert plan.share(4) == 0.5
    assert plan.describe(4) == "shards 0-1 of 4 (2 processes expected)"
    assert plan.client_options() == {"shard_ids": [0, 1], "shard_count": 4}
    other = ShardPlan.parse("2, 3", 4)
    assert not other.holds_shard_zero
    assert other.describe(4) == "shards 2-3 of 4 (2 processes expected)"
    assert ShardPlan.parse("0,2,5-7", 8).describe(8) == (
        "shards 0, 2, 5-7 of 8 (2 processes expected)"
    )
    assert ShardPlan.parse("3", 4).describe(4) == "shard 3 of 4 (4 processes expected)"


def test_no_shards_named_runs_them_all() -> None:
    every = ShardPlan.parse(None, None)
    assert every.runs_every_shard
    assert every.holds_shard_zero
    assert every.client_options() == {}
    assert every.describe(1) == "shard 0 of 1 (this process alone)"
    assert ShardPlan.parse(None, 3).describe(3) == "shards 0-2 of 3 (this process alone)"


@pytest.mark.parametrize(
    ("shards", "count", "message"),
    [
        ("0-1", None, "needs --shard-count"),
        ("0-4", 4, "shard 4 is outside 0-3"),
        ("3-1", 4, "runs backwards"),
        ("0,0", 4, "names a shard twice"),
        ("first", 4, "not a list of shards"),
        ("0-", 4, "not a list of shards"),
        (None, 0, "at least 1"),
    ],
)
def test_shard_settings_that_contradict_each_other_say_how(
    shards: str | None, count: int | None, message: str
) -> None:
    with pytest.raises(ShardPlanError, match=message):
        ShardPlan.parse(shards, count)


class ManualClock:
    """Time that passes only when the budget sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_the_budget_sends_at_most_its_rate_in_any_second() -> None:
    clock = ManualClock()
    budget = RestBudget(25.0, clock=clock, sleep=clock.sleep)
    sent: list[float] = []

    async def request() -> None:
        await budget.take()
        sent.append(clock.now)

    for _ in range(25):
        await request()
    assert clock.slept == []  # a burst of one second's worth goes at once
    await asyncio.gather(*(request() for _ in range(50)))
    assert len(sent) == 75
    assert all(later - earlier >= 1.0 for earlier, later in zip(sent, sent[25:], strict=False))
    clock.now += 10  # idle: the next second's worth goes at once again, and no more
    before = len(clock.slept)
    for _ in range(25):
        await request()
    assert len(clock.slept) == before
    await request()
    assert len(clock.slept) == before + 1
    assert RestBudget(0.5)._per_second == 1  # a small share still sends


async def test_every_request_discord_py_sends_waits_for_the_budget() -> None:
    clock = ManualClock()
    budget = RestBudget(1.0, clock=clock, sleep=clock.sleep)
    sent: list[str] = []

    class HTTP:
        async def request(self, route: discord.http.Route, **kwargs: Any) -> str:
            sent.append(route.path)
            return "ok"

    http: Any = HTTP()
    limit_requests(http, budget)
    message = discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=1)
    assert await http.request(message, json={}) == "ok"
    assert clock.slept == []
    await http.request(message)
    assert clock.slept == [pytest.approx(1.0)]
    assert sent == [message.path, message.path]
