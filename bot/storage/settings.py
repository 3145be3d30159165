"""A server's settings (`/settings`): one row per server that changed any; none means the
defaults."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.storage.models import GuildSettings
from bot.storage.store import Store

_COLUMNS = (
    "guild_id, private_replies, cooldown_questions, cooldown_seconds, log_retention_days, "
    "auto_answer_channels, packs FROM guild_settings"
)


class SettingsRecords:
    """`Database` methods for server settings."""

    _connection: Store

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        rows = await self._connection.rows(f"SELECT {_COLUMNS} WHERE guild_id = ?", (guild_id,))
        return _settings(rows[0]) if rows else GuildSettings(guild_id=guild_id)

    async def every_guild_settings(self) -> dict[int, GuildSettings]:
        """The settings of every server that changed any (one query, read at start)."""
        return {row[0]: _settings(row) for row in await self._connection.rows(f"SELECT {_COLUMNS}")}

    async def save_guild_settings(self, settings: GuildSettings) -> None:
        async with self._connection.write() as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, private_replies, cooldown_questions, "
                "cooldown_seconds, log_retention_days, auto_answer_channels, packs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "private_replies = excluded.private_replies, "
                "cooldown_questions = excluded.cooldown_questions, "
                "cooldown_seconds = excluded.cooldown_seconds, "
                "log_retention_days = excluded.log_retention_days, "
                "auto_answer_channels = excluded.auto_answer_channels, "
                "packs = excluded.packs",
                (
                    settings.guild_id,
                    int(settings.private_replies),
                    settings.cooldown_questions,
                    settings.cooldown_seconds,
                    settings.log_retention_days,
                    json.dumps(sorted(settings.auto_answer_channels)),
                    json.dumps(sorted(settings.packs)) if settings.packs is not None else None,
                ),
            )


def _settings(row: Sequence[Any]) -> GuildSettings:
    guild_id, private, questions, seconds, retention, channels, packs = row
    return GuildSettings(
        guild_id=guild_id,
        private_replies=bool(private),
        cooldown_questions=questions,
        cooldown_seconds=seconds,
        log_retention_days=retention,
        auto_answer_channels=frozenset(json.loads(channels)),
        packs=frozenset(json.loads(packs)) if packs is not None else None,
    )
