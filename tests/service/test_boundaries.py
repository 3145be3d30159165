"""The service is what a front end other than Discord's calls: it never imports Discord."""

from __future__ import annotations

import subprocess
import sys


def test_the_service_imports_nothing_of_discords() -> None:
    probe = (
        "import sys, bot.service, bot.service.service; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'discord')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
