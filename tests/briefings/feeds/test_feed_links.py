"""Feeds written for these tests, served from the loopback site: relative links resolved
against the feed's final URL or its Content-Location, guid-only entries stored from their
own text, and the feed's date kept over the page's."""

from __future__ import annotations

from datetime import UTC, datetime

from briefings.app import Briefings
from briefings.web.feed_parse import feed_base, parse_feed
from tests.support.loopback_site import LoopbackSite, article_html

G = 31

PARAS = [
    "The harbour council voted on Tuesday to rebuild the old sea wall before the winter "
    "storms arrive, ending a year of argument.",
    "Engineers said the work would take four months and close the pier to fishing boats "
    "for most of that time.",
    "“We cannot wait another year,” said Mara Quist, who chairs the council's works group.",
]
LONG_TEXT = " ".join(PARAS)


def _rss(items: str, extra_ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{extra_ns}><channel>'
        f"<title>Harbour News</title><link>/</link>{items}</channel></rss>"
    ).encode()


def _item(title: str, link: str | None, guid: str, text: str, pub: str | None = None) -> str:
    parts = [f"<title>{title}</title>"]
    if link is not None:
        parts.append(f"<link>{link}</link>")
    parts.append(f'<guid isPermaLink="{"false" if link else "true"}">{guid}</guid>')
    if pub:
        parts.append(f"<pubDate>{pub}</pubDate>")
    parts.append(f"<description><![CDATA[{text}]]></description>")
    return "<item>" + "".join(parts) + "</item>"


# ------------------------------------------------------------------ parsing
def test_relative_links_resolve_against_the_base() -> None:
    body = _rss(_item("Wall", "/news/wall", "wall-1", "Short teaser"))
    doc = parse_feed(body, "http://news.example/feeds/all.rss")
    assert doc is not None
    assert doc.entries[0].link == "http://news.example/news/wall"
    assert doc.entries[0].key == "wall-1"  # the key stays the feed's own guid


def test_without_a_base_a_relative_link_is_no_link() -> None:
    doc = parse_feed(_rss(_item("Wall", "news/wall", "wall-1", "Short teaser")))
    assert doc is not None and doc.entries[0].link is None


def test_a_guid_that_is_not_a_url_is_not_taken_for_a_link() -> None:
    body = _rss(_item("Wall", None, "3f2a9c1e-7d4b-4a55-9a0e-1b2c3d4e5f60", LONG_TEXT))
    doc = parse_feed(body, "http://news.example/feeds/all.rss")
    assert doc is not None
    entry = doc.entries[0]
    assert entry.link is None
    assert entry.key == "3f2a9c1e-7d4b-4a55-9a0e-1b2c3d4e5f60"
    assert entry.content_text.startswith("The harbour council voted")


def test_a_guid_that_is_a_url_is_still_the_link() -> None:
    body = _rss(_item("Wall", None, "http://news.example/news/wall", "Short teaser"))
    doc = parse_feed(body, "http://news.example/feeds/all.rss")
    assert doc is not None and doc.entries[0].link == "http://news.example/news/wall"


def test_xml_base_and_the_feed_url_combine() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>'
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><title>Harbour</title>'
        b"<entry><title>Wall</title><id>tag:wall</id>"
        b'<link rel="alternate" href="2024/wall.html"/><updated>2024-05-02T09:15:00Z</updated>'
        b"<summary>Short teaser</summary></entry></feed>"
    )
    doc = parse_feed(body, "http://news.example/feeds/atom.xml")
    assert doc is not None
    assert doc.entries[0].link == "http://news.example/blog/2024/wall.html"
    assert doc.entries[0].published_at == datetime(2024, 5, 2, 9, 15, tzinfo=UTC)


def test_feed_base_prefers_content_location() -> None:
    final = "http://news.example/feeds/latest"
    assert feed_base(final, {}) == final
    assert feed_base(final, {"content-location": "/archive/all.rss"}) == (
        "http://news.example/archive/all.rss"
    )
    assert feed_base(final, {"content-location": "http://cdn.example/x.rss"}) == (
        "http://cdn.example/x.rss"
    )


