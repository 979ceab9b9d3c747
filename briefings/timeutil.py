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
            f"Unknown time zone {shown(name)}: use an IANA name such as Europe/Berlin."
        ) from None


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day in UTC; correct on 23- and 25-hour DST days."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    nxt = day + timedelta(days=1)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


_SINCE_REL = re.compile(r"^\s*(\d+)\s*([hdwm])\s*$", re.IGNORECASE)
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7, "m": 24 * 30}
MAX_SINCE_YEARS = 100
_MAX_SINCE_HOURS = MAX_SINCE_YEARS * 366 * 24
MIN_YEAR = 1900
_SHOWN = 40


def shown(value: str, limit: int = _SHOWN) -> str:
    """User input quoted for an error message, shortened so the message stays one short line."""
    value = " ".join(str(value).split())
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def check_year(when: date, now: datetime, value: str) -> None:
    """Refuse a date before 1900 or after next year: nothing in the store is that old, and
    such dates overflow time arithmetic further on."""
    if not MIN_YEAR <= when.year <= now.year + 1:
        raise InputError(
            f"{shown(value)} is out of range: give a date between {MIN_YEAR} and {now.year + 1}."
        )


def parse_since(value: str, now: datetime) -> datetime:
    """'7d', '24h', '2w', '1m' (30 days) or an ISO date/time, as an aware UTC datetime.

    At most 100 years back; a date before 1900 or after next year is refused."""
    m = _SINCE_REL.match(value)
    if m:
        digits, unit = m.group(1), m.group(2).lower()
        hours = _UNIT_HOURS[unit] * int(digits) if len(digits) <= 9 else None
        if hours is None or hours > _MAX_SINCE_HOURS:
            raise InputError(
                f"{shown(value)} is too far back: ask for at most {MAX_SINCE_YEARS} years."
            )
        return now - timedelta(hours=hours)
    try:
        parsed = from_iso(value)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise InputError(
            f"Can't read {shown(value)} as a time: use e.g. 7d, 24h, 2w or a date like 2026-11-01."
        )
    check_year(parsed, now, value)
    return parsed


def parse_date(value: str, now: datetime) -> date:
    """A calendar date 'YYYY-MM-DD' between 1900 and next year, with a one-line error."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"Can't read {shown(value)} as a date: use YYYY-MM-DD, e.g. 2026-11-01."
        ) from None
    check_year(day, now, value)
    return day


def parse_hhmm(value: str) -> str:
    """Validate a 24-hour 'HH:MM' time and return it zero-padded."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InputError(
            f"{shown(value or '')} is not a time: use 24-hour HH:MM, e.g. 08:00 or 17:30."
        )
    return f"{int(m.group(1)):02d}:{m.group(2)}"


@cache
def timezone_names() -> tuple[str, ...]:
    """All IANA zone names this machine knows (tzdata ships them), sorted; read once."""
    return tuple(sorted(available_timezones()))
