"""Follow-up questions through the fake Discord: a reply to an answer follows it (also after a
restart), a member's next question in a DM or channel follows their last answer there for a
few minutes, members never share it, and /ask follows too."""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat.client import FactBot
from bot.service import conversation
from tests.e2e.conftest import CHANNEL, GUILD, MEMBER, OTHER_MEMBER, StartBot
from tests.e2e.fake_discord import FakeDiscord

DM_CHANNEL = 84_000_000_000_000_002
FIRST = "when will the performance battery come out"
THEN = "and the range?"


def _embed(message: dict[str, Any]) -> dict[str, Any]:
    [embed] = message["embeds"]
    return dict(embed)


def _fact(message: dict[str, Any]) -> str | None:
    embeds = message.get("embeds") or []
    return str(embeds[0]["footer"]["text"]).split()[1] if embeds else None


async def _asked(fake: FakeDiscord, text: str, **where: Any) -> dict[str, Any]:
    since = fake.bot_message_mark()
    await fake.user_message(text, **where)
    return await fake.wait_for_bot_message(since=since)


async def _mentioned(fake: FakeDiscord, text: str, member: int) -> dict[str, Any]:
    """A member mentions the bot in the test channel; the bot's reply."""
    where = {"author_id": member, "channel_id": CHANNEL, "guild_id": GUILD}
    return await _asked(fake, f"<@{fake.BOT_USER_ID}> {text}", mention_bot=True, **where)


async def test_a_reply_to_an_answer_follows_it_also_after_a_restart(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    first = await start_bot()
    answer = await _mentioned(fake, FIRST, MEMBER)
    assert _fact(answer) == "performance-release"
    await first.close()
    await start_bot()  # nothing of the conversation kept in memory
    where = {"author_id": OTHER_MEMBER, "channel_id": CHANNEL, "guild_id": GUILD}
    followed = await _asked(
        fake, f"<@{fake.BOT_USER_ID}> {THEN}", mention_bot=True, reply_to=answer, **where
    )
    assert _fact(followed) == "performance-range"
    assert _embed(followed)["author"]["name"] == "Performance batteries, range:"


async def test_a_dm_follows_the_last_answer_for_a_few_minutes(
    factbot: FactBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(factbot.service.conversations, "_clock", lambda: now[0])
    where = {"author_id": MEMBER, "channel_id": DM_CHANNEL}
    assert _fact(await _asked(fake, FIRST, **where)) == "performance-release"
    now[0] += 60
    assert _fact(await _asked(fake, THEN, **where)) == "performance-range"
    now[0] += conversation.FOLLOW_UP_SECONDS + 1
    late = await _asked(fake, "what about the popularization one?", **where)
    assert _fact(late) != "popularization-range"  # a new conversation: no kind to take


async def test_two_members_in_one_channel_never_share_context(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    assert _fact(await _mentioned(fake, FIRST, MEMBER)) == "performance-release"
    assert _fact(await _mentioned(fake, THEN, OTHER_MEMBER)) != "performance-range"
    assert _fact(await _mentioned(fake, THEN, MEMBER)) == "performance-range"


async def test_slash_ask_follows_the_members_last_answer_in_the_channel(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    for question, fact in [(FIRST, "performance-release"), (THEN, "performance-range")]:
        asked = await fake.slash(
            "ask",
            [{"name": "question", "type": 3, "value": question}],
            user_id=MEMBER,
            guild_id=GUILD,
            channel_id=CHANNEL,
        )
        response = (await asked.wait_for_response()).json["data"]
        assert _fact(response) == fact


async def test_a_reply_to_a_message_that_is_no_answer_follows_nothing(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    """Not the help text's reply, nor the member's last answer: the reply was to the help."""
    assert _fact(await _mentioned(fake, FIRST, MEMBER)) == "performance-release"
    helped = await _mentioned(fake, "help", MEMBER)
    assert not helped.get("embeds")
    where = {"author_id": MEMBER, "channel_id": CHANNEL, "guild_id": GUILD}
    reply = f"<@{fake.BOT_USER_ID}> {THEN}"
    followed = await _asked(fake, reply, mention_bot=True, reply_to=helped, **where)
    assert _fact(followed) != "performance-range"
