"""What the fake Discord knows and records, shared by its REST side and its gateway.

:class:`DiscordState` is the world (guilds, channels, users, messages, commands, interactions)
plus everything a test inspects afterwards (requests, violations, the bot's messages). The
protocol modules change it; :class:`~tests.e2e.fake_discord.FakeDiscord` is a DiscordState with
a server and the users' side added, so all of it reads as plain attributes of the fake.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tests.e2e.fake_discord_objects import (
    EPHEMERAL,
    GUILD_MEMBERS,
    GUILD_PRESENCES,
    JSON,
    LOADING,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    Snowflakes,
    attachment_object,
    bot_user_object,
    command_object,
    dm_channel_object,
    guild_object,
    member_object,
    message_object,
    now_iso,
    role_object,
    text_channel_object,
    user_object,
)

log = logging.getLogger("tests.e2e.fake_discord")

T = TypeVar("T")

EVERYONE_ROLE_PERMISSIONS = "1071698660929"
# View channel, send, embed links, attach files, read history, reactions, external emoji,
# application commands, send in threads.
BOT_PERMISSIONS = str(sum(1 << bit for bit in (6, 10, 11, 14, 15, 16, 18, 31, 38)))


@dataclass
class CapturedRequest:
    """One REST request as the bot sent it (and the status the fake answered)."""

    method: str
    path: str  # after /api/v10, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # the JSON body; for multipart, the payload_json part; None without a body
    authorization: str | None
    status: int = 0
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, content)
    client: str | None = None  # the name in the URL (`FakeDiscord.api_url_for`), if any
    at: float = 0.0  # when it arrived (the event loop's clock)


class Notifier:
    """Wakes every waiter whenever something was recorded (no lock needed: one loop)."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_for(
        self, check: Callable[[], T | None], seconds: float, *, poll: float | None = None
    ) -> T:
        """The first non-None ``check()``, re-checked on every notify (and every ``poll``
        seconds, for conditions outside the fake); TimeoutError after ``seconds``."""
        async with asyncio.timeout(seconds):
            while (found := check()) is None:
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter, poll)
        return found


@dataclass
class FakeInteraction:
    """An interaction the fake sent, and every request the bot made to answer it."""

    id: int
    token: str
    responses: list[CapturedRequest] = field(default_factory=list)
    payload: JSON = field(default_factory=dict)  # the INTERACTION_CREATE data
    callback_type: int | None = None  # how the bot acknowledged it
    original_id: int | None = None  # the @original message, once there is one
    followup_ids: list[int] = field(default_factory=list)
    created_at: float = 0.0  # loop time
    notifier: Notifier = field(default_factory=Notifier, repr=False)

    @property
    def type(self) -> int:
        kind: int = self.payload["type"]
        return kind

    async def wait_for_response(self, count: int = 1, timeout: float = 5.0) -> CapturedRequest:  # noqa: ASYNC109
        """The ``count``-th request answering this interaction (callback, followups, edits)."""

        def check() -> CapturedRequest | None:
            return self.responses[count - 1] if len(self.responses) >= count else None

        try:
            return await self.notifier.wait_for(check, timeout)
        except TimeoutError:
            seen = [f"{r.method} {r.path} -> {r.status}" for r in self.responses]
            raise AssertionError(
                f"interaction {self.id} got {len(self.responses)} responses, not {count}: {seen}"
            ) from None


@dataclass
class GuildInfo:
    id: int
    name: str
    channel_ids: list[int]
    owner_id: int
    bot_role_id: int
    joined_at: str = field(default_factory=now_iso)


