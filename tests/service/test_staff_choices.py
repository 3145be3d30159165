"""What staff are offered to pick from, on a real SQLite file with the shipped pack: their own
facts ranked by what they type, the packs a setting names, the facts to teach a question to."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.service import FactService
from bot.service.server_settings import chosen_packs
from bot.service.teaching import candidates
from bot.storage import FactDraft
from tests.service.test_service import GUILD, MEETUP, OTHER

QUIZ = FactDraft(
    question="Who hosts the weekly battery quiz?",
    answer="The moderators, in turn.",
    quote="The moderators take turns hosting the weekly battery quiz.",
    source="Server rules, #events",
)


async def test_own_facts_are_the_servers_own_only_ranked_by_what_is_typed(
    service: FactService,
) -> None:
    meetup = await service.add_fact(GUILD, MEETUP)
    quiz = await service.add_fact(GUILD, QUIZ)
    listed = [fact.id for fact in await service.own_facts(GUILD, "  ")]
    assert listed == [meetup.fact_id, quiz.fact_id]  # nothing typed: in the server's order
    ranked = [fact.id for fact in await service.own_facts(GUILD, "battery quiz")]
    assert ranked[0] == quiz.fact_id
    assert sorted(ranked) == sorted(listed)
    by_id = await service.own_facts(GUILD, quiz.fact_id)
    assert by_id[0].id == quiz.fact_id
    assert await service.own_facts(OTHER, "") == []
    assert await service.own_facts(None, "quiz") == []


async def test_the_packs_setting_names_loaded_packs_or_all(service: FactService) -> None:
    assert service.chosen_packs(" ALL ") is None
    assert service.chosen_packs("toyota-solid-state") == frozenset({"toyota-solid-state"})
    assert service.chosen_packs(" toyota-solid-state ,") == frozenset({"toyota-solid-state"})
    with pytest.raises(ValueError, match=r"^Unknown pack `nope`, `nada`") as refused:
        service.chosen_packs("nope, toyota-solid-state, nada")
    assert str(refused.value).endswith("Packs loaded: `toyota-solid-state`, or `all`.")


def test_a_packs_setting_naming_nothing_says_so() -> None:
    for typed in ("", " , ,"):
        with pytest.raises(ValueError, match="none given") as refused:
            chosen_packs(typed, ["a", "b"])
        assert str(refused.value) == "Unknown pack (none given). Packs loaded: `a`, `b`, or `all`."


def test_teaching_offers_the_closest_facts_first_then_the_others(engine: Engine) -> None:
    offered = candidates(engine, "when is solid-state due?", 25)
    assert offered[0].id == "solid-state-release"
    assert len(offered) == 25
    assert len({fact.id for fact in offered}) == 25
    closest = {found.fact_id for found in engine.complete("when is solid-state due?", 25)}
    rest = [fact.id for fact in offered if fact.id not in closest]
    in_order = [fact.id for fact in engine.facts() if fact.id in rest]
    assert rest == in_order
    assert [fact.id for fact in candidates(engine, "zzzz", 3)] == [
        fact.id for fact in engine.facts()[:3]
    ]
    assert len(candidates(engine, "", 100)) == engine.fact_count


async def test_teaching_offers_only_the_facts_a_server_serves(service: FactService) -> None:
    assert await service.hide_fact(GUILD, "solid-state-release", hidden=True)
    meetup = await service.add_fact(GUILD, MEETUP)
    served = await service.engine_for(GUILD)
    offered = [fact.id for fact in candidates(served, "when is solid-state due?", 100)]
    dialog = await service.teach_candidates(GUILD, "when is solid-state due?", 100)
    assert [fact.id for fact in dialog] == offered
    assert "solid-state-release" not in offered
    assert meetup.fact_id in offered
    assert len(offered) == served.fact_count
