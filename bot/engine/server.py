"""A server's view of a shared engine, built from what the server changed.

So callers outside the engine build a server's engine through the engine's API, without
reaching into the shared index an overlay is made from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.engine.engine import Engine
from bot.engine.overlay import build_overlay
from bot.knowledge import Pack


def server_engine(
    shared: Engine,
    hidden: frozenset[str],
    taught: Mapping[str, Sequence[str]],
    own: Pack | None,
    served: frozenset[str] | None,
) -> Engine:
    """`shared` as a server sees it that hides `hidden`, taught `taught` (more phrasings by
    fact id), added the facts of `own` and serves the shipped packs `served` (None: all)."""
    return shared.with_overlay(build_overlay(shared.index, hidden, taught, own, served))
