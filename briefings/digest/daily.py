"""Daily digests: what a guild's day of news was, and when it is owed.

A digest for local date D with a schedule at HH:MM covers the 24 hours (23 or
25 on DST days) up to D's HH:MM, so every article lands in exactly one digest.
Without a schedule it covers the calendar day. Content: the day's stories
(articles from several outlets on one event grouped together), a
multi-document summary per story with its sources, and the top quotes by
actor.

Exactly-once posting lives here, not in the bot (`run_due`). A digest is posted
as a claim on (guild, date) in the store that records its progress message by
message: the claim first stores the rendered messages (the plan), then each
message is sent and its id recorded as soon as the chat service confirms it.
So a restart neither re-posts nor skips a digest: a digest missed while the
bot was down is posted late, once (up to one day back), and one interrupted
after message k of n (the process was stopped, killed, or a send failed) is
resumed with messages k+1..n only, by the next run of this process or, once the
claim's lease has run out, of any other. A channel that refuses the bot for
good (`ChannelRefused`) pauses the guild's schedule until it is set again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from briefings.briefs.brief_service import TOPIC_FLOOR, BriefLine, BriefService, topic_relevance
from briefings.digest.schedule import (
    ScheduleInfo,
    ScheduleStatus,
    due_days,
    scheduled_at,
    window_for,
)
from briefings.digest.stories import group_texts, rank_groups, story_sentences, story_title
from briefings.errors import ChannelRefused, InputError
from briefings.models import (
    Article,
    DigestSchedule,
    MessagePayload,
    PostedDigest,
    StoredQuote,
)
from briefings.quotebook.lookup import DigestQuote, QuoteSource
from briefings.settings import Settings
from briefings.store import Store
from briefings.store.store import DIGEST_LEASE
from briefings.summarize.vectors import terms
from briefings.text import sentences as split_sentences
from briefings.timeutil import Clock, parse_hhmm, utcnow, zone
from briefings.workers import default_pool

log = logging.getLogger(__name__)

MAX_ACTORS = 8
QUOTES_PER_ACTOR = 2
QUOTES_PER_STORY = 2
QUOTE_CHARS = 240
"""A quote in the digest is cut at a sentence boundary to about this many characters."""
SAME_LINE = 0.5
"""Term overlap (Jaccard) from which two lines of a story say the same thing."""
MAX_DIGEST_STORIES = 25
MIN_DIGEST_CHARS = 500
MAX_DIGEST_CHARS = 20_000
SOURCES_SHOWN = 6
"""Sources listed under a story; the rest are counted ("and 4 more")."""
MAX_ARTICLES = 100_000
"""Articles a digest reads: far above any real day, so none is dropped silently."""
MAX_TOPIC_HITS = 5_000
"""Search hits a topic digest reads (best first, all time) to find the day's matches."""
MAX_TOPIC_CHARS = 200
"""The longest topic query a schedule takes."""


@dataclass(slots=True)
class Story:
    headline: str
    articles: list[Article]
    lines: list[BriefLine]
    quotes: list[StoryQuote] = field(default_factory=list)

    @property
    def outlets(self) -> int:
        return len({a.site or f"#{a.id}" for a in self.articles})


@dataclass(slots=True)
class StoryQuote:
    """One quote under its story: the speaker, the quote cut to a sentence or two."""

    speaker: str
    text: str
    kind: str
    article_id: int
    url: str | None
    is_organisation: bool = False
    """The speaker is an organisation (shown marked, after the people)."""


@dataclass(slots=True)
class ActorQuotes:
    name: str
    quote_count: int
    quotes: list[DigestQuote]
    is_organisation: bool = False


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
    full: bool = False
    topic: str | None = None  # a topic digest: only the stories matching this query
    threads: bool = False  # each story is posted in its own thread

    @property
    def title(self) -> str:
        if self.topic:
            return f"Daily briefing on {self.topic} for {self.day:%A %d %B %Y}"
        return f"Daily briefing for {self.day:%A %d %B %Y}"

    @property
    def empty(self) -> bool:
        return self.article_count == 0


RenderDigest = Callable[[DailyDigest], list[MessagePayload]]
"""A digest as the messages to post, in order, each JSON-ready (it is stored as the plan)."""

