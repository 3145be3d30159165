"""How fast the engine answers on the shipped pack, beside a plain fuzzy matcher.

Run: python -m benchmarks.engine_speed [--rounds N]

Prints the index build time and the time per question (mean, p50, p99) for FactBot and for
rapidfuzz `extractOne` over every phrasing of every fact, run on the same questions in the
same process, and the ratio between them. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.config import SHIPPED_FACTS
from bot.engine import Engine
from bot.knowledge import load_packs
from tests.conftest import load_dev_questions


@dataclass(frozen=True)
class Timing:
    name: str
    per_question_us: list[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.per_question_us)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.per_question_us)


def time_each(
    name: str, answer: Callable[[str], object], questions: Sequence[str], rounds: int
) -> Timing:
    """Microseconds per question, over `rounds` passes through the questions."""
    for question in questions:  # warm caches, as a running bot would have
        answer(question)
    samples: list[float] = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter_ns()
            answer(question)
            samples.append((time.perf_counter_ns() - start) / 1000)
    return Timing(name, samples)


def run(rounds: int) -> list[Timing]:
    packs = load_packs([SHIPPED_FACTS])
    start = time.perf_counter()
    engine = Engine(packs)
    build_ms = (time.perf_counter() - start) * 1000
    questions = [item.question for item in load_dev_questions()]
    phrasings = [text for pack in packs for fact in pack.facts for text in fact.all_questions]

    def fuzzy_baseline(question: str) -> object:
        return process.extractOne(question, phrasings, scorer=fuzz.token_set_ratio)

    timings = [
        time_each("factbot", engine.ask, questions, rounds),
        time_each("rapidfuzz extractOne (baseline)", fuzzy_baseline, questions, rounds),
    ]
    print(
        f"pack: {engine.fact_count} facts, {len(phrasings)} phrasings; "
        f"{len(questions)} questions x {rounds} rounds"
    )
    print(f"index build: {build_ms:.1f} ms")
    print(f"{'matcher':<34}{'mean us':>10}{'p50 us':>10}{'p99 us':>10}")
    for timing in timings:
        print(
            f"{timing.name:<34}{timing.mean:>10.1f}{timing.percentile(0.5):>10.1f}"
            f"{timing.percentile(0.99):>10.1f}"
        )
    ours, baseline = timings
    print(f"factbot / baseline (p50): {ours.percentile(0.5) / baseline.percentile(0.5):.2f}x")
    return timings


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="passes through the questions")
    run(parser.parse_args(argv).rounds)


if __name__ == "__main__":
    main()
