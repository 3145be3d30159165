"""The engine and the knowledge packages stay pure: no Discord, no database."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_neither_discord_nor_aiosqlite() -> None:
    probe = (
        "import sys, bot.engine, bot.knowledge, bot.engine.engine, bot.engine.match; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('discord', 'aiosqlite')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
