"""/feeds and the poller: feeds served on 127.0.0.1, announcements, switch-off notices."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import BriefingsBot
from briefings.settings import Settings
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord
from tests.support.loopback_site import article_html


def _rss(fake: FakeDiscord, ns: list[int]) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{fake.base}/story/{n}</link><guid>s{n}</guid></item>"
        for n in ns
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>"
    )


def _serve_story(fake: FakeDiscord, n: int) -> None:
    fake.serve(
        f"/story/{n}",
        article_html(
            f"Story {n}",
            [
                f"Story {n} starts when the transport ministry announced {n} new rail lines on "
                "Thursday morning.",
                f"The ministry said line {n} would open in three years and carry commuters "
                "from the suburbs.",
                "“This is the biggest investment in a generation,” said Lena Roth, the minister.",
            ],
        ),
    )


async def test_add_list_remove(fake: FakeDiscord, bot: Any) -> None:
    url = fake.serve("/rss", _rss(fake, []), content_type="application/rss+xml")
    res = await fake.slash("feeds add", {"url": url, "channel": fake.channel})
    assert res.final["content"].startswith("Subscribed to `#1` Wire")
    assert f"<#{fake.channel.id}>" in res.final["content"]
    listed = await fake.slash("feeds list")
    assert url in listed.final["embeds"][0]["description"]
    choices = await fake.autocomplete("feeds remove", {"feed": "wi"}, focused="feed")
    assert choices == [{"name": "#1 Wire", "value": "1"}]
    removed = await fake.slash("feeds remove", {"feed": "1"})
    assert removed.final["content"] == f"Unsubscribed from <{url}>."
    page = fake.serve("/page", article_html("Not a feed", ["Just a page. " * 30]))
    bad = await fake.slash("feeds add", {"url": page})
    assert bad.final["content"] == f"{page} is not an RSS or Atom feed."


async def test_poller_ingests_and_announces(fake: FakeDiscord, bot: Any) -> None:
    for n in (1, 2):
        _serve_story(fake, n)
    url = fake.serve("/rss", _rss(fake, [2, 1]), content_type="application/rss+xml")
    await fake.slash("feeds add", {"url": url, "channel": fake.channel})
    await bot.get_cog("Feeds").poll_feeds()
    posts = fake.channel_messages[fake.channel.id]
    assert posts[-1]["content"] == "2 new article(s) from Wire"
    assert "Story 1" in posts[-1]["embeds"][0]["description"]
    assert await bot.app.store.count_articles(fake.guild.int_id) == 2
    await bot.get_cog("Feeds").poll_feeds()  # not due yet: nothing new is posted
    assert len(fake.channel_messages[fake.channel.id]) == 1


async def test_failing_feed_is_switched_off_with_a_notice(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    settings = settings.with_(feed_max_failures=2)
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as bot:
        url = fake.serve("/rss", _rss(fake, []), content_type="application/rss+xml")
        await fake.slash("feeds add", {"url": url, "channel": fake.channel})
        fake.serve("/rss", "gone", status=500, content_type="text/plain")
        cog = bot.get_cog("Feeds")
        await cog.poll_feeds()
        assert fake.channel_messages.get(fake.channel.id, []) == []  # first failure: quiet
        clock.advance(hours=2)
        await cog.poll_feeds()
        notice = fake.channel_messages[fake.channel.id][-1]["content"]
        assert "failed 2 times in a row and is now switched off" in notice
        assert "HTTP 500" in notice
        feeds = await bot.app.feeds.subscriptions(fake.guild.int_id)
        assert not feeds[0].enabled
        clock.advance(hours=48)
        await cog.poll_feeds()
        assert len(fake.channel_messages[fake.channel.id]) == 1
        assert feeds[0].next_poll_at - feeds[0].last_polled_at == timedelta(minutes=60)


async def test_filter_is_set_and_listed(fake: FakeDiscord, bot: Any) -> None:
    url = fake.serve("/rss", _rss(fake, []), content_type="application/rss+xml")
    await fake.slash("feeds add", {"url": url})
    res = await fake.slash(
        "feeds filter", {"id": "1", "include": 'rail "new lines"', "exclude": "strike"}
    )
    assert res.final["content"] == (
        f'Feed `#1` <{url}> now has filter include: rail "new lines"; exclude: strike.'
    )
    listed = await fake.slash("feeds list")
    assert (
        'filter: include: rail "new lines"; exclude: strike'
        in (listed.final["embeds"][0]["description"])
    )
    # The filter applies at the next poll: an excluded story is neither stored nor announced.
    for n in (1, 2):
        _serve_story(fake, n)
    fake.serve(
        "/story/2",
        "<html><body><article><p>Rail strike: the new lines wait. </p>"
        + "<p>Unions said the strike on the rail network would last a week or more. </p>" * 6
        + "</article></body></html>",
    )
    fake.serve("/rss", _rss(fake, [2, 1]), content_type="application/rss+xml")
    await fake.slash("feeds filter", {"id": "1", "include": "rail", "exclude": "strike"})
    await bot.get_cog("Feeds").poll_feeds()
    assert await bot.app.store.count_articles(fake.guild.int_id) == 1
    cleared = await fake.slash("feeds filter", {"id": "1"})
    assert cleared.final["content"] == f"Feed `#1` <{url}> now has no filter."
