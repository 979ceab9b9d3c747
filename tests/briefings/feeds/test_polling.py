"""Polling many feeds at once over real HTTP: bounds, per-host politeness, the time
budget, one fetch per URL, and entries given up on after repeated failures.

Every "host" is the loopback site under a public-looking name pinned to 127.0.0.1
(`Fetcher.pin`), so the per-host limits see them as different sites.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from aiohttp import web

from briefings.app import Briefings
from briefings.feeds.subscriptions import ENTRY_MAX_FAILURES, PER_HOST
from briefings.ingest import ingestor as ingestor_module
from briefings.ingest.analysis import Analysis
from briefings.settings import Settings
from briefings.workers import WorkerPool
from tests.support.clock import ManualClock
from tests.support.loopback_site import Handler, LoopbackSite, article_html

G1, G2 = 21, 22


def _paragraphs(name: str) -> list[str]:
    return [
        f"The council of {name} voted on Tuesday to rebuild the old harbour wall before "
        "the winter storms arrive.",
        f"Engineers in {name} said the work would take four months and close the pier "
        "to fishing boats.",
        f"“We cannot wait another year,” said Mara Quist, who chairs the {name} council.",
    ]


def rss(title: str, entries: list[tuple[str, str]]) -> bytes:
    """An RSS document; `entries` are (key, link), newest first, with short teasers."""
    items = "".join(
        f"<item><title>Item {key}</title><link>{link}</link><guid>{key}</guid>"
        f"<description>Teaser {key}</description></item>"
        for key, link in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>http://example/</link>{items}</channel></rss>"
    ).encode()


class Web:
    """The loopback site under several host names; counts requests in flight per host."""

    def __init__(self, site: LoopbackSite, app: Briefings) -> None:
        self.site, self.app = site, app
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.total_peak = 0
        self.arrivals: dict[str, list[float]] = {}  # request start times, per host
        self.release = asyncio.Event()  # lets every hanging handler go

    def url(self, host: str, path: str) -> str:
        self.app.fetcher.pin(host, self.site.port, "127.0.0.1")
        return f"http://{host}:{self.site.port}{path}"

    def route(self, host: str, path: str, handler: Handler) -> str:
        async def counted(request: web.Request) -> web.StreamResponse:
            name = request.host.rsplit(":", 1)[0]
            self.arrivals.setdefault(name, []).append(time.monotonic())
            self.in_flight[name] += 1
            self.peak[name] = max(self.peak[name], self.in_flight[name])
            self.total_peak = max(self.total_peak, sum(self.in_flight.values()))
            try:
                return await handler(request)
            finally:
                self.in_flight[name] -= 1

        self.site.route(path, counted)
        return self.url(host, path)

    def story(self, host: str, path: str, delay: float = 0.0) -> str:
        async def handler(request: web.Request) -> web.Response:
            await asyncio.sleep(delay)
            return web.Response(
                text=article_html(f"Story {path}", _paragraphs(path)), content_type="text/html"
            )

        return self.route(host, path, handler)

    async def hang(self, request: web.Request) -> None:
        """Answer nothing until released, or until the client gives up (aiohttp would let
        the handler run on after a disconnect, and count it as in flight)."""
        while not self.release.is_set():
            if request.transport is None or request.transport.is_closing():
                return
            await asyncio.sleep(0.01)

    def hanging(self, host: str, path: str) -> str:
        async def handler(request: web.Request) -> web.Response:
            await self.hang(request)
            return web.Response(status=503, text="gave up")

        return self.route(host, path, handler)

    def feed(self, host: str, path: str, entries: list[tuple[str, str]]) -> FeedRoute:
        return FeedRoute(self, host, path, entries)


class FeedRoute:
    """A feed with an ETag; `entries`, `version` and `delay` can change between polls."""

    def __init__(self, web_: Web, host: str, path: str, entries: list[tuple[str, str]]) -> None:
        self.entries, self.version, self.delay = entries, 1, 0.0
        self.statuses: list[int] = []
        self.url = web_.route(host, path, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.statuses.append(304)
            return web.Response(status=304)
        self.statuses.append(200)
        return web.Response(
            body=rss(f"Feed {self.url}", self.entries),
            headers={"Content-Type": "application/rss+xml", "ETag": etag},
        )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))


@pytest_asyncio.fixture
async def app(settings: Settings, clock: ManualClock) -> AsyncIterator[Briefings]:
    a = await Briefings.open(settings.with_(fetch_timeout=0.5), clock=clock)
    yield a
    await a.close()


@pytest_asyncio.fixture
async def net(site: LoopbackSite, app: Briefings) -> AsyncIterator[Web]:
    w = Web(site, app)
    yield w
    w.release.set()  # before the site stops: its shutdown waits for running handlers


async def _entry_rows(app: Briefings, feed_id: int) -> dict[str, tuple[str, int, str | None]]:
    # Through the store's reader, so the check runs on either backend.
    rows = await app.store._all(
        "SELECT entry_key, state, failures, last_error FROM feed_entries WHERE feed_id = ?",
        (feed_id,),
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


async def test_hanging_entry_links_do_not_hold_up_another_guilds_feed(
    app: Briefings, net: Web
) -> None:
    hung = [(f"slow-{i}", net.hanging("slow.example", f"/slow/story/{i}")) for i in range(5)]
    slow = net.feed("slow.example", "/slow/feed.xml", hung)
    fine = [(f"news-{i}", net.story("news.example", f"/news/story/{i}")) for i in range(2)]
    news = net.feed("news.example", "/news/feed.xml", fine)
    slow_sub, _ = await app.feeds.add(G1, slow.url)
    news_sub, _ = await app.feeds.add(G2, news.url)

    started = time.monotonic()
    poll = asyncio.create_task(app.feeds.poll_due(budget=2.0))
    while await app.store.count_articles(G2) < 2:  # the other guild's articles arrive
        assert time.monotonic() - started < 1.0, "the other feed was held up"
        await asyncio.sleep(0.02)
    assert not poll.done()  # ...while the hanging links are still being waited for
    results = await poll
    elapsed = time.monotonic() - started

    # 5 links, 2 at a time on their host, 0.5 s each: about 1.5 s, within the 2 s budget.
    assert elapsed < 2.0
    by_feed = {r.feed.id: r for r in results}
    assert len(by_feed[news_sub.id].new) == 2 and not by_feed[news_sub.id].entry_errors
    stuck = by_feed[slow_sub.id]
    assert not stuck.error and not stuck.unfinished
    assert stuck.retrying == 5 and len(stuck.entry_errors) == 5
    assert all("did not answer within 0.5 seconds" in e for e in stuck.entry_errors)
    # Two links at a time on that host: the requests came in pairs, 0.5 s apart. (Counting
    # in flight on the server would be off here: it notices a client's hang-up late.)
    starts = net.arrivals["slow.example"][2:]  # after the feed (its `add`, its poll)
    assert len(starts) == 5, net.arrivals
    pairs = zip(starts, starts[PER_HOST:], strict=False)
    assert all(later - first > 0.4 for first, later in pairs), starts


async def test_time_budget_ends_the_cycle_and_leaves_the_rest_for_the_next_poll(
    settings: Settings, site: LoopbackSite, clock: ManualClock
) -> None:
    async with await Briefings.open(settings.with_(fetch_timeout=10.0), clock=clock) as app:
        net = Web(site, app)
        hanging = True

        async def maybe_hang(request: web.Request) -> web.Response:
            if hanging:
                await net.hang(request)
            return web.Response(
                text=article_html(f"Story {request.path}", _paragraphs(request.path)),
                content_type="text/html",
            )

        try:
            links = [(f"s{i}", net.route("slow.example", f"/s/{i}", maybe_hang)) for i in range(5)]
            slow = net.feed("slow.example", "/s/feed.xml", links)
            news = net.feed(
                "news.example", "/n/feed.xml", [("n1", net.story("news.example", "/n/1"))]
            )
            slow_sub, _ = await app.feeds.add(G1, slow.url)
            await app.feeds.add(G2, news.url)

            started = time.monotonic()
            results = await app.feeds.poll_due(budget=1.0)
            elapsed = time.monotonic() - started
            assert elapsed < 1.5  # on time, though each link could hang for 10 s
            stuck = next(r for r in results if r.feed.id == slow_sub.id)
            assert stuck.unfinished and not stuck.error and stuck.new == []
            assert await app.store.count_articles(G2) == 1  # the other feed got done
            # Nothing of the cut-off work was recorded: no entry counts as tried.
            assert await _entry_rows(app, slow_sub.id) == {}
            # The next poll gets the whole feed again, not a 304.
            assert stuck.feed.etag is None

            hanging = False
            net.release.set()
            clock.advance(minutes=16)
            again = await app.feeds.poll_due(budget=5.0)
            done = next(r for r in again if r.feed.id == slow_sub.id)
            assert len(done.new) == 5 and not done.unfinished
            assert slow.statuses == [200, 200, 200]  # add, the cut-off poll, this one
            assert done.feed.etag == '"v1"'
        finally:
            net.release.set()


async def test_failing_entry_is_tried_three_times_then_given_up(
    app: Briefings, net: Web, clock: ManualClock
) -> None:
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="down")

    bad = net.route("news.example", "/bad", broken)
    feed = net.feed(
        "news.example", "/feed.xml", [("bad", bad), ("ok", net.story("news.example", "/ok"))]
    )
    sub, _ = await app.feeds.add(G1, feed.url)

    for attempt in range(1, ENTRY_MAX_FAILURES + 1):
        [res] = await app.feeds.poll_due()
        assert net.site.hits["/bad"] == attempt
        assert any("HTTP 500" in e for e in res.entry_errors)
        last = attempt == ENTRY_MAX_FAILURES
        assert (res.retrying, res.gave_up) == ((0, 1) if last else (1, 0))
        # While the entry waits for a retry, the feed is fetched whole (no 304 hides it).
        assert res.feed.etag == ('"v1"' if last else None)
        clock.advance(minutes=16)
    assert net.site.hits["/ok"] == 1
    assert feed.statuses == [200, 200, 200, 200]  # add and three full polls

    [listed] = await app.feeds.subscriptions(G1)
    assert listed.failed_entries == 1
    state, failures, error = (await _entry_rows(app, sub.id))["bad"]
    assert (state, failures) == ("failed", ENTRY_MAX_FAILURES) and error and "HTTP 500" in error

    [unchanged] = await app.feeds.poll_due()
    assert unchanged.not_modified and feed.statuses[-1] == 304
    clock.advance(minutes=16)
    feed.entries = [("new", net.story("news.example", "/new")), *feed.entries]
    feed.version = 2
    [changed] = await app.feeds.poll_due()
    assert [r.article.url for r in changed.new] == [feed.entries[0][1]]
    assert net.site.hits["/bad"] == ENTRY_MAX_FAILURES  # never requested again


async def test_feeds_are_polled_concurrently(app: Briefings, net: Web) -> None:
    n, delay = 12, 0.3
    feeds = [net.feed(f"h{i}.example", f"/f{i}.xml", []) for i in range(n)]
    for i, f in enumerate(feeds):
        await app.feeds.add(G1 + i % 2, f.url)
        f.delay = delay  # slow from now on

    started = time.monotonic()
    results = await app.feeds.poll_due()
    elapsed = time.monotonic() - started
    assert len(results) == n and not any(r.error for r in results)
    # One after another would take n * delay = 3.6 s; 8 at once, about 2 * delay.
    assert elapsed < n * delay / 3, elapsed
    assert net.total_peak == 8  # FEEDS_AT_ONCE


async def test_one_url_subscribed_by_two_guilds_is_fetched_once_per_cycle(
    app: Briefings, net: Web, clock: ManualClock
) -> None:
    stories = [(f"s{i}", net.story("news.example", f"/story/{i}")) for i in range(2)]
    feed = net.feed("news.example", "/shared.xml", stories)
    sub1, _ = await app.feeds.add(G1, feed.url)
    sub2, _ = await app.feeds.add(G2, feed.url)
    assert feed.statuses == [200, 200]  # each `add` checks the feed

    results = await app.feeds.poll_due()
    assert feed.statuses == [200, 200, 200]  # one fetch for both guilds
    assert {r.feed.id: len(r.new) for r in results} == {sub1.id: 2, sub2.id: 2}
    assert await app.store.count_articles(G1) == await app.store.count_articles(G2) == 2
    assert all(r.feed.etag == '"v1"' for r in results)

    clock.advance(minutes=16)
    again = await app.feeds.poll_due()
    assert feed.statuses[-2:] == [200, 304] and len(feed.statuses) == 4
    assert [r.not_modified for r in again] == [True, True]


async def _feed_urls(app: Briefings) -> list[tuple[str, str | None, int]]:
    rows = await app.store._all("SELECT url, etag, version FROM feed_urls ORDER BY url")
    return [(r["url"], r["etag"], int(r["version"])) for r in rows]


async def test_a_url_holds_one_set_of_validators_and_a_subscriber_behind_fetches_in_full(
    app: Briefings, net: Web, clock: ManualClock
) -> None:
    """Issue 9: the validators are stored once per URL. A subscription polled on its own
    (another time, or another process's shard) after the feed changed is not caught up
    with the URL's new validators: its next poll gets the whole feed, so a 304 never
    hides the new entry from it."""
    first = [("s0", net.story("wire.example", "/story/0"))]
    feed = net.feed("wire.example", "/wire.xml", first)
    sub1, _ = await app.feeds.add(G1, feed.url)
    sub2, _ = await app.feeds.add(G2, feed.url)
    await app.feeds.poll_due()
    assert await _feed_urls(app) == [(feed.url, '"v1"', 1)]  # one row for two guilds

    feed.version = 2  # a new entry, a new ETag
    feed.entries = [("s1", net.story("wire.example", "/story/1")), *first]
    only1 = await app.feeds.poll((await app.store.feeds(G1))[0])
    assert feed.statuses[-1] == 200 and len(only1.new) == 1
    assert await _feed_urls(app) == [(feed.url, '"v2"', 2)]
    behind = (await app.store.feeds(G2))[0]
    assert behind.etag is None  # caught up with v1 only: no validators to send

    polled = await app.feeds.poll(behind)
    assert feed.statuses[-1] == 200  # unconditional, so the entry is not hidden
    assert [r.article.url for r in polled.new] == [feed.entries[0][1]]
    assert (await app.store.feeds(G2))[0].etag == '"v2"'

    clock.advance(minutes=16)
    again = await app.feeds.poll_due()
    assert feed.statuses[-1] == 304 and [r.not_modified for r in again] == [True, True]
    assert await _feed_urls(app) == [(feed.url, '"v2"', 2)]
    assert {sub1.id, sub2.id} == {r.feed.id for r in again}


async def test_an_entry_of_a_shared_feed_is_fetched_and_analysed_once_for_all_guilds(
    app: Briefings, net: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: list[str] = []
    real = ingestor_module.analyze_async

    async def counting(
        text: str, pool: WorkerPool | None = None, declared: str | None = None
    ) -> Analysis:
        analysed.append(text)
        return await real(text, pool, declared)

    monkeypatch.setattr(ingestor_module, "analyze_async", counting)
    stories = [(f"s{i}", net.story("news.example", f"/story/{i}")) for i in range(2)]
    feed = net.feed("news.example", "/shared.xml", stories)
    guilds = (G1, G2, 23)
    for g in guilds:
        await app.feeds.add(g, feed.url)

    results = await app.feeds.poll_due()
    assert all(len(r.new) == 2 and not r.entry_errors for r in results)
    # One page fetch and one analysis per entry, not one per subscribing guild...
    assert net.site.hits["/story/0"] == net.site.hits["/story/1"] == 1
    assert len(analysed) == 2 and len(set(analysed)) == 2
    # ...and still each guild its own articles, with their sentences and its own feed.
    rows = {g: await app.store.recent_articles(g) for g in guilds}
    ids = [a.id for arts in rows.values() for a in arts]
    assert len(ids) == len(set(ids)) == 6
    by_feed = {r.feed.guild_id: r.feed.id for r in results}
    for g, arts in rows.items():
        assert {a.title for a in arts} == {"Story /story/0", "Story /story/1"}
        assert all(a.guild_id == g and a.feed_id == by_feed[g] for a in arts)
        for a in arts:
            assert len(await app.store.sentence_spans(a.id)) >= 2


async def test_a_guilds_pasted_text_is_never_shared_even_when_a_feed_carries_the_same(
    app: Briefings, net: Web
) -> None:
    link = net.story("news.example", "/story/same")
    feed = net.feed("news.example", "/f.xml", [("same", link)])
    private = await app.ingest.text(G1, " ".join(_paragraphs("/story/same")), title="Private")
    await app.feeds.add(G2, feed.url)
    await app.feeds.add(G1, feed.url)

    await app.feeds.poll_due()
    assert net.site.hits["/story/same"] == 1
    [theirs] = await app.store.recent_articles(G2)
    assert theirs.id != private.article.id and theirs.source == "feed"
    assert theirs.title == "Story /story/same"
    # Guild 1 already held that text: its own copy stays what it pasted, and guild 2
    # sees nothing of it.
    assert [a.id for a in await app.store.recent_articles(G1)] == [private.article.id]
    assert await app.store.article(G2, private.article.id) is None
    assert private.article.id not in [a.id for a, _ in await app.store.search(G2, "story")]


async def test_two_cycles_started_at_once_poll_a_due_feed_once(app: Briefings, net: Web) -> None:
    feed = net.feed("news.example", "/once.xml", [("s0", net.story("news.example", "/s/0"))])
    sub, _ = await app.feeds.add(G1, feed.url)
    feed.delay = 0.2  # the loop's cycle is still running when a manual one starts

    first, second = await asyncio.gather(app.feeds.poll_due(), app.feeds.poll_due())
    assert [r.feed.id for r in first] == [sub.id] and second == []
    assert feed.statuses == [200, 200]  # the `add`, then one poll


async def test_at_most_two_requests_at_once_to_one_host(app: Briefings, net: Web) -> None:
    for f in range(3):  # three feeds on one host, three slow entries each
        entries = [
            (f"b{f}-{i}", net.story("busy.example", f"/busy/{f}/{i}", delay=0.15)) for i in range(3)
        ]
        await app.feeds.add(G1, net.feed("busy.example", f"/busy/{f}.xml", entries).url)
    other = [(f"o{i}", net.story("other.example", f"/other/{i}", delay=0.15)) for i in range(3)]
    await app.feeds.add(G2, net.feed("other.example", "/other.xml", other).url)

    results = await app.feeds.poll_due()
    assert sum(len(r.new) for r in results) == 12
    assert net.peak["busy.example"] == PER_HOST
    assert net.peak["other.example"] == PER_HOST
    assert net.total_peak > PER_HOST  # the limit is per host, not for all


async def test_a_process_polls_only_the_feeds_of_guilds_on_its_shards(
    site: LoopbackSite, settings: Settings, clock: ManualClock
) -> None:
    on_shard_0, on_shard_1 = 5, (1 << 22) + 5  # (guild_id >> 22) % 2 is 0, then 1
    # Both processes add their guild's feed; each poll reaches only its own shard's feed.
    shard0 = settings.with_(shard_count=2, shard_ids=(0,))
    async with await Briefings.open(shard0, clock=clock) as app:
        net = Web(site, app)
        mine = net.feed("a.example", "/a.xml", [("a1", net.story("a.example", "/a/1"))])
        theirs = net.feed("b.example", "/b.xml", [("b1", net.story("b.example", "/b/1"))])
        await app.feeds.add(on_shard_0, mine.url)
        await app.feeds.add(on_shard_1, theirs.url)
        clock.advance(minutes=16)
        polled = await app.feeds.poll_due(budget=5.0)
        assert [r.feed.guild_id for r in polled] == [on_shard_0]
        assert (len(mine.statuses), len(theirs.statuses)) == (2, 1)  # add + poll, add only


async def test_a_feed_url_shared_across_shards_is_fetched_once_by_two_processes(
    site: LoopbackSite, settings: Settings, clock: ManualClock
) -> None:
    on_shard_0, on_shard_1 = 5, (1 << 22) + 5  # (guild_id >> 22) % 2 is 0, then 1
    shard0 = settings.with_(shard_count=2, shard_ids=(0,))
    shard1 = settings.with_(shard_count=2, shard_ids=(1,))
    async with (
        await Briefings.open(shard0, clock=clock) as app0,
        await Briefings.open(shard1, clock=clock) as app1,
    ):
        net = Web(site, app0)
        wire = net.feed("wire.example", "/wire.xml", [("w1", net.story("news.example", "/w/1"))])
        for host in ("wire.example", "news.example"):
            app1.fetcher.pin(host, site.port, "127.0.0.1")
        await app0.feeds.add(on_shard_0, wire.url)
        await app1.feeds.add(on_shard_1, wire.url)
        fetched, pages = len(wire.statuses), len(net.arrivals.get("news.example", []))
        clock.advance(minutes=16)
        # Both processes poll at the same moment: the URL is claimed by one of them,
        # which fetches it once and ingests the entry for both guilds.
        polled = await asyncio.gather(
            app0.feeds.poll_due(budget=5.0), app1.feeds.poll_due(budget=5.0)
        )
        assert len(wire.statuses) == fetched + 1
        assert len(net.arrivals.get("news.example", [])) == pages + 1
        results = [r for rs in polled for r in rs]
        assert sorted(r.feed.guild_id for r in results) == [on_shard_0, on_shard_1]
        assert [len(r.new) for r in results] == [1, 1]
        for guild in (on_shard_0, on_shard_1):
            assert await app0.store.count_articles(guild) == 1
        # Both subscriptions are recorded as polled: neither process polls again now.
        assert await app0.feeds.poll_due(budget=5.0) == []
        assert await app1.feeds.poll_due(budget=5.0) == []
        assert len(wire.statuses) == fetched + 1


async def test_a_poll_cut_short_hands_its_claimed_feeds_back(
    app: Briefings, net: Web, clock: ManualClock
) -> None:
    slow = net.feed("slow.example", "/slow.xml", [("s1", net.story("slow.example", "/s/1"))])
    await app.feeds.add(G1, slow.url)
    clock.advance(minutes=16)
    slow.delay = 2.0  # longer than the poll's budget: the feed is not polled this time
    results = await app.feeds.poll_due(budget=0.3)
    assert [r.feed.guild_id for r in results] == [G1] and not results[0].new
    # Not recorded, so not left claimed: the very next poll takes it up again.
    due = await app.store.due_feeds(clock())
    assert [f.url for f in due] == [slow.url]
    slow.delay = 0.0
    again = await app.feeds.poll_due(budget=5.0)
    assert [len(r.new) for r in again] == [1]
