"""Feed subscriptions polled over real HTTP from a loopback site."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from briefings.app import Briefings
from briefings.errors import InputError, NotFoundError
from briefings.settings import Settings
from tests.support.loopback_site import LoopbackSite, article_html

G = 7


def _story(n: int) -> list[str]:
    return [
        f"Story number {n} begins with the regional parliament debating budget line {n} "
        f"late into the night on Wednesday.",
        f"Members disagreed about whether line {n} should fund new schools or repair roads, "
        "and the vote was delayed twice.",
        f"“This is money that belongs to the people of district {n},” said Tom Baker, who "
        "leads the opposition group in the chamber.",
    ]


def rss(site: LoopbackSite, items: list[int], *, with_summary: bool = False) -> bytes:
    entries = []
    for n in items:
        desc = " ".join(_story(n)) if with_summary else f"Short teaser {n}"
        pub = (datetime(2026, 11, 20, tzinfo=UTC) + timedelta(hours=n)).strftime(
            "%a, %d %b %Y %H:%M:%S +0000"
        )
        entries.append(
            f"<item><title>Story {n}</title><link>{site.url(f'/story/{n}')}</link>"
            f"<guid>story-{n}</guid><pubDate>{pub}</pubDate>"
            f"<description><![CDATA[{desc}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Regional News</title><link>http://example/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


class Feed:
    """A feed route with ETag support whose items a test can change."""

    def __init__(self, site: LoopbackSite, items: list[int]) -> None:
        self.site, self.items, self.version = site, items, 1
        self.statuses: list[int] = []
        self.fail = False
        self.url = site.route("/feed.xml", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail:
            self.statuses.append(500)
            return web.Response(status=500, text="down")
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.statuses.append(304)
            return web.Response(status=304)
        self.statuses.append(200)
        return web.Response(
            body=rss(self.site, self.items),
            headers={"Content-Type": "application/rss+xml", "ETag": etag},
        )


def serve_stories(site: LoopbackSite, ns: list[int]) -> None:
    for n in ns:
        site.page(f"/story/{n}", article_html(f"Story {n}", _story(n)))


async def test_add_poll_conditional_get_and_new_entries(app: Briefings, site: LoopbackSite) -> None:
    serve_stories(site, [1, 2, 3])
    feed = Feed(site, [2, 1])
    sub, created = await app.feeds.add(G, feed.url, channel_id=99)
    assert created and sub.title == "Regional News" and sub.channel_id == 99

    first = (await app.feeds.poll_guild(G))[0]
    assert first.first_poll and not first.error
    assert sorted(r.article.title for r in first.new) == ["Story 1", "Story 2"]
    assert first.new[0].article.feed_id == sub.id and first.new[0].article.source == "feed"

    again = (await app.feeds.poll_guild(G))[0]
    assert again.not_modified and again.new == []
    assert feed.statuses[-1] == 304
    assert site.request_headers["/feed.xml"][-1]["If-None-Match"] == '"v1"'

    feed.items, feed.version = [3, 2, 1], 2
    third = (await app.feeds.poll_guild(G))[0]
    assert [r.article.title for r in third.new] == ["Story 3"]
    assert site.hits["/story/1"] == 1  # already-seen entries are not refetched
    assert await app.store.count_articles(G) == 3


async def test_entry_whose_page_fails_falls_back_to_feed_text(
    app: Briefings, site: LoopbackSite
) -> None:
    site.raw("/feed2.xml", rss(site, [8], with_summary=True), "application/rss+xml")
    await app.feeds.add(G, site.url("/feed2.xml"))
    result = (await app.feeds.poll_guild(G))[0]  # /story/8 is a 404
    assert [r.article.title for r in result.new] == ["Story 8"]
    assert "Tom Baker" in result.new[0].article.text


async def test_failures_back_off_then_disable(settings: Settings, site: LoopbackSite) -> None:
    now = [datetime(2026, 11, 27, 8, tzinfo=UTC)]
    settings = settings.with_(feed_max_failures=3, feed_poll_minutes=10)
    async with await Briefings.open(settings, clock=lambda: now[0]) as app:
        feed = Feed(site, [1])
        serve_stories(site, [1])
        await app.feeds.add(G, feed.url)
        feed.fail = True
        waits = []
        for _ in range(3):
            due = await app.feeds.poll_due()
            assert len(due) == 1 and due[0].error and "HTTP 500" in due[0].error
            f = due[0].feed
            waits.append(f.next_poll_at - now[0])
            assert await app.feeds.poll_due() == []  # not due again right away
            now[0] = f.next_poll_at
        assert waits[:2] == [timedelta(minutes=20), timedelta(minutes=40)]
        assert due[0].disabled_now and not due[0].feed.enabled
        assert await app.feeds.poll_due() == []
        # Re-adding the feed switches it back on with a clean slate.
        feed.fail = False
        f, created = await app.feeds.add(G, feed.url)
        assert not created and f.enabled and f.failures == 0
        ok = await app.feeds.poll_due()
        assert len(ok) == 1 and len(ok[0].new) == 1


async def test_adding_a_non_feed_is_refused(app: Briefings, site: LoopbackSite) -> None:
    url = site.page("/page", article_html("Not a feed", _story(1)))
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        await app.feeds.add(G, url)
    assert await app.feeds.subscriptions(G) == []


async def test_atom_feed_and_remove(app: Briefings, site: LoopbackSite) -> None:
    serve_stories(site, [5])
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom News</title><id>urn:x</id><updated>2026-11-27T08:00:00Z</updated>"
        f'<entry><title>Story 5</title><link href="{site.url("/story/5")}"/><id>urn:5</id>'
        "<updated>2026-11-27T07:00:00Z</updated><summary>teaser</summary></entry></feed>"
    ).encode()
    url = site.raw("/atom", atom, "application/atom+xml")
    sub, _ = await app.feeds.add(G, url)
    assert sub.title == "Atom News"
    res = (await app.feeds.poll_guild(G))[0]
    assert [r.article.title for r in res.new] == ["Story 5"]
    removed = await app.feeds.remove(G, str(sub.id))
    assert removed.url == url and await app.feeds.subscriptions(G) == []
    with pytest.raises(NotFoundError):
        await app.feeds.remove(G, sub.id)
    # The articles it brought in stay.
    assert await app.store.count_articles(G) == 1


async def test_feeds_are_per_guild(app: Briefings, site: LoopbackSite) -> None:
    feed = Feed(site, [])
    await app.feeds.add(G, feed.url)
    assert await app.feeds.subscriptions(G + 1) == []
    with pytest.raises(NotFoundError):
        await app.feeds.remove(G + 1, feed.url)
