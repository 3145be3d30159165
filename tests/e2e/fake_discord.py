"""A fake Discord on loopback for running the real discord.py client inside a test's loop.

REST is served under ``/api/v10`` and the gateway websocket at ``/``::

    async with FakeDiscord() as fake:
        fake.add_guild(GUILD, "Test", [CHANNEL])
        # point discord.py here: discord.http.Route.BASE = fake.api_url and
        # DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url); then start the bot
        # with fake.token in a task and await fake.wait_for_ready()
        since = fake.mark()
        await fake.user_message(f"<@{fake.BOT_USER_ID}> hi", author_id=USER,
                                channel_id=CHANNEL, guild_id=GUILD, mention_bot=True)
        reply = await fake.wait_for_request("POST", rf"/channels/{CHANNEL}/messages", since=since)

It behaves like Discord wherever discord.py or a bot could tell: every REST request is recorded
(``requests``) and checked against Discord's OpenAPI description and the limits it leaves out
(``spec_violations``; Discord's 400 is the answer), guild messages arrive blank without the
MESSAGE_CONTENT intent, the bot's own posts come back as MESSAGE_CREATE, missed events are
replayed on RESUME, and faults (429, 403, op 7, op 9, a dropped socket) can be injected.
The fake's own failures land in ``server_errors``, never silently in aiohttp.

The pieces: ``fake_discord_state`` (the world and the records, which FakeDiscord extends),
``fake_discord_rest`` and ``fake_discord_gateway`` (the two protocols), ``fake_discord_objects``
(Discord's JSON shapes) and ``fake_discord_spec`` (the OpenAPI check).
"""

from __future__ import annotations

import asyncio
import copy
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from aiohttp import web

from tests.e2e.fake_discord_gateway import Gateway
from tests.e2e.fake_discord_objects import (
    JSON,
    interaction_object,
    member_object,
    message_object,
    now_iso,
    reference_to,
)
from tests.e2e.fake_discord_rest import RestApi
from tests.e2e.fake_discord_spec import SPEC_PATH, SpecChecker
from tests.e2e.fake_discord_state import (
    BOT_PERMISSIONS,
    EVERYONE_ROLE_PERMISSIONS,
    CapturedRequest,
    DiscordState,
    FakeInteraction,
)

__all__ = ["SPEC_PATH", "CapturedRequest", "FakeDiscord", "FakeInteraction"]


