"""The replier: the same checks and look for every way of asking."""

from __future__ import annotations

import pytest

from bot.chat.cooldown import Cooldown
from bot.chat.render import DECLINED, fact_pages, help_text
from bot.chat.replies import UNKNOWN_FACT, Replier
from bot.chat.views import AskButton
from bot.engine import Engine
from bot.knowledge import Pack


@pytest.fixture
def replier(engine: Engine) -> Replier:
    return Replier(engine, max_length=100, cooldown=Cooldown(questions=3, seconds=60))


async def test_an_answer_is_an_embed_quoting_the_article(replier: Replier) -> None:
    reply = replier.to_question(1, "when is solid-state due?")
    assert reply.embed is not None
    assert reply.embed.title == "Around 2028."
    assert reply.answer is not None
    assert reply.answer.fact_id == "solid-state-release"
    assert not reply.private


async def test_a_decline_is_plain_text_with_question_buttons(replier: Replier) -> None:
    reply = replier.to_question(1, "what's the range")
    assert reply.embed is None
    assert reply.content is not None
    assert reply.content.startswith(DECLINED)
    assert reply.view is not None
    buttons = [item for item in reply.view.children if isinstance(item, AskButton)]
    assert 1 <= len(buttons) <= 3
    assert all(button.fact_id.endswith("range") for button in buttons)


async def test_an_over_long_question_gets_a_polite_private_limit(replier: Replier) -> None:
    reply = replier.to_question(1, "when " * 50)
    assert reply.private
    assert reply.content is not None
    assert "100 characters" in reply.content
    assert reply.embed is None


async def test_the_cooldown_answers_once_then_stays_quiet_in_chat(replier: Replier) -> None:
    for _ in range(3):
        assert replier.to_question(7, "when is solid-state due?").embed is not None
    first = replier.to_question(7, "when is solid-state due?")
    assert first.content is not None
    assert "please wait" in first.content
    assert not first.repeat_notice
    assert replier.to_question(7, "when is solid-state due?").repeat_notice
    assert replier.to_question(8, "when is solid-state due?").embed is not None


async def test_a_picked_fact_is_answered_and_a_vanished_one_explained(replier: Replier) -> None:
    reply = replier.to_fact(1, "performance-range")
    assert reply.answer is not None
    assert reply.answer.fact_id == "performance-range"
    gone = replier.to_fact(1, "no-such-fact")
    assert gone.content == UNKNOWN_FACT
    assert gone.private


def test_fact_pages_hold_every_fact_once_under_a_subject(toyota_pack: Pack) -> None:
    pages = fact_pages([toyota_pack], per_page=8)
    listed = [fact.id for page in pages for fact in page.facts]
    assert sorted(listed) == sorted(fact.id for fact in toyota_pack.facts)
    assert all(1 <= len(page.facts) <= 8 for page in pages)
    subjects = {subject.name for subject in toyota_pack.subjects.values()}
    assert {page.subject for page in pages} <= subjects | {"Other facts"}


def test_help_names_the_article_and_the_ways_to_ask(toyota_pack: Pack) -> None:
    text = help_text([toyota_pack], prefix="!ask")
    assert "Toyota" in text
    assert "/ask" in text
    assert "!ask" in text
    assert "!ask" not in help_text([toyota_pack], prefix=None)
