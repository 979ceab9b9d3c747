"""A clock the tests move by hand, so 'now' in the scheduler, briefs and digests is exact."""

from __future__ import annotations

from datetime import datetime, timedelta


class ManualClock:
    """A clock the test moves by hand: the bot's scheduler and 'today' read it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
