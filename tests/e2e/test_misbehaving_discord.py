"""Discord, or a server speaking its protocol, misbehaving: FactBot keeps answering.

Each case was seen running `factbot run` against an independent Discord-compatible server:
a refused command sync, an event with a field of the wrong type, a response that reached
Discord though its reply was lost.
"""

from __future__ import annotations

import logging

import pytest

import bot.chat.resilience
from bot.chat.client import SORRY, FactBot
from tests.e2e.conftest import CHANNEL, GUILD, MEMBER, StartBot, ask_in_server
from tests.e2e.fake_discord import FakeDiscord, FakeInteraction

MESSAGES = rf"/channels/{CHANNEL}/messages"
COMMANDS = r"/applications/\d+/commands"
CALLBACK = r"/interactions/\d+/[^/]+/callback"


async def _answered(fake: FakeDiscord, question: str) -> str:
    """The title of the embed FactBot replies to a mention with."""
    since = fake.mark()
    await ask_in_server(fake, question)
    reply = await fake.wait_for_request("POST", MESSAGES, since=since)
    return str(reply.json["embeds"][0]["title"])


async def test_a_refused_command_sync_at_start_up_is_retried_while_mentions_are_answered(
    start_bot: StartBot,
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(bot.chat.resilience, "SYNC_RETRY_DELAYS", (0.3, 0.3))
    fake.fail_next("PUT", COMMANDS, 400, times=2)
    await start_bot()
    assert "Could not sync the slash commands" in caplog.text
    assert not fake.command_syncs
    assert await _answered(fake, "when is solid-state due?") == "Around 2028."
    synced = "Slash commands synced on attempt 3."
    await fake.wait_until(lambda: synced in caplog.text, what="the retried sync")
    assert "Slash command sync attempt 2 failed too" in caplog.text
    assert len(fake.command_syncs) == 1


@pytest.mark.parametrize(
    "malformed",
    [
        {"id": "1", "channel_id": None, "author": {"id": "5"}},  # a field of the wrong type
        {"id": "2", "channel_id": str(CHANNEL), "guild_id": str(GUILD), "author": "nobody"},
        {"channel_id": str(CHANNEL)},  # fields missing
    ],
)
async def test_an_event_that_cannot_be_read_is_dropped_and_the_session_goes_on(
    factbot: FactBot,
    fake: FakeDiscord,
    caplog: pytest.LogCaptureFixture,
    malformed: dict[str, object],
) -> None:
    identified = fake.identify_count
    await fake.raw_event("MESSAGE_CREATE", malformed)
    owner = await _answered(fake, "who owns primeearth?")
    assert owner == "Toyota, which acquired complete ownership earlier this year."
    assert "Dropped a MESSAGE_CREATE event from Discord that could not be read" in caplog.text
    assert fake.identify_count == identified
    assert not factbot.is_closed()


async def _slash_ask(fake: FakeDiscord, question: str) -> FakeInteraction:
    return await fake.slash(
        "ask",
        [{"name": "question", "type": 3, "value": question}],
        user_id=MEMBER,
        guild_id=GUILD,
        channel_id=CHANNEL,
    )


async def test_an_answer_that_reached_discord_though_its_reply_was_lost_is_not_sent_twice(
    factbot: FactBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    # A 502 after Discord took the answer: discord.py sends it again, and Discord refuses.
    fake.fail_next("POST", CALLBACK, 502, applied=True)
    interaction = await _slash_ask(fake, "when is solid-state due?")
    first = await interaction.wait_for_response()
    await fake.wait_until(lambda: "was answered already; not answering again" in caplog.text)
    assert first.json["data"]["embeds"][0]["title"] == "Around 2028."
    assert [r.status for r in interaction.responses] == [502, 400]
    assert not factbot.failures


async def test_a_failure_after_discord_took_the_answer_is_reported_in_a_follow_up(
    factbot: FactBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("POST", CALLBACK, 400, applied=True)
    interaction = await _slash_ask(fake, "when is solid-state due?")
    await fake.wait_until(lambda: len(interaction.responses) == 3)
    answer, refused, follow_up = interaction.responses
    assert answer.json["data"]["embeds"][0]["title"] == "Around 2028."
    assert refused.status == 400  # the second response Discord rejects (40060)
    assert follow_up.path.startswith("/webhooks/")
    assert follow_up.json["content"] == SORRY
    assert follow_up.status == 200
    # The failure itself was logged and counted; expected here, so not left for teardown.
    assert len(factbot.failures) == 1
    factbot.failures.clear()
    assert [r.levelno for r in caplog.records if r.levelno >= logging.ERROR] == [logging.ERROR]
    caplog.clear()
