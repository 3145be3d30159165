"""The database survives what a server survives: an old schema, and a process killed mid-burst."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import textwrap
from pathlib import Path

from bot.storage import SCHEMA_VERSION, Database
from bot.storage.database import MIGRATIONS

GUILD = 42


async def test_a_database_from_the_first_schema_upgrades_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    with sqlite3.connect(path) as first:
        for statement in MIGRATIONS[0]:
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
        assert await db.integrity_check() == "ok"


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
