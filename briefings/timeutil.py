"""Time helpers: one UTC clock the whole core reads, and ISO text for SQLite.

Times are stored as ISO 8601 UTC strings ('2026-11-27T08:00:00Z') so they sort
lexically; a `Clock` is any zero-argument callable returning an aware UTC
datetime, which lets tests and the scheduler control "now".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from briefings.errors import InputError

Clock = Callable[[], datetime]

_ISO_FMT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow() -> datetime:
    """The real clock (seconds precision, aware UTC)."""
    return datetime.now(UTC).replace(microsecond=0)


def to_iso(value: datetime) -> str:
    """An aware datetime as a sortable UTC string; naive values are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(_ISO_FMT)


def from_iso(value: str | None) -> datetime | None:
    """Parse what `to_iso` wrote (and other ISO forms) into an aware UTC datetime."""
    if not value:
        return None
    v = value.strip()
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def zone(name: str) -> tzinfo:
    """An IANA zone by name, with a one-line error for typos."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"Unknown time zone {name!r}: use an IANA name such as Europe/Berlin."
        ) from None


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day in UTC; correct on 23- and 25-hour DST days."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    nxt = day + timedelta(days=1)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


_SINCE_REL = re.compile(r"^\s*(\d+)\s*([hdwm])\s*$", re.IGNORECASE)


def parse_since(value: str, now: datetime) -> datetime:
    """'7d', '24h', '2w', '1m' (30 days) or an ISO date/time, as an aware UTC datetime."""
    m = _SINCE_REL.match(value)
    if m:
        n, unit = int(m.group(1)), m.group(2).lower()
        delta = {
            "h": timedelta(hours=n),
            "d": timedelta(days=n),
            "w": timedelta(weeks=n),
            "m": timedelta(days=30 * n),
        }[unit]
        return now - delta
    try:
        parsed = from_iso(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise InputError(
            f"Can't read {value!r} as a time: use e.g. 7d, 24h, 2w or a date like 2026-11-01."
        )
    return parsed


def parse_hhmm(value: str) -> str:
    """Validate a 24-hour 'HH:MM' time and return it zero-padded."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InputError(f"{value!r} is not a time: use 24-hour HH:MM, e.g. 08:00 or 17:30.")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


@cache
def timezone_names() -> tuple[str, ...]:
    """All IANA zone names this machine knows (tzdata ships them), sorted; read once."""
    return tuple(sorted(available_timezones()))
