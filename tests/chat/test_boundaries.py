"""The Discord layer reaches the database only through the service: a cog or view that read
`bot.database` would put business logic back where only Discord's concerns belong."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.chat

CHAT = Path(bot.chat.__file__).parent


def database_reads(source: str) -> list[int]:
    """The lines that read a `.database` attribute (assigning one, as the client does with
    the database it is given, is allowed)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr == "database"
        and isinstance(node.ctx, ast.Load)
    ]


def test_the_scan_sees_a_database_read_and_allows_the_constructor() -> None:
    source = "self.database = database\nasync def f(bot):\n    await bot.database.vote(1)\n"
    assert database_reads(source) == [3]
    assert database_reads("x = self.bot.database\n") == [1]


def test_no_module_of_the_discord_layer_reads_the_database() -> None:
    modules = sorted(CHAT.rglob("*.py"))
    assert len(modules) > 10
    found = {
        str(path.relative_to(CHAT)): lines
        for path in modules
        if (lines := database_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    for path in modules:
        assert ".database." not in path.read_text(encoding="utf-8"), path
