"""Two `python bot.py` processes, each running shards of two, on one database (a SQLite
file, and one PostgreSQL database as the issue's deployment has it): every guild is served
by a process that runs its shard, each digest is posted once, and a feed URL that guilds
on both shards subscribe to is fetched once per poll for all of them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefings.app import Briefings
from briefings.settings import Settings
from briefings.shards import shard_of
from tests.support.bot_process import bot_env, run_bot, stop_bot
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord, FakeGuild
from tests.support.loopback_site import LoopbackSite, article_html
from tests.support.paths import SEED_PATH

FEED_PATH, PAGE_PATH = "/wire.xml", "/wire/harbour-vote"
PARAGRAPHS = [
    "The harbour council voted on Tuesday to rebuild the old pier before the winter storms.",
    "Work on the pier begins in March and the budget was approved by nine votes to two.",
    "Fishing crews said the repairs had been promised for more than a decade.",
    "The council will publish the full plans for the harbour at the end of the month.",
]


def guild_per_shard(fake: FakeDiscord, count: int) -> dict[int, FakeGuild]:
    """One new guild on each shard, with a `news` channel (digests) and a `wire` channel
    (feed announcements)."""
    by_shard: dict[int, FakeGuild] = {}
    n = 1
    while len(by_shard) < count:
        guild = fake.add_guild(f"Guild {n}", channels=("news", "wire"))
        by_shard.setdefault(shard_of(int(guild.id), count), guild)
        n += 1
    return by_shard


def serve_wire(site: LoopbackSite) -> str:
    """A feed with one entry whose page is an article; returns the feed's URL."""
    page = site.page(PAGE_PATH, article_html("Harbour pier to be rebuilt", PARAGRAPHS))
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour wire</title>'
        f"<link>{site.url('/')}</link><description>d</description><item>"
        f"<title>Harbour pier to be rebuilt</title><link>{page}</link><guid>{page}</guid>"
        "</item></channel></rss>"
    )
    return site.raw(FEED_PATH, rss.encode(), "application/rss+xml")


async def seed(settings: Settings, guilds: list[FakeGuild], feed_url: str) -> None:
    """Before the bots start: each guild holds the seed article, a digest schedule that
    came due half an hour ago (so each process's first scheduler tick owes it), and a
    subscription to the shared feed announced in its `wire` channel."""
    now = datetime.now(UTC)
    app = await Briefings.open(settings, ManualClock(now - timedelta(hours=2)))
    try:
        for guild in guilds:
            await app.ingest.text(int(guild.id), SEED_PATH.read_text(encoding="utf-8"))
            due = (now - timedelta(minutes=30)).strftime("%H:%M")
            await app.digests.schedule(int(guild.id), int(guild.channel.id), due, "UTC")
            await app.feeds.add(int(guild.id), feed_url, int(guild.channels[1].id))
    finally:
        await app.close()


async def run_two_processes(
    fake: FakeDiscord, site: LoopbackSite, settings: Settings, shard_ids: tuple[str, str]
) -> tuple[dict[int, FakeGuild], list[tuple[str, str]], dict[str, int]]:
    """Seed a guild per shard, run `bot.py` twice with BRIEFINGS_SHARD_COUNT=2 and the
    given BRIEFINGS_SHARD_IDS, wait for every digest and announcement, check that each
    guild's commands are answered; returns the guilds, each process's (stdout, stderr)
    and the requests the feed site saw while the bots ran."""
    guilds = guild_per_shard(fake, 2)
    await seed(settings, list(guilds.values()), serve_wire(site))
    before = dict(site.hits)
    env = {"BRIEFINGS_SHARD_COUNT": "2", "BRIEFINGS_ALLOW_PRIVATE_URLS": "1"}
    procs = [
        await run_bot(
            bot_env(fake, settings.db_path, settings.database_url, BRIEFINGS_SHARD_IDS=ids, **env)
        )
        for ids in shard_ids
    ]
    try:
        await fake.wait_ready(timeout=60)  # both shards identified
        for guild in guilds.values():
            await fake.wait_for_channel_messages(guild.channel, 1, timeout=60)
            await fake.wait_for_channel_messages(guild.channels[1], 1, timeout=60)
        # Commands in each guild reach a process that runs its shard, and are answered.
        for guild in guilds.values():
            quotes = await fake.slash("quotes", {"actor": "Putin"}, guild=guild, timeout=30)
            assert "These are the realities" in quotes.final["embeds"][0]["description"]
        await asyncio.sleep(1.5)  # room for a second post or fetch, were there one
    finally:
        outputs = [await stop_bot(proc) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    seen = {path: site.hits.get(path, 0) - before.get(path, 0) for path in (FEED_PATH, PAGE_PATH)}
    for guild in guilds.values():
        # Each digest posted once, and the feed's new article announced once, per guild.
        posts = fake.channel_messages.get(guild.channel.id, [])
        assert len(posts) == 1, f"{len(posts)} digest posts in guild {guild.id}"
        news = fake.channel_messages.get(guild.channels[1].id, [])
        assert len(news) == 1, f"{len(news)} feed announcements in guild {guild.id}"
        assert "Harbour pier to be rebuilt" in str(news[0])
    return guilds, outputs, seen


@pytest.fixture
def bot_settings(tmp_path: Path, database_url: str | None) -> Settings:
    """The database both processes share: a SQLite file, or a fresh PostgreSQL schema."""
    return Settings(
        db_path=tmp_path / "shared.db", database_url=database_url, fetch_allow_private=True
    )


async def test_two_processes_split_the_guilds_post_each_digest_once_and_fetch_a_feed_once(
    bot_settings: Settings, site: LoopbackSite
) -> None:
    async with FakeDiscord(shards=2) as fake:
        guilds, outputs, seen = await run_two_processes(fake, site, bot_settings, ("0", "1"))
    for shard, guild in guilds.items():
        # The digest of each guild is posted by the process that runs its shard only.
        _, err = outputs[shard]
        assert f"digest in guild {guild.id}" in err
        assert f"digest in guild {guild.id}" not in outputs[1 - shard][1]
        assert f"running shard(s) {shard} of 2" in err
    # Both guilds subscribe to one feed URL: one fetch of it and of its entry's page
    # served both, whichever process polled.
    assert seen == {FEED_PATH: 1, PAGE_PATH: 1}


async def test_overlapping_shard_ranges_still_post_each_digest_once(
    bot_settings: Settings, site: LoopbackSite
) -> None:
    # Started by mistake with overlapping ranges: both processes run shard 1, so both owe
    # the digest of its guild; the claim in the database lets one of them post it.
    async with FakeDiscord(shards=2) as fake:
        guilds, outputs, seen = await run_two_processes(fake, site, bot_settings, ("0-1", "1"))
    posted = [err.count(f"digest in guild {guilds[1].id}") for _, err in outputs]
    assert sorted(posted) == [0, 1]
    assert "running shard(s) 0, 1 of 2" in outputs[0][1]
    assert seen == {FEED_PATH: 1, PAGE_PATH: 1}
