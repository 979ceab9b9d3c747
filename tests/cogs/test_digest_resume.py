"""The daily digest survives stops, kills and refusals: the real bot on the fake Discord,
the scheduler driven by a hand-moved clock (issue 12, item 5)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot import BriefingsBot
from briefings.app import Briefings
from briefings.models import MessagePayload
from briefings.settings import Settings
from briefings.store import Store
from tests.cogs.test_digest import _check, _posts, _schedule, _story
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import SEED_PATH

KEY = "2026-11-27"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A generous digest budget: these tests need a digest of several messages."""
    return settings.with_(digest_max_stories=50, digest_max_chars=100_000)


AFTER_08_BERLIN = datetime(2026, 11, 27, 7, 5, tzinfo=UTC)


def _creates(fake: FakeDiscord) -> int:
    """How many times the bot tried to post in the digest channel."""
    path = f"/channels/{fake.channel.id}/messages"
    return len([r for r in fake.requests if r.method == "POST" and r.path.endswith(path)])


async def _until_done(store: Store, guild_id: int) -> None:
    for _ in range(500):
        row = await store.posted_digest(guild_id, KEY)
        if row is not None and row.done:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the digest was not finished")


async def _status(fake: FakeDiscord) -> dict[str, Any]:
    res = await fake.slash("digest status")
    embed: dict[str, Any] = res.final["embeds"][0]
    return embed


