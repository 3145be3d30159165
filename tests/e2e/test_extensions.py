"""The cogs are discord.py extensions, and none of them needs the client to be imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.chat.client import EXTENSIONS, FactBot


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_cog_module_imports_without_the_client(extension: str) -> None:
    check = f"import sys, {extension}; print('bot.chat.client' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "False"


async def test_a_running_bot_has_every_extension_and_its_cog(factbot: FactBot) -> None:
    assert sorted(factbot.extensions) == sorted(EXTENSIONS)
    assert set(factbot.cogs) == {
        "ChatQuestions",
        "SlashCommands",
        "FactsCommands",
        "SettingsCommands",
        "Housekeeping",
    }
