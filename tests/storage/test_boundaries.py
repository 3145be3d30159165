"""All SQL lives in `bot.storage`: no other module of the bot imports a SQLite driver or holds
a statement."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot

BOT = Path(bot.__file__).parent
STORAGE = BOT / "storage"
DRIVERS = {"sqlite3", "aiosqlite"}
STATEMENT = re.compile(
    r"\b(SELECT .+ FROM|INSERT (OR \w+ )?INTO|DELETE FROM|UPDATE \w+ SET|PRAGMA)\b"
)


def _outside_storage() -> list[Path]:
    return [path for path in sorted(BOT.rglob("*.py")) if STORAGE not in path.parents]


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_storage_imports_a_sqlite_driver() -> None:
    modules = _outside_storage()
    assert len(modules) > 20  # the scan sees the bot
    bad = {
        str(path.relative_to(BOT)): _imports(ast.parse(path.read_text("utf-8"))) & DRIVERS
        for path in modules
    }
    assert {path: names for path, names in bad.items() if names} == {}


def _statements(path: Path) -> list[int]:
    """The lines of the module's strings that hold a SQL statement."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and STATEMENT.search(node.value)
    ]


def test_no_module_outside_storage_holds_a_sql_statement() -> None:
    found = [
        f"{path.relative_to(BOT)}:{line}"
        for path in _outside_storage()
        for line in _statements(path)
    ]
    assert found == []


def test_the_scan_finds_the_statements_in_storage() -> None:
    """The pattern matches the statements storage runs (so the test above can fail)."""
    holding = {path.name for path in STORAGE.glob("*.py") if _statements(path)}
    assert {"staff_facts.py", "questions.py", "votes.py", "settings.py"} <= holding
