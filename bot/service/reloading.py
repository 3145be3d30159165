"""Building the shared engine from pack folders: at start, and again on a reload."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.engine import Engine
from bot.engine.index import exempt_from_collection
from bot.knowledge import load_packs


def load_engine(paths: Sequence[Path], like: Engine | None = None) -> Engine:
    """An engine over the packs in `paths`, tuned as `like` is (default: as shipped).
    PackError lists every problem of a broken pack, and nothing is built."""
    packs = load_packs(paths)
    engine = Engine(packs) if like is None else Engine(packs, like.thresholds, like.weights)
    # The engine serves for the process's life (or until the next reload).
    exempt_from_collection()
    return engine
