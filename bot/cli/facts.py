"""`factbot facts check` and `factbot facts list`."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.knowledge import PackError, load_packs


def check(paths: list[Path]) -> int:
    """Validate packs; print every problem and exit 1 when there is one."""
    try:
        packs = load_packs(paths)
    except PackError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    for pack in packs:
        quotes = sum(len(fact.sources) for fact in pack.facts)
        print(f"ok: {pack.file} ({pack.id}): {len(pack.facts)} facts, {quotes} quotes verified")
    return 0


def list_facts(paths: list[Path]) -> int:
    """Print every fact: id, kind, canonical question and answer."""
    try:
        packs = load_packs(paths)
    except PackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for pack in packs:
        print(f"{pack.pack.title} [{pack.id}], {len(pack.facts)} facts")
        for fact in pack.facts:
            print(f"  {fact.id} ({fact.kind})")
            print(f"      Q: {fact.question}")
            print(f"      A: {fact.answer}")
    return 0
