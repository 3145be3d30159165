"""Finding a fact by its question's exact text (a question picked from autocomplete comes
back as its text). One table per index, shared by every server's view of it: a server's view
looks in its overlay's small table, then in the shared one, and skips what it does not serve.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from bot.engine.index import FactIndex

# Index -> the key its table was made with -> question key -> fact ids (in index order).
_tables: weakref.WeakKeyDictionary[FactIndex, dict[Callable[[str], str], dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def facts_asked_as(index: FactIndex, wanted: str, key: Callable[[str], str]) -> list[str]:
    """The ids of the index's facts whose question, read through `key`, is `wanted`."""
    by_key = _tables.setdefault(index, {})
    table = by_key.get(key)
    if table is None:
        table = {}
        for entry in index.facts:
            table.setdefault(key(entry.fact.question), []).append(entry.fact.id)
        by_key[key] = table
    return table.get(wanted, [])


def first_asked_as(
    indexes: list[FactIndex],
    wanted: str,
    key: Callable[[str], str],
    serves: Callable[[str], bool],
) -> str | None:
    """The first served fact (`serves`), index by index, whose question read through `key`
    is `wanted`; None when no served one is."""
    for index in indexes:
        for fact_id in facts_asked_as(index, wanted, key):
            if serves(fact_id):
                return fact_id
    return None
