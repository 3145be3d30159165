"""Each server's settings, cached, and the cooldown they choose for its members."""

from __future__ import annotations

from collections.abc import Sequence

from bot.service.cooldown import Cooldown, Verdict
from bot.storage import DIRECT_MESSAGES, Database, GuildSettings


class ServerSettings:
    """Every server's settings, read once at `start`, so asking costs no settings query (a
    burst of questions from servers not yet seen would otherwise queue for the database);
    `changed` after a save. A server's settings are saved by the one process that runs its
    shard, which is the one that reads them."""

    def __init__(self, database: Database, default_cooldown: tuple[int, float]) -> None:
        self.database = database
        self.default_cooldown = default_cooldown
        self._cooldowns: dict[int, Cooldown] = {}
        self._settings: dict[int, GuildSettings] = {}
        self._all_read = False

    async def start(self) -> None:
        self._settings = await self.database.every_guild_settings()
        self._all_read = True

    async def of(self, guild_id: int | None) -> GuildSettings:
        """A server's settings (DMs have theirs, under server id 0)."""
        key = guild_id or DIRECT_MESSAGES
        found = self._settings.get(key)
        if found is None:
            if self._all_read:
                found = GuildSettings(guild_id=key)  # a server that changed none
            else:
                found = await self.database.guild_settings(key)
            self._settings[key] = found
        return found

    def changed(self, settings: GuildSettings) -> None:
        """Use these settings from now on; the cooldown restarts with the new limits."""
        self._settings[settings.guild_id] = settings
        self._cooldowns.pop(settings.guild_id, None)

    async def check_cooldown(self, member_id: int, guild_id: int | None) -> Verdict:
        """Count one request from the member against the server's cooldown."""
        return (await self._cooldown(guild_id)).check(member_id)

    async def _cooldown(self, guild_id: int | None) -> Cooldown:
        key = guild_id or DIRECT_MESSAGES
        cooldown = self._cooldowns.get(key)
        if cooldown is None:
            chosen = await self.of(guild_id)
            questions, seconds = self.default_cooldown
            questions = chosen.cooldown_questions or questions
            seconds = chosen.cooldown_seconds or seconds
            # Another handler may have made it while this one awaited the settings.
            cooldown = self._cooldowns.setdefault(key, Cooldown(questions, seconds))
        return cooldown


def chosen_packs(typed: str, known: Sequence[str]) -> frozenset[str] | None:
    """The packs named in `typed` ("all" or ids; None means all); ValueError says what is
    wrong, for the staff member."""
    if typed.strip().casefold() == "all":
        return None
    named = [part.strip() for part in typed.split(",") if part.strip()]
    unknown = [name for name in named if name not in known]
    if unknown or not named:
        raise ValueError(
            f"Unknown pack {', '.join(f'`{name}`' for name in unknown) or '(none given)'}. "
            f"Packs loaded: {', '.join(f'`{pack}`' for pack in known)}, or `all`."
        )
    return frozenset(named)
