"""Servers' knowledge as overlays at scale: memory with many customised servers, and how soon
a staff edit is answered, against rebuilding a server's whole engine (the way before).

Run: python -m benchmarks.overlays [--facts 100000] [--servers 1000]

Every server hides one fact and teaches one phrasing. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import copy
import gc
import statistics
import time
from collections.abc import Mapping, Sequence

from benchmarks.report import resident_mb
from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine
from bot.knowledge import Fact, Pack


def customised(
    packs: Sequence[Pack], hidden: frozenset[str], taught: Mapping[str, Sequence[str]]
) -> list[Pack]:
    """The shipped packs as one server saw them before overlays, to rebuild its engine from:
    hidden facts left out, taught phrasings added to their facts."""
    result = []
    for pack in packs:
        facts = [
            fact.model_copy(update={"phrasings": [*fact.phrasings, *taught.get(fact.id, [])]})
            for fact in pack.facts
            if fact.id not in hidden
        ]
        if facts:
            result.append(pack.model_copy(update={"facts": facts}))
    return result


def _ms(seconds: float) -> float:
    return seconds * 1000


def _answered_facts(shared: Engine, every: list[Fact], wanted: int) -> list[Fact]:
    """Facts the shared engine's lexical scorer answers their own question with, spread over
    the packs: a taught phrasing is matched by the lexical scorer, so it is checked against
    a fact that scorer answers at all (synthetic products share names at scale, so some
    don't; the fitted scorer answers some of those, but not with "(server N)" added)."""
    lexical = copy.copy(shared)
    lexical.scorer = "lexical"
    step = max(1, len(every) // wanted)
    found = [fact for fact in every[1::step] if lexical.ask(fact.question).fact_id == fact.id]
    return found[:wanted] or every[:1]


def run(facts: int, servers: int) -> dict[str, float]:
    packs = synthetic_packs(facts)
    shared = Engine(packs)
    every = shared.facts()
    # What any first question loads (spelling dictionaries, the overlays' lookups) counts
    # for one server too.
    shared.ask(every[0].question)
    shared.for_server(frozenset(), {}, None, None)
    gc.collect()
    alone = resident_mb()
    views: list[Engine] = []
    edits: list[float] = []
    taught_facts = _answered_facts(shared, every, servers)
    missed = 0
    for number in range(servers):
        hidden = every[(2 * number) % len(every)]
        taught = taught_facts[number % len(taught_facts)]
        phrasing = f"{taught.question} (server {number})"
        started = time.perf_counter()
        view = shared.for_server(frozenset({hidden.id}), {taught.id: [phrasing]}, None, None)
        answer = view.ask(phrasing)  # the staff edit, answered
        edits.append(time.perf_counter() - started)
        missed += answer.fact_id != taught.id
        views.append(view)
    gc.collect()
    customised_mb = resident_mb()
    # The way before: the server's engine rebuilt from its packs, in the same process.
    first = every[0]
    started = time.perf_counter()
    rebuilt = Engine(customised(packs, frozenset({first.id}), {every[1].id: ["taught"]}))
    rebuild_s = time.perf_counter() - started
    gc.collect()
    rebuilt_mb = resident_mb() - customised_mb
    del rebuilt
    figures = {
        "facts": facts,
        "servers": servers,
        "one_server_mb": alone,
        "customised_mb": customised_mb,
        "memory_ratio": customised_mb / alone,
        "edit_p50_ms": _ms(statistics.median(edits)),
        "edit_max_ms": _ms(max(edits)),
        "rebuild_ms": _ms(rebuild_s),
        "rebuilt_engine_mb": rebuilt_mb,
        "taught_missed": missed,
    }
    _print(figures)
    return figures


def _print(figures: dict[str, float]) -> None:
    print(f"Overlays at {figures['facts']:,.0f} facts, {figures['servers']:,.0f} servers")
    print(f"  resident memory, no server customised   {figures['one_server_mb']:9.1f} MB")
    print(f"  every server customised (overlays)      {figures['customised_mb']:9.1f} MB")
    print(f"  ratio                                   {figures['memory_ratio']:9.3f}x")
    print(f"  taught phrasings not answered with their fact {figures['taught_missed']:3.0f}")
    print(
        f"  staff edit -> answered, p50 / max       {figures['edit_p50_ms']:9.2f} ms "
        f"/ {figures['edit_max_ms']:.2f} ms"
    )
    print("  before overlays: one server's engine rebuilt")
    print(f"    time                                  {figures['rebuild_ms']:9.1f} ms")
    print(f"    memory, one server                    {figures['rebuilt_engine_mb']:9.1f} MB")
    ratio = figures["rebuild_ms"] / max(figures["edit_p50_ms"], 1e-9)
    print(f"  rebuild / overlay edit                  {ratio:9.0f}x")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--servers", type=int, default=1000)
    args = parser.parse_args(argv)
    run(args.facts, args.servers)


if __name__ == "__main__":
    main()
