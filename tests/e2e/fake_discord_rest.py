"""The fake Discord's REST side: ``/api/v10`` routes, each answered the way Discord does.

Every request is recorded, checked against the OpenAPI description (a violation gets Discord's
400 "Invalid Form Body" when ``reject_invalid`` is on), and may be failed on purpose by
``fail_next``. Handlers are synchronous: they only read and change the shared state, and the
gateway events they cause (MESSAGE_CREATE for the bot's own posts) are sent after them.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.e2e.fake_discord_objects import EPHEMERAL, JSON, LOADING, error_body, reference_to
from tests.e2e.fake_discord_spec import Problem, SpecChecker
from tests.e2e.fake_discord_state import CapturedRequest, DiscordState, FakeInteraction

# Which callback types Discord accepts for each interaction type.
CALLBACKS_FOR = {1: {1}, 2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-able; None sends no body
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> web.Response:
        if self.body is None:
            return web.Response(status=self.status, headers=self.headers)
        # bytes, not text=: aiohttp would add "; charset=utf-8", and discord.py parses only a
        # body whose Content-Type is exactly application/json.
        return web.Response(
            status=self.status,
            headers=self.headers,
            body=json.dumps(self.body).encode(),
            content_type="application/json",
        )


def _error(status: int, message: str, code: int, errors: JSON | None = None) -> Reply:
    return Reply(status, error_body(message, code, errors))


NO_CONTENT = Reply(204)
UNKNOWN_CHANNEL = _error(404, "Unknown Channel", 10003)
UNKNOWN_MESSAGE = _error(404, "Unknown Message", 10008)
UNKNOWN_COMMAND = _error(404, "Unknown application command", 10063)


@dataclass
class Call:
    """A REST request routed to a handler."""

    request: CapturedRequest
    params: dict[str, str]

    @property
    def body(self) -> JSON:
        return self.request.json if isinstance(self.request.json, dict) else {}

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return self.request.files

    def id(self, name: str) -> int:
        return int(self.params[name])

    def flag(self, name: str) -> bool:
        return self.request.query.get(name, "").lower() in ("1", "true")


Handler = Callable[[Call], Reply]


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool  # needs "Authorization: Bot <token>"; webhooks and callbacks don't

    @property
    def bucket(self) -> str:
        return hashlib.sha1(f"{self.method} {self.pattern.pattern}".encode()).hexdigest()[:16]


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    retry_after: float
    applied: bool = False  # the request takes effect, then the reply is lost as a failure


class RestApi:
    """Answers ``/api/v10/{tail}``; ``after`` sends the gateway events a request caused."""

    def __init__(
        self, state: DiscordState, spec: SpecChecker, after: Callable[[], Awaitable[None]]
    ) -> None:
        self.state = state
        self.spec = spec
        self.after = after
        self.failures: list[Failure] = []
        self.routes = self._routes()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        state = self.state
        method, path = request.method, "/" + request.match_info["tail"]
        captured = CapturedRequest(
            method, path, dict(request.query), None, request.headers.get("Authorization")
        )
        captured.client = request.match_info.get("client")
        captured.at = asyncio.get_running_loop().time()
        try:
            reply = await self._answer(request, captured)
            await self.after()
        except Exception as exc:
            state.record_error(f"{method} {path}", exc)
            reply = _error(500, "500: Internal Server Error", 0)
        captured.status = reply.status
        state.requests.append(captured)
        state.notifier.notify()
        return reply.response()

    async def _answer(self, request: web.Request, captured: CapturedRequest) -> Reply:
        state, method, path = self.state, captured.method, captured.path
        try:
            has_body = await _read_body(request, captured)
        except ValueError as exc:
            state.spec_violations.append(f"{method} {path}: the body is not valid JSON ({exc})")
            return _error(400, "The request body contains invalid JSON.", 50109)
        problems = self.spec.check(method, path, captured.query, captured.json, has_body=has_body)
        if problems:
            state.spec_violations.append(_violation_line(method, path, problems))
        route, params = self._match(method, path)
        self._attach_to_interaction(params, captured)
        failure = self._take_failure(method, path)
        if failure is not None and not failure.applied:
            return _injected(failure)
        if route is None:
            state.unknown_routes.append(f"{method} {path}")
            return _error(404, "404: Not Found", 0)
        if route.auth and captured.authorization != f"Bot {state.token}":
            return _error(401, "401: Unauthorized", 0)
        if problems and state.reject_invalid:
            return _error(400, "Invalid Form Body", 50035, _form_errors(problems))
        reply = route.handler(Call(captured, params))
        if failure is not None:
            return _injected(failure)
        if 200 <= reply.status < 300:
            headers = {**reply.headers, **_rate_limit_headers(route.bucket, remaining=49)}
            reply = Reply(reply.status, reply.body, headers)
        return reply

    def _attach_to_interaction(self, params: dict[str, str], captured: CapturedRequest) -> None:
        """Callback and webhook requests are an interaction's responses, even refused ones."""
        token = params.get("token")
        interaction = self.state.interactions_by_token.get(token or "")
        if interaction is None or captured.method == "GET":
            return
        if "id" not in params or params["id"] == str(interaction.id):
            interaction.responses.append(captured)

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        times: int,
        retry_after: float,
        applied: bool = False,
    ) -> None:
        pattern = re.compile(path_regex)
        failure = Failure(method.upper(), pattern, status, times, retry_after, applied)
        self.failures.append(failure)

    def _take_failure(self, method: str, path: str) -> Failure | None:
        for failure in self.failures:
            if failure.method == method and failure.pattern.fullmatch(path):
                failure.times -= 1
                if failure.times <= 0:
                    self.failures.remove(failure)
                return failure
        return None

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        for route in self.routes:
            if route.method == method and (found := route.pattern.fullmatch(path)):
                return route, found.groupdict()
        return None, {}

    def _routes(self) -> list[Route]:
        channel = r"/channels/(?P<channel>\d+)"
        message = rf"{channel}/messages/(?P<message>\d+)"
        commands = rf"/applications/{self.state.APPLICATION_ID}(?:/guilds/(?P<guild>\d+))?/commands"
        webhook = rf"/webhooks/{self.state.APPLICATION_ID}/(?P<token>[^/]+)"
        webhook_message = rf"{webhook}/messages/(?P<message>@original|\d+)"
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/users/@me", self._me, True),
            ("GET", r"/oauth2/applications/@me", self._application, True),
            ("GET", r"/applications/@me", self._application, True),
            ("GET", r"/gateway/bot", self._gateway_bot, True),
            ("GET", r"/gateway", self._gateway, False),
            ("GET", r"/users/(?P<user>\d+)", self._get_user, True),
            ("POST", r"/users/@me/channels", self._create_dm, True),
            ("GET", channel, self._get_channel, True),
            ("POST", rf"{channel}/typing", self._typing, True),
            ("GET", rf"{channel}/messages", self._history, True),
            ("POST", rf"{channel}/messages", self._create_message, True),
            ("GET", message, self._get_message, True),
            ("PATCH", message, self._edit_message, True),
            ("DELETE", message, self._delete_message, True),
            ("PUT", rf"{message}/reactions/[^/]+/@me", self._react, True),
            ("DELETE", rf"{message}/reactions/[^/]+/@me", self._react, True),
            ("GET", commands, self._list_commands, True),
            ("PUT", commands, self._overwrite_commands, True),
            ("POST", commands, self._upsert_command, True),
            ("GET", rf"{commands}/(?P<command>\d+)", self._get_command, True),
            ("PATCH", rf"{commands}/(?P<command>\d+)", self._edit_command, True),
            ("DELETE", rf"{commands}/(?P<command>\d+)", self._delete_command, True),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback, False),
            ("POST", webhook, self._followup, False),
            ("GET", webhook_message, self._get_webhook_message, False),
            ("PATCH", webhook_message, self._edit_webhook_message, False),
            ("DELETE", webhook_message, self._delete_webhook_message, False),
        ]
        return [Route(m, re.compile(p), handler, auth) for m, p, handler, auth in table]

    # Login and look-ups

    def _me(self, call: Call) -> Reply:
        return Reply(200, self.state.bot_user)

    def _application(self, call: Call) -> Reply:
        return Reply(200, self.state.application_object())

    def _gateway_bot(self, call: Call) -> Reply:
        limit = {
            "total": 1000,
            "remaining": 999,
            "reset_after": 14_400_000,
            "max_concurrency": self.state.max_concurrency,
        }
        body = {
            "url": self.state.gateway_url,
            "shards": self.state.recommended_shards,
            "session_start_limit": limit,
        }
        return Reply(200, body)

    def _gateway(self, call: Call) -> Reply:
        return Reply(200, {"url": self.state.gateway_url})

    def _get_user(self, call: Call) -> Reply:
        user = self.state.users.get(call.id("user"))
        return Reply(200, user) if user else _error(404, "Unknown User", 10013)

    def _create_dm(self, call: Call) -> Reply:
        state = self.state
        recipient = int(call.body.get("recipient_id", 0))
        if recipient not in state.users:
            return _error(400, "Invalid Recipient(s)", 50033)
        channel_id = state.dm_by_user.get(recipient) or state.ids.next()
        return Reply(200, state.dm_channel(recipient, channel_id))

    def _get_channel(self, call: Call) -> Reply:
        channel = self.state.channels.get(call.id("channel"))
        return Reply(200, channel) if channel else UNKNOWN_CHANNEL

    def _typing(self, call: Call) -> Reply:
        return NO_CONTENT if call.id("channel") in self.state.channels else UNKNOWN_CHANNEL

    def _react(self, call: Call) -> Reply:
        return NO_CONTENT if call.id("message") in self.state.messages else UNKNOWN_MESSAGE

    # Channel messages

    def _history(self, call: Call) -> Reply:
        channel_id = str(call.id("channel"))
        limit = int(call.request.query.get("limit", "50"))
        found = [
            m
            for m in self.state.messages.values()
            if m["channel_id"] == channel_id and not m["flags"] & EPHEMERAL
        ]
        return Reply(200, found[::-1][:limit])

    def _create_message(self, call: Call) -> Reply:
        state, channel_id, payload = self.state, call.id("channel"), call.body
        if channel_id not in state.channels:
            return UNKNOWN_CHANNEL
        if not _has_substance(payload, call.files):
            return _error(400, "Cannot send an empty message", 50006)
        referenced: JSON | None = None
        reference = payload.get("message_reference")
        if isinstance(reference, dict):
            referenced = state.messages.get(int(reference.get("message_id", 0)))
            if referenced is None and reference.get("fail_if_not_exists", True):
                errors = {"message_reference": {"_errors": [_form_error("Unknown message")]}}
                return _error(400, "Invalid Form Body", 50035, errors)
        message = state.compose(payload, call.files, channel_id, 0 if referenced is None else 19)
        if referenced is not None:
            message["message_reference"] = reference_to(referenced)
            message["referenced_message"] = referenced
        return Reply(200, state.publish(message))

    def _get_message(self, call: Call) -> Reply:
        message = self.state.messages.get(call.id("message"))
        return Reply(200, message) if message else UNKNOWN_MESSAGE

    def _edit_message(self, call: Call) -> Reply:
        state = self.state
        message = state.messages.get(call.id("message"))
        if message is None:
            return UNKNOWN_MESSAGE
        if message["author"]["id"] != str(state.BOT_USER_ID):
            return _error(403, "Cannot edit a message authored by another user", 50005)
        return Reply(200, state.apply_edit(message, call.body, call.files, replaced=False))

    def _delete_message(self, call: Call) -> Reply:
        if self.state.messages.pop(call.id("message"), None) is None:
            return UNKNOWN_MESSAGE
        return NO_CONTENT

    # Application commands

    def _scope(self, call: Call) -> int | None:
        guild = call.params.get("guild")
        return int(guild) if guild else None

    def _refused(self, call: Call) -> Reply | None:
        scope = self._scope(call)
        if scope is not None and scope not in self.state.guilds:
            return _error(403, "Missing Access", 50001)
        return None

    def _list_commands(self, call: Call) -> Reply:
        commands = self.state.commands.get(self._scope(call), {})
        return self._refused(call) or Reply(200, list(commands.values()))

    def _overwrite_commands(self, call: Call) -> Reply:
        if (refused := self._refused(call)) is not None:
            return refused
        scope = self._scope(call)
        payloads = call.request.json if isinstance(call.request.json, list) else []
        self.state.commands[scope] = {}
        stored = [self.state.store_command(scope, payload) for payload in payloads]
        self.state.command_syncs.append(call.request)
        return Reply(200, stored)

    def _upsert_command(self, call: Call) -> Reply:
        if (refused := self._refused(call)) is not None:
            return refused
        scope = self._scope(call)
        existing = {c["name"] for c in self.state.commands.get(scope, {}).values()}
        stored = self.state.store_command(scope, call.body)
        return Reply(200 if stored["name"] in existing else 201, stored)

    def _get_command(self, call: Call) -> Reply:
        command = self.state.commands.get(self._scope(call), {}).get(call.id("command"))
        return Reply(200, command) if command else UNKNOWN_COMMAND

    def _edit_command(self, call: Call) -> Reply:
        scope = self._scope(call)
        command = self.state.commands.get(scope, {}).get(call.id("command"))
        if command is None:
            return UNKNOWN_COMMAND
        return Reply(200, self.state.store_command(scope, {**command, **call.body}))

    def _delete_command(self, call: Call) -> Reply:
        if self.state.commands.get(self._scope(call), {}).pop(call.id("command"), None) is None:
            return UNKNOWN_COMMAND
        return NO_CONTENT

    # Interaction callbacks and their webhook

    def _callback(self, call: Call) -> Reply:
        state = self.state
        interaction = state.interactions.get(call.id("id"))
        if interaction is None or interaction.token != call.params["token"]:
            return _error(404, "Unknown interaction", 10062)
        age = asyncio.get_running_loop().time() - interaction.created_at
        if age > state.interaction_timeout:
            return _error(404, "Unknown interaction", 10062)
        if interaction.callback_type is not None:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        kind = call.body.get("type")
        if kind not in CALLBACKS_FOR.get(interaction.type, set()):
            problem = f"callback type {kind} is not valid for interaction type {interaction.type}"
            errors = {"type": {"_errors": [_form_error(problem)]}}
            return _error(400, "Invalid Form Body", 50035, errors)
        interaction.callback_type = kind
        data = call.body.get("data") or {}
        message: JSON | None = None
        if kind == 4:
            message = state.publish(state.interaction_message(interaction, data, call.files))
            interaction.original_id = int(message["id"])
        elif kind == 5:  # "thinking": a loading message, shown when the bot fills it in
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            loading = state.interaction_message(interaction, {"flags": flags}, [])
            message = state.publish(loading, visible=False)
            interaction.original_id = int(message["id"])
        elif kind in (6, 7):  # component interactions: @original is the clicked message
            interaction.original_id = int(interaction.payload["message"]["id"])
            if kind == 7:
                clicked = state.messages[interaction.original_id]
                message = state.apply_edit(clicked, data, call.files, replaced=True)
        if kind in (1, 8) or not call.flag("with_response"):
            return NO_CONTENT  # discord.py ignores the body of pongs and autocomplete results
        return Reply(200, _callback_body(interaction, kind, message))

    def _webhook_target(self, call: Call) -> FakeInteraction | Reply:
        interaction = self.state.interactions_by_token.get(call.params["token"])
        if interaction is None or interaction.callback_type is None:
            return _error(404, "Unknown Webhook", 10015)
        return interaction

    def _webhook_message(self, call: Call, interaction: FakeInteraction) -> JSON | None:
        wanted = call.params["message"]
        if wanted == "@original":
            message_id = interaction.original_id
        else:
            message_id = int(wanted) if int(wanted) in interaction.followup_ids else None
        return None if message_id is None else self.state.messages.get(message_id)

    def _followup(self, call: Call) -> Reply:
        interaction = self._webhook_target(call)
        if isinstance(interaction, Reply):
            return interaction
        if not _has_substance(call.body, call.files):
            return _error(400, "Cannot send an empty message", 50006)
        message = self.state.interaction_message(interaction, call.body, call.files)
        interaction.followup_ids.append(int(message["id"]))
        self.state.publish(message)
        return Reply(200, message) if call.flag("wait") else NO_CONTENT

    def _get_webhook_message(self, call: Call) -> Reply:
        interaction = self._webhook_target(call)
        if isinstance(interaction, Reply):
            return interaction
        message = self._webhook_message(call, interaction)
        return Reply(200, message) if message else UNKNOWN_MESSAGE

    def _edit_webhook_message(self, call: Call) -> Reply:
        interaction = self._webhook_target(call)
        if isinstance(interaction, Reply):
            return interaction
        message = self._webhook_message(call, interaction)
        if message is None:
            return UNKNOWN_MESSAGE
        edited = self.state.apply_edit(message, call.body, call.files, replaced=False)
        return Reply(200, edited)

    def _delete_webhook_message(self, call: Call) -> Reply:
        interaction = self._webhook_target(call)
        if isinstance(interaction, Reply):
            return interaction
        message = self._webhook_message(call, interaction)
        if message is None:
            return UNKNOWN_MESSAGE
        del self.state.messages[int(message["id"])]
        return NO_CONTENT


