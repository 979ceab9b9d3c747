"""Shared fixtures: real objects on real files and sockets, nothing mocked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: a fresh database file; loopback fetches allowed (the test site
    lives on 127.0.0.1), short timeouts."""
    return Settings(
        db_path=tmp_path / "briefings.db",
        fetch_allow_private=True,
        fetch_timeout=5.0,
    )


@pytest_asyncio.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    s = await Store.open(settings.db_path)
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


@pytest_asyncio.fixture
async def bot(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[BriefingsBot]:
    """The real bot, logged in to the fake Discord, commands synced globally."""
    from bot import BriefingsBot

    b = BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)
    async with fake.run(b) as running:
        yield running
    # Whatever a test made the bot say, no message may be able to ping anyone.
    fake.assert_allowed_mentions({"parse": []})
