"""The store on real files and a real PostgreSQL server: schema, server facts, votes, logs,
settings, retention. Tests taking `db` run on both; those about files, on SQLite only."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import (
    SCHEMA_VERSION,
    Database,
    DatabaseBusyError,
    DatabaseError,
    FactDraft,
    GuildSettings,
    Tally,
)
from bot.storage import connection as connection_module
from bot.storage import schema as schema_module

GUILD = 1001
OTHER = 1002
DRAFT = FactDraft(
    question="When does the server meetup start?",
    answer="At 8 pm UTC.",
    quote="The meetup starts at 8 pm UTC every Friday.",
    source="Server rules, #announcements",
    phrasings=["what time is the meetup"],
)


@pytest.fixture
def db(any_database: Database) -> Database:
    return any_database


async def test_a_new_database_is_created_in_wal_mode_at_the_latest_schema(
    tmp_path: Path,
) -> None:
    path = tmp_path / "factbot.db"
    async with await Database.open(path) as db:
        assert await db.schema_version() == SCHEMA_VERSION
        assert await db.integrity_check() == "ok"
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _schema_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == schema_module.__name__]


async def test_a_new_database_logs_that_it_was_created_and_an_opened_one_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = tmp_path / "factbot.db"
    async with await Database.open(path):
        pass
    assert _schema_logs(caplog) == [f"Database {path} created at schema {SCHEMA_VERSION}"]
    caplog.clear()
    async with await Database.open(path):
        pass
    assert _schema_logs(caplog) == []


async def test_opening_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    async with await Database.open(path) as db:
        await db.add_fact(GUILD, DRAFT)
    async with await Database.open(path) as db:
        assert [fact.question for fact in await db.server_facts(GUILD)] == [DRAFT.question]


async def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=r"folder .*missing"):
        await Database.open(tmp_path / "nowhere" / "factbot.db")


async def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="cannot use the database"):
        await Database.open(path)


async def test_a_path_that_cannot_be_a_database_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "factbot.db"
    folder.mkdir()
    with pytest.raises(DatabaseError, match=r"factbot\.db"):
        await Database.open(folder)


async def test_a_database_from_a_newer_factbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DatabaseError, match="newer FactBot"):
        await Database.open(path)


async def test_a_file_that_cannot_take_the_schema_is_a_clear_error(tmp_path: Path) -> None:
    """Another program's SQLite file: the first migration step fails, and says so plainly."""
    path = tmp_path / "factbot.db"
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("CREATE TABLE server_facts (something TEXT)")
    with pytest.raises(DatabaseError, match=r"cannot use the database .*already exists"):
        await Database.open(path)
    with closing(sqlite3.connect(path)) as raw:  # rolled back: nothing of FactBot's is left
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()[0] == 1


async def test_server_facts_belong_to_their_server(db: Database) -> None:
    added = await db.add_fact(GUILD, DRAFT)
    assert added.fact_id == "server-1"
    assert await db.server_facts(OTHER) == []
    changed = DRAFT.model_copy(update={"answer": "At 9 pm UTC."})
    edited = await db.edit_fact(GUILD, added.fact_id, changed)
    assert edited is not None
    assert edited.answer == "At 9 pm UTC."
    assert edited.created_at == added.created_at
    assert await db.edit_fact(OTHER, added.fact_id, changed) is None
    assert not await db.remove_fact(OTHER, added.fact_id)
    assert await db.remove_fact(GUILD, added.fact_id)
    assert await db.server_facts(GUILD) == []


async def test_fact_ids_are_never_reused(db: Database) -> None:
    first = await db.add_fact(GUILD, DRAFT)
    second = await db.add_fact(GUILD, DRAFT)
    await db.remove_fact(GUILD, second.fact_id)
    third = await db.add_fact(GUILD, DRAFT)
    other = await db.add_fact(OTHER, DRAFT)
    assert [first.fact_id, second.fact_id, third.fact_id] == ["server-1", "server-2", "server-3"]
    assert other.fact_id == "server-1"


async def test_sql_looking_text_is_stored_verbatim(db: Database) -> None:
    sneaky = DRAFT.model_copy(update={"question": "'; DROP TABLE server_facts; --"})
    await db.add_fact(GUILD, sneaky)
    [stored] = await db.server_facts(GUILD)
    assert stored.question == "'; DROP TABLE server_facts; --"


