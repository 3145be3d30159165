"""The engine each server answers with: the shared one, with the server's overlay when it has
knowledge of its own.

Every server shares the shipped packs' one index; a server whose staff hid facts, taught
phrasings or added facts gets an overlay of just those (`Engine.for_server`), built
off the event loop in milliseconds and rebuilt when its knowledge changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from bot.engine import Engine
from bot.knowledge import Pack
from bot.storage import Database
from bot.storage.packs import server_pack

ServerKnowledge = tuple[
    frozenset[str], Mapping[str, Sequence[str]], Pack | None, frozenset[str] | None
]

log = logging.getLogger(__name__)


class GuildEngines:
    """The engine to answer with, by server (None for DMs)."""

    def __init__(self, shipped: Engine, database: Database, keep: int = 4096) -> None:
        self.shipped = shipped
        self.database = database
        self._customised: set[int] = set()
        self._engines: OrderedDict[int, Engine] = OrderedDict()
        self._keep = keep
        self._locks: dict[int, asyncio.Lock] = {}
        self._versions: dict[int, int] = {}
        # Counts reloads: an overlay built over the engine before one is stale.
        self._generation = 0

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
                stamp = self._stamp(guild_id)
                engine = await self._build(guild_id)
                if self._stamp(guild_id) != stamp:
                    engine = None  # changed while building: what was read may be stale
            self._engines[guild_id] = engine
            while len(self._engines) > self._keep:
                self._engines.popitem(last=False)
        return engine

    def use(self, shipped: Engine) -> None:
        """Answer from `shipped` (the packs reloaded) from now on; each server's overlay is
        built again over it. The servers with knowledge of their own stay known, so a change
        made during a reload is never lost."""
        self.shipped = shipped
        self._generation += 1
        self._engines.clear()

    def _stamp(self, guild_id: int) -> tuple[int, int]:
        return self._generation, self._versions.get(guild_id, 0)

    def changed(self, guild_id: int) -> None:
        """The server's knowledge changed: rebuild its engine on next use."""
        self._customised.add(guild_id)
        self._versions[guild_id] = self._versions.get(guild_id, 0) + 1
        self._engines.pop(guild_id, None)

    async def _build(self, guild_id: int) -> Engine:
        knowledge = await self.knowledge_of(guild_id)
        # Milliseconds for a server's handful of facts; off the loop all the same, as a
        # server may have thousands, and the first overlay weighs the shared index's terms.
        engine = await asyncio.to_thread(self.shipped.for_server, *knowledge)
        log.info("Built the overlay of server %s (%d facts served)", guild_id, engine.fact_count)
        return engine

    async def knowledge_of(self, guild_id: int) -> ServerKnowledge:
        """What the server changed: hidden facts, taught phrasings, its own facts (as a pack)
        and the shipped packs it serves (None: all)."""
        database = self.database
        hidden = await database.hidden_facts(guild_id)
        taught = await database.taught_phrasings(guild_id)
        chosen = (await database.guild_settings(guild_id)).packs
        own = server_pack(guild_id, await database.server_facts(guild_id), taught)
        return hidden, taught, own, frozenset(chosen) if chosen is not None else None
