"""Limits and faults: cooldown, over-long questions, 403, 429, reconnects and dropped sockets."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.chat.client import FactBot
from tests.e2e.conftest import (
    CHANNEL,
    OTHER_CHANNEL,
    StartBot,
    ask_in_server,
)
from tests.e2e.fake_discord import FakeDiscord

MESSAGES = rf"/channels/{CHANNEL}/messages"


async def _ask(fake: FakeDiscord, question: str, channel_id: int = CHANNEL) -> None:
    await ask_in_server(fake, question, channel_id=channel_id)


async def test_the_cooldown_says_so_once_then_lets_the_member_ask_again(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    await start_bot(cooldown_questions=2, cooldown_seconds=0.5)
    since = fake.bot_message_mark()
    for _ in range(4):
        await _ask(fake, "when is solid-state due?")
    await fake.wait_for_bot_message(since=since + 2)
    # Handlers run concurrently, so the notice may overtake the answers.
    replies = fake.bot_messages[since : since + 3]
    assert sum(bool(reply["embeds"]) for reply in replies) == 2
    [notice] = [reply for reply in replies if not reply["embeds"]]
    assert "please wait" in notice["content"]
    # The fourth question got no second notice; after the window the member is answered again.
    await asyncio.sleep(0.6)
    await _ask(fake, "who owns primeearth?", channel_id=OTHER_CHANNEL)
    after = await fake.wait_for_bot_message(since=since + 3)
    assert after["channel_id"] == str(OTHER_CHANNEL)
    assert after["embeds"]


async def test_an_over_long_question_gets_a_polite_limit(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.bot_message_mark()
    await _ask(fake, "when is solid-state due? " * 40)
    reply = await fake.wait_for_bot_message(since=since)
    assert "500 characters" in reply["content"]
    assert not reply.get("embeds")


async def test_no_permission_to_send_is_logged_once_and_skipped(
    factbot: FactBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("POST", MESSAGES, 403, times=5)
    since = fake.mark()
    await _ask(fake, "when is solid-state due?")
    await fake.wait_for_request("POST", MESSAGES, since=since)
    await _ask(fake, "who owns primeearth?")  # skipped: the channel is muted for a while
    await _ask(fake, "who owns primeearth?", channel_id=OTHER_CHANNEL)
    await fake.wait_for_request("POST", rf"/channels/{OTHER_CHANNEL}/messages", since=since)
    sends = [r for r in fake.requests[since:] if r.method == "POST" and r.path == MESSAGES]
    assert len(sends) == 1
    warnings = [r for r in caplog.records if "No permission to reply" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


async def test_a_rate_limited_reply_is_retried(factbot: FactBot, fake: FakeDiscord) -> None:
    fake.fail_next("POST", MESSAGES, 429, retry_after=0.2)
    since = fake.mark()
    await _ask(fake, "when is solid-state due?")
    limited = await fake.wait_for_request("POST", MESSAGES, since=since)
    retried = await fake.wait_for_request("POST", MESSAGES, since=fake.requests.index(limited) + 1)
    assert retried.json["embeds"][0]["title"] == "Around 2028."
    assert len(fake.bot_messages) == 1


async def test_a_reconnect_request_resumes_and_the_bot_still_answers(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    await fake.request_reconnect()
    await fake.wait_for_resume()
    since = fake.mark()
    await _ask(fake, "when is solid-state due?")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert request.json["embeds"][0]["title"] == "Around 2028."
    assert fake.identify_count == 1


async def test_a_dropped_socket_resumes_and_missed_questions_are_answered(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    await fake.drop_connection()
    since = fake.mark()
    await _ask(fake, "when is solid-state due?")  # sent while the bot is away: replayed
    await fake.wait_for_resume()
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert request.json["embeds"][0]["title"] == "Around 2028."
    since = fake.mark()
    await _ask(fake, "who owns primeearth?")
    await fake.wait_for_request("POST", MESSAGES, since=since)
    assert len(fake.bot_messages) == 2
