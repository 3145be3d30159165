"""Faults through the fake Discord: every question is answered exactly once after recovery."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.chat.client import FactBot
from tests.e2e.conftest import CHANNEL, GUILD, MEMBER, StartBot, ask_in_server
from tests.e2e.fake_discord import FakeDiscord

MESSAGES = rf"/channels/{CHANNEL}/messages"


QUESTIONS = [
    "when is solid-state due?",
    "who owns primeearth?",
    "how far can the performance battery go",
    "who approved toyota's plans?",
]


async def _burst(fake: FakeDiscord, count: int) -> list[str]:
    """`count` questions, each from another member (so no cooldown applies)."""
    asked = []
    for number in range(count):
        question = QUESTIONS[number % len(QUESTIONS)]
        message = await ask_in_server(fake, question, author_id=MEMBER + 1000 + number)
        asked.append(message["id"])
    return asked


async def _answered_once(fake: FakeDiscord, asked: list[str], since: int) -> None:
    """Wait until every question has a reply, then check none has two."""

    def replies() -> Counter[str]:
        return Counter(
            str(request.json["message_reference"]["message_id"])
            for request in fake.requests[since:]
            if request.method == "POST" and request.path == MESSAGES and request.status == 200
        )

    await fake.wait_until(lambda: set(asked) <= set(replies()), timeout=15, what="all replies")
    await asyncio.sleep(0.2)  # a duplicate would arrive right behind
    counts = replies()
    assert all(counts[message_id] == 1 for message_id in asked), counts


async def test_a_socket_dropped_mid_burst_loses_and_repeats_nothing(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.mark()
    asked = await _burst(fake, 10)
    await fake.drop_connection()
    asked += await _burst(fake, 10)  # sent while the bot is away: replayed on RESUME
    await fake.wait_for_resume()
    await _answered_once(fake, asked, since)
    assert fake.identify_count == 1


@pytest.mark.parametrize("resumable", [True, False])
async def test_an_invalid_session_recovers(
    factbot: FactBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, resumable: bool
) -> None:
    async def no_wait(*args: Any, **kwargs: Any) -> None:
        """discord.py waits 5 s before identifying again; Discord asks 1 to 5 s."""

    monkeypatch.setattr(factbot, "before_identify_hook", no_wait)
    since = fake.mark()
    await fake.invalidate_session(resumable=resumable)
    if resumable:
        await fake.wait_for_resume()
    else:
        await fake.wait_for_ready(count=2)
    asked = await _burst(fake, 5)
    await _answered_once(fake, asked, since)


async def test_a_gateway_that_stops_acknowledging_heartbeats_is_left_and_resumed(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    # discord.py gives up on a silent gateway after 60 s; the next connection reads 0.5 s.
    factbot._connection.heartbeat_timeout = 0.5
    await fake.request_reconnect()
    await fake.wait_for_resume()
    fake.ack_heartbeats(False)
    await fake.wait_for_resume(count=2, timeout=10)
    fake.ack_heartbeats(True)
    since = fake.mark()
    asked = await _burst(fake, 3)
    await _answered_once(fake, asked, since)


@pytest.mark.parametrize(("status", "times"), [(429, 3), (500, 1)])
async def test_rate_limits_and_server_errors_are_retried_once_each(
    factbot: FactBot, fake: FakeDiscord, status: int, times: int
) -> None:
    fake.fail_next("POST", MESSAGES, status, times=times, retry_after=0.05)
    since = fake.mark()
    asked = await _burst(fake, 3)
    await _answered_once(fake, asked, since)
    served = [r for r in fake.requests[since:] if r.path == MESSAGES and r.status == status]
    assert len(served) == times  # the faults really happened, and were retried past


async def test_reload_keeps_the_last_good_packs_when_the_new_ones_are_broken(
    start_bot: StartBot, fake: FakeDiscord, pack_copy: Path
) -> None:
    bot = await start_bot(facts_dir=pack_copy)
    owner: dict[str, Any] = {
        "user_id": fake.OWNER_USER_ID,
        "guild_id": GUILD,
        "channel_id": CHANNEL,
    }
    member: dict[str, Any] = {"user_id": MEMBER, "guild_id": GUILD, "channel_id": CHANNEL}

    refused = await (await fake.slash("reload", [], **member)).wait_for_response()
    assert "Only the bot's owner" in refused.json["data"]["content"]

    pack = pack_copy / "pack.toml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace('answer = "Around 2028."', 'answer = ""')
    )
    reloading = await fake.slash("reload", [], **owner)
    assert (await reloading.wait_for_response()).json["type"] == 5  # deferred: loading may be slow
    said = (await reloading.wait_for_response(2)).json["content"]
    assert "Not reloaded; still serving the last good packs (1 packs, 30 facts)" in said
    assert "solid-state-release" in said
    assert "answer" in said
    since = fake.bot_message_mark()
    await ask_in_server(fake, "when is solid-state due?", author_id=MEMBER + 7)
    assert (await fake.wait_for_bot_message(since=since))["embeds"][0]["title"] == "Around 2028."

    pack.write_text(pack.read_text(encoding="utf-8").replace('answer = ""', 'answer = "In 2028."'))
    reloading = await fake.slash("reload", [], **owner)
    said = (await reloading.wait_for_response(2)).json["content"]
    assert said == "Reloaded: 1 pack, 30 facts."
    since = fake.bot_message_mark()
    await ask_in_server(fake, "when is solid-state due?", author_id=MEMBER + 8)
    assert (await fake.wait_for_bot_message(since=since))["embeds"][0]["title"] == "In 2028."
    assert bot.engine.fact_count == 30
