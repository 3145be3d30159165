"""A per-member cooldown shared by every way of asking (chat, slash commands, buttons)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Verdict:
    """Whether a question may be answered now; when not, how long to wait and whether the
    member has already been told (so a spammer gets one notice a window, not one a message)."""

    allowed: bool
    retry_after: float = 0.0
    already_warned: bool = False


@dataclass
class _Member:
    asked: deque[float] = field(default_factory=deque)
    warned_until: float = 0.0


class Cooldown:
    """At most `questions` per `seconds` for each member, as a sliding window."""

    def __init__(
        self, questions: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.questions = questions
        self.seconds = seconds
        self._clock = clock
        self._members: dict[int, _Member] = {}
        self._next_sweep = 0.0

    def __len__(self) -> int:
        """How many members are being tracked."""
        return len(self._members)

    def check(self, member_id: int) -> Verdict:
        """Count one question from the member, unless they must wait first."""
        now = self._clock()
        self._forget_idle(now)
        member = self._members.setdefault(member_id, _Member())
        while member.asked and now - member.asked[0] >= self.seconds:
            member.asked.popleft()
        if len(member.asked) < self.questions:
            member.asked.append(now)
            return Verdict(allowed=True)
        retry_after = self.seconds - (now - member.asked[0])
        already_warned = now < member.warned_until
        member.warned_until = now + retry_after
        return Verdict(allowed=False, retry_after=retry_after, already_warned=already_warned)

    def _forget_idle(self, now: float) -> None:
        """Drop members whose window has passed, so memory follows active members only."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.seconds
        idle = [
            member_id
            for member_id, member in self._members.items()
            if not member.asked or now - member.asked[-1] >= self.seconds
        ]
        for member_id in idle:
            del self._members[member_id]
