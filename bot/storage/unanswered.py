"""The unanswered list: questions declined or voted 👎, counted per server without user ids,
for staff to teach (`/facts unanswered`)."""

from __future__ import annotations

import re

from bot.storage.models import Unanswered
from bot.storage.store import Store, Writer
from bot.storage.times import when

QUESTION_STORED = 500  # characters of a question kept on the list


def question_key(question: str) -> str:
    """Questions that differ only in case, punctuation and spacing count as one."""
    return " ".join(re.sub(r"[^\w\s]", " ", question.casefold()).split())


async def count_unanswered(
    db: Writer, guild_id: int, question: str, reason: str, now: float
) -> None:
    """Put the question on the list, or count it once more (inside the caller's write)."""
    await db.execute(
        "INSERT INTO unanswered (guild_id, key, question, reason, count, first_asked, "
        "last_asked) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (guild_id, key) DO UPDATE "
        "SET count = unanswered.count + 1, last_asked = excluded.last_asked, "
        "question = excluded.question, reason = excluded.reason",
        (guild_id, question_key(question), question[:QUESTION_STORED], reason, now, now),
    )


async def forget_unanswered(db: Writer, guild_id: int, question: str) -> None:
    """Take the question off the list (it has been taught)."""
    await db.execute(
        "DELETE FROM unanswered WHERE guild_id = ? AND key = ?",
        (guild_id, question_key(question)),
    )


class UnansweredRecords:
    """`Database` methods for the unanswered list."""

    _connection: Store

    async def unanswered(self, guild_id: int, limit: int = 25) -> list[Unanswered]:
        """Most frequent first, then most recent."""
        rows = await self._connection.rows(
            "SELECT question, reason, count, first_asked, last_asked FROM unanswered "
            "WHERE guild_id = ? ORDER BY count DESC, last_asked DESC LIMIT ?",
            (guild_id, limit),
        )
        return [
            Unanswered(
                question=question,
                reason=reason,
                count=count,
                first_asked=when(first),
                last_asked=when(last),
            )
            for question, reason, count, first, last in rows
        ]
