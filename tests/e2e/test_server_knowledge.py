"""Server knowledge end to end: staff curate facts, members vote, the bot learns."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.chat.client import FactBot
from bot.storage import DIRECT_MESSAGES, Database, GuildSettings
from bot.storage import connection as connection_module
from tests.e2e.conftest import (
    CHANNEL,
    GUILD,
    MEMBER,
    OTHER_CHANNEL,
    OTHER_GUILD,
    StartBot,
    ask_in_server,
)
from tests.e2e.fake_discord import FakeDiscord, FakeInteraction

STAFF = 83_000_000_000_000_009
time_now = time.time  # the real clock, while a test pretends it is the past
MEMBER_PERMISSIONS = discord.Permissions(1071698660929)
STAFF_PERMISSIONS = str((MEMBER_PERMISSIONS | discord.Permissions(manage_guild=True)).value)
MEMBER_ONLY = str(MEMBER_PERMISSIONS.value)
MEETUP = {
    "question": "When does the server meetup start?",
    "answer": "At 8 pm UTC on Fridays.",
    "quote": "Our meetup starts at 8 pm UTC every Friday in the stage channel.",
    "source": "Server rules, #announcements",
    "phrasings": "what time is the meetup\nmeetup time",
}


def _staff(guild_id: int = GUILD, channel_id: int = CHANNEL) -> dict[str, Any]:
    return {
        "user_id": STAFF,
        "guild_id": guild_id,
        "channel_id": channel_id,
        "permissions": STAFF_PERMISSIONS,
    }


def _member(guild_id: int = GUILD, channel_id: int = CHANNEL) -> dict[str, Any]:
    return {"user_id": MEMBER, "guild_id": guild_id, "channel_id": channel_id}


def _sub(name: str, **values: Any) -> list[dict[str, Any]]:
    """`/facts <name>` with its options."""
    types = {bool: 5, int: 4, str: 3}
    options = [{"name": k, "type": types[type(v)], "value": v} for k, v in values.items()]
    return [{"name": name, "type": 1, "options": options}]


async def _fill_modal(
    fake: FakeDiscord, opened: FakeInteraction, values: dict[str, str], **where: Any
) -> FakeInteraction:
    """Submit the modal the bot opened, typing `values` by position in the modal."""
    modal = (await opened.wait_for_response()).json
    assert modal["type"] == 9
    rows = modal["data"]["components"]
    inputs = [component for row in rows for component in row["components"]]
    assert len(inputs) == len(values)
    filled = [
        {"type": 1, "components": [{**text_input, "value": value}]}
        for text_input, value in zip(inputs, values.values(), strict=True)
    ]
    data = {"custom_id": modal["data"]["custom_id"], "components": filled}
    return await fake.interaction(5, data, **where)


async def _add_meetup_fact(fake: FakeDiscord) -> str:
    opened = await fake.slash("facts", _sub("add"), **_staff())
    submitted = await _fill_modal(fake, opened, MEETUP, **_staff())
    saved = (await submitted.wait_for_response()).json
    assert saved["data"]["flags"] & 64
    assert saved["data"]["content"].startswith("Added `server-1`")
    return "server-1"


async def _open_remove_dialog(fake: FakeDiscord, fact_id: str) -> tuple[dict[str, Any], str]:
    """Staff ask to remove a fact: the confirmation message and its Remove button's id."""
    asked = await fake.slash("facts", _sub("remove", fact=fact_id), **_staff())
    assert "cannot be undone" in (await asked.wait_for_response()).json["data"]["content"]
    dialog = fake.bot_messages[-1]
    buttons = [b for row in dialog["components"] for b in row["components"]]
    return dialog, next(b["custom_id"] for b in buttons if b["label"] == "Remove")


async def _answer_to(fake: FakeDiscord, question: str, channel_id: int = CHANNEL) -> dict[str, Any]:
    since = fake.bot_message_mark()
    await ask_in_server(fake, question, channel_id=channel_id)
    return await fake.wait_for_bot_message(since=since)