SendMessage = Callable[[int, MessagePayload], Awaitable[int]]
"""Post one planned message to a channel; returns the message id once it was accepted.
Raises `ChannelRefused` when the channel refuses the bot for good, anything else for a
failure worth retrying."""


class _ClaimLost(Exception):
    """Another process took the claim over (our lease ran out): stop posting."""


class DigestService:
    def __init__(
        self,
        store: Store,
        briefs: BriefService,
        settings: Settings,
        clock: Clock = utcnow,
        *,
        lease: timedelta = DIGEST_LEASE,
    ) -> None:
        self.store = store
        self.briefs = briefs
        self.settings = settings
        self.clock = clock
        self.lease = lease
        # Names this process's digest claims (readable in the database when debugging).
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    # ------------------------------------------------------------------ schedule
    async def schedule(
        self,
        guild_id: int,
        channel_id: int,
        time_hhmm: str,
        timezone: str,
        *,
        topic: str | None = None,
        threads: bool = False,
    ) -> ScheduleStatus:
        """Create the guild's digest for this channel and time, or update it (zone, topic,
        threads; a paused one resumes); its status."""
        hhmm = parse_hhmm(time_hhmm)
        zone(timezone)  # validates the name
        topic = check_topic(topic)
        sched = await self.store.set_digest_schedule(
            guild_id, channel_id, hhmm, timezone, set_at=self.clock(), topic=topic, threads=threads
        )
        return await self._status_of(sched)

    async def off(self, guild_id: int, schedule_id: int | None = None) -> bool:
        """Turn one of the guild's digests off (by id), or all of them."""
        return await self.store.disable_digest(guild_id, schedule_id)

    async def status(self, guild_id: int) -> ScheduleStatus:
        """The status of the guild's last set digest (see `schedules` for all of them)."""
        scheds = await self.store.digest_schedules(guild_id)
        if not scheds:
            g = await self.store.guild(guild_id)
            tz_name = g.timezone or self.settings.default_timezone
            last = await self.store.last_posted_digest(guild_id)
            return ScheduleStatus(
                False, None, None, tz_name, None, last.digest_date if last else None
            )
        chosen = max(scheds, key=lambda x: (x.enabled, x.set_at or self.clock(), x.id))
        return await self._status_of(chosen)

    async def schedules(self, guild_id: int) -> list[ScheduleInfo]:
        """Every digest schedule of the guild with its next run: what `/digest list` shows."""
        out = []
        for sched in await self.store.digest_schedules(guild_id):
            st = await self._status_of(sched)
            out.append(ScheduleInfo(sched, st.timezone, st.next_run, st.last_posted))
        return out

    async def _status_of(self, sched: DigestSchedule) -> ScheduleStatus:
        tz_name = sched.timezone or self.settings.default_timezone
        last = await self.store.last_posted_digest(sched.guild_id, sched.id)
        next_run = None
        if sched.enabled and sched.paused_reason is None:
            tz = zone(tz_name)
            now = self.clock()
            today = now.astimezone(tz).date()
            for day in (today, today + timedelta(days=1)):
                at = scheduled_at(day, sched.time, tz)
                posted = await self.store.posted_digest(sched.guild_id, day.isoformat(), sched.id)
                if at > now and (posted is None or not posted.done):
                    next_run = at
                    break
        return ScheduleStatus(
            sched.enabled,
            sched.channel_id,
            sched.time,
            tz_name,
            next_run,
            last.digest_date if last else None,
            sched.paused_reason if sched.enabled else None,
            schedule_id=sched.id,
            topic=sched.topic,
            threads=sched.threads,
        )

    # ------------------------------------------------------------------ content
    async def build(
        self, guild_id: int, day: date | None = None, *, full: bool = False
    ) -> DailyDigest:
        """The digest of a local date (default: today in the guild's time zone); `full`:
        every story of the day, not only those within the length budget."""
        g = await self.store.guild(guild_id)
        tz_name = g.timezone or self.settings.default_timezone
        tz = zone(tz_name)
        day = day or self.clock().astimezone(tz).date()
        start, end = window_for(day, g.digest_time if g.digest_enabled else None, tz)
        return await self.build_window(guild_id, day, start, end, tz_name, full=full)

    async def build_for(self, sched: DigestSchedule, day: date) -> DailyDigest:
        """The digest a schedule owes for a local date: its 24 hours, its topic."""
        tz_name = sched.timezone or self.settings.default_timezone
        start, end = window_for(day, sched.time, zone(tz_name))
        digest = await self.build_window(
            sched.guild_id, day, start, end, tz_name, topic=sched.topic
        )
        digest.threads = sched.threads
        return digest

    async def preview(self, guild_id: int, *, full: bool = False) -> DailyDigest:
        """What a digest posted right now would hold: the last 24 hours."""
        g = await self.store.guild(guild_id)
        tz_name = g.timezone or self.settings.default_timezone
        now = self.clock()
        day = now.astimezone(zone(tz_name)).date()
        end = now + timedelta(seconds=1)  # include what came in this very second
        return await self.build_window(
            guild_id, day, end - timedelta(days=1), end, tz_name, full=full
        )

    async def build_window(
        self,
        guild_id: int,
        day: date,
        start: datetime,
        end: datetime,
        tz_name: str,
        *,
        full: bool = False,
        topic: str | None = None,
    ) -> DailyDigest:
        """The stories of [start, end), most covered first, within the length budget
        (`Settings.digest_max_stories` and `digest_max_chars`) unless `full`; the stories
        left out are counted in `more_stories`, never dropped silently. With `topic`, only
        the articles the topic matches (`on_topic`)."""
        articles = await self.store.articles_between(guild_id, start, end, MAX_ARTICLES)
        if topic:
            articles = await self.on_topic(guild_id, topic, articles)
        digest = DailyDigest(
            guild_id,
            day,
            start,
            end,
            tz_name,
            article_count=len(articles),
            full=full,
            topic=topic,
        )
        if not articles:
            return digest
        groups = await self.group(articles)
        quotes = await self.store.quotes_in_articles(guild_id, [a.id for a in articles])
        by_article: dict[int, list[StoredQuote]] = {}
        for q in quotes:
            by_article.setdefault(q.article_id, []).append(q)
        stories, chars = await self.length(guild_id)
        max_stories = len(groups) if full else stories
        budget = None if full else chars
        if full:  # every story: summarised side by side in the workers
            digest.stories = list(
                await asyncio.gather(
                    *(self.story([articles[i] for i in g], by_article) for g in groups)
                )
            )
        used = 0
        for idxs in [] if full else groups[:max_stories]:
            story = await self.story([articles[i] for i in idxs], by_article)
            if not story.lines:
                continue  # nothing to say (a page of furniture): counted, not shown
            size = story_chars(story)
            if budget is not None and digest.stories and used + size > budget:
                break
            used += size
            digest.stories.append(story)
        digest.more_stories = len(groups) - len(digest.stories)
        shown = {a.id for s in digest.stories for a in s.articles}
        digest.actors = top_quotes([q for q in quotes if q.article_id in shown])
        return digest

    async def on_topic(self, guild_id: int, topic: str, articles: list[Article]) -> list[Article]:
        """The articles a topic matches as `/brief topic` finds them: a full-text search
        hit at or above the relevance floor (`TOPIC_FLOOR`)."""
        if not articles:
            return []
        hits = await self.store.search(guild_id, topic, limit=MAX_TOPIC_HITS)
        wanted = {a.id for a in articles}
        found = [a for a, _ in hits if a.id in wanted]
        pool = self.briefs.workers or default_pool()
        docs = [(a.title, a.text) for a in found]
        scores = await pool.run_sized(sum(len(x) for _, x in docs), topic_relevance, topic, docs)
        keep = {a.id for a, sc in zip(found, scores, strict=True) if sc >= TOPIC_FLOOR}
        return [a for a in articles if a.id in keep]

    async def length(self, guild_id: int) -> tuple[int, int]:
        """The guild's digest length: (stories, characters), its own or the defaults."""
        stories, chars = await self.store.digest_length(guild_id)
        return (
            stories or self.settings.digest_max_stories,
            chars or self.settings.digest_max_chars,
        )

    async def set_length(
        self, guild_id: int, stories: int | None, chars: int | None
    ) -> tuple[int, int]:
        """Set a guild's digest length (None: back to the default); the length now."""
        if stories is not None and not 1 <= stories <= MAX_DIGEST_STORIES:
            raise InputError(f"Stories must be from 1 to {MAX_DIGEST_STORIES}, not {stories}.")
        if chars is not None and not MIN_DIGEST_CHARS <= chars <= MAX_DIGEST_CHARS:
            raise InputError(
                f"Length must be from {MIN_DIGEST_CHARS} to {MAX_DIGEST_CHARS} characters, "
                f"not {chars}."
            )
        await self.store.set_digest_length(guild_id, stories, chars)
        return await self.length(guild_id)

    async def group(self, articles: list[Article]) -> list[list[int]]:
        """The articles' stories, most covered first; the grouping runs in a worker."""
        pool = self.briefs.workers or default_pool()
        titles = [a.title for a in articles]
        texts = [a.text for a in articles]
        size = sum(len(t) for t in texts)
        groups = await pool.run_sized(size, group_texts, titles, texts)
        return rank_groups(groups, articles)

    async def story(self, members: list[Article], quotes: dict[int, list[StoredQuote]]) -> Story:
        members = sorted(members, key=lambda a: a.when)
        k = story_sentences(len(members))
        title = story_title([a.title for a in members])
        # Ask for a few more lines than shown, so dropping repeats still leaves k.
        brief = await self.briefs.summarize(title, members, k + 2, None)
        lines = distinct_lines(brief.lines, title)[:k]
        story_quotes = story_quotes_of([q for a in members for q in quotes.get(a.id, [])])
        return Story(title, members, lines, story_quotes)

    # ------------------------------------------------------------------ posting
    async def run_due(self, render: RenderDigest, send: SendMessage) -> list[tuple[int, date]]:
        """Post every digest that is owed now, each message once; returns what was completed
        as (guild, date) pairs.

        For each owed (schedule, date) the digest is claimed in the store (or an unfinished
        claim resumed, see `Store.claim_digest`), rendered once into its messages (the
        plan, stored with the claim, so a resumed post sends the same messages even if
        articles came in since), and the messages not yet sent are sent in order.

        Each message is recorded right after `send` returns its id, never before: a process
        dying between the two (or a send whose answer never arrived) makes the resumed post
        send that one message again, so the worst case is one message posted twice, and
        no message is ever lost. While it posts, a heartbeat renews the claim's lease.

        A failed `send` gives the claim up with its progress, and the next run resumes it;
        `ChannelRefused` instead marks it failed and pauses that schedule (no more attempts
        until it is set again; the guild's other schedules go on). If this run is cancelled
        (the process is stopping), the claim is given up the same way, so a restart
        resumes it at once.

        Threads (a schedule with `threads`): a planned message with a "thread" key is a
        story's first message; once it is recorded, a thread is opened on it by sending
        `{"open_thread": {"message_id": id, "name": name}}` (the id of the thread comes
        back) and that id is recorded before anything goes into the thread; messages with
        "in_thread": k are sent into the thread opened on message k. A resumed digest
        reuses the recorded thread, so no thread is ever opened twice.

        Only guilds on this process's shards (`Settings.shards`) are looked at.
        """
        now = self.clock()
        done: list[tuple[int, date]] = []
        shards = self.settings.shards
        for sched in await self.store.active_schedules():
            if not shards.owns(sched.guild_id):
                continue  # another process runs this guild's shard
            g = sched.as_guild()
            for day in due_days(g, now, self.settings.default_timezone):
                posted = await self.store.posted_digest(sched.guild_id, day.isoformat(), sched.id)
                if posted is not None and _settled(posted, now):
                    continue
                try:
                    if await self._post(sched, day, render, send):
                        done.append((sched.guild_id, day))
                except ChannelRefused:
                    break  # the schedule is paused: its other day would fail too
        return done

    async def _post(
        self, sched: DigestSchedule, day: date, render: RenderDigest, send: SendMessage
    ) -> bool:
        """Claim, plan and post one digest; True when it is now complete."""
        key = day.isoformat()
        gid, sid = sched.guild_id, sched.id
        claim = await self.store.claim_digest(
            gid, key, sched.channel_id, self.token, lease=self.lease, schedule_id=sid
        )
        if claim is None:
            return False  # done meanwhile, or another process holds a live claim
        heartbeat = asyncio.create_task(self._heartbeat(gid, key, sid))
        try:
            await self._send_missing(sched, day, claim, render, send)
        except ChannelRefused as err:
            log.warning(
                "the %s digest #%s of guild %s: %s; pausing that schedule",
                key,
                sid,
                gid,
                err.reason,
            )
            await self.store.fail_digest(gid, key, err.reason, self.token, schedule_id=sid)
            raise
        except _ClaimLost:
            log.warning("the %s digest #%s of guild %s was taken over", key, sid, gid)
            return False
        except Exception:
            log.exception("posting the %s digest #%s of guild %s failed", key, sid, gid)
            await self.store.release_digest(gid, key, self.token, schedule_id=sid)
            return False
        except BaseException:  # cancelled: the process is stopping
            with contextlib.suppress(Exception):  # the store may be closing already
                await self.store.release_digest(gid, key, self.token, schedule_id=sid)
            raise
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await heartbeat
        return await self.store.finish_digest(gid, key, token=self.token, schedule_id=sid)

    async def _send_missing(
        self,
        sched: DigestSchedule,
        day: date,
        claim: PostedDigest,
        render: RenderDigest,
        send: SendMessage,
    ) -> None:
        key = day.isoformat()
        gid, sid = sched.guild_id, sched.id
        if claim.plan is None:
            digest = await self.build_for(sched, day)
            planned = await self.store.plan_digest(
                gid, key, self.token, render(digest), lease=self.lease, schedule_id=sid
            )
            if planned is None:
                raise _ClaimLost
            claim = planned
        plan = claim.plan or ()
        channel_id = claim.channel_id or sched.channel_id
        if claim.message_ids:
            log.info(
                "resuming the %s digest #%s of guild %s after message %d of %d",
                key,
                sid,
                gid,
                len(claim.message_ids),
                len(plan),
            )
        ids = list(claim.message_ids)
        threads = dict(claim.threads)
        for k in range(len(plan)):
            if k >= len(ids):
                target = channel_id
                inside = plan[k].get("in_thread")
                if isinstance(inside, int):
                    target = threads.get(inside) or await self._open_thread(
                        sched, key, channel_id, plan, ids, threads, inside, send
                    )
                message_id = await send(target, plan[k])
                # Recorded at once: a crash before this line re-sends message k, never loses it.
                if not await self.store.record_digest_message(
                    gid, key, self.token, k, message_id, lease=self.lease, schedule_id=sid
                ):
                    raise _ClaimLost
                ids.append(message_id)
            if "thread" in plan[k] and k not in threads:
                await self._open_thread(sched, key, channel_id, plan, ids, threads, k, send)

    async def _open_thread(
        self,
        sched: DigestSchedule,
        key: str,
        channel_id: int,
        plan: tuple[MessagePayload, ...],
        ids: list[int],
        threads: dict[int, int],
        k: int,
        send: SendMessage,
    ) -> int:
        """Open the thread of story message k (sent as ids[k]) and record it at once."""
        spec = plan[k].get("thread") or {}
        name = str(spec.get("name") or "Story")[:100]
        thread_id = await send(channel_id, {"open_thread": {"message_id": ids[k], "name": name}})
        articles = [int(x) for x in spec.get("articles", [])]
        if not await self.store.record_digest_thread(
            sched.guild_id,
            key,
            self.token,
            k,
            thread_id,
            articles,
            lease=self.lease,
            schedule_id=sched.id,
        ):
            raise _ClaimLost
        threads[k] = thread_id
        return thread_id

    async def _heartbeat(self, guild_id: int, key: str, schedule_id: int) -> None:
        """Renew the claim's lease while posting takes long (a slow build, rate limits)."""
        interval = max(self.lease.total_seconds() / 4, 1.0)
        while True:
            await asyncio.sleep(interval)
            try:
                if not await self.store.renew_digest_claim(
                    guild_id, key, self.token, lease=self.lease, schedule_id=schedule_id
                ):
                    return
            except Exception:
                log.warning("could not renew the %s digest claim", key, exc_info=True)
                return


