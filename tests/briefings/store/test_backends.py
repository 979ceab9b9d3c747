"""The two backends: migrations kept in step, the SQL translation, and what only PostgreSQL
does (its migrations under an advisory lock, transactional DDL, 64-bit Discord ids).

The behaviour of the store itself is tested once, on both backends, by every test that
takes the `store`, `app` or `bot` fixture (see tests/conftest.py)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import asyncpg
import pytest

from briefings.errors import ConfigError, SchemaError
from briefings.settings import Settings
from briefings.store import NewArticle, Store, redact_url, schema
from briefings.store.db import translate

BIG_GUILD = 1_234_567_890_123_456_789  # a real-sized Discord snowflake: needs 64 bits


def _numbers(folder: Path) -> list[int]:
    return sorted(int(p.name[:4]) for p in folder.glob("*.sql") if re.match(r"\d{4}_", p.name))


def test_both_backends_have_the_same_migration_numbers() -> None:
    """A migration added for one backend and forgotten for the other fails here."""
    here = Path(schema.__file__).parent
    sqlite_dir = here / schema.MIGRATION_FOLDERS["sqlite"]
    pg_dir = here / schema.MIGRATION_FOLDERS["postgres"]
    assert _numbers(sqlite_dir) == _numbers(pg_dir) != []
    assert [m.version for m in schema.load_migrations()] == [
        m.version for m in schema.load_pg_migrations()
    ]


# ---------------------------------------------------------------------- translation
def test_question_marks_become_numbered_parameters_outside_strings_and_names() -> None:
    sql, params = translate(
        "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = ? AND b = ? AND c::text = '$[#]'"
    )
    assert sql == (
        "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = $1 AND b = $2 AND c::text = '$[#]'"
    )
    assert params == 2


def test_named_parameters_become_numbered_once_each() -> None:
    sql, params = translate("SELECT 1 WHERE a = :x OR b = :y OR c = :x AND d = 'HH:MM'")
    assert sql == "SELECT 1 WHERE a = $1 OR b = $2 OR c = $1 AND d = 'HH:MM'"
    assert params == ("x", "y")


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    sql, _ = translate("INSERT OR IGNORE INTO t(a) VALUES (?);")
    assert sql == "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING"


def test_like_ignores_case_on_both_backends_and_ifnull_is_coalesce() -> None:
    sql, _ = translate("SELECT IFNULL(a, 'like') FROM t WHERE b like ? AND c NOT LIKE ?")
    assert sql == "SELECT COALESCE(a, 'like') FROM t WHERE b ILIKE $1 AND c NOT ILIKE $2"


async def test_the_translated_sql_runs_alike_on_both_backends(store: Store) -> None:
    """A query written SQLite's way gives the same answer on PostgreSQL."""
    await store.set_meta("Greeting", "Hello")
    row = await store._one(
        "SELECT IFNULL(NULL, value) AS v FROM meta WHERE key LIKE :k AND value LIKE :v",
        {"k": "greet%", "v": "hel%"},
    )
    assert row is not None and row["v"] == "Hello"
    async with store._tx() as db:
        cur = await db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", ("k", "1"))
        assert cur.rowcount == 1
        cur = await db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", ("k", "2"))
        assert cur.rowcount == 0
        cur = await db.execute(
            "INSERT INTO guilds(id, created_at) VALUES (:id, :now)", {"id": 5, "now": "t"}
        )
        assert cur.lastrowid == 5
        cur = await db.execute(
            "UPDATE meta SET value = ? WHERE key IN (?, ?)", ("x", "k", "Greeting")
        )
        assert cur.rowcount == 2
    assert await store.get_meta("k") == "x"


def test_statements_that_do_not_translate_are_refused_with_the_way_out() -> None:
    with pytest.raises(ValueError, match="ON CONFLICT"):
        translate("INSERT OR REPLACE INTO t(a) VALUES (?)")
    with pytest.raises(ValueError, match="mixes"):
        translate("SELECT ? WHERE a = :x")


def test_a_database_url_is_shown_without_its_password() -> None:
    assert redact_url("postgresql://bot:s3cret@db:5432/b") == "postgresql://bot:***@db:5432/b"
    assert redact_url("postgresql://postgres@db/b") == "postgresql://postgres@db/b"


