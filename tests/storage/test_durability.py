"""The database survives what a server survives: an old schema, and a process killed mid-burst."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest

from bot.storage import SCHEMA_VERSION, Database, FactDraft
from bot.storage.schema import MIGRATIONS

GUILD = 42


# The first released schema, as FactBot 0.1 created it (kept here verbatim, so that a change
# to a released migration step cannot go unnoticed).
FIRST_SCHEMA = [
    """CREATE TABLE server_facts (guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL,
        question TEXT NOT NULL, answer TEXT NOT NULL, quote TEXT NOT NULL, source TEXT NOT NULL,
        phrasings TEXT NOT NULL DEFAULT '[]', created_at REAL NOT NULL, updated_at REAL NOT NULL,
        PRIMARY KEY (guild_id, fact_id))""",
    """CREATE TABLE hidden_facts (guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL,
        PRIMARY KEY (guild_id, fact_id))""",
    """CREATE TABLE taught_phrasings (guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL,
        phrasing TEXT NOT NULL, taught_at REAL NOT NULL,
        PRIMARY KEY (guild_id, fact_id, phrasing))""",
    """CREATE TABLE answers (answer_id INTEGER PRIMARY KEY, guild_id INTEGER NOT NULL,
        fact_id TEXT NOT NULL, question TEXT NOT NULL, answered_at REAL NOT NULL)""",
    "CREATE INDEX answers_by_time ON answers (answered_at)",
    """CREATE TABLE votes (answer_id INTEGER NOT NULL REFERENCES answers (answer_id)
        ON DELETE CASCADE, user_id INTEGER NOT NULL, value INTEGER NOT NULL
        CHECK (value IN (-1, 1)), voted_at REAL NOT NULL, PRIMARY KEY (answer_id, user_id))""",
    """CREATE TABLE questions (guild_id INTEGER NOT NULL, fact_id TEXT, asked_at REAL NOT NULL)""",
    "CREATE INDEX questions_by_guild ON questions (guild_id, asked_at)",
    """CREATE TABLE unanswered (guild_id INTEGER NOT NULL, key TEXT NOT NULL,
        question TEXT NOT NULL, reason TEXT NOT NULL CHECK (reason IN ('declined', 'downvoted')),
        count INTEGER NOT NULL, first_asked REAL NOT NULL, last_asked REAL NOT NULL,
        PRIMARY KEY (guild_id, key))""",
    """CREATE TABLE guild_settings (guild_id INTEGER PRIMARY KEY,
        private_replies INTEGER NOT NULL DEFAULT 0, cooldown_questions INTEGER,
        cooldown_seconds REAL, log_retention_days INTEGER NOT NULL DEFAULT 90,
        auto_answer_channels TEXT NOT NULL DEFAULT '[]')""",
]


def test_the_first_migration_step_is_as_released() -> None:
    """Released steps are never edited; a change goes into a new step."""

    def squeezed(statements: list[str]) -> list[str]:
        return ["".join(statement.split()) for statement in statements]

    assert squeezed(MIGRATIONS[0]) == squeezed(FIRST_SCHEMA)


async def test_a_database_from_the_first_schema_upgrades_cleanly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = tmp_path / "factbot.db"
    with sqlite3.connect(path) as first:
        for statement in FIRST_SCHEMA:
            first.execute(statement)
        first.execute("PRAGMA user_version = 1")
        first.execute(
            "INSERT INTO server_facts "
            "VALUES (?, 'server-1', 'Q?', 'A.', 'Quote.', 'Src', '[]', 1, 1)",
            (GUILD,),
        )
        first.execute(
            "INSERT INTO guild_settings (guild_id, private_replies, log_retention_days) "
            "VALUES (?, 1, 30)",
            (GUILD,),
        )
    first.close()
    async with await Database.open(path) as db:
        assert await db.schema_version() == SCHEMA_VERSION > 1
        [fact] = await db.server_facts(GUILD)
        assert (fact.question, fact.answer, fact.quote, fact.source) == (
            "Q?",
            "A.",
            "Quote.",
            "Src",
        )
        chosen = await db.guild_settings(GUILD)
        assert chosen.private_replies
        assert chosen.log_retention_days == 30
        assert chosen.packs is None  # added by schema 2: all packs
        # Schema 3 remembers the numbers already used: the next fact is server-2.
        added = await db.add_fact(
            GUILD, FactDraft(question="Q2?", answer="A", quote="Q", source="S")
        )
        assert added.fact_id == "server-2"
        assert await db.integrity_check() == "ok"
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.storage.schema"]
    assert logged == [f"Database {path} upgraded from schema 1 to {SCHEMA_VERSION}"]


VOTER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from bot.storage import Database

    async def main() -> None:
        db = await Database.open(Path(sys.argv[1]))
        answer_id = await db.record_question(1, "when is solid-state due", "solid-state-release")
        print(f"answer {answer_id}", flush=True)
        user = 0
        while True:
            user += 1
            await db.vote(answer_id, user, up=user % 3 != 0)
            print(f"ack {user}", flush=True)

    asyncio.run(main())
    """
)


async def test_acknowledged_votes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", VOTER, str(path), stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None
    acknowledged: list[int] = []
    answer_id = None
    try:
        while len(acknowledged) < 300:
            line = (await asyncio.wait_for(child.stdout.readline(), timeout=20)).decode().split()
            assert line, "the voter stopped early"
            if line[0] == "answer":
                answer_id = int(line[1])
            else:
                acknowledged.append(int(line[1]))
    finally:
        os.kill(child.pid, signal.SIGKILL)
        await child.wait()
    assert child.returncode == -signal.SIGKILL

    async with await Database.open(path) as db:
        assert await db.integrity_check() == "ok"
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT user_id, value FROM votes WHERE answer_id = ?", (answer_id,))
        stored = dict(rows.fetchall())
    raw.close()
    for user in acknowledged:
        assert stored.get(user) == (1 if user % 3 != 0 else -1), user
