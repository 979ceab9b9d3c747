"""Migration 0007 (feed filters, follows, alerts) on a database that holds data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefings.store import Store, schema


async def test_version_6_database_upgrades_with_empty_filters_and_no_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v6.db"
    shipped = schema.load_migrations()
    assert shipped[6].name == "0007_follows_alerts_feed_filters.sql"
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:6])
        async with await Store.open(path) as old:
            assert await old.schema_version() == 6
    con = sqlite3.connect(path)
    con.execute("INSERT INTO guilds(id, created_at) VALUES (3, '2026-11-27T08:00:00Z')")
    con.execute(
        "INSERT INTO feeds(id, guild_id, url, title, channel_id, created_at) "
        "VALUES (1, 3, 'https://x.test/rss', 'X news', 42, '2026-11-27T08:00:00Z')"
    )
    con.commit()
    con.close()

    async with await Store.open(path) as store:
        assert await store.schema_version() == len(shipped)
        [feed] = await store.feeds(3)
        assert (feed.title, feed.filter_include, feed.filter_exclude) == ("X news", (), ())
        assert await store.follows(3) == [] and await store.alerts(3) == []
        updated = await store.set_feed_filter(3, 1, ["harbour"], ["sport talk"])
        assert updated is not None and updated.filter_exclude == ("sport talk",)
        assert await store.set_feed_filter(4, 1, ["x"], []) is None  # another guild's feed
