"""Daily digest rules: when a digest is owed, its window, and exactly-once posting."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from briefings.app import Briefings
from briefings.digest import DailyDigest
from briefings.digest.schedule import due_days, scheduled_at, window_for
from briefings.errors import ChannelRefused
from briefings.models import GuildSettings, MessagePayload
from briefings.settings import Settings
from briefings.store import Store
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
    paused = GuildSettings(1, None, "UTC", 5, "08:00", True, None, "Missing Access")
    assert due_days(paused, datetime(2026, 11, 27, 9, tzinfo=UTC), "UTC") == []


async def test_failed_post_is_retried_and_success_is_final(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(3, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
        await app.digests.schedule(3, 55, "08:00", "Europe/Berlin")
        clock.set(datetime(2026, 11, 27, 7, 5, tzinfo=UTC))
        down = Poster(pieces=2, fail={0: ConnectionError("discord is down")})
        assert await app.digests.run_due(down.render, down.send) == []
        # Nothing was sent: the claim is gone and the next run starts over.
        assert await app.store.posted_digest(3, "2026-11-27") is None
        up = Poster(pieces=2)
        assert await app.digests.run_due(up.render, up.send) == [(3, date(2026, 11, 27))]
        assert await app.digests.run_due(up.render, up.send) == []
        assert (down.attempts, up.attempts) == (1, 2)
        posted = await app.store.posted_digest(3, "2026-11-27")
        assert posted is not None and posted.message_ids == (1001, 1002)
        assert (posted.state, posted.planned, posted.plan, posted.claim_token) == (
            "done",
            2,
            None,
            None,
        )
        status = await app.digests.status(3)
        assert status.last_posted == "2026-11-27"
        assert status.next_run == datetime(2026, 11, 28, 7, 0, tzinfo=UTC)


# ---------------------------------------------------------------------- progress and resume
DAY = date(2026, 11, 27)
KEY = DAY.isoformat()
GUILD = 3
CHANNEL = 55


class Poster:
    """A fake chat service for `run_due`: renders `pieces` messages and hands out ids
    1001, 1002... ; `fail` maps a message's index in the plan to what its send raises
    (once); `block` makes that index's send wait until the test lets it go."""

    def __init__(
        self,
        pieces: int = 3,
        fail: dict[int, BaseException] | None = None,
        block: int | None = None,
    ) -> None:
        self.pieces = pieces
        self.fail = dict(fail or {})
        self.block = block
        self.blocked = asyncio.Event()
        self.release = asyncio.Event()
        self.renders = 0
        self.attempts = 0
        self.sent: list[tuple[int, MessagePayload]] = []

    def render(self, d: DailyDigest) -> list[MessagePayload]:
        self.renders += 1
        return [
            {"part": i + 1, "of": self.pieces, "articles": d.article_count}
            for i in range(self.pieces)
        ]

    async def send(self, channel_id: int, payload: MessagePayload) -> int:
        self.attempts += 1
        index = payload["part"] - 1
        if index in self.fail:
            raise self.fail.pop(index)
        if index == self.block:
            self.blocked.set()
            await self.release.wait()
        await asyncio.sleep(0)  # a real send yields to the loop: let racers interleave
        self.sent.append((channel_id, payload))
        return 1000 + len(self.sent)

    @property
    def parts(self) -> list[int]:
        return [p["part"] for _, p in self.sent]


