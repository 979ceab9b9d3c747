"""Daily digest rules: when a digest is owed, its window, and exactly-once posting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from briefings.app import Briefings
from briefings.digest.schedule import due_days, scheduled_at, window_for
from briefings.models import GuildSettings
from briefings.settings import Settings
from tests.support.clock import ManualClock
from tests.support.paths import SEED_PATH

BERLIN = ZoneInfo("Europe/Berlin")


def _g(
    time: str = "08:00", tz: str = "Europe/Berlin", set_at: datetime | None = None
) -> GuildSettings:
    return GuildSettings(1, None, tz, 5, time, True, set_at or datetime(2026, 1, 1, tzinfo=UTC))


def test_scheduled_at_across_dst() -> None:
    assert scheduled_at(date(2026, 3, 28), "08:00", BERLIN) == datetime(
        2026, 3, 28, 7, 0, tzinfo=UTC
    )
    assert scheduled_at(date(2026, 3, 29), "08:00", BERLIN) == datetime(
        2026, 3, 29, 6, 0, tzinfo=UTC
    )
    # 02:30 does not exist on the spring-forward day: it runs an hour later in wall time.
    assert scheduled_at(date(2026, 3, 29), "02:30", BERLIN) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )
    # 02:30 happens twice on the fall-back day: the first one counts.
    assert scheduled_at(date(2026, 10, 25), "02:30", BERLIN) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


def test_window_is_a_day_long_even_on_dst_days() -> None:
    start, end = window_for(date(2026, 10, 25), "08:00", BERLIN)
    assert end - start == timedelta(hours=25)
    start, end = window_for(date(2026, 3, 29), "08:00", BERLIN)
    assert end - start == timedelta(hours=23)
    start, end = window_for(date(2026, 11, 27), None, BERLIN)
    assert (start, end) == (
        datetime(2026, 11, 26, 23, tzinfo=UTC),
        datetime(2026, 11, 27, 23, tzinfo=UTC),
    )


def test_due_days() -> None:
    g = _g()
    assert due_days(g, datetime(2026, 11, 27, 6, 59, tzinfo=UTC), "UTC") == [date(2026, 11, 26)]
    assert due_days(g, datetime(2026, 11, 27, 7, 0, tzinfo=UTC), "UTC") == [
        date(2026, 11, 26),
        date(2026, 11, 27),
    ]
    # Nothing is owed for times before the schedule was set.
    fresh = _g(set_at=datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
    assert due_days(fresh, datetime(2026, 11, 27, 7, 45, tzinfo=UTC), "UTC") == []
    assert due_days(fresh, datetime(2026, 11, 28, 7, 1, tzinfo=UTC), "UTC") == [date(2026, 11, 28)]
    off = GuildSettings(1, None, None, None, None, False)
    assert due_days(off, datetime(2026, 11, 27, 9, tzinfo=UTC), "UTC") == []


async def test_failed_post_is_retried_and_success_is_final(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(3, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
        await app.digests.schedule(3, 55, "08:00", "Europe/Berlin")
        clock.set(datetime(2026, 11, 27, 7, 5, tzinfo=UTC))
        calls: list[str] = []

        async def failing(g: GuildSettings, d: object) -> list[int]:
            calls.append("fail")
            raise ConnectionError("discord is down")

        async def working(g: GuildSettings, d: object) -> list[int]:
            calls.append("ok")
            return [101, 102]

        assert await app.digests.run_due(failing) == []
        assert await app.store.posted_digest(3, "2026-11-27") is None
        assert await app.digests.run_due(working) == [(3, date(2026, 11, 27))]
        assert await app.digests.run_due(working) == []
        assert calls == ["fail", "ok"]
        posted = await app.store.posted_digest(3, "2026-11-27")
        assert posted is not None and posted.message_ids == (101, 102)
        status = await app.digests.status(3)
        assert status.last_posted == "2026-11-27"
        assert status.next_run == datetime(2026, 11, 28, 7, 0, tzinfo=UTC)


async def test_digest_groups_one_story_from_several_outlets(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    seed = SEED_PATH.read_text(encoding="utf-8")
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(4, seed, title="Putin decries outside values in Afghanistan")
        # A second outlet's rewrite of the same story, and an unrelated story.
        rewrite = seed.replace("has decried", "criticised").replace("on Friday", "this week")
        await app.ingest.text(4, rewrite, title="Putin criticises outside values, Afghanistan")
        await app.ingest.text(
            4,
            "Heavy snow closed the mountain pass on Tuesday. Ploughs "
            "worked through the night and the road reopened at dawn. "
            "Drivers were told to carry chains.",
            title="Snow closes pass",
        )
        d = await app.digests.build(4)
        assert d.article_count == 3
        assert [len(s.articles) for s in d.stories] == [2, 1]
        texts = [ln.text for ln in d.stories[0].lines]
        assert len(texts) == len(set(texts))  # the same sentence is not repeated
        assert d.actors[0].name == "Vladimir Putin"
        assert d.actors[0].quotes and all(len(q.sources) <= 2 for q in d.actors[0].quotes)
        with pytest.raises(Exception, match="time zone"):
            await app.digests.schedule(4, 1, "08:00", "Nowhere/Land")
