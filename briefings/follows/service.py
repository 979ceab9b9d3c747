"""Following a person or a topic, and delivering what a follow owes.

Queueing: the ingest path calls `FollowService.article_stored` right after an article is
stored (`Ingestor.listeners`). A person follow queues one alert per statement in the
article attributed to the followed actor (at or above `min_confidence()`); a topic follow
queues one alert per story: the article must match the follow's query (every word, full
text search), and it is grouped with the recent articles that match too by the digest's
story grouping (`briefings.digest.stories.group_stories`); if an article of its story
already gave the follow an alert, no new one is queued. The store's unique indexes make
queueing idempotent.

Delivery: `deliver` claims queued alerts oldest first (a claim with a lease, as the
digest's) and hands each to the chat adapter's `send`; a sent alert is marked with its
message id. A channel that refuses the bot (`ChannelRefused`) pauses that follow (its
alerts stay queued, in order) and delivery goes on with the others; any other failure
puts the alert back and ends the round, to be tried again on the next one.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from briefings.digest.stories import MAX_CHARS, group_stories
from briefings.errors import ChannelRefused, InputError, NotFoundError
from briefings.models import Alert, Article, Follow, StoredQuote
from briefings.quotebook import QuoteService
from briefings.quotes import DEFAULT_MIN_CONFIDENCE
from briefings.store import Store
from briefings.store.store import fts_query
from briefings.timeutil import Clock, utcnow
from briefings.workers import WorkerPool

log = logging.getLogger(__name__)

MIN_CONFIDENCE = DEFAULT_MIN_CONFIDENCE
"""The lowest attribution confidence a statement needs to alert a person follow: the
threshold /quotes uses, so follows and /quotes agree on what counts as attributed."""

STORY_WINDOW = timedelta(hours=48)
"""How far back a topic follow looks for the other articles of a new article's story."""

MAX_QUERY_CHARS = 200
DELIVER_BATCH = 50  # alerts posted per round at most; the rest waits for the next

AlertSender = Callable[[Alert], Awaitable[int]]
"""Posts one alert and returns the message id; raises `ChannelRefused` when the channel
refuses the bot for good."""


def min_confidence() -> float:
    """The confidence floor of person follows (one place, see `MIN_CONFIDENCE`)."""
    return MIN_CONFIDENCE


def statement_counts(quote: StoredQuote) -> bool:
    """Whether a stored statement is attributed firmly enough to alert a person follow.

    Statements stored before confidences existed have none; they count, as /quotes
    shows them too.
    """
    return quote.confidence is None or quote.confidence >= min_confidence()


