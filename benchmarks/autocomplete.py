"""Autocomplete at scale: how long `/ask`'s suggestions take per keystroke, against matching
every phrasing (the way before), in the same process.

Run: python -m benchmarks.autocomplete [--facts 10000 100000]

Each sampled question is typed letter by letter from its fifth character (some with a typo),
as Discord sends autocomplete requests. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence

from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine
from bot.engine.complete import Completer
from bot.engine.index import exempt_from_collection

SAMPLED_QUESTIONS = 40


def _typed(question: str, rng: random.Random) -> list[str]:
    """What autocomplete receives while the question is typed, perhaps with a slip."""
    if rng.random() < 0.3 and len(question) > 8:
        at = rng.randrange(4, len(question) - 1)
        question = question[:at] + question[at + 1] + question[at] + question[at + 2 :]
    return [question[:end] for end in range(5, len(question) + 1, 3)]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(facts: int, seed: int = 11) -> dict[str, float]:
    engine = Engine(synthetic_packs(facts))
    exempt_from_collection()  # as `factbot run` does once its engine is built
    # The first request loads word lists the engine reads lazily: paid once a process.
    engine.complete("warming up")
    rng = random.Random(seed)
    every = engine.facts()
    inputs = [t for f in rng.sample(every, SAMPLED_QUESTIONS) for t in _typed(f.question, rng)]
    shortlisted = engine._completer
    full = Completer(engine.index, full_scan=10**9)
    timings: dict[str, list[float]] = {"shortlist": [], "every phrasing": []}
    firsts: dict[str, list[list[str]]] = {"shortlist": [], "every phrasing": []}
    # One pass each, as keystrokes arrive: interleaving a third-of-a-second full scan
    # between keystrokes would time the shortlist behind the scan's garbage, which the
    # product never makes.
    for name, completer in (("shortlist", shortlisted), ("every phrasing", full)):
        engine._completer = completer
        for text in inputs:
            started = time.perf_counter()
            found = [s.fact_id for s in engine.complete(text)]
            timings[name].append((time.perf_counter() - started) * 1000)
            firsts[name].append(found[:1])
    agree = sum(a == b for a, b in zip(firsts["shortlist"], firsts["every phrasing"], strict=True))
    engine._completer = shortlisted
    figures = {
        "facts": facts,
        "inputs": len(inputs),
        "p50_ms": statistics.median(timings["shortlist"]),
        "p99_ms": _percentile(timings["shortlist"], 0.99),
        "baseline_p50_ms": statistics.median(timings["every phrasing"]),
        "baseline_p99_ms": _percentile(timings["every phrasing"], 0.99),
        "same_first": agree / len(inputs),
    }
    print(f"Autocomplete at {facts:,} facts ({len(inputs)} keystrokes)")
    print(f"  {'':<22}{'p50 ms':>9}{'p99 ms':>9}")
    print(f"  {'shortlist (shipped)':<22}{figures['p50_ms']:9.2f}{figures['p99_ms']:9.2f}")
    base_p50, base_p99 = figures["baseline_p50_ms"], figures["baseline_p99_ms"]
    print(f"  {'every phrasing':<22}{base_p50:9.2f}{base_p99:9.2f}")
    print(f"  baseline / shortlist p50 {base_p50 / figures['p50_ms']:.1f}x")
    print(f"  same first suggestion as matching every phrasing: {figures['same_first']:.1%}")
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    for facts in args.facts:
        run(facts)


if __name__ == "__main__":
    main()