async def test_a_bot_stopped_after_message_1_posts_only_the_rest_after_its_restart(
    fake: FakeDiscord,
    bot: Any,
    settings: Settings,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n in range(14):  # a digest of several messages
        await bot.app.ingest.text(fake.guild.int_id, _story(n), title=f"Plan {n} approved")
    await _schedule(fake)
    clock.set(AFTER_08_BERLIN)
    cog = bot.get_cog("Digest")
    send = cog.send_digest_message

    async def held_back(channel_id: int, payload: MessagePayload) -> int:
        if len(_posts(fake)) == 1:  # message 2: Discord holds it back for a minute
            fake.inject_error("create_message", 429, retry_after=60)
        return int(await send(channel_id, payload))

    monkeypatch.setattr(cog, "send_digest_message", held_back)
    cog.check_digests.restart()  # the scheduler's own task runs a check now
    await fake.wait_for_request("POST", f"/channels/{fake.channel.id}/messages", n=2)
    # SIGTERM while discord.py waits to send message 2: run() calls bot.close().
    await bot.close()
    assert len(_posts(fake)) == 1
    async with await Store.open(settings.database, clock=clock) as s:
        claim = await s.posted_digest(fake.guild.int_id, KEY)
    assert claim is not None and claim.state == "posting" and claim.planned is not None
    planned = claim.planned
    assert planned >= 3 and claim.lease_until == clock()  # given up, progress kept
    assert claim.message_ids == (int(_posts(fake)[0]["id"]),)

    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as b2:
        # Its scheduler's first check, at once (no lease had to expire: the stopped bot gave
        # the claim up), posts messages 2..n; checking again posts nothing more.
        await fake.wait_for_channel_messages(fake.channel, planned)
        await _until_done(b2.app.store, fake.guild.int_id)
        await _check(b2)
        posts = _posts(fake)
        assert len(posts) == planned  # each once
        heads = [p["embeds"][0].get("title", "") for p in posts]
        assert [h for h in heads if h.startswith("Daily briefing")] == [
            "Daily briefing for Friday 27 November 2026"
        ]
        done = await b2.app.store.posted_digest(fake.guild.int_id, KEY)
        assert done is not None and done.done
        assert done.message_ids == tuple(int(p["id"]) for p in posts)
        clock.advance(minutes=5)
        await _check(b2)
        assert len(_posts(fake)) == planned


async def test_a_killed_bots_claim_is_taken_over_when_its_lease_expires(
    fake: FakeDiscord, bot: Any, settings: Settings, clock: ManualClock
) -> None:
    await _schedule(fake)
    clock.set(AFTER_08_BERLIN)
    # Another process claimed today's digest, planned three messages, sent the first and
    # was killed (-9): nothing finished or released the claim.
    plan = [
        {"embeds": [{"title": f"Part {i} of 3", "description": f"body {i}"}]} for i in (1, 2, 3)
    ]
    dead = await Store.open(settings.database, clock=clock)
    gid = fake.guild.int_id
    assert await dead.claim_digest(gid, KEY, fake.channel.int_id, "killed")
    assert await dead.plan_digest(gid, KEY, "killed", plan)
    assert await dead.record_digest_message(gid, KEY, "killed", 0, 4242)
    await dead.close()

    await _check(bot)
    clock.advance(minutes=1)
    await _check(bot)
    assert _posts(fake) == [] and _creates(fake) == 0  # its lease still runs
    clock.advance(minutes=1, seconds=1)  # no heartbeat for two minutes
    await _check(bot)
    posts = _posts(fake)
    assert [p["embeds"][0]["title"] for p in posts] == ["Part 2 of 3", "Part 3 of 3"]
    done = await bot.app.store.posted_digest(gid, KEY)
    assert done is not None and done.done
    assert done.message_ids == (4242, *(int(p["id"]) for p in posts))
    await _check(bot)
    assert len(_posts(fake)) == 2


async def test_a_channel_that_refuses_the_bot_pauses_the_schedule(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    await bot.app.ingest.text(
        fake.guild.int_id, SEED_PATH.read_text(encoding="utf-8"), title="Putin on Afghanistan"
    )
    await _schedule(fake)
    clock.set(AFTER_08_BERLIN)
    fake.inject_error("create_message", 403, code=50013, message="Missing Permissions")
    await _check(bot)
    assert _posts(fake) == [] and _creates(fake) == 1
    status = await _status(fake)
    assert status["title"] == "Daily digest: paused"
    assert status["description"] == (
        f"Paused: the bot cannot post in <#{fake.channel.id}> (Missing Permissions); "
        "run `/digest schedule` again to resume."
    )
    # The scheduler stops trying: no request on later ticks, nor the next day.
    for minutes in (1, 60, 24 * 60):
        clock.advance(minutes=minutes)
        await _check(bot)
    assert _creates(fake) == 1
    # The permission was fixed; scheduling again resumes the daily digest.
    res = await _schedule(fake)
    assert res.final["embeds"][0]["title"] == "Daily digest: on"
    assert (await _status(fake))["title"] == "Daily digest: on"
    clock.set(datetime(2026, 11, 29, 7, 1, tzinfo=UTC))  # the next 08:00 in Berlin
    await _check(bot)
    assert [p["embeds"][0]["title"] for p in _posts(fake)] == [
        "Daily briefing for Sunday 29 November 2026"
    ]


async def test_a_deleted_channel_pauses_the_schedule_until_another_is_set(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    await _schedule(fake)
    clock.set(AFTER_08_BERLIN)
    old = fake.channel
    fake.delete_channel(old)
    await fake.wait_until(lambda: bot.get_channel(old.int_id) is None, 5, "CHANNEL_DELETE")
    await _check(bot)
    g = await bot.app.store.guild(fake.guild.int_id)
    assert g.digest_paused_reason == "Unknown Channel"
    tries = len(fake.requests)
    clock.advance(minutes=5)
    await _check(bot)
    assert len(fake.requests) == tries  # not a single request more
    new = fake.add_channel(fake.guild, "news-2")
    await fake.wait_until(lambda: bot.get_channel(new.int_id) is not None, 5, "CHANNEL_CREATE")
    res = await fake.slash(
        "digest schedule",
        {"channel": new, "time": "08:00", "timezone": "Europe/Berlin"},
        channel=new,
    )
    assert res.final["embeds"][0]["title"] == "Daily digest: on"
    clock.set(datetime(2026, 11, 28, 7, 1, tzinfo=UTC))
    await _check(bot)
    assert len(fake.channel_messages.get(new.id, [])) == 1


async def test_two_processes_racing_for_one_digest_post_it_once(
    fake: FakeDiscord, bot: Any, settings: Settings, clock: ManualClock
) -> None:
    await bot.app.ingest.text(
        fake.guild.int_id, SEED_PATH.read_text(encoding="utf-8"), title="Putin on Afghanistan"
    )
    await _schedule(fake)
    clock.set(AFTER_08_BERLIN)
    cog = bot.get_cog("Digest")
    # A second process on the same database (its own store and claim token) checks at the
    # same moment as the bot; both would post through Discord.
    async with await Briefings.open(settings, clock=clock) as other:
        results = await asyncio.gather(
            bot.app.digests.run_due(cog.render_digest, cog.send_digest_message),
            other.digests.run_due(cog.render_digest, cog.send_digest_message),
        )
    assert sorted(results) == [[], [(fake.guild.int_id, date(2026, 11, 27))]]
    assert len(_posts(fake)) == 1 and _creates(fake) == 1
