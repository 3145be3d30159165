"""Command sync happens when the tree changed, not on every start."""

from __future__ import annotations

from pathlib import Path

import discord
from discord import app_commands

from bot.chat.sync import SyncState, fingerprint, tree_payload


def _tree(description: str) -> app_commands.CommandTree[discord.Client]:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )

    async def ask(interaction: discord.Interaction[discord.Client], question: str) -> None:
        """Unused: only the payload matters here."""

    tree.add_command(app_commands.Command(name="ask", description=description, callback=ask))
    return tree


async def test_the_fingerprint_follows_the_payload() -> None:
    same = fingerprint(tree_payload(_tree("Ask"), None))
    assert same == fingerprint(tree_payload(_tree("Ask"), None))
    assert same != fingerprint(tree_payload(_tree("Ask a question"), None))


def test_state_is_remembered_per_key(tmp_path: Path) -> None:
    state = SyncState(tmp_path / "sync.json")
    assert state.last("1:global") is None
    state.remember("1:global", "abc")
    state.remember("1:guild:9", "def")
    reopened = SyncState(tmp_path / "sync.json")
    assert reopened.last("1:global") == "abc"
    assert reopened.last("1:guild:9") == "def"


def test_an_unreadable_state_file_means_sync_again(tmp_path: Path) -> None:
    path = tmp_path / "sync.json"
    path.write_text("{not json", encoding="utf-8")
    assert SyncState(path).last("1:global") is None
    path.write_text("[1, 2]", encoding="utf-8")
    assert SyncState(path).last("1:global") is None
