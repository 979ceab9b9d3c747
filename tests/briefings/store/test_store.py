"""The store on a real SQLite file: migrations, guild isolation, dedup, search, state."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from briefings.app import Briefings
from briefings.errors import BriefingsError, SchemaError
from briefings.models import Article, QuoteActor
from briefings.quotes import Quote
from briefings.settings import Settings
from briefings.store import NewArticle, Store, content_hash, fts_query, schema
from tests.support.clock import ManualClock

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
        assert await s.schema_version() == len(schema.load_migrations())
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
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(schema.load_migrations())
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
        row = await s._one("SELECT COUNT(*) AS n FROM schema_migrations")
        assert row is not None and row["n"] == len(schema.load_migrations())
    finally:
        await s.close()


async def test_a_new_migration_is_applied_to_an_existing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    s = await Store.open(path)
    await s.add_article(_article(GUILD_A, "Kept across the upgrade, word for word."), [], [], {})
    await s.close()
    shipped = schema.load_migrations()
    extra = schema.Migration(
        len(shipped) + 1,
        "9999_test_column.sql",
        "ALTER TABLE articles ADD COLUMN test_flag INTEGER NOT NULL DEFAULT 7;",
    )
    monkeypatch.setattr(schema, "load_migrations", lambda: [*shipped, extra])
    s = await Store.open(path)
    try:
        assert await s.schema_version() == extra.version
        row = await s._one("SELECT test_flag, text FROM articles")
        assert row is not None
        assert tuple(row) == (7, "Kept across the upgrade, word for word.")
    finally:
        await s.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fail.db"
    await (await Store.open(path)).close()
    shipped = schema.load_migrations()
    bad = schema.Migration(
        len(shipped) + 1, "9999_bad.sql", "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;"
    )
    monkeypatch.setattr(schema, "load_migrations", lambda: [*shipped, bad])
    with pytest.raises(sqlite3.OperationalError):
        await Store.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == len(shipped)
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    con.close()


def _future_database(path: Path, version: int = 70) -> None:
    """A database as a later Briefings (schema `version`) would leave it."""
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    con.execute(
        "INSERT INTO schema_migrations VALUES (?, ?, '2030-01-01T00:00:00Z')",
        (version, f"{version:04d}_future.sql"),
    )
    con.commit()
    con.close()


async def test_database_newer_than_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    await (await Store.open(path)).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 'now')")
    con.commit()
    con.close()
    known = len(schema.load_migrations())
    with pytest.raises(SchemaError) as err:
        await Store.open(path)
    assert str(err.value) == (
        f"database {path} has schema version 999 but this Briefings only knows {known}: "
        "upgrade Briefings"
    )
    assert isinstance(err.value, BriefingsError)  # the CLI and the bot print it as one line
    # Refused before anything was written: the file is as the newer program left it.
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 999
    con.close()


def test_cli_on_a_newer_database_says_one_line_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "that.db"
    _future_database(path, 70)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BRIEFINGS_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "briefings", "--db", str(path), "articles"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    known = len(schema.load_migrations())
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"error: database {path} has schema version 70 but this Briefings only knows {known}: "
        "upgrade Briefings"
    ]


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
    row = await store._one("SELECT COUNT(*) AS n FROM sentences")
    assert row is not None and row["n"] == 0


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


async def test_known_and_new_speakers_in_one_article_keep_their_own_actors(
    store: Store,
) -> None:
    # Known actors are looked up together; a new speaker among them, before or after,
    # must still get its own actor, and each quote the actor of its speaker.
    def q(speaker: str, text: str) -> Quote:
        return Quote(speaker, text, 0, 3, "direct", "said", speaker_mention=speaker)

    await store.add_article(
        _article(GUILD_A, "first article with two people"),
        [],
        [q("Anna Albers", "a1"), q("Boris Brandt", "b1")],
        {"Anna Albers": _actor("Anna Albers"), "Boris Brandt": _actor("Boris Brandt")},
    )
    order = ("Clara Castell", "Anna Albers", "David Dorn", "Boris Brandt")  # new, known, ...
    await store.add_article(
        _article(GUILD_A, "second article with four people"),
        [],
        [q(name, name[0].lower() + "2") for name in order],
        {name: _actor(name) for name in order},
    )
    actors = {a.name: a for a in await store.actors(GUILD_A)}
    assert sorted(actors) == sorted(order)
    counts = {name: a.quote_count for name, a in actors.items()}
    assert counts == {"Anna Albers": 2, "Boris Brandt": 2, "Clara Castell": 1, "David Dorn": 1}
    for name, actor in actors.items():
        quotes = await store.quotes_for_actors(GUILD_A, [actor.id])
        assert {x.speaker for x in quotes} == {name}


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


# ---------------------------------------------------------------------- migrations
def test_every_migration_starts_with_a_header_saying_why() -> None:
    migrations = schema.load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    for m in migrations:
        assert m.sql.startswith("-- Revises: "), m.name
        head = schema.header(m.sql)
        assert head["revises"] == f"{m.version - 1:04d}", m.name
        assert len(head["reason"]) > 40, m.name  # a sentence, not a placeholder


def test_a_migration_without_its_header_or_number_is_a_packaging_bug() -> None:
    first = schema.Migration(1, "0001_a.sql", "-- Revises: 0000\n-- Reason: the start\nSELECT 1;")
    schema.check_migrations([first])
    no_reason = schema.Migration(2, "0002_b.sql", "-- Revises: 0001\nSELECT 1;")
    with pytest.raises(RuntimeError, match="Reason"):
        schema.check_migrations([first, no_reason])
    wrong_parent = schema.Migration(2, "0002_b.sql", "-- Revises: 0000\n-- Reason: x\nSELECT 1;")
    with pytest.raises(RuntimeError, match="Revises: 0001"):
        schema.check_migrations([first, wrong_parent])
    gap = schema.Migration(3, "0003_c.sql", "-- Revises: 0002\n-- Reason: x\nSELECT 1;")
    with pytest.raises(RuntimeError, match="numbering"):
        schema.check_migrations([first, gap])


def test_migration_text_splits_into_statements_at_real_semicolons_only() -> None:
    sql = (
        "-- Revises: 0000\n-- Reason: a test; with a semicolon\n\n"
        "CREATE TABLE t(a TEXT DEFAULT ';');\n"
        "/* a; block comment */ CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n"
        "    INSERT INTO t VALUES ('x;y');\n"
        "END;\n"
        "INSERT INTO t VALUES ('z')"
    )
    parts = schema.split_statements(sql)
    assert len(parts) == 3 and parts[-1] == "INSERT INTO t VALUES ('z')"
    con = sqlite3.connect(":memory:")
    for part in parts:
        con.execute(part)
    assert con.execute("SELECT a FROM t ORDER BY a").fetchall() == [("x;y",), ("z",)]
    con.close()


T1 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _version_1_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A database as a Briefings that knew only migration 0001 left it, with data in
    every kind of row; returns the stored article's id."""
    shipped = schema.load_migrations()
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:1])
        s = await Store.open(path, clock=lambda: T1)
        try:
            text = "Putin said the talks were useful. Nothing else happened today at all."
            art, _ = await s.add_article(
                _article(GUILD_A, text, title="Talks", url="https://x.test/talks"),
                [(0, 33), (34, len(text))],
                [],
                {},
            )
            await s.set_meta("commands_hash", "abc")
            assert await s.schema_version() == 1
        finally:
            await s.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE guilds SET name = 'Old name'")  # had anything ever written it
    # A feed and a handled entry as version 1 wrote them (today's Store reads columns that
    # later migrations add, e.g. 0007's filters).
    con.execute(
        "INSERT INTO feeds(id, guild_id, url, title, channel_id, created_at) "
        "VALUES (1, ?, 'https://x.test/rss', 'X news', 42, '2026-11-01T09:00:00Z')",
        (GUILD_A,),
    )
    con.execute(
        "INSERT INTO feed_entries(feed_id, entry_key, article_id, seen_at) "
        "VALUES (1, 'entry-1', ?, '2026-11-01T09:00:00Z')",
        (art.id,),
    )
    # The schedule and a posted digest as the version-1 code wrote them: today's Store
    # writes columns that later migrations add.
    con.execute(
        "UPDATE guilds SET digest_channel_id = 5, digest_time = '08:00', "
        "timezone = 'Europe/Berlin', digest_enabled = 1, digest_set_at = ? WHERE id = ?",
        ("2026-11-01T09:00:00Z", GUILD_A),
    )
    # The actor and quote as the version-1 code wrote them (no kind, no confidence).
    actor_id = con.execute(
        "INSERT INTO actors(guild_id, name, name_key) VALUES (?, 'Vladimir Putin', "
        "'vladimir putin')",
        (GUILD_A,),
    ).lastrowid
    con.executemany(
        "INSERT INTO actor_aliases(guild_id, alias_key, actor_id, alias) VALUES (?,?,?,?)",
        [
            (GUILD_A, "vladimir putin", actor_id, "Vladimir Putin"),
            (GUILD_A, "putin", actor_id, "Putin"),
        ],
    )
    con.execute(
        "INSERT INTO quotes(article_id, actor_id, speaker, speaker_mention, text, kind, cue, "
        "start, \"end\", text_key) VALUES (?, ?, 'Vladimir Putin', 'Putin', "
        "'the talks were useful', 'indirect', 'said', 11, 32, 'the talks were useful')",
        (art.id, actor_id),
    )
    con.execute(
        "INSERT INTO posted_digests(guild_id, digest_date, channel_id, message_ids, posted_at) "
        "VALUES (?, '2026-11-01', 5, '[7, 8]', '2026-11-01T09:00:00Z')",
        (GUILD_A,),
    )
    con.commit()
    assert "name" in {r[1] for r in con.execute("PRAGMA table_info(guilds)")}
    con.close()
    return art.id