class FakeDiscord(DiscordState):
    """The server, and the users' side of Discord; records are attributes (see DiscordState)."""

    def __init__(
        self,
        *,
        spec_path: Path | None = SPEC_PATH,
        token: str = "fake-token",
        heartbeat_interval_ms: int = 41_250,
    ) -> None:
        super().__init__(token=token)
        self._gateway = Gateway(self, heartbeat_interval_ms)
        self._rest = RestApi(self, SpecChecker(spec_path), after=self._gateway.flush_outbox)
        self._runner: web.AppRunner | None = None

    # Lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port; sets ``api_url`` and ``gateway_url``."""
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest.handle)
        # The same API under a name of the caller's (`api_url_for`): whose request it was.
        app.router.add_route("*", "/{client}/api/v10/{tail:.*}", self._rest.handle)
        app.router.add_get("/", self._gateway.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        port = self._runner.addresses[0][1]
        self.api_url = f"http://127.0.0.1:{port}/api/v10"
        self.gateway_url = f"ws://127.0.0.1:{port}/"

    def api_url_for(self, client: str) -> str:
        """An API URL whose requests are recorded with `client` (one per bot process)."""
        return self.api_url.replace("/api/v10", f"/{client}/api/v10")

    @property
    def gateway(self) -> Gateway:
        """Sessions by shard, and Discord's identify limit (`identify_window`)."""
        return self._gateway

    async def close(self) -> None:
        await self._gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        applied: bool = False,
    ) -> None:
        """Answer the next ``times`` matching REST requests with ``status`` (429 with
        ``retry_after``, 403 Missing Permissions, 5xx ...); they are still recorded. With
        ``applied`` each request takes effect first, as when Discord did what was asked and
        the reply was lost on the way back."""
        self._rest.fail_next(method, path_regex, status, times, retry_after, applied)

    # Waiting for the bot

    def mark(self) -> int:
        return len(self.requests)

    def bot_message_mark(self) -> int:
        return len(self.bot_messages)

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str = "a condition",
    ) -> None:
        """Until ``predicate()`` holds: re-checked after every request and gateway event, and
        every 50 ms for conditions on the bot's side."""
        try:
            await self.notifier.wait_for(lambda: True if predicate() else None, timeout, poll=0.05)
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}") from None

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        since: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CapturedRequest:
        """The first request at index >= ``since`` whose path fully matches ``path_regex``."""
        pattern = re.compile(path_regex)

        def check() -> CapturedRequest | None:
            for request in self.requests[since:]:
                if request.method == method.upper() and pattern.fullmatch(request.path):
                    return request
            return None

        try:
            return await self.notifier.wait_for(check, timeout)
        except TimeoutError:
            seen = [f"{r.method} {r.path} -> {r.status}" for r in self.requests[since:]]
            raise AssertionError(
                f"no {method} {path_regex} within {timeout}s; requests since #{since}: {seen}"
            ) from None

    async def wait_for_bot_message(
        self,
        *,
        since: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        """``bot_messages[since]``, waiting for the bot to post it."""

        def check() -> JSON | None:
            return self.bot_messages[since] if len(self.bot_messages) > since else None

        try:
            return await self.notifier.wait_for(check, timeout)
        except TimeoutError:
            recent = [f"{r.method} {r.path} -> {r.status}" for r in self.requests[-8:]]
            raise AssertionError(
                f"the bot posted {len(self.bot_messages)} messages, not #{since} "
                f"within {timeout}s; the last requests: {recent}"
            ) from None

    async def wait_for_ready(self, timeout: float = 5.0, count: int = 1) -> None:  # noqa: ASYNC109
        """Until ``count`` sessions in all got READY and their GUILD_CREATEs."""
        await self.wait_until(
            lambda: self.ready_count >= count, timeout=timeout, what=f"{count} READY session(s)"
        )

    async def wait_for_resume(self, count: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until ``count`` RESUMEs in all were replayed and answered with RESUMED."""
        await self.wait_until(
            lambda: self.resume_count >= count, timeout=timeout, what=f"{count} RESUME(s)"
        )

    # The users' side: events sent to the bot

    async def user_message(
        self,
        content: str,
        *,
        author_id: int,
        channel_id: int,
        guild_id: int | None = None,
        mention_bot: bool = False,
        reply_to: JSON | None = None,
        author_bot: bool = False,
        author_name: str = "member",
    ) -> JSON:
        """Post as a user (``guild_id`` None: in a DM, whose channel is made on first use).

        Returns the message as a bot with the MESSAGE_CONTENT intent sees it; the bot gets
        MESSAGE_CREATE only with GUILD_MESSAGES (DIRECT_MESSAGES for DMs), blanked without
        MESSAGE_CONTENT unless it mentions the bot (``mention_bot``: write the ``<@id>``
        yourself, or combine it with ``reply_to`` for a reply with its ping on, which is how
        Discord lets a bot without the intent read a reply).
        """
        self._gateway.require_session()
        author = self.user(author_id, author_name, bot=author_bot)
        extra: JSON = {}
        if guild_id is None:
            self.dm_channel(author_id, channel_id)
        else:
            self.guild_channel(channel_id, guild_id)
            extra["member"] = member_object(None, [], now_iso())
        if mention_bot:
            extra["mentions"] = [self.bot_user]
        if reply_to is not None:
            extra["message_reference"] = reference_to(reply_to)
            extra["referenced_message"] = self.messages.get(int(reply_to["id"]), reply_to)
        message = message_object(
            message_id=self.ids.next(),
            channel_id=channel_id,
            guild_id=guild_id,
            author=author,
            content=content,
            message_type=0 if reply_to is None else 19,
            **extra,
        )
        self.messages[int(message["id"])] = message
        await self._gateway.dispatch_message("MESSAGE_CREATE", message)
        return copy.deepcopy(message)

    async def interaction(
        self,
        interaction_type: int,
        data: JSON | None,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        message: JSON | None = None,
        permissions: str = EVERYONE_ROLE_PERMISSIONS,
    ) -> FakeInteraction:
        """Send INTERACTION_CREATE (any intents); the result collects the bot's answers."""
        session = self._gateway.session_for(guild_id)
        user = self.user(user_id)
        if guild_id is None:
            channel = self.dm_channel(user_id, channel_id)
        else:
            channel = self.guild_channel(channel_id, guild_id)
        interaction_id = self.ids.next()
        token = secrets.token_urlsafe(48)
        payload = interaction_object(
            interaction_id=interaction_id,
            token=token,
            interaction_type=interaction_type,
            data=data,
            application_id=self.APPLICATION_ID,
            user=user,
            channel=channel,
            guild_id=guild_id,
            member_roles=[],
            permissions=permissions,
            app_permissions=BOT_PERMISSIONS,
            message=message,
        )
        created = FakeInteraction(
            id=interaction_id,
            token=token,
            payload=payload,
            created_at=asyncio.get_running_loop().time(),
            notifier=self.notifier,
        )
        self.interactions[interaction_id] = created
        self.interactions_by_token[token] = created
        if session is not None:  # else its shard is down: nobody hears it, as on Discord
            await self._gateway.dispatch(session, "INTERACTION_CREATE", payload)
        return created

    async def slash(
        self,
        name: str,
        options: list[JSON] | None = None,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        permissions: str = EVERYONE_ROLE_PERMISSIONS,
        command_id: int | None = None,
    ) -> FakeInteraction:
        """A chat-input command (type 2, data.type 1) carrying the synced command's id."""
        data = self.command_data(name, 1, guild_id, command_id)
        if options:
            data["options"] = options
        return await self.interaction(
            2,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
        )

    async def autocomplete(
        self,
        name: str,
        options: list[JSON],
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        permissions: str = EVERYONE_ROLE_PERMISSIONS,
        command_id: int | None = None,
    ) -> FakeInteraction:
        """An autocomplete request (type 4); one option, maybe nested, has ``focused: True``."""
        if not _has_focused(options):
            raise ValueError("autocomplete needs one option with 'focused': True")
        data = self.command_data(name, 1, guild_id, command_id)
        data["options"] = options
        return await self.interaction(
            4,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
        )

    async def click(
        self,
        message: JSON,
        custom_id: str,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        permissions: str = EVERYONE_ROLE_PERMISSIONS,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> FakeInteraction:
        """Press a button (or pick ``values`` in a select) on a message the bot posted."""
        message_id = int(message["id"])
        current = self.messages.setdefault(message_id, copy.deepcopy(message))
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        return await self.interaction(
            3,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            message=copy.deepcopy(current),
            permissions=permissions,
        )

    async def message_command(
        self,
        name: str,
        target: JSON,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        permissions: str = EVERYONE_ROLE_PERMISSIONS,
        command_id: int | None = None,
    ) -> FakeInteraction:
        """A message context-menu command; the target keeps its content, as on Discord."""
        data = self.command_data(name, 3, guild_id, command_id)
        data["target_id"] = target["id"]
        data["resolved"] = {"messages": {target["id"]: target}}
        return await self.interaction(
            2,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
        )

    # Gateway faults

    async def raw_event(self, event: str, data: JSON) -> None:
        """Send a dispatch exactly as given, however malformed, as a buggy server might."""
        await self._gateway.dispatch(self._gateway.require_session(), event, data)

    async def request_reconnect(self) -> None:
        """Op 7 on the bot's socket: discord.py reconnects and RESUMEs."""
        await self._gateway.request_reconnect()

    async def drop_connection(self) -> None:
        """Abort the bot's socket without a close frame: discord.py reconnects and RESUMEs."""
        await self._gateway.drop_connection()

    def ack_heartbeats(self, ack: bool) -> None:
        """Stop (or resume) acknowledging heartbeats, as a gateway that hangs does."""
        self._gateway.ack_heartbeats = ack

    async def invalidate_session(self, resumable: bool) -> None:
        """Op 9. Not resumable: discord.py IDENTIFYs anew, after ``before_identify_hook``
        (which sleeps 5 s unless the bot overrides it)."""
        await self._gateway.invalidate_session(resumable)


def _has_focused(options: list[JSON]) -> bool:
    return any(o.get("focused") or _has_focused(o.get("options") or []) for o in options)
