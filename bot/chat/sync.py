"""Syncing slash commands only when the command tree changed.

Discord rate-limits command syncs hard, so FactBot remembers a fingerprint of what it last
synced (per application and scope) and syncs again only when the tree's payload differs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)


class CommandSyncError(Exception):
    """The development guild refused the commands; the message says what to do."""


def tree_payload(tree: app_commands.CommandTree[Any], guild: discord.Object | None) -> list[Any]:
    """The commands exactly as a sync would send them for that scope."""
    return [command.to_dict(tree) for command in tree.get_commands(guild=guild)]


def fingerprint(payload: list[Any]) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class SyncState:
    """Fingerprints of the last synced trees, in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("Ignoring unreadable command sync state %s: %s", self.path, error)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(key): str(value) for key, value in data.items()}

    def last(self, key: str) -> str | None:
        return self._read().get(key)

    def scopes(self) -> list[str]:
        return sorted(self._read())

    def remember(self, key: str, value: str | None) -> None:
        """Record the fingerprint synced under `key` (None: nothing is synced there now)."""
        data = self._read()
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
        try:
            self.path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
        except OSError as error:
            log.warning("Could not save command sync state to %s: %s", self.path, error)


async def sync_commands(
    tree: app_commands.CommandTree[Any],
    application_id: int,
    state: SyncState,
    dev_guild: int | None,
    force: bool = False,
) -> bool:
    """Sync the tree if it changed since the last sync (or when forced); True if it synced.

    With a development guild the global commands are copied there, which Discord applies at
    once, and the global scope is left alone.
    """
    guild = discord.Object(id=dev_guild) if dev_guild is not None else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    else:
        await _clear_old_dev_guilds(tree, application_id, state)
    scope = f"guild:{dev_guild}" if dev_guild is not None else "global"
    key = f"{application_id}:{scope}"
    current = fingerprint(tree_payload(tree, guild))
    if not force and state.last(key) == current:
        log.info("Slash commands unchanged since the last sync (%s); not syncing.", scope)
        return False
    try:
        synced = await tree.sync(guild=guild)
    except discord.Forbidden as error:
        if guild is None:
            raise
        raise CommandSyncError(
            f"cannot sync the slash commands to server {dev_guild} (FACTBOT_DEV_GUILD): "
            f"{error.text or error.status}. Check the server id, invite the bot there with the "
            "applications.commands scope, or unset FACTBOT_DEV_GUILD."
        ) from error
    state.remember(key, current)
    log.info("Synced %d slash commands (%s).", len(synced), scope)
    return True


async def _clear_old_dev_guilds(
    tree: app_commands.CommandTree[Any], application_id: int, state: SyncState
) -> None:
    """Remove the copies synced to a former development guild, which would otherwise show
    every command twice there once the global commands arrive."""
    prefix = f"{application_id}:guild:"
    for key in state.scopes():
        if key.startswith(prefix):
            guild = discord.Object(id=int(key.removeprefix(prefix)))
            await tree.sync(guild=guild)
            state.remember(key, None)
            log.info("Removed the development copies of the commands from server %s", guild.id)
