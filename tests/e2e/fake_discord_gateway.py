"""The fake Discord's gateway websocket: HELLO, IDENTIFY, heartbeats, RESUME and dispatches.

Frames are plain JSON text: the URL discord.py opens asks for ``compress=zlib-stream``, but
discord.py only inflates binary frames. A session outlives its socket, keeping every dispatch
with its sequence number, so a RESUME replays what the bot missed (as Discord does).

Sharding as Discord does it: several sessions may be identified at once, each for a shard
``[shard_id, shard_count]`` (none: the only shard). A server's events go to the session of
the shard that owns it, ``(guild_id >> 22) % shard_count``, and DMs to shard 0's. Identifies
of one ``max_concurrency`` bucket (``shard_id % max_concurrency``) closer together than
``identify_window`` seconds are refused with an invalid session, as Discord refuses them.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.e2e.fake_discord_objects import (
    DIRECT_MESSAGES,
    GUILD_MESSAGES,
    JSON,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
)
from tests.e2e.fake_discord_state import DiscordState

GUILDS_INTENT = 1 << 0


@dataclass
class Session:
    id: str
    intents: int  # kept across RESUMEs, as Discord does
    shard: list[int] | None
    events: list[JSON] = field(default_factory=list)  # every dispatch, with its "s"
    socket: web.WebSocketResponse | None = None
    transport: asyncio.Transport | None = None

    @property
    def seq(self) -> int:
        return int(self.events[-1]["s"]) if self.events else 0

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0

    def owns(self, guild_id: int | None) -> bool:
        """Whether this session's shard gets the server's events (DMs: shard 0)."""
        if not self.shard:
            return True
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else (guild_id >> 22) % count)


class Gateway:
    """Serves the websocket at ``/`` and sends the bot its events."""

    def __init__(self, state: DiscordState, heartbeat_interval_ms: int) -> None:
        self.state = state
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.ack_heartbeats = True  # False: a gateway that has stopped answering
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None  # the last identified: where faults are injected
        self.by_shard: dict[int, Session] = {}  # the last identified session of each shard
        self.sockets: dict[web.WebSocketResponse, asyncio.Transport | None] = {}
        # Discord's limit on starting sessions; 0 s: not checked (most tests start one).
        self.identify_window = 0.0
        self.rejected_identifies = 0
        self._last_identify: dict[int, float] = {}  # by max_concurrency bucket

    def require_session(self) -> Session:
        if self.current is None:
            raise AssertionError("no gateway session: start the bot and await wait_for_ready()")
        return self.current

    def session_for(self, guild_id: int | None) -> Session | None:
        """The session of the shard that owns the server (None: that shard never connected,
        and Discord has nowhere to send the event)."""
        self.require_session()
        return next((s for s in self.by_shard.values() if s.owns(guild_id)), None)

    async def close_all(self) -> None:
        for socket in list(self.sockets):
            if not socket.closed:
                await socket.close(code=1001, message=b"fake Discord closing")

    # Sending

    async def dispatch(self, session: Session, event: str, data: JSON) -> None:
        """Number the event and send it, or keep it for the RESUME when the bot is away."""
        payload = {"op": 0, "s": session.seq + 1, "t": event, "d": data}
        session.events.append(payload)
        if session.socket is not None and not await self._send(session.socket, payload):
            session.socket = None

    async def dispatch_message(self, event: str, message: JSON) -> None:
        """MESSAGE_CREATE/UPDATE, if the intents ask for it, blanked as the intents require."""
        session = self.session_for(_guild_of(message))
        if session is None:
            return
        needed = GUILD_MESSAGES if "guild_id" in message else DIRECT_MESSAGES
        if session.intents & needed:
            await self.dispatch(session, event, self._as_seen(message, session))

    async def flush_outbox(self) -> None:
        """Send the events REST requests caused (the bot's own messages)."""
        while self.state.outbox:
            event, message = self.state.outbox.pop(0)
            await self.dispatch_message(event, message)

    def _as_seen(self, message: JSON, session: Session) -> JSON:
        """Without MESSAGE_CONTENT, guild messages not addressed to the bot arrive blank."""
        if session.intents & MESSAGE_CONTENT or "guild_id" not in message:
            return message
        seen = dict(message)
        if not self._addressed_to_bot(message):
            seen.update(content="", embeds=[], attachments=[], components=[])
            seen.pop("poll", None)
        referenced = message.get("referenced_message")
        if isinstance(referenced, dict):
            seen["referenced_message"] = self._as_seen(referenced, session)
        return seen

    def _addressed_to_bot(self, message: JSON) -> bool:
        """Written by the bot or mentioning it. A reply to the bot counts only with its ping
        on, which puts the bot in `mentions` (Discord's message-content intent rules)."""
        bot_id = str(self.state.BOT_USER_ID)
        return message["author"]["id"] == bot_id or any(
            user["id"] == bot_id for user in message.get("mentions", [])
        )

    async def _send(self, socket: web.WebSocketResponse, payload: JSON) -> bool:
        if socket.closed:
            return False
        try:
            await socket.send_str(json.dumps(payload))
        except ConnectionError:
            return False
        return True

    async def _close(self, socket: web.WebSocketResponse, code: int, reason: str) -> None:
        self.state.gateway_errors.append(f"closed {code}: {reason}")
        await socket.close(code=code, message=reason.encode())

    # Faults

    async def request_reconnect(self) -> None:
        session = self.require_session()
        socket, session.socket = session.socket, None
        if socket is not None:
            await self._send(socket, {"op": 7, "d": None})

    async def drop_connection(self) -> None:
        session = self.require_session()
        transport, session.socket = session.transport, None
        if transport is not None:
            transport.abort()

    async def invalidate_session(self, resumable: bool) -> None:
        session = self.require_session()
        socket, session.socket = session.socket, None
        if not resumable:
            self.sessions.pop(session.id, None)
        if socket is not None:
            await self._send(socket, {"op": 9, "d": resumable})

    # Receiving

    async def handle(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse(timeout=1.0)  # close handshake timeout
        await socket.prepare(request)
        transport = request.transport
        self.sockets[socket] = transport
        session: Session | None = None
        try:
            hello = {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
            await self._send(socket, hello)
            async for frame in socket:
                if frame.type is WSMsgType.TEXT:
                    payload = json.loads(frame.data)
                    session = await self._on_op(socket, transport, session, payload)
                elif frame.type is WSMsgType.BINARY:  # discord.py sends JSON text
                    await self._close(socket, 4002, "Error while decoding payload.")
        except Exception as exc:
            self.state.record_error("gateway", exc)
        finally:
            del self.sockets[socket]
            if session is not None and session.socket is socket:
                session.socket = None
            self.state.notifier.notify()
        return socket

    async def _on_op(
        self,
        socket: web.WebSocketResponse,
        transport: asyncio.Transport | None,
        session: Session | None,
        payload: JSON,
    ) -> Session | None:
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            if self.ack_heartbeats:
                await self._send(socket, {"op": 11})
        elif op in (2, 6):
            if session is not None:
                await self._close(socket, 4005, "Already authenticated.")
            elif not isinstance(data, dict) or data.get("token") != self.state.token:
                await self._close(socket, 4004, "Authentication failed.")
            elif op == 2:
                return await self._identify(socket, transport, data)
            else:
                return await self._resume(socket, transport, data)
        elif op == 3:
            self.state.presence_updates.append(data)
        elif op == 8 and session is not None:
            await self._send_members(session, data)
        elif op != 4:  # 4 is a voice state update: nothing to do
            await self._close(socket, 4001, f"Unknown opcode {op}.")
        return session

    async def _identify(
        self, socket: web.WebSocketResponse, transport: asyncio.Transport | None, data: JSON
    ) -> Session | None:
        state = self.state
        intents = data.get("intents")
        if not isinstance(intents, int):
            await self._close(socket, 4013, "Invalid intent(s).")
            return None
        if intents & PRIVILEGED_INTENTS & ~state.allowed_privileged_intents:
            await self._close(socket, 4014, "Disallowed intent(s).")
            return None
        shard = data.get("shard")
        if not self._may_identify(shard):
            self.rejected_identifies += 1
            self.state.gateway_errors.append(f"identify of shard {shard} too soon: invalid session")
            await self._send(socket, {"op": 9, "d": False})
            return None
        session = Session(secrets.token_hex(16), intents, shard, socket=socket, transport=transport)
        self.sessions[session.id] = session
        self.current = self.by_shard[session.shard_id] = session
        state.identify_count += 1
        state.last_intents = intents
        guilds = self._shard_guilds(shard)
        ready: JSON = {
            "v": 10,
            "user": state.bot_user,
            "guilds": [{"id": str(guild_id), "unavailable": True} for guild_id in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": state.gateway_url,
            "application": {"id": str(state.APPLICATION_ID), "flags": state.application_flags()},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        if shard is not None:
            ready["shard"] = shard
        await self.dispatch(session, "READY", ready)
        if intents & GUILDS_INTENT:
            for guild_id in guilds:
                await self.dispatch(session, "GUILD_CREATE", state.guild_create(guild_id))
        state.ready_count += 1
        state.notifier.notify()
        return session

    async def _resume(
        self, socket: web.WebSocketResponse, transport: asyncio.Transport | None, data: JSON
    ) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await self._send(socket, {"op": 9, "d": False})
            return None
        session.socket = None  # a socket still attached is stale: the bot has moved on
        sent = int(data.get("seq") or 0)
        while missed := [event for event in session.events if event["s"] > sent]:
            for event in missed:
                if not await self._send(socket, event):
                    return None
            sent = missed[-1]["s"]
        # Nothing awaited since the last check, so no event slips between replay and attach.
        session.socket, session.transport = socket, transport
        await self.dispatch(session, "RESUMED", {"_trace": ["fake-discord"]})
        self.state.resume_count += 1
        self.state.notifier.notify()
        return session

    async def _send_members(self, session: Session, data: Any) -> None:
        """Answer REQUEST_GUILD_MEMBERS (sent at start-up with the members intent)."""
        guild_id = int(data.get("guild_id", 0)) if isinstance(data, dict) else 0
        if guild_id in self.state.guilds:
            chunk = {
                "guild_id": str(guild_id),
                "members": self.state.guild_create(guild_id)["members"],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
                "nonce": data.get("nonce"),
            }
            await self.dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    def _may_identify(self, shard: list[int] | None) -> bool:
        """Within Discord's session start limit: one identify per bucket per window."""
        bucket = (shard[0] if shard else 0) % self.state.max_concurrency
        now = asyncio.get_running_loop().time()
        last = self._last_identify.get(bucket)
        if last is not None and now - last < self.identify_window:
            return False
        self._last_identify[bucket] = now
        return True

    def _shard_guilds(self, shard: list[int] | None) -> list[int]:
        if not shard:
            return list(self.state.guilds)
        shard_id, count = shard
        return [g for g in self.state.guilds if (g >> 22) % count == shard_id]


def _guild_of(message: JSON) -> int | None:
    guild_id = message.get("guild_id")
    return None if guild_id is None else int(guild_id)
