"""Asking FactBot in every way people do, through the real client and the fake Discord."""

from __future__ import annotations

from typing import Any

from bot.chat.client import FactBot
from bot.chat.cogs.slash import CHECK_MENU_NAME
from bot.service.pages import fact_pages
from tests.e2e.conftest import (
    CHANNEL,
    GUILD,
    MEMBER,
    OTHER_CHANNEL,
    StartBot,
    ask_in_server,
    mention,
)
from tests.e2e.fake_discord import FakeDiscord

DM_CHANNEL = 84_000_000_000_000_001
SOLID_STATE_QUOTE = "Around 2028, the company anticipates the release of its initial"
MESSAGES = rf"/channels/{CHANNEL}/messages"


def _embed(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body.get("embeds") or []
    assert len(embeds) == 1, body
    embed: dict[str, Any] = embeds[0]
    return embed


def _buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [button for row in body.get("components") or [] for button in row["components"]]


async def test_a_mention_in_a_server_gets_a_reply_with_the_fact(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.mark()
    asked = await ask_in_server(fake, "when is solid-state due?")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    embed = _embed(request.json)
    assert embed["title"] == "Around 2028."
    assert SOLID_STATE_QUOTE in embed["description"]
    assert "solid-state-release" in embed["footer"]["text"]
    assert str(request.json["message_reference"]["message_id"]) == asked["id"]
    # A question deleted before the answer is posted must not make the reply fail.
    assert request.json["message_reference"]["fail_if_not_exists"] is False
    assert request.json["allowed_mentions"]["parse"] == []


async def test_without_the_intent_only_messages_for_the_bot_are_answered(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    assert fake.last_intents is not None
    assert not fake.last_intents & (1 << 15)
    since = fake.mark()
    # Blanked by Discord (and the fake): the bot cannot even see this one.
    await fake.user_message(
        "!ask when is solid-state due?", author_id=MEMBER, channel_id=CHANNEL, guild_id=GUILD
    )
    asked = await ask_in_server(fake, "what range will the solid-state batteries have?")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert str(request.json["message_reference"]["message_id"]) == asked["id"]
    bot_message = fake.bot_messages[-1]
    # A reply with its ping off arrives blank without the intent: nothing to answer.
    since = fake.mark()
    await fake.user_message(
        "and how fast will they charge?",
        author_id=MEMBER,
        channel_id=CHANNEL,
        guild_id=GUILD,
        reply_to=bot_message,
    )
    # With the ping on (Discord's default for a reply) it is a follow-up question.
    await fake.user_message(
        "and how fast will they charge?",
        author_id=MEMBER,
        channel_id=CHANNEL,
        guild_id=GUILD,
        reply_to=bot_message,
        mention_bot=True,
    )
    follow_up = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert "charging" in _embed(follow_up.json)["footer"]["text"]
    replies = [r for r in fake.requests if r.method == "POST" and r.path == MESSAGES]
    assert len(replies) == 2


async def test_the_prefix_works_with_the_intent_on(start_bot: StartBot, fake: FakeDiscord) -> None:
    await start_bot(message_content=True)
    assert fake.last_intents is not None
    assert fake.last_intents & (1 << 15)
    since = fake.mark()
    await fake.user_message(
        "!ask when is solid-state due?", author_id=MEMBER, channel_id=CHANNEL, guild_id=GUILD
    )
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert _embed(request.json)["title"] == "Around 2028."


async def test_every_direct_message_is_a_question(factbot: FactBot, fake: FakeDiscord) -> None:
    since = fake.mark()
    await fake.user_message("who owns primeearth?", author_id=MEMBER, channel_id=DM_CHANNEL)
    request = await fake.wait_for_request("POST", rf"/channels/{DM_CHANNEL}/messages", since=since)
    assert "Toyota" in _embed(request.json)["title"]
    since = fake.mark()
    await fake.user_message("help", author_id=MEMBER, channel_id=DM_CHANNEL)
    request = await fake.wait_for_request("POST", rf"/channels/{DM_CHANNEL}/messages", since=since)
    assert "/ask" in request.json["content"]


async def test_conversation_gets_its_reply_with_no_fact_or_votes(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.mark()
    await ask_in_server(fake, "thanks so much!")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert request.json["content"].startswith("Glad to help!")
    assert not request.json.get("embeds")
    assert not request.json.get("components")  # nothing to vote on
    since = fake.mark()
    await ask_in_server(fake, "clear")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert request.json["content"].startswith("Ask me a whole question")
    assert await factbot.database.unanswered(GUILD) == []


async def test_a_near_miss_is_declined_with_what_the_article_says_nearby(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.mark()
    await ask_in_server(fake, "how many gwh does panasonic make a year")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    content = request.json["content"]
    assert content.startswith("The article doesn't say that about Panasonic.")
    assert "not an answer to your question" in content
    assert "> Toyota's objective is to achieve an annual production of 9 GWh" in content
    assert not request.json.get("embeds")  # not an answer: no fact footer to follow up
    # Not answered, so it is learned like any other unanswered question.
    unanswered = await factbot.database.unanswered(GUILD)
    assert [item.question for item in unanswered] == ["how many gwh does panasonic make a year"]


async def test_at_everyone_in_a_question_pings_nobody(factbot: FactBot, fake: FakeDiscord) -> None:
    since = fake.mark()
    await ask_in_server(fake, f"@everyone <@&{GUILD}> when is solid-state due?")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert request.json["allowed_mentions"]["parse"] == []
    assert request.json["allowed_mentions"].get("replied_user") in (None, False)
    assert request.json["allowed_mentions"].get("roles", []) == []
    assert request.json["allowed_mentions"].get("users", []) == []


async def test_slash_ask_answers_and_can_be_private(factbot: FactBot, fake: FakeDiscord) -> None:
    option = {"name": "question", "type": 3, "value": "how far can the performance battery go"}
    interaction = await fake.slash(
        "ask", [option], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    response = await interaction.wait_for_response()
    assert response.json["type"] == 4
    assert "800" in _embed(response.json["data"])["title"]
    assert not (response.json["data"].get("flags") or 0) & 64
    private = {"name": "private", "type": 5, "value": True}
    interaction = await fake.slash(
        "ask", [option, private], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    response = await interaction.wait_for_response()
    assert response.json["data"]["flags"] & 64


async def test_autocomplete_offers_the_question_for_partial_and_misspelt_input(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    for typed in ("when is sol", "whn wil solid stat batteris com out"):
        option = {"name": "question", "type": 3, "value": typed, "focused": True}
        interaction = await fake.autocomplete(
            "ask", [option], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
        )
        response = await interaction.wait_for_response()
        assert response.json["type"] == 8
        choices = response.json["data"]["choices"]
        assert 1 <= len(choices) <= 25
        assert choices[0]["value"] == "When will solid-state batteries be released?"
    # Nothing typed yet: known questions, no more than Discord's 25 (the pack has 30).
    option = {"name": "question", "type": 3, "value": "", "focused": True}
    interaction = await fake.autocomplete(
        "ask", [option], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    assert len((await interaction.wait_for_response()).json["data"]["choices"]) == 25
    # Picking the choice answers that fact.
    picked = {"name": "question", "type": 3, "value": choices[0]["value"]}
    interaction = await fake.slash(
        "ask", [picked], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    response = await interaction.wait_for_response()
    assert "solid-state-release" in _embed(response.json["data"])["footer"]["text"]


async def test_a_suggestion_button_answers_its_question(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    since = fake.bot_message_mark()
    await fake.user_message("what's the range?", author_id=MEMBER, channel_id=DM_CHANNEL)
    declined = await fake.wait_for_bot_message(since=since)
    assert declined["content"].startswith("The article doesn't say")
    buttons = _buttons(declined)
    assert 1 <= len(buttons) <= 3
    assert all(len(button["label"]) <= 80 for button in buttons)
    target = next(b for b in buttons if b["custom_id"].endswith(":performance-range"))
    interaction = await fake.click(
        declined, target["custom_id"], user_id=MEMBER, guild_id=None, channel_id=DM_CHANNEL
    )
    response = await interaction.wait_for_response()
    assert response.json["type"] == 4
    assert "performance-range" in _embed(response.json["data"])["footer"]["text"]


async def test_facts_list_pages_with_buttons(factbot: FactBot, fake: FakeDiscord) -> None:
    interaction = await fake.slash(
        "facts", [{"name": "list", "type": 1}], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    first = await interaction.wait_for_response()
    page = _embed(first.json["data"])
    total = len(fact_pages([(pack, pack.facts) for pack in factbot.engine.packs]))
    assert page["footer"]["text"] == f"Page 1 of {total}"
    message = fake.bot_messages[-1]
    next_button = next(b for b in _buttons(message) if b["custom_id"].endswith(":next"))
    clicked = await fake.click(
        message, next_button["custom_id"], user_id=MEMBER, guild_id=GUILD, channel_id=CHANNEL
    )
    second = await clicked.wait_for_response()
    assert second.json["type"] == 7
    assert _embed(second.json["data"])["footer"]["text"] == f"Page 2 of {total}"
    shown = {field for b in _buttons(second.json["data"]) for field in [b["custom_id"]]}
    assert any(custom_id.endswith(":prev") for custom_id in shown)


async def test_facts_show_about_and_help(factbot: FactBot, fake: FakeDiscord) -> None:
    where: dict[str, Any] = {"user_id": MEMBER, "guild_id": GUILD, "channel_id": CHANNEL}
    option = {"name": "fact", "type": 3, "value": "primeearth", "focused": True}
    interaction = await fake.autocomplete(
        "facts", [{"name": "show", "type": 1, "options": [option]}], **where
    )
    choices = (await interaction.wait_for_response()).json["data"]["choices"]
    assert choices[0]["value"].startswith("primeearth-")
    chosen = {"name": "fact", "type": 3, "value": choices[0]["value"]}
    interaction = await fake.slash(
        "facts", [{"name": "show", "type": 1, "options": [chosen]}], **where
    )
    shown = await interaction.wait_for_response()
    assert choices[0]["value"] in _embed(shown.json["data"])["footer"]["text"]
    about = await (await fake.slash("about", [], **where)).wait_for_response()
    fields = {field["name"]: field["value"] for field in _embed(about.json["data"])["fields"]}
    assert "Toyota Gains Approval" in fields["Sources"]
    assert fields["Facts loaded"] == "30"
    assert "scope=bot+applications.commands" in fields["Invite"]
    helped = await (await fake.slash("help", [], **where)).wait_for_response()
    assert "/ask" in helped.json["data"]["content"]


async def test_the_context_menu_checks_a_message_against_the_facts(
    factbot: FactBot, fake: FakeDiscord
) -> None:
    claim = await fake.user_message(
        "Toyota's solid-state batteries are coming around 2028, right?",
        author_id=MEMBER,
        channel_id=OTHER_CHANNEL,
        guild_id=GUILD,
    )
    interaction = await fake.message_command(
        CHECK_MENU_NAME, claim, user_id=MEMBER, guild_id=GUILD, channel_id=OTHER_CHANNEL
    )
    response = await interaction.wait_for_response()
    assert response.json["data"]["flags"] & 64
    assert _embed(response.json["data"])["title"] == "Around 2028."


async def test_other_bots_are_ignored(factbot: FactBot, fake: FakeDiscord) -> None:
    since = fake.mark()
    await fake.user_message(
        f"{mention(fake)} when is solid-state due?",
        author_id=MEMBER + 99,
        channel_id=CHANNEL,
        guild_id=GUILD,
        mention_bot=True,
        author_bot=True,
    )
    asked = await ask_in_server(fake, "who owns primeearth?")
    request = await fake.wait_for_request("POST", MESSAGES, since=since)
    assert str(request.json["message_reference"]["message_id"]) == asked["id"]
    replies = [r for r in fake.requests[since:] if r.method == "POST" and r.path == MESSAGES]
    assert len(replies) == 1
