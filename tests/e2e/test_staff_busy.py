"""A database held by another process while staff use a dialog: a polite retry, nothing lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.chat.client import FactBot
from bot.storage import connection as connection_module
from tests.e2e.conftest import StartBot
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.test_server_knowledge import (
    MEETUP,
    _add_meetup_fact,
    _answer_to,
    _fill_modal,
    _open_remove_dialog,
    _staff,
    _sub,
)


@contextmanager
def _held(database: Path) -> Iterator[None]:
    """Another process writing (say, `factbot db import` of a big pack) until the block ends."""
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
async def held_briefly(start_bot: StartBot, monkeypatch: pytest.MonkeyPatch) -> FactBot:
    """FactBot giving up on a held database after 0.1 s (and backing off as briefly)."""
    monkeypatch.setattr(connection_module, "BUSY_BACKOFF_SECONDS", 0.0)
    return await start_bot(busy_timeout_ms=100)


async def test_a_busy_database_in_the_fact_form_asks_to_try_again_and_keeps_the_text(
    held_briefly: FactBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    opened = await fake.slash("facts", _sub("add"), **_staff())
    with _held(tmp_path / "factbot.db"):
        submitted = await _fill_modal(fake, opened, MEETUP, **_staff())
        refused = (await submitted.wait_for_response()).json["data"]
    assert "try again" in refused["content"]
    assert refused["flags"] & 64
    [button] = [b for row in refused["components"] for b in row["components"]]
    assert button["label"] == "Try again"
    # The button gives the form back as it was typed; submitting it now saves the fact.
    message = fake.bot_messages[-1]
    reopened = await fake.click(message, button["custom_id"], **_staff())
    modal = (await reopened.wait_for_response()).json["data"]
    typed = [c["value"] for row in modal["components"] for c in row["components"]]
    assert typed == list(MEETUP.values())
    saved = await _fill_modal(fake, reopened, MEETUP, **_staff())
    assert (await saved.wait_for_response()).json["data"]["content"].startswith("Added `server-1`")
    reply = await _answer_to(fake, "what time does the meetup start?")
    assert reply["embeds"][0]["title"] == MEETUP["answer"]
    assert not held_briefly.failures


async def test_a_busy_database_in_the_remove_dialog_asks_to_try_again(
    held_briefly: FactBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    fact_id = await _add_meetup_fact(fake)
    dialog, remove = await _open_remove_dialog(fake, fact_id)
    with _held(tmp_path / "factbot.db"):
        clicked = await fake.click(dialog, remove, **_staff())
        refused = (await clicked.wait_for_response()).json["data"]
    assert "try again" in refused["content"]
    reply = await _answer_to(fake, "what time does the meetup start?")
    assert reply["embeds"][0]["title"] == MEETUP["answer"]  # not removed
    assert not held_briefly.failures