async def test_version_1_database_upgrades_and_keeps_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.db"
    article_id = await _version_1_database(path, monkeypatch)
    s = await Store.open(path, clock=lambda: T2)
    try:
        assert await s.schema_version() == len(schema.load_migrations()) >= 2
        art = await s.article(GUILD_A, article_id)
        assert art is not None and art.title == "Talks" and art.ingested_at == T1
        assert [a.id for a, _ in await s.search(GUILD_A, "talks useful")] == [article_id]
        assert len(await s.sentence_spans(article_id)) == 2
        quotes = await s.article_quotes(GUILD_A, article_id)
        assert [(q.speaker, q.text, q.article_title) for q in quotes] == [
            ("Vladimir Putin", "the talks were useful", "Talks")
        ]
        # An attribution stored before confidences existed is shown as before.
        assert [(a.name, a.quote_count, a.kind) for a in await s.actors(GUILD_A)] == [
            ("Vladimir Putin", 1, "person")
        ]
        assert quotes[0].confidence is None
        g = await s.guild(GUILD_A)
        assert (g.digest_time, g.timezone, g.digest_enabled, g.digest_set_at) == (
            "08:00",
            "Europe/Berlin",
            True,
            T1,
        )
        assert g.name is None
        [feed] = await s.feeds(GUILD_A)
        assert (feed.url, feed.channel_id, feed.title) == ("https://x.test/rss", 42, "X news")
        assert await s.seen_entries(feed.id, ["entry-1", "entry-2"]) == {"entry-1"}
        posted = await s.posted_digest(GUILD_A, "2026-11-01")
        assert posted is not None and posted.message_ids == (7, 8)
        assert await s.get_meta("commands_hash") == "abc"
        # The upgraded database works as a new one does.
        await s.set_digest_schedule(GUILD_B, 6, "09:00", "UTC")
        assert [x.id for x in await s.scheduled_guilds()] == [GUILD_A, GUILD_B]
    finally:
        await s.close()
    con = sqlite3.connect(path)
    assert "name" not in {r[1] for r in con.execute("PRAGMA table_info(guilds)")}
    applied = con.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
    # Each migration is recorded at the time of the clock of the store that applied it.
    assert applied[:2] == [
        (1, "0001_initial.sql", "2026-11-01T09:00:00Z"),
        (2, "0002_drop_guild_name.sql", "2026-12-01T09:00:00Z"),
    ]
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(schema.load_migrations())
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


