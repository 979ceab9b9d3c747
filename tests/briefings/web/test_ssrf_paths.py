"""Unicode spellings of private addresses refused on every way a URL comes in (issue 12,
item 1): `Ingestor.url`, `FeedService.add` and the links of a feed's entries.

The app runs with `fetch_allow_private=False`; the loopback site on 127.0.0.1 must see no
request for a refused URL. Where a test needs an allowed host that still reaches the site,
the fetcher pins the public-looking name `news.example` to it (like curl's `--resolve`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from briefings.app import Briefings
from briefings.errors import BlockedURLError
from briefings.settings import Settings
from tests.support.loopback_site import LoopbackSite, article_html

G = 3

PARAS = [
    "The harbour authority said on Monday that the old pier would close for repairs "
    "next spring, after engineers found cracks in its supports.",
    "Ferry services will move to the north quay while the work goes on, the authority said.",
    "“Safety comes first, even if it means a long detour for passengers,” said Ana Costa, "
    "the authority's director.",
]

OTHER_PARAS = [
    "The regional council agreed on Thursday to build a new cycle path along the river, "
    "linking the old town with the university campus.",
    "Work is due to start in the autumn and last about eighteen months, officials said.",
]

UNICODE_LOOPBACK = [
    pytest.param("１２７.０.０.１", id="fullwidth-digits"),
    pytest.param("127。0。0。1", id="ideographic-full-stop"),
    pytest.param("127．0．0．1", id="fullwidth-full-stop"),
    pytest.param("127｡0｡0｡1", id="halfwidth-ideographic-full-stop"),
    pytest.param("①②⑦.0.0.1", id="circled-digits"),
]


@pytest_asyncio.fixture
async def app(settings: Settings) -> AsyncIterator[Briefings]:
    """The app with the guard on (the shared fixture allows private addresses)."""
    async with await Briefings.open(settings.with_(fetch_allow_private=False)) as a:
        yield a


def _serve_secret(site: LoopbackSite) -> None:
    site.page("/secret", article_html("Internal", PARAS))


@pytest.mark.parametrize("host", UNICODE_LOOPBACK)
async def test_ingest_url_refuses_unicode_loopback(
    app: Briefings, site: LoopbackSite, host: str
) -> None:
    _serve_secret(site)
    with pytest.raises(BlockedURLError, match="^Refusing to fetch .*127.0.0.1"):
        await app.ingest.url(G, f"http://{host}:{site.port}/secret")
    assert site.hits == {}
    assert await app.store.count_articles(G) == 0


async def test_ingest_url_refuses_unicode_metadata_address(app: Briefings) -> None:
    with pytest.raises(BlockedURLError, match="169.254.169.254"):
        await app.ingest.url(G, "http://１６９。２５４。１６９。２５４/latest/meta-data/")


async def test_ingest_url_refuses_a_redirect_to_unicode_loopback(
    app: Briefings, site: LoopbackSite
) -> None:
    app.fetcher.pin("news.example", site.port, "127.0.0.1")
    _serve_secret(site)
    site.page("/story", article_html("Pier to close", PARAS))
    site.redirect("/moved", f"http://１２７.０.０.１:{site.port}/secret")
    stored = await app.ingest.url(G, f"http://news.example:{site.port}/story")
    assert stored.created  # the pinned, allowed host is fetched
    with pytest.raises(BlockedURLError):
        await app.ingest.url(G, f"http://news.example:{site.port}/moved")
    assert site.hits == {"/story": 1, "/moved": 1}
    assert await app.store.count_articles(G) == 1


@pytest.mark.parametrize("host", UNICODE_LOOPBACK)
async def test_feeds_add_refuses_unicode_loopback(
    app: Briefings, site: LoopbackSite, host: str
) -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    site.raw("/feed.xml", feed, "application/rss+xml")
    with pytest.raises(BlockedURLError, match="^Refusing to fetch "):
        await app.feeds.add(G, f"http://{host}:{site.port}/feed.xml")
    assert site.hits == {}
    assert await app.feeds.subscriptions(G) == []


def _rss(entries: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{title}</guid>"
        f"<description><![CDATA[{desc}]]></description></item>"
        for title, link, desc in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour News</title><link>http://news.example/</link>{items}</channel></rss>"
    ).encode()


async def test_feed_entry_links_to_unicode_addresses_are_not_fetched(
    app: Briefings, site: LoopbackSite
) -> None:
    app.fetcher.pin("news.example", site.port, "127.0.0.1")
    _serve_secret(site)
    site.page("/story/ok", article_html("Pier to close", PARAS))
    port = site.port
    feed_url = site.raw(
        "/feed.xml",
        _rss(
            [
                ("Teaser one", f"http://１２７.０.０.１:{port}/secret", "Short teaser"),
                ("Teaser two", f"http://127。0。0。1:{port}/secret", "Short teaser"),
                ("Full text", f"http://①②⑦.0.0.1:{port}/secret", " ".join(OTHER_PARAS)),
                ("Fine", f"http://news.example:{port}/story/ok", "Short teaser"),
            ]
        ),
        "application/rss+xml",
    ).replace(f"127.0.0.1:{port}", f"news.example:{port}")

    sub, created = await app.feeds.add(G, feed_url)
    assert created and sub.title == "Harbour News"
    result = (await app.feeds.poll_guild(G))[0]

    assert not result.error
    refused = [e for e in result.entry_errors if "Refusing to fetch" in e]
    assert len(refused) == 2 and all("\n" not in e for e in refused)
    # The entry with its own text is stored from the feed, without fetching its link.
    titles = sorted(r.article.title for r in result.new)
    assert titles == ["Full text", "Pier to close"]
    assert "/secret" not in site.hits
    assert site.hits == {"/feed.xml": 2, "/story/ok": 1}
