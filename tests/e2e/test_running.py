"""The real entry point (`factbot run`, `factbot sync`) against the fake Discord, and when
slash commands are synced."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.chat.client import FactBot
from tests.e2e.cluster import LogReader
from tests.e2e.conftest import CHANNEL, GUILD, MEMBER, StartBot, ask_in_server
from tests.e2e.fake_discord import FakeDiscord


def _environment(fake: FakeDiscord, tmp_path: Path, token: str) -> dict[str, str]:
    keep = dict(os.environ)
    keep.pop("DISCORD_TOKEN", None)
    return {
        **keep,
        "DISCORD_TOKEN": token,
        "FACTBOT_DISCORD_API_URL": fake.api_url,
        "FACTBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "FACTBOT_SYNC_STATE_FILE": str(tmp_path / "commands.json"),
        "FACTBOT_DATABASE": str(tmp_path / "factbot.db"),
    }


async def _factbot(
    fake: FakeDiscord, tmp_path: Path, *args: str, token: str | None = None
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=_environment(fake, tmp_path, token or fake.token),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop(process: asyncio.subprocess.Process, logs: LogReader) -> str:
    process.send_signal(signal.SIGTERM)
    text = await logs.finish()
    assert await asyncio.wait_for(process.wait(), timeout=15) == 0, text
    return text


async def test_factbot_run_logs_in_syncs_once_and_answers(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    process = await _factbot(fake, tmp_path, "run")
    logs = LogReader(process)
    try:
        await logs.wait_for("FactBot ready as")
        since = fake.mark()
        await ask_in_server(fake, "when is solid-state due?")
        reply = await fake.wait_for_request("POST", rf"/channels/{CHANNEL}/messages", since=since)
        assert reply.json["embeds"][0]["title"] == "Around 2028."
    finally:
        log = await _stop(process, logs)
    assert "Traceback" not in log
    assert fake.token not in log
    assert "scope=bot+applications.commands&permissions=274877991936" in log
    assert "1 pack, 30 facts, 2 servers" in log
    assert len(fake.command_syncs) == 1

    # A second start with the same command tree does not sync again.
    process = await _factbot(fake, tmp_path, "run")
    logs = LogReader(process)
    try:
        await logs.wait_for("FactBot ready as")
    finally:
        log = await _stop(process, logs)
    assert "unchanged since the last sync" in log
    assert len(fake.command_syncs) == 1


async def test_a_rejected_token_is_a_clear_error(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _factbot(fake, tmp_path, "run", token="not-the-right-token")
    out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert "Discord rejected the token" in err.decode()
    assert "Traceback" not in err.decode()
    assert "not-the-right-token" not in err.decode() + out.decode()


async def test_factbot_sync_pushes_the_commands_now(fake: FakeDiscord, tmp_path: Path) -> None:
    for expected in (1, 2):
        process = await _factbot(fake, tmp_path, "sync")
        _, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, err.decode()
        assert len(fake.command_syncs) == expected
    names = {command["name"] for command in fake.command_syncs[-1].json}
    assert names == {
        "ask",
        "facts",
        "about",
        "help",
        "settings",
        "reload",
        "Check against the facts",
    }


async def test_commands_sync_only_when_the_tree_changed(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    first = await start_bot()
    assert len(fake.command_syncs) == 1
    await first.close()
    second: FactBot = await start_bot()
    assert len(fake.command_syncs) == 1
    second.tree.remove_command("about")
    assert await second.sync_commands()
    assert len(fake.command_syncs) == 2


async def test_a_development_guild_gets_the_commands_instantly(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    dev = await start_bot(dev_guild=GUILD)
    [synced] = fake.command_syncs
    assert synced.path.endswith(f"/guilds/{GUILD}/commands")
    assert {command["name"] for command in synced.json} >= {"ask", "facts", "settings"}
    interaction = await fake.slash(
        "ask",
        [{"name": "question", "type": 3, "value": "when is solid-state due?"}],
        user_id=MEMBER,
        guild_id=GUILD,
        channel_id=CHANNEL,
    )
    response = await interaction.wait_for_response()
    assert response.json["data"]["embeds"][0]["title"] == "Around 2028."

    # Back to global commands: the development copies are removed, so nothing shows twice.
    await dev.close()
    await start_bot()
    cleared, global_sync = fake.command_syncs[1:]
    assert cleared.path.endswith(f"/guilds/{GUILD}/commands")
    assert cleared.json == []
    assert global_sync.path.endswith("/commands")
    assert "/guilds/" not in global_sync.path


async def test_a_development_guild_the_bot_is_not_in_is_a_clear_error(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTBOT_DEV_GUILD", "999")
    process = await _factbot(fake, tmp_path, "sync")
    _, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert "server 999 (FACTBOT_DEV_GUILD)" in err.decode()
    assert "Traceback" not in err.decode()


async def test_shard_settings_that_contradict_each_other_are_a_clear_error(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    for arguments, message in [
        (["--shards", "0-1"], "--shards 0-1 needs --shard-count"),
        (["--shards", "4", "--shard-count", "4"], "shard 4 is outside 0-3"),
    ]:
        process = await _factbot(fake, tmp_path, "run", *arguments)
        _, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 2
        assert message in err.decode()
        assert "Traceback" not in err.decode()
    assert fake.identify_count == 0


async def test_with_no_gateway_url_set_the_one_discord_names_is_used(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    """Only the API URL set (as for Discord itself): the gateway is the one /gateway/bot
    names, not Discord's default address, at start and for reconnects."""
    await start_bot(discord_gateway_url=None)
    assert fake.identify_count == 1
    await fake.request_reconnect()
    await fake.wait_for_resume()
    since = fake.mark()
    await ask_in_server(fake, "when is solid-state due?")
    reply = await fake.wait_for_request("POST", rf"/channels/{CHANNEL}/messages", since=since)
    assert reply.json["embeds"][0]["title"] == "Around 2028."
