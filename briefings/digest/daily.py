"""Daily digests: what a guild's day of news was, and when it is owed.

A digest for local date D with a schedule at HH:MM covers the 24 hours (23 or
25 on DST days) up to D's HH:MM, so every article lands in exactly one digest.
Without a schedule it covers the calendar day. Content: the day's stories
(articles from several outlets on one event grouped together), a
multi-document summary per story with its sources, and the top quotes by
actor.

Exactly-once posting lives here, not in the bot: `run_due` claims (guild,
date) in the store before posting and releases the claim if posting fails, so
a restart neither re-posts nor skips a digest, and a digest missed while the
bot was down is posted late, once (up to one day back).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from briefings.briefs.brief_service import BriefLine, BriefService
from briefings.digest.schedule import ScheduleStatus, due_days, scheduled_at, window_for
from briefings.digest.stories import group_stories
from briefings.models import Article, GuildSettings, StoredQuote
from briefings.quotebook.lookup import DigestQuote, QuoteSource
from briefings.settings import Settings
from briefings.store import Store
from briefings.timeutil import Clock, parse_hhmm, utcnow, zone

log = logging.getLogger(__name__)

MAX_STORIES = 12
SENTENCES_PER_STORY = 2
MAX_ACTORS = 8
QUOTES_PER_ACTOR = 2


@dataclass(slots=True)
class Story:
    headline: str
    articles: list[Article]
    lines: list[BriefLine]


@dataclass(slots=True)
class ActorQuotes:
    name: str
    quote_count: int
    quotes: list[DigestQuote]


@dataclass(slots=True)
class DailyDigest:
    guild_id: int
    day: date
    start: datetime
    end: datetime
    timezone: str
    stories: list[Story] = field(default_factory=list)
    actors: list[ActorQuotes] = field(default_factory=list)
    article_count: int = 0
    more_stories: int = 0

    @property
    def title(self) -> str:
        return f"Daily briefing for {self.day:%A %d %B %Y}"

    @property
    def empty(self) -> bool:
        return self.article_count == 0


PostDigest = Callable[[GuildSettings, DailyDigest], Awaitable[list[int]]]


class DigestService:
    def __init__(
        self, store: Store, briefs: BriefService, settings: Settings, clock: Clock = utcnow
    ) -> None:
        self.store = store
        self.briefs = briefs
        self.settings = settings
        self.clock = clock

    # ------------------------------------------------------------------ schedule
    async def schedule(
        self, guild_id: int, channel_id: int, time_hhmm: str, timezone: str
    ) -> ScheduleStatus:
        hhmm = parse_hhmm(time_hhmm)
        zone(timezone)  # validates the name
        await self.store.set_digest_schedule(
            guild_id, channel_id, hhmm, timezone, set_at=self.clock()
        )
        return await self.status(guild_id)

    async def off(self, guild_id: int) -> bool:
        return await self.store.disable_digest(guild_id)

    async def status(self, guild_id: int) -> ScheduleStatus:
        g = await self.store.guild(guild_id)
        tz_name = g.timezone or self.settings.default_timezone
        last = await self.store.last_posted_digest(guild_id)
        next_run = None
        if g.digest_enabled and g.digest_time:
            tz = zone(tz_name)
            now = self.clock()
            today = now.astimezone(tz).date()
            for day in (today, today + timedelta(days=1)):
                at = scheduled_at(day, g.digest_time, tz)
                posted = await self.store.posted_digest(guild_id, day.isoformat())
                if at > now and posted is None:
                    next_run = at
                    break
        return ScheduleStatus(
            g.digest_enabled,
            g.digest_channel_id,
            g.digest_time,
            tz_name,
            next_run,
            last.digest_date if last else None,
        )

    # ------------------------------------------------------------------ content
    async def build(self, guild_id: int, day: date | None = None) -> DailyDigest:
        """The digest of a local date (default: today in the guild's time zone)."""
        g = await self.store.guild(guild_id)
        tz_name = g.timezone or self.settings.default_timezone
        tz = zone(tz_name)
        day = day or self.clock().astimezone(tz).date()
        start, end = window_for(day, g.digest_time if g.digest_enabled else None, tz)
        return await self.build_window(guild_id, day, start, end, tz_name)

    async def preview(self, guild_id: int) -> DailyDigest:
        """What a digest posted right now would hold: the last 24 hours."""
        g = await self.store.guild(guild_id)
        tz_name = g.timezone or self.settings.default_timezone
        now = self.clock()
        day = now.astimezone(zone(tz_name)).date()
        end = now + timedelta(seconds=1)  # include what came in this very second
        return await self.build_window(guild_id, day, end - timedelta(days=1), end, tz_name)

    async def build_window(
        self, guild_id: int, day: date, start: datetime, end: datetime, tz_name: str
    ) -> DailyDigest:
        articles = await self.store.articles_between(guild_id, start, end)
        digest = DailyDigest(guild_id, day, start, end, tz_name, article_count=len(articles))
        if not articles:
            return digest
        groups = await asyncio.to_thread(group_stories, articles)  # CPU: off the loop
        digest.more_stories = max(0, len(groups) - MAX_STORIES)
        for idxs in groups[:MAX_STORIES]:
            members = sorted((articles[i] for i in idxs), key=lambda a: a.when)
            brief = await self.briefs.summarize(
                members[0].title, members, SENTENCES_PER_STORY * min(len(members), 2), None
            )
            digest.stories.append(Story(members[0].title, members, brief.lines))
        quotes = await self.store.quotes_in_articles(guild_id, [a.id for a in articles])
        digest.actors = top_quotes(quotes)
        return digest

    # ------------------------------------------------------------------ posting
    async def run_due(self, post: PostDigest) -> list[tuple[int, date]]:
        """Post every digest that is owed now, each exactly once; returns what was posted.

        `post` sends the digest (e.g. to Discord) and returns the message ids; if it
        raises, the claim is released and the next run tries again.
        """
        now = self.clock()
        done: list[tuple[int, date]] = []
        for g in await self.store.scheduled_guilds():
            for day in due_days(g, now, self.settings.default_timezone):
                key = day.isoformat()
                if await self.store.posted_digest(g.id, key) is not None:
                    continue
                if not await self.store.claim_digest(g.id, key, g.digest_channel_id):
                    continue
                try:
                    digest = await self.build(g.id, day)
                    ids = await post(g, digest)
                except Exception:
                    log.exception("posting the %s digest of guild %s failed", key, g.id)
                    await self.store.release_digest(g.id, key)
                    continue
                await self.store.finish_digest(g.id, key, ids)
                done.append((g.id, day))
        return done


def top_quotes(quotes: list[StoredQuote]) -> list[ActorQuotes]:
    """The most quoted people of the day with their strongest distinct quotes."""
    by_actor: dict[str, list[StoredQuote]] = {}
    for q in quotes:
        if q.speaker:
            key = q.speaker if q.actor_id is None else f"#{q.actor_id}"
            by_actor.setdefault(key, []).append(q)
    ranked = sorted(by_actor.values(), key=lambda qs: (-len(qs), qs[0].speaker or ""))
    out: list[ActorQuotes] = []
    kind_rank = {"direct": 0, "mixed": 1, "indirect": 2}
    for qs in ranked[:MAX_ACTORS]:
        distinct: dict[str, DigestQuote] = {}
        for q in sorted(qs, key=lambda q: (kind_rank.get(q.kind, 3), -len(q.text))):
            src = QuoteSource(
                q.article_id, q.article_title, q.article_url, q.article_site, q.article_when
            )
            if q.text_key in distinct:
                distinct[q.text_key].sources.append(src)
            elif len(distinct) < QUOTES_PER_ACTOR:
                distinct[q.text_key] = DigestQuote(q.text, q.kind, q.cue, q.speaker_mention, [src])
        name = max((q.speaker or "" for q in qs), key=len)
        out.append(ActorQuotes(name, len(qs), list(distinct.values())))
    return out
