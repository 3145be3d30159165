"""The pages of the fact list, as data: every fact once, under its subject, a few a page.

Made once per engine (a server's engine changes only when its knowledge does), not on every
click of a page button.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine import Engine
from bot.knowledge import Fact, Pack

PER_PAGE = 8


@dataclass(frozen=True)
class FactPage:
    """One page of the fact list: a subject and some of its facts."""

    subject: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ListedPage:
    """The page asked for, its 1-based number and how many pages there are."""

    page: FactPage
    number: int
    total: int


NO_FACTS = FactPage("No facts yet", ())

_pages: weakref.WeakKeyDictionary[Engine, list[FactPage]] = weakref.WeakKeyDictionary()


def fact_pages(
    listed: Sequence[tuple[Pack, Sequence[Fact]]], per_page: int = PER_PAGE
) -> list[FactPage]:
    """Every fact once, grouped under its first subject (in the pack's order), paged; each
    pack with its facts as a server has them."""
    pages: list[FactPage] = []
    for pack, facts_of_pack in listed:
        groups: dict[str, list[Fact]] = {key: [] for key in pack.subjects}
        groups["other"] = []
        for fact in facts_of_pack:
            groups[fact.subjects[0] if fact.subjects else "other"].append(fact)
        for key, facts in groups.items():
            name = pack.subjects[key].name if key in pack.subjects else "Other facts"
            for start in range(0, len(facts), per_page):
                pages.append(FactPage(name, tuple(facts[start : start + per_page])))
    return pages


def page_of(engine: Engine, page: int) -> ListedPage:
    """Page `page` (0-based, clamped to the pages there are) of the engine's fact list."""
    pages = _pages.get(engine)
    if pages is None:
        listed = [(pack, engine.facts_of(pack.id)) for pack in engine.packs]
        pages = _pages[engine] = fact_pages(listed) or [NO_FACTS]
    total = len(pages)
    page = min(max(page, 0), total - 1)
    return ListedPage(pages[page], page + 1, total)
