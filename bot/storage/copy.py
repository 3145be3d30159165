"""`factbot db copy`: everything in one database moved into another, a SQLite file into
PostgreSQL when a bot outgrows one process, or back. Checked by counting every table's rows
on both sides before the copy commits.

The target must be empty (a new file, or a new PostgreSQL database): copying into a database
that has records would mix two bots' servers. All rows go in one transaction, so a failed copy
leaves the target as empty as it was. Tables are copied `COPY_BATCH` rows at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.errors import DatabaseError
from bot.storage.store import Reader, Store, Writer

# Every table with its columns, parents before the rows that refer to them (votes name
# answers). A test checks this against the schema, so a new column cannot be left behind.
TABLES: dict[str, tuple[str, ...]] = {
    "server_facts": (
        "guild_id",
        "fact_id",
        "question",
        "answer",
        "quote",
        "source",
        "phrasings",
        "created_at",
        "updated_at",
    ),
    "fact_numbers": ("guild_id", "last_number"),
    "hidden_facts": ("guild_id", "fact_id"),
    "taught_phrasings": ("guild_id", "fact_id", "phrasing", "taught_at"),
    "answers": ("answer_id", "guild_id", "fact_id", "question", "answered_at"),
    "votes": ("answer_id", "user_id", "value", "voted_at"),
    "questions": ("guild_id", "fact_id", "asked_at"),
    "unanswered": (
        "guild_id",
        "key",
        "question",
        "reason",
        "count",
        "first_asked",
        "last_asked",
    ),
    "guild_settings": (
        "guild_id",
        "private_replies",
        "cooldown_questions",
        "cooldown_seconds",
        "log_retention_days",
        "auto_answer_channels",
        "packs",
    ),
}


# Rows read and written at a time: a table of millions of logged questions is never in memory
# whole.
COPY_BATCH = 5000


@dataclass(frozen=True)
class Copied:
    """Rows per table, counted in the target before the copy was committed."""

    rows: dict[str, int]


async def row_counts(store: Reader | Writer) -> dict[str, int]:
    return {table: int(await store.scalar(f"SELECT COUNT(*) FROM {table}")) for table in TABLES}


async def copy_database(source: Store, target: Store) -> Copied:
    """Copy every row of `source` into the empty `target` (both at the same schema). The
    source is read as it was at one moment (a write made meanwhile, by a bot not stopped
    first, is not copied), and the counts are compared before the copy commits, so a
    mismatch leaves the target empty."""
    async with source.snapshot() as reading, target.write() as db:
        if any((await row_counts(db)).values()):
            raise DatabaseError(
                f"{target.name} already holds records; copy into a new, empty database."
            )
        expected = await row_counts(reading)
        for table, columns in TABLES.items():
            listed = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT INTO {table} ({listed}) VALUES ({marks})"
            async for rows in reading.batches(f"SELECT {listed} FROM {table}", COPY_BATCH):
                await db.execute_many(insert, [tuple(row) for row in rows])
        # New answers are numbered after the copied ones.
        await db.numbering_follows("answers", "answer_id")
        copied = await row_counts(db)
        if copied != expected:
            differ = ", ".join(
                f"{table} {expected[table]} -> {copied[table]}"
                for table in TABLES
                if copied[table] != expected[table]
            )
            raise DatabaseError(f"the copy in {target.name} does not match its source: {differ}")
    return Copied(copied)
