"""The fake Discord works for the real discord.py: bare clients defined here, not FactBot.

Each test proves one thing the FactBot end-to-end tests rely on: login, events, intents,
interactions, rate limits, reconnects and the OpenAPI check.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
import traceback
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import aiohttp
import discord
import discord.gateway
import discord.http
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from tests.e2e.fake_discord import SPEC_PATH, FakeDiscord
from tests.e2e.fake_discord_spec import SpecChecker

GUILD = 91_000_000_000_000_001
CHANNEL = 92_000_000_000_000_001
OTHER_CHANNEL = 92_000_000_000_000_002
USER = 93_000_000_000_000_001
DM_CHANNEL = 94_000_000_000_000_001
MESSAGES = rf"/channels/{CHANNEL}/messages"

ClientT = TypeVar("ClientT", bound=discord.Client)  # Modal.on_submit is generic in the client


class Bot(commands.AutoShardedBot):
    """A bare bot that keeps what it saw and every error its handlers raised."""

    def __init__(self, intents: discord.Intents | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned, intents=intents or discord.Intents.default()
        )
        self.failures: list[str] = []
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.resumes = 0
        self.tree.error(self._on_tree_error)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        self.failures.append(f"{event_method}: {traceback.format_exc()}")

    async def _on_tree_error(
        self, interaction: discord.Interaction[Bot], error: app_commands.AppCommandError
    ) -> None:
        self.failures.append("".join(traceback.format_exception(error)))

    async def on_message(self, message: discord.Message) -> None:
        await self.seen.put(message)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.resumes += 1

    async def next_message(self) -> discord.Message:
        return await asyncio.wait_for(self.seen.get(), timeout=3)


def with_content() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.add_guild(GUILD, "Test guild", [CHANNEL, OTHER_CHANNEL])
        monkeypatch.setattr(discord.http.Route, "BASE", server.api_url)
        gateway = yarl.URL(server.gateway_url)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)
        yield server
        assert not server.server_errors, server.server_errors
        assert not server.spec_violations, server.spec_violations
        assert not server.unknown_routes, server.unknown_routes


@contextlib.asynccontextmanager
async def running(client: discord.Client, fake: FakeDiscord) -> AsyncIterator[None]:
    """Log ``client`` in to the fake and wait until it is ready; close it afterwards."""
    client._connection.guild_ready_timeout = 0.05
    task = asyncio.create_task(client.start(fake.token))
    try:
        await fake.wait_for_ready(count=fake.ready_count + 1)
        await asyncio.wait_for(client.wait_until_ready(), timeout=3)
        yield
    finally:
        await client.close()
        await asyncio.wait_for(task, timeout=3)
    if isinstance(client, Bot):
        assert not client.failures, client.failures


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    """A bot without the message-content intent, logged in."""
    client = Bot()
    async with running(client, fake):
        yield client


async def test_a_sharded_client_logs_in_and_sees_its_guild(fake: FakeDiscord) -> None:
    client = discord.AutoShardedClient(intents=discord.Intents.default())
    async with running(client, fake):
        assert client.user is not None
        assert client.user.id == FakeDiscord.BOT_USER_ID
        assert client.application_id == FakeDiscord.APPLICATION_ID
        assert client.shard_count == 1
        guild = client.get_guild(GUILD)
        assert guild is not None
        assert guild.name == "Test guild"
        assert not guild.unavailable
        assert guild.me is not None
        assert isinstance(guild.get_channel(CHANNEL), discord.TextChannel)
        assert guild.default_role.id == GUILD
    assert [(r.method, r.path) for r in fake.requests[:3]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("GET", "/gateway/bot"),
    ]
    assert fake.identify_count == 1
    assert fake.last_intents == discord.Intents.default().value


async def test_a_plain_client_connects_straight_to_the_gateway(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    async with running(client, fake):
        assert client.get_guild(GUILD) is not None
    assert not any(r.path == "/gateway/bot" for r in fake.requests)


async def test_replies_carry_exactly_the_json_content_type(fake: FakeDiscord) -> None:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_url}/users/@me", headers=headers) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["id"] == str(FakeDiscord.BOT_USER_ID)
        async with session.get(f"{fake.api_url}/nowhere", headers=headers) as response:
            assert response.status == 404
            assert await response.json() == {"message": "404: Not Found", "code": 0}
    unknown, violations = list(fake.unknown_routes), list(fake.spec_violations)
    fake.unknown_routes.clear()
    fake.spec_violations.clear()
    assert unknown == ["GET /nowhere"]
    # Only a fake that has Discord's API description can tell the route is not Discord's.
    expected = ["GET /nowhere: is not a route in Discord's API description"] if SPEC_PATH else []
    assert violations == expected


async def test_a_message_reaches_on_message_and_the_reply_is_captured(fake: FakeDiscord) -> None:
    bot = Bot(with_content())
    async with running(bot, fake):
        sent = fake.mark()
        asked = await fake.user_message(
            "ping", author_id=USER, channel_id=CHANNEL, guild_id=GUILD, author_name="ann"
        )
        message = await bot.next_message()
        assert message.content == "ping"
        assert message.author.name == "ann"
        assert isinstance(message.author, discord.Member)
        reply = await message.reply(
            "pong",
            embed=discord.Embed(title="Pong", description="Answer").add_field(name="a", value="b"),
            view=discord.ui.View(timeout=None).add_item(
                discord.ui.Button(label="Go", custom_id="go")
            ),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        request = await fake.wait_for_request("POST", MESSAGES, since=sent)
        assert request.status == 200
        assert request.authorization == f"Bot {fake.token}"
        assert request.json["content"] == "pong"
        assert request.json["message_reference"]["message_id"] == int(asked["id"])  # int, not str
        assert request.json["allowed_mentions"]["parse"] == []
        posted = fake.bot_messages[-1]
        assert posted["id"] == str(reply.id)
        assert posted["type"] == 19
        assert posted["referenced_message"]["id"] == asked["id"]
        assert reply.embeds[0].title == "Pong"
        assert reply.reference is not None
        assert reply.reference.message_id == int(asked["id"])
        with_file = await message.channel.send(
            "a file", file=discord.File(io.BytesIO(b"abc"), "a.txt")
        )
        upload = fake.requests[-1]
        assert upload.json["content"] == "a file"
        assert upload.files == [("a.txt", b"abc")]
        assert with_file.attachments[0].filename == "a.txt"
        assert with_file.attachments[0].size == 3
        edited = await with_file.edit(content="edited")
        assert edited.content == "edited"
        assert fake.bot_edits[-1]["content"] == "edited"
        async with message.channel.typing():
            pass


async def test_without_the_intent_guild_messages_not_for_the_bot_are_blank(
    fake: FakeDiscord, bot: Bot
) -> None:
    where: dict[str, Any] = {"author_id": USER, "channel_id": CHANNEL, "guild_id": GUILD}
    sent = await fake.user_message("a secret", **where)
    assert sent["content"] == "a secret"  # what a bot with the intent would see
    assert (await bot.next_message()).content == ""
    mention = f"<@{FakeDiscord.BOT_USER_ID}> hello"
    await fake.user_message(mention, mention_bot=True, **where)
    seen = await bot.next_message()
    assert seen.content == mention
    assert bot.user in seen.mentions
    own = await seen.channel.send("the bot's own words")
    assert (await bot.next_message()).id == own.id  # Discord echoes the bot's own posts
    await fake.user_message("a quiet reply", reply_to=fake.bot_messages[-1], **where)
    assert (await bot.next_message()).content == ""  # a reply with its ping off: blank
    await fake.user_message("a reply", reply_to=fake.bot_messages[-1], mention_bot=True, **where)
    replied = await bot.next_message()
    assert replied.content == "a reply"
    assert replied.reference is not None
    assert replied.reference.message_id == own.id
    await fake.user_message("in private", author_id=USER, channel_id=DM_CHANNEL)
    private = await bot.next_message()
    assert private.content == "in private"
    assert isinstance(private.channel, discord.DMChannel)
    await private.channel.send("private answer")
    assert fake.bot_messages[-1]["channel_id"] == str(DM_CHANNEL)
    dm = await (await bot.fetch_user(USER)).create_dm()
    assert dm.id == DM_CHANNEL


async def test_messages_need_the_message_intents(fake: FakeDiscord) -> None:
    intents = discord.Intents.default()
    intents.guild_messages = False
    client = Bot(intents)
    async with running(client, fake):
        await fake.user_message("unseen", author_id=USER, channel_id=CHANNEL, guild_id=GUILD)
        await fake.user_message("seen", author_id=USER, channel_id=DM_CHANNEL)
        assert (await client.next_message()).content == "seen"


def add_commands(bot: Bot) -> None:
    """An app-command tree with options, autocomplete, a group and a context menu."""

    @bot.tree.command(description="Ask a question")
    @app_commands.describe(question="What to ask")
    async def ask(
        interaction: discord.Interaction[Bot], question: str, private: bool = False
    ) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(discord.ui.Button(label="More", custom_id="ask:more"))
        await interaction.response.send_message(
            f"You asked: {question}",
            embed=discord.Embed(title="Answer", description=question),
            ephemeral=private,
            view=view,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        await interaction.followup.send("A followup", ephemeral=True)
        original = await interaction.original_response()
        await original.edit(content="Edited answer")

    @ask.autocomplete("question")
    async def ask_choices(
        interaction: discord.Interaction[Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{current} {n}", value=f"q{n}") for n in range(3)]

    facts = app_commands.Group(name="facts", description="Browse the facts")

    @facts.command(description="Show one fact")
    async def show(interaction: discord.Interaction[Bot], fact: str) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"Fact {fact}")

    @facts.command(name="list", description="List the facts")
    async def list_facts(interaction: discord.Interaction[Bot]) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.edit_original_response(content="All facts")

    bot.tree.add_command(facts)

    @bot.tree.context_menu(name="Check this")
    async def check(interaction: discord.Interaction[Bot], message: discord.Message) -> None:
        await interaction.response.send_message(f"Checked: {message.content}", ephemeral=True)


async def test_commands_sync_and_a_slash_command_is_answered(fake: FakeDiscord, bot: Bot) -> None:
    add_commands(bot)
    synced = await bot.tree.sync()
    assert {c.name for c in synced} == {"ask", "facts", "Check this"}
    [sync] = fake.command_syncs
    assert sync.method == "PUT"
    assert sync.path == f"/applications/{FakeDiscord.APPLICATION_ID}/commands"
    assert {c.id for c in await bot.tree.fetch_commands()} == {c.id for c in synced}

    option = {"name": "question", "type": 3, "value": "when?"}
    interaction = await fake.slash(
        "ask", [option], user_id=USER, guild_id=GUILD, channel_id=CHANNEL
    )
    assert interaction.payload["data"]["id"] == str(next(c.id for c in synced if c.name == "ask"))
    callback = await interaction.wait_for_response()
    assert callback.path.endswith("/callback")
    assert callback.query == {"with_response": "1"}
    assert callback.authorization is None
    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == "You asked: when?"
    assert not callback.json["data"].get("flags")
    followup = await interaction.wait_for_response(2)
    assert followup.method == "POST"
    assert followup.json["flags"] == 64
    edit = await interaction.wait_for_response(3)
    assert edit.method == "PATCH"
    assert edit.path.endswith("/messages/@original")
    assert [m["content"] for m in fake.bot_messages[-2:]] == ["You asked: when?", "A followup"]
    assert fake.bot_edits[-1]["content"] == "Edited answer"
    assert fake.bot_edits[-1]["id"] == fake.bot_messages[-2]["id"]

    private = {"name": "private", "type": 5, "value": True}
    interaction = await fake.slash(
        "ask", [option, private], user_id=USER, guild_id=None, channel_id=DM_CHANNEL
    )
    assert (await interaction.wait_for_response()).json["data"]["flags"] == 64
    await interaction.wait_for_response(3)


async def test_deferred_commands_and_subcommands(fake: FakeDiscord, bot: Bot) -> None:
    add_commands(bot)
    await bot.tree.sync(guild=discord.Object(GUILD))
    where: dict[str, Any] = {"user_id": USER, "guild_id": GUILD, "channel_id": CHANNEL}
    since = fake.bot_message_mark()
    show = {"name": "show", "type": 1, "options": [{"name": "fact", "type": 3, "value": "x"}]}
    interaction = await fake.slash("facts", [show], **where)
    assert (await interaction.wait_for_response()).json == {"type": 5}
    assert (await interaction.wait_for_response(2)).json["content"] == "Fact x"
    assert (await fake.wait_for_bot_message(since=since))["content"] == "Fact x"

    interaction = await fake.slash("facts", [{"name": "list", "type": 1}], **where)
    assert (await interaction.wait_for_response()).json == {"type": 5, "data": {"flags": 64}}
    await interaction.wait_for_response(2)
    filled = await fake.wait_for_bot_message(since=since + 1)
    assert filled["content"] == "All facts"
    assert filled["flags"] == 64  # the deferral's "loading" flag is gone, ephemeral stays


async def test_autocomplete_is_answered_with_choices(fake: FakeDiscord, bot: Bot) -> None:
    add_commands(bot)
    option = {"name": "question", "type": 3, "value": "whe", "focused": True}
    interaction = await fake.autocomplete(
        "ask", [option], user_id=USER, guild_id=GUILD, channel_id=CHANNEL
    )
    response = await interaction.wait_for_response()
    assert response.status == 204
    assert response.json == {
        "type": 8,
        "data": {"choices": [{"name": f"whe {n}", "value": f"q{n}"} for n in range(3)]},
    }


class AskModal(discord.ui.Modal, title="Ask a question"):
    question: discord.ui.TextInput[AskModal] = discord.ui.TextInput(label="Question")

    async def on_submit(self, interaction: discord.Interaction[ClientT]) -> None:
        await interaction.response.send_message(f"Asked: {self.question.value}")


class Pages(discord.ui.View):
    """Buttons answered in each way a component can be: update, deferred update, modal."""

    @discord.ui.button(label="Next", custom_id="pages:next")
    async def next_page(
        self, interaction: discord.Interaction[Bot], button: discord.ui.Button[Pages]
    ) -> None:
        await interaction.response.edit_message(content="Page 2")

    @discord.ui.button(label="Last", custom_id="pages:last")
    async def last_page(
        self, interaction: discord.Interaction[Bot], button: discord.ui.Button[Pages]
    ) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="Page 9")

    @discord.ui.button(label="Ask", custom_id="pages:ask")
    async def ask(
        self, interaction: discord.Interaction[Bot], button: discord.ui.Button[Pages]
    ) -> None:
        await interaction.response.send_modal(AskModal())


async def test_buttons_and_modals_are_answered(fake: FakeDiscord, bot: Bot) -> None:
    where: dict[str, Any] = {"user_id": USER, "guild_id": GUILD, "channel_id": CHANNEL}
    sent = await bot.get_partial_messageable(CHANNEL).send("Page 1", view=Pages(timeout=None))
    posted = fake.bot_messages[-1]
    assert [b["custom_id"] for b in posted["components"][0]["components"]] == [
        "pages:next",
        "pages:last",
        "pages:ask",
    ]
    clicked = await fake.click(posted, "pages:next", **where)
    response = await clicked.wait_for_response()
    assert response.json["type"] == 7
    assert response.json["data"]["content"] == "Page 2"
    assert fake.bot_messages[-1]["id"] == str(sent.id)
    assert fake.bot_messages[-1]["content"] == "Page 2"

    clicked = await fake.click(posted, "pages:last", **where)
    assert (await clicked.wait_for_response()).json == {"type": 6}
    edit = await clicked.wait_for_response(2)
    assert edit.path.endswith("/messages/@original")
    assert fake.bot_edits[-1]["id"] == str(sent.id)
    assert fake.bot_edits[-1]["content"] == "Page 9"

    clicked = await fake.click(posted, "pages:ask", **where)
    modal = (await clicked.wait_for_response()).json
    assert modal["type"] == 9
    assert modal["data"]["title"] == "Ask a question"
    [row] = modal["data"]["components"]
    [text_input] = row["components"]
    submit = {
        "custom_id": modal["data"]["custom_id"],
        "components": [{"type": 1, "components": [{**text_input, "value": "when is it due?"}]}],
    }
    submitted = await fake.interaction(5, submit, message=posted, **where)
    answer = await submitted.wait_for_response()
    assert answer.json["data"]["content"] == "Asked: when is it due?"


async def test_a_message_command_sees_the_target_content(fake: FakeDiscord, bot: Bot) -> None:
    add_commands(bot)
    target = await fake.user_message("a claim", author_id=USER, channel_id=CHANNEL, guild_id=GUILD)
    assert (await bot.next_message()).content == ""  # no intent: blank in MESSAGE_CREATE
    interaction = await fake.message_command(
        "Check this", target, user_id=USER, guild_id=GUILD, channel_id=CHANNEL
    )
    answer = await interaction.wait_for_response()
    assert answer.json["data"]["content"] == "Checked: a claim"  # but not in the menu's target
    assert answer.json["data"]["flags"] == 64


async def test_an_interaction_answered_too_late_is_unknown(fake: FakeDiscord, bot: Bot) -> None:
    add_commands(bot)
    fake.interaction_timeout = 0.0
    option = {"name": "question", "type": 3, "value": "late?"}
    interaction = await fake.slash(
        "ask", [option], user_id=USER, guild_id=GUILD, channel_id=CHANNEL
    )
    assert (await interaction.wait_for_response()).status == 404
    await fake.wait_until(lambda: bool(bot.failures), what="the bot's error")
    assert "10062" in bot.failures.pop()  # Unknown interaction


async def test_a_429_is_retried_after_retry_after(fake: FakeDiscord, bot: Bot) -> None:
    fake.fail_next("POST", MESSAGES, 429, retry_after=0.05)
    since = fake.mark()
    started = time.monotonic()
    await bot.get_partial_messageable(CHANNEL).send("hello")
    assert time.monotonic() - started >= 0.05
    assert [r.status for r in fake.requests[since:]] == [429, 200]
    assert len(fake.bot_messages) == 1


async def test_a_403_is_an_error_for_the_bot(fake: FakeDiscord, bot: Bot) -> None:
    fake.fail_next("POST", MESSAGES, 403)
    with pytest.raises(discord.Forbidden) as caught:
        await bot.get_partial_messageable(CHANNEL).send("hello")
    assert caught.value.code == 50013
    assert fake.bot_messages == []


async def test_op7_reconnect_resumes_and_replays_missed_events(fake: FakeDiscord, bot: Bot) -> None:
    await fake.request_reconnect()
    await fake.user_message("while away", author_id=USER, channel_id=DM_CHANNEL)
    await fake.wait_for_resume()
    assert (await bot.next_message()).content == "while away"
    await fake.user_message("after", author_id=USER, channel_id=DM_CHANNEL)
    assert (await bot.next_message()).content == "after"
    assert (fake.identify_count, fake.resume_count) == (1, 1)
    assert fake.last_intents == bot.intents.value
    assert bot.resumes == 1


async def test_a_dropped_socket_resumes(fake: FakeDiscord, bot: Bot) -> None:
    await fake.drop_connection()
    await fake.user_message("while away", author_id=USER, channel_id=DM_CHANNEL)
    await fake.wait_for_resume()
    assert (await bot.next_message()).content == "while away"
    assert fake.identify_count == 1


async def test_an_invalid_session_resumes_or_identifies_again(fake: FakeDiscord) -> None:
    class Quick(Bot):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            pass  # discord.py sleeps 5 s before a re-IDENTIFY

    client = Quick()
    async with running(client, fake):
        await fake.invalidate_session(resumable=True)
        await fake.wait_for_resume()
        await fake.invalidate_session(resumable=False)
        await fake.wait_for_ready(count=2)
        await fake.user_message("new session", author_id=USER, channel_id=DM_CHANNEL)
        assert (await client.next_message()).content == "new session"
    assert (fake.identify_count, fake.resume_count) == (2, 1)


async def test_spec_violations_are_reported_and_refused(
    fake: FakeDiscord, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    channel = bot.get_partial_messageable(CHANNEL)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(embed=discord.Embed(title="x" * 300))
    assert caught.value.status == 400
    assert "256" in str(caught.value)
    with pytest.raises(discord.HTTPException):
        await bot.http.send_message(
            CHANNEL, params=discord.http.handle_message_parameters("y" * 2001)
        )
    assert fake.spec_violations == [
        f"POST /channels/{CHANNEL}/messages: embeds/0/title too long (300 > 256 characters)",
        f"POST /channels/{CHANNEL}/messages: content too long (2001 > 2000 characters)",
    ]
    fake.spec_violations.clear()

    @bot.tree.command(description="Too many choices")
    async def many(interaction: discord.Interaction[Bot], pick: str) -> None:
        raise AssertionError("not called")

    @many.autocomplete("pick")
    async def many_choices(
        interaction: discord.Interaction[Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=str(n), value=str(n)) for n in range(30)]

    option = {"name": "pick", "type": 3, "value": "", "focused": True}
    interaction = await fake.autocomplete(
        "many", [option], user_id=USER, guild_id=GUILD, channel_id=CHANNEL
    )
    assert (await interaction.wait_for_response()).status == 400
    # discord.py logs a failed autocomplete; it never reaches tree.on_error.
    await fake.wait_until(lambda: "50035" in caplog.text, what="the autocomplete error log")
    assert fake.spec_violations == [
        f"POST /interactions/{interaction.id}/{interaction.token}/callback: "
        "data/choices has too many items (30 > 25)"
    ]
    fake.spec_violations.clear()


async def test_a_rejected_token_is_a_login_failure(fake: FakeDiscord) -> None:
    client = discord.AutoShardedClient(intents=discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.start("not-the-token")
    finally:
        await client.close()
    assert [(r.path, r.status) for r in fake.requests] == [("/users/@me", 401)]


async def test_privileged_intents_off_in_the_portal_stop_the_bot(fake: FakeDiscord) -> None:
    fake.allowed_privileged_intents = 0
    client = Bot(with_content())
    try:
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await asyncio.wait_for(client.start(fake.token), timeout=3)
    finally:
        await client.close()
    assert fake.gateway_errors == ["closed 4014: Disallowed intent(s)."]


needs_spec = pytest.mark.skipif(SPEC_PATH is None, reason="Discord's OpenAPI file is not there")


@needs_spec
def test_the_spec_catches_what_the_own_limits_do_not() -> None:
    checker = SpecChecker(SPEC_PATH)
    body = {"content": "hi", "tts": "yes", "embeds": [{"color": 1 << 25}]}
    problems = checker.check("POST", "/channels/1/messages", {}, body, has_body=True)
    assert [str(p) for p in problems] == [
        "embeds/0/color 33554432 is above the maximum 16777215",
        "tts must be of type ['boolean', 'null'], not 'yes'",
    ]


@needs_spec
def test_the_spec_is_loosened_where_discord_is_looser() -> None:
    checker = SpecChecker(SPEC_PATH)
    # discord.py's integer snowflakes and "1" for true are fine, as on Discord.
    reply = {"content": "hi", "message_reference": {"message_id": 12, "channel_id": 3}}
    assert checker.check("POST", "/channels/1/messages", {}, reply, has_body=True) == []
    followup = {"content": "hi"}
    query = {"wait": "1", "with_components": "0"}
    assert checker.check("POST", "/webhooks/1/abc", query, followup, has_body=True) == []


def test_the_own_limits_apply_without_the_spec() -> None:
    checker = SpecChecker(None)
    body = {
        "content": "x" * 2001,
        "embeds": [{"description": "d" * 4000}, {"description": "e" * 2100}],
    }
    problems = checker.check("POST", "/channels/1/messages", {}, body, has_body=True)
    assert [str(p) for p in problems] == [
        "content too long (2001 > 2000 characters)",
        "embeds hold 6100 characters in all (> 6000)",
    ]
    commands = [{"name": "Ask", "description": "", "options": [{"name": "q", "description": "d"}]}]
    problems = checker.check("PUT", "/applications/1/commands", {}, commands, has_body=True)
    assert [str(p) for p in problems] == [
        "0/name 'Ask' is not a lowercase command name",
        "0/description must be 1-100 characters, not 0",
    ]