def check_topic(topic: str | None) -> str | None:
    """A schedule's topic query, trimmed; None for none. Refuses what cannot match."""
    if topic is None or not topic.strip():
        return None
    topic = " ".join(topic.split())
    if len(topic) > MAX_TOPIC_CHARS:
        raise InputError(f"A topic may be at most {MAX_TOPIC_CHARS} characters.")
    if not terms(topic):
        raise InputError("The topic needs at least one word.")
    return topic


def _settled(posted: PostedDigest, now: datetime) -> bool:
    """Nothing to do for this digest now: done, or being posted under a live lease."""
    if posted.done:
        return True
    return posted.state == "posting" and posted.lease_until is not None and posted.lease_until > now


def _terms(text: str) -> set[str]:
    return set(terms(text))


def distinct_lines(lines: list[BriefLine], headline: str) -> list[BriefLine]:
    """`lines` without those that say what an earlier line (or the headline) said: two
    outlets' lead sentences of one story usually repeat its lead fact."""
    seen = [_terms(headline)] if headline else []
    out = []
    for ln in lines:
        t = _terms(ln.text)
        if any(t and len(t & s) / len(t | s) >= SAME_LINE for s in seen if s):
            continue
        seen.append(t)
        out.append(ln)
    return out


def trim_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quote cut to its first sentence or two within `limit` characters, ending in an
    ellipsis when something was cut; a first sentence longer than that is cut at a word."""
    text = " ".join(text.split())
    parts = split_sentences(text)
    kept = ""
    for part in parts[:2]:
        joined = f"{kept} {part}".strip()
        if len(joined) > limit:
            break
        kept = joined
    if not kept:
        kept = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return kept if len(kept) >= len(text) else kept + " …"


def story_quotes_of(quotes: list[StoredQuote]) -> list[StoryQuote]:
    """Quotes of one story: at most one per speaker and `QUOTES_PER_STORY` in all, people
    before organisations (a reader wants who said it), direct quotes first, then by how
    many of the story's quotes the speaker has."""
    by_person: dict[str, list[StoredQuote]] = {}
    for q in quotes:
        if q.speaker:
            key = q.speaker if q.actor_id is None else f"#{q.actor_id}"
            by_person.setdefault(key, []).append(q)
    kind_rank = {"direct": 0, "mixed": 1, "indirect": 2}
    out = []
    for qs in sorted(
        by_person.values(), key=lambda qs: (_is_org(qs), -len(qs), qs[0].speaker or "")
    ):
        best = min(qs, key=lambda q: (kind_rank.get(q.kind, 3), abs(len(q.text) - 160)))
        name = max((q.speaker or "" for q in qs), key=len)
        out.append(
            StoryQuote(
                name,
                trim_quote(best.text),
                best.kind,
                best.article_id,
                best.article_url,
                is_organisation=_is_org(qs),
            )
        )
        if len(out) >= QUOTES_PER_STORY:
            break
    return out


