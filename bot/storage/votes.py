"""Votes on answers: one per person per answer (the voter's user id is kept for that), and
changeable; a 👎 puts the question on the unanswered list."""

from __future__ import annotations

import time
from typing import Any

from bot.storage.models import Tally
from bot.storage.store import Store
from bot.storage.unanswered import count_unanswered

# The 👍 and 👎 among votes `v`, in SQL both databases run (PostgreSQL sums no booleans).
UPS_AND_DOWNS = (
    "COALESCE(SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN v.value = -1 THEN 1 ELSE 0 END), 0)"
)
_TALLY = f"SELECT {UPS_AND_DOWNS} FROM votes v WHERE v.answer_id = ?"


class VoteRecords:
    """`Database` methods for votes."""

    _connection: Store

    async def vote(
        self, answer_id: int, user_id: int, up: bool, guild_id: int | None = None
    ) -> Tally | None:
        """One vote per person per answer, changeable; None when the answer is gone (or, with
        `guild_id`, belongs to another server)."""
        now = time.time()
        async with self._connection.write() as db:
            found = await db.rows(
                "SELECT guild_id, question FROM answers WHERE answer_id = ? "
                "AND (CAST(? AS BIGINT) IS NULL OR guild_id = ?)",
                (answer_id, guild_id, guild_id),
            )
            if not found:
                return None
            guild_id, question = found[0]
            # One statement, so that two handlers of the same 👎 (a double click, two
            # processes) cannot both see it as new: only the one that changed it gets a row.
            changed = await db.rows(
                "INSERT INTO votes (answer_id, user_id, value, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET value = excluded.value, "
                "voted_at = excluded.voted_at WHERE votes.value <> excluded.value "
                "RETURNING value",
                (answer_id, user_id, 1 if up else -1, now),
            )
            if not up and changed:
                await count_unanswered(db, int(guild_id), str(question), "downvoted", now)
            return _tally(await db.rows(_TALLY, (answer_id,)))

    async def tally(self, answer_id: int) -> Tally:
        return _tally(await self._connection.rows(_TALLY, (answer_id,)))


def _tally(rows: list[Any]) -> Tally:
    [(up, down)] = rows
    return Tally(up=int(up), down=int(down))
