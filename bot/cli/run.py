"""`factbot run`: serve the packs in Discord, or explain how to get there."""

from __future__ import annotations

import sys

from bot.config import Settings

NO_TOKEN = """\
factbot: no Discord token is set, so the bot cannot connect to Discord.

To run FactBot in Discord:
  1. Open https://discord.com/developers/applications, create an application,
     open its "Bot" page and press "Reset Token"; copy the token.
  2. Put it in a file named .env in the folder you run factbot from:
         DISCORD_TOKEN=paste-your-token-here
     (or export DISCORD_TOKEN in your shell), then run `factbot run` again.
  Every setting is described in .env.example.

To try FactBot right now without Discord:
  factbot ask "when is solid-state due?"
  factbot chat
"""

NOT_BUILT = """\
factbot: a Discord token is set, but this version of FactBot does not include the Discord
connection yet. Meanwhile every answer it would give is available from the command line:
  factbot ask "when is solid-state due?"
  factbot chat
"""


def run(settings: Settings) -> int:
    program = _program_name()
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(NO_TOKEN.replace("factbot ", f"{program} "), file=sys.stderr, end="")
        return 2
    print(NOT_BUILT.replace("factbot ", f"{program} "), file=sys.stderr, end="")
    return 2


def _program_name() -> str:
    """How the user invoked factbot (".venv/bin/factbot"), so the commands shown work as typed."""
    invoked = sys.argv[0]
    return invoked if invoked.endswith("factbot") else "factbot"
