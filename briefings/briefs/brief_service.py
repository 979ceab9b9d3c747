"""Briefs over stored articles: one article, the latest few, a day, a topic.

Every line of a brief is a sentence copied from a stored article, with that
article's id, title and URL and the sentence's offsets, so a reader can always
check it against its source. Summarising runs off the event loop, in the worker
processes. A method that could read only part of a long input says so in the brief's
`notes` (e.g. "LexRank read only the first 600 of 24,310 sentences").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from briefings.errors import InputError, NotFoundError
from briefings.languages import summary_language
from briefings.models import Article
from briefings.settings import Settings
from briefings.store import Store
from briefings.summarize import DEFAULT_METHOD, METHODS, Document
from briefings.summarize.aio import asummarize_many_noted
from briefings.timeutil import Clock, local_day_bounds, utcnow, zone
from briefings.workers import WorkerPool

ONE_ARTICLE_SENTENCES = 3
MANY_ARTICLES_SENTENCES = 5
MAX_SENTENCES = 20
MAX_ARTICLES = 200


@dataclass(frozen=True, slots=True)
class BriefLine:
    text: str
    article_id: int
    article_title: str
    article_url: str | None
    start: int
    end: int


@dataclass(slots=True)
class Brief:
    heading: str
    lines: list[BriefLine]
    articles: list[Article] = field(default_factory=list)
    method: str = DEFAULT_METHOD
    # For the reader, shown with the brief: what the method left out, and why.
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.lines


def check_method(method: str | None) -> str | None:
    if method is None or method == "" or method == "default":
        return None
    m = method.strip().lower()
    if m not in METHODS:
        raise InputError(f"Unknown method {method!r}: choose one of {', '.join(METHODS)}.")
    return m


def check_sentences(n: int | None, default: int) -> int:
    if n is None:
        return default
    if not 1 <= n <= MAX_SENTENCES:
        raise InputError(f"Sentences must be between 1 and {MAX_SENTENCES}, not {n}.")
    return n


class BriefService:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Clock = utcnow,
        workers: WorkerPool | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.workers = workers  # None: the process-wide pool

    async def summarize(
        self, heading: str, articles: list[Article], sentences: int, method: str | None
    ) -> Brief:
        """Summarise `articles` together; lines keep their source article."""
        m = check_method(method)
        if not articles:
            return Brief(heading, [], [], m or DEFAULT_METHOD)
        docs = [Document(text=a.text, title=a.title) for a in articles]
        # The articles' language picks the stemmer, stop words and sentence model.
        language = summary_language(a.language for a in articles)
        summary = await asummarize_many_noted(
            docs, sentences, m, language=language, pool=self.workers
        )
        lines = [
            BriefLine(
                text=p.text,
                article_id=articles[p.doc].id,
                article_title=articles[p.doc].title,
                article_url=articles[p.doc].url,
                start=p.start,
                end=p.end,
            )
            for p in summary.picks
        ]
        return Brief(heading, lines, articles, m or DEFAULT_METHOD, summary.notes)

    async def article(
        self,
        guild_id: int,
        article_id: int,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        art = await self.store.article(guild_id, article_id)
        if art is None:
            raise NotFoundError(f"No article #{article_id} in this server.")
        n = check_sentences(sentences, ONE_ARTICLE_SENTENCES)
        return await self.summarize(art.title, [art], n, method)

    async def latest(
        self,
        guild_id: int,
        count: int = 5,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        if not 1 <= count <= MAX_ARTICLES:
            raise InputError(f"Count must be between 1 and {MAX_ARTICLES}, not {count}.")
        arts = await self.store.recent_articles(guild_id, count)
        n = check_sentences(
            sentences, ONE_ARTICLE_SENTENCES if len(arts) == 1 else MANY_ARTICLES_SENTENCES
        )
        heading = f"The latest {len(arts)} article(s)" if len(arts) != 1 else arts[0].title
        return await self.summarize(heading, arts, n, method)

    async def between(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        heading: str,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        arts = await self.store.articles_between(guild_id, start, end, MAX_ARTICLES)
        n = check_sentences(sentences, MANY_ARTICLES_SENTENCES)
        return await self.summarize(heading, arts, n, method)

    async def today(
        self,
        guild_id: int,
        sentences: int | None = None,
        method: str | None = None,
        timezone: str | None = None,
    ) -> Brief:
        tz_name = timezone or (await self.store.guild(guild_id)).timezone
        tz = zone(tz_name or self.settings.default_timezone)
        day = self.clock().astimezone(tz).date()
        start, end = local_day_bounds(day, tz)
        return await self.between(
            guild_id, start, end, f"Today, {day.isoformat()}", sentences, method
        )

    async def since(
        self,
        guild_id: int,
        since: datetime,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        until = self.clock() + timedelta(seconds=1)  # what came in this very second counts
        return await self.between(
            guild_id, since, until, f"Since {since:%Y-%m-%d %H:%M} UTC", sentences, method
        )

    async def topic(
        self,
        guild_id: int,
        query: str,
        count: int = 10,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        if not query or not query.strip():
            raise InputError("Give a topic to brief on, e.g. 'Afghanistan'.")
        hits = await self.store.search(guild_id, query, limit=min(count, MAX_ARTICLES))
        arts = [a for a, _ in hits]
        n = check_sentences(
            sentences, ONE_ARTICLE_SENTENCES if len(arts) == 1 else MANY_ARTICLES_SENTENCES
        )
        return await self.summarize(f"Topic: {query.strip()}", arts, n, method)
