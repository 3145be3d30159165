"""A process's share of the bot's global REST rate limit.

Discord allows a bot about 50 requests a second in all, whichever process sends them; past
it, every process gets 429s and, repeated, a temporary ban. discord.py waits out the 429s it
is told about, but processes that each think they have the whole budget keep hitting them.
So each process sends at most its share: the budget times the part of the shards it runs.
Interaction responses and follow-ups are outside the global limit (Discord's rule) and never
wait here: a slow answer to a slash command would miss its 3 s.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import discord


class RestBudget:
    """At most `rate` requests in any one second (a sliding window; a fractional rate
    rounds down, to at least one), in turn."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self._per_second = max(1, int(rate))
        self._sent: deque[float] = deque()  # when the last requests went, oldest first
        self._clock = clock
        self._sleep = sleep
        self._turn = asyncio.Lock()

    async def take(self) -> None:
        """Wait until a request may go."""
        async with self._turn:
            if len(self._sent) == self._per_second:
                wait = self._sent[0] + 1.0 - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                self._sent.popleft()
            self._sent.append(self._clock())


def limit_requests(http: discord.http.HTTPClient, budget: RestBudget) -> None:
    """Make each of discord.py's REST requests wait for the budget first (in place: the
    gateway state shares this HTTP client). Interaction responses and follow-ups go
    through discord.py's webhook adapter instead, so they never wait here; Discord does not
    count them against the global limit either. discord.py's own retries of a request
    (after a 429 or a 5xx) are not counted."""
    send = http.request

    async def request(route: discord.http.Route, **kwargs: Any) -> Any:
        await budget.take()
        return await send(route, **kwargs)

    setattr(http, "request", request)  # noqa: B010 (mypy refuses assigning to a method)
