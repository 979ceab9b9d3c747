"""Migration 0011 on both backends: shared rows (analyses, feed URL validators) go with
the last row that used them, and a database from before it upgrades (its orphans deleted,
the guilds.digest_* columns dropped, its schedules untouched)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from briefings.settings import Settings
from briefings.store import NewArticle, Store, schema

TEXT = "The harbour council met on Monday. It voted to rebuild the pier before winter."
URL = "https://wire.test/rss"
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


async def _count(store: Store, table: str) -> int:
    row = await store._one(f"SELECT COUNT(*) AS n FROM {table}")
    return int(row["n"]) if row else 0


async def _delete_article(store: Store, article_id: int) -> None:
    # No command deletes an article today: the trigger covers any way one goes.
    async with store._tx() as db:
        await db.execute("DELETE FROM articles WHERE id = ?", (article_id,))


async def test_an_analysis_goes_with_the_last_article_pointing_at_it(store: Store) -> None:
    spans = [(0, 34), (35, len(TEXT))]
    arts = []
    for guild in (1, 2):  # one public page in two guilds: one analysis
        article, _ = await store.add_article(
            NewArticle(guild, "Pier", TEXT, "url", public=True), spans, [], {}
        )
        arts.append(article)
    private, _ = await store.add_article(NewArticle(3, "Pier", TEXT, "text"), spans, [], {})
    assert await _count(store, "analyses") == 1
    await _delete_article(store, arts[0].id)
    assert await _count(store, "analyses") == 1  # guild 2's article still reads it
    assert await store.sentence_spans(arts[1].id) == await store.sentence_spans(private.id)
    await _delete_article(store, private.id)  # a private article has no shared analysis
    assert await _count(store, "analyses") == 1
    await _delete_article(store, arts[1].id)
    assert await _count(store, "analyses") == 0


async def test_a_feed_urls_validators_go_with_its_last_subscription(store: Store) -> None:
    feeds = [(await store.add_feed(g, URL, None))[0] for g in (1, 2)]
    other, _ = await store.add_feed(1, "https://other.test/rss", None)
    for feed in (*feeds, other):
        await store.record_feed_poll(
            feed.id, now=NOW, next_poll_at=NOW + timedelta(minutes=15), ok=True, etag='"v1"'
        )
    assert await _count(store, "feed_urls") == 2
    assert await store.remove_feed(1, feeds[0].id)
    assert [f.etag for f in await store.feeds(2)] == ['"v1"']  # guild 2 still polls it
    assert await store.remove_feed(2, feeds[1].id)
    rows = await store._all("SELECT url FROM feed_urls")
    assert [r["url"] for r in rows] == ["https://other.test/rss"]
    # Subscribing again starts afresh: an unconditional GET, no stale validators.
    again, _ = await store.add_feed(2, URL, None)
    assert again.etag is None


async def test_a_database_from_before_0011_upgrades(
    settings: Settings, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_all, pg_all = schema.load_migrations(), schema.load_pg_migrations()
    assert sqlite_all[10].name == pg_all[10].name == "0011_orphans_and_old_digest_columns.sql"
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: sqlite_all[:10])
        m.setattr(schema, "load_pg_migrations", lambda: pg_all[:10])
        async with await Store.open(settings.database, clock=lambda: NOW) as old:
            assert await old.schema_version() == 10
            await old.set_digest_schedule(1, 55, "08:00", "Europe/Berlin", set_at=NOW)
            kept, _ = await old.add_article(
                NewArticle(1, "Pier", TEXT, "url", public=True), [(0, 34)], [], {}
            )
            async with old._tx() as db:
                # Rows the old code could leave: an analysis and validators nobody uses,
                # and a value in a guilds.digest_* column.
                await db.execute(
                    "INSERT INTO analyses(text_sha256, language, sentences, created_at) "
                    "VALUES ('orphan', 'en', '[]', '2026-11-20T00:00:00Z')"
                )
                await db.execute(
                    "INSERT INTO feed_urls(url, etag, version) VALUES ('https://gone.test/', "
                    "'\"x\"', 3)"
                )
                await db.execute("UPDATE guilds SET digest_time = '08:00' WHERE id = 1")
    async with await Store.open(settings.database, clock=lambda: NOW) as store:
        assert await store.schema_version() == len(sqlite_all) == len(pg_all)
        assert await _count(store, "analyses") == 1  # the one an article points at
        assert await _count(store, "feed_urls") == 0
        if backend == "sqlite":
            cols = {r["name"] for r in await store._all("PRAGMA table_info(guilds)")}
        else:
            rows = await store._all(
                "SELECT column_name AS name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'guilds'"
            )
            cols = {r["name"] for r in rows}
        assert cols == {"id", "timezone", "created_at", "follow_role_id"}  # 0010 added the last
        (sched,) = await store.digest_schedules(1)
        assert (sched.channel_id, sched.time, sched.timezone) == (55, "08:00", "Europe/Berlin")
        assert len(await store.sentence_spans(kept.id)) == 1  # read from its analysis