async def test_hidden_facts_and_taught_phrasings_per_server(db: Database) -> None:
    await db.set_hidden(GUILD, "solid-state-release", True)
    await db.set_hidden(GUILD, "solid-state-release", True)
    assert await db.hidden_facts(GUILD) == {"solid-state-release"}
    assert await db.hidden_facts(OTHER) == frozenset()
    await db.set_hidden(GUILD, "solid-state-release", False)
    assert await db.hidden_facts(GUILD) == frozenset()

    await db.record_question(GUILD, "When do the SSBs ship", None)
    await db.teach(GUILD, "solid-state-release", "when do the ssbs ship")
    assert await db.taught_phrasings(GUILD) == {"solid-state-release": ["when do the ssbs ship"]}
    assert await db.taught_phrasings(OTHER) == {}
    assert await db.unanswered(GUILD) == []
    assert await db.customised_guilds() == {GUILD}


async def test_unanswered_questions_are_counted_without_user_ids(db: Database) -> None:
    for text in ["Is there a discord nitro giveaway?", "is there a  discord nitro giveaway"]:
        await db.record_question(GUILD, text, None)
    await db.record_question(GUILD, "who makes the batteries", None)
    await db.record_question(OTHER, "something else entirely", None)
    top = await db.unanswered(GUILD)
    assert [(item.question, item.count) for item in top] == [
        ("is there a  discord nitro giveaway", 2),
        ("who makes the batteries", 1),
    ]
    assert top[0].reason == "declined"


async def test_one_vote_per_person_per_answer_changeable(db: Database) -> None:
    answer_id = await db.record_question(GUILD, "when is solid-state due", "solid-state-release")
    assert answer_id is not None
    tally = await db.vote(answer_id, user_id=1, up=True)
    assert tally is not None
    assert (tally.up, tally.down) == (1, 0)
    await db.vote(answer_id, user_id=1, up=True)
    await db.vote(answer_id, user_id=2, up=True)
    assert (await db.tally(answer_id)).up == 2
    changed = await db.vote(answer_id, user_id=1, up=False)
    assert changed is not None
    assert (changed.up, changed.down) == (1, 1)
    await db.vote(answer_id, user_id=1, up=False)  # the same 👎 again is not counted twice
    [downvoted] = await db.unanswered(GUILD)
    assert (downvoted.question, downvoted.reason, downvoted.count) == (
        "when is solid-state due",
        "downvoted",
        1,
    )
    assert await db.vote(999_999, user_id=1, up=True) is None


async def test_the_same_downvote_at_once_is_counted_once(db: Database) -> None:
    """A double click, or two processes handling one reaction: a 👎 is new only once."""
    answer_id = await db.record_question(GUILD, "when is solid-state due", "solid-state-release")
    assert answer_id is not None
    await asyncio.gather(*(db.vote(answer_id, user_id=1, up=False) for _ in range(20)))
    [downvoted] = await db.unanswered(GUILD)
    assert downvoted.count == 1
    assert (await db.tally(answer_id)).down == 1


async def test_most_asked_ties_are_in_fact_id_order(db: Database) -> None:
    start = datetime.now(UTC) - timedelta(minutes=1)
    for fact_id in ["b-fact", "B-fact", "a-fact", "_fact", "c-fact", "c-fact"]:
        await db.record_question(GUILD, "q", fact_id)
    stats = await db.stats(GUILD, since=start, top=4)
    assert stats.top_facts == [("c-fact", 2), ("B-fact", 1), ("_fact", 1), ("a-fact", 1)]


async def test_stats_over_a_window(db: Database) -> None:
    start = datetime.now(UTC) - timedelta(minutes=1)
    for _ in range(3):
        answer_id = await db.record_question(GUILD, "q", "solid-state-release")
    await db.record_question(GUILD, "q", "performance-range")
    await db.record_question(GUILD, "nope", None)
    assert answer_id is not None
    await db.vote(answer_id, 5, up=False)
    stats = await db.stats(GUILD, since=start)
    assert (stats.asked, stats.answered) == (5, 4)
    assert stats.answer_rate == pytest.approx(0.8)
    assert stats.top_facts == [("solid-state-release", 3), ("performance-range", 1)]
    assert (stats.up, stats.down) == (0, 1)
    later = await db.stats(GUILD, since=datetime.now(UTC) + timedelta(minutes=1))
    assert (later.asked, later.up, later.down) == (0, 0, 0)
    # Another server's questions and votes are not counted here.
    elsewhere = await db.record_question(OTHER, "q", "solid-state-release")
    assert elsewhere is not None
    await db.vote(elsewhere, 5, up=True)
    assert await db.stats(GUILD, since=start) == stats
    assert (await db.stats(OTHER, since=start)).up == 1


async def test_a_vote_counts_only_in_the_server_of_its_answer(db: Database) -> None:
    answer_id = await db.record_question(GUILD, "q", "solid-state-release")
    assert answer_id is not None
    assert await db.vote(answer_id, 1, up=True, guild_id=OTHER) is None
    assert await db.vote(answer_id, 1, up=True, guild_id=GUILD) is not None


