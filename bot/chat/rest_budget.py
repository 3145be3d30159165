"""A process's share of the bot's global REST rate limit.

Discord allows a bot about 50 requests a second in all, whichever process sends them; past
it, every process gets 429s and, repeated, a temporary ban. discord.py waits out the 429s it
is told about, but processes that each think they have the whole budget keep hitting them.
So each process sends at most its share: the budget times the part of the shards it runs.
Interaction responses and follow-ups are outside the global limit (Discord's rule), so they
never wait here: a slow answer to a slash command would miss its 3 s.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord

# Requests a second Discord allows a bot in all (its documented global rate limit).
DISCORD_GLOBAL_LIMIT = 50.0
_UNLIMITED_ROUTES = ("/interactions/", "/webhooks/")


class RestBudget:
    """A token bucket: `rate` requests a second on average, bursts of up to one second's
    worth. Waiters go in turn."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self._capacity = max(rate, 1.0)
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._turn = asyncio.Lock()

    async def take(self) -> None:
        """Wait until a request may go."""
        async with self._turn:
            self._refill()
            if self._tokens < 1:
                await self._sleep((1 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now


def limit_requests(http: discord.http.HTTPClient, budget: RestBudget) -> None:
    """Make each of discord.py's REST requests outside the interaction routes wait for the
    budget first (in place: the gateway state shares this HTTP client)."""
    send = http.request

    async def request(route: discord.http.Route, **kwargs: Any) -> Any:
        if not route.path.startswith(_UNLIMITED_ROUTES):
            await budget.take()
        return await send(route, **kwargs)

    setattr(http, "request", request)  # noqa: B010 (mypy refuses assigning to a method)
