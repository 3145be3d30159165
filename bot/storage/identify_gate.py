"""Turns to start a gateway session (IDENTIFY), shared by every process of one bot.

Discord lets a bot start `max_concurrency` sessions per 5 seconds: shard `s` is in bucket
`s % max_concurrency`, and each bucket identifies once per 5 s. An identify too soon is
refused, and many refusals reset the bot's token. discord.py spaces the shards of one
process; processes sharing a PostgreSQL database take turns through an advisory lock per
bucket, held for the interval (and a tenth more, for the identify's own way to Discord)
after each identify. A process that stops or dies lets go of its locks with its connection:
at once, or for a machine that vanished, once the server's keepalive probes give up on it
(about 30 s). With SQLite, the bot is one process and spaces its own shards.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import Any, Protocol

import asyncpg

log = logging.getLogger(__name__)

# Discord's window for one identify per bucket, in seconds.
IDENTIFY_INTERVAL = 5.0
# The first of the advisory lock's two keys ("FBid"); the second is the bucket.
_LOCK_KEY = 0x46426964
# The gate's connections: waiting for the bucket is the point (no lock or statement
# timeout, whatever the role's defaults), and the server gives up on a vanished process's
# connection, and its lock, after 10 s idle and 4 unanswered probes 5 s apart.
_GATE_SESSION = {
    "lock_timeout": "0",
    "statement_timeout": "0",
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "4",
}
# The lock is held this much longer than the interval.
_MARGIN = 1.1


class IdentifyGate(Protocol):
    async def wait_turn(self, bucket: int) -> None:
        """Return when a shard of `bucket` may identify now; the bucket's next turn comes
        `interval` seconds later at the earliest."""

    async def close(self) -> None: ...


class LocalIdentifyGate:
    """One process's shards, one per bucket per interval."""

    def __init__(self, interval: float = IDENTIFY_INTERVAL) -> None:
        self.interval = interval
        self._turns: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._last: dict[int, float] = {}

    async def wait_turn(self, bucket: int) -> None:
        async with self._turns[bucket]:
            last = self._last.get(bucket)
            if last is not None:
                await asyncio.sleep(max(0.0, last + self.interval - time.monotonic()))
            self._last[bucket] = time.monotonic()

    async def close(self) -> None:
        """Nothing held."""


class PostgresIdentifyGate:
    """Every process of the bot: a turn is the bucket's advisory lock, waited for and held
    on a connection of the bucket's own (session locks belong to a connection), and let go
    `interval` later."""

    def __init__(self, url: str, interval: float = IDENTIFY_INTERVAL) -> None:
        self.interval = interval
        self._url = url
        self._connections: dict[int, Any] = {}  # asyncpg connections, by bucket
        # A session lock is re-entrant for its own connection: this process's shards of one
        # bucket also take turns here.
        self._turns: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._releases: set[asyncio.Task[None]] = set()
        self._local = LocalIdentifyGate(interval)
        self._closed = False

    async def wait_turn(self, bucket: int) -> None:
        if self._closed:  # the bot is stopping, and a shard still tries to connect
            await self._local.wait_turn(bucket)
            return
        turn = self._turns[bucket]
        await turn.acquire()
        try:
            connection = await self._connection(bucket)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            turn.release()
            await self._without_database(bucket, error)
            return
        except BaseException:
            turn.release()
            raise
        try:
            await connection.execute("SELECT pg_advisory_lock($1, $2)", _LOCK_KEY, bucket)
        except BaseException as error:
            # Cancelled (discord.py times the identify out) or failed, perhaps just after the
            # server granted the lock: ending the connection is the one sure way to let go.
            self._connections.pop(bucket, None)
            connection.terminate()
            turn.release()
            if isinstance(error, (OSError, asyncpg.PostgresError, asyncpg.InterfaceError)):
                await self._without_database(bucket, error)
                return
            raise
        release = asyncio.create_task(self._release_later(connection, bucket, turn))
        self._releases.add(release)
        release.add_done_callback(self._releases.discard)

    async def _without_database(self, bucket: int, error: BaseException) -> None:
        """The shard must connect whatever the database does: space this process's own."""
        log.warning("Identify turns not shared (the database: %s); taking our own", error)
        await self._local.wait_turn(bucket)

    async def _connection(self, bucket: int) -> Any:
        connection = self._connections.get(bucket)
        if connection is None or connection.is_closed():
            connection = await asyncpg.connect(self._url, timeout=10, server_settings=_GATE_SESSION)
            self._connections[bucket] = connection
        return connection

    async def _release_later(self, connection: Any, bucket: int, turn: asyncio.Lock) -> None:
        try:
            await asyncio.sleep(self.interval * _MARGIN)
            await connection.execute("SELECT pg_advisory_unlock($1, $2)", _LOCK_KEY, bucket)
        except Exception as error:  # a background task: nobody else would see it
            # Whatever went wrong, ending the connection lets go of the lock.
            log.warning("Could not let go of identify bucket %d: %r", bucket, error)
            connection.terminate()
        finally:
            turn.release()

    async def close(self) -> None:
        """Stop the pending releases (each may be mid-statement), then end the connections,
        which lets go of any lock still held."""
        self._closed = True
        releases = list(self._releases)
        for release in releases:
            release.cancel()
        await asyncio.gather(*releases, return_exceptions=True)
        for connection in self._connections.values():
            if not connection.is_closed():
                connection.terminate()
