"""Feed filters: parsing what users type, matching words and phrases, and a real poll
that stores (and so announces) only the entries the filter keeps."""

from __future__ import annotations

import pytest

from briefings.app import Briefings
from briefings.errors import InputError
from briefings.feeds.filters import MAX_TERMS, FeedFilter, parse_terms, show_terms
from tests.support.loopback_site import LoopbackSite, article_html


def test_terms_are_words_and_quoted_phrases_folded() -> None:
    assert parse_terms('Ukraine "Peace Talks", Élysée') == ("ukraine", "peace talks", "elysee")
    assert parse_terms("“harbour wall” pier") == ("harbour wall", "pier")
    assert parse_terms("  ") == () and parse_terms(None) == ()
    assert show_terms(("ukraine", "peace talks")) == 'ukraine "peace talks"'
    with pytest.raises(InputError):
        parse_terms(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))


def test_include_needs_one_term_exclude_drops_on_any() -> None:
    flt = FeedFilter(parse_terms('harbour "sea wall"'), parse_terms("football"))
    assert flt.keeps("Harbour plans", "")
    assert flt.keeps("Council vote", "The SEA  WALL will be rebuilt.")  # phrase across spaces
    assert not flt.keeps("Council vote", "The sea is calm; the wall is old.")  # not in a row
    assert not flt.keeps("Harbour football final", "")  # excluded wins over included
    assert not flt.keeps("Harbourmaster retires", "")  # whole words only
    assert FeedFilter().keeps("anything", "at all")
    assert FeedFilter((), ("war",)).keeps("Award season", "")
    assert not FeedFilter((), ("war",)).keeps("War games", "")


_PROSE = [
    "Residents gathered outside the town hall on Tuesday evening to hear what had been "
    "decided, and many of them stayed long after the meeting had ended.",
    "Officials said that the details would be published next week, once the minutes of "
    "the session had been approved by every member of the committee.",
    "Local shop owners welcomed the news but warned that the works must not block the "
    "streets during the busy summer season, when most visitors arrive.",
]


def _rss(site: LoopbackSite, keys: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {k}</title><link>{site.url('/a/' + k)}</link><guid>{k}</guid></item>"
        for k in keys
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>"
    ).encode()


async def test_poll_stores_only_what_the_filter_keeps(app: Briefings, site: LoopbackSite) -> None:
    pages = {
        "wall": ("Harbour wall vote", "The council voted to rebuild the harbour wall at last."),
        "match": ("Harbour cup", "The harbour team won the football match on Sunday evening."),
        "budget": ("Budget debate", "The council argued about the budget until late at night."),
    }
    for key, (title, para) in pages.items():
        site.page(f"/a/{key}", article_html(title, [para, *_PROSE]))
    site.raw("/rss", _rss(site, list(pages)), "application/rss+xml")
    feed, _ = await app.store.add_feed(7, site.url("/rss"), None, "Wire")
    updated = await app.feeds.set_filter(7, str(feed.id), "harbour", "football")
    assert updated.filter_include == ("harbour",) and updated.filter_exclude == ("football",)

    (result,) = await app.feeds.poll_guild(7)
    assert [r.article.title for r in result.new] == ["Harbour wall vote"]
    assert result.filtered == 2 and not result.entry_errors
    assert await app.store.count_articles(7) == 1
    # Left out for good: handled, so the next poll neither refetches nor stores them.
    assert await app.store.seen_entries(feed.id, list(pages)) == set(pages)
    hits = dict(site.hits)
    (again,) = await app.feeds.poll_guild(7)
    assert again.new == [] and site.hits["/a/match"] == hits["/a/match"]

    cleared = await app.feeds.set_filter(7, feed.id, None, "")
    assert FeedFilter(cleared.filter_include, cleared.filter_exclude).empty
    listed = await app.feeds.subscriptions(7)
    assert listed[0].filter_include == ()


async def test_filter_on_unknown_feed_is_refused(app: Briefings) -> None:
    from briefings.errors import NotFoundError

    with pytest.raises(NotFoundError):
        await app.feeds.set_filter(7, "99", "x", None)
    with pytest.raises(InputError):
        await app.store.add_feed(7, "http://x.test/rss", None) and await app.feeds.set_filter(
            7, "1", "a" * 200, None
        )
