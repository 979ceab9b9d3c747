"""Where each feed entry stands (migration 0004): done, pending a retry, or given up on."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefings.store import Store, schema
from tests.support.clock import ManualClock

G = 31
T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _rows(path: Path) -> list[tuple[str, str, int, str | None, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT entry_key, state, failures, last_error, seen_at FROM feed_entries "
            "ORDER BY entry_key"
        ).fetchall()
    finally:
        con.close()


async def test_entries_fail_up_to_the_limit_then_are_given_up(tmp_path: Path) -> None:
    clock = ManualClock(T0)
    path = tmp_path / "b.db"
    async with await Store.open(path, clock=clock) as store:
        feed, _ = await store.add_feed(G, "https://x.test/rss", None)
        keys = ["flaky", "broken", "refused", "fine"]

        assert not await store.entry_failed(feed.id, "flaky", "timeout", give_up_after=3)
        assert not await store.entry_failed(feed.id, "broken", "HTTP 500", give_up_after=3)
        assert await store.entry_failed(feed.id, "refused", "private address", give_up_after=1)
        await store.mark_entry(feed.id, "fine", None)
        # Pending entries are to be tried again: only the others count as seen.
        assert await store.seen_entries(feed.id, keys) == {"refused", "fine"}

        clock.advance(minutes=15)
        await store.mark_entry(feed.id, "flaky", None)  # worked the second time
        assert not await store.entry_failed(feed.id, "broken", "HTTP 502", give_up_after=3)
        clock.advance(minutes=15)
        assert await store.entry_failed(feed.id, "broken", "HTTP 503", give_up_after=3)
        assert await store.seen_entries(feed.id, keys) == set(keys)
        # A failure reported for an entry given up on changes nothing.
        assert await store.entry_failed(feed.id, "broken", "late", give_up_after=3)

        [listed] = await store.feeds(G)
        assert listed.failed_entries == 2
        polled = await store.record_feed_poll(feed.id, now=T0, next_poll_at=T0, ok=True)
        assert polled.failed_entries == 2

    assert _rows(path) == [
        ("broken", "failed", 3, "HTTP 503", "2026-11-27T08:30:00Z"),
        ("fine", "done", 0, None, "2026-11-27T08:00:00Z"),
        ("flaky", "done", 0, None, "2026-11-27T08:15:00Z"),
        ("refused", "failed", 1, "private address", "2026-11-27T08:00:00Z"),
    ]


async def test_a_poll_that_leaves_entries_forgets_the_validators(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "v.db") as store:
        feed, _ = await store.add_feed(G, "https://x.test/rss", None)
        kept = await store.record_feed_poll(
            feed.id, now=T0, next_poll_at=T0, ok=True, etag='"v1"', last_modified="Mon"
        )
        assert (kept.etag, kept.last_modified) == ('"v1"', "Mon")
        again = await store.record_feed_poll(feed.id, now=T0, next_poll_at=T0, ok=True)
        assert (again.etag, again.last_modified) == ('"v1"', "Mon")  # a 304 keeps them
        forgot = await store.record_feed_poll(
            feed.id, now=T0, next_poll_at=T0, ok=True, etag='"v2"', forget_validators=True
        )
        assert (forgot.etag, forgot.last_modified) == (None, None)


async def test_version_3_database_upgrades_its_entries_as_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.db"
    shipped = schema.load_migrations()
    assert shipped[3].name == "0004_feed_entry_failures.sql"
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:3])
        async with await Store.open(path, clock=lambda: T0) as old:
            assert await old.schema_version() == 3
    # The feed and its handled entry as version 3 wrote them (today's Store reads columns
    # that later migrations add, e.g. 0007's filters).
    con = sqlite3.connect(path)
    con.execute("INSERT INTO guilds(id, created_at) VALUES (?, '2026-11-27T08:00:00Z')", (G,))
    con.execute(
        "INSERT INTO feeds(id, guild_id, url, title, channel_id, created_at) "
        "VALUES (1, ?, 'https://x.test/rss', 'X news', 42, '2026-11-27T08:00:00Z')",
        (G,),
    )
    con.execute(
        "INSERT INTO feed_entries(feed_id, entry_key, article_id, seen_at) "
        "VALUES (1, 'handled', NULL, '2026-11-27T08:00:00Z')"
    )
    con.commit()
    con.close()
    feed = SimpleNamespace(id=1)

    async with await Store.open(path, clock=lambda: T0) as store:
        assert await store.schema_version() == len(shipped)
        assert await store.seen_entries(feed.id, ["handled", "new"]) == {"handled"}
        [listed] = await store.feeds(G)
        assert (listed.title, listed.failed_entries) == ("X news", 0)
        assert not await store.entry_failed(feed.id, "new", "timeout", give_up_after=3)
    assert _rows(path) == [
        ("handled", "done", 0, None, "2026-11-27T08:00:00Z"),
        ("new", "pending", 1, "timeout", "2026-11-27T08:00:00Z"),
    ]
