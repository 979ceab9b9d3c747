"""Two `python bot.py` processes, each running one of two shards, on one database: every
guild is served by the process that runs its shard, and each digest is posted once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefings.app import Briefings
from briefings.settings import Settings
from briefings.shards import shard_of
from tests.support.bot_process import bot_env, run_bot, stop_bot
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord, FakeGuild
from tests.support.paths import SEED_PATH


def guild_per_shard(fake: FakeDiscord, count: int) -> dict[int, FakeGuild]:
    """One guild on each shard: the fake's default guild, plus new ones until all are held."""
    by_shard: dict[int, FakeGuild] = {}
    n = 0
    while len(by_shard) < count:
        guild = fake.guild if n == 0 else fake.add_guild(f"Guild {n}", channels=("news",))
        by_shard.setdefault(shard_of(int(guild.id), count), guild)
        n += 1
    return by_shard


async def test_two_processes_split_the_guilds_and_post_each_digest_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    async with FakeDiscord(shards=2) as fake:
        guilds = guild_per_shard(fake, 2)
        # Before the bots start: each guild holds the seed article and a digest schedule
        # that came due half an hour ago, so each process's first scheduler tick owes it.
        now = datetime.now(UTC)
        set_at = ManualClock(now - timedelta(hours=2))
        app = await Briefings.open(Settings(db_path=db), set_at)
        try:
            for guild in guilds.values():
                await app.ingest.text(int(guild.id), SEED_PATH.read_text(encoding="utf-8"))
                due = (now - timedelta(minutes=30)).strftime("%H:%M")
                await app.digests.schedule(int(guild.id), int(guild.channel.id), due, "UTC")
        finally:
            await app.close()

        procs = {
            shard: await run_bot(
                bot_env(fake, db, BRIEFINGS_SHARD_COUNT="2", BRIEFINGS_SHARD_IDS=str(shard))
            )
            for shard in guilds
        }
        try:
            await fake.wait_ready(timeout=60)  # both shards identified
            for guild in guilds.values():
                await fake.wait_for_channel_messages(guild.channel, 1, timeout=60)
            # Commands in each guild reach the process that runs its shard, and are answered.
            for guild in guilds.values():
                quotes = await fake.slash("quotes", {"actor": "Putin"}, guild=guild, timeout=30)
                assert "These are the realities" in quotes.final["embeds"][0]["description"]
            await asyncio.sleep(1.0)  # room for a second post, were there one
        finally:
            outputs = {shard: await stop_bot(proc) for shard, proc in procs.items()}

        for shard, guild in guilds.items():
            # Each digest posted once, by the process that runs the guild's shard only.
            posts = fake.channel_messages.get(guild.channel.id, [])
            assert len(posts) == 1, f"{len(posts)} digest posts in guild {guild.id}"
            _, err = outputs[shard]
            assert f"digest in guild {guild.id}" in err
            for other, (_, other_err) in outputs.items():
                if other != shard:
                    assert f"digest in guild {guild.id}" not in other_err
            assert f"running shard(s) {shard} of 2" in err
        for shard, proc in procs.items():
            assert proc.returncode == 0, outputs[shard][1]
            assert "Traceback" not in outputs[shard][1]
