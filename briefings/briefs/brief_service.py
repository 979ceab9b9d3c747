"""Briefs over stored articles: one article, the latest few, a day, a topic.

A brief of several articles is story-shaped: the articles are grouped into stories
with the digest's grouping (`briefings.digest.stories`), most covered first, and each
story has its title, its summary sentences and its sources. A topic brief keeps only
articles about the topic (`TOPIC_FLOOR`), and an empty brief says why it is empty
(`Brief.empty_reason`), so a reader is never blamed for an empty day.

Every line of a brief is a sentence copied from a stored article, with that
article's id, title and URL and the sentence's offsets, so a reader can always
check it against its source. Summarising runs off the event loop, in the worker
processes. A method that could read only part of a long input says so in the brief's
`notes` (e.g. "LexRank read only the first 600 of 24,310 sentences").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from briefings.errors import InputError, NotFoundError
from briefings.languages import summary_language
from briefings.models import Article
from briefings.settings import Settings
from briefings.store import Store
from briefings.summarize import DEFAULT_METHOD, METHODS, Document
from briefings.summarize.aio import asummarize_many_noted
from briefings.summarize.vectors import terms
from briefings.timeutil import Clock, local_day_bounds, utcnow, zone
from briefings.workers import WorkerPool, default_pool

ONE_ARTICLE_SENTENCES = 3
MANY_ARTICLES_SENTENCES = 5
MAX_SENTENCES = 20
MAX_ARTICLES = 200
DAY_ARTICLES = 2_000
"""Articles a day's brief reads (more are counted in the brief's notes, never dropped
silently)."""
TOPIC_FLOOR = 0.6
"""Share of a topic's words an article must contain to be about it: "climate change"
needs both words, so an article that only mentions a change is left out."""

# Why a brief is empty: nothing stored at all, nothing in the period asked for, or
# nothing about the topic. Renderers word these for their readers.
NONE_STORED = "none_stored"
NONE_IN_PERIOD = "none_in_period"
NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class BriefLine:
    text: str
    article_id: int
    article_title: str
    article_url: str | None
    start: int
    end: int


@dataclass(slots=True)
class BriefStory:
    """One story of a multi-article brief: its articles (sources) and summary lines."""

    title: str
    lines: list[BriefLine]
    articles: list[Article]


@dataclass(slots=True)
class Brief:
    heading: str
    lines: list[BriefLine]
    articles: list[Article] = field(default_factory=list)
    method: str = DEFAULT_METHOD
    # For the reader, shown with the brief: what the method left out, and why.
    notes: list[str] = field(default_factory=list)
    # A multi-article brief's stories, most covered first (their lines are `lines`).
    stories: list[BriefStory] = field(default_factory=list)
    # Why the brief is empty (NONE_STORED, NONE_IN_PERIOD, NO_MATCH), and what helps then.
    empty_reason: str | None = None
    latest_at: datetime | None = None  # the newest stored article's date, if any
    query: str | None = None
    off_topic: int = 0  # search hits left out for being below the relevance floor

    @property
    def empty(self) -> bool:
        return not self.lines


METHOD_HELP: dict[str, str] = {
    "news": "news-aware: leads, no repeats, sources take turns (default)",
    "lead": "the first sentences, as the article opens",
    "lexrank": "LexRank: the most central sentences",
    "textrank": "TextRank: sentences most like the others",
    "lsa": "LSA: sentences covering the main topics",
    "luhn": "Luhn: sentences dense in frequent words",
    "edmundson": "Edmundson: cue words, title words, position",
    "kl": "KL-Sum: a summary whose words match the text's",
    "sumbasic": "SumBasic: frequent words, without repeats",
    "reduction": "Reduction: graph of sentence overlap",
}
"""One short line per summarizer for people choosing one (`/brief ... method:`)."""


def method_choices() -> list[tuple[str, str]]:
    """(label, method) for every method, the default first: what a chooser shows."""
    ordered = [DEFAULT_METHOD, *(m for m in METHODS if m != DEFAULT_METHOD)]
    return [(f"{m}: {METHOD_HELP.get(m, m)}", m) for m in ordered]


def topic_relevance(query: str, docs: list[tuple[str, str]]) -> list[float]:
    """For each (title, text): the share of the query's distinct terms it contains."""
    wanted = set(terms(query))
    if not wanted:
        return [0.0 for _ in docs]
    return [len(wanted & set(terms(f"{t}\n{x}"))) / len(wanted) for t, x in docs]


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

    @property
    def pool(self) -> WorkerPool:
        return self.workers or default_pool()

    async def stories(
        self, heading: str, articles: list[Article], sentences: int | None, method: str | None
    ) -> Brief:
        """A story-shaped brief: `articles` grouped into stories (the digest's grouping,
        in a worker), most covered first, each summarised on its own (`sentences` per
        story, by default 2 for one article and 3 for several)."""
        # Imported here: briefings.digest imports this module (its digests are briefs).
        from briefings.digest.stories import (
            group_texts,
            rank_groups,
            story_sentences,
            story_title,
        )

        m = check_method(method)
        if len(articles) <= 1:
            n = check_sentences(sentences, ONE_ARTICLE_SENTENCES)
            brief = await self.summarize(heading, articles, n, m)
            if articles:
                brief.stories = [BriefStory(articles[0].title, brief.lines, articles)]
            return brief
        if sentences is not None:
            check_sentences(sentences, 0)
        size = sum(len(a.text) for a in articles)
        groups = await self.pool.run_sized(
            size, group_texts, [a.title for a in articles], [a.text for a in articles]
        )
        groups = rank_groups(groups, articles)
        members = [sorted((articles[i] for i in g), key=lambda a: a.when) for g in groups]
        titles = [story_title([a.title for a in ms]) for ms in members]
        briefs = await asyncio.gather(
            *(
                self.summarize(t, ms, sentences or story_sentences(len(ms)), m)
                for t, ms in zip(titles, members, strict=True)
            )
        )
        stories = [
            BriefStory(t, b.lines, ms) for t, ms, b in zip(titles, members, briefs, strict=True)
        ]
        notes = list(dict.fromkeys(n for b in briefs for n in b.notes))
        lines = [ln for st in stories for ln in st.lines]
        return Brief(heading, lines, articles, m or DEFAULT_METHOD, notes, stories)

    async def _empty(self, guild_id: int, heading: str, reason: str | None = None) -> Brief:
        """An empty brief that says why: nothing stored, or nothing in the period."""
        newest = await self.store.recent_articles(guild_id, 1)
        return Brief(
            heading,
            [],
            empty_reason=reason or (NONE_IN_PERIOD if newest else NONE_STORED),
            latest_at=newest[0].when if newest else None,
        )

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
        check_method(method)
        check_sentences(sentences, 1)
        arts = await self.store.recent_articles(guild_id, count)
        if not arts:
            return await self._empty(guild_id, "Latest news", NONE_STORED)
        if len(arts) == 1:
            return await self.stories(arts[0].title, arts, sentences, method)
        brief = await self.stories("Latest news", arts, sentences, method)
        brief.heading = f"Latest news: {_stories(len(arts), len(brief.stories))}"
        return brief

    async def between(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        heading: str,
        sentences: int | None = None,
        method: str | None = None,
    ) -> Brief:
        check_method(method)
        check_sentences(sentences, 1)
        arts = await self.store.articles_between(guild_id, start, end, DAY_ARTICLES + 1)
        more = len(arts) - DAY_ARTICLES
        arts = arts[:DAY_ARTICLES]
        if not arts:
            return await self._empty(guild_id, heading)
        brief = await self.stories(heading, arts, sentences, method)
        brief.heading = f"{heading}: {_stories(len(arts), len(brief.stories))}"
        if more > 0:
            brief.notes.append(
                f"read the first {DAY_ARTICLES} articles of the period; more came later"
            )
        return brief

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
        query = query.strip()
        check_method(method)
        check_sentences(sentences, 1)
        hits = await self.store.search(guild_id, query, limit=min(count, MAX_ARTICLES))
        docs = [(a.title, a.text) for a, _ in hits]
        scores = await self.pool.run_sized(
            sum(len(x) for _, x in docs), topic_relevance, query, docs
        )
        arts = [a for (a, _), sc in zip(hits, scores, strict=True) if sc >= TOPIC_FLOOR]
        heading = f"Topic: {query}"
        if not arts:
            brief = await self._empty(guild_id, heading, NO_MATCH)
        else:
            brief = await self.stories(heading, arts, sentences, method)
            if len(arts) > 1:
                brief.heading = f"{heading}: {_stories(len(arts), len(brief.stories))}"
        brief.query = query
        brief.off_topic = len(hits) - len(arts)
        return brief


def _stories(articles: int, stories: int) -> str:
    a = "1 article" if articles == 1 else f"{articles} articles"
    s = "1 story" if stories == 1 else f"{stories} stories"
    return f"{a} in {s}"
