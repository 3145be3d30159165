"""The bot on PostgreSQL, end to end through the fake Discord: a staff fact, an answer and its
votes land in the server database and outlive a restart, as they do in a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import Database
from tests.e2e.conftest import GUILD, StartBot
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.test_server_knowledge import _add_meetup_fact, _answer_to, _member


async def test_staff_facts_and_votes_outlive_a_restart_on_postgresql(
    start_bot: StartBot, fake: FakeDiscord, postgres_url: str
) -> None:
    first = await start_bot(database=postgres_url)
    fact_id = await _add_meetup_fact(fake)
    answer = await _answer_to(fake, "what time does the meetup start?")
    assert fact_id in answer["embeds"][0]["footer"]["text"]
    up, _ = (
        b["custom_id"]
        for row in answer["components"]
        for b in row["components"]
        if "vote" in b["custom_id"]
    )
    clicked = await fake.click(answer, up, **_member())
    assert "\N{THUMBS UP SIGN} 1" in (await clicked.wait_for_response()).json["data"]["content"]
    await first.close()

    await start_bot(database=postgres_url)
    again = await _answer_to(fake, "what time does the meetup start?")
    assert again["embeds"][0]["title"] == "At 8 pm UTC on Fridays."
    clicked = await fake.click(answer, up, **{**_member(), "user_id": 5})
    counted = (await clicked.wait_for_response()).json["data"]["content"]
    assert "\N{THUMBS UP SIGN} 2 \u00b7 \N{THUMBS DOWN SIGN} 0" in counted
    async with await Database.open(postgres_url) as database:
        assert [fact.fact_id for fact in await database.server_facts(GUILD)] == [fact_id]
        stats = await database.stats(GUILD, since=datetime.now(UTC) - timedelta(hours=1))
        assert (stats.asked, stats.answered, stats.up) == (2, 2, 2)
