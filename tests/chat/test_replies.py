"""The replier on a real SQLite file: the same checks and look for every way of asking, and
each server's own knowledge."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.guild_engines import GuildEngines, ServerKnowledge
from bot.chat.render import DECLINED, fact_pages, help_text
from bot.chat.replies import UNKNOWN_FACT, Replier
from bot.chat.views import AskButton, VoteButton, answer_view
from bot.engine import Engine, Suggestion
from bot.knowledge import Pack
from bot.storage import Database, FactDraft

GUILD = 5
OTHER = 6
MEETUP = FactDraft(
    question="When does the server meetup start?",
    answer="At 8 pm UTC on Fridays.",
    quote="Our meetup starts at 8 pm UTC every Friday in the stage channel.",
    source="Server rules, #announcements",
    phrasings=["what time is the meetup"],
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "factbot.db")
    yield opened
    await opened.close()


@pytest.fixture
async def replier(engine: Engine, database: Database) -> Replier:
    engines = GuildEngines(engine, database)
    await engines.start()
    return Replier(engines, database, max_length=100, default_cooldown=(3, 60.0))


async def test_an_answer_is_an_embed_quoting_the_article_with_votes(replier: Replier) -> None:
    reply = await replier.to_question(1, GUILD, "when is solid-state due?")
    assert reply.embed is not None
    assert reply.embed.title == "Around 2028."
    assert reply.answer is not None
    assert reply.answer.fact_id == "solid-state-release"
    assert not reply.private
    assert reply.view is not None
    votes = [item for item in reply.view.children if isinstance(item, VoteButton)]
    assert [vote.up for vote in votes] == [True, False]


async def test_a_decline_is_plain_text_with_question_buttons(replier: Replier) -> None:
    reply = await replier.to_question(1, GUILD, "what's the range")
    assert reply.embed is None
    assert reply.content is not None
    assert reply.content.startswith(DECLINED)
    assert reply.view is not None
    buttons = [item for item in reply.view.children if isinstance(item, AskButton)]
    assert 1 <= len(buttons) <= 3
    assert all(button.fact_id.endswith("range") for button in buttons)
    assert not [item for item in reply.view.children if isinstance(item, VoteButton)]
    [declined] = await replier.database.unanswered(GUILD)
    assert declined.question == "what's the range"


async def test_buttons_fit_discords_limits_whatever_the_question() -> None:
    long = Suggestion(fact_id="x" * 64, question="why " * 50)
    view = answer_view([long] * 3, answer_id=2**63 - 1)
    assert view is not None
    for item in view.children:
        assert isinstance(item, AskButton | VoteButton)
        button = item.item
        assert len(button.label or "") <= 80
        assert len(button.custom_id or "") <= 100


async def test_an_over_long_question_gets_a_polite_private_limit(replier: Replier) -> None:
    reply = await replier.to_question(1, GUILD, "when " * 50)
    assert reply.private
    assert reply.content is not None
    assert "100 characters" in reply.content
    assert reply.embed is None


async def test_the_cooldown_answers_once_then_stays_quiet_in_chat(replier: Replier) -> None:
    for _ in range(3):
        assert (await replier.to_question(7, GUILD, "when is solid-state due?")).embed
    first = await replier.to_question(7, GUILD, "when is solid-state due?")
    assert first.content is not None
    assert "please wait" in first.content
    assert not first.repeat_notice
    assert (await replier.to_question(7, GUILD, "when is solid-state due?")).repeat_notice
    assert (await replier.to_question(8, GUILD, "when is solid-state due?")).embed


async def test_a_picked_fact_is_answered_and_a_vanished_one_explained(replier: Replier) -> None:
    reply = await replier.to_fact(1, GUILD, "performance-range")
    assert reply.answer is not None
    assert reply.answer.fact_id == "performance-range"
    gone = await replier.to_fact(1, GUILD, "no-such-fact")
    assert gone.content == UNKNOWN_FACT
    assert gone.private


async def test_a_server_fact_answers_only_in_its_server_marked_as_staff_added(
    replier: Replier,
) -> None:
    await replier.database.add_fact(GUILD, MEETUP)
    replier.engines.changed(GUILD)
    here = await replier.to_question(1, GUILD, "what time does the meetup start?")
    assert here.embed is not None
    assert here.embed.title == "At 8 pm UTC on Fridays."
    assert here.embed.footer.text is not None
    assert "Added by this server's staff" in here.embed.footer.text
    assert "Server rules" in str(here.embed.fields[0].value)
    assert here.embed.description is not None
    assert "every Friday in the stage channel" in here.embed.description
    elsewhere = await replier.to_question(1, OTHER, "what time does the meetup start?")
    assert elsewhere.embed is None
    in_dm = await replier.to_question(1, None, "what time does the meetup start?")
    assert in_dm.embed is None


async def test_hidden_and_taught_facts_change_only_their_server(replier: Replier) -> None:
    database, engines = replier.database, replier.engines
    await database.set_hidden(GUILD, "solid-state-release", True)
    engines.changed(GUILD)
    hidden = await replier.to_question(1, GUILD, "when is solid-state due?")
    assert hidden.answer is not None
    assert hidden.answer.fact_id != "solid-state-release"
    shown = await replier.to_question(1, OTHER, "when is solid-state due?")
    assert shown.answer is not None
    assert shown.answer.fact_id == "solid-state-release"

    unknown = "who runs the gigafactory in aichi"
    assert (await replier.to_question(2, OTHER, unknown)).embed is None
    await database.teach(OTHER, "production-sites", unknown)
    engines.changed(OTHER)
    taught = await replier.to_question(2, OTHER, unknown)
    assert taught.answer is not None
    assert taught.answer.fact_id == "production-sites"
    assert (await replier.to_question(2, GUILD, unknown)).embed is None
    fresh = GuildEngines(replier.engines.shipped, database)  # as after a restart
    await fresh.start()
    assert not (await fresh.engine_for(GUILD)).ask(unknown).answered
    assert (await fresh.engine_for(OTHER)).ask(unknown).fact_id == "production-sites"


def test_fact_pages_hold_every_fact_once_under_a_subject(toyota_pack: Pack) -> None:
    pages = fact_pages([(toyota_pack, toyota_pack.facts)], per_page=8)
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


async def test_a_change_during_an_engine_build_is_not_lost(
    engine: Engine, database: Database
) -> None:
    class ChangedMeanwhile(GuildEngines):
        """Another handler adds a fact while this build reads the server's knowledge."""

        meddled = False

        async def knowledge_of(self, guild_id: int) -> ServerKnowledge:
            knowledge = await super().knowledge_of(guild_id)
            if not self.meddled:
                self.meddled = True
                await self.database.add_fact(guild_id, MEETUP)
                self.changed(guild_id)
            return knowledge

    engines = ChangedMeanwhile(engine, database)
    await engines.start()
    engines.changed(GUILD)
    built = await engines.engine_for(GUILD)
    assert built.fact("server-1") is not None
    assert await engines.engine_for(GUILD) is built


async def test_a_busy_database_costs_the_log_never_the_answer(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "busy.db"
    async with await Database.open(path, busy_timeout_ms=100) as database:
        engines = GuildEngines(engine, database)
        await engines.start()
        replier = Replier(engines, database, max_length=100, default_cooldown=(3, 60.0))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            reply = await replier.to_question(1, GUILD, "when is solid-state due?")
        finally:
            other.execute("ROLLBACK")
            other.close()
    assert reply.embed is not None
    assert reply.embed.title == "Around 2028."
    assert reply.view is None  # no vote buttons for an answer that was not logged