async def _scheduled(app: Briefings, clock: ManualClock) -> None:
    """Guild 3: one stored article, a digest at 08:00 Berlin, the clock just past it."""
    await app.ingest.text(GUILD, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
    await app.digests.schedule(GUILD, CHANNEL, "08:00", "Europe/Berlin")
    clock.set(datetime(2026, 11, 27, 7, 5, tzinfo=UTC))


async def test_a_digest_failing_after_message_1_of_3_resumes_with_2_and_3_only(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _scheduled(app, clock)
        poster = Poster(fail={1: ConnectionError("502 from discord")})
        assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.parts == [1]
        half = await app.store.posted_digest(GUILD, KEY)
        assert half is not None and half.state == "posting"
        assert (half.message_ids, half.planned) == ((1001,), 3)
        assert half.lease_until == clock()  # given up: anyone may resume it at once
        assert not half.done
        assert (await app.digests.status(GUILD)).last_posted is None
        # A late article does not change the messages still to come: the plan is stored.
        await app.ingest.text(GUILD, "A late story about rain. It rained all day.", title="Late")
        clock.advance(minutes=1)
        assert await app.digests.run_due(poster.render, poster.send) == [(GUILD, DAY)]
        assert poster.parts == [1, 2, 3]  # each message once
        assert [p["articles"] for _, p in poster.sent] == [1, 1, 1]
        assert poster.renders == 1
        posted = await app.store.posted_digest(GUILD, KEY)
        assert posted is not None and posted.done
        assert posted.message_ids == (1001, 1002, 1003)
        assert posted.posted_at == clock()
        assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.attempts == 4  # 1, 2 (failed), 2, 3


async def test_a_stopped_process_gives_its_claim_up_and_a_restart_resumes_at_once(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    first = Poster(block=1)
    async with await Briefings.open(settings, clock=clock) as app:
        await _scheduled(app, clock)
        run = asyncio.create_task(app.digests.run_due(first.render, first.send))
        await asyncio.wait_for(first.blocked.wait(), 5)
        run.cancel()  # SIGTERM while message 2 of 3 is on its way
        with pytest.raises(asyncio.CancelledError):
            await run
    assert first.parts == [1]
    # The restarted process (a new token) resumes without waiting for the lease.
    second = Poster()
    async with await Briefings.open(settings, clock=clock) as app:
        assert await app.digests.run_due(second.render, second.send) == [(GUILD, DAY)]
        assert second.parts == [2, 3] and second.renders == 0
        posted = await app.store.posted_digest(GUILD, KEY)
        assert posted is not None and posted.done and len(posted.message_ids) == 3


async def test_a_killed_process_claim_is_taken_over_when_its_lease_expires(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _scheduled(app, clock)
    # A process claimed the digest, planned it, sent message 1 and was killed (-9): its
    # claim is left as it was, lease running.
    dead = await Store.open(settings.database, clock=clock)
    plan = [{"part": i, "of": 3, "articles": 1} for i in (1, 2, 3)]
    assert await dead.claim_digest(GUILD, KEY, CHANNEL, "killed-process")
    assert await dead.plan_digest(GUILD, KEY, "killed-process", plan)
    assert await dead.record_digest_message(GUILD, KEY, "killed-process", 0, 777)
    await dead.close()
    poster = Poster()
    async with await Briefings.open(settings, clock=clock) as app:
        assert await app.digests.run_due(poster.render, poster.send) == []
        clock.advance(minutes=1, seconds=59)  # the dead claim's lease still runs
        assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.attempts == 0
        clock.advance(seconds=1)  # no heartbeat for 2 minutes: the lease has expired
        assert await app.digests.run_due(poster.render, poster.send) == [(GUILD, DAY)]
        assert poster.parts == [2, 3] and poster.renders == 0
        assert {c for c, _ in poster.sent} == {CHANNEL}
        posted = await app.store.posted_digest(GUILD, KEY)
        assert posted is not None and posted.done
        assert posted.message_ids == (777, 1001, 1002)
        assert await app.digests.run_due(poster.render, poster.send) == []


async def test_a_refused_channel_pauses_the_schedule_until_it_is_set_again(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        # Scheduled two days ago: yesterday's and today's digests are both owed.
        await app.store.set_digest_schedule(
            GUILD, CHANNEL, "08:00", "Europe/Berlin", set_at=datetime(2026, 11, 25, tzinfo=UTC)
        )
        clock.set(datetime(2026, 11, 27, 7, 5, tzinfo=UTC))
        refused = ChannelRefused(CHANNEL, "Missing Permissions")
        poster = Poster(fail={1: refused})
        assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.parts == [1] and poster.attempts == 2  # the other owed day not tried
        g = await app.store.guild(GUILD)
        assert g.digest_paused_reason == "Missing Permissions" and g.digest_enabled
        failed = await app.store.posted_digest(GUILD, "2026-11-26")
        assert failed is not None
        assert (failed.state, failed.error, failed.message_ids) == (
            "failed",
            "Missing Permissions",
            (1001,),
        )
        status = await app.digests.status(GUILD)
        assert status.paused_reason == "Missing Permissions"
        assert status.enabled and status.next_run is None and status.last_posted is None
        # No more attempts, however many ticks and days go by.
        for _ in range(3):
            clock.advance(hours=12)
            assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.attempts == 2
        assert await app.store.scheduled_guilds() == []
        # Setting the schedule again (the channel was fixed) resumes it.
        status = await app.digests.schedule(GUILD, CHANNEL, "08:00", "Europe/Berlin")
        assert status.paused_reason is None and status.next_run is not None
        assert (await app.store.guild(GUILD)).digest_paused_reason is None
        clock.set(status.next_run + timedelta(minutes=1))
        fixed = Poster()
        assert await app.digests.run_due(fixed.render, fixed.send) == [(GUILD, date(2026, 11, 29))]
        assert fixed.parts == [1, 2, 3]


async def test_two_processes_racing_for_one_digest_post_it_once(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with (
        await Briefings.open(settings, clock=clock) as one,
        await Briefings.open(settings, clock=clock) as two,
    ):
        await _scheduled(one, clock)
        assert one.digests.token != two.digests.token
        poster = Poster()
        results = await asyncio.gather(
            one.digests.run_due(poster.render, poster.send),
            two.digests.run_due(poster.render, poster.send),
        )
        assert sorted(results) == [[], [(GUILD, DAY)]]
        assert poster.parts == [1, 2, 3] and poster.renders == 1
        for app in (one, two):
            assert await app.digests.run_due(poster.render, poster.send) == []
        assert poster.attempts == 3


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


HARBOUR = (
    "The Harbour Ministry said the pier would reopen in May. The Harbour Ministry said the "
    "ferries would run again by June. The Harbour Ministry said the repairs had cost less "
    "than planned. Nora Vance, the harbour master, said the boats were ready to sail."
)


async def test_digest_quotes_list_people_first_and_mark_organisations(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(6, HARBOUR, title="Harbour pier to reopen in May")
        d = await app.digests.build(6)
        # the ministry is quoted three times, the harbour master once: she still comes first
        assert [(a.name, a.is_organisation) for a in d.actors] == [
            ("Nora Vance", False),
            ("Harbour Ministry", True),
        ]
        story = d.stories[0]
        assert [(q.speaker, q.is_organisation) for q in story.quotes][:2] == [
            ("Nora Vance", False),
            ("Harbour Ministry", True),
        ]
