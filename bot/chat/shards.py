"""Which of the bot's shards this process runs: `factbot run --shards 0-3 --shard-count 8`.

A bot in many servers splits its gateway connection into shards; Discord sends each server's
events to shard `(guild_id >> 22) % shard_count`, and DMs to shard 0. Several processes, on
one machine or many, each run a range of the shards against one PostgreSQL database.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

_PART = re.compile(r"^(\d+)(?:-(\d+))?$")


class ShardPlanError(ValueError):
    """The shard settings contradict each other; the message says how."""


@dataclass(frozen=True)
class ShardPlan:
    """`ids` None: every shard of `count` (None: as many as Discord recommends)."""

    ids: tuple[int, ...] | None = None
    count: int | None = None

    @classmethod
    def parse(cls, shards: str | None, count: int | None) -> ShardPlan:
        """From the settings: `shards` like "0-3" or "0,2,4-5" (None: all of them)."""
        if count is not None and count < 1:
            raise ShardPlanError(f"the shard count must be at least 1, not {count}")
        if shards is None:
            return cls(None, count)
        if count is None:
            raise ShardPlanError(
                f"--shards {shards} needs --shard-count (FACTBOT_SHARD_COUNT): how many shards "
                "the whole bot runs, across all its processes"
            )
        ids = _shard_ids(shards)
        outside = [shard for shard in ids if shard >= count]
        if outside:
            raise ShardPlanError(
                f"shard {outside[0]} is outside 0-{count - 1} (the shard count is {count})"
            )
        return cls(ids, count)

    def client_options(self) -> dict[str, Any]:
        """discord.py's AutoShardedClient options (left out: discord.py's defaults)."""
        options: dict[str, Any] = {}
        if self.ids is not None:
            options["shard_ids"] = list(self.ids)
        if self.count is not None:
            options["shard_count"] = self.count
        return options

    @property
    def runs_every_shard(self) -> bool:
        return self.ids is None or len(self.ids) == self.count

    @property
    def holds_shard_zero(self) -> bool:
        """The process that gets DMs (Discord sends them on shard 0) and syncs commands."""
        return self.ids is None or 0 in self.ids

    def share(self, count: int) -> float:
        """This process's part of the bot, once the shard count is known."""
        return 1.0 if self.ids is None else len(self.ids) / count

    def describe(self, count: int) -> str:
        """For the log: which shards, and how many processes run the bot if each runs as
        many as this one."""
        ids = self.ids if self.ids is not None else tuple(range(count))
        processes = math.ceil(count / len(ids))
        expected = "this process alone" if processes == 1 else f"{processes} processes expected"
        return f"shard{'' if len(ids) == 1 else 's'} {_ranges(ids)} of {count} ({expected})"


def _shard_ids(text: str) -> tuple[int, ...]:
    ids: list[int] = []
    for part in text.replace(" ", "").split(","):
        match = _PART.match(part)
        if match is None:
            raise ShardPlanError(
                f"{text!r} is not a list of shards: write a range like 0-3, or 0,2,4-5"
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise ShardPlanError(f"the shard range {part} runs backwards")
        ids.extend(range(first, last + 1))
    if len(set(ids)) != len(ids):
        raise ShardPlanError(f"{text!r} names a shard twice")
    return tuple(sorted(ids))


def _ranges(ids: tuple[int, ...]) -> str:
    """0,1,2,5 -> "0-2, 5"."""
    parts: list[str] = []
    start = previous = ids[0]
    for shard in (*ids[1:], None):
        if shard is not None and shard == previous + 1:
            previous = shard
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if shard is not None:
            start = previous = shard
    return ", ".join(parts)
