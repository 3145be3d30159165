"""The event loop's lag while questions and autocompletes arrive through the fake Discord,
at scale, with engine work in worker threads (as shipped) and on the loop (the way before).

Run: python -m benchmarks.loop_lag [--facts 100000] [--requests 1000] [--rate 50]

FactBot runs in this process with the real discord.py client against the fake Discord of
the end-to-end tests, over the shipped pack and synthetic packs. Members mention the bot with
questions and type into `/ask`, half each, at a steady rate. A ticker on the loop wakes every
10 ms and records how late it woke: what a heartbeat or another member's message waits.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.synthetic import synthetic_packs
from bot.chat.client import FactBot
from bot.chat.endpoints import use_discord_at
from bot.config import SHIPPED_FACTS, Settings
from bot.engine import Engine
from bot.knowledge import load_packs
from bot.service import offload
from bot.storage import Database
from tests.e2e.fake_discord import FakeDiscord

GUILD, CHANNEL = 81_000_000_000_000_001, 82_000_000_000_000_001
MEMBERS = 200
TICK = 0.010


async def _ticker(lags: list[float], running: asyncio.Event) -> None:
    while running.is_set():
        started = time.perf_counter()
        await asyncio.sleep(TICK)
        lags.append(max(0.0, time.perf_counter() - started - TICK))


async def _load(engine: Engine, requests: int, rate: float, folder: Path) -> dict[str, float]:
    """One run: the lag of the loop and the replies' latency."""
    async with FakeDiscord(spec_path=None, heartbeat_interval_ms=5000) as fake:
        fake.add_guild(GUILD, "Bench", [CHANNEL])
        settings = Settings(
            _env_file=None,
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
            sync_state_file=folder / "commands.json",
            database=folder / f"factbot-{time.monotonic_ns()}.db",
            cooldown_questions=100,
            cooldown_seconds=1,
        )
        use_discord_at(settings)
        async with await Database.open(settings.database) as database:
            bot = FactBot(settings, engine, database)
            task = asyncio.create_task(bot.start(fake.token))
            await fake.wait_for_ready(timeout=60)
            await bot.wait_until_ready()
            questions = [
                fact.question for fact in engine.facts()[:: max(1, engine.fact_count // 97)]
            ]
            lags: list[float] = []
            running = asyncio.Event()
            running.set()
            ticker = asyncio.create_task(_ticker(lags, running))
            since = fake.mark()
            started = time.perf_counter()
            for number in range(requests):
                question = questions[number % len(questions)]
                member = 83_000_000_000_000_000 + number % MEMBERS
                if number % 2:
                    typed = question[: max(5, len(question) * 2 // 3)]
                    option = {"name": "question", "type": 3, "value": typed, "focused": True}
                    await fake.autocomplete(
                        "ask", [option], user_id=member, guild_id=GUILD, channel_id=CHANNEL
                    )
                else:
                    await fake.user_message(
                        f"<@{fake.BOT_USER_ID}> {question}",
                        author_id=member,
                        channel_id=CHANNEL,
                        guild_id=GUILD,
                        mention_bot=True,
                    )
                await asyncio.sleep(max(0.0, started + (number + 1) / rate - time.perf_counter()))

            def answered() -> int:
                return sum(r.method == "POST" for r in fake.requests[since:])

            await fake.wait_until(lambda: answered() >= requests, timeout=120, what="replies")
            running.clear()
            await ticker
            refused = sum(r.method == "POST" and r.status >= 300 for r in fake.requests[since:])
            await bot.close()
            await task
    ordered = sorted(lags)
    return {
        "lag_p50_ms": statistics.median(ordered) * 1000,
        "lag_p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000,
        "lag_max_ms": ordered[-1] * 1000,
        "seconds": time.perf_counter() - started,
        "refused": refused,
    }


def run(facts: int, requests: int, rate: float) -> dict[str, dict[str, float]]:
    logging.getLogger("discord").setLevel(logging.WARNING)
    engine = Engine([*load_packs([SHIPPED_FACTS]), *synthetic_packs(facts)])
    # What the first question and keystroke load (spelling dictionaries, the word
    # beginnings) is loaded before measuring, as in a bot that has been up a while.
    engine.ask(engine.facts()[0].question)
    engine.complete("when is")
    results: dict[str, dict[str, float]] = {}
    shipped_threshold = offload.OFF_LOOP_FACTS
    with tempfile.TemporaryDirectory() as folder:
        for name, threshold in (
            ("worker threads (shipped)", shipped_threshold),
            ("on the loop", 10**12),
        ):
            offload.OFF_LOOP_FACTS = threshold
            try:
                results[name] = asyncio.run(_load(engine, requests, rate, Path(folder)))
            finally:
                offload.OFF_LOOP_FACTS = shipped_threshold
    print(
        f"Event-loop lag at {engine.fact_count:,} facts: {requests} questions and "
        f"autocompletes at {rate:g}/s"
    )
    print(f"  {'':<26}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'took s':>9}{'refused':>9}")
    for name, figures in results.items():
        print(
            f"  {name:<26}{figures['lag_p50_ms']:9.2f}{figures['lag_p99_ms']:9.2f}"
            f"{figures['lag_max_ms']:9.1f}{figures['seconds']:9.1f}{figures['refused']:9.0f}"
        )
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0)
    args = parser.parse_args(argv)
    run(args.facts, args.requests, args.rate)


if __name__ == "__main__":
    main()
