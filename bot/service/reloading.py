"""Building the shared engine from pack folders: at start, and again on a reload."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.engine import Engine
from bot.knowledge import load_packs


def load_engine(paths: Sequence[Path], like: Engine | None = None) -> Engine:
    """An engine over the packs in `paths`, tuned as `like` is (default: as shipped).
    PackError lists every problem of a broken pack, and nothing is built."""
    packs = load_packs(paths)
    if like is None:
        return Engine(packs)
    return Engine(packs, like.thresholds, like.weights)
