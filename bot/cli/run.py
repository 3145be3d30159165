"""`factbot run` and `factbot sync`: connect to Discord, or explain how to get there."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

import aiohttp
import discord

from bot.chat.client import FactBot
from bot.chat.endpoints import use_discord_at
from bot.chat.shards import ShardPlan, ShardPlanError
from bot.chat.sync import CommandSyncError
from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import PackError, load_packs
from bot.service import load_engine
from bot.storage import Database, StorageError

log = logging.getLogger(__name__)

NO_TOKEN = """\
factbot: no Discord token is set, so the bot cannot connect to Discord.

To run FactBot in Discord:
  1. Open https://discord.com/developers/applications, create an application,
     open its "Bot" page and press "Reset Token"; copy the token.
  2. Put it in a file named .env in the folder you run factbot from:
         DISCORD_TOKEN=paste-your-token-here
     (or export DISCORD_TOKEN in your shell), then run `factbot {command}` again.
  The README's "Run it in Discord" section has the rest (intents, inviting the bot), and
  every setting is described in .env.example.

To try FactBot right now without Discord:
  factbot ask "{example}"
  factbot chat
"""

REJECTED_TOKEN = """\
factbot: Discord rejected the token (401 Unauthorized). It may be mistyped, or it was reset.
Open https://discord.com/developers/applications -> your application -> Bot -> Reset Token,
and put the new token in DISCORD_TOKEN (in .env or the environment).
"""

INTENT_NOT_ENABLED = """\
factbot: FACTBOT_MESSAGE_CONTENT=true, but the Message Content intent is not enabled for this
bot. Either enable it (Developer Portal -> your application -> Bot -> Privileged Gateway
Intents -> Message Content Intent) or set FACTBOT_MESSAGE_CONTENT=false: FactBot still answers
mentions, replies, direct messages and slash commands without it.
"""


UNREACHABLE = """\
factbot: cannot reach Discord at {url}: {error}
Check the network connection (and FACTBOT_DISCORD_API_URL / FACTBOT_DISCORD_GATEWAY_URL if you
set them), then run factbot again.
"""


def run(settings: Settings, facts: list[Path] | None = None) -> int:
    """Serve the packs in Discord until stopped (Ctrl-C or SIGTERM)."""
    return _connect(settings, facts or [settings.facts_dir], serve=True)


def sync(settings: Settings, facts: list[Path] | None = None) -> int:
    """Push the slash commands to Discord now, whether or not they changed."""
    return _connect(settings, facts or [settings.facts_dir], serve=False)


def _example_question(facts: list[Path]) -> str:
    """A question the packs answer, for the message that says how to try the bot."""
    try:
        packs = load_packs(facts)
    except PackError:
        return "..."
    return next((pack.facts[0].question for pack in packs if pack.facts), "...")


def _connect(settings: Settings, facts: list[Path], serve: bool) -> int:
    program = _program_name()
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        text = NO_TOKEN.replace("factbot ", f"{program} ").format(
            command="run" if serve else "sync", example=_example_question(facts)
        )
        print(text, file=sys.stderr, end="")
        return 2
    try:
        shards = ShardPlan.parse(settings.shards, settings.shard_count)
    except ShardPlanError as error:
        print(f"factbot: {error}", file=sys.stderr)
        return 2
    try:
        engine = load_engine(facts)
    except PackError as error:
        print(f"factbot: cannot load the fact packs:\n{error}", file=sys.stderr)
        return 2
    _setup_logging()
    use_discord_at(settings)
    try:
        work = (
            _serve(settings, engine, token, facts, shards)
            if serve
            else _sync(settings, engine, token)
        )
        asyncio.run(work)
    except discord.LoginFailure:
        print(REJECTED_TOKEN, file=sys.stderr, end="")
        return 2
    except discord.PrivilegedIntentsRequired:
        print(INTENT_NOT_ENABLED, file=sys.stderr, end="")
        return 2
    except (StorageError, CommandSyncError) as error:
        print(f"factbot: {error}", file=sys.stderr)
        return 2
    except (OSError, aiohttp.ClientError, discord.GatewayNotFound) as error:
        print(UNREACHABLE.format(url=settings.discord_api_url, error=error), file=sys.stderr)
        return 1
    except discord.HTTPException as error:
        print(f"factbot: Discord refused a request at start-up: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.info("Stopped.")
    return 0


async def _serve(
    settings: Settings, engine: Engine, token: str, facts: list[Path], shards: ShardPlan
) -> None:
    async with await Database.open(settings.database) as database:
        if not shards.runs_every_shard and not database.shareable:
            log.warning(
                "This process runs some of the shards, but its database is the SQLite file "
                "%s, which the processes on other machines cannot share, and identifies are "
                "not coordinated between processes: use PostgreSQL (FACTBOT_DATABASE).",
                database.name,
            )
        sync = shards.holds_shard_zero if settings.sync_commands is None else settings.sync_commands
        bot = FactBot(
            settings, engine, database, pack_paths=facts, shards=shards, sync_on_start=sync
        )
        loop = asyncio.get_running_loop()
        for stop in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop, lambda: asyncio.ensure_future(bot.close()))
        async with bot:
            await bot.start(token)
    log.info("Disconnected from Discord; bye.")


async def _sync(settings: Settings, engine: Engine, token: str) -> None:
    async with await Database.open(settings.database) as database:
        bot = FactBot(settings, engine, database, sync_on_start=False)
        async with bot:
            await bot.login(token)
            await bot.sync_commands(force=True)


def _setup_logging() -> None:
    """discord.py's log format; colours only on a terminal, never in a log file."""
    if sys.stderr.isatty():
        discord.utils.setup_logging(level=logging.INFO)
        return
    plain = logging.Formatter("{asctime} {levelname:<8} {name}: {message}", style="{")
    discord.utils.setup_logging(level=logging.INFO, formatter=plain)


def _program_name() -> str:
    """How the user invoked factbot (".venv/bin/factbot"), so the commands shown work as typed."""
    invoked = sys.argv[0]
    return invoked if invoked.endswith("factbot") else "factbot"
