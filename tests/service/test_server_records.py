"""What the service reads back for staff and voters, on a real SQLite file with the shipped
pack: unanswered questions, votes, statistics, a server's own facts, the purge of old logs."""

from __future__ import annotations

import itertools
import time

import pytest

from bot.service import Answered, FactService
from bot.storage import DIRECT_MESSAGES, GuildSettings, Tally
from tests.service.test_service import GUILD, MEETUP, OTHER

MEMBERS = itertools.count(100)


async def asked(service: FactService, guild_id: int | None, text: str) -> Answered:
    """Ask as a new member each time, so no cooldown is in the way."""
    got = await service.ask(next(MEMBERS), guild_id, text)
    assert isinstance(got, Answered), got
    return got


async def logged(service: FactService, guild_id: int | None, text: str) -> int:
    """An answered question's logged answer id, for voting on."""
    answer_id = (await asked(service, guild_id, text)).answer_id
    assert answer_id is not None
    return answer_id


async def test_unanswered_lists_the_servers_declines_most_frequent_first(
    service: FactService,
) -> None:
    await asked(service, GUILD, "whats the range")
    await asked(service, GUILD, "who is the ceo")
    await asked(service, GUILD, "who is the ceo")
    await asked(service, OTHER, "what colour is it")
    assert [item.question for item in await service.unanswered(GUILD)] == [
        "who is the ceo",
        "whats the range",
    ]
    assert [item.count for item in await service.unanswered(GUILD, limit=1)] == [2]
    assert [item.question for item in await service.unanswered(OTHER)] == ["what colour is it"]


async def test_unanswered_matching_filters_by_what_is_typed(service: FactService) -> None:
    long = "who is the ceo " + "and what about them " * 4
    for _ in range(2):  # the most frequent, so the first
        await asked(service, GUILD, long.strip())
    await asked(service, GUILD, "whats the range")
    await asked(service, GUILD, "Who painted the logo")
    assert await service.unanswered_matching(GUILD, "  WHO ", 25) == [
        long.strip(),
        "Who painted the logo",
    ]
    assert len(await service.unanswered_matching(GUILD, "", 25)) == 3
    assert len(await service.unanswered_matching(GUILD, "", 2)) == 2
    assert await service.unanswered_matching(OTHER, "", 25) == []


async def test_a_vote_counts_once_a_member_and_changes(service: FactService) -> None:
    answer_id = await logged(service, GUILD, "when is solid-state due?")
    assert await service.vote(answer_id, 1, GUILD, up=True) == Tally(up=1, down=0)
    assert await service.vote(answer_id, 2, GUILD, up=True) == Tally(up=2, down=0)
    assert await service.vote(answer_id, 1, GUILD, up=False) == Tally(up=1, down=1)
    # 👎 puts the question among the unanswered for staff to look at.
    [downvoted] = await service.unanswered(GUILD)
    assert (downvoted.question, downvoted.reason) == ("when is solid-state due?", "downvoted")


async def test_a_vote_on_another_servers_or_a_missing_answer_is_refused(
    service: FactService,
) -> None:
    answer_id = await logged(service, GUILD, "when is solid-state due?")
    assert await service.vote(answer_id, 1, OTHER, up=True) is None
    assert await service.vote(answer_id, 1, None, up=True) is None
    assert await service.vote(answer_id + 1000, 1, GUILD, up=True) is None
    in_dm = await logged(service, None, "when is solid-state due?")
    assert await service.vote(in_dm, 1, None, up=True) == Tally(up=1, down=0)
    assert await service.vote(in_dm, 1, DIRECT_MESSAGES, up=False) == Tally(up=0, down=1)


async def test_stats_count_the_window_and_name_the_most_asked_facts(
    service: FactService,
) -> None:
    first = await logged(service, GUILD, "when is solid-state due?")
    await logged(service, GUILD, "when is solid-state due?")
    await asked(service, GUILD, "whats the range")
    await logged(service, OTHER, "when is solid-state due?")
    await service.vote(first, 1, GUILD, up=True)
    found = await service.stats(GUILD, days=7)
    assert (found.stats.asked, found.stats.answered) == (3, 2)
    assert (found.stats.up, found.stats.down) == (1, 0)
    assert found.stats.top_facts == [("solid-state-release", 2)]
    question = service.shipped.fact("solid-state-release")
    assert question is not None
    assert found.questions == {"solid-state-release": question.question}


async def test_stats_name_a_fact_hidden_since_by_its_id_only(service: FactService) -> None:
    await logged(service, GUILD, "when is solid-state due?")
    assert await service.hide_fact(GUILD, "solid-state-release", hidden=True)
    found = await service.stats(GUILD, days=1)
    assert found.stats.top_facts == [("solid-state-release", 1)]
    assert found.questions == {}


async def test_own_fact_is_found_by_id_or_by_its_question(service: FactService) -> None:
    added = await service.add_fact(GUILD, MEETUP)
    by_id = await service.own_fact(GUILD, added.fact_id)
    assert by_id is not None
    assert by_id.fact_id == added.fact_id
    by_question = await service.own_fact(GUILD, "  when does the SERVER meetup start? ")
    assert by_question == by_id
    assert await service.own_fact(GUILD, "solid-state-release") is None  # a shipped fact
    assert await service.own_fact(GUILD, "meetup") is None
    assert await service.own_fact(OTHER, added.fact_id) is None


async def test_purge_deletes_logs_past_the_servers_retention(
    service: FactService, monkeypatch: pytest.MonkeyPatch
) -> None:
    await service.save_settings(GuildSettings(guild_id=GUILD, log_retention_days=7), False)
    ten_days_ago = time.time() - 10 * 86400
    monkeypatch.setattr(time, "time", lambda: ten_days_ago)
    await asked(service, GUILD, "old question")
    await asked(service, OTHER, "old question")
    monkeypatch.undo()
    await asked(service, GUILD, "new question")
    assert await service.purge_old_logs() == 2  # GUILD's old log row and unanswered entry
    assert [item.question for item in await service.unanswered(GUILD)] == ["new question"]
    assert [item.question for item in await service.unanswered(OTHER)] == ["old question"]
    assert await service.purge_old_logs() == 0