def test_the_database_url_setting_selects_postgresql(tmp_path: Path) -> None:
    url = "postgresql://bot@db.example:5432/briefings"
    s = Settings.load(env={"BRIEFINGS_DATABASE_URL": url}, env_file=tmp_path / "none")
    assert s.database_url == url and s.database == url
    assert Settings.load(env={}, env_file=tmp_path / "none").database == Path("briefings.db")
    with pytest.raises(ConfigError, match="BRIEFINGS_DATABASE_URL"):
        Settings.load(env={"BRIEFINGS_DATABASE_URL": "mysql://x/y"}, env_file=tmp_path / "n")


# ---------------------------------------------------------------------- PostgreSQL only
async def _tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        return {r["tablename"] for r in rows}
    finally:
        await conn.close()


async def test_a_new_postgresql_schema_gets_every_migration(pg_url: str) -> None:
    async with await Store.open(pg_url) as s:
        assert s.dialect == "postgres"
        assert await s.schema_version() == len(schema.load_pg_migrations())
        index = await s._one(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_search' "
            "AND schemaname = current_schema()"
        )
        assert index is not None and "gin" in index["indexdef"].lower()
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
        "meta",
        "schema_migrations",
    } <= await _tables(pg_url)


async def test_many_stores_migrating_one_new_database_at_once_all_succeed(pg_url: str) -> None:
    """The advisory lock: eight openers, each on its own connections, one migration run."""
    stores = await asyncio.gather(*(Store.open(pg_url) for _ in range(8)))
    try:
        known = len(schema.load_pg_migrations())
        assert [await s.schema_version() for s in stores] == [known] * 8
        rows = await stores[0]._all("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in rows] == list(range(1, known + 1))
    finally:
        for s in stores:
            await s.close()


async def test_a_failing_postgresql_migration_leaves_the_schema_as_it_was(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await (await Store.open(pg_url)).close()
    shipped = schema.load_pg_migrations()
    bad = schema.Migration(
        len(shipped) + 1, "9999_bad.sql", "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;"
    )
    monkeypatch.setattr(schema, "load_pg_migrations", lambda: [*shipped, bad])
    with pytest.raises(asyncpg.PostgresSyntaxError):
        await Store.open(pg_url)
    assert "half_done" not in await _tables(pg_url)
    monkeypatch.setattr(schema, "load_pg_migrations", lambda: shipped)
    async with await Store.open(pg_url) as s:
        assert await s.schema_version() == len(shipped)


async def test_a_postgresql_database_newer_than_the_program_is_refused(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await (await Store.open(pg_url)).close()
    shipped = schema.load_pg_migrations()
    monkeypatch.setattr(schema, "load_pg_migrations", lambda: shipped[:-1])
    with pytest.raises(SchemaError, match="upgrade Briefings"):
        await Store.open(pg_url)


async def test_sixty_four_bit_discord_ids_round_trip(store: Store) -> None:
    art, created = await store.add_article(
        NewArticle(BIG_GUILD, "Snowflakes", "Ids from Discord need all of 64 bits.", "text"),
        [(0, 36)],
        [],
        {},
    )
    assert created and art.guild_id == BIG_GUILD and art.id > 0
    assert [a.id for a in await store.recent_articles(BIG_GUILD)] == [art.id]
    await store.set_digest_schedule(BIG_GUILD, BIG_GUILD + 1, "07:00", "UTC")
    assert (await store.guild(BIG_GUILD)).digest_channel_id == BIG_GUILD + 1
    claim = await store.claim_digest(BIG_GUILD, "2026-11-29", BIG_GUILD + 1, "tok")
    assert claim is not None and await store.plan_digest(BIG_GUILD, "2026-11-29", "tok", [{}])
    assert await store.record_digest_message(BIG_GUILD, "2026-11-29", "tok", 0, BIG_GUILD + 2)
    assert await store.finish_digest(BIG_GUILD, "2026-11-29", token="tok")
    done = await store.posted_digest(BIG_GUILD, "2026-11-29")
    assert done is not None and done.message_ids == (BIG_GUILD + 2,) and done.planned == 1


async def test_search_ignores_accents_on_both_backends(store: Store) -> None:
    art, _ = await store.add_article(
        NewArticle(9, "Talks in Zürich", "José Müller met the mayor of Zürich on Friday.", "text"),
        [],
        [],
        {},
    )
    for query in ("jose zurich", "José", "MULLER", "zürich mayor"):
        assert [a.id for a, _ in await store.search(9, query)] == [art.id], query
    assert await store.search(10, "jose") == []