# ------------------------------------------------------------------ polling over HTTP
async def test_relative_links_are_fetched_from_the_feed_site(
    app: Briefings, site: LoopbackSite
) -> None:
    site.page("/news/wall", article_html("Harbour wall to be rebuilt", PARAS))
    items = _item(
        "Harbour wall", "/news/wall", "wall-1", "Short teaser", "Tue, 05 Nov 2024 07:45:00 +0000"
    )
    feed_url = site.raw("/feeds/all.rss", _rss(items), "application/rss+xml")
    feed, _ = await app.feeds.add(G, feed_url)
    result = await app.feeds.poll(feed)
    assert not result.entry_errors
    assert len(result.new) == 1
    article = result.new[0].article
    assert article.url == site.url("/news/wall")
    assert article.title == "Harbour wall to be rebuilt"
    assert site.hits["/news/wall"] == 1


async def test_links_resolve_against_content_location(app: Briefings, site: LoopbackSite) -> None:
    site.page("/archive/news/wall", article_html("Harbour wall to be rebuilt", PARAS))
    items = _item("Harbour wall", "news/wall", "wall-1", "Short teaser")
    feed_url = site.raw(
        "/latest",
        _rss(items),
        "application/rss+xml",
        headers={"Content-Location": "/archive/feed.rss"},
    )
    feed, _ = await app.feeds.add(G, feed_url)
    result = await app.feeds.poll(feed)
    assert not result.entry_errors
    assert [r.article.url for r in result.new] == [site.url("/archive/news/wall")]


async def test_guid_only_entry_with_enough_text_is_stored(
    app: Briefings, site: LoopbackSite
) -> None:
    items = _item("Harbour wall", None, "3f2a9c1e-7d4b-4a55-9a0e-1b2c3d4e5f60", LONG_TEXT)
    feed, _ = await app.feeds.add(G, site.raw("/feed.rss", _rss(items), "application/rss+xml"))
    result = await app.feeds.poll(feed)
    assert not result.entry_errors
    assert len(result.new) == 1
    assert result.new[0].article.text.startswith("The harbour council voted")
    assert result.new[0].article.url is None
    assert len(site.hits) == 1  # only the feed itself was fetched


async def test_the_feed_date_wins_over_the_page_date(app: Briefings, site: LoopbackSite) -> None:
    site.page(
        "/news/wall",
        article_html("Harbour wall", PARAS, published="2024-12-30T16:00:00+00:00"),
    )
    items = _item(
        "Harbour wall", "/news/wall", "wall-1", "Short teaser", "Tue, 05 Nov 2024 07:45:00 +0000"
    )
    feed, _ = await app.feeds.add(G, site.raw("/f.rss", _rss(items), "application/rss+xml"))
    result = await app.feeds.poll(feed)
    assert result.new[0].article.published_at == datetime(2024, 11, 5, 7, 45, tzinfo=UTC)


async def test_without_a_feed_date_the_page_date_is_kept(
    app: Briefings, site: LoopbackSite
) -> None:
    site.page(
        "/news/wall",
        article_html("Harbour wall", PARAS, published="2024-12-30T16:20:00+00:00"),
    )
    items = _item("Harbour wall", "/news/wall", "wall-1", "Short teaser")
    feed, _ = await app.feeds.add(G, site.raw("/f.rss", _rss(items), "application/rss+xml"))
    result = await app.feeds.poll(feed)
    assert result.new[0].article.published_at == datetime(2024, 12, 30, 16, 20, tzinfo=UTC)


def test_a_permalink_guid_that_is_a_path_resolves() -> None:
    body = _rss(_item("Wall", None, "/news/wall", "Short teaser"))
    doc = parse_feed(body, "http://news.example/feeds/all.rss")
    assert doc is not None and doc.entries[0].link == "http://news.example/news/wall"
