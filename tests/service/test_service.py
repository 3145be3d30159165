"""The service on a real SQLite file with the shipped pack: asking with each server's
knowledge and cooldown, logging, teaching, finding and listing facts, reloading."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.engine import Engine, by_question
from bot.knowledge import Pack
from bot.service import Answered, FactService, Unaskable, UnknownFact, Wait
from bot.service.guild_engines import GuildEngines, ServerKnowledge
from bot.service.pages import fact_pages
from bot.service.picking import fit_choice, picked_fact
from bot.storage import Database, FactDraft, GuildSettings

GUILD = 5
OTHER = 6
MEETUP = FactDraft(
    question="When does the server meetup start?",
    answer="At 8 pm UTC on Fridays.",
    quote="Our meetup starts at 8 pm UTC every Friday in the stage channel.",
    source="Server rules, #announcements",
    phrasings=["what time is the meetup"],
)


def answered(outcome: object) -> Answered:
    assert isinstance(outcome, Answered), outcome
    return outcome


async def test_an_answer_names_its_fact_and_pack_and_is_logged(service: FactService) -> None:
    got = answered(await service.ask(1, GUILD, "when is solid-state due?"))
    assert got.answer.fact_id == "solid-state-release"
    assert got.fact is not None
    assert got.fact.id == "solid-state-release"
    assert got.pack is not None
    assert got.pack.id == "toyota-solid-state"
    assert not got.staff_added
    assert got.answer_id is not None


async def test_a_decline_is_logged_as_unanswered(service: FactService) -> None:
    got = answered(await service.ask(1, GUILD, "what's the range"))
    assert got.fact is None
    assert 1 <= len(got.answer.suggestions) <= 3
    [declined] = await service.database.unanswered(GUILD)
    assert declined.question == "what's the range"


async def test_settings_are_read_once_at_start_not_per_new_server(
    service: FactService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of questions from servers not seen before costs no settings query each."""
    await service.save_settings(GuildSettings(guild_id=OTHER, cooldown_questions=1), False)
    fresh = FactService(
        service.shipped, service.database, max_length=500, default_cooldown=(3, 60.0)
    )
    await fresh.start()

    async def no_query(guild_id: int) -> GuildSettings:
        raise AssertionError(f"settings of {guild_id} read again")

    monkeypatch.setattr(service.database, "guild_settings", no_query)
    assert answered(await fresh.ask(1, 123_456, "when is solid-state due?")).fact is not None
    assert (await fresh.guild_settings(OTHER)).cooldown_questions == 1
    answered(await fresh.ask(1, OTHER, "when is solid-state due?"))
    assert isinstance(await fresh.ask(1, OTHER, "when is solid-state due?"), Wait)


async def test_conversation_is_answered_but_not_logged(service: FactService) -> None:
    """ "thanks" is no question: not on the unanswered list, not in the stats, no votes."""
    since = datetime.now(UTC)
    for member, message in enumerate(["thanks!", "hi factbot", "who made you", "why"]):
        got = answered(await service.ask(member, GUILD, message))
        assert got.answer.intent is not None
        assert got.answer_id is None
        assert got.fact is None
    assert await service.database.unanswered(GUILD) == []
    assert (await service.database.stats(GUILD, since=since)).asked == 0


async def test_a_question_over_the_limit_is_unaskable(service: FactService) -> None:
    got = await service.ask(1, GUILD, "when " * 50)
    assert isinstance(got, Unaskable)
    assert "100 characters" in got.reason


async def test_the_cooldown_says_how_long_once_a_window(service: FactService) -> None:
    for _ in range(3):
        answered(await service.ask(7, GUILD, "when is solid-state due?"))
    first = await service.ask(7, GUILD, "when is solid-state due?")
    assert isinstance(first, Wait)
    assert 0 < first.retry_after <= 60
    assert not first.already_warned
    again = await service.ask_fact(7, GUILD, "solid-state-release")
    assert isinstance(again, Wait)
    assert again.already_warned
    answered(await service.ask(8, GUILD, "when is solid-state due?"))