# ---------------------------------------------------------------------- concurrent opens
_OPEN_STORE = """
import asyncio, sys, time
from pathlib import Path
from briefings.store import Store

db, go = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)


async def main() -> None:
    s = await Store.open(db)
    try:
        print(await s.schema_version())
    finally:
        await s.close()


asyncio.run(main())
"""


def _open_from_processes(db: Path, count: int) -> list[tuple[int, str, str]]:
    """Open `db` from `count` fresh Python processes released at the same instant;
    returns each one's (exit code, stdout, stderr)."""
    go = db.with_name(db.name + ".go")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_STORE, str(db), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    try:
        for p in procs:  # all imported and waiting: the opens themselves collide
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        go.touch()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            results.append((p.returncode, out, err))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


def test_many_processes_opening_one_database_at_once_all_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = len(schema.load_migrations())
    old = tmp_path / "old.db"
    article_id = asyncio.run(_version_1_database(old, monkeypatch))
    # Three rounds on new files, then one where they all find a version-1 file to upgrade.
    for db in [tmp_path / f"new{i}.db" for i in range(3)] + [old]:
        results = _open_from_processes(db, 8)
        failed = [err.strip().splitlines()[-1:] for code, _, err in results if code != 0]
        assert failed == [], db.name
        assert [out.strip() for _, out, _ in results] == [str(known)] * 8
        con = sqlite3.connect(db)
        applied = con.execute("SELECT version FROM schema_migrations ORDER BY version")
        assert [r[0] for r in applied] == list(range(1, known + 1))
        assert con.execute("PRAGMA user_version").fetchone()[0] == known
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        con.close()
    con = sqlite3.connect(old)
    assert con.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone() == (
        "Talks",
    )
    con.close()


