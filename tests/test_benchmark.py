"""The benchmark runs and prints its figures (it measures; it never asserts a speed)."""

from __future__ import annotations

import pytest

from benchmarks.engine_speed import run


def test_benchmark_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    timings = run(rounds=1)
    out = capsys.readouterr().out
    assert "index build" in out
    assert "p99 us" in out
    assert "factbot / baseline" in out
    assert next(t.name for t in timings) == "factbot"
    assert all(len(t.per_question_us) > 200 for t in timings)