class FollowService:
    def __init__(
        self,
        store: Store,
        quotes: QuoteService,
        workers: WorkerPool,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.quotes = quotes
        self.workers = workers
        self.clock = clock
        # One topic decision at a time per process: two articles of one story stored at
        # once must not both look new. (Across processes the unique index decides.)
        self._topic_lock = asyncio.Lock()

    # ------------------------------------------------------------------ follows
    async def follow_person(
        self,
        guild_id: int,
        name: str,
        channel_id: int | None = None,
        role_id: int | None = None,
    ) -> tuple[Follow, bool]:
        """Follow the actor `name` means (as /quotes finds them); NotFoundError if none."""
        actor = (await self.quotes.find_actors(guild_id, name))[0]
        return await self.store.add_follow(
            guild_id,
            "person",
            actor.name,
            actor_id=actor.id,
            channel_id=channel_id,
            role_id=role_id,
        )

    async def follow_topic(
        self,
        guild_id: int,
        query: str,
        channel_id: int | None = None,
        role_id: int | None = None,
    ) -> tuple[Follow, bool]:
        text = " ".join((query or "").split())
        if not text:
            raise InputError("Give the words of the topic to follow.")
        if len(text) > MAX_QUERY_CHARS:
            raise InputError(f"A topic may be at most {MAX_QUERY_CHARS} characters.")
        if fts_query(text) is None:
            raise InputError("The topic needs at least one word.")
        return await self.store.add_follow(
            guild_id, "topic", text, actor_id=None, channel_id=channel_id, role_id=role_id
        )

    async def all(self, guild_id: int) -> list[Follow]:
        return await self.store.follows(guild_id)

    async def remove(self, guild_id: int, ref: str | int) -> Follow:
        text = str(ref).strip().lstrip("#")
        follow = await self.store.follow(guild_id, int(text)) if text.isdigit() else None
        if follow is None or not await self.store.remove_follow(guild_id, follow.id):
            raise NotFoundError(f"No follow {ref!r} in this server: `follows list` shows them.")
        return follow

    async def alerts(self, guild_id: int, since: datetime | None = None) -> list[Alert]:
        return await self.store.alerts(guild_id, since=since)

    # ------------------------------------------------------------------ queueing
    async def article_stored(self, article: Article) -> int:
        """Queue what the guild's follows owe for a newly stored article; how many alerts."""
        follows = await self.store.follows(article.guild_id)
        if not follows:
            return 0
        queued = 0
        people = [f for f in follows if f.kind == "person" and f.actor_id is not None]
        if people:
            quotes = await self.store.article_quotes(article.guild_id, article.id)
            spoke = {q.actor_id for q in quotes if q.actor_id is not None and statement_counts(q)}
            pairs = [(f.id, f.actor_id) for f in people if f.actor_id in spoke]
            queued += await self.store.queue_person_alerts(
                article.guild_id,
                article.id,
                [(fid, aid) for fid, aid in pairs if aid is not None],
                min_confidence(),
            )
        for follow in (f for f in follows if f.kind == "topic"):
            if await self._queue_story(follow, article):
                queued += 1
        return queued

    async def _queue_story(self, follow: Follow, article: Article) -> bool:
        if not await self.store.article_matches(article.guild_id, article.id, follow.target):
            return False
        async with self._topic_lock:
            since = self.clock() - STORY_WINDOW
            recent = await self.store.matching_articles(article.guild_id, follow.target, since)
            if all(a.id != article.id for a in recent):
                recent.append(article)
            # Grouping reads at most MAX_CHARS of each text: send no more to the worker.
            leads = [replace(a, text=a.text[:MAX_CHARS]) for a in recent]
            size = sum(len(a.text) + len(a.title) for a in leads)
            groups = await self.workers.run_sized(size, group_stories, leads)
            group = next(g for g in groups if any(leads[i].id == article.id for i in g))
            story_ids = sorted(leads[i].id for i in group)
            others = [i for i in story_ids if i != article.id]
            if await self.store.alerted_articles(follow.id, others):
                return False  # the story has had its alert already
            return await self.store.queue_story_alert(
                follow.id, article.guild_id, article.id, story_ids[0]
            )

    # ------------------------------------------------------------------ delivery
    async def story_thread(self, alert: Alert) -> int | None:
        """The thread a digest opened, in the follow's channel and within the last day or
        so, for the story of the alert's article (a digest with threads, issue 11): the
        alert goes there rather than into the channel. None when there is none."""
        if alert.channel_id is None:
            return None
        today = self.clock().date()
        # Digest dates are local: a day either side of UTC's covers every zone.
        days = [(today + timedelta(days=d)).isoformat() for d in (1, 0, -1)]
        wanted = {alert.article_id, alert.story_article_id}
        for thread_id, articles in await self.store.story_threads(
            alert.guild_id, alert.channel_id, days
        ):
            if wanted & articles:
                return thread_id
        return None

    async def _send(self, alert: Alert, send: AlertSender) -> int:
        """Send into the story's thread when there is one, else (or if the thread refuses
        the bot: archived, deleted) into the follow's channel."""
        thread = await self.story_thread(alert)
        if thread is not None:
            try:
                return await send(replace(alert, channel_id=thread))
            except ChannelRefused as exc:
                log.info("alert %s: thread %s refused (%s)", alert.id, thread, exc.reason)
        return await send(alert)

    async def deliver(self, send: AlertSender, *, limit: int = DELIVER_BATCH) -> list[Alert]:
        """Post queued alerts in order, each once; returns those sent this round."""
        token = uuid.uuid4().hex
        sent: list[Alert] = []
        for _ in range(limit):
            alert = await self.store.claim_next_alert(token)
            if alert is None:
                break
            try:
                message_id = await self._send(alert, send)
            except ChannelRefused as exc:
                log.warning("follow %s paused: %s", alert.follow_id, exc.reason)
                await self.store.release_alert(alert.id, token, error=exc.reason, pause=exc.reason)
                continue
            except Exception as exc:
                # Not the channel's fault (a 5xx, a timeout): back in the queue, in its place.
                log.warning("alert %s not sent, will retry: %s", alert.id, exc)
                await self.store.release_alert(alert.id, token, error=str(exc)[:300])
                break
            if await self.store.finish_alert(alert.id, token, message_id):
                sent.append(alert)
        return sent
