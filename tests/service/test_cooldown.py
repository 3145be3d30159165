"""The per-member cooldown: a sliding window, one notice per window, idle members forgotten."""

from __future__ import annotations

from bot.service.cooldown import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_members_may_ask_up_to_the_limit_then_wait() -> None:
    clock = Clock()
    cooldown = Cooldown(questions=3, seconds=10, clock=clock)
    assert [cooldown.check(1).allowed for _ in range(3)] == [True, True, True]
    refused = cooldown.check(1)
    assert not refused.allowed
    assert refused.retry_after == 10
    assert not refused.already_warned
    assert cooldown.check(2).allowed  # other members are not affected
    clock.now += 4
    again = cooldown.check(1)
    assert not again.allowed
    assert again.already_warned
    assert again.retry_after == 6
    clock.now += 6
    assert cooldown.check(1).allowed


def test_the_window_slides() -> None:
    clock = Clock()
    cooldown = Cooldown(questions=2, seconds=10, clock=clock)
    assert cooldown.check(1).allowed
    clock.now += 6
    assert cooldown.check(1).allowed
    clock.now += 5  # the first question left the window; the second has not
    assert cooldown.check(1).allowed
    assert not cooldown.check(1).allowed


def test_a_new_window_warns_again() -> None:
    clock = Clock()
    cooldown = Cooldown(questions=1, seconds=10, clock=clock)
    cooldown.check(1)
    assert not cooldown.check(1).already_warned
    clock.now += 10
    assert cooldown.check(1).allowed
    assert not cooldown.check(1).already_warned


def test_idle_members_are_forgotten() -> None:
    clock = Clock()
    cooldown = Cooldown(questions=1, seconds=10, clock=clock)
    for member in range(5000):
        cooldown.check(member)
    clock.now += 11
    cooldown.check(99999)
    assert len(cooldown) == 1
