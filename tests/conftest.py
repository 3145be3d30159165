"""Shared fixtures: the real shipped fact pack, an engine built on it, and the service over
that engine and a real SQLite file."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import SHIPPED_FACTS
from bot.engine import Engine
from bot.knowledge import Pack, load_pack
from bot.service import FactService
from bot.storage import Database

TOYOTA_PACK = SHIPPED_FACTS / "toyota-solid-state"
DEV_QUESTIONS = Path(__file__).parent / "data" / "dev_questions.jsonl"


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
