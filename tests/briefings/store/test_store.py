"""The store on a real SQLite file: migrations, guild isolation, dedup, search, state."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefings.models import QuoteActor
from briefings.quotes import Quote
from briefings.store import NewArticle, Store, fts_query
from briefings.store import store as store_mod

GUILD_A, GUILD_B = 111, 222


def _article(
    guild: int,
    text: str,
    title: str = "A title",
    url: str | None = None,
    published: datetime | None = None,
) -> NewArticle:
    return NewArticle(
        guild_id=guild,
        title=title,
        text=text,
        source="text",
        url=url,
        canonical_url=url,
        published_at=published,
    )


def _actor(name: str, *aliases: str) -> QuoteActor:
    key = name.lower()
    return QuoteActor(name, key, tuple((a.lower(), a) for a in (name, *aliases)))


async def test_new_database_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    s = await Store.open(path)
    try:
        assert await s.schema_version() == len(store_mod.load_migrations())
    finally:
        await s.close()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "guilds",
        "articles",
        "sentences",
        "quotes",
        "actors",
        "actor_aliases",
        "feeds",
        "feed_entries",
        "posted_digests",
        "articles_fts",
    } <= tables
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(store_mod.load_migrations())
    con.close()


async def test_reopening_keeps_data_and_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    s = await Store.open(path)
    art, created = await s.add_article(_article(GUILD_A, "Some words here for a test."), [], [], {})
    assert created
    await s.close()
    s = await Store.open(path)
    try:
        assert (await s.article(GUILD_A, art.id)).text == "Some words here for a test."
        row = await s._one("SELECT COUNT(*) FROM schema_migrations")
        assert row[0] == len(store_mod.load_migrations())
    finally:
        await s.close()


async def test_a_new_migration_is_applied_to_an_existing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    s = await Store.open(path)
    await s.add_article(_article(GUILD_A, "Kept across the upgrade, word for word."), [], [], {})
    await s.close()
    shipped = store_mod.load_migrations()
    extra = store_mod.Migration(
        len(shipped) + 1,
        "9999_test_column.sql",
        "ALTER TABLE articles ADD COLUMN test_flag INTEGER NOT NULL DEFAULT 7;",
    )
    monkeypatch.setattr(store_mod, "load_migrations", lambda: [*shipped, extra])
    s = await Store.open(path)
    try:
        assert await s.schema_version() == extra.version
        row = await s._one("SELECT test_flag, text FROM articles")
        assert row == (7, "Kept across the upgrade, word for word.")
    finally:
        await s.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fail.db"
    await (await Store.open(path)).close()
    shipped = store_mod.load_migrations()
    bad = store_mod.Migration(
        len(shipped) + 1, "9999_bad.sql", "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;"
    )
    monkeypatch.setattr(store_mod, "load_migrations", lambda: [*shipped, bad])
    with pytest.raises(sqlite3.OperationalError):
        await Store.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == len(shipped)
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    con.close()


async def test_database_newer_than_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    await (await Store.open(path)).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 'now')")
    con.commit()
    con.close()
    with pytest.raises(RuntimeError, match="newer than this program"):
        await Store.open(path)


async def test_guilds_never_see_each_others_articles_or_quotes(store: Store) -> None:
    text = "Putin said the talks were useful. Nothing else happened today at all."
    q = Quote(
        "Vladimir Putin",
        "the talks were useful",
        11,
        32,
        "indirect",
        "said",
        speaker_mention="Putin",
    )
    a, _ = await store.add_article(
        _article(GUILD_A, text),
        [(0, 33)],
        [q],
        {"Vladimir Putin": _actor("Vladimir Putin", "Putin")},
    )
    assert await store.article(GUILD_B, a.id) is None
    assert await store.recent_articles(GUILD_B) == []
    assert await store.search(GUILD_B, "Putin") == []
    assert await store.actors(GUILD_B) == []
    assert await store.actor_aliases(GUILD_B) == []
    assert await store.article_quotes(GUILD_B, a.id) == []
    assert [x.id for x in await store.recent_articles(GUILD_A)] == [a.id]
    actors_a = await store.actors(GUILD_A)
    assert [x.name for x in actors_a] == ["Vladimir Putin"]
    assert await store.quotes_for_actors(GUILD_B, [actors_a[0].id]) == []
    # The same text in guild B is a new article there, not a duplicate.
    b, created = await store.add_article(_article(GUILD_B, text), [], [], {})
    assert created and b.id != a.id


async def test_same_text_or_same_url_is_stored_once_per_guild(store: Store) -> None:
    first, created = await store.add_article(
        _article(GUILD_A, "One two three four five.", url="https://x.test/a"), [], [], {}
    )
    assert created
    # Whitespace and case changes do not make it a different article.
    again, created = await store.add_article(
        _article(GUILD_A, "one  two three\nFOUR five."), [], [], {}
    )
    assert not created and again.id == first.id
    same_url, created = await store.add_article(
        _article(GUILD_A, "Completely different words now.", url="https://x.test/a"), [], [], {}
    )
    assert not created and same_url.id == first.id
    assert await store.count_articles(GUILD_A) == 1


async def test_failed_insert_leaves_nothing_half_done(store: Store) -> None:
    bad_quote = Quote("X", "text", 0, 4, "direct", "said", speaker_mention="X")
    with pytest.raises(KeyError):
        # The actor map lacks the speaker: the transaction must roll back whole.
        await store.add_article(
            _article(GUILD_A, "Some article text that fails."),
            [(0, 10)],
            [bad_quote],
            _BrokenActors(),
        )
    assert await store.count_articles(GUILD_A) == 0
    assert await store._one("SELECT COUNT(*) FROM sentences") == (0,)


class _BrokenActors(dict):  # type: ignore[type-arg]
    def items(self):  # type: ignore[override]
        raise KeyError("boom")


async def test_actor_names_merge_across_articles(store: Store) -> None:
    q1 = Quote("Putin", "one", 0, 3, "direct", "said", speaker_mention="Putin")
    a1, _ = await store.add_article(
        _article(GUILD_A, "first article about something"), [], [q1], {"Putin": _actor("Putin")}
    )
    q2 = Quote("Vladimir Putin", "two", 0, 3, "direct", "said", speaker_mention="he")
    a2, _ = await store.add_article(
        _article(GUILD_A, "second article about something else"),
        [],
        [q2],
        {
            "Vladimir Putin": QuoteActor(
                "Vladimir Putin",
                "vladimir putin",
                (("vladimir putin", "Vladimir Putin"), ("putin", "Putin")),
            )
        },
    )
    actors = await store.actors(GUILD_A)
    assert len(actors) == 1
    assert actors[0].name == "Vladimir Putin"  # renamed to the fuller name
    assert actors[0].quote_count == 2 and actors[0].article_count == 2


async def test_different_people_with_one_surname_stay_apart(store: Store) -> None:
    for name, text in (
        ("Hillary Clinton", "first text here now"),
        ("Bill Clinton", "second text here now"),
    ):
        key = name.lower()
        q = Quote(name, "x", 0, 1, "direct", "said", speaker_mention=name)
        await store.add_article(
            _article(GUILD_A, text),
            [],
            [q],
            {name: QuoteActor(name, key, ((key, name), ("clinton", "Clinton")))},
        )
    assert sorted(a.name for a in await store.actors(GUILD_A)) == [
        "Bill Clinton",
        "Hillary Clinton",
    ]


async def test_search_ranks_titles_and_survives_fts_syntax(store: Store) -> None:
    await store.add_article(
        _article(GUILD_A, "Sanctions were discussed at length in Brussels.", title="EU summit"),
        [],
        [],
        {},
    )
    await store.add_article(
        _article(GUILD_A, "The sanctions vote passed easily on Monday.", title="Sanctions vote"),
        [],
        [],
        {},
    )
    hits = await store.search(GUILD_A, "sanction")  # porter stemming finds the plural
    assert [a.title for a, _ in hits] == ["Sanctions vote", "EU summit"]
    assert "**" in hits[0][1]
    for nasty in ['"unbalanced', "title:x", "a OR", "NEAR(", "*", "-x", "'; DROP TABLE x; --"]:
        await store.search(GUILD_A, nasty)  # no sqlite3.OperationalError
    assert await store.search(GUILD_A, "***") == []
    # All words first; any word when nothing has all of them.
    assert len(await store.search(GUILD_A, "Brussels vote")) == 2


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('putin "NEAR" or') == '"putin" "NEAR" "or"'
    assert fts_query("a b", any_word=True) == '"a" OR "b"'
    assert fts_query("!!") is None


async def test_articles_between_uses_published_else_ingested(store: Store) -> None:
    t0 = datetime(2026, 11, 20, 12, tzinfo=UTC)
    old, _ = await store.add_article(
        _article(GUILD_A, "published long ago text", published=t0 - timedelta(days=5)),
        [],
        [],
        {},
        now=t0,
    )
    new, _ = await store.add_article(_article(GUILD_A, "ingested today text"), [], [], {}, now=t0)
    got = await store.articles_between(GUILD_A, t0 - timedelta(hours=1), t0 + timedelta(hours=1))
    assert [a.id for a in got] == [new.id]
    assert old.published_at == t0 - timedelta(days=5)


async def test_digest_claim_is_exclusive_and_releasable(store: Store) -> None:
    assert await store.claim_digest(GUILD_A, "2026-11-27", 5)
    assert not await store.claim_digest(GUILD_A, "2026-11-27", 5)
    assert await store.claim_digest(GUILD_B, "2026-11-27", 6)  # other guild independent
    await store.release_digest(GUILD_A, "2026-11-27")
    assert await store.claim_digest(GUILD_A, "2026-11-27", 5)
    await store.finish_digest(GUILD_A, "2026-11-27", [10, 11])
    posted = await store.posted_digest(GUILD_A, "2026-11-27")
    assert posted is not None and posted.message_ids == (10, 11)


async def test_feed_failures_count_up_and_disable(store: Store) -> None:
    feed, created = await store.add_feed(GUILD_A, "https://x.test/rss", 42)
    assert created
    again, created = await store.add_feed(GUILD_A, "https://x.test/rss", None)
    assert not created and again.id == feed.id and again.channel_id == 42
    now = datetime(2026, 11, 27, tzinfo=UTC)
    for i in range(3):
        f = await store.record_feed_poll(
            feed.id, now=now, next_poll_at=now, ok=False, error=f"e{i}", disable_after=3
        )
    assert f.failures == 3 and not f.enabled and f.last_error == "e2"
    assert await store.due_feeds(now) == []
    f = await store.record_feed_poll(feed.id, now=now, next_poll_at=now, ok=True, etag='"v1"')
    assert f.failures == 0 and f.etag == '"v1"'
    assert await store.feeds(GUILD_B) == []


async def test_close_waits_for_a_write_in_progress(store: Store) -> None:
    import asyncio

    write = asyncio.create_task(
        store.add_article(_article(GUILD_A, "written while closing, word word"), [], [], {})
    )
    await asyncio.sleep(0)
    await store.close()
    art, created = await write
    assert created
    reopened = await Store.open(store.path)
    try:
        assert await reopened.count_articles(GUILD_A) == 1
    finally:
        await reopened.close()