async def test_a_servers_cooldown_setting_applies_once_saved(service: FactService) -> None:
    await service.save_settings(GuildSettings(guild_id=GUILD, cooldown_questions=1), False)
    answered(await service.ask(7, GUILD, "when is solid-state due?"))
    assert isinstance(await service.ask(7, GUILD, "when is solid-state due?"), Wait)
    assert (await service.guild_settings(GUILD)).cooldown_questions == 1
    answered(await service.ask(7, OTHER, "when is solid-state due?"))


async def test_a_picked_fact_is_answered_and_a_vanished_one_named(service: FactService) -> None:
    got = answered(await service.ask_fact(1, GUILD, "performance-range"))
    assert got.answer.fact_id == "performance-range"
    assert await service.ask_fact(1, GUILD, "no-such-fact") == UnknownFact("no-such-fact")
    picked = answered(await service.ask_typed(1, GUILD, got.answer.question))
    assert picked.answer.fact_id == "performance-range"


async def test_a_picked_question_is_found_in_the_servers_view_from_one_shared_table(
    service: FactService,
) -> None:
    shipped = service.shipped.fact("solid-state-release")
    assert shipped is not None
    tables_before = set(by_question._tables) - {service.shipped.index}
    await service.hide_fact(GUILD, "solid-state-release", True)
    meetup = await service.add_fact(GUILD, MEETUP)
    await service.teach(OTHER, "who runs the gigafactory in aichi", "production-sites")
    hiding, teaching = await service.engine_for(GUILD), await service.engine_for(OTHER)
    assert picked_fact(hiding, shipped.question) is None  # hidden there
    assert picked_fact(teaching, shipped.question.upper()) == "solid-state-release"
    assert picked_fact(hiding, MEETUP.question) == meetup.fact_id
    assert picked_fact(teaching, MEETUP.question) is None  # another server's fact
    # Each view looks in its overlay's table and in the one table of the shipped index.
    assert set(by_question._tables) - tables_before == {
        service.shipped.index,
        *(view.overlay.index for view in (hiding, teaching) if view.overlay),
    }


async def test_showing_a_fact_logs_nothing(service: FactService) -> None:
    shown = await service.show_fact(GUILD, "solid-state-release")
    assert isinstance(shown, Answered)
    assert shown.answer_id is None
    assert (await service.database.stats(GUILD, since_epoch())).asked == 0


async def test_unprompted_messages_get_only_answers(service: FactService) -> None:
    assert await service.ask_unprompted(1, GUILD, "lol anyone up for ranked later") is None
    got = await service.ask_unprompted(1, GUILD, "when is solid-state due?")
    assert got is not None
    assert got.answer.fact_id == "solid-state-release"


async def test_a_server_fact_answers_only_in_its_server(service: FactService) -> None:
    await service.add_fact(GUILD, MEETUP)
    here = answered(await service.ask(1, GUILD, "what time does the meetup start?"))
    assert here.staff_added
    assert here.fact is not None
    assert here.fact.origin is not None
    assert "Server rules" in here.fact.origin
    for elsewhere in (OTHER, None):
        got = answered(await service.ask(1, elsewhere, "what time does the meetup start?"))
        assert got.fact is None


