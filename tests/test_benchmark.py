"""The benchmark runs and prints its figures (it measures; it never asserts a speed)."""

from __future__ import annotations

from pathlib import Path

import discord.gateway
import discord.http
import pytest

from benchmarks import autocomplete, engine_speed, loop_lag, overlays
from benchmarks.engine_speed import run


def test_benchmark_prints_figures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, facts_folder: Path
) -> None:
    # The benchmark reads the folder of shipped packs: the tests' copy, not the working facts/.
    monkeypatch.setattr(engine_speed, "SHIPPED_FACTS", facts_folder)
    timings = run(rounds=1)
    out = capsys.readouterr().out
    assert "index build" in out
    assert "p99 us" in out
    assert "factbot / baseline" in out
    assert next(t.name for t in timings) == "factbot"
    assert all(len(t.per_question_us) > 200 for t in timings)


def test_overlay_benchmark_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    figures = overlays.run(facts=600, servers=20)
    out = capsys.readouterr().out
    assert "staff edit -> answered" in out
    assert "rebuild / overlay edit" in out
    assert figures["taught_missed"] == 0  # every server's taught phrasing answers
    assert figures["servers"] == 20
    assert figures["memory_ratio"] > 0


def test_autocomplete_benchmark_prints_figures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small enough to be quick, big enough that the shortlist is used (FULL_SCAN phrasings).
    monkeypatch.setattr(autocomplete, "SAMPLED_QUESTIONS", 5)
    figures = autocomplete.run(facts=1000)
    out = capsys.readouterr().out
    assert "every phrasing" in out
    assert "same first suggestion" in out
    assert figures["inputs"] > 5
    assert 0 <= figures["same_first"] <= 1


def test_loop_lag_benchmark_prints_figures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark points discord.py at its fake Discord: undone after the test.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)
    results = loop_lag.run(facts=300, requests=20, rate=200)
    out = capsys.readouterr().out
    assert "Event-loop lag" in out
    assert set(results) == {"worker threads (shipped)", "on the loop"}
    assert all(figures["lag_max_ms"] >= figures["lag_p50_ms"] for figures in results.values())
