"""Staying up when Discord, or a server that speaks its protocol, misbehaves for a while.

discord.py ends the whole client when one gateway event fails to parse, and a failed
slash-command sync would end `factbot run` at start-up. Neither has to: mentions, replies and
DMs need no slash commands, and one bad event says nothing about the next.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord

from bot.chat.sync import CommandSyncError

log = logging.getLogger(__name__)

# Seconds between attempts to sync the slash commands after a failed one; the last repeats.
SYNC_RETRY_DELAYS: tuple[float, ...] = (30, 60, 120, 300, 900, 1800, 3600)

SYNC_FAILURES = (
    discord.HTTPException,
    CommandSyncError,
    aiohttp.ClientError,
    OSError,
    asyncio.TimeoutError,
)


def guard_parsers(parsers: dict[str, Callable[[Any], None]]) -> None:
    """Wrap each of discord.py's gateway event parsers (in place: the gateway reads the same
    dict) so that an event it cannot parse is logged and dropped, not fatal to the client."""
    for event, parser in list(parsers.items()):
        parsers[event] = _guarded(event, parser)


def _guarded(event: str, parser: Callable[[Any], None]) -> Callable[[Any], None]:
    def parse(data: Any) -> None:
        try:
            parser(data)
        except Exception as error:  # whatever the parser tripped on, only this event is lost
            log.warning(
                "Dropped a %s event from Discord that could not be read (%s: %s)",
                event,
                type(error).__name__,
                error,
            )

    return parse


async def sync_or_retry(sync: Callable[[], Awaitable[bool]]) -> asyncio.Task[None] | None:
    """Sync the slash commands now; if that fails, log it and keep trying in the background
    (the task returned, for the caller to cancel on close)."""
    try:
        await sync()
    except SYNC_FAILURES as error:
        log.warning(
            "Could not sync the slash commands (%s); answering mentions, replies and DMs "
            "meanwhile and trying again in %g s.",
            error,
            SYNC_RETRY_DELAYS[0],
        )
        return asyncio.create_task(_retry(sync), name="factbot-command-sync")
    return None


async def _retry(sync: Callable[[], Awaitable[bool]]) -> None:
    delays = itertools.chain(SYNC_RETRY_DELAYS, itertools.repeat(SYNC_RETRY_DELAYS[-1]))
    for attempt, delay in enumerate(delays, start=2):
        await asyncio.sleep(delay)
        try:
            await sync()
        except SYNC_FAILURES as error:
            log.warning("Slash command sync attempt %d failed too (%s)", attempt, error)
            continue
        except Exception:  # not Discord saying no: still no reason to stop trying
            log.exception("Slash command sync attempt %d failed", attempt)
            continue
        log.info("Slash commands synced on attempt %d.", attempt)
        return
