"""Building the shared engine from pack folders: at start, and again on a reload."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.engine import Engine, nearest, semantic
from bot.engine.index import exempt_from_collection
from bot.knowledge import load_packs


def load_engine(paths: Sequence[Path], like: Engine | None = None) -> Engine:
    """An engine over the packs in `paths`, tuned as `like` is (default: as shipped).
    PackError lists every problem of a broken pack, and nothing is built."""
    packs = load_packs(paths)
    if like is None:
        engine = Engine(packs)
    else:
        engine = Engine(packs, like.thresholds, like.weights, like.scorer, like.model)
    if engine.model is not None:
        semantic.load()  # at start, not in the first question the lexical scorer declines
        nearest.warm(engine.index)
    # The engine serves for the process's life (or until the next reload).
    exempt_from_collection()
    return engine