async def test_staff_add_a_fact_and_members_get_it_only_in_that_server(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    await _add_meetup_fact(fake)
    reply = await _answer_to(fake, "what time does the meetup start?")
    [embed] = reply["embeds"]
    assert embed["title"] == "At 8 pm UTC on Fridays."
    assert "every Friday in the stage channel" in embed["description"]
    assert "Added by this server's staff" in embed["footer"]["text"]
    assert embed["fields"][0]["value"] == "Server rules, #announcements"
    # The same question in another server is not answered from this server's facts.
    since = fake.mark()
    interaction = await fake.slash(
        "ask",
        [{"name": "question", "type": 3, "value": "what time does the meetup start?"}],
        **_member(OTHER_GUILD, OTHER_CHANNEL + 1),
    )
    elsewhere = await interaction.wait_for_response()
    assert not elsewhere.json["data"].get("embeds")
    assert elsewhere.json["data"]["content"].startswith("The article doesn't say")
    assert fake.mark() > since


async def test_members_without_manage_server_are_refused(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    for name, values in [
        ("add", {}),
        ("remove", {"fact": "server-1"}),
        ("hide", {"fact": "solid-state-release"}),
        ("unanswered", {}),
        ("stats", {}),
        ("teach", {"question": "when do ssbs ship", "fact": "solid-state-release"}),
    ]:
        called = await fake.slash("facts", _sub(name, **values), **_member())
        refused = (await called.wait_for_response()).json
        assert refused["type"] == 4, name
        assert "Manage Server" in refused["data"]["content"], name
        assert refused["data"]["flags"] & 64
    # Called directly, /settings (hidden from members by its default permissions) refuses too.
    called = await fake.slash(
        "settings", [{"name": "private", "type": 5, "value": True}], **_member()
    )
    assert "Manage Server" in (await called.wait_for_response()).json["data"]["content"]
    assert (await factbot.database.guild_settings(GUILD)).private_replies is False
    assert await factbot.database.server_facts(GUILD) == []
    assert await factbot.database.hidden_facts(GUILD) == frozenset()
    # In a DM there is no server to manage.
    called = await fake.slash("facts", _sub("stats"), user_id=MEMBER, guild_id=None, channel_id=1)
    assert "only in a server" in (await called.wait_for_response()).json["data"]["content"]


async def test_a_bad_fact_is_explained_and_the_text_kept(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    too_long = {**MEETUP, "phrasings": "fine\n" + "x" * 300}
    opened = await fake.slash("facts", _sub("add"), **_staff())
    submitted = await _fill_modal(fake, opened, too_long, **_staff())
    explained = (await submitted.wait_for_response()).json["data"]
    assert "Other ways to ask, line 2" in explained["content"]
    assert await factbot.database.server_facts(GUILD) == []
    # "Fix it" reopens the form with everything that was typed.
    message = fake.bot_messages[-1]
    [fix] = [b for row in message["components"] for b in row["components"]]
    reopened = await fake.click(message, fix["custom_id"], **_staff())
    modal = (await reopened.wait_for_response()).json
    defaults = [c.get("value") for row in modal["data"]["components"] for c in row["components"]]
    assert defaults == list(too_long.values())


async def test_staff_edit_and_remove_with_confirmation(factbot: FactBot, fake: FakeDiscord) -> None:
    fact_id = await _add_meetup_fact(fake)
    before = await _answer_to(fake, "what time is the meetup")  # the server's engine is built
    assert before["embeds"][0]["title"] == "At 8 pm UTC on Fridays."
    opened = await fake.slash("facts", _sub("edit", fact=fact_id), **_staff())
    changed = {**MEETUP, "answer": "At 9 pm UTC on Fridays."}
    submitted = await _fill_modal(fake, opened, changed, **_staff())
    assert (await submitted.wait_for_response()).json["data"]["content"] == f"Saved `{fact_id}`."
    reply = await _answer_to(fake, "what time is the meetup")
    assert reply["embeds"][0]["title"] == "At 9 pm UTC on Fridays."

    dialog, remove = await _open_remove_dialog(fake, fact_id)
    confirmed = await fake.click(dialog, remove, **_staff())
    done = (await confirmed.wait_for_response()).json
    assert done["type"] == 7
    assert done["data"]["content"] == f"Removed `{fact_id}`."
    assert await factbot.database.server_facts(GUILD) == []
    gone = await _answer_to(fake, "what time is the meetup")
    assert gone["content"].startswith("The article doesn't say")


async def test_staff_who_type_a_facts_question_instead_of_picking_it_edit_and_remove_it(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    fact_id = await _add_meetup_fact(fake)
    typed = MEETUP["question"]  # not picked from autocomplete, so not the fact's id
    opened = await fake.slash("facts", _sub("edit", fact=typed), **_staff())
    changed = {**MEETUP, "answer": "At 9 pm UTC on Fridays."}
    submitted = await _fill_modal(fake, opened, changed, **_staff())
    assert (await submitted.wait_for_response()).json["data"]["content"] == f"Saved `{fact_id}`."
    reply = await _answer_to(fake, "what time is the meetup")
    assert reply["embeds"][0]["title"] == "At 9 pm UTC on Fridays."
    dialog, remove = await _open_remove_dialog(fake, typed)
    assert f"Remove `{fact_id}`" in dialog["content"]
    confirmed = await fake.click(dialog, remove, **_staff())
    assert (await confirmed.wait_for_response()).json["data"]["content"] == f"Removed `{fact_id}`."
    assert await factbot.database.server_facts(GUILD) == []


async def test_a_shipped_fact_can_be_hidden_in_one_server(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    hidden = await fake.slash("facts", _sub("hide", fact="solid-state-release"), **_staff())
    assert "hidden in this server" in (await hidden.wait_for_response()).json["data"]["content"]
    reply = await _answer_to(fake, "when is solid-state due?")
    assert "solid-state-release" not in str(reply.get("embeds"))


async def test_a_vote_survives_a_restart(start_bot: StartBot, fake: FakeDiscord) -> None:
    first = await start_bot()
    answer = await _answer_to(fake, "when is solid-state due?")
    votes = [
        b for row in answer["components"] for b in row["components"] if "vote" in b["custom_id"]
    ]
    up, down = (b["custom_id"] for b in votes)
    clicked = await fake.click(answer, up, **_member())
    assert "\N{THUMBS UP SIGN} 1" in (await clicked.wait_for_response()).json["data"]["content"]
    await first.close()

    await start_bot()  # a new process would see the same database file
    clicked = await fake.click(answer, up, **{**_member(), "user_id": MEMBER + 1})
    counted = (await clicked.wait_for_response()).json["data"]
    assert "\N{THUMBS UP SIGN} 2 \u00b7 \N{THUMBS DOWN SIGN} 0" in counted["content"]
    clicked = await fake.click(answer, down, **_member())  # the first member changes their mind
    changed = (await clicked.wait_for_response()).json["data"]
    assert changed["flags"] & 64
    assert "\N{THUMBS UP SIGN} 1 \u00b7 \N{THUMBS DOWN SIGN} 1" in changed["content"]


async def test_a_taught_phrasing_is_answered_at_once(factbot: FactBot, fake: FakeDiscord) -> None:
    question = "who runs the gigafactory in aichi"
    declined = await _answer_to(fake, question)
    assert declined["content"].startswith("The article doesn't say")
    listed = await fake.slash("facts", _sub("unanswered"), **_staff())
    shown = (await listed.wait_for_response()).json["data"]
    assert question in shown["embeds"][0]["description"]
    message = fake.bot_messages[-1]
    [select] = [c for row in message["components"] for c in row["components"]]
    picked = await fake.click(
        message, select["custom_id"], component_type=3, values=["0"], **_staff()
    )
    asked_fact = (await picked.wait_for_response()).json["data"]
    fact_select = asked_fact["components"][1]["components"][0]
    assert any(o["value"] == "production-sites" for o in fact_select["options"])
    taught = await fake.click(
        fake.bot_messages[-1],
        fact_select["custom_id"],
        component_type=3,
        values=["production-sites"],
        **_staff(),
    )
    assert "Taught" in (await taught.wait_for_response()).json["data"]["content"]
    answered = await _answer_to(fake, question)
    assert "production-sites" in answered["embeds"][0]["footer"]["text"]
    assert await factbot.database.unanswered(GUILD) == []


async def test_stats_and_settings(factbot: FactBot, fake: FakeDiscord) -> None:
    await _answer_to(fake, "when is solid-state due?")
    await _answer_to(fake, "what is the capital of peru")
    shown = await fake.slash("facts", _sub("stats"), **_staff())
    fields = {
        f["name"]: f["value"]
        for f in (await shown.wait_for_response()).json["data"]["embeds"][0]["fields"]
    }
    assert fields["Questions"] == "2"
    assert fields["Answered"] == "50%"
    assert "When will solid-state batteries be released?" in fields["Most asked"]

    options = [
        {"name": "private", "type": 5, "value": True},
        {"name": "cooldown_questions", "type": 4, "value": 1},
    ]
    changed = await fake.slash(
        "settings", [*options, {"name": "keep_logs_days", "type": 4, "value": 30}], **_staff()
    )
    assert (await changed.wait_for_response()).json["data"]["content"] == "Saved."
    stored = await factbot.database.guild_settings(GUILD)
    assert (stored.private_replies, stored.cooldown_questions, stored.log_retention_days) == (
        True,
        1,
        30,
    )
    unknown = await fake.slash(
        "settings", [{"name": "packs", "type": 3, "value": "nope"}], **_staff()
    )
    assert "Unknown pack `nope`" in (await unknown.wait_for_response()).json["data"]["content"]
    assert (await factbot.database.guild_settings(GUILD)).packs is None
    asked = await fake.slash(
        "ask", [{"name": "question", "type": 3, "value": "who owns primeearth?"}], **_member()
    )
    assert (await asked.wait_for_response()).json["data"]["flags"] & 64  # private by default
    again = await fake.slash(
        "ask", [{"name": "question", "type": 3, "value": "who owns primeearth?"}], **_member()
    )
    assert "please wait" in (await again.wait_for_response()).json["data"]["content"]


async def test_many_questions_at_once_are_all_logged(factbot: FactBot, fake: FakeDiscord) -> None:
    since = fake.bot_message_mark()
    for member in range(40):
        await ask_in_server(fake, "when is solid-state due?", author_id=MEMBER + 100 + member)
    await fake.wait_for_bot_message(since=since + 39)
    stats = await factbot.database.stats(GUILD, since=datetime.now(UTC) - timedelta(hours=1))
    assert (stats.asked, stats.answered) == (40, 40)
    assert stats.top_facts == [("solid-state-release", 40)]


async def test_auto_answer_channels_answer_what_the_facts_answer(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    bot = await start_bot(message_content=True)
    chosen = GuildSettings(guild_id=GUILD, auto_answer_channels=frozenset({OTHER_CHANNEL}))
    await bot.database.save_guild_settings(chosen)
    bot.service.settings_changed(chosen)
    since = fake.mark()
    where: dict[str, Any] = {"author_id": MEMBER, "guild_id": GUILD}
    await fake.user_message("lol anyone up for ranked later", channel_id=OTHER_CHANNEL, **where)
    await fake.user_message("when is solid-state due?", channel_id=CHANNEL, **where)
    asked = await fake.user_message("when is solid-state due?", channel_id=OTHER_CHANNEL, **where)
    reply = await fake.wait_for_request("POST", r"/channels/\d+/messages", since=since)
    assert reply.path == f"/channels/{OTHER_CHANNEL}/messages"
    assert str(reply.json["message_reference"]["message_id"]) == asked["id"]
    # A question by mention afterwards: by its answer, the earlier messages were all handled.
    await _answer_to(fake, "who owns primeearth?")
    sends = [r for r in fake.requests[since:] if r.method == "POST" and "/messages" in r.path]
    assert len(sends) == 2


async def test_staff_who_lose_the_permission_mid_dialog_are_refused(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    # The form was opened by staff, but is submitted after Manage Server was taken away.
    opened = await fake.slash("facts", _sub("add"), **_staff())
    submitted = await _fill_modal(fake, opened, MEETUP, **{**_staff(), "permissions": MEMBER_ONLY})
    assert "Manage Server" in (await submitted.wait_for_response()).json["data"]["content"]
    assert await factbot.database.server_facts(GUILD) == []
    # The same for the remove confirmation.
    fact_id = await _add_meetup_fact(fake)
    dialog, remove = await _open_remove_dialog(fake, fact_id)
    clicked = await fake.click(dialog, remove, **{**_staff(), "permissions": MEMBER_ONLY})
    assert "Manage Server" in (await clicked.wait_for_response()).json["data"]["content"]
    assert [fact.fact_id for fact in await factbot.database.server_facts(GUILD)] == [fact_id]


async def test_members_get_no_glimpse_of_the_unanswered_list(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    await _answer_to(fake, "is there a secret staff meeting tonight")
    option = {"name": "question", "type": 3, "value": "", "focused": True}
    teach = [{"name": "teach", "type": 1, "options": [option]}]
    as_member = await fake.autocomplete("facts", teach, **_member())
    assert (await as_member.wait_for_response()).json["data"]["choices"] == []
    as_staff = await fake.autocomplete("facts", teach, **_staff())
    [choice] = (await as_staff.wait_for_response()).json["data"]["choices"]
    assert choice["value"] == "is there a secret staff meeting tonight"


async def test_a_long_question_is_taught_from_its_clipped_choice(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    question = "could someone please tell me " * 4 + "who runs the gigafactory in aichi"
    assert len(question) > 100
    await _answer_to(fake, question)
    option = {"name": "question", "type": 3, "value": "gigafactory", "focused": True}
    found = await fake.autocomplete(
        "facts", [{"name": "teach", "type": 1, "options": [option]}], **_staff()
    )
    [choice] = (await found.wait_for_response()).json["data"]["choices"]
    assert len(choice["value"]) <= 100
    taught = await fake.slash(
        "facts", _sub("teach", question=choice["value"], fact="production-sites"), **_staff()
    )
    assert "Taught" in (await taught.wait_for_response()).json["data"]["content"]
    assert await factbot.database.unanswered(GUILD) == []
    assert "production-sites" in str((await _answer_to(fake, question[:150]))["embeds"])


async def test_server_facts_still_answer_after_a_restart(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    first = await start_bot()
    await _add_meetup_fact(fake)
    await first.close()
    await start_bot()
    reply = await _answer_to(fake, "what time is the meetup")
    assert reply["embeds"][0]["title"] == "At 8 pm UTC on Fridays."


async def test_auto_answer_needs_the_message_content_intent(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    chosen = GuildSettings(guild_id=GUILD, auto_answer_channels=frozenset({OTHER_CHANNEL}))
    await factbot.database.save_guild_settings(chosen)
    factbot.service.settings_changed(chosen)
    since = fake.mark()
    where: dict[str, Any] = {"author_id": MEMBER, "guild_id": GUILD}
    await fake.user_message("when is solid-state due?", channel_id=OTHER_CHANNEL, **where)
    await _answer_to(fake, "who owns primeearth?")
    sends = [r for r in fake.requests[since:] if r.method == "POST" and "/messages" in r.path]
    assert [r.path for r in sends] == [f"/channels/{CHANNEL}/messages"]


async def test_questions_in_direct_messages_are_logged_apart(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.bot_message_mark()
    await fake.user_message("who owns primeearth?", author_id=MEMBER, channel_id=84_000_001)
    await fake.wait_for_bot_message(since=since)
    window = datetime.now(UTC) - timedelta(hours=1)
    assert (await factbot.database.stats(DIRECT_MESSAGES, since=window)).asked == 1
    assert (await factbot.database.stats(GUILD, since=window)).asked == 0


async def test_old_question_logs_are_purged_when_the_bot_starts(
    start_bot: StartBot, fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Database.open(tmp_path / "factbot.db") as database:
        await database.save_guild_settings(GuildSettings(guild_id=GUILD, log_retention_days=7))
        with monkeypatch.context() as past:
            past.setattr(time, "time", lambda: time_now() - 8 * 86400)
            await database.record_question(GUILD, "an old question nobody answered", None)
        assert len(await database.unanswered(GUILD)) == 1
    bot = await start_bot()
    for _ in range(100):  # the purge runs in the background as the bot starts
        if not await bot.database.unanswered(GUILD):
            break
        await asyncio.sleep(0.02)
    assert await bot.database.unanswered(GUILD) == []


async def test_a_database_held_by_another_process_is_handled_politely(
    start_bot: StartBot, fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection_module, "BUSY_BACKOFF_SECONDS", 0.1)
    bot = await start_bot(busy_timeout_ms=100)
    answer = await _answer_to(fake, "when is solid-state due?")
    up = next(
        b for row in answer["components"] for b in row["components"] if "vote" in b["custom_id"]
    )
    other = sqlite3.connect(tmp_path / "factbot.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # say, `factbot db import` writing a big pack
    try:
        # A question is still answered (not logged, so without vote buttons).
        held = await _answer_to(fake, "who owns primeearth?")
        assert held["embeds"][0]["title"].startswith("Toyota")
        assert all(
            "vote" not in b["custom_id"] for row in held["components"] for b in row["components"]
        )
        # A vote and a staff command ask to try again; nothing raised.
        clicked = await fake.click(answer, up["custom_id"], **_member())
        assert "try again" in (await clicked.wait_for_response()).json["data"]["content"]
        hidden = await fake.slash("facts", _sub("hide", fact="solid-state-release"), **_staff())
        assert "try again" in (await hidden.wait_for_response()).json["data"]["content"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Once the other writer is done (and the short back-off has passed), all works again.
    await asyncio.sleep(0.15)
    clicked = await fake.click(answer, up["custom_id"], **_member())
    assert "\N{THUMBS UP SIGN} 1" in (await clicked.wait_for_response()).json["data"]["content"]
    assert not bot.failures