def story_chars(story: Story) -> int:
    """About how many characters a story takes when shown (for the length budget)."""
    sources = sum(len(a.site or a.title[:40]) + 8 for a in story.articles[:SOURCES_SHOWN])
    return (
        len(story.headline)
        + sum(len(ln.text) + 10 for ln in story.lines)
        + sum(len(q.speaker) + len(q.text) + 12 for q in story.quotes)
        + sources
    )


def top_quotes(quotes: list[StoredQuote]) -> list[ActorQuotes]:
    """The most quoted speakers of the day with their strongest distinct quotes: people
    first, then organisations, each by how often they were quoted."""
    by_actor: dict[str, list[StoredQuote]] = {}
    for q in quotes:
        if q.speaker:
            key = q.speaker if q.actor_id is None else f"#{q.actor_id}"
            by_actor.setdefault(key, []).append(q)
    ranked = sorted(by_actor.values(), key=lambda qs: (_is_org(qs), -len(qs), qs[0].speaker or ""))
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
        out.append(ActorQuotes(name, len(qs), list(distinct.values()), _is_org(qs)))
    return out


def _is_org(quotes: list[StoredQuote]) -> bool:
    """Whether the speaker of these quotes (one actor) is an organisation."""
    return any(q.actor_kind == "organisation" for q in quotes)
