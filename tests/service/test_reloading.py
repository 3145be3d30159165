"""Building the served engine: the shipped scorer, its embedding read before any question."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine, semantic
from bot.service.reloading import load_engine


def test_the_served_engine_reads_its_embedding_at_build(facts_folder: Path) -> None:
    semantic._embedding.cache_clear()
    engine = load_engine([facts_folder])
    assert engine.scorer == "combined"
    assert engine.model is not None
    assert semantic._embedding.cache_info().currsize == 1
    # Built like the last engine (a reload) keeps its scorer and model too.
    lexical = load_engine([facts_folder], like=Engine(engine.packs, scorer="lexical"))
    assert lexical.scorer == "lexical"
    assert lexical.model is None
    again = load_engine([facts_folder], like=engine)
    assert again.model is engine.model
