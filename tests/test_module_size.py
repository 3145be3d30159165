"""Small modules with one job: no production module is over 400 lines."""

from __future__ import annotations

from pathlib import Path

import bot

MOST_LINES = 400


def test_no_production_module_is_over_400_lines() -> None:
    package = Path(bot.__file__).parent
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 50  # the whole package was found
    too_long = {
        str(module.relative_to(package)): lines
        for module in modules
        if (lines := len(module.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert too_long == {}
