"""Shared fixtures: real objects on real files and sockets, nothing mocked.

Every test that takes `settings` (and so `store`, `app` and `bot`) runs twice: on a SQLite
file and on a real PostgreSQL (`[sqlite]` / `[postgres]` in the test id). The PostgreSQL
runs use one database per session (created here, dropped at the end) and a fresh schema
per test, selected through the URL's `search_path`. The server is `BRIEFINGS_TEST_PG_URL`
(default: the local one, user postgres). When none answers the PostgreSQL runs are skipped
with the reason, unless `CI` is set: then they fail, so CI cannot pass without them.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import pytest
import pytest_asyncio

from briefings.settings import Settings
from briefings.store import Store
from tests.support.clock import ManualClock
from tests.support.loopback_site import LoopbackSite
from tests.support.paths import SEED_PATH

if TYPE_CHECKING:
    from bot import BriefingsBot
    from briefings.app import Briefings
    from tests.support.fakediscord import FakeDiscord


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


PG_SERVER = os.environ.get("BRIEFINGS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin(url: str, *statements: str) -> None:
    """Run statements on a PostgreSQL server from a thread of its own, so a session
    fixture needs no event loop (and leaves the tests' loops alone)."""

    async def work() -> None:
        conn = await asyncpg.connect(url, timeout=5)
        try:
            for sql in statements:
                await conn.execute(sql)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, work()).result()


def _with_database(url: str, name: str) -> str:
    head, _, query = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a database made for this test session (dropped at the end)."""
    name = f"briefings_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        _admin(PG_SERVER, f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        where = PG_SERVER.split("@")[-1]
        reason = f"no PostgreSQL at {where} ({type(exc).__name__}: {exc})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI runs every test on PostgreSQL too", pytrace=False)
        pytest.skip(f"{reason}; set BRIEFINGS_TEST_PG_URL or start a server to run them")
    try:
        yield _with_database(PG_SERVER, name)
    finally:
        _admin(PG_SERVER, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """URL of a fresh, empty schema in the session's database (dropped after the test)."""
    schema = f"t_{secrets.token_hex(6)}"
    _admin(pg_database, f"CREATE SCHEMA {schema}")
    try:
        yield f"{pg_database}?search_path={schema}"
    finally:
        _admin(pg_database, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which store backend the test runs on."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """None on SQLite; on PostgreSQL, the URL of the test's own schema."""
    return None if backend == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    """Settings for tests: a fresh database (SQLite file or PostgreSQL schema); loopback
    fetches allowed (the test site lives on 127.0.0.1), short timeouts."""
    return Settings(
        db_path=tmp_path / "briefings.db",
        database_url=database_url,
        fetch_allow_private=True,
        fetch_timeout=5.0,
    )


@pytest_asyncio.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    s = await Store.open(settings.database)
    yield s
    await s.close()


@pytest_asyncio.fixture
async def app(settings: Settings) -> AsyncIterator[Briefings]:
    from briefings.app import Briefings

    a = await Briefings.open(settings)
    yield a
    await a.close()


@pytest_asyncio.fixture
async def site() -> AsyncIterator[LoopbackSite]:
    s = LoopbackSite()
    await s.start()
    yield s
    await s.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    from tests.support.fakediscord import FakeDiscord

    async with FakeDiscord() as f:
        with f.patched():
            yield f


async def _manual_feed_polls(bot: BriefingsBot) -> None:
    """Stop the bot's once-a-minute feed loop: tests poll with `cog.poll_feeds()`.

    Left running, its first round (as soon as the bot is ready) could poll a feed the
    test has just added (on the test's manual clock a new feed is due at once) and record
    that poll, so that the test's own poll finds nothing due. The loop itself runs in the
    two-process tests (`tests/test_bot_shards.py`), which poll only through it."""
    cog: Any = bot.get_cog("Feeds")
    if cog is not None:
        cog.poll_feeds.cancel()
        while cog.poll_feeds.is_running():
            await asyncio.sleep(0.01)


@pytest_asyncio.fixture
async def bot(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[BriefingsBot]:
    """The real bot, logged in to the fake Discord, commands synced globally."""
    from bot import BriefingsBot

    b = BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)
    async with fake.run(b) as running:
        await _manual_feed_polls(running)
        yield running
    # Whatever a test made the bot say, no message may be able to ping anyone.
    fake.assert_allowed_mentions({"parse": []})
