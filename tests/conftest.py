"""Shared fixtures: the real shipped fact pack, an engine built on it, the service over that
engine and a real SQLite file, and a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from bot.config import SHIPPED_FACTS
from bot.engine import Engine
from bot.knowledge import Pack, load_pack
from bot.service import FactService
from bot.storage import Database
from tests.postgres_server import PostgresUnavailable, ThrowAwayServer, database_url

TOYOTA_PACK = SHIPPED_FACTS / "toyota-solid-state"
DEV_QUESTIONS = Path(__file__).parent / "data" / "dev_questions.jsonl"
# Read before any test clears FACTBOT_ settings: a server to test against instead of a
# throw-away one, and whether a missing server fails the run (CI) rather than skips.
POSTGRES_URL = os.environ.get("FACTBOT_TEST_POSTGRES_URL")
POSTGRES_REQUIRED = os.environ.get("FACTBOT_TEST_REQUIRE_POSTGRES") == "1"


@dataclass(frozen=True)
class DevQuestion:
    question: str
    expect: tuple[str, ...]

    @property
    def must_decline(self) -> bool:
        return not self.expect


def load_dev_questions() -> list[DevQuestion]:
    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()]
    return [DevQuestion(row["q"], tuple(row["expect"])) for row in rows]


@pytest.fixture
def facts_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test's folder of packs: a copy of the shipped pack and nothing else. Never the
    working `facts/`, where a developer's `factbot pack draft` puts new packs."""
    folder = tmp_path_factory.mktemp("facts")
    shutil.copytree(TOYOTA_PACK, folder / TOYOTA_PACK.name)
    return folder


@pytest.fixture(autouse=True)
def _no_developer_settings(monkeypatch: pytest.MonkeyPatch, facts_folder: Path) -> None:
    """Tests see FactBot's defaults, not the settings of whoever runs them, with
    `facts_folder` as the facts folder (processes a test starts inherit it)."""
    for name in os.environ:
        if name.startswith("FACTBOT_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTBOT_FACTS_DIR", str(facts_folder))


@pytest.fixture(scope="session")
def toyota_pack() -> Pack:
    return load_pack(TOYOTA_PACK)


@pytest.fixture(scope="session")
def engine(toyota_pack: Pack) -> Engine:
    return Engine([toyota_pack])


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped pack folder, for tests that break it."""
    target = tmp_path / "toyota-solid-state"
    shutil.copytree(TOYOTA_PACK, target)
    return target


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A new database file of the test's own."""
    opened = await Database.open(tmp_path / "factbot.db")
    yield opened
    await opened.close()


@pytest.fixture
async def service(engine: Engine, database: Database, facts_folder: Path) -> FactService:
    """The service with the shipped pack (reloaded from `facts_folder`), at most 100
    characters a question and 3 questions a minute a member."""
    started = FactService(
        engine, database, max_length=100, default_cooldown=(3, 60.0), pack_paths=[facts_folder]
    )
    await started.start()
    return started


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the session (see tests/postgres_server.py)."""
    if POSTGRES_URL:
        yield POSTGRES_URL
        return
    try:
        server = ThrowAwayServer()
        url = server.start()
    except PostgresUnavailable as why:
        if POSTGRES_REQUIRED:
            pytest.fail(f"no PostgreSQL server to test against: {why}")
        pytest.skip(f"no PostgreSQL server to test against: {why}")
    try:
        yield url
    finally:
        server.stop()


@asynccontextmanager
async def fresh_postgres_database(server: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database on `server` (its URL), dropped afterwards."""
    name = f"factbot_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield database_url(server, name)
        finally:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database of the test's own."""
    async with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A new database of the test's own, once a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        opened = await Database.open(tmp_path / "factbot.db")
        yield opened
        await opened.close()
        return
    server = request.getfixturevalue("postgres_server")
    async with fresh_postgres_database(server) as url:
        opened = await Database.open(url)
        yield opened
        await opened.close()
