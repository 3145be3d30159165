"""Which answer a member's next question may follow: the last fact FactBot answered them
with, where they asked, for a few minutes. Kept in memory (a reply to one of FactBot's
messages names its fact itself, and survives restarts that way)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

# A question this long after the member's last answer there is a new conversation.
FOLLOW_UP_SECONDS = 300.0
# Members remembered at most (the least recent are forgotten first).
REMEMBERED = 10_000


class Conversations:
    """The last answer per (member, channel); members never share one."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: OrderedDict[tuple[int, int], tuple[str, float]] = OrderedDict()

    def answered(self, member_id: int, channel_id: int, fact_id: str) -> None:
        key = (member_id, channel_id)
        self._last[key] = (fact_id, self._clock())
        self._last.move_to_end(key)
        while len(self._last) > REMEMBERED:
            self._last.popitem(last=False)

    def last_answer(self, member_id: int, channel_id: int) -> str | None:
        """The fact of the member's last answer in the channel, if recent enough."""
        found = self._last.get((member_id, channel_id))
        if found is None or self._clock() - found[1] > FOLLOW_UP_SECONDS:
            return None
        return found[0]
