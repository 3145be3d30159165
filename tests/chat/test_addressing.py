"""Which chat messages FactBot treats as questions, and what it strips from them."""

from __future__ import annotations

import pytest

from bot.chat.addressing import Incoming, addressed, mention_pattern

BOT = 555
ROLE = 777
MENTION = mention_pattern(BOT, ROLE)


def _guild(content: str, mentions_bot: bool = False, replies_to_bot: bool = False) -> Incoming:
    return Incoming(content, in_dm=False, mentions_bot=mentions_bot, replies_to_bot=replies_to_bot)


@pytest.mark.parametrize(
    "content",
    [
        f"<@{BOT}> when is solid-state due?",
        f"<@!{BOT}> when is solid-state due?",
        f"when is solid-state due? <@{BOT}>",
        f"<@&{ROLE}>   when is solid-state   due?",
    ],
)
def test_a_mention_anywhere_asks_the_rest(content: str) -> None:
    asked = addressed(_guild(content, mentions_bot=True), MENTION, prefix=None)
    assert asked is not None
    assert asked.question == "when is solid-state due?"
    assert not asked.wants_help


def test_plain_server_chat_is_left_alone() -> None:
    assert addressed(_guild("when is solid-state due?"), MENTION, prefix=None) is None
    # A reply that pings the bot but does not write its mention is not a question...
    assert addressed(_guild("thanks all", mentions_bot=True), MENTION, prefix=None) is None


def test_a_reply_to_the_bot_is_a_follow_up_question() -> None:
    asked = addressed(_guild("and the range?", replies_to_bot=True), MENTION, prefix=None)
    assert asked is not None
    assert asked.question == "and the range?"


def test_a_blank_reply_is_not_a_question() -> None:
    # Without the message-content intent, a reply to the bot with its ping off arrives blank.
    assert addressed(_guild("", replies_to_bot=True), MENTION, prefix=None) is None


def test_every_direct_message_is_a_question() -> None:
    asked = addressed(Incoming("what range?", True, False, False), MENTION, prefix=None)
    assert asked is not None
    assert asked.question == "what range?"


def test_an_empty_dm_gets_help() -> None:
    asked = addressed(Incoming("", True, False, False), MENTION, prefix=None)
    assert asked is not None
    assert asked.wants_help


@pytest.mark.parametrize("content", ["help", "HELP!", "  ?  "])
def test_help_in_words_is_passed_on_for_the_engine_to_tell(content: str) -> None:
    """What is a request for help is data (the engine's small talk), not a list here."""
    asked = addressed(Incoming(content, True, False, False), MENTION, prefix=None)
    assert asked is not None
    assert not asked.wants_help
    assert asked.question == content.strip()


def test_a_bare_mention_gets_help() -> None:
    asked = addressed(_guild(f"<@{BOT}>", mentions_bot=True), MENTION, prefix=None)
    assert asked is not None
    assert asked.wants_help


def test_the_prefix_works_only_when_given_and_as_a_word() -> None:
    message = _guild("!ask when is solid-state due?")
    assert addressed(message, MENTION, prefix=None) is None
    asked = addressed(message, MENTION, prefix="!ask")
    assert asked is not None
    assert asked.question == "when is solid-state due?"
    assert addressed(_guild("!asking around"), MENTION, prefix="!ask") is None
    upper = addressed(_guild("!ASK range?"), MENTION, prefix="!ask")
    assert upper is not None
    assert upper.question == "range?"


def test_someone_elses_mention_stays_in_the_question() -> None:
    asked = addressed(_guild(f"<@{BOT}> did <@123> say 2028?", True), MENTION, prefix=None)
    assert asked is not None
    assert asked.question == "did <@123> say 2028?"