async def _read_body(request: web.Request, captured: CapturedRequest) -> bool:
    """Fill ``captured.json`` (payload_json for multipart) and ``files``; False if no body."""
    if request.content_type == "multipart/form-data":
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                captured.json = json.loads(await part.text())
            else:
                captured.files.append((part.filename or part.name or "", bytes(await part.read())))
        return True
    raw = await request.read()
    if not raw:
        return False
    captured.json = json.loads(raw)
    return True


def _form_error(message: str) -> JSON:
    return {"code": "BASE_TYPE_INVALID", "message": message}


def _form_errors(problems: list[Problem]) -> JSON:
    """Discord's nested ``errors`` object, which discord.py flattens into its message."""
    errors: JSON = {}
    for problem in problems:
        node = errors
        for part in problem.where:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append(_form_error(problem.message))
    return errors


def _violation_line(method: str, path: str, problems: list[Problem], shown: int = 5) -> str:
    listed = "; ".join(str(problem) for problem in problems[:shown])
    more = f"; and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{method} {path}: {listed}{more}"


def _rate_limit_headers(bucket: str, *, remaining: int, reset_after: float = 1.0) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def _injected(failure: Failure) -> Reply:
    """The reply ``fail_next`` asked for, shaped like Discord's (and Cloudflare's) own."""
    if failure.status == 429:
        retry = failure.retry_after
        body = {"message": "You are being rate limited.", "retry_after": retry, "global": False}
        headers = {
            **_rate_limit_headers("injected", remaining=0, reset_after=retry),
            "Retry-After": str(max(1, math.ceil(retry))),
            "X-RateLimit-Scope": "user",
            "Via": "1.1 google",  # without it, discord.py takes a 429 for a Cloudflare ban
        }
        return Reply(429, body, headers)
    if failure.status == 401:
        return _error(401, "401: Unauthorized", 0)
    if failure.status == 403:
        return _error(403, "Missing Permissions", 50013)
    if failure.status == 404:
        return UNKNOWN_CHANNEL
    if failure.status >= 500:
        return _error(failure.status, f"{failure.status}: Internal Server Error", 0)
    return _error(failure.status, f"{failure.status}: injected by the test", 0)


def _has_substance(payload: JSON, files: list[tuple[str, bytes]]) -> bool:
    keys = ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    return bool(files) or any(payload.get(key) for key in keys)


def _callback_body(interaction: FakeInteraction, kind: int, message: JSON | None) -> JSON:
    """The ``?with_response=1`` body that discord.py reads as an InteractionCallbackResponse."""
    summary: JSON = {
        "id": str(interaction.id),
        "type": interaction.type,
        "response_message_loading": kind == 5,
        "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
    }
    resource: JSON = {"type": kind}
    if message is not None:
        summary["response_message_id"] = message["id"]
        resource["message"] = copy.deepcopy(message)
    return {"interaction": summary, "resource": resource}
