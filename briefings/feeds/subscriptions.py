"""Feed subscriptions: adding, listing, removing and polling RSS/Atom feeds.

Polling uses conditional GET (ETag / Last-Modified), so an unchanged feed costs
one 304. Each new entry's page is fetched and ingested; when the page cannot be
read, the entry's own text is stored instead if it is long enough. A feed that
keeps failing is polled less and less often (exponential back-off) and is
switched off after `feed_max_failures` failures in a row.

One poll cycle (`poll_due`) works on many feeds at once, within bounds, so that
one slow site cannot hold up every guild's feeds:

- `FEEDS_AT_ONCE` feeds at a time, and `ENTRIES_AT_ONCE` entry pages per feed;
- at most `PER_HOST` requests at once to one host, `REQUESTS_AT_ONCE` in all;
- a feed URL that several guilds subscribe to is fetched once per cycle, and each
  guild's subscription ingests the entries and records the outcome for itself; an
  entry's page is fetched, read and analysed once for all of them (`SharedReads`), and
  each guild stores its own article;
- the cycle has a time budget (`POLL_BUDGET`): what is not done when it runs out is
  cancelled and left for the next poll (entries not finished are not recorded), so
  the cycle returns on time. Each request also has its own deadline: the fetcher's
  timeout (`fetch_timeout`).

An entry whose page cannot be fetched is tried again by the next polls; after
`ENTRY_MAX_FAILURES` failures it is marked failed and never tried again. An entry
that cannot be ingested for good (not a page, refused address) is marked failed at
once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from briefings.errors import (
    BlockedURLError,
    BriefingsError,
    FetchError,
    InputError,
    NotFoundError,
)
from briefings.feeds.filters import FeedFilter, parse_terms
from briefings.ingest import FilteredOut, Ingestor, IngestResult
from briefings.ingest.shared_reads import SharedReads
from briefings.models import Feed
from briefings.settings import Settings
from briefings.store import Store
from briefings.timeutil import Clock, utcnow
from briefings.web.feed_parse import FeedDoc, FeedEntry, feed_base, parse_feed
from briefings.web.fetch import Fetcher, FetchResult
from briefings.web.html_text import MIN_ARTICLE_WORDS, Extracted
from briefings.web.urls import parse_http_url

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)
MAX_BACKOFF = timedelta(hours=24)
# A poll's claim on its subscriptions outlives its budget by this much (see `poll_due`).
CLAIM_MARGIN = timedelta(minutes=5)

POLL_BUDGET = 120.0  # seconds one poll cycle may take; the rest waits for the next poll
FEEDS_AT_ONCE = 8
ENTRIES_AT_ONCE = 3  # entry pages fetched at once for one feed
PER_HOST = 2  # requests at once to one host
# The fetcher's connection pool holds 8: more requests would queue inside aiohttp, where
# the wait counts against their fetch timeout.
REQUESTS_AT_ONCE = 8
ENTRY_MAX_FAILURES = 3  # failed fetches of an entry's page before it is given up on


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
    unfinished: bool = False  # the cycle's time budget ran out first: the rest waits
    retrying: int = 0  # entries that failed this time and will be tried again
    gave_up: int = 0  # entries marked failed this time: never tried again
    filtered: int = 0  # entries the feed's filter left out (handled: never tried again)


class _Limits:
    """The bounds of one poll cycle: feeds and requests at once, per host, and a deadline."""

    def __init__(self, budget: float) -> None:
        self.deadline = asyncio.get_running_loop().time() + budget
        self.feeds = asyncio.Semaphore(FEEDS_AT_ONCE)
        self._requests = asyncio.Semaphore(REQUESTS_AT_ONCE)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def request(self, url: str) -> AsyncIterator[None]:
        """Hold a slot for one request to `url` (its host's first, then one of all)."""
        host = (urlsplit(url).hostname or url).lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(PER_HOST))
        async with per_host, self._requests:
            yield


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
        # One poll cycle at a time in this process: a cycle started while another runs
        # (the loop's and a manual one) would read the same feeds as due and poll them
        # twice, counting a failing feed's failure twice.
        self._cycle = asyncio.Lock()

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.settings.feed_poll_minutes)

    async def add(
        self, guild_id: int, url: str, channel_id: int | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe after checking that the URL really serves a feed."""
        checked = parse_http_url(url)
        fetched = await self.fetcher.get(checked, accept=FEED_ACCEPT)
        # Parsing is CPU work: a large feed goes to a worker process, off the event loop.
        base = feed_base(fetched.final_url, fetched.headers)
        doc = await self.ingestor.workers.run_sized(
            len(fetched.body), parse_feed, fetched.body, base
        )
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

    async def set_filter(
        self, guild_id: int, ref: str | int, include: str | None, exclude: str | None
    ) -> Feed:
        """Set a feed's filter from what a user typed (`war "peace talks"`); both empty
        clears it. Applies to entries from now on (entries handled already stay as they are).
        """
        feed = await self.find(guild_id, ref)
        updated = await self.store.set_feed_filter(
            guild_id, feed.id, parse_terms(include), parse_terms(exclude)
        )
        if updated is None:
            raise NotFoundError(f"No feed {ref!r} in this server: `feeds list` shows them.")
        return updated

    async def find(self, guild_id: int, ref: str | int) -> Feed:
        feeds = await self.store.feeds(guild_id)
        text = str(ref).strip().lstrip("#")
        for f in feeds:
            if text.isdigit() and f.id == int(text) or f.url == str(ref).strip():
                return f
        raise NotFoundError(f"No feed {ref!r} in this server: `feeds list` shows them.")

    async def poll_due(self, budget: float = POLL_BUDGET) -> list[PollResult]:
        """Poll every enabled feed URL whose next poll time has come for a guild on this
        process's shards (`Settings.shards`; all guilds when it runs every shard).

        Each such URL is claimed in the database for this poll with every due
        subscription to it, whatever guild and shard (`Store.claim_due_feeds`): the URL
        is fetched once for all of them, and another process polling at the same time
        (another shard's guilds subscribe to it too, or an overlapping shard range)
        finds them claimed and fetches it not again. So the results can include guilds
        of other shards; their announcements go through Discord's HTTP API, which any
        shard may use. Returns within about `budget` seconds; see the module docstring.
        """
        shards = self.settings.shards
        async with self._cycle:
            now = self.clock()
            due = await self.store.due_feeds(now)
            urls = {f.url for f in due if shards.owns(f.guild_id)}
            until = now + timedelta(seconds=budget) + CLAIM_MARGIN
            feeds = await self.store.claim_due_feeds(urls, now, until)
            results: list[PollResult] = []
            try:
                results = await self._poll_all(feeds, budget)
            finally:
                # What the poll did not record (cut short, or not reached) is due again.
                recorded = {
                    r.feed.id for r, f in zip(results, feeds, strict=False) if r.feed is not f
                }
                unrecorded = [f for f in feeds if f.id not in recorded]
                await asyncio.shield(self.store.release_feeds(unrecorded, until))
            return results

    async def poll_guild(self, guild_id: int, budget: float = POLL_BUDGET) -> list[PollResult]:
        """Poll all of a guild's enabled feeds now (the CLI's `feeds poll`)."""
        async with self._cycle:
            feeds = [f for f in await self.store.feeds(guild_id) if f.enabled]
            return await self._poll_all(feeds, budget)

    async def poll(self, feed: Feed, budget: float = POLL_BUDGET) -> PollResult:
        async with self._cycle:
            return (await self._poll_all([feed], budget))[0]

    async def _poll_all(self, feeds: list[Feed], budget: float) -> list[PollResult]:
        """Poll `feeds` concurrently, each URL once; one result per feed, in their order."""
        limits = _Limits(budget)
        by_url: dict[str, list[Feed]] = {}
        for feed in feeds:
            by_url.setdefault(feed.url, []).append(feed)
        shared = SharedReads()  # each entry page read and analysed once, for every guild
        try:
            async with asyncio.TaskGroup() as tg:
                tasks = [
                    tg.create_task(self._poll_url(group, limits, shared))
                    for group in by_url.values()
                ]
        finally:
            await shared.close()
        results = {r.feed.id: r for t in tasks for r in t.result()}
        return [results[f.id] for f in feeds]

    async def _poll_url(
        self, group: list[Feed], limits: _Limits, shared: SharedReads
    ) -> list[PollResult]:
        """Fetch one feed URL and let each subscription in `group` ingest its entries."""
        now = self.clock()
        url = group[0].url
        results = [PollResult(f, first_poll=f.last_ok_at is None) for f in group]
        fetched: FetchResult | None = None
        doc: FeedDoc | None = None
        error: str | None = None
        try:
            async with asyncio.timeout_at(limits.deadline), limits.feeds:
                try:
                    fetched = await self._fetch_feed(group, limits)
                    if not fetched.not_modified:
                        doc = await self.ingestor.workers.run_sized(
                            len(fetched.body),
                            parse_feed,
                            fetched.body,
                            feed_base(fetched.final_url, fetched.headers),
                        )
                        if doc is None:
                            raise InputError(f"{url} no longer serves an RSS or Atom feed.")
                except BriefingsError as exc:
                    error = str(exc)
                if doc is not None:
                    async with asyncio.TaskGroup() as tg:
                        for result in results:
                            result.unfinished = True  # until its entries are all done
                            tg.create_task(self._ingest_entries(doc, result, limits, shared))
        except TimeoutError:
            if doc is None:
                for result in results:
                    result.unfinished = True
            log.info("feed %s: the poll's time budget ran out; the rest waits", url)
        # Outcomes are recorded after the deadline too: they are quick, and each
        # subscription keeps its own failures, back-off and validators.
        if error is not None:
            return [await self._failed(f, now, error) for f in group]
        if fetched is None or (doc is None and not fetched.not_modified):
            return results  # not polled at all: still due, first in line next time
        for result in results:
            # Entries left over (to retry, or not reached) must not hide behind a 304.
            complete = not (result.unfinished or result.retrying)
            result.not_modified = fetched.not_modified
            result.feed = await self.store.record_feed_poll(
                result.feed.id,
                now=now,
                next_poll_at=now + self.interval,
                ok=True,
                etag=fetched.headers.get("etag"),
                last_modified=fetched.headers.get("last-modified"),
                title=doc.title if doc is not None else None,
                forget_validators=not complete,
            )
        return results

    async def _fetch_feed(self, group: list[Feed], limits: _Limits) -> FetchResult:
        """GET the group's URL, conditionally when every subscription is caught up with
        the URL's one set of validators (`Store.record_feed_poll`); a new subscription,
        or one behind them, has none: it needs the whole feed."""
        validators = {(f.etag, f.last_modified) for f in group}
        etag, last_modified = validators.pop() if len(validators) == 1 else (None, None)
        async with limits.request(group[0].url):
            return await self.fetcher.get(
                group[0].url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT
            )

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

    async def _ingest_entries(
        self, doc: FeedDoc, result: PollResult, limits: _Limits, shared: SharedReads
    ) -> None:
        """Ingest the feed's entries not handled yet, `ENTRIES_AT_ONCE` at a time.

        `result.new` lists the new articles oldest entry first, also when the cycle's
        budget cuts this short.
        """
        feed = result.feed
        entries = _newest_first(doc.entries)[: self.settings.feed_max_new_entries]
        seen = await self.store.seen_entries(feed.id, [e.key for e in entries])
        todo: dict[str, FeedEntry] = {}
        for entry in reversed(entries):  # oldest first
            if entry.key not in seen:
                todo.setdefault(entry.key, entry)
        ingested: list[IngestResult | None] = [None] * len(todo)
        slots = asyncio.Semaphore(ENTRIES_AT_ONCE)

        async def one(i: int, entry: FeedEntry) -> None:
            async with slots:
                ingested[i] = await self._read_entry(feed, entry, result, limits, shared)

        try:
            async with asyncio.TaskGroup() as tg:
                for i, entry in enumerate(todo.values()):
                    tg.create_task(one(i, entry))
            result.unfinished = False
        finally:
            result.new.extend(r for r in ingested if r is not None and r.created)

    async def _read_entry(
        self,
        feed: Feed,
        entry: FeedEntry,
        result: PollResult,
        limits: _Limits,
        shared: SharedReads,
    ) -> IngestResult | None:
        """Ingest one entry and record how it went; None when it failed or was filtered out."""
        try:
            if entry.link:
                async with limits.request(entry.link):
                    ingested = await self._ingest_entry(feed, entry, shared)
            else:
                ingested = await self._ingest_entry(feed, entry, shared)
        except FilteredOut:
            # Handled for good: recorded as done without an article, never fetched again.
            result.filtered += 1
            await self.store.mark_entry(feed.id, entry.key, None)
            return None
        except BriefingsError as exc:
            result.entry_errors.append(f"{entry.link or entry.title}: {exc}")
            # A timeout or an HTTP error may pass: tried again by the next polls, up to
            # a limit. Anything else (not a page, a refused address) will not.
            transient = isinstance(exc, FetchError) and not isinstance(exc, BlockedURLError)
            gave_up = await self.store.entry_failed(
                feed.id,
                entry.key,
                str(exc),
                give_up_after=ENTRY_MAX_FAILURES if transient else 1,
            )
            if gave_up:
                result.gave_up += 1
            else:
                result.retrying += 1
            return None
        await self.store.mark_entry(feed.id, entry.key, ingested.article.id)
        return ingested

    async def _ingest_entry(
        self, feed: Feed, entry: FeedEntry, shared: SharedReads
    ) -> IngestResult:
        flt = FeedFilter(feed.filter_include, feed.filter_exclude)
        keep = None if flt.empty else flt.keeps
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
                keep=keep,
                shared=shared,
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
            keep=keep,
        )


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    dated = [e for e in entries if e.published_at]
    if len(dated) == len(entries):
        return sorted(entries, key=lambda e: e.published_at, reverse=True)  # type: ignore[arg-type,return-value]
    return list(entries)  # feeds list newest first by convention
