"""The real `factbot run` under load through the fake Discord: memory and reply latency.

Run: python -m benchmarks.discord_load [--questions 1000] [--users 100] [--servers 10]

Starts the fake Discord of the end-to-end tests on loopback and `factbot run` against it as a
separate process (the shipped pack, a fresh database), then has members mention the bot
with development-set questions at a steady pace. Prints the bot process's resident memory
once logged in and after the load, whether every question got exactly one reply, and the
time from the gateway event to the reply request (p50, p99). Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import load_dev_questions
from tests.e2e.fake_discord import FakeDiscord

REPLY = r"/channels/\d+/messages"


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


async def start_bot(fake: FakeDiscord, folder: Path) -> asyncio.subprocess.Process:
    environment = {
        **os.environ,
        "DISCORD_TOKEN": fake.token,
        "FACTBOT_DISCORD_API_URL": fake.api_url,
        "FACTBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "FACTBOT_DATABASE": str(folder / "factbot.db"),
        "FACTBOT_SYNC_STATE_FILE": str(folder / "commands.json"),
        # The load is many questions from each member: lift the per-member cooldown.
        "FACTBOT_COOLDOWN_QUESTIONS": "100",
        "FACTBOT_COOLDOWN_SECONDS": "1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=environment,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    while line := await asyncio.wait_for(process.stderr.readline(), timeout=60):
        if b"FactBot ready as" in line:
            return process
    raise RuntimeError("factbot run stopped before it was ready")


async def collect_replies(
    fake: FakeDiscord, questions: int, replied: dict[str, float], counts: Counter[str]
) -> None:
    """Until `questions` questions got a reply: when each first did (`replied`, by the
    question's message id), and how many replies each got (`counts`)."""
    since = fake.mark()
    while len(replied) < questions:
        request = await fake.wait_for_request("POST", REPLY, since=since, timeout=120)
        since = fake.requests.index(request, since) + 1
        asked = str(request.json["message_reference"]["message_id"])
        counts[asked] += 1
        replied.setdefault(asked, time.perf_counter())


async def load(questions: int, users: int, servers: int, rate: float) -> None:
    texts = [item.question for item in load_dev_questions()]
    fake = FakeDiscord()
    channels = {server: 90_000 + server for server in range(servers)}
    for server, channel in channels.items():
        fake.add_guild(80_000 + server, f"Server {server}", [channel])
    with tempfile.TemporaryDirectory() as folder:
        async with fake:
            process = await start_bot(fake, Path(folder))
            try:
                idle = resident_mb(process.pid)
                sent: dict[str, float] = {}
                replied: dict[str, float] = {}
                counts: Counter[str] = Counter()
                collector = asyncio.create_task(collect_replies(fake, questions, replied, counts))
                warm_up = max(1, questions // 5)  # memory is compared after the first fifth
                warmed = idle
                started = time.perf_counter()
                for number in range(questions):
                    user = number % users
                    server = user % servers
                    message = await fake.user_message(
                        f"<@{fake.BOT_USER_ID}> {texts[number % len(texts)]}",
                        author_id=70_000 + user,
                        channel_id=channels[server],
                        guild_id=80_000 + server,
                        mention_bot=True,
                    )
                    sent[message["id"]] = time.perf_counter()
                    if number + 1 == warm_up:
                        warmed = resident_mb(process.pid)
                    await asyncio.sleep(
                        max(0.0, started + (number + 1) / rate - time.perf_counter())
                    )
                await asyncio.wait_for(collector, timeout=120)
                loaded = resident_mb(process.pid)
            finally:
                process.terminate()
                await process.wait()
    latencies = sorted((replied[key] - sent[key]) * 1000 for key in sent if key in replied)
    once = sum(counts[key] == 1 for key in sent)
    growth = 100 * (loaded - warmed) / warmed
    print(
        f"factbot run, shipped pack, logged in: {idle:.0f} MB resident; after {warm_up} "
        f"questions (warm-up): {warmed:.0f} MB; after {questions}: {loaded:.0f} MB "
        f"({growth:+.1f}% since warm-up)"
    )
    print(
        f"{questions} questions from {users} members in {servers} servers at {rate:.0f}/s: "
        f"{once} answered exactly once"
    )
    print(
        f"gateway event -> reply request: p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {latencies[int(0.99 * (len(latencies) - 1))]:.1f} ms"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--servers", type=int, default=10)
    parser.add_argument("--rate", type=float, default=100, help="questions a second")
    args = parser.parse_args(argv)
    asyncio.run(load(args.questions, args.users, args.servers, args.rate))


if __name__ == "__main__":
    main()
