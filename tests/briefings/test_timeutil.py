from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from briefings.errors import InputError
from briefings.timeutil import from_iso, parse_hhmm, parse_since, to_iso

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("7d", timedelta(days=7)),
        ("24h", timedelta(hours=24)),
        ("2w", timedelta(weeks=2)),
        (" 1m ", timedelta(days=30)),
        ("3D", timedelta(days=3)),
    ],
)
def test_relative_since(text: str, delta: timedelta) -> None:
    assert parse_since(text, NOW) == NOW - delta


def test_absolute_since_and_errors() -> None:
    assert parse_since("2026-11-01", NOW) == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_since("2026-11-01T10:00:00+02:00", NOW) == datetime(2026, 11, 1, 8, tzinfo=UTC)
    for bad in ("soon", "7 days", "", "-3d"):
        with pytest.raises(InputError):
            parse_since(bad, NOW)


def test_hhmm() -> None:
    assert parse_hhmm("8:05") == "08:05"
    assert parse_hhmm(" 23:59 ") == "23:59"
    for bad in ("24:00", "12:60", "noon", "8", "08:5"):
        with pytest.raises(InputError):
            parse_hhmm(bad)


def test_iso_round_trip() -> None:
    assert from_iso(to_iso(NOW)) == NOW
    assert to_iso(datetime(2026, 1, 1, 5, 0)) == "2026-01-01T05:00:00Z"  # naive = UTC
    assert from_iso(None) is None