# ---------------------------------------------------------------------- the clock
async def test_a_store_writes_the_time_of_its_clock(tmp_path: Path) -> None:
    t = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    path = tmp_path / "clock.db"
    s = await Store.open(path, clock=lambda: t)
    try:
        feed, _ = await s.add_feed(GUILD_A, "https://x.test/rss", 1)
        await s.mark_entry(feed.id, "entry-1", None)
        art, _ = await s.add_article(_article(GUILD_A, "Dated by the store's clock."), [], [], {})
        assert art.ingested_at == t
        await s.set_digest_schedule(GUILD_B, 5, "08:00", "UTC")
        assert (await s.guild(GUILD_B)).digest_set_at == t
        assert await s.claim_digest(GUILD_A, "2031-05-06", 5)
        posted = await s.posted_digest(GUILD_A, "2031-05-06")
        assert posted is not None and posted.posted_at == t
        await s.finish_digest(GUILD_A, "2031-05-06", [1])
    finally:
        await s.close()
    stamp = [("2031-05-06T07:08:09Z",)]
    con = sqlite3.connect(path)
    assert con.execute("SELECT created_at FROM feeds").fetchall() == stamp
    assert con.execute("SELECT seen_at FROM feed_entries").fetchall() == stamp
    assert con.execute("SELECT DISTINCT created_at FROM guilds").fetchall() == stamp
    assert con.execute("SELECT posted_at FROM posted_digests").fetchall() == stamp
    assert con.execute("SELECT DISTINCT applied_at FROM schema_migrations").fetchall() == stamp
    con.close()


async def test_the_app_opens_its_store_with_its_clock(
    settings: Settings, clock: ManualClock
) -> None:
    async with await Briefings.open(settings, clock) as app:
        assert app.store.clock is clock
        feed, _ = await app.store.add_feed(GUILD_A, "https://x.test/rss", 1)
        clock.advance(days=3)
        assert await app.store.claim_digest(GUILD_A, "2026-11-30", 1)
        posted = await app.store.posted_digest(GUILD_A, "2026-11-30")
        assert posted is not None and posted.posted_at == clock()


# ---------------------------------------------------------------------- the duplicate check
async def test_duplicate_check_prefers_the_url_match(store: Store) -> None:
    by_url, _ = await store.add_article(
        _article(GUILD_A, "First article words here.", url="https://x.test/a"), [], [], {}
    )
    by_text, _ = await store.add_article(_article(GUILD_A, "Second article words."), [], [], {})
    second_hash = content_hash("Second article words.")
    found = await store.find_duplicate(
        GUILD_A, canonical_url="https://x.test/a", text_hash=second_hash
    )
    assert found is not None and found.id == by_url.id
    found = await store.find_duplicate(GUILD_A, canonical_url=None, text_hash=second_hash)
    assert found is not None and found.id == by_text.id
    assert await store.find_duplicate(GUILD_A, canonical_url="https://x.test/b") is None
    assert await store.find_duplicate(GUILD_B, canonical_url="https://x.test/a") is None
    # Inside the transaction the same query decides: the same URL stores nothing new.
    again, created = await store.add_article(
        _article(GUILD_A, "Second article words.", url="https://x.test/a"), [], [], {}
    )
    assert not created and again.id == by_url.id


async def test_two_ingests_of_one_article_at_once_store_it_once(
    app: Briefings, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    add_article = app.store.add_article

    async def counting(*args: Any, **kwargs: Any) -> tuple[Article, bool]:
        nonlocal calls
        calls += 1
        return await add_article(*args, **kwargs)

    monkeypatch.setattr(app.store, "add_article", counting)
    a, b = await asyncio.gather(app.ingest.text(1, seed_text), app.ingest.text(1, seed_text))
    # Both passed the early check; the transaction's check stored the article once.
    assert calls == 2
    assert sorted([a.created, b.created]) == [False, True]
    assert a.article.id == b.article.id
    loser = b if a.created else a
    assert f"#{a.article.id}" in loser.summary_line()
    assert loser.sentence_count == (a if a.created else b).sentence_count
    assert await app.store.count_articles(1) == 1
