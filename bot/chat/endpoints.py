"""Pointing discord.py at the Discord (or Discord-compatible server) named in the settings.

discord.py keeps Discord's addresses in class attributes, so this is process-wide: one bot a
process, which `factbot run` is.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

from bot.config import Settings


def use_discord_at(settings: Settings) -> None:
    """Send REST requests (webhooks and interaction callbacks too) and gateway connections
    where the settings say."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url is not None:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def use_gateway_named(url: str) -> None:
    """Connect (and reconnect) to the gateway Discord's `/gateway/bot` named, when the
    settings name none: discord.py would otherwise use Discord's own address."""
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