async def test_hidden_and_taught_facts_change_only_their_server(service: FactService) -> None:
    database = service.database
    assert await service.hide_fact(GUILD, "solid-state-release", True)
    assert not await service.hide_fact(GUILD, "no-such-fact", True)
    hidden = answered(await service.ask(1, GUILD, "when is solid-state due?"))
    assert hidden.answer.fact_id != "solid-state-release"
    shown = answered(await service.ask(1, OTHER, "when is solid-state due?"))
    assert shown.answer.fact_id == "solid-state-release"

    unknown = "who runs the gigafactory in aichi"
    assert answered(await service.ask(2, OTHER, unknown)).fact is None
    taught = await service.teach(OTHER, unknown, "production-sites")
    assert taught.fact is not None
    assert taught.phrasing == unknown
    assert answered(await service.ask(2, OTHER, unknown)).answer.fact_id == "production-sites"
    assert answered(await service.ask(2, GUILD, unknown)).fact is None
    fresh = GuildEngines(service.shipped, database)  # as after a restart
    await fresh.start()
    assert not (await fresh.engine_for(GUILD)).ask(unknown).answered
    assert (await fresh.engine_for(OTHER)).ask(unknown).fact_id == "production-sites"


async def test_teaching_finds_the_whole_of_a_clipped_question(
    engine: Engine, database: Database
) -> None:
    service = FactService(engine, database, max_length=500, default_cooldown=(3, 60.0))
    await service.start()
    long = "so tell me, " * 10 + "who runs the gigafactory in aichi"
    assert answered(await service.ask(1, GUILD, long)).fact is None
    clipped = fit_choice(long)  # what an autocomplete choice sends back
    assert clipped != long
    assert (await service.teach(GUILD, clipped, "no-such-fact")).fact is None
    assert await database.taught_phrasings(GUILD) == {}
    taught = await service.teach(GUILD, clipped, "production-sites")
    assert taught.phrasing == long
    assert await database.taught_phrasings(GUILD) == {"production-sites": [long]}
    assert answered(await service.ask(1, GUILD, long)).answer.fact_id == "production-sites"


async def test_find_fact_takes_an_id_a_question_or_what_answers(service: FactService) -> None:
    assert await service.find_fact(None, "solid-state-release") == "solid-state-release"
    question = service.shipped.fact("performance-range")
    assert question is not None
    assert await service.find_fact(None, question.question.upper()) == "performance-range"
    assert await service.find_fact(None, "when is solid-state due?") == "solid-state-release"
    assert await service.find_fact(None, "   ") is None


async def test_the_fact_list_pages_clamp_and_follow_the_server(service: FactService) -> None:
    first = await service.fact_page(None, -3)
    assert first.number == 1
    last = await service.fact_page(None, 10_000)
    assert last.number == last.total == first.total
    await service.add_fact(GUILD, MEETUP)
    here = await service.fact_page(GUILD, 10_000)
    assert any(fact.question == MEETUP.question for fact in here.page.facts)


def test_fact_pages_hold_every_fact_once_under_a_subject(toyota_pack: Pack) -> None:
    pages = fact_pages([(toyota_pack, toyota_pack.facts)], per_page=8)
    listed = [fact.id for page in pages for fact in page.facts]
    assert sorted(listed) == sorted(fact.id for fact in toyota_pack.facts)
    assert all(1 <= len(page.facts) <= 8 for page in pages)
    subjects = {subject.name for subject in toyota_pack.subjects.values()}
    assert {page.subject for page in pages} <= subjects | {"Other facts"}


async def test_a_reload_swaps_the_packs_or_keeps_the_good_ones(
    service: FactService, facts_folder: Path
) -> None:
    before = service.shipped
    reloaded = await service.reload_packs()
    assert (reloaded.packs, reloaded.facts, reloaded.problems) == (1, 30, None)
    assert service.shipped is not before
    pack_file = facts_folder / "toyota-solid-state" / "pack.toml"
    pack_file.write_text("this is = not [a pack", encoding="utf-8")
    refused = await service.reload_packs()
    assert refused.problems is not None
    assert "pack.toml" in refused.problems
    assert (refused.packs, refused.facts) == (1, 30)
    answered(await service.ask(1, GUILD, "when is solid-state due?"))


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