async def test_settings_round_trip(db: Database) -> None:
    assert await db.guild_settings(GUILD) == GuildSettings(guild_id=GUILD)
    chosen = GuildSettings(
        guild_id=GUILD,
        private_replies=True,
        cooldown_questions=3,
        cooldown_seconds=10,
        log_retention_days=7,
        auto_answer_channels=frozenset({5, 6}),
    )
    await db.save_guild_settings(chosen)
    assert await db.guild_settings(GUILD) == chosen
    assert await db.guild_settings(OTHER) == GuildSettings(guild_id=OTHER)


async def test_old_logs_are_purged_by_each_servers_retention(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await db.save_guild_settings(GuildSettings(guild_id=GUILD, log_retention_days=7))
    ten_days_ago = time.time() - 10 * 86400
    monkeypatch.setattr(time, "time", lambda: ten_days_ago)
    await db.record_question(GUILD, "old question", None)
    await db.record_question(OTHER, "old question", None)
    monkeypatch.undo()
    await db.record_question(GUILD, "new question", None)
    monkeypatch.setattr(time, "time", lambda: ten_days_ago)
    old_answer = await db.record_question(GUILD, "old answered question", "solid-state-release")
    assert old_answer is not None
    await db.vote(old_answer, 1, up=True)
    monkeypatch.undo()
    deleted = await db.purge_old_logs(default_days=90)
    # GUILD's two old log rows, its old unanswered entry and the old answer (with its vote);
    # OTHER keeps 90 days.
    assert deleted == 4
    assert await db.tally(old_answer) == Tally(up=0, down=0)
    assert await db.vote(old_answer, 2, up=True) is None
    assert [item.question for item in await db.unanswered(GUILD)] == ["new question"]
    assert [item.question for item in await db.unanswered(OTHER)] == ["old question"]


async def test_many_concurrent_writers_lose_nothing(db: Database) -> None:
    answer_id = await db.record_question(GUILD, "q", "solid-state-release")
    assert answer_id is not None

    async def member(number: int) -> None:
        await db.record_question(GUILD, f"question {number % 7}", None)
        await db.vote(answer_id, user_id=number, up=number % 2 == 0)

    await asyncio.gather(*(member(number) for number in range(300)))
    tally = await db.tally(answer_id)
    assert (tally.up, tally.down) == (150, 150)
    assert sum(item.count for item in await db.unanswered(GUILD, limit=100)) == 300 + 150
    if db.path is not None:  # SQLite's check of the file
        assert await db.integrity_check() == "ok"


async def test_backup_is_a_working_copy(db: Database, tmp_path: Path) -> None:
    await db.add_fact(GUILD, DRAFT)
    target = tmp_path / "backup.db"
    if db.path is None:
        with pytest.raises(DatabaseError, match="pg_dump"):
            await db.backup(target)  # a server database is backed up with its own tools
        return
    await db.backup(target)
    async with await Database.open(target) as copy:
        assert [fact.question for fact in await copy.server_facts(GUILD)] == [DRAFT.question]


async def test_a_database_held_by_another_writer_is_waited_for_then_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection_module, "BUSY_BACKOFF_SECONDS", 0.0)
    path = tmp_path / "factbot.db"
    async with await Database.open(path, busy_timeout_ms=150) as db:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writing for a long time
        with pytest.raises(DatabaseBusyError):
            await db.record_question(GUILD, "held up", None)
        # Released within the busy timeout: the write waits and goes through.
        release = asyncio.get_running_loop().call_later(0.05, other.execute, "COMMIT")
        assert await db.record_question(GUILD, "waited", "solid-state-release") is not None
        release.cancel()
        other.close()
        assert [item.question for item in await db.unanswered(GUILD)] == []
        assert (await db.stats(GUILD, datetime.now(UTC) - timedelta(minutes=1))).asked == 1


async def test_a_read_held_up_where_wal_was_refused_is_reported_busy(tmp_path: Path) -> None:
    """A file that is not in WAL mode (some network file systems refuse it): another
    process's write blocks reads, and past the timeout that is "busy", not a crash."""
    path = tmp_path / "factbot.db"
    async with await Database.open(path):
        pass
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    async with await Database.open_read_only(path) as db:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseBusyError, match="busy"):
                await db.hidden_facts(GUILD)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert await db.hidden_facts(GUILD) == frozenset()


async def test_writes_queued_behind_a_busy_wait_fail_at_once(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    async with await Database.open(path, busy_timeout_ms=300) as db:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            outcomes = await asyncio.gather(
                *(db.record_question(GUILD, f"q{n}", None) for n in range(8)),
                return_exceptions=True,
            )
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert all(isinstance(outcome, DatabaseBusyError) for outcome in outcomes)
        # Only the first waited out the timeout; the others were refused without waiting.
        waited = [outcome for outcome in outcomes if "locked" in str(outcome)]
        assert len(waited) == 1
