"""The fake Discord's sharding, seen from raw gateway connections: each server's events reach
only the connection of the shard that owns it, DMs go to shard 0, and an identify that breaks
the session start limit is refused, as Discord does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.e2e.fake_discord import FakeDiscord

INTENTS = (1 << 0) | (1 << 9) | (1 << 12)  # guilds, guild messages, direct messages
ON_SHARD_0 = (4 << 22) | 1  # (id >> 22) % 2 == 0
ON_SHARD_1 = (5 << 22) | 1


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(heartbeat_interval_ms=30_000)
    server.add_guild(ON_SHARD_0, "Even", [ON_SHARD_0 + 1])
    server.add_guild(ON_SHARD_1, "Odd", [ON_SHARD_1 + 1])
    async with server:
        yield server
        assert not server.server_errors, server.server_errors


async def _identify(
    http: aiohttp.ClientSession, fake: FakeDiscord, shard: list[int]
) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any]]:
    """A connection that identifies as `shard`; the first payload the fake answers with."""
    socket = await http.ws_connect(fake.gateway_url)
    assert (await socket.receive_json(timeout=5))["op"] == 10
    identify = {"token": fake.token, "intents": INTENTS, "properties": {}, "shard": shard}
    await socket.send_json({"op": 2, "d": identify})
    return socket, await socket.receive_json(timeout=5)


async def _events(socket: aiohttp.ClientWebSocketResponse, wait: float = 0.3) -> list[str]:
    """The dispatches that arrive within `wait` seconds, by name."""
    names: list[str] = []
    while True:
        try:
            payload = await socket.receive_json(timeout=wait)
        except TimeoutError:
            return names
        names.append(payload.get("t") or f"op {payload['op']}")


async def test_each_servers_events_reach_only_its_shard_and_dms_shard_zero(
    fake: FakeDiscord,
) -> None:
    async with aiohttp.ClientSession() as http:
        even, ready_even = await _identify(http, fake, [0, 2])
        odd, ready_odd = await _identify(http, fake, [1, 2])
        assert [g["id"] for g in ready_even["d"]["guilds"]] == [str(ON_SHARD_0)]
        assert [g["id"] for g in ready_odd["d"]["guilds"]] == [str(ON_SHARD_1)]
        assert await _events(even) == ["GUILD_CREATE"]
        assert await _events(odd) == ["GUILD_CREATE"]

        await fake.user_message(
            "hello", author_id=7, channel_id=ON_SHARD_1 + 1, guild_id=ON_SHARD_1
        )
        assert (await _events(even), await _events(odd)) == ([], ["MESSAGE_CREATE"])
        await fake.user_message("hi", author_id=7, channel_id=ON_SHARD_0 + 1, guild_id=ON_SHARD_0)
        await fake.user_message("a dm", author_id=8, channel_id=999)
        assert (await _events(even), await _events(odd)) == (
            ["MESSAGE_CREATE", "MESSAGE_CREATE"],
            [],
        )
        await even.close()
        await odd.close()


async def test_an_identify_of_a_bucket_too_soon_is_refused(fake: FakeDiscord) -> None:
    fake.max_concurrency = 2
    fake.gateway.identify_window = 30
    async with aiohttp.ClientSession() as http:
        sockets = []
        for shard_id, expected in [(0, "READY"), (1, "READY"), (2, None)]:
            socket, answer = await _identify(http, fake, [shard_id, 4])
            sockets.append(socket)
            if expected is None:  # shard 2 is in shard 0's bucket: an invalid session
                assert (answer["op"], answer["d"]) == (9, False)
            else:
                assert answer["t"] == expected
        assert fake.gateway.rejected_identifies == 1
        assert fake.identify_count == 2
        for socket in sockets:
            await socket.close()
