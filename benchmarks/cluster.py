"""One process against two, and SQLite against PostgreSQL, through the fake Discord.

Run: python -m benchmarks.cluster [--questions 2000] [--rate 400] [--servers 200]

Starts the fake Discord of the end-to-end tests with 200 servers over 4 shards, and the real
`factbot run` against it in each set-up: one process running all 4 shards on a SQLite file,
the same on PostgreSQL, and two processes running 2 shards each on PostgreSQL (a throw-away
server, as the tests start, unless --postgres names one). Members mention the bot with
development-set questions at a steady rate; printed for each set-up: questions answered
exactly once, answers a second, and the time from the gateway event to the reply request
(p50, p99), both after the first tenth of the questions (the warm-up), and the CPU time
each question cost the bots and the fake. The REST budget is lifted (Discord's 50 requests
a second would cap every set-up alike). Figures only, no assertions; the set-ups run one
after the other on the same machine, so their ratios compare.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from benchmarks.discord_load import collect_replies
from tests.conftest import load_dev_questions
from tests.e2e.cluster import BotProcess, add_servers, start_process
from tests.e2e.fake_discord import FakeDiscord
from tests.postgres_server import ThrowAwayServer, database_url

SHARDS = 4
SETTINGS = {
    "rest_requests_per_second": "10000",
    "identify_interval": "0.2",
    "cooldown_questions": "100",
    "cooldown_seconds": "1",
}


@dataclass(frozen=True)
class Result:
    name: str
    once: int
    asked: int
    per_second: float
    p50_ms: float
    p99_ms: float
    bot_cpu_ms: float  # the bot processes' CPU time per question, all of them together
    fake_cpu_ms: float  # the fake Discord's (this process's)


async def measure(
    name: str, shard_ranges: list[str], database: str, questions: int, rate: float, servers: int
) -> Result:
    texts = [item.question for item in load_dev_questions()]
    fake = FakeDiscord()
    fake.recommended_shards = SHARDS
    channels = add_servers(fake, servers)
    guilds = list(channels)
    with tempfile.TemporaryDirectory() as folder:
        async with fake:
            processes: list[BotProcess] = []
            for number, shards in enumerate(shard_ranges):
                processes.append(
                    await start_process(
                        fake, Path(folder), f"p{number}", database, shards, SHARDS, **SETTINGS
                    )
                )
            try:
                for process in processes:
                    await process.wait_for_log("FactBot ready as", within=120)
                sent: dict[str, float] = {}
                replied: dict[str, float] = {}
                counts: Counter[str] = Counter()
                collector = asyncio.create_task(collect_replies(fake, questions, replied, counts))
                bot_cpu = sum(_cpu_seconds(p.process.pid) for p in processes)
                fake_cpu = time.process_time()
                started = time.perf_counter()
                for number in range(questions):
                    guild_id = guilds[number % len(guilds)]
                    message = await fake.user_message(
                        f"<@{fake.BOT_USER_ID}> {texts[number % len(texts)]}",
                        author_id=70_000 + number % 500,
                        channel_id=channels[guild_id],
                        guild_id=guild_id,
                        mention_bot=True,
                    )
                    sent[message["id"]] = time.perf_counter()
                    await asyncio.sleep(
                        max(0.0, started + (number + 1) / rate - time.perf_counter())
                    )
                await asyncio.wait_for(collector, timeout=300)
                bot_cpu = sum(_cpu_seconds(p.process.pid) for p in processes) - bot_cpu
                fake_cpu = time.process_time() - fake_cpu
            finally:
                for process in processes:
                    await process.stop()
    # The first tenth warms the processes up (first answers, connections to the database).
    measured = list(sent)[questions // 10 :]
    latencies = sorted((replied[key] - sent[key]) * 1000 for key in measured if key in replied)
    elapsed = max(replied[key] for key in measured if key in replied) - sent[measured[0]]
    return Result(
        name,
        sum(counts[key] == 1 for key in sent),
        questions,
        len(latencies) / elapsed,
        statistics.median(latencies),
        latencies[int(0.99 * (len(latencies) - 1))],
        1000 * bot_cpu / questions,
        1000 * fake_cpu / questions,
    )


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(questions: int, rate: float, servers: int, postgres: str | None) -> None:
    server = None
    if postgres is None:
        server = ThrowAwayServer()
        postgres = server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            setups = [
                ("1 process, 4 shards, SQLite", ["0-3"], str(Path(folder) / "factbot.db")),
                ("1 process, 4 shards, PostgreSQL", ["0-3"], await _fresh(postgres, "one")),
                (
                    "2 processes, 2 shards each, PostgreSQL",
                    ["0-1", "2-3"],
                    await _fresh(postgres, "two"),
                ),
            ]
            results = [
                await measure(name, ranges, database, questions, rate, servers)
                for name, ranges, database in setups
            ]
    finally:
        if server is not None:
            server.stop()
    baseline = results[0]
    print(f"{questions} questions over {servers} servers at {rate:.0f}/s, through the fake Discord")
    for result in results:
        print(
            f"{result.name:<40} {result.once}/{result.asked} answered once; "
            f"{result.per_second:.0f} answers/s ({result.per_second / baseline.per_second:.2f}x); "
            f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms "
            f"({result.p99_ms / baseline.p99_ms:.2f}x); CPU a question: bots "
            f"{result.bot_cpu_ms:.1f} ms, fake Discord {result.fake_cpu_ms:.1f} ms"
        )
    print(f"(this machine has {os.cpu_count()} cores, shared by the bots, PostgreSQL and the fake)")


async def _fresh(server: str, name: str) -> str:
    """A new database on the server for one set-up."""
    admin = await asyncpg.connect(server)
    try:
        database = f"factbot_bench_{name}_{int(time.time())}"
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    return database_url(server, database)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=400, help="questions a second")
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: a throw-away one)")
    args = parser.parse_args(argv)
    asyncio.run(run(args.questions, args.rate, args.servers, args.postgres))


if __name__ == "__main__":
    main()
