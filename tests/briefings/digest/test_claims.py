"""The digest claim in the store: progress message by message, leases and take-overs, the
pause, and databases from before migration 0003."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefings.settings import Settings
from briefings.store import Store, schema
from briefings.store.store import DIGEST_LEASE
from tests.support.clock import ManualClock

G = 7
DAY = "2026-11-27"
PLAN = [{"embeds": [{"title": f"part {i}"}]} for i in (1, 2, 3)]


@pytest.fixture
def t0() -> datetime:
    return datetime(2026, 11, 27, 7, 5, tzinfo=UTC)


async def test_a_claim_records_its_plan_and_each_message_in_order(
    settings: Settings, t0: datetime
) -> None:
    clock = ManualClock(t0)
    async with await Store.open(settings.database, clock=clock) as s:
        claim = await s.claim_digest(G, DAY, 5, "a")
        assert claim is not None
        assert (claim.state, claim.claim_token, claim.lease_until, claim.posted_at) == (
            "posting",
            "a",
            t0 + DIGEST_LEASE,
            t0,
        )
        assert claim.plan is None and claim.message_ids == ()
        planned = await s.plan_digest(G, DAY, "a", PLAN)
        assert planned is not None and planned.planned == 3 and list(planned.plan or ()) == PLAN
        assert await s.plan_digest(G, DAY, "a", PLAN[:1]) is None  # a plan is made once
        clock.advance(seconds=30)
        assert await s.record_digest_message(G, DAY, "a", 0, 2**62 + 1)  # snowflakes fit
        assert not await s.record_digest_message(G, DAY, "a", 0, 99)  # message 1 is recorded
        assert not await s.record_digest_message(G, DAY, "a", 2, 99)  # not the next one
        assert not await s.record_digest_message(G, DAY, "b", 1, 99)  # not b's claim
        row = await s.posted_digest(G, DAY)
        assert row is not None and row.message_ids == (2**62 + 1,)
        assert row.lease_until == clock() + DIGEST_LEASE  # recording is a heartbeat too
        clock.advance(seconds=30)
        assert await s.renew_digest_claim(G, DAY, "a")
        assert not await s.renew_digest_claim(G, DAY, "b")
        assert await s.record_digest_message(G, DAY, "a", 1, 12)
        assert await s.record_digest_message(G, DAY, "a", 2, 13)
        assert not await s.finish_digest(G, DAY, token="b")
        assert await s.last_posted_digest(G) is None  # not done yet
        assert await s.finish_digest(G, DAY, token="a")
        done = await s.posted_digest(G, DAY)
        assert done is not None and done.done
        assert (done.message_ids, done.planned, done.plan, done.posted_at) == (
            (2**62 + 1, 12, 13),
            3,
            None,
            clock(),
        )
        assert (done.claim_token, done.lease_until) == (None, None)
        assert await s.last_posted_digest(G) == done
        assert await s.claim_digest(G, DAY, 5, "c") is None
        assert not await s.record_digest_message(G, DAY, "a", 3, 14)


async def test_a_live_claim_is_exclusive_and_an_expired_one_is_taken_over_with_its_progress(
    settings: Settings, t0: datetime
) -> None:
    clock = ManualClock(t0)
    async with await Store.open(settings.database, clock=clock) as s:
        assert await s.claim_digest(G, DAY, 5, "a")
        assert await s.plan_digest(G, DAY, "a", PLAN)
        assert await s.record_digest_message(G, DAY, "a", 0, 11)
        assert await s.claim_digest(G, DAY, 6, "b") is None
        clock.advance(minutes=2)
        taken = await s.claim_digest(G, DAY, 6, "b")
        assert taken is not None and taken.claim_token == "b"
        # The rest goes where message 1 went, from the same plan.
        assert (taken.channel_id, taken.message_ids, list(taken.plan or ())) == (5, (11,), PLAN)
        # The old owner, back from a long pause, can no longer write.
        assert not await s.record_digest_message(G, DAY, "a", 1, 21)
        assert not await s.renew_digest_claim(G, DAY, "a")
        assert not await s.finish_digest(G, DAY, token="a")
        await s.release_digest(G, DAY, "a")  # not a's: changes nothing
        row = await s.posted_digest(G, DAY)
        assert row is not None and row.claim_token == "b" and row.lease_until == taken.lease_until
        assert await s.record_digest_message(G, DAY, "b", 1, 12)


async def test_release_starts_over_or_keeps_the_progress(settings: Settings, t0: datetime) -> None:
    clock = ManualClock(t0)
    async with await Store.open(settings.database, clock=clock) as s:
        assert await s.claim_digest(G, DAY, 5, "a")
        assert await s.plan_digest(G, DAY, "a", PLAN)
        await s.release_digest(G, DAY, "a")
        assert await s.posted_digest(G, DAY) is None  # nothing sent: the next run starts over
        assert await s.claim_digest(G, DAY, 5, "a")
        assert await s.plan_digest(G, DAY, "a", PLAN)
        assert await s.record_digest_message(G, DAY, "a", 0, 11)
        await s.release_digest(G, DAY, "a")
        kept = await s.posted_digest(G, DAY)
        assert kept is not None and kept.state == "posting" and kept.message_ids == (11,)
        assert kept.lease_until == t0  # ended: anyone may resume it now
        resumed = await s.claim_digest(G, DAY, 5, "b")
        assert resumed is not None and resumed.message_ids == (11,) and resumed.planned == 3


async def test_a_failed_post_pauses_the_guild_until_it_is_scheduled_again(
    settings: Settings, t0: datetime
) -> None:
    clock = ManualClock(t0)
    async with await Store.open(settings.database, clock=clock) as s:
        await s.set_digest_schedule(G, 5, "08:00", "UTC")
        assert [g.id for g in await s.scheduled_guilds()] == [G]
        assert await s.claim_digest(G, DAY, 5, "a")
        assert await s.plan_digest(G, DAY, "a", PLAN)
        assert await s.record_digest_message(G, DAY, "a", 0, 11)
        await s.fail_digest(G, DAY, "Missing Access", "a")
        row = await s.posted_digest(G, DAY)
        assert row is not None and (row.state, row.error, row.claim_token) == (
            "failed",
            "Missing Access",
            None,
        )
        assert (await s.guild(G)).digest_paused_reason == "Missing Access"
        assert await s.scheduled_guilds() == []
        await s.set_digest_schedule(G, 5, "09:00", "UTC")
        assert (await s.guild(G)).digest_paused_reason is None
        assert [g.id for g in await s.scheduled_guilds()] == [G]
        # Same channel: resume after message 1. Another channel: the whole digest there.
        same = await s.claim_digest(G, DAY, 5, "b")
        assert same is not None and same.message_ids == (11,) and same.error is None
        await s.fail_digest(G, DAY, "Missing Access", "b")
        moved = await s.claim_digest(G, DAY, 9, "c")
        assert moved is not None and (moved.channel_id, moved.message_ids) == (9, ())
        assert list(moved.plan or ()) == PLAN


async def test_racing_stores_claim_a_digest_once(settings: Settings, t0: datetime) -> None:
    clock = ManualClock(t0)
    stores = [await Store.open(settings.database, clock=clock) for _ in range(5)]
    try:
        claims = await asyncio.gather(
            *(s.claim_digest(G, DAY, 5, f"p{i}") for i, s in enumerate(stores))
        )
        assert len([c for c in claims if c is not None]) == 1
        clock.advance(minutes=3)  # the winner died: now exactly one takes it over
        claims = await asyncio.gather(
            *(s.claim_digest(G, DAY, 5, f"q{i}") for i, s in enumerate(stores))
        )
        assert len([c for c in claims if c is not None]) == 1
    finally:
        for s in stores:
            await s.close()


async def test_digests_of_a_version_2_database_count_as_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, t0: datetime
) -> None:
    path = tmp_path / "v2.db"
    shipped = schema.load_migrations()
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:2])
        async with await Store.open(path, clock=lambda: t0) as old:
            assert await old.schema_version() == 2
    # Rows as the version-2 code wrote them (today's Store writes the new columns): a
    # schedule, a finished digest, and a claim the old code abandoned (its process stopped).
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO guilds(id, digest_channel_id, digest_time, digest_enabled, digest_set_at, "
        "created_at) VALUES (?, 5, '08:00', 1, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z')",
        (G,),
    )
    con.executemany(
        "INSERT INTO posted_digests(guild_id, digest_date, channel_id, message_ids, "
        "posted_at) VALUES (?, ?, 5, ?, '2026-11-26T07:00:00Z')",
        [(G, "2026-11-25", "[1, 2]"), (G, "2026-11-26", "[]")],
    )
    con.commit()
    con.close()
    async with await Store.open(path, clock=lambda: t0 + timedelta(days=1)) as s:
        assert await s.schema_version() == len(shipped) >= 3
        for day, ids in (("2026-11-25", (1, 2)), ("2026-11-26", ())):
            row = await s.posted_digest(G, day)
            assert row is not None and row.done and row.message_ids == ids
            assert await s.claim_digest(G, day, 5, "new") is None  # never posted twice
        last = await s.last_posted_digest(G)
        assert last is not None and last.digest_date == "2026-11-26"
        g = await s.guild(G)
        assert g.digest_enabled and g.digest_paused_reason is None