async def test_a_reload_during_an_overlay_build_rebuilds_it_over_the_new_packs(
    engine: Engine, toyota_pack: Pack, database: Database
) -> None:
    reloaded = Engine([toyota_pack])

    class ReloadedMeanwhile(GuildEngines):
        """The owner reloads the packs while this server's overlay is being built."""

        async def _build(self, guild_id: int) -> Engine:
            built = await super()._build(guild_id)
            if self.shipped is not reloaded:
                self.use(reloaded)
            return built

    engines = ReloadedMeanwhile(engine, database)
    await database.add_fact(GUILD, MEETUP)
    await engines.start()
    built = await engines.engine_for(GUILD)
    assert built.index is reloaded.index
    assert built.fact("server-1") is not None


async def test_servers_knowledge_outlives_a_reload(service: FactService) -> None:
    await service.add_fact(GUILD, MEETUP)
    assert answered(await service.ask(1, GUILD, MEETUP.question)).answer.fact_id == "server-1"
    reloading = asyncio.create_task(service.reload_packs())
    await service.hide_fact(OTHER, "solid-state-release", True)  # while the packs load
    await reloading
    assert answered(await service.ask(1, GUILD, MEETUP.question)).answer.fact_id == "server-1"
    hidden = answered(await service.ask(2, OTHER, "when is solid-state due?"))
    assert hidden.answer.fact_id != "solid-state-release"


async def test_a_busy_database_costs_the_log_never_the_answer(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "busy.db"
    async with await Database.open(path, busy_timeout_ms=100) as database:
        service = FactService(engine, database, max_length=100, default_cooldown=(3, 60.0))
        await service.start()
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            got = answered(await service.ask(1, GUILD, "when is solid-state due?"))
        finally:
            other.execute("ROLLBACK")
            other.close()
    assert got.answer.answer == "Around 2028."
    assert got.answer_id is None


def since_epoch() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)


async def test_a_servers_own_facts_are_edited_and_removed(service: FactService) -> None:
    added = await service.add_fact(GUILD, MEETUP)
    later = MEETUP.model_copy(update={"answer": "At 9 pm UTC on Fridays."})
    assert await service.edit_fact(GUILD, added.fact_id, later)
    got = answered(await service.ask(1, GUILD, "what time does the meetup start?"))
    assert got.answer.answer == "At 9 pm UTC on Fridays."
    assert await service.remove_fact(GUILD, added.fact_id)
    assert not await service.remove_fact(GUILD, added.fact_id)
    assert not await service.edit_fact(GUILD, added.fact_id, later)
    gone = answered(await service.ask(1, GUILD, "what time does the meetup start?"))
    assert gone.fact is None


async def test_the_overview_is_what_the_server_is_served(
    toyota_pack: Pack, database: Database
) -> None:
    info = toyota_pack.pack.model_copy(update={"id": "other", "title": "Other"})
    facts = [fact.model_copy(update={"id": f"other-{fact.id}"}) for fact in toyota_pack.facts]
    other = toyota_pack.model_copy(update={"pack": info, "facts": facts})
    service = FactService(
        Engine([toyota_pack, other]), database, max_length=100, default_cooldown=(3, 60.0)
    )
    await service.start()
    everything = await service.overview(None)
    assert [(s.title, s.facts) for s in everything.sources] == [
        (toyota_pack.pack.title, 30),
        ("Other", 30),
    ]
    assert everything.fact_count == 60
    assert everything.example == toyota_pack.facts[0].question

    await database.save_guild_settings(GuildSettings(guild_id=GUILD, packs=frozenset({"other"})))
    await service.hide_fact(GUILD, toyota_pack.facts[0].id, True)  # not served anyway
    await service.hide_fact(GUILD, facts[0].id, True)
    await service.add_fact(GUILD, MEETUP)
    mine = await service.overview(GUILD)
    served, own = mine.sources  # the server's own facts are a source too
    assert (served.title, served.facts) == ("Other", 29)
    assert own.facts == 1
    assert mine.fact_count == 30
    assert mine.example == facts[1].question
