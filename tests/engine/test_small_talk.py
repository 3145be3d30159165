"""Conversation is not a question about the article: greetings, thanks, "help", "who made
you", a lone word each get their own reply, never a fact.

`tests/data/small_talk_first.jsonl` was written by a tester who had not seen the code (50
messages of conversation and 10 that hold a real question). The matcher was then changed
twice while looking at what it got wrong there (the method, no phrase added for a message),
so its figures are in-sample: held here as a floor. `small_talk_fresh.jsonl` (56 and 14),
written blind by another tester, was measured once held out (34 of 56 their reply, 3 a
fact); the messages about the bot itself (`about_the_bot` in `small_talk.toml`) were then
built after reading its 3 and the first set's 1, so both sets are in-sample since.

`heldout/small_talk/` (64 and 16, blind, though its writer was given three of the fresh
set's misses as examples of hard cases) was measured once after the rules of 2026-12-04's
first commit: 28 of 64 their reply, 3 a fact. Reading it by meaning (`closest_in_meaning`),
letters held down let go and the greetings of other languages came after reading its
misses: in-sample since. `heldout/small_talk2/` (81 and 19, blind, no examples given) was
measured once after those: 44 of 81 their reply, 3 a fact (34 and 3 before that day's
changes); the rule for answered messages that mean conversation
(`means_conversation`) was chosen after reading its misses. `heldout/small_talk3/` (81 and
19, blind) was measured once after that: 50 of 81 their reply, 4 a fact, 15 of the 19
questions read as questions and answered; the rule for thin answers (`thin.py`) came after
reading it. `heldout/small_talk4/` (80 and 20, blind) was measured once after the review
fixes of that day: 40 of 80 their reply, 3 a fact, the 20 questions answered; the rule
for a making verb with the bot as its object ("did toyota make you?") came after reading it.
`heldout/small_talk5/` (81 and 19, blind) was measured once after that: 46 of 81 their
reply, none a fact, the 19 questions answered; reading it found that a message was
embedded as typed, capitals and punctuation, against phrases written without them ("How
are you today?" was near nothing), fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.small_talk import ONE_WORD, small_talk

DATA = Path(__file__).parents[1] / "data"


def _messages(name: str) -> list[tuple[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [(item["message"], item["intent"]) for item in map(json.loads, lines)]


def _outcomes(engine: Engine, name: str) -> Counter[str]:
    """Per message: its intent's reply, another intent's, a fact (the worst), or, for a
    message that holds a question, whether it was read as one."""
    counts: Counter[str] = Counter()
    for message, intent in _messages(name):
        answer = engine.ask(message)
        if intent == "question":
            counts["question read as one" if answer.intent is None else "question missed"] += 1
        elif answer.answered:
            counts["given a fact"] += 1
        elif answer.intent == intent:
            counts["its reply"] += 1
        else:
            counts["another reply" if answer.intent else "declined as a question"] += 1
    return counts


def test_the_blind_small_talk_sets_in_sample_since(engine: Engine) -> None:
    first = _outcomes(engine, "heldout/small_talk/small_talk.jsonl")
    assert first["its reply"] >= 44  # of 64
    assert first["given a fact"] == 0
    assert first["question read as one"] == 16
    second = _outcomes(engine, "heldout/small_talk2/small_talk.jsonl")
    assert second["its reply"] >= 46  # of 81
    assert second["given a fact"] == 0
    assert second["question read as one"] == 19
    third = _outcomes(engine, "heldout/small_talk3/small_talk.jsonl")
    assert third["its reply"] >= 51  # of 81
    assert third["given a fact"] == 0
    assert third["question read as one"] == 19


def test_the_fifth_blind_small_talk_set(engine: Engine) -> None:
    counts = _outcomes(engine, "heldout/small_talk5/small_talk.jsonl")
    assert counts["its reply"] >= 48  # of 81
    assert counts["given a fact"] == 0
    assert counts["question read as one"] == 19


def test_the_fourth_blind_small_talk_set(engine: Engine) -> None:
    counts = _outcomes(engine, "heldout/small_talk4/small_talk.jsonl")
    assert counts["its reply"] >= 47  # of 80
    # "Thank u!! gonna share that in #toyota-chat": when the roadmap came out.
    assert counts["given a fact"] <= 1
    assert counts["question read as one"] == 20


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("hiii 👋", "greeting"),
        ("byeee", "goodbye"),
        ("bonjour", "greeting"),
        ("merci beaucoup", "thanks"),
        ("¿cómo estás?", "how_are_you"),
        ("こんにちは", "greeting"),
        ("спасибо", "thanks"),
        # By meaning: no phrase holds "gtg" or "today", but these mean "ttyl", "how r u".
        ("gtg ttyl", "goodbye"),
        ("how r u doing today", "how_are_you"),
        ("How are you today?", "how_are_you"),  # as typed, capitals and all
        # "type" matched the battery varieties; it means "what do i type".
        ("what am i supposed to type", "help"),
        # The bot as the object of a making verb, whatever else is named.
        ("did toyota make you?", "who_made_you"),
        # The member ("i") and a verb of using the bot ending a clause.
        ("is there a command list or do i just type?", "help"),
        ("i have a question", "help"),  # "question" is chat noise: "i have a"
        # Asking a kind of answer, but of the bot, not of anything the article names.
        ("where are you from", "how_it_works"),
    ],
)
def test_conversation_in_other_words_gets_its_reply(
    engine: Engine, message: str, intent: str
) -> None:
    answer = engine.ask(message)
    assert (answer.intent, answer.answered) == (intent, False)


@pytest.mark.parametrize(
    "message",
    [
        "who wrote this article",  # nearest "who wrote you", but it asks of the article
        "ok so how far can it go",  # "ok" reads like thanks; it asks a range of "it"
        "cool so who makes them",
        "can i ask what the range is",  # like "what can i ask", but it asks a range
        "can toyota build you a car with 1000 km range",  # "you" is no object of "build"
        # A verb of making or using the bot beside a question of the article's own.
        "can i ask a question? how much is japan investing",
        "Which battery type should I use?",
        "How much will a car with the High Performance battery run you?",
        "who made you, and when is the performance battery out",
    ],
)
def test_a_question_about_the_article_is_no_conversation(engine: Engine, message: str) -> None:
    assert engine.ask(message).intent is None


def test_the_first_testers_messages_in_sample(engine: Engine) -> None:
    counts = _outcomes(engine, "small_talk_first.jsonl")
    # Of 50: 40 before question words ("ok and when?") counted as asking something.
    assert counts["its reply"] >= 46
    assert counts["given a fact"] == 0
    assert counts["question read as one"] == 10


def test_the_fresh_testers_messages_held_out(engine: Engine) -> None:
    counts = _outcomes(engine, "small_talk_fresh.jsonl")
    assert counts["its reply"] >= 46  # of 56
    assert counts["given a fact"] == 0
    assert counts["question read as one"] == 14


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("hi", "greeting"),
        ("Hey FactBot!", "greeting"),
        ("good morning everyone", "greeting"),
        ("thanks!", "thanks"),
        ("thank you so much", "thanks"),
        ("ok cool", "thanks"),
        ("bye", "goodbye"),
        ("help", "help"),
        ("?", "help"),
        ("how do i use this", "help"),
        ("what can you do", "capabilities"),
        ("how does this work", "how_it_works"),
        ("are you chatgpt?", "how_it_works"),
        ("who made you", "who_made_you"),
        ("how r u", "how_are_you"),
        ("why", ONE_WORD),
        ("clear", ONE_WORD),
        ("range?", ONE_WORD),
    ],
)
def test_conversation_gets_its_kinds_reply_and_no_fact(
    engine: Engine, message: str, intent: str
) -> None:
    answer = engine.ask(message)
    assert answer.intent == intent
    assert not answer.answered
    assert answer.fact_id is None
    assert not answer.sources
    assert answer.reply
    assert "Toyota" in answer.reply


def test_help_and_a_lone_word_point_to_questions_it_answers(engine: Engine) -> None:
    helped = engine.ask("help")
    assert helped.reply is not None
    assert engine.facts()[0].question in helped.reply
    ranged = engine.ask("range")
    assert ranged.suggestions  # the questions about range
    assert all("range" in s.question.casefold() for s in ranged.suggestions[:2])


@pytest.mark.parametrize(
    "question",
    [
        "hi, when is solid-state due?",
        "thanks! and how far can the performance one go?",
        "who runs the gigafactory in aichi",  # a question the article cannot answer
        "what's 2+2",
        "how does toyota make the batteries",
    ],
)
def test_a_message_that_asks_something_is_a_question(engine: Engine, question: str) -> None:
    assert engine.ask(question).intent is None


def test_no_phrase_is_in_two_kinds() -> None:
    """Loading checks it: a phrase of two kinds would make one of them unreachable."""
    talk = small_talk()
    assert len({intent.name for intent in talk.by_phrase.values()}) == 8


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("is this thing running on gpt", "how_it_works"),
        ("whats this thing for", "capabilities"),
        # One word of the article's ("own", "purpose" as a reason) is not enough to make a
        # message about the bot a question about the article.
        ("who owns this bot", "who_made_you"),
    ],
)
def test_a_message_about_the_bot_itself_is_conversation(
    engine: Engine, message: str, intent: str
) -> None:
    answer = engine.ask(message)
    assert not answer.answered
    assert answer.intent == intent


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("can you tell me when solid state comes out", "solid-state-release"),
        ("do you know the range of the performance battery", "performance-range"),
        ("does your article say who owns primeearth", "primeearth-ownership"),
        # "your" alone does not make it about the bot: the article answers it.
        ("how fast do your batteries charge", "high-performance-charging"),
    ],
)
def test_a_question_about_the_article_addressed_to_the_bot_is_a_question(
    engine: Engine, message: str, fact_id: str
) -> None:
    # Something of the article's own (a subject: Primeearth) beside "your" keeps it a question.
    answer = engine.ask(message)
    assert answer.intent is None
    assert answer.fact_id == fact_id


@pytest.mark.parametrize("message", ["gtg ttyl", "hi", "did toyota make you", "when is it out"])
def test_an_engine_serving_no_pack_still_replies(message: str) -> None:
    # A server can serve none of the packs; a document with no prose drafts to none.
    empty = Engine([])
    assert not empty.ask(message).answered
    assert not empty.ask(message, after="performance-range").answered
