"""Discord JSON objects shaped the way the API sends them, for the fake server.

Pure builders: the fake keeps the state and these turn it into payloads. Fields are the ones
discord.py 2.7 reads (several with ``data['key']``, so a missing one is a KeyError deep in a
parser) plus the ones a bot commonly looks at. Snowflakes go out as strings, like Discord's.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

# Gateway intents the fake looks at.
GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
GUILD_PRESENCES = 1 << 8
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class Snowflakes:
    """Increasing ids with a real timestamp in them, so ``created_at`` reads sensibly."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(self._last + 1, now)
        return self._last


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def user_object(user_id: int, username: str, *, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username,
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }


def bot_user_object(user_id: int, username: str) -> JSON:
    """The bot as GET /users/@me and READY describe it."""
    return {
        **user_object(user_id, username, bot=True),
        "verified": True,
        "mfa_enabled": False,
        "email": None,
        "locale": "en-US",
        "premium_type": 0,
    }


def member_object(
    user: JSON | None, roles: list[int], joined_at: str, *, permissions: str | None = None
) -> JSON:
    """A guild member; ``user`` None gives the partial member sent with MESSAGE_CREATE."""
    member: JSON = {
        "roles": [str(role) for role in roles],
        "joined_at": joined_at,
        "nick": None,
        "avatar": None,
        "banner": None,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if user is not None:
        member["user"] = user
    if permissions is not None:
        member["permissions"] = permissions
    return member


def role_object(role_id: int, name: str, permissions: str, position: int, *, managed: bool) -> JSON:
    return {
        "id": str(role_id),
        "name": name,
        "description": None,
        "permissions": permissions,
        "position": position,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def text_channel_object(channel_id: int, guild_id: int, name: str, position: int) -> JSON:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "parent_id": None,
        "rate_limit_per_user": 0,
        "default_thread_rate_limit_per_user": 0,
        "flags": 0,
    }


def dm_channel_object(channel_id: int, recipient: JSON) -> JSON:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [recipient],
    }


def guild_object(
    *,
    guild_id: int,
    name: str,
    owner_id: int,
    channels: list[JSON],
    roles: list[JSON],
    members: list[JSON],
    joined_at: str,
) -> JSON:
    """A GUILD_CREATE payload (the gateway's full guild, with channels and members)."""
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "features": [],
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "application_id": None,
        "roles": roles,
        "emojis": [],
        "stickers": [],
        "joined_at": joined_at,
        "large": False,
        "unavailable": False,
        "lazy": True,
        "member_count": len(members),
        "members": members,
        "channels": channels,
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message_object(
    *,
    message_id: int,
    channel_id: int,
    guild_id: int | None,
    author: JSON,
    content: str = "",
    message_type: int = 0,
    **extra: Any,
) -> JSON:
    """A message; ``extra`` overrides or adds fields (embeds, components, member, ...)."""
    message: JSON = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": message_type,
        "author": author,
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "reactions": [],
        "pinned": False,
        "flags": 0,
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    message.update(extra)
    return message


def reference_to(message: JSON) -> JSON:
    """The ``message_reference`` of a reply to ``message``."""
    reference: JSON = {
        "type": 0,
        "message_id": message["id"],
        "channel_id": message["channel_id"],
    }
    if "guild_id" in message:
        reference["guild_id"] = message["guild_id"]
    return reference


def attachment_object(attachment_id: int, channel_id: int, filename: str, size: int) -> JSON:
    url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{filename}"
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
    }


def command_object(
    payload: JSON, *, command_id: int, application_id: int, guild_id: int | None, version: int
) -> JSON:
    """A stored application command, as GET/PUT .../commands return it."""
    command_type = payload.get("type") or 1
    command: JSON = {
        "id": str(command_id),
        "application_id": str(application_id),
        "version": str(version),
        "type": command_type,
        "name": payload["name"],
        "name_localizations": payload.get("name_localizations"),
        "description": payload.get("description") or "",
        "description_localizations": payload.get("description_localizations"),
        "default_member_permissions": _permissions(payload.get("default_member_permissions")),
        "nsfw": bool(payload.get("nsfw", False)),
    }
    if payload.get("options"):
        command["options"] = payload["options"]
    if guild_id is None:
        command["dm_permission"] = payload.get("dm_permission", True)
        command["contexts"] = payload.get("contexts")
        command["integration_types"] = payload.get("integration_types") or [0]
    else:
        command["guild_id"] = str(guild_id)
    return command


def _permissions(value: Any) -> str | None:
    return None if value is None else str(value)


def interaction_object(
    *,
    interaction_id: int,
    token: str,
    interaction_type: int,
    data: JSON | None,
    application_id: int,
    user: JSON,
    channel: JSON,
    guild_id: int | None,
    member_roles: list[int],
    permissions: str,
    app_permissions: str,
    message: JSON | None,
) -> JSON:
    """An INTERACTION_CREATE payload; a member in guilds, a user in DMs (as Discord does)."""
    interaction: JSON = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "channel": channel,
        "channel_id": channel["id"],
        "app_permissions": app_permissions,
        "locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if data is not None:
        interaction["data"] = data
    if guild_id is not None:
        interaction["guild_id"] = str(guild_id)
        interaction["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
        interaction["guild_locale"] = "en-US"
        interaction["member"] = member_object(
            user, member_roles, now_iso(), permissions=permissions
        )
        interaction["authorizing_integration_owners"] = {"0": str(guild_id)}
        interaction["context"] = 0
    else:
        interaction["user"] = user
        # A guild-installed app in its bot's DMs: the guild-install owner is "0".
        interaction["authorizing_integration_owners"] = {"0": "0"}
        interaction["context"] = 1
    if message is not None:
        interaction["message"] = message
    return interaction


def error_body(message: str, code: int, errors: JSON | None = None) -> JSON:
    body: JSON = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body
