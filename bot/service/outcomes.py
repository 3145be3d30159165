"""What the service hands back, as plain data: each front end (Discord, the terminal) renders
it its own way, so no outcome holds anything of Discord's."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Answer
from bot.knowledge import Fact, Pack
from bot.storage import Stats


@dataclass(frozen=True)
class Answered:
    """An answer or a decline. `answer_id` is the logged answer's id (votes need it), None
    when it was not logged; `fact` and `pack` are the answering fact's, None on a decline."""

    answer: Answer
    answer_id: int | None = None
    fact: Fact | None = None
    pack: Pack | None = None

    @property
    def staff_added(self) -> bool:
        return self.pack is not None and self.pack.pack.staff_added


@dataclass(frozen=True)
class Wait:
    """The member asks too fast. `already_warned`: they had this window's notice already."""

    retry_after: float
    already_warned: bool


@dataclass(frozen=True)
class Unaskable:
    """The text cannot be asked (empty, too long...); `reason` says why, for the member."""

    reason: str


@dataclass(frozen=True)
class UnknownFact:
    """A picked fact that is no longer served (a button on an old message, say)."""

    fact_id: str


Outcome = Answered | Wait | Unaskable | UnknownFact


@dataclass(frozen=True)
class Taught:
    """A question taught as another way to ask `fact` (None: no such fact was found)."""

    phrasing: str
    fact: Fact | None


@dataclass(frozen=True)
class Source:
    """An article a server is answered from, with how many of its facts it is served."""

    title: str
    url: str | None
    facts: int


@dataclass(frozen=True)
class Overview:
    """What a server (or the DMs) is answered from, for /help and /about: its sources, the
    facts in all, and a question they answer to show as an example (None: no facts)."""

    sources: list[Source]
    fact_count: int
    example: str | None


@dataclass(frozen=True)
class Reloaded:
    """The packs loaded again, or (with `problems`) refused and the last good ones kept."""

    packs: int
    facts: int
    problems: str | None = None


@dataclass(frozen=True)
class ServerStats:
    """A server's statistics over a window, with the questions of its most-asked facts
    (by fact id; a fact no longer served there is left out, so it shows by its id)."""

    stats: Stats
    questions: dict[str, str]
