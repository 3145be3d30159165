"""One bot in two `factbot run` processes, two shards each, on one PostgreSQL database, through
the fake Discord: each server's questions reach, and are answered by, the process that owns
its shard; DMs go to shard 0's; only that one syncs commands; identifies take turns; staff
facts and votes land in the one database; and a process that dies or restarts leaves the
other answering."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.storage import Database
from tests.e2e.cluster import BotProcess, add_servers, shard_of, start_process
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.test_server_knowledge import MEETUP, _fill_modal, _staff, _sub

SHARDS = 4
SERVERS = 200
QUESTIONS = ["when is solid-state due?", "who is toyota working with?", "how far can it go?"]
# Identifies of one bucket 0.4 s apart at least (the fake's window), the bot spacing them 0.5 s;
# REST budget raised so that 1,000 answers don't take 40 s at Discord's 50 a second.
SETTINGS = {
    "identify_interval": "0.5",
    "rest_requests_per_second": "400",
    "cooldown_questions": "100",
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(heartbeat_interval_ms=1000)
    server.recommended_shards = SHARDS
    server.max_concurrency = 2
    server.gateway.identify_window = 0.4
    async with server:
        yield server
        assert not server.server_errors, server.server_errors
        assert not server.spec_violations, server.spec_violations
        assert not server.unknown_routes, server.unknown_routes


def _owner(guild_id: int) -> str:
    return "a" if shard_of(guild_id, SHARDS) in (0, 1) else "b"


async def _start(fake: FakeDiscord, tmp_path: Path, url: str, name: str) -> BotProcess:
    shards = "0-1" if name == "a" else "2-3"
    return await start_process(fake, tmp_path, name, url, shards, SHARDS, **SETTINGS)


async def _ask_all(
    fake: FakeDiscord, servers: dict[int, int], count: int, first_member: int
) -> dict[str, int]:
    """`count` questions spread over the servers, one member each: message id -> server."""
    asked: dict[str, int] = {}
    guilds = list(servers)
    for number in range(count):
        guild_id = guilds[number % len(guilds)]
        message = await fake.user_message(
            f"<@{fake.BOT_USER_ID}> {QUESTIONS[number % len(QUESTIONS)]}",
            author_id=first_member + number,
            channel_id=servers[guild_id],
            guild_id=guild_id,
            mention_bot=True,
        )
        asked[message["id"]] = guild_id
    return asked


def _replies(fake: FakeDiscord, since: int) -> list[tuple[str, str | None]]:
    """(the question's message id, the process that replied) for each reply since `since`."""
    return [
        (str(r.json["message_reference"]["message_id"]), r.client)
        for r in fake.requests[since:]
        if r.method == "POST"
        and r.path.endswith("/messages")
        and isinstance(r.json, dict)
        and "message_reference" in r.json
    ]


async def _answered(
    fake: FakeDiscord, asked: dict[str, int], since: int, expected: int
) -> list[tuple[str, str | None]]:
    def enough() -> bool:
        return sum(key in asked for key, _ in _replies(fake, since)) >= expected

    await fake.wait_until(enough, timeout=90, what=f"{expected} replies")
    return [(key, client) for key, client in _replies(fake, since) if key in asked]


def _answer_message(fake: FakeDiscord, question_id: str) -> dict[str, Any]:
    return next(
        m
        for m in fake.bot_messages
        if str((m.get("message_reference") or {}).get("message_id")) == question_id
    )


def _vote_buttons(answer: dict[str, Any]) -> list[str]:
    """An answer's 👍 and 👎 (a decline has none)."""
    rows = answer.get("components") or []
    return [b["custom_id"] for row in rows for b in row["components"] if "vote" in b["custom_id"]]


async def _vote_up(fake: FakeDiscord, answer: dict[str, Any], guild_id: int, user: int) -> str:
    """Click the answer's 👍; which process answered the click."""
    up = _vote_buttons(answer)[0]
    clicked = await fake.click(
        answer, up, user_id=user, guild_id=guild_id, channel_id=int(answer["channel_id"])
    )
    response = await clicked.wait_for_response()
    assert "\N{THUMBS UP SIGN} 1" in response.json["data"]["content"]
    return str(response.client)


async def test_two_processes_serve_one_bot_and_survive_each_other(
    fake: FakeDiscord, postgres_url: str, tmp_path: Path
) -> None:
    servers = add_servers(fake, SERVERS)
    a = await _start(fake, tmp_path, postgres_url, "a")
    b = await _start(fake, tmp_path, postgres_url, "b")
    processes = [a, b]
    try:
        for process in processes:
            await process.wait_for_log("FactBot ready as")
        # Started together: one migrated the new database, identifies took turns.
        assert fake.gateway.rejected_identifies == 0, fake.gateway_errors
        assert fake.identify_count == SHARDS
        per_shard = Counter(shard_of(guild_id, SHARDS) for guild_id in servers)
        assert "Running shards 0-1 of 4 (2 processes expected); 2 identifies" in a.log
        assert "Running shards 2-3 of 4 (2 processes expected)" in b.log
        assert f"Shard 0 of 4 ready: {per_shard[0]} servers." in a.log
        assert f"Shard 3 of 4 ready: {per_shard[3]} servers." in b.log
        assert "at most 200 REST requests a second" in b.log
        # Only the process holding shard 0 synced the slash commands.
        assert [r.client for r in fake.command_syncs] == ["a"]

        # 1,000 questions over 200 servers: each answered once, by its shard's process.
        since = fake.mark()
        asked = await _ask_all(fake, servers, 1000, first_member=10_000)
        replies = await _answered(fake, asked, since, 1000)
        assert Counter(key for key, _ in replies) == Counter(asked.keys())
        assert all(client == _owner(asked[key]) for key, client in replies)
        assert {client for _, client in replies} == {"a", "b"}

        # DMs arrive on shard 0, so the process holding it answers them.
        since = fake.mark()
        dm = await fake.user_message(
            "when is solid-state due?", author_id=9_999, channel_id=777_000_000_000_000_001
        )
        assert await _answered(fake, {dm["id"]: 0}, since, 1) == [(dm["id"], "a")]

        # A vote through each process lands in the one database.
        by_owner = {
            _owner(asked[key]): key
            for key, _ in replies
            if _vote_buttons(_answer_message(fake, key))
        }
        for owner, question_id in by_owner.items():
            answer = _answer_message(fake, question_id)
            assert await _vote_up(fake, answer, asked[question_id], user=5) == owner

        # A staff fact added in a server of b's.
        b_server = next(g for g in servers if _owner(g) == "b")
        where = _staff(b_server, servers[b_server])
        opened = await fake.slash("facts", _sub("add"), **where)
        saved = await (await _fill_modal(fake, opened, MEETUP, **where)).wait_for_response()
        assert saved.json["data"]["content"].startswith("Added `server-1`")

        # b dies: a keeps answering its servers; b's servers wait for it.
        await b.kill()
        since = fake.mark()
        a_servers = {g: c for g, c in servers.items() if _owner(g) == "a"}
        asked = await _ask_all(fake, a_servers, 20, first_member=20_000)
        replies = await _answered(fake, asked, since, 20)
        assert {client for _, client in replies} == {"a"}
        assert len(replies) == 20

        # b restarted resumes its shards and answers its servers again.
        b = await _start(fake, tmp_path, postgres_url, "b")
        processes = [a, b]
        await b.wait_for_log("FactBot ready as")
        assert f"Shard 2 of 4 ready: {per_shard[2]} servers." in b.log
        b_servers = {g: c for g, c in servers.items() if _owner(g) == "b"}
        since = fake.mark()
        asked = await _ask_all(fake, b_servers, 20, first_member=30_000)
        replies = await _answered(fake, asked, since, 20)
        assert {client for _, client in replies} == {"b"}

        # Both restart: the staff fact added through b still answers in its server.
        for process in processes:
            assert await process.stop() == 0, process.log
        a = await _start(fake, tmp_path, postgres_url, "a")
        b = await _start(fake, tmp_path, postgres_url, "b")
        processes = [a, b]
        for process in processes:
            await process.wait_for_log("FactBot ready as")
        assert "unchanged since the last sync" in a.log
        since = fake.mark()
        meetup = await fake.user_message(
            f"<@{fake.BOT_USER_ID}> what time does the meetup start?",
            author_id=40_000,
            channel_id=servers[b_server],
            guild_id=b_server,
            mention_bot=True,
        )
        assert await _answered(fake, {meetup["id"]: b_server}, since, 1) == [(meetup["id"], "b")]
        assert _answer_message(fake, meetup["id"])["embeds"][0]["title"] == MEETUP["answer"]
    finally:
        for process in processes:
            if process.process.returncode is None:
                await process.stop()
    for process in processes:
        assert "Traceback" not in process.log, process.log
        assert " ERROR " not in process.log, process.log
    assert len(fake.command_syncs) == 1

    async with await Database.open(postgres_url) as database:
        assert [fact.question for fact in await database.server_facts(b_server)] == [
            MEETUP["question"]
        ]
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
        votes = [(await database.stats(g, since=an_hour_ago)).up for g in servers]
        assert sum(votes) == 2  # one through each process


async def test_a_process_told_to_sync_does_and_serves_only_its_shards(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Shards 2-3 only, syncing commands because it is told to, on a SQLite file (warned
    about: other machines cannot share it)."""
    servers = add_servers(fake, 8)
    database = str(tmp_path / "factbot.db")
    b = await start_process(
        fake, tmp_path, "b", database, "2-3", SHARDS, sync_commands="true", **SETTINGS
    )
    try:
        await b.wait_for_log("FactBot ready as")
        assert [r.client for r in fake.command_syncs] == ["b"]
        assert "its database is the SQLite file" in b.log
        since = fake.mark()
        asked = await _ask_all(fake, servers, 8, first_member=50_000)
        mine = {key: g for key, g in asked.items() if _owner(g) == "b"}
        replies = await _answered(fake, mine, since, len(mine))
        assert sorted(key for key, _ in replies) == sorted(mine)
        assert len(_replies(fake, since)) == len(mine)  # shards 0-1 run nowhere: no answer
    finally:
        assert await b.stop() == 0, b.log
