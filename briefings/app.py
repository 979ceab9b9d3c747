"""The core assembled: one object the CLI and the Discord cogs both talk to.

`Briefings.open(settings)` opens the store (running migrations), makes the one
HTTP fetcher and the worker pool for CPU work, and wires the services; `close()`
waits for writes in progress and closes everything. Nothing here knows about Discord.
"""

from __future__ import annotations

from briefings.briefs.brief_service import BriefService
from briefings.digest.daily import DigestService
from briefings.feeds.subscriptions import FeedService
from briefings.ingest import Ingestor
from briefings.quotebook.lookup import QuoteService
from briefings.settings import Settings
from briefings.store import Store
from briefings.timeutil import Clock, utcnow
from briefings.web.fetch import Fetcher
from briefings.workers import WorkerPool


class Briefings:
    def __init__(self, settings: Settings, store: Store, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.fetcher = Fetcher(settings)
        # Worker processes for parsing, analysis and summaries: started on first use.
        self.workers = WorkerPool(settings.workers, settings.job_timeout)
        self.ingest = Ingestor(store, self.fetcher, settings, clock, self.workers)
        self.feeds = FeedService(store, self.fetcher, self.ingest, settings, clock)
        self.briefs = BriefService(store, settings, clock, self.workers)
        self.quotes = QuoteService(store)
        self.digests = DigestService(store, self.briefs, settings, clock)

    @classmethod
    async def open(cls, settings: Settings, clock: Clock = utcnow) -> Briefings:
        store = await Store.open(settings.database, clock=clock)
        return cls(settings, store, clock)

    async def close(self) -> None:
        await self.ingest.aclose()
        await self.fetcher.close()
        await self.workers.aclose()
        await self.store.close()

    async def __aenter__(self) -> Briefings:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
