"""Following a person or a topic, and delivering what a follow owes.

Queueing: the ingest path calls `FollowService.article_stored` right after an article is
stored (`Ingestor.listeners`). A person follow queues one alert per statement in the
article attributed to the followed actor (at or above `min_confidence()`); a topic follow
queues one alert per story: the article must match the follow's query (every word, full
text search) and be about it, above the relevance floor `/brief topic` uses
(`TOPIC_FLOOR`, counted over the words the article gives weight to: `topic_focus`), and
it is grouped with the recent articles on the topic by the digest's story grouping
(`briefings.digest.stories.group_stories`); if an article of its story already gave the
follow an alert, no new one is queued. The store's unique indexes make queueing
idempotent.

Who may follow: members with Manage Server, and members of the guild's follow role
(`follow_role`, set by `/settings follow-role`).

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
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from briefings.briefs.brief_service import TOPIC_FLOOR
from briefings.digest.stories import MAX_CHARS, group_stories
from briefings.errors import ChannelRefused, InputError, NotFoundError
from briefings.models import Alert, Article, Follow, StoredQuote
from briefings.quotebook import QuoteService
from briefings.quotes import DEFAULT_MIN_CONFIDENCE
from briefings.store import Store
from briefings.store.store import fts_query
from briefings.summarize.vectors import terms
from briefings.timeutil import Clock, utcnow
from briefings.workers import WorkerPool

log = logging.getLogger(__name__)

MIN_CONFIDENCE = DEFAULT_MIN_CONFIDENCE
"""The lowest attribution confidence a statement needs to alert a person follow: the
threshold /quotes uses, so follows and /quotes agree on what counts as attributed."""

STORY_WINDOW = timedelta(hours=48)
"""How far back a topic follow looks for the other articles of a new article's story."""

LEAD_TERMS = 25
"""An article's opening, in content terms (stop words left out): about its first two
sentences, where a news article says what it is about."""

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


def topic_focus(query: str, docs: list[tuple[str, str]]) -> list[float]:
    """For each (title, text): the share of the query's distinct terms the article gives
    weight to, to compare with `TOPIC_FLOOR` as `/brief topic` compares `topic_relevance`.

    A term counts when it is in the title, in the opening (the first `LEAD_TERMS` content
    terms of the text) or in the text more than once; a word mentioned once in passing,
    further down, does not. So "Vellmar harbour" is the topic of an article on the
    harbour wall's collapse, not of one on a new bridge that ends "the route to the
    harbour is now shorter". Terms are `topic_relevance`'s (folded, stemmed, no stop
    words). CPU work: run it in the worker pool for long texts."""
    wanted = set(terms(query))
    if not wanted:
        return [0.0 for _ in docs]
    out = []
    for title, text in docs:
        body = terms(text)
        weighty = set(terms(title)) | set(body[:LEAD_TERMS])
        weighty |= {t for t, n in Counter(body).items() if n > 1}
        out.append(len(wanted & weighty) / len(wanted))
    return out


def on_topic_story(query: str, article_id: int, articles: list[Article]) -> list[int]:
    """The ids of the story `article_id` belongs to among `articles`, counting only those
    on the topic (`topic_focus` at or above `TOPIC_FLOOR`); [] when that article is not on
    the topic. Module-level for the worker pool."""
    focus = topic_focus(query, [(a.title, a.text) for a in articles])
    on = [a for a, f in zip(articles, focus, strict=True) if f >= TOPIC_FLOOR]
    if all(a.id != article_id for a in on):
        return []
    groups = group_stories(on)
    group = next(g for g in groups if any(on[i].id == article_id for i in g))
    return sorted(on[i].id for i in group)


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
        if not terms(text):
            raise InputError(
                "The topic has only common words (such as 'the' or 'and'), which no article "
                "is about: add the words that name it."
            )
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

    # ------------------------------------------------------------------ who may follow
    async def follow_role(self, guild_id: int) -> int | None:
        """The role whose members may manage follows besides Manage Server; None if unset."""
        return await self.store.follow_role(guild_id)

    async def set_follow_role(self, guild_id: int, role_id: int | None) -> None:
        """Let members of `role_id` manage follows (None: Manage Server only again)."""
        await self.store.set_follow_role(guild_id, role_id)

    async def may_follow(
        self, guild_id: int, *, manages_guild: bool, role_ids: Iterable[int]
    ) -> bool:
        """Whether a member (with Manage Server or not, holding these roles) may manage the
        guild's follows."""
        if manages_guild:
            return True
        role = await self.store.follow_role(guild_id)
        return role is not None and role in set(role_ids)

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
        # Focus and grouping read at most MAX_CHARS of each text: send no more to a worker.
        lead = article.text[:MAX_CHARS]
        (focus,) = await self.workers.run_sized(
            len(lead), topic_focus, follow.target, [(article.title, lead)]
        )
        if focus < TOPIC_FLOOR:
            return False  # the words are there, in passing: not a story on the topic
        async with self._topic_lock:
            since = self.clock() - STORY_WINDOW
            recent = await self.store.matching_articles(article.guild_id, follow.target, since)
            if all(a.id != article.id for a in recent):
                recent.append(article)
            leads = [replace(a, text=a.text[:MAX_CHARS]) for a in recent]
            size = sum(len(a.text) + len(a.title) for a in leads)
            story_ids = await self.workers.run_sized(
                size, on_topic_story, follow.target, article.id, leads
            )
            if not story_ids:
                return False
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
