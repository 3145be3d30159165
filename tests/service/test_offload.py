"""Engine work leaves the event loop once the index is big, and stays on it while small."""

from __future__ import annotations

import threading

import pytest

from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine
from bot.service import offload


def _thread_name() -> str:
    return threading.current_thread().name


async def test_a_small_engine_works_on_the_loop(engine: Engine) -> None:
    assert await offload.run(engine, _thread_name) == threading.current_thread().name


async def test_a_big_engine_works_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    big = Engine(synthetic_packs(1200))
    monkeypatch.setattr(offload, "OFF_LOOP_FACTS", 1000)
    assert await offload.run(big, _thread_name) != threading.current_thread().name
    question = big.facts()[0].question
    answer = await offload.run(big, big.ask, question)
    assert answer.fact_id == big.facts()[0].id


async def test_a_server_serving_little_of_a_big_index_works_in_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packs = synthetic_packs(1200, facts_per_pack=600)
    big = Engine(packs)
    served = frozenset({packs[-1].id})
    view = big.for_server(frozenset(), {}, None, served)
    monkeypatch.setattr(offload, "OFF_LOOP_FACTS", 1000)
    assert view.fact_count < 1000 <= view.indexed_facts
    assert await offload.run(view, _thread_name) != threading.current_thread().name
