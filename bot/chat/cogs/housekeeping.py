"""Background upkeep: question logs older than each server's retention are deleted."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.ext import commands, tasks

if TYPE_CHECKING:
    from bot.chat.client import FactBot

log = logging.getLogger(__name__)


class Housekeeping(commands.Cog):
    """Purges old logs at start and every six hours."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.purge.start()

    async def cog_unload(self) -> None:
        self.purge.cancel()

    @tasks.loop(hours=6)
    async def purge(self) -> None:
        try:
            deleted = await self.bot.service.purge_old_logs()
        except Exception as error:  # a locked database, say: report, and try again later
            await self.bot.report_failure("purging old question logs", error)
            return
        if deleted:
            log.info("Deleted %d question-log rows past their server's retention", deleted)


async def setup(bot: FactBot) -> None:
    """discord.py's extension entry point (`load_extension("bot.chat.cogs.housekeeping")`)."""
    await bot.add_cog(Housekeeping(bot))