class DiscordState:
    """The fake's world and records. Ids are fixed so tests can write mentions up front."""

    APPLICATION_ID = 1_190_000_000_000_000_001
    BOT_USER_ID = 1_190_000_000_000_000_002  # differs from the app id, to catch mix-ups
    OWNER_USER_ID = 1_190_000_000_000_000_003
    BOT_NAME = "FactBot"

    def __init__(self, *, token: str) -> None:
        self.token = token
        self.api_url = ""
        self.gateway_url = ""
        # Switches a test may flip.
        self.reject_invalid = True  # answer spec violations with Discord's 400, as Discord does
        self.interaction_timeout = 3.0  # seconds the bot has to acknowledge an interaction
        self.allowed_privileged_intents = PRIVILEGED_INTENTS  # "enabled in the developer portal"
        # What happened.
        self.requests: list[CapturedRequest] = []
        self.spec_violations: list[str] = []
        self.unknown_routes: list[str] = []
        self.server_errors: list[str] = []
        self.command_syncs: list[CapturedRequest] = []
        self.bot_messages: list[JSON] = []  # posted; also type-7 updates and filled deferrals
        self.bot_edits: list[JSON] = []  # other edits of the bot's messages, as they ended up
        self.gateway_errors: list[str] = []  # close codes the fake sent, and why
        self.presence_updates: list[Any] = []
        self.identify_count = 0
        self.resume_count = 0
        self.ready_count = 0
        self.last_intents: int | None = None
        # What /gateway/bot tells the bot: the shards to run and its session start limit.
        self.recommended_shards = 1
        self.max_concurrency = 1
        # The world.
        self.ids = Snowflakes()
        self.notifier = Notifier()
        self.guilds: dict[int, GuildInfo] = {}
        self.channels: dict[int, JSON] = {}
        self.dm_by_user: dict[int, int] = {}
        self.users: dict[int, JSON] = {
            self.BOT_USER_ID: bot_user_object(self.BOT_USER_ID, self.BOT_NAME),
            self.OWNER_USER_ID: user_object(self.OWNER_USER_ID, "owner"),
        }
        self.messages: dict[int, JSON] = {}
        self.commands: dict[int | None, dict[int, JSON]] = {None: {}}  # by guild; None = global
        self.command_ids: dict[tuple[int | None, str, int], int] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.interactions_by_token: dict[str, FakeInteraction] = {}
        self.outbox: list[tuple[str, JSON]] = []  # gateway events a REST request caused

    @property
    def bot_user(self) -> JSON:
        return self.users[self.BOT_USER_ID]

    def record_error(self, where: str, exc: BaseException) -> None:
        """The fake's own failures: kept for the test to assert on, and logged."""
        detail = "".join(traceback.format_exception(exc))
        self.server_errors.append(f"{where}: {type(exc).__name__}: {exc}\n{detail}")
        log.error("fake Discord failed in %s", where, exc_info=exc)

    # Guilds, channels and users

    def add_guild(
        self, guild_id: int, name: str, channel_ids: list[int], *, owner_id: int = OWNER_USER_ID
    ) -> None:
        """A guild the bot is in, with text channels; sent as GUILD_CREATE on IDENTIFY."""
        if guild_id in self.guilds:
            raise ValueError(f"guild {guild_id} was already added")
        for position, channel_id in enumerate(channel_ids):
            if channel_id in self.channels:
                raise ValueError(f"channel {channel_id} already exists")
            channel_name = "general" if position == 0 else f"channel-{position}"
            self.channels[channel_id] = text_channel_object(
                channel_id, guild_id, channel_name, position
            )
        self.guilds[guild_id] = GuildInfo(
            guild_id, name, list(channel_ids), owner_id, bot_role_id=self.ids.next()
        )

    def user(self, user_id: int, name: str | None = None, *, bot: bool = False) -> JSON:
        known = self.users.get(user_id)
        if known is None or (name is not None and known["username"] != name):
            known = user_object(user_id, name or f"user{user_id % 10_000}", bot=bot)
            self.users[user_id] = known
        return known

    def guild_channel(self, channel_id: int, guild_id: int) -> JSON:
        guild = self.guilds.get(guild_id)
        if guild is None or channel_id not in guild.channel_ids:
            raise ValueError(f"channel {channel_id} is not in a known guild {guild_id}")
        return self.channels[channel_id]

    def dm_channel(self, user_id: int, channel_id: int) -> JSON:
        """The DM channel with ``user_id``, created under ``channel_id`` on first use."""
        known = self.dm_by_user.get(user_id)
        if known is not None and known != channel_id:
            raise ValueError(f"user {user_id} already has the DM channel {known}")
        channel = self.channels.get(channel_id)
        if channel is None:
            channel = dm_channel_object(channel_id, self.user(user_id))
            self.channels[channel_id] = channel
            self.dm_by_user[user_id] = channel_id
        elif channel["type"] != 1:
            raise ValueError(f"channel {channel_id} is a guild channel, not a DM")
        return channel

    def guild_create(self, guild_id: int) -> JSON:
        guild = self.guilds[guild_id]
        bot_role = role_object(guild.bot_role_id, self.BOT_NAME, BOT_PERMISSIONS, 1, managed=True)
        bot_role["tags"] = {"bot_id": str(self.BOT_USER_ID)}
        everyone = role_object(guild_id, "@everyone", EVERYONE_ROLE_PERMISSIONS, 0, managed=False)
        members = [member_object(self.bot_user, [guild.bot_role_id], guild.joined_at)]
        if guild.owner_id != self.BOT_USER_ID:
            members.append(member_object(self.user(guild.owner_id), [], guild.joined_at))
        return guild_object(
            guild_id=guild_id,
            name=guild.name,
            owner_id=guild.owner_id,
            channels=[self.channels[c] for c in guild.channel_ids],
            roles=[everyone, bot_role],
            members=members,
            joined_at=guild.joined_at,
        )

    def application_object(self) -> JSON:
        return {
            "id": str(self.APPLICATION_ID),
            "name": self.BOT_NAME,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot": self.bot_user,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.application_flags(),
            "owner": self.users[self.OWNER_USER_ID],
            "team": None,
            "tags": [],
            "rpc_origins": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "terms_of_service_url": None,
            "privacy_policy_url": None,
            "custom_install_url": None,
            "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
            "integration_types_config": {"0": {}},
            "approximate_guild_count": len(self.guilds),
        }

    def application_flags(self) -> int:
        """The "limited" gateway flags of a bot whose privileged intents are on in the portal."""
        allowed = self.allowed_privileged_intents
        flags = (1 << 13) if allowed & GUILD_PRESENCES else 0
        flags |= (1 << 15) if allowed & GUILD_MEMBERS else 0
        return flags | ((1 << 19) if allowed & MESSAGE_CONTENT else 0)

    # The bot's messages

    def compose(
        self, payload: JSON, files: list[tuple[str, bytes]], channel_id: int, message_type: int
    ) -> JSON:
        """A message the bot sends, built from its request body."""
        guild_id = self.channels[channel_id].get("guild_id")
        message = message_object(
            message_id=self.ids.next(),
            channel_id=channel_id,
            guild_id=int(guild_id) if guild_id else None,
            author=self.bot_user,
            message_type=message_type,
            tts=bool(payload.get("tts")),
        )
        self.fill(message, payload, files)
        return message

    def fill(self, message: JSON, payload: JSON, files: list[tuple[str, bytes]]) -> None:
        """Copy what a create or edit request sets onto ``message``."""
        if "content" in payload:
            message["content"] = payload["content"] or ""
        if "embeds" in payload:
            message["embeds"] = [{"type": "rich", **embed} for embed in payload["embeds"] or []]
        if "components" in payload:
            message["components"] = payload["components"] or []
        if "flags" in payload:
            message["flags"] = (payload["flags"] or 0) | (message["flags"] & EPHEMERAL)
        if "attachments" in payload or files:
            listed = payload.get("attachments") or []
            kept = {str(a["id"]) for a in listed if "filename" not in a}
            names = [a["filename"] for a in listed if "filename" in a] or [n for n, _ in files]
            sizes = [len(content) for _, content in files] + [0] * len(names)
            channel_id = int(message["channel_id"])
            message["attachments"] = [a for a in message["attachments"] if a["id"] in kept] + [
                attachment_object(self.ids.next(), channel_id, name, sizes[i])
                for i, name in enumerate(names)
            ]

    def publish(self, message: JSON, *, visible: bool = True) -> JSON:
        """Store a new message; ``visible`` ones are in ``bot_messages`` and MESSAGE_CREATE."""
        self.messages[int(message["id"])] = message
        if visible:
            self.bot_messages.append(copy.deepcopy(message))
        if not message["flags"] & EPHEMERAL:
            self.outbox.append(("MESSAGE_CREATE", copy.deepcopy(message)))
        return message

    def apply_edit(
        self, message: JSON, payload: JSON, files: list[tuple[str, bytes]], *, replaced: bool
    ) -> JSON:
        """Edit in place. ``replaced`` (a type-7 update) or filling a deferred ("thinking")
        response count as posting the message: they go to ``bot_messages``, not ``bot_edits``."""
        self.fill(message, payload, files)
        if message["flags"] & LOADING or replaced:
            message["flags"] &= ~LOADING
            self.bot_messages.append(copy.deepcopy(message))
        else:
            message["edited_timestamp"] = now_iso()
            self.bot_edits.append(copy.deepcopy(message))
        if not message["flags"] & EPHEMERAL:
            self.outbox.append(("MESSAGE_UPDATE", copy.deepcopy(message)))
        return message

    def interaction_message(
        self, interaction: FakeInteraction, payload: JSON, files: list[tuple[str, bytes]]
    ) -> JSON:
        """A response or followup message: webhook-authored, with interaction metadata."""
        source = interaction.payload
        data = source.get("data") or {}
        command_type = 20 if data.get("type", 1) == 1 else 23
        message_type = command_type if interaction.type == 2 else 0
        message = self.compose(payload, files, int(source["channel_id"]), message_type)
        message["flags"] = int(payload.get("flags") or 0)
        user = source["member"]["user"] if "member" in source else source["user"]
        metadata: JSON = {
            "id": str(interaction.id),
            "type": interaction.type,
            "user": user,
            "authorizing_integration_owners": source["authorizing_integration_owners"],
        }
        if "message" in source:
            metadata["interacted_message_id"] = source["message"]["id"]
        if interaction.original_id is not None:
            metadata["original_response_message_id"] = str(interaction.original_id)
        message.update(
            webhook_id=str(self.APPLICATION_ID),
            application_id=str(self.APPLICATION_ID),
            interaction_metadata=metadata,
        )
        return message

    # Application commands

    def store_command(self, scope: int | None, payload: JSON) -> JSON:
        """Keep a command's id across syncs while its name and type stay (as Discord does)."""
        key = (scope, str(payload.get("name")), int(payload.get("type") or 1))
        command_id = self.command_ids.setdefault(key, self.ids.next())
        command = command_object(
            payload,
            command_id=command_id,
            application_id=self.APPLICATION_ID,
            guild_id=scope,
            version=self.ids.next(),
        )
        self.commands.setdefault(scope, {})[command_id] = command
        return command

    def command_data(
        self, name: str, command_type: int, guild_id: int | None, command_id: int | None
    ) -> JSON:
        """``data`` of a command interaction with the synced command's id (guild ones first)."""
        for scope in [guild_id, None] if guild_id is not None else [None]:
            for command in self.commands.get(scope, {}).values():
                if command["name"] == name and command["type"] == command_type:
                    data: JSON = {"id": command["id"], "name": name, "type": command_type}
                    if scope is not None:
                        data["guild_id"] = str(scope)
                    if command_id is not None:
                        data["id"] = str(command_id)
                    return data
        # Never synced (a bot may sync on demand only): discord.py resolves commands by name.
        key = (None, name, command_type)
        chosen = command_id or self.command_ids.setdefault(key, self.ids.next())
        return {"id": str(chosen), "name": name, "type": command_type}
