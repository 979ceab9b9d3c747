"""Feed subscriptions: adding, listing, removing and polling RSS/Atom feeds.

Polling uses conditional GET (ETag / Last-Modified), so an unchanged feed costs
one 304. Each new entry's page is fetched and ingested; when the page cannot be
read, the entry's own text is stored instead if it is long enough. A feed that
keeps failing is polled less and less often (exponential back-off) and is
switched off after `feed_max_failures` failures in a row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from briefings.errors import BriefingsError, FetchError, InputError, NotFoundError
from briefings.ingest import Ingestor, IngestResult
from briefings.models import Feed
from briefings.settings import Settings
from briefings.store import Store
from briefings.timeutil import Clock, utcnow
from briefings.web.feed_parse import FeedDoc, FeedEntry, parse_feed
from briefings.web.fetch import Fetcher
from briefings.web.html_text import MIN_ARTICLE_WORDS, Extracted
from briefings.web.urls import parse_http_url

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)
MAX_BACKOFF = timedelta(hours=24)


@dataclass(slots=True)
class PollResult:
    """The outcome of polling one feed."""

    feed: Feed
    new: list[IngestResult] = field(default_factory=list)
    entry_errors: list[str] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None  # the whole feed failed
    disabled_now: bool = False  # this failure switched the feed off
    first_poll: bool = False


class FeedService:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        ingestor: Ingestor,
        settings: Settings,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.ingestor = ingestor
        self.settings = settings
        self.clock = clock

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.settings.feed_poll_minutes)

    async def add(
        self, guild_id: int, url: str, channel_id: int | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe after checking that the URL really serves a feed."""
        checked = parse_http_url(url)
        fetched = await self.fetcher.get(checked, accept=FEED_ACCEPT)
        doc = parse_feed(fetched.body)
        if doc is None:
            raise InputError(f"{checked} is not an RSS or Atom feed.")
        return await self.store.add_feed(guild_id, checked, channel_id, doc.title)

    async def subscriptions(self, guild_id: int) -> list[Feed]:
        return await self.store.feeds(guild_id)

    async def remove(self, guild_id: int, ref: str | int) -> Feed:
        """Unsubscribe by feed id or by URL."""
        feed = await self.find(guild_id, ref)
        await self.store.remove_feed(guild_id, feed.id)
        return feed

    async def find(self, guild_id: int, ref: str | int) -> Feed:
        feeds = await self.store.feeds(guild_id)
        text = str(ref).strip().lstrip("#")
        for f in feeds:
            if text.isdigit() and f.id == int(text) or f.url == str(ref).strip():
                return f
        raise NotFoundError(f"No feed {ref!r} in this server: `feeds list` shows them.")

    async def poll_due(self) -> list[PollResult]:
        """Poll every enabled feed (all guilds) whose next poll time has come."""
        results = []
        for feed in await self.store.due_feeds(self.clock()):
            results.append(await self.poll(feed))
        return results

    async def poll_guild(self, guild_id: int) -> list[PollResult]:
        """Poll all of a guild's enabled feeds now (the CLI's `feeds poll`)."""
        return [await self.poll(f) for f in await self.store.feeds(guild_id) if f.enabled]

    async def poll(self, feed: Feed) -> PollResult:
        now = self.clock()
        first = feed.last_ok_at is None
        try:
            fetched = await self.fetcher.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT
            )
            if fetched.not_modified:
                updated = await self.store.record_feed_poll(
                    feed.id, now=now, next_poll_at=now + self.interval, ok=True
                )
                return PollResult(updated, not_modified=True)
            doc = parse_feed(fetched.body)
            if doc is None:
                raise InputError(f"{feed.url} no longer serves an RSS or Atom feed.")
        except BriefingsError as exc:
            return await self._failed(feed, now, str(exc))
        result = PollResult(feed, first_poll=first)
        await self._ingest_entries(feed, doc, result)
        result.feed = await self.store.record_feed_poll(
            feed.id,
            now=now,
            next_poll_at=now + self.interval,
            ok=True,
            etag=fetched.headers.get("etag"),
            last_modified=fetched.headers.get("last-modified"),
            title=doc.title,
        )
        return result

    async def _failed(self, feed: Feed, now: datetime, error: str) -> PollResult:
        failures = feed.failures + 1
        backoff = min(self.interval * (2**failures), MAX_BACKOFF)
        updated = await self.store.record_feed_poll(
            feed.id,
            now=now,
            next_poll_at=now + backoff,
            ok=False,
            error=error,
            disable_after=self.settings.feed_max_failures,
        )
        disabled = feed.enabled and not updated.enabled
        log.warning("feed %s failed (%d in a row): %s", feed.url, failures, error)
        return PollResult(updated, error=error, disabled_now=disabled)

    async def _ingest_entries(self, feed: Feed, doc: FeedDoc, result: PollResult) -> None:
        entries = _newest_first(doc.entries)[: self.settings.feed_max_new_entries]
        seen = await self.store.seen_entries(feed.id, [e.key for e in entries])
        for entry in reversed([e for e in entries if e.key not in seen]):  # oldest first
            try:
                ingested = await self._ingest_entry(feed, entry)
            except FetchError as exc:
                # Transient (timeout, 5xx): leave the entry unseen so the next poll retries.
                result.entry_errors.append(f"{entry.link or entry.title}: {exc}")
                continue
            except BriefingsError as exc:
                result.entry_errors.append(f"{entry.link or entry.title}: {exc}")
                await self.store.mark_entry(feed.id, entry.key, None)
                continue
            await self.store.mark_entry(feed.id, entry.key, ingested.article.id)
            if ingested.created:
                result.new.append(ingested)

    async def _ingest_entry(self, feed: Feed, entry: FeedEntry) -> IngestResult:
        fallback = None
        if len(entry.content_text.split()) >= MIN_ARTICLE_WORDS:
            fallback = Extracted(
                text=entry.content_text, title=entry.title, published_at=entry.published_at
            )
        if entry.link:
            return await self.ingestor.url(
                feed.guild_id,
                entry.link,
                feed_id=feed.id,
                fallback=fallback,
                published_at=entry.published_at,
            )
        if fallback is None:
            raise InputError("the entry has neither a link nor enough text")
        return await self.ingestor.text(
            feed.guild_id,
            entry.content_text,
            title=entry.title,
            source="feed",
            feed_id=feed.id,
            published_at=entry.published_at,
        )


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    dated = [e for e in entries if e.published_at]
    if len(dated) == len(entries):
        return sorted(entries, key=lambda e: e.published_at, reverse=True)  # type: ignore[arg-type,return-value]
    return list(entries)  # feeds list newest first by convention
