"""A process keeps to its share of the REST budget, seen from the fake Discord: replies to a
burst of questions go out at most so many a second."""

from __future__ import annotations

from tests.e2e.conftest import CHANNEL, GUILD, StartBot, mention
from tests.e2e.fake_discord import FakeDiscord

MESSAGES = f"/channels/{CHANNEL}/messages"


async def test_replies_to_a_burst_keep_to_the_budget(
    start_bot: StartBot, fake: FakeDiscord
) -> None:
    # 8 a second for the bot, and this process runs 2 of its 4 shards (the test server's
    # among them): 4 a second here.
    await start_bot(rest_requests_per_second=8.0, shard_count=4, shards="2-3")
    since = fake.mark()
    for member in range(12):
        await fake.user_message(
            f"{mention(fake)} when is solid-state due?",
            author_id=70_000 + member,
            channel_id=CHANNEL,
            guild_id=GUILD,
            mention_bot=True,
        )

    def replies() -> list[float]:
        return [r.at for r in fake.requests[since:] if r.method == "POST" and r.path == MESSAGES]

    await fake.wait_until(lambda: len(replies()) >= 12, timeout=15, what="12 replies")
    sent = replies()
    # Never a fifth within a second of a first (a little slack for the way there).
    assert all(later - earlier >= 0.9 for earlier, later in zip(sent, sent[4:], strict=False))
    assert sent[-1] - sent[0] >= 1.8  # 12 at 4 a second: the last two seconds after the first
