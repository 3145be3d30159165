"""The question log: each question asked (no user id), each answer given, the stats staff
see over them, and their deletion after the server's retention."""

from __future__ import annotations

import heapq
import time
from datetime import datetime

from bot.storage.models import Stats
from bot.storage.store import Store
from bot.storage.unanswered import count_unanswered
from bot.storage.votes import UPS_AND_DOWNS

# What retention deletes, by the column that dates a row; votes go with their answers.
_LOGS = (("questions", "asked_at"), ("answers", "answered_at"), ("unanswered", "last_asked"))


class QuestionRecords:
    """`Database` methods for the question log, answers, stats and retention."""

    _connection: Store

    async def record_question(
        self, guild_id: int, question: str, fact_id: str | None
    ) -> int | None:
        """Log a question (no user id). An answered one gets an answer id for its vote
        buttons; a declined one goes on the server's unanswered list."""
        now = time.time()
        async with self._connection.write() as db:
            await db.execute(
                "INSERT INTO questions (guild_id, fact_id, asked_at) VALUES (?, ?, ?)",
                (guild_id, fact_id, now),
            )
            if fact_id is None:
                await count_unanswered(db, guild_id, question, "declined", now)
                return None
            answer_id = await db.scalar(
                "INSERT INTO answers (guild_id, fact_id, question, answered_at) "
                "VALUES (?, ?, ?, ?) RETURNING answer_id",
                (guild_id, fact_id, question, now),
            )
            return int(answer_id)

    async def stats(self, guild_id: int, since: datetime, top: int = 5) -> Stats:
        """Questions, answers, the most-asked facts and votes since `since`."""
        start = since.timestamp()
        [(asked, answered)] = await self._connection.rows(
            "SELECT COUNT(*), COUNT(fact_id) FROM questions WHERE guild_id = ? AND asked_at >= ?",
            (guild_id, start),
        )
        counts = await self._connection.rows(
            "SELECT fact_id, COUNT(*) FROM questions WHERE guild_id = ? AND asked_at >= ? "
            "AND fact_id IS NOT NULL GROUP BY fact_id",
            (guild_id, start),
        )
        # Ties in fact id order, sorted here: the databases' collations order text apart.
        top_facts = heapq.nsmallest(
            top, ((str(fact_id), int(count)) for fact_id, count in counts), key=_most_asked
        )
        [(up, down)] = await self._connection.rows(
            f"SELECT {UPS_AND_DOWNS} "
            "FROM votes v JOIN answers a ON a.answer_id = v.answer_id "
            "WHERE a.guild_id = ? AND v.voted_at >= ?",
            (guild_id, start),
        )
        return Stats(
            since=since,
            asked=int(asked),
            answered=int(answered),
            top_facts=top_facts,
            up=int(up),
            down=int(down),
        )

    async def purge_old_logs(self, default_days: int = 90) -> int:
        """Delete question logs, answers (with their votes) and unanswered entries older than
        each server's retention; the number of rows deleted."""
        now = time.time()
        deleted = 0
        async with self._connection.write() as db:
            for table, column in _LOGS:
                deleted += await db.execute(
                    f"DELETE FROM {table} WHERE {column} < CAST(? AS DOUBLE PRECISION) - 86400 "
                    "* COALESCE((SELECT log_retention_days FROM guild_settings s "
                    f"WHERE s.guild_id = {table}.guild_id), CAST(? AS INTEGER))",
                    (now, default_days),
                )
        return deleted


def _most_asked(fact_count: tuple[str, int]) -> tuple[int, str]:
    fact_id, count = fact_count
    return -count, fact_id
