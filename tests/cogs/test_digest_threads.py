"""/digest schedule threads:true against the loopback Discord: a heading message, then one
thread per story (a forum post per story in a forum) with the story inside; a digest cut
off part-way opens no thread twice; a follow posts into its story's thread."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from bot import BriefingsBot
from briefings.models import MessagePayload
from briefings.settings import Settings
from tests.support import payloads as P
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord

BERLIN = "Europe/Berlin"
AFTER_08_BERLIN = datetime(2026, 11, 27, 7, 5, tzinfo=UTC)
KEY = "2026-11-27"


STORIES = [
    (
        "Harbour wall gives way in Kelmsby",
        "The old harbour wall of Kelmsby gave way on Friday after a night of storm surge, "
        "flooding the fish market and the quay. Forty boats were damaged along the eastern "
        "pier, and the harbour was closed until engineers inspect the remaining walls. "
        "“We lost half the fleet's moorings in one night,” said Edda Morrow, the harbour "
        "master, adding that repairs would take months.",
    ),
    (
        "Teenager wins the Dornau chess open",
        "A sixteen-year-old player won the Dornau chess open on Friday after a six-hour "
        "endgame in the final round. The tournament drew two hundred players from twelve "
        "countries to the town's library. “I was sure the rook ending was a draw,” said "
        "Piet Anholt, the runner-up, who congratulated the winner on her patience.",
    ),
    (
        "Orchard growers report a record pear harvest",
        "Pear growers in the Velden valley reported a record harvest this autumn, with "
        "cooperatives counting nearly twice last year's crates. Warm spring nights spared "
        "the blossoms from frost, and late rain swelled the fruit. “The cold stores are "
        "full and we are renting lorries as refrigerators,” said Ilse Brandt, who runs "
        "the largest cooperative in the valley.",
    ),
]


STORY_TITLES = [t for t, _ in STORIES]


async def _stories(bot: Any, gid: int, n: int = 3) -> None:
    await bot.app.digests.set_length(gid, None, 20_000)  # room for every story
    for title, text in STORIES[:n]:
        await bot.app.ingest.text(gid, text, title=title)


async def _schedule(fake: FakeDiscord, channel: Any) -> Any:
    return await fake.slash(
        "digest schedule",
        {"channel": channel, "time": "08:00", "timezone": BERLIN, "threads": True},
    )


def _thread_posts(fake: FakeDiscord, thread_id: str) -> list[dict[str, Any]]:
    return list(fake.channel_messages.get(thread_id, []))


def _threads_of(fake: FakeDiscord, parent: Any) -> list[Any]:
    return [t for t in fake.threads.values() if t.parent_id == parent.id]


async def test_a_digest_with_threads_opens_one_thread_per_story(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    gid = fake.guild.int_id
    await _stories(bot, gid)
    res = await _schedule(fake, fake.channel)
    fields = {f["name"]: f["value"] for f in res.final["embeds"][0]["fields"]}
    assert fields["Threads"] == "a thread per story"
    clock.set(AFTER_08_BERLIN)
    await bot.get_cog("Digest").check_digests()
    posts = list(fake.channel_messages.get(fake.channel.id, []))
    heading, *openers = posts
    assert heading["embeds"][0]["title"] == "Daily briefing for Friday 27 November 2026"
    assert len(openers) == 3
    threads = _threads_of(fake, fake.channel)
    # One thread per story, opened on the story's message (it has that message's id).
    assert sorted(t.id for t in threads) == sorted(m["id"] for m in openers)
    assert all(t.type == P.PUBLIC_THREAD for t in threads)
    for opener in openers:
        title = opener["embeds"][0]["title"]
        thread = fake.threads[opener["id"]]
        assert title.endswith(thread.name)  # "1. Harbour wall…" / "Harbour wall…"
        inside = _thread_posts(fake, thread.id)
        assert inside and inside[0]["embeds"][0]["title"] == title
        text = inside[0]["embeds"][0]["description"]
        assert "Sources:" in text and "said" not in text.split("Sources:")[1]
        assert any(f"— **{who}" in text for who in ("Edda Morrow", "Piet Anholt", "Ilse Brandt"))
    claim = await bot.app.store.posted_digest(gid, KEY)
    assert claim is not None and claim.done
    assert sorted(claim.threads.values()) == sorted(int(t.id) for t in threads)
    await bot.get_cog("Digest").check_digests()
    assert len(fake.threads) == 3 and len(fake.thread_requests) == 3  # once


async def test_a_restart_mid_post_opens_no_thread_twice(
    fake: FakeDiscord,
    bot: Any,
    settings: Settings,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gid = fake.guild.int_id
    await _stories(bot, gid)
    await _schedule(fake, fake.channel)
    clock.set(AFTER_08_BERLIN)
    cog = bot.get_cog("Digest")
    real = cog.send_digest_message
    lost: list[int] = []

    async def answer_lost(channel_id: int, payload: MessagePayload) -> int:
        got = await real(channel_id, payload)
        if "open_thread" in payload and len(fake.thread_requests) == 2 and not lost:
            # Discord opened the second story's thread, but the answer never arrived
            # (the bot was stopped): nothing recorded it.
            lost.append(got)
            raise ConnectionError("the connection dropped")
        return got

    monkeypatch.setattr(cog, "send_digest_message", answer_lost)
    await cog.check_digests()
    assert len(fake.threads) == 2 and lost
    claim = await bot.app.store.posted_digest(gid, KEY)
    assert claim is not None and claim.state == "posting" and len(claim.threads) == 1
    # A new bot process on the same database resumes the digest.
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as b2:
        await b2.get_cog("Digest").check_digests()
        # (Its scheduler loop may be the one resuming it: wait until the digest is done.)
        for _ in range(200):
            done = await b2.app.store.posted_digest(gid, KEY)
            if done is not None and done.done:
                break
            await asyncio.sleep(0.05)
        threads = _threads_of(fake, fake.channel)
        assert len(threads) == 3 and len(fake.thread_requests) == 3
        # The resumed post asked for the lost thread again and was told it exists.
        asked = [
            r
            for r in fake.requests
            if r.method == "POST" and r.path.endswith(f"/messages/{lost[0]}/threads")
        ]
        assert len(asked) == 2
        for t in threads:
            assert len(_thread_posts(fake, t.id)) == 1  # each story once, in its thread
        heading_and_openers = fake.channel_messages[fake.channel.id]
        assert len(heading_and_openers) == 4
        done = await b2.app.store.posted_digest(gid, KEY)
        assert done is not None and done.done
        assert sorted(done.threads.values()) == sorted(int(t.id) for t in threads)


async def test_in_a_forum_each_story_is_a_forum_post(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    gid = fake.guild.int_id
    forum = fake.add_channel(fake.guild, "news-forum", type=P.GUILD_FORUM)
    await fake.wait_until(lambda: bot.get_channel(forum.int_id) is not None, 5, "forum")
    refused = await fake.slash(
        "digest schedule", {"channel": forum, "time": "08:00", "timezone": BERLIN}
    )
    assert refused.ephemeral and "needs `threads:true`" in refused.final["content"]
    await _stories(bot, gid, 2)
    await _schedule(fake, forum)
    clock.set(AFTER_08_BERLIN)
    await bot.get_cog("Digest").check_digests()
    posts = _threads_of(fake, forum)
    assert [how for how, _, _ in fake.thread_requests] == ["forum"] * 3  # heading + 2 stories
    names = sorted(t.name for t in posts)
    assert names == sorted(["Daily briefing for Friday 27 November 2026", *STORY_TITLES[:2]])
    for t in posts:
        if t.name in STORY_TITLES:
            first, story = _thread_posts(fake, t.id)
            assert first["id"] == t.id  # the forum post's first message is the thread's id
            assert "Sources:" in story["embeds"][0]["description"]
    done = await bot.app.store.posted_digest(gid, KEY)
    assert done is not None and done.done and len(done.threads) == 2


async def test_a_follow_posts_into_its_storys_thread(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    gid = fake.guild.int_id
    await _stories(bot, gid, 2)
    await _schedule(fake, fake.channel)
    clock.set(AFTER_08_BERLIN)
    await bot.get_cog("Digest").check_digests()
    await fake.slash("follow topic", {"query": "Kelmsby harbour", "channel": fake.channel})
    # Another outlet tells story 0 later that day: its alert goes into story 0's thread.
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await bot.app.ingest.text(
        gid,
        STORIES[0][1].replace("Forty", "Forty-two") + " The town council met in the evening.",
        title="Kelmsby harbour wall collapse floods market at last",
    )
    await bot.get_cog("Follows").deliver_alerts()
    claim = await bot.app.store.posted_digest(gid, KEY)
    assert claim is not None
    story0 = next(t for t in _threads_of(fake, fake.channel) if t.name == STORY_TITLES[0])
    inside = _thread_posts(fake, story0.id)
    assert len(inside) == 2 and "floods market at last" in str(inside[1])
    channel_posts = fake.channel_messages[fake.channel.id]
    assert not any("at last" in str(m) for m in channel_posts)
