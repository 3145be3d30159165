"""The real FactBot, with the real discord.py client, against the fake Discord on loopback.

Every test gets a fresh fake and a bot logged in to it. At teardown the test fails if the
bot's handlers raised (discord.py only logs that), if anything was logged at ERROR, if the
fake saw a request Discord's API description forbids, or a route it doesn't know.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import pytest

from bot.chat.client import FactBot
from bot.chat.endpoints import use_discord_at
from bot.config import Settings
from bot.engine import Engine
from bot.storage import Database
from tests.e2e.fake_discord import FakeDiscord

GUILD = 81_000_000_000_000_001
OTHER_GUILD = 81_000_000_000_000_002
CHANNEL = 82_000_000_000_000_001
OTHER_CHANNEL = 82_000_000_000_000_002
MEMBER = 83_000_000_000_000_001
OTHER_MEMBER = 83_000_000_000_000_002

StartBot = Callable[..., Awaitable[FactBot]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(heartbeat_interval_ms=1000)  # short, so a hung gateway shows soon
    server.add_guild(GUILD, "Battery fans", [CHANNEL, OTHER_CHANNEL])
    server.add_guild(OTHER_GUILD, "Second server", [OTHER_CHANNEL + 1])
    async with server:
        yield server
        assert not server.server_errors, server.server_errors
        assert not server.spec_violations, server.spec_violations
        assert not server.unknown_routes, server.unknown_routes


def settings_for(fake: FakeDiscord, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_api_url": fake.api_url,
        "discord_gateway_url": fake.gateway_url,
        "sync_state_file": tmp_path / "commands.json",
        "database": tmp_path / "factbot.db",
        # The fake checks no identify window unless a test sets one: no 5 s waits here.
        "identify_interval": 0.1,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture
async def start_bot(
    fake: FakeDiscord,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[StartBot]:
    """Start FactBot against the fake (settings overridable); stopped and checked at teardown."""
    # Remember discord.py's addresses so the test's changes are undone afterwards.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)
    caplog.set_level(logging.INFO)
    started: list[tuple[FactBot, asyncio.Task[None]]] = []
    databases: list[Database] = []

    async def start(busy_timeout_ms: int = 2000, **overrides: Any) -> FactBot:
        settings = settings_for(fake, tmp_path, **overrides)
        use_discord_at(settings)
        database = await Database.open(settings.database, busy_timeout_ms=busy_timeout_ms)
        databases.append(database)
        bot = FactBot(settings, engine, database)
        bot._connection.guild_ready_timeout = 0.05
        task = asyncio.create_task(bot.start(fake.token))
        started.append((bot, task))
        await fake.wait_for_ready()
        await asyncio.wait_for(bot.wait_until_ready(), timeout=5)
        return bot

    yield start

    for bot, task in started:
        await bot.close()
        await asyncio.wait_for(task, timeout=5)
        assert not bot.failures, list(bot.failures)
    for database in databases:
        await database.close()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    assert fake.token not in caplog.text, "the token reached a log line"


@pytest.fixture
async def factbot(start_bot: StartBot) -> FactBot:
    """FactBot with the default settings: no message-content intent."""
    return await start_bot()


def mention(fake: FakeDiscord) -> str:
    return f"<@{fake.BOT_USER_ID}>"


async def ask_in_server(
    fake: FakeDiscord, question: str, *, channel_id: int = CHANNEL, author_id: int = MEMBER
) -> dict[str, Any]:
    """A member mentions the bot with a question in the test server."""
    return await fake.user_message(
        f"{mention(fake)} {question}",
        author_id=author_id,
        channel_id=channel_id,
        guild_id=GUILD,
        mention_bot=True,
    )
