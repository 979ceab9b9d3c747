"""The core assembled: one object the CLI and the Discord cogs both talk to.

`Briefings.open(settings)` opens the store (running migrations), makes the one
HTTP fetcher and the worker pool for CPU work, and wires the services; `close()`
waits for writes in progress and closes everything. Nothing here knows about Discord.
"""

from __future__ import annotations

from briefings.briefs.brief_service import BriefService
from briefings.digest.daily import DigestService
from briefings.feeds.subscriptions import FeedService
from briefings.follows import FollowService
from briefings.ingest import Ingestor
from briefings.quotebook.lookup import QuoteService
from briefings.settings import Settings
from briefings.store import Store
from briefings.timeutil import Clock, utcnow
from briefings.web.fetch import Fetcher
from briefings.workers import WorkerPool


def prepare_process() -> None:
    """Load what CPU jobs need (the parsers, the summarizers, the sentence model), so that
    the first job in a fresh process does not pay for it while a member waits."""
    import briefings.ingest.analysis  # noqa: F401  (quotes, sentences)
    import briefings.summarize.api  # noqa: F401
    import briefings.web.feed_parse  # noqa: F401
    import briefings.web.html_text  # noqa: F401
    from briefings.text import split_sentences

    split_sentences("Loaded. Ready.")


class Briefings:
    def __init__(self, settings: Settings, store: Store, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.fetcher = Fetcher(settings)
        # Worker processes for parsing, analysis and summaries: started on first use, or
        # by `warm`; each loads the parsers and models once when it starts.
        self.workers = WorkerPool(settings.workers, settings.job_timeout, prepare_process)
        self.ingest = Ingestor(store, self.fetcher, settings, clock, self.workers)
        self.feeds = FeedService(store, self.fetcher, self.ingest, settings, clock)
        self.briefs = BriefService(store, settings, clock, self.workers)
        self.quotes = QuoteService(store)
        self.digests = DigestService(store, self.briefs, settings, clock)
        self.follows = FollowService(store, self.quotes, self.workers, clock)
        # Follows queue their alerts as soon as an article is stored, whoever stored it.
        self.ingest.listeners.append(self.follows.article_stored)

    @classmethod
    async def open(cls, settings: Settings, clock: Clock = utcnow) -> Briefings:
        store = await Store.open(settings.database, clock=clock)
        return cls(settings, store, clock)

    async def warm(self) -> None:
        """Start the worker processes and load the parsers and models in them and here,
        off the event loop. For a long-running process (the bot); the CLI does without."""
        await self.workers.warm()

    async def close(self) -> None:
        await self.ingest.aclose()
        await self.fetcher.close()
        await self.workers.aclose()
        await self.store.close()

    async def __aenter__(self) -> Briefings:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
