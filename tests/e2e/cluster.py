"""`factbot run` as a process against the fake Discord, its log read as it comes; several of
them for one bot in the shard cluster test and the cluster benchmark.

Each process gets its own folder and its own API URL name (`FakeDiscord.api_url_for`), so
that every REST request the fake records says which process sent it.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule for which shard gets a server's events."""
    return (guild_id >> 22) % shard_count


def add_servers(fake: FakeDiscord, count: int) -> dict[int, int]:
    """`count` servers with one channel each, their ids spread over the shards as real
    snowflakes are: guild id -> channel id."""
    servers: dict[int, int] = {}
    for number in range(count):
        guild_id = ((1_000_000 + number) << 22) | number
        channel_id = ((2_000_000 + number) << 22) | number
        fake.add_guild(guild_id, f"Server {number}", [channel_id])
        servers[guild_id] = channel_id
    return servers


class LogReader:
    """Collects a process's log lines (without colour codes) as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        self._stream = process.stderr
        self.lines: list[str] = []
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while line := await self._stream.readline():
            self.lines.append(ANSI.sub("", line.decode()))

    async def wait_for(self, text: str, within: float = 20) -> None:
        async def seen() -> None:
            while not any(text in line for line in self.lines):
                if self._task.done():
                    raise AssertionError(f"{text!r} never logged:\n{self.text}")
                await asyncio.sleep(0.05)

        await asyncio.wait_for(seen(), within)

    async def finish(self) -> str:
        await asyncio.wait_for(self._task, timeout=15)
        return self.text

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class BotProcess:
    """One `factbot run`, with its log lines collected as they come."""

    name: str
    shards: str
    process: asyncio.subprocess.Process
    logs: LogReader = field(init=False)

    def __post_init__(self) -> None:
        self.logs = LogReader(self.process)

    @property
    def log(self) -> str:
        return self.logs.text

    async def wait_for_log(self, text: str, within: float = 60) -> None:
        await self.logs.wait_for(text, within)

    async def stop(self) -> int:
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self._ended()

    async def kill(self) -> None:
        """SIGKILL: the process dies without closing anything."""
        if self.process.returncode is None:
            self.process.kill()
        await self._ended()

    async def _ended(self) -> int:
        status = await asyncio.wait_for(self.process.wait(), timeout=20)
        await self.logs.finish()
        return status


async def start_process(
    fake: FakeDiscord,
    folder: Path,
    name: str,
    database: str,
    shards: str | None = None,
    shard_count: int | None = None,
    **settings: str,
) -> BotProcess:
    """`factbot run [--shards S --shard-count N]` in `folder/name`, not yet waited for."""
    home = folder / name
    home.mkdir(parents=True, exist_ok=True)
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FACTBOT_")},
        # This checkout's code, whatever an editable install elsewhere points at.
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "DISCORD_TOKEN": fake.token,
        "FACTBOT_DISCORD_API_URL": fake.api_url_for(name),
        "FACTBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "FACTBOT_DATABASE": database,
        "FACTBOT_SYNC_STATE_FILE": str(home / "commands.json"),
        **{f"FACTBOT_{key.upper()}": value for key, value in settings.items()},
    }
    arguments = ["run"]
    if shards is not None:
        arguments += ["--shards", shards]
    if shard_count is not None:
        arguments += ["--shard-count", str(shard_count)]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        cwd=home,
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    return BotProcess(name, shards or "all", process)
