"""One engine per server that has its own knowledge; the shared engine for every other.

A server's engine answers from the shipped packs as that server sees them (hidden facts left
out, taught phrasings added) plus its staff's facts. Engines are built off the event loop and
rebuilt when the server's knowledge changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence

from bot.engine import Engine
from bot.knowledge import Pack
from bot.storage import Database
from bot.storage.packs import customised, server_pack

log = logging.getLogger(__name__)


class GuildEngines:
    """The engine to answer with, by server (None for DMs)."""

    def __init__(self, shipped: Engine, database: Database, keep: int = 64) -> None:
        self.shipped = shipped
        self.database = database
        self._customised: set[int] = set()
        self._engines: OrderedDict[int, Engine] = OrderedDict()
        self._keep = keep
        self._locks: dict[int, asyncio.Lock] = {}
        self._versions: dict[int, int] = {}

    async def start(self) -> None:
        """Learn which servers have knowledge of their own (the others use `shipped`)."""
        self._customised = set(await self.database.customised_guilds())

    async def engine_for(self, guild_id: int | None) -> Engine:
        if guild_id is None or guild_id not in self._customised:
            return self.shipped
        engine = self._engines.get(guild_id)
        if engine is not None:
            self._engines.move_to_end(guild_id)
            return engine
        async with self._locks.setdefault(guild_id, asyncio.Lock()):
            engine = self._engines.get(guild_id)
            while engine is None:
                version = self._versions.get(guild_id, 0)
                engine = await self._build(guild_id)
                if self._versions.get(guild_id, 0) != version:
                    engine = None  # changed while building: what was read may be stale
            self._engines[guild_id] = engine
            while len(self._engines) > self._keep:
                self._engines.popitem(last=False)
        return engine

    def changed(self, guild_id: int) -> None:
        """The server's knowledge changed: rebuild its engine on next use."""
        self._customised.add(guild_id)
        self._versions[guild_id] = self._versions.get(guild_id, 0) + 1
        self._engines.pop(guild_id, None)

    async def _build(self, guild_id: int) -> Engine:
        packs = await self.packs_for(guild_id)
        log.info("Building the answer index for server %s (%d packs)", guild_id, len(packs))
        return await asyncio.to_thread(Engine, packs, self.shipped.thresholds, self.shipped.weights)

    async def packs_for(self, guild_id: int) -> Sequence[Pack]:
        database = self.database
        hidden = await database.hidden_facts(guild_id)
        taught = await database.taught_phrasings(guild_id)
        chosen = (await database.guild_settings(guild_id)).packs
        shipped = [p for p in self.shipped.packs if chosen is None or p.id in chosen]
        packs = customised(shipped, hidden, taught)
        own = server_pack(guild_id, await database.server_facts(guild_id), taught)
        return [*packs, own] if own is not None else packs
