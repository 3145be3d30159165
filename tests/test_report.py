"""The benchmark report runs and computes its quality figures (it never asserts a speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import discord_load, report
from benchmarks.report import BM25, best_threshold, judge, main
from tests.conftest import DevQuestion

QUESTIONS = [
    DevQuestion("when", ("release",)),
    DevQuestion("how far", ("range",)),
    DevQuestion("who", ("maker",)),
    DevQuestion("weather?", ()),
]


def test_judging_counts_right_wrong_and_declined() -> None:
    guesses = [
        (frozenset({"release"}), 90.0),
        (frozenset({"maker"}), 80.0),
        (frozenset({"maker"}), 40.0),
        (frozenset({"range"}), 60.0),
    ]
    everything = judge("m", guesses, QUESTIONS, threshold=0.0)
    assert (everything.correct, everything.wrong, everything.declined) == (2, 1, 0)
    assert everything.declined_right == 0
    # Net right answers by threshold: 40 -> 2-1-1 = 0, 60 -> -1, 80 -> 0, 90 -> 1, inf -> 0.
    best = best_threshold("m", guesses, QUESTIONS)
    assert best.threshold == 90.0
    assert (best.correct, best.wrong, best.declined_right) == (1, 0, 1)


def test_bm25_finds_the_sentence_that_shares_the_rare_words() -> None:
    index = BM25(["Toyota plans solid-state batteries.", "Panasonic owned a joint venture."])
    assert index.best("who had the joint venture")[0] == 1
    assert index.best("solid-state plans")[0] == 0


def test_the_report_runs_on_a_small_size(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, facts_folder: Path
) -> None:
    # The report reads the folder of shipped packs: the tests' copy, not the working facts/.
    monkeypatch.setattr(report, "SHIPPED_FACTS", facts_folder)
    main(["--sizes", "300", "--rounds", "1"])
    out = capsys.readouterr().out
    for name in ["FactBot", "extractOne", "token_set", "BM25"]:
        assert name in out
    assert "96.5%" in out  # FactBot's share of answerable questions answered correctly
    assert "     300" in out
    assert "Peak resident memory" in out


def test_the_discord_load_benchmark_runs_on_a_small_load(
    capsys: pytest.CaptureFixture[str],
) -> None:
    discord_load.main(["--questions", "20", "--users", "5", "--servers", "2", "--rate", "200"])
    out = capsys.readouterr().out
    assert "20 answered exactly once" in out
    assert "MB resident" in out
    assert "p99" in out
