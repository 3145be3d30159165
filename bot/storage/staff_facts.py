"""A server's own knowledge: staff facts, shipped facts it hides, and phrasings it taught."""

from __future__ import annotations

import json
import time

from bot.storage.models import FactDraft, ServerFact
from bot.storage.store import Store
from bot.storage.times import when
from bot.storage.unanswered import forget_unanswered


class StaffFactRecords:
    """`Database` methods for staff facts, hidden facts and taught phrasings."""

    _connection: Store

    async def add_fact(self, guild_id: int, draft: FactDraft) -> ServerFact:
        """A new fact numbered after every fact the server ever had (ids are never reused)."""
        now = time.time()
        async with self._connection.write() as db:
            number = await db.scalar(
                "INSERT INTO fact_numbers (guild_id, last_number) VALUES (?, 1) "
                "ON CONFLICT (guild_id) DO UPDATE SET last_number = fact_numbers.last_number + 1 "
                "RETURNING last_number",
                (guild_id,),
            )
            fact_id = f"server-{int(number)}"
            await db.execute(
                "INSERT INTO server_facts (guild_id, fact_id, question, answer, quote, source, "
                "phrasings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, fact_id, *_draft_values(draft), now, now),
            )
        return _server_fact(guild_id, fact_id, draft, now, now)

    async def edit_fact(self, guild_id: int, fact_id: str, draft: FactDraft) -> ServerFact | None:
        """None when the server has no such fact."""
        now = time.time()
        async with self._connection.write() as db:
            changed = await db.execute(
                "UPDATE server_facts SET question = ?, answer = ?, quote = ?, source = ?, "
                "phrasings = ?, updated_at = ? WHERE guild_id = ? AND fact_id = ?",
                (*_draft_values(draft), now, guild_id, fact_id),
            )
            if changed == 0:
                return None
            created = await db.scalar(
                "SELECT created_at FROM server_facts WHERE guild_id = ? AND fact_id = ?",
                (guild_id, fact_id),
            )
        return _server_fact(guild_id, fact_id, draft, float(created), now)

    async def remove_fact(self, guild_id: int, fact_id: str) -> bool:
        """Remove the fact and the phrasings taught for it; False when there was none."""
        async with self._connection.write() as db:
            removed = await db.execute(
                "DELETE FROM server_facts WHERE guild_id = ? AND fact_id = ?", (guild_id, fact_id)
            )
            await db.execute(
                "DELETE FROM taught_phrasings WHERE guild_id = ? AND fact_id = ?",
                (guild_id, fact_id),
            )
            return removed > 0

    async def server_facts(self, guild_id: int) -> list[ServerFact]:
        """Oldest first."""
        rows = await self._connection.rows(
            "SELECT fact_id, question, answer, quote, source, phrasings, created_at, updated_at "
            "FROM server_facts WHERE guild_id = ? ORDER BY created_at, fact_id",
            (guild_id,),
        )
        facts = []
        for fact_id, question, answer, quote, source, phrasings, created, updated in rows:
            draft = FactDraft(
                question=question,
                answer=answer,
                quote=quote,
                source=source,
                phrasings=json.loads(phrasings),
            )
            facts.append(_server_fact(guild_id, fact_id, draft, created, updated))
        return facts

    async def set_hidden(self, guild_id: int, fact_id: str, hidden: bool) -> None:
        async with self._connection.write() as db:
            if hidden:
                await db.execute(
                    "INSERT INTO hidden_facts (guild_id, fact_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (guild_id, fact_id),
                )
            else:
                await db.execute(
                    "DELETE FROM hidden_facts WHERE guild_id = ? AND fact_id = ?",
                    (guild_id, fact_id),
                )

    async def hidden_facts(self, guild_id: int) -> frozenset[str]:
        rows = await self._connection.rows(
            "SELECT fact_id FROM hidden_facts WHERE guild_id = ?", (guild_id,)
        )
        return frozenset(str(row[0]) for row in rows)

    async def teach(
        self, guild_id: int, fact_id: str, phrasing: str, asked: str | None = None
    ) -> None:
        """Make `phrasing` an alternate question of the fact in this server, and take the
        question as `asked` (default: the phrasing) off the unanswered list."""
        async with self._connection.write() as db:
            await db.execute(
                "INSERT INTO taught_phrasings (guild_id, fact_id, phrasing, taught_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, fact_id, phrasing, time.time()),
            )
            await forget_unanswered(db, guild_id, asked or phrasing)

    async def taught_phrasings(self, guild_id: int) -> dict[str, list[str]]:
        """Fact id to the phrasings taught for it, in the order they were taught."""
        rows = await self._connection.rows(
            "SELECT fact_id, phrasing FROM taught_phrasings WHERE guild_id = ? ORDER BY taught_at",
            (guild_id,),
        )
        taught: dict[str, list[str]] = {}
        for fact_id, phrasing in rows:
            taught.setdefault(str(fact_id), []).append(str(phrasing))
        return taught

    async def customised_guilds(self) -> frozenset[int]:
        """Servers with their own facts, hidden facts, taught phrasings or chosen packs."""
        rows = await self._connection.rows(
            "SELECT guild_id FROM server_facts UNION SELECT guild_id FROM hidden_facts "
            "UNION SELECT guild_id FROM taught_phrasings "
            "UNION SELECT guild_id FROM guild_settings WHERE packs IS NOT NULL"
        )
        return frozenset(int(row[0]) for row in rows)


def _draft_values(draft: FactDraft) -> tuple[str, str, str, str, str]:
    phrasings = json.dumps(list(draft.phrasings), ensure_ascii=False)
    return draft.question, draft.answer, draft.quote, draft.source, phrasings


def _server_fact(
    guild_id: int, fact_id: str, draft: FactDraft, created: float, updated: float
) -> ServerFact:
    return ServerFact(
        guild_id=guild_id,
        fact_id=fact_id,
        created_at=when(created),
        updated_at=when(updated),
        **draft.model_dump(),
    )
