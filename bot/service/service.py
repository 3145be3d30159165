"""FactBot's business logic behind every front end: asking with a server's knowledge and
settings, cooldowns, logging, teaching and curating, the fact list, reloading the packs.

No Discord here: the Discord cogs and the command line both call it and render what it
returns (`bot.service.outcomes`) themselves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.engine import Answer, Engine, QuestionError
from bot.knowledge import Fact, PackError
from bot.service import asking, offload, pages, picking, server_settings, teaching
from bot.service.conversation import Conversations
from bot.service.guild_engines import GuildEngines
from bot.service.outcomes import (
    Answered,
    Outcome,
    Overview,
    Reloaded,
    ServerStats,
    Taught,
    Unaskable,
    UnknownFact,
    Wait,
)
from bot.service.overview import overview
from bot.service.reloading import load_engine
from bot.service.server_settings import ServerSettings
from bot.storage import (
    DIRECT_MESSAGES,
    Database,
    DatabaseBusyError,
    FactDraft,
    GuildSettings,
    ServerFact,
    Tally,
    Unanswered,
)

log = logging.getLogger(__name__)


class FactService:
    """Answers and curates, by server (None for direct messages)."""

    def __init__(
        self,
        engine: Engine,
        database: Database,
        *,
        max_length: int,
        default_cooldown: tuple[int, float],
        pack_paths: Sequence[Path] = (),
    ) -> None:
        self.database = database
        self.max_length = max_length
        # Where a reload reads the packs from: where they were loaded from at start.
        self.pack_paths = list(pack_paths)
        self.engines = GuildEngines(engine, database)
        self.settings = ServerSettings(database, default_cooldown)
        self.conversations = Conversations()

    async def start(self) -> None:
        """Learn which servers have knowledge of their own, and every server's settings."""
        await self.engines.start()
        await self.settings.start()

    @property
    def shipped(self) -> Engine:
        """The engine of every server without knowledge of its own."""
        return self.engines.shipped

    async def engine_for(self, guild_id: int | None) -> Engine:
        return await self.engines.engine_for(guild_id)

    async def overview(self, guild_id: int | None) -> Overview:
        """What the server is answered from: the packs it serves, its own facts included,
        counting only the facts it has not hidden."""
        return overview(await self.engine_for(guild_id))

    # --- Asking -----------------------------------------------------------------------------

    async def ask(
        self,
        member_id: int,
        guild_id: int | None,
        text: str,
        channel_id: int | None = None,
        after: str | None = None,
        follow_last: bool = True,
    ) -> Outcome:
        """A member's free-text question: counted against the cooldown, checked, answered
        with the server's knowledge and logged. It may follow an earlier answer: `after`
        (the fact of the message it replies to) or, in `channel_id`, the member's last
        answer there within a few minutes (`conversation.py`), unless `follow_last` is off
        (a reply to a message of FactBot's that is no answer follows nothing)."""
        waiting = await self.wait(member_id, guild_id)
        if waiting is not None:
            return waiting
        engine = await self.engine_for(guild_id)
        if after is None and channel_id is not None and follow_last:
            after = self.conversations.last_answer(member_id, channel_id)
        try:
            answer = await offload.run(engine, asking.ask, engine, text, self.max_length, after)
        except QuestionError as error:
            return Unaskable(str(error))
        if channel_id is not None and answer.fact_id is not None:
            self.conversations.answered(member_id, channel_id, answer.fact_id)
        return await self._logged(engine, answer, guild_id)

    async def ask_unprompted(self, member_id: int, guild_id: int, text: str) -> Answered | None:
        """A message nobody addressed to FactBot (an auto-answer channel): answered only when
        the facts answer it, and not at all for conversation or while the member must wait,
        so the channel is not flooded with declines and notices."""
        if not text.strip() or len(text) > self.max_length:
            return None
        engine = await self.engine_for(guild_id)
        answer = await offload.run(engine, engine.ask, text.strip())
        if not answer.answered or await self.wait(member_id, guild_id) is not None:
            return None
        return await self._logged(engine, answer, guild_id)

    async def ask_fact(self, member_id: int, guild_id: int | None, fact_id: str) -> Outcome:
        """A member picked a known question (a button, an autocomplete choice)."""
        waiting = await self.wait(member_id, guild_id)
        if waiting is not None:
            return waiting
        engine = await self.engine_for(guild_id)
        if engine.fact(fact_id) is None:
            return UnknownFact(fact_id)
        return await self._logged(engine, engine.answer_fact(fact_id), guild_id)

    async def ask_typed(
        self, member_id: int, guild_id: int | None, text: str, channel_id: int | None = None
    ) -> Outcome:
        """`/ask`: a picked choice answers its fact, anything else is asked as typed (a
        follow-up of the member's last answer in the channel, when it is one)."""
        engine = await self.engine_for(guild_id)
        picked = await offload.run(engine, picking.picked_fact, engine, text)
        if picked is not None:
            if channel_id is not None:
                self.conversations.answered(member_id, channel_id, picked)
            return await self.ask_fact(member_id, guild_id, picked)
        return await self.ask(member_id, guild_id, text, channel_id)

    async def show_fact(self, guild_id: int | None, fact_id: str) -> Answered | UnknownFact:
        """A fact as the fact list shows it: not logged as a question, so no votes."""
        engine = await self.engine_for(guild_id)
        if engine.fact(fact_id) is None:
            return UnknownFact(fact_id)
        return asking.resolved(engine, engine.answer_fact(fact_id))

    async def wait(self, member_id: int, guild_id: int | None) -> Wait | None:
        """Count one request from the member; how long to wait when they must."""
        verdict = await self.settings.check_cooldown(member_id, guild_id)
        if verdict.allowed:
            return None
        return Wait(verdict.retry_after, verdict.already_warned)

    async def _logged(self, engine: Engine, answer: Answer, guild_id: int | None) -> Answered:
        """Log the question (no user id) with the fact that answered it.

        A database held by another writer past the busy timeout costs the log entry (and so
        the votes), never the answer. Conversation ("thanks") is no question: not logged.
        """
        if answer.intent is not None:
            return asking.resolved(engine, answer)
        try:
            answer_id = await self.database.record_question(
                guild_id or DIRECT_MESSAGES, answer.question, answer.fact_id
            )
        except DatabaseBusyError as error:
            log.warning("Answering without logging the question: %s", error)
            answer_id = None
        return asking.resolved(engine, answer, answer_id)

    # --- Settings ---------------------------------------------------------------------------

    async def guild_settings(self, guild_id: int | None) -> GuildSettings:
        return await self.settings.of(guild_id)

    def settings_changed(self, settings: GuildSettings) -> None:
        """Settings saved elsewhere: use them (and their cooldown) from now on."""
        self.settings.changed(settings)

    async def save_settings(self, settings: GuildSettings, packs_changed: bool) -> None:
        await self.database.save_guild_settings(settings)
        self.settings.changed(settings)
        if packs_changed:
            self.engines.changed(settings.guild_id)

    def chosen_packs(self, typed: str) -> frozenset[str] | None:
        """The shipped packs named in a packs setting ("all" or ids; None means all);
        ValueError says what is wrong, for the staff member."""
        return server_settings.chosen_packs(typed, [pack.id for pack in self.shipped.packs])

    # --- Finding, listing and teaching facts -----------------------------------------------

    async def find_fact(self, guild_id: int | None, typed: str) -> str | None:
        """The fact meant in a fact option: a picked id, an exact question, or the fact that
        answers what was typed (None when nothing does)."""
        engine = await self.engine_for(guild_id)
        return await offload.run(engine, picking.find_fact, engine, typed, self.max_length)

    async def fact_page(self, guild_id: int | None, page: int) -> pages.ListedPage:
        """Page `page` (0-based, clamped) of the server's fact list."""
        engine = await self.engine_for(guild_id)
        return await offload.run(engine, pages.page_of, engine, page)

    async def teach_candidates(self, guild_id: int, question: str, limit: int) -> list[Fact]:
        """The facts to offer for teaching `question` (see `teaching.candidates`), worked
        out off the event loop at scale: it ranks every fact the server serves."""
        engine = await self.engine_for(guild_id)
        return await offload.run(engine, teaching.candidates, engine, question, limit)

    async def teach(self, guild_id: int, question: str, fact_id: str) -> Taught:
        """Make `question` another way to ask `fact_id` in this server."""
        engine = await self.engine_for(guild_id)
        taught = await teaching.teach(self.database, engine, guild_id, question, fact_id)
        if taught.fact is not None:
            self.engines.changed(guild_id)
        return taught

    # --- What members asked: unanswered questions, votes, statistics, old logs --------------

    async def unanswered(self, guild_id: int, limit: int = 25) -> list[Unanswered]:
        """The questions declined in the server and answers that got 👎, most frequent first."""
        return await self.database.unanswered(guild_id, limit=limit)

    async def unanswered_matching(self, guild_id: int, typed: str, limit: int) -> list[str]:
        """Up to `limit` of the server's unanswered questions containing what is typed, whole
        (a front end clips them to its own limits; teaching finds the whole one again)."""
        items = await self.database.unanswered(guild_id, limit=teaching.LISTED)
        return teaching.matching(items, typed, limit)

    async def vote(
        self, answer_id: int, member_id: int, guild_id: int | None, up: bool
    ) -> Tally | None:
        """The member's vote on a logged answer of this server (or of DMs); the answer's new
        tally, or None when the answer is gone or another server's. DatabaseBusyError when
        another writer holds the database: nothing was saved."""
        return await self.database.vote(answer_id, member_id, up, guild_id or DIRECT_MESSAGES)

    async def stats(self, guild_id: int, days: int) -> ServerStats:
        """The server's questions, answer rate, most-asked facts and votes of the last `days`."""
        found = await self.database.stats(guild_id, datetime.now(UTC) - timedelta(days=days))
        engine = await self.engine_for(guild_id)
        questions = {
            fact_id: fact.question
            for fact_id, _ in found.top_facts
            if (fact := engine.fact(fact_id)) is not None
        }
        return ServerStats(found, questions)

    async def purge_old_logs(self) -> int:
        """Delete what each server keeps past its retention; how many rows went."""
        return await self.database.purge_old_logs()

    # --- A server's own facts ---------------------------------------------------------------

    async def own_facts(self, guild_id: int | None, typed: str) -> list[Fact]:
        """The server's own facts as it serves them, those most like what is typed first."""
        return picking.own_facts(await self.engine_for(guild_id), typed)

    async def own_fact(self, guild_id: int, typed: str) -> ServerFact | None:
        """The server's own fact meant (its id as picked, or its question as typed); None
        when it is not one of the server's own, as only those can be edited or removed."""
        return picking.own_fact(await self.database.server_facts(guild_id), typed)

    async def add_fact(self, guild_id: int, draft: FactDraft) -> ServerFact:
        """A fact of the server's staff, answering in that server from now on."""
        fact = await self.database.add_fact(guild_id, draft)
        self.engines.changed(guild_id)
        return fact

    async def edit_fact(self, guild_id: int, fact_id: str, draft: FactDraft) -> bool:
        """Change one of the server's facts; False when it was removed meanwhile."""
        edited = await self.database.edit_fact(guild_id, fact_id, draft)
        self.engines.changed(guild_id)
        return edited is not None

    async def remove_fact(self, guild_id: int, fact_id: str) -> bool:
        """Delete one of the server's facts; False when it was gone already."""
        removed = await self.database.remove_fact(guild_id, fact_id)
        self.engines.changed(guild_id)
        return removed

    async def hide_fact(self, guild_id: int, fact_id: str, hidden: bool) -> bool:
        """Stop a shipped fact answering in the server (or bring it back); False when no
        shipped pack has the fact."""
        if self.shipped.fact(fact_id) is None:
            return False
        await self.database.set_hidden(guild_id, fact_id, hidden)
        self.engines.changed(guild_id)
        return True

    # --- Reloading --------------------------------------------------------------------------

    async def reload_packs(self) -> Reloaded:
        """Load the packs again from disk; a broken pack leaves the last good ones serving."""
        current = self.shipped
        try:
            engine = await asyncio.to_thread(load_engine, self.pack_paths, current)
        except PackError as error:
            log.warning("Reload refused, still serving the previous packs:\n%s", error)
            return Reloaded(len(current.packs), current.fact_count, str(error))
        self.engines.use(engine)
        log.info("Reloaded %d packs, %d facts", len(engine.packs), engine.fact_count)
        return Reloaded(len(engine.packs), engine.fact_count)
