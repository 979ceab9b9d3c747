"""/digest and the daily scheduler, driven by a hand-moved clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from bot import BriefingsBot
from briefings.settings import Settings
from cogs.utils import limits
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import SEED_PATH

BERLIN = "Europe/Berlin"


def _posts(fake: FakeDiscord) -> list[dict]:
    return list(fake.channel_messages.get(fake.channel.id, []))


async def _schedule(fake: FakeDiscord, time: str = "08:00", tz: str = BERLIN) -> Any:
    return await fake.slash(
        "digest schedule", {"channel": fake.channel, "time": time, "timezone": tz}
    )


async def _check(bot: Any) -> list:
    await bot.get_cog("Digest").check_digests()
    return bot


async def test_members_without_manage_server_are_refused(fake: FakeDiscord, bot: Any) -> None:
    for name, opts in (
        ("digest schedule", {"channel": fake.channel, "time": "08:00", "timezone": BERLIN}),
        ("digest off", {}),
        ("digest now", {}),
        ("digest status", {}),
        ("feeds add", {"url": "https://example.com/rss"}),
        ("feeds list", {}),
    ):
        res = await fake.slash(name, opts, user=fake.member)
        assert res.ephemeral, name
        assert res.final["content"] == "You need the Manage Server permission to do that."
    assert not fake.can_use("digest", fake.member, fake.guild)  # hidden by default too
    assert (await bot.app.store.guild(fake.guild.int_id)).digest_enabled is False


async def test_schedule_status_off(fake: FakeDiscord, bot: Any) -> None:
    zones = await fake.autocomplete(
        "digest schedule",
        {"channel": fake.channel, "time": "08:00", "timezone": "berl"},
        focused="timezone",
    )
    assert zones[0]["value"] == BERLIN and len(zones) <= 25
    res = await _schedule(fake)
    e = res.final["embeds"][0]
    assert e["title"] == "Daily digest: on"
    fields = {f["name"]: f["value"] for f in e["fields"]}
    assert fields["Time"] == "08:00 (Europe/Berlin)"
    assert fields["Channel"] == f"<#{fake.channel.id}>"
    # 06:00 UTC is 07:00 in Berlin: the next digest is today at 08:00 Berlin = 07:00 UTC.
    next_ts = int(datetime(2026, 11, 27, 7, 0, tzinfo=UTC).timestamp())
    assert fields["Next"] == f"<t:{next_ts}:R>"
    status = await fake.slash("digest status")
    assert status.ephemeral and status.final["embeds"][0]["title"] == "Daily digest: on"
    for bad, msg in (
        ({"time": "25:00"}, "is not a time"),
        ({"timezone": "Mars/Base"}, "Unknown time zone"),
    ):
        opts = {"channel": fake.channel, "time": "08:00", "timezone": BERLIN, **bad}
        r = await fake.slash("digest schedule", opts)
        assert r.ephemeral and msg in r.final["content"]
    off = await fake.slash("digest off")
    assert off.final["content"] == "The daily digest is now off."
    again = await fake.slash("digest off")
    assert again.final["content"] == "The daily digest was already off."


async def test_due_not_due_once_and_after_restart(
    fake: FakeDiscord, bot: Any, settings: Settings, clock: ManualClock
) -> None:
    await bot.app.ingest.text(
        fake.guild.int_id, SEED_PATH.read_text(encoding="utf-8"), title="Putin on Afghanistan"
    )
    await _schedule(fake)
    await _check(bot)
    assert _posts(fake) == []  # 07:00 in Berlin: not yet
    clock.set(datetime(2026, 11, 27, 7, 1, tzinfo=UTC))  # 08:01 Berlin
    await _check(bot)
    posts = _posts(fake)
    assert len(posts) == 1
    e = posts[0]["embeds"]
    assert e[0]["title"] == "Daily briefing for Friday 27 November 2026"
    story = next(x for x in e if x.get("title", "").startswith("1. Putin on Afghanistan"))
    # Quotes sit under their story, one per person: the two most quoted people.
    assert story["description"].count("— **Vladimir Putin**") == 1
    assert story["description"].count("— **Sergei Lavrov**") == 1
    assert not any(x.get("title") == "Who said what" for x in e)
    clock.advance(minutes=30)
    await _check(bot)
    assert len(_posts(fake)) == 1  # posted once
    # A restart (new bot, same database) does not post it again.
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as b2:
        await _check(b2)
        assert len(_posts(fake)) == 1
        clock.set(datetime(2026, 11, 28, 7, 1, tzinfo=UTC))  # next day
        await _check(b2)
        assert len(_posts(fake)) == 2
        assert _posts(fake)[1]["embeds"][0]["description"] == "No articles came in for this period."


async def test_catch_up_after_downtime_posts_late_once(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    await _schedule(fake)
    # The bot was down from before 08:00 yesterday until 10:00 today (Berlin).
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    await _check(bot)
    titles = [p["embeds"][0]["title"] for p in _posts(fake)]
    assert titles == [
        "Daily briefing for Saturday 28 November 2026",
        "Daily briefing for Sunday 29 November 2026",
    ]
    await _check(bot)
    assert len(_posts(fake)) == 2


async def test_dst_days(fake: FakeDiscord, bot: Any, clock: ManualClock) -> None:
    # Spring forward: 29 March 2026, Berlin jumps from 02:00 to 03:00; 02:30 does not exist
    # and runs at 03:30 CEST (01:30 UTC).
    clock.set(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    await _schedule(fake, "02:30")
    clock.set(datetime(2026, 3, 29, 1, 29, tzinfo=UTC))
    await _check(bot)
    assert _posts(fake) == []
    clock.set(datetime(2026, 3, 29, 1, 31, tzinfo=UTC))
    await _check(bot)
    assert [p["embeds"][0]["title"] for p in _posts(fake)] == [
        "Daily briefing for Sunday 29 March 2026"
    ]
    # Fall back: 25 October 2026; 08:00 CET is 07:00 UTC (the day before it was 06:00 UTC).
    clock.set(datetime(2026, 10, 24, 5, 0, tzinfo=UTC))
    await _schedule(fake, "08:00")
    clock.set(datetime(2026, 10, 24, 6, 1, tzinfo=UTC))
    await _check(bot)
    assert len(_posts(fake)) == 2
    clock.set(datetime(2026, 10, 25, 6, 30, tzinfo=UTC))  # 07:30 CET: not yet
    await _check(bot)
    assert len(_posts(fake)) == 2
    clock.set(datetime(2026, 10, 25, 7, 1, tzinfo=UTC))
    await _check(bot)
    assert len(_posts(fake)) == 3


def _story(n: int) -> str:
    """A distinct synthetic story: invented words keep stories from merging."""
    w = [f"{a}{b}{n}" for a in ("zan", "kol", "mer", "tiv", "pau") for b in ("ra", "do", "xi")]
    sentences = [
        f"The {w[0]} committee of {w[1]} approved the {w[2]} plan for {w[3]} on Monday after "
        f"weeks of debate about {w[4]}, {w[5]} and the future of the {w[6]} district, which "
        f"has waited for new {w[7]} funding since the last {w[8]} election, when voters in "
        f"{w[9]} and {w[10]} were promised schools, clinics and a tram line to {w[11]} that "
        f"has still not been built, and the {w[12]} council spent years arguing about it.",
        f"Supporters of the {w[9]} proposal said the {w[10]} money would reach {w[11]} "
        f"families within a year, while critics in {w[12]} warned that {w[13]} costs were "
        f"rising faster than expected across the whole {w[14]} region, that contractors in "
        f"{w[0]} had already asked for more, and that the {w[1]} budget had no reserve left "
        f"for the delays that every large {w[2]} project in {w[3]} has suffered so far.",
        f"“We have listened to every {w[1]} resident and the {w[2]} plan is the result,” said "
        f"Mara Vell{n}, who chairs the {w[0]} committee, adding that work would begin soon.",
        f"Officials in {w[3]} said the first {w[5]} contracts would be signed in the spring.",
        f"Farmers from {w[6]}, {w[7]}, {w[8]} and {w[13]} drove to {w[14]} to watch the {w[4]} "
        f"vote, and the {w[11]} choir sang outside the {w[10]} hall until {w[9]} fell dark.",
    ]
    return "\n".join(sentences)


def _chars(embeds: list[dict[str, Any]]) -> int:
    return sum(
        len(e.get("title", ""))
        + len(e.get("description", ""))
        + len(e.get("footer", {}).get("text", ""))
        for e in embeds
    )


async def test_scheduled_digest_keeps_within_the_default_budget(
    fake: FakeDiscord, bot: Any, clock: ManualClock
) -> None:
    for n in range(14):
        await bot.app.ingest.text(fake.guild.int_id, _story(n), title=f"Plan {n} approved")
    await _schedule(fake)
    clock.set(datetime(2026, 11, 27, 7, 5, tzinfo=UTC))
    await _check(bot)
    posts = _posts(fake)
    assert len(posts) == 1  # a reader's two minutes: one message
    embeds = posts[0]["embeds"]
    stories = [e for e in embeds if e.get("title", "").split(".")[0].isdigit()]
    assert 1 <= len(stories) <= 8
    # About 3,000 characters of stories (links and markup add a little).
    assert _chars(stories) <= 3_600
    more = 14 - len(stories)
    assert any(
        f"and {more} more stories: `/digest now full:true`" in (e.get("description") or "")
        for e in embeds
    )
    # Quotes sit under their story, cut at a sentence boundary.
    assert "— **Mara Vell" in stories[0]["description"]
    texts = {a.id: a.text for a in await bot.app.store.recent_articles(fake.guild.int_id, 50)}
    for e in stories:
        for line in e["description"].split("\n"):
            if line.startswith("• "):  # a whole sentence of one stored article
                body, ref = line[2:].rsplit(" #", 1)
                assert body.replace("\\", "") in texts[int(ref)]


async def test_full_digest_far_over_the_limits_arrives_whole(fake: FakeDiscord, bot: Any) -> None:
    for n in range(14):
        await bot.app.ingest.text(fake.guild.int_id, _story(n), title=f"Plan {n} approved")
    res = await fake.slash("digest now", {"full": True})
    await res.wait_followups(2)
    await asyncio.sleep(0.5)  # the rest of the followups
    embeds = [e for f in res.followups for e in f["embeds"]]
    for f in res.followups:
        assert len(f["embeds"]) <= limits.EMBEDS_PER_MESSAGE
        assert _chars(f["embeds"]) <= limits.TOTAL
    numbers = {e["title"].split(".")[0] for e in embeds if e.get("title", "")[:1].isdigit()}
    assert numbers == {str(n) for n in range(1, 15)}  # every story, none left out
    assert not any("more stories" in (e.get("description") or "") for e in embeds)


async def test_digest_now_is_an_ephemeral_preview(fake: FakeDiscord, bot: Any) -> None:
    await bot.app.ingest.text(
        fake.guild.int_id, SEED_PATH.read_text(encoding="utf-8"), title="Putin on Afghanistan"
    )
    res = await fake.slash("digest now")
    assert res.ephemeral
    assert res.final["embeds"][0]["title"].startswith("Daily briefing for")
    assert _posts(fake) == []  # nothing posted to the channel


async def test_a_server_sets_its_own_digest_length(fake: FakeDiscord, bot: Any) -> None:
    for n in range(6):
        await bot.app.ingest.text(fake.guild.int_id, _story(n), title=f"Plan {n} approved")
    res = await fake.slash("digest length", {"stories": 2, "characters": 20000})
    assert res.ephemeral and "at most 2 stories in about 20,000 characters" in res.final["content"]
    preview = await fake.slash("digest now")
    embeds = [e for f in [preview.final, *preview.followups] for e in f.get("embeds", [])]
    numbered = {e["title"].split(".")[0] for e in embeds if e.get("title", "")[:1].isdigit()}
    assert numbered == {"1", "2"}
    assert any("and 4 more stories" in (e.get("description") or "") for e in embeds)
    # Another server keeps the default.
    assert await bot.app.digests.length(fake.guild.int_id + 1) == (8, 3000)
