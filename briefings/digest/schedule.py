"""When a digest schedule is owed, and which 24 hours it covers.

Pure functions of a schedule and the clock, kept apart from the digest service so
the DST and catch-up rules can be read (and tested) on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from briefings.models import DigestSchedule, GuildSettings
from briefings.timeutil import local_day_bounds, zone


@dataclass(frozen=True, slots=True)
class ScheduleStatus:
    enabled: bool
    channel_id: int | None
    time: str | None
    timezone: str
    next_run: datetime | None
    last_posted: str | None
    paused_reason: str | None = None  # set when the channel refused the bot: nothing is posted
    schedule_id: int | None = None
    topic: str | None = None
    threads: bool = False


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    """One of a guild's digests as `/digest list` shows it."""

    schedule: DigestSchedule
    timezone: str  # the schedule's zone, or the default it falls back to
    next_run: datetime | None
    last_posted: str | None


def scheduled_at(day: date, hhmm: str, tz: tzinfo) -> datetime:
    """The UTC instant of HH:MM on a local day. A time skipped by a DST jump runs at
    the same wall-clock offset as before the jump (02:30 becomes 03:30); a repeated
    time runs at its first occurrence."""
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=tz).astimezone(UTC)


def due_days(g: GuildSettings, now: datetime, default_tz: str) -> list[date]:
    """Local dates whose digest time has passed (today, and yesterday for catch-up),
    ignoring times before the schedule was set; none while the schedule is paused."""
    if not (g.digest_enabled and g.digest_time and g.digest_channel_id):
        return []
    if g.digest_paused_reason is not None:
        return []
    tz = zone(g.timezone or default_tz)
    today = now.astimezone(tz).date()
    out = []
    for day in (today - timedelta(days=1), today):
        at = scheduled_at(day, g.digest_time, tz)
        if at <= now and (g.digest_set_at is None or at >= g.digest_set_at):
            out.append(day)
    return out


def window_for(day: date, hhmm: str | None, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the digest for `day` (see the module docstring)."""
    if hhmm is None:
        return local_day_bounds(day, tz)
    return scheduled_at(day - timedelta(days=1), hhmm, tz), scheduled_at(day, hhmm, tz)
