"""Getting articles in: pasted text, files, URLs; dedup; analysis; storage.

Each entry point validates its input completely before anything is written,
so bad input gives one clear line (`BriefingsError`) and stores nothing, and a
stored article always comes with its sentences and quotes (one transaction).

The CPU work on a large input (decoding, HTML extraction, Markdown stripping, text
clean-up, analysis) runs in the worker processes (`briefings.workers`), never on the
event loop; small inputs are handled inline.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from briefings.errors import BriefingsError, InputError
from briefings.ingest.analysis import Analysis, analyze_async
from briefings.ingest.shared_reads import SharedReads
from briefings.languages import quotes_unsupported_note
from briefings.models import Article
from briefings.quotes.actors import actors_for
from briefings.quotes.confidence import DEFAULT_MIN_CONFIDENCE
from briefings.settings import Settings
from briefings.store import NewArticle, Store, text_fingerprint
from briefings.text import normalize_text, word_count
from briefings.timeutil import Clock, utcnow
from briefings.web.decode import decode_bytes
from briefings.web.feed_parse import looks_like_feed
from briefings.web.fetch import Fetcher, FetchResult
from briefings.web.html_text import Extracted, extract_html, guess_title, markdown_to_text
from briefings.web.urls import canonical_url, parse_http_url
from briefings.workers import WorkerPool, default_pool

log = logging.getLogger(__name__)

MIN_WORDS = 3
PUBLIC_ANALYSES_KEPT = 256
"""Analyses of public pages kept for other guilds (about 20 KB each for a long article)."""
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


Keep = Callable[[str, str], bool]
"""A feed's filter as a predicate of (title, text): picklable (it runs in a worker for a
long text), e.g. the bound `FeedFilter.keeps` of `briefings.feeds.filters`."""


class FilteredOut(BriefingsError):
    """The article does not pass its feed's filter (`briefings.feeds.filters`): not stored."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input: the article it is stored as, and what was found."""

    article: Article
    created: bool
    sentence_count: int
    quotes_by_actor: dict[str, int] = field(default_factory=dict)

    @property
    def duplicate(self) -> bool:
        return not self.created

    def summary_line(self) -> str:
        """One line for people, e.g. for the CLI and the bot's reply."""
        a = self.article
        if not self.created:
            return f"Already stored as article #{a.id}: {a.title}"
        quotes = sum(self.quotes_by_actor.values())
        who = ", ".join(f"{n} ({c})" for n, c in self.quotes_by_actor.items())
        tail = f"; {quotes} quote(s): {who}" if quotes else "; no attributed quotes"
        note = quotes_unsupported_note(a.language)
        if note and not quotes:
            tail = f"; {note}"
        return f"Stored article #{a.id}: {a.title} ({self.sentence_count} sentences{tail})"


class Ingestor:
    """Ingestion for one store; the bot and the CLI share an instance of it."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        settings: Settings,
        clock: Clock = utcnow,
        workers: WorkerPool | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.settings = settings
        self.clock = clock
        self._workers = workers
        # Called with each newly stored article (e.g. follows queue their alerts); a
        # failing listener is logged and never fails the ingest.
        self.listeners: list[Callable[[Article], Awaitable[object]]] = []
        # The analyses of texts read from public pages, by content hash: a page several
        # guilds ingest (a shared feed's entry, a popular link) is analysed once. Only
        # public text goes in: what a guild pastes or uploads is analysed on its own.
        self._public_analyses = SharedReads(keep=PUBLIC_ANALYSES_KEPT)

    async def aclose(self) -> None:
        """Stop analyses nobody waits for any more (the app is closing)."""
        await self._public_analyses.close()

    @property
    def workers(self) -> WorkerPool:
        """The worker processes for CPU work (the feed poller uses them too)."""
        return self._workers or default_pool()

    # ------------------------------------------------------------------ entry points
    async def text(
        self,
        guild_id: int,
        text: str,
        *,
        title: str | None = None,
        source: str = "text",
        feed_id: int | None = None,
        published_at: datetime | None = None,
        keep: Keep | None = None,
    ) -> IngestResult:
        """Store pasted text. Without a title, a short first line serves as one.

        With `keep` (a feed's filter), text that does not pass it raises `FilteredOut`."""
        if text is None or not text.strip():
            raise InputError("The text is empty: paste the article's text.")
        if "\x00" in text:
            raise InputError("The text contains binary data, not an article.")
        body, heading = await self.workers.run_sized(len(text), _body_and_title, text, title)
        return await self._store(
            NewArticle(
                guild_id=guild_id,
                title=heading,
                text=body,
                source=source,
                feed_id=feed_id,
                published_at=published_at,
            ),
            keep,
        )

    async def file(self, guild_id: int, filename: str, data: bytes) -> IngestResult:
        """Store an uploaded or local file: .txt, .md or .html, any common encoding."""
        name = Path(filename or "article.txt").name
        suffix = Path(name).suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            kinds = ", ".join(sorted(TEXT_SUFFIXES))
            raise InputError(f"{name} is not a text article: send one of {kinds}.")
        if len(data) > self.settings.fetch_max_bytes:
            raise InputError(
                f"{name} is too large ({len(data) // 1024} KB; the limit is "
                f"{self.settings.fetch_max_bytes // 1024} KB)."
            )
        if not data.strip():
            raise InputError(f"{name} is empty.")
        if suffix in {".html", ".htm", ".xhtml"}:
            ex = await self.workers.run_sized(len(data), _html_file, data, name)
            return await self._store_extracted(guild_id, ex, source="file", fallback_title=name)
        if suffix in {".md", ".markdown"}:
            body, heading = await self.workers.run_sized(len(data), _markdown_file, data, name)
            return await self.text(guild_id, body, title=heading, source="file")
        raw = await self.workers.run_sized(len(data), decode_bytes, data, what=name)
        return await self.text(guild_id, raw, source="file")

    async def path(self, guild_id: int, path: str | Path) -> IngestResult:
        """Store a local file by path (the CLI's `ingest FILE`)."""
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p} does not exist.")
        if not p.is_file():
            raise InputError(f"{p} is not a file.")
        return await self.file(guild_id, p.name, p.read_bytes())

    async def url(
        self,
        guild_id: int,
        url: str,
        *,
        feed_id: int | None = None,
        fallback: Extracted | None = None,
        published_at: datetime | None = None,
        keep: Keep | None = None,
        shared: SharedReads | None = None,
    ) -> IngestResult:
        """Fetch a web page and store its main text.

        A URL already stored (same canonical form) is not fetched again. With
        `fallback` (a feed entry's own text), a page that cannot be read still
        yields an article. `published_at` (a feed entry's date) is kept over the
        page's own date. With `shared` (a feed poll cycle's memo), the page is fetched
        and read, and its text analysed, once for all the guilds that ingest it.
        """
        checked = parse_http_url(url)
        canon = canonical_url(checked)
        known = await self._already_stored(guild_id, canonical_url=canon)
        if known is not None:
            return known
        try:
            if shared is None:
                ex, final = await self._fetch_article(checked)
            else:
                ex, final = await shared.get("page", checked, lambda: self._fetch_article(checked))
        except BriefingsError as exc:
            if fallback is None:
                raise
            log.info("page %s unreadable (%s); using the feed entry's text", checked, exc)
            ex, final = fallback, checked
        if published_at is not None:
            # The feed's own date for its entry wins: a page's date is often its last
            # modification, sometimes weeks later.
            ex = replace(ex, published_at=published_at)
        page_canon = _trusted_canonical(ex.canonical_url, final)
        return await self._store_extracted(
            guild_id,
            ex,
            source="feed" if feed_id else "url",
            url=checked,
            canonical=page_canon or canon,
            feed_id=feed_id,
            fallback_title=urlsplit(final).hostname or checked,
            site_default=urlsplit(final).hostname,
            keep=keep,
            shared=shared,
            public=True,
        )

    # ------------------------------------------------------------------ internals
    async def _fetch_article(self, url: str) -> tuple[Extracted, str]:
        """Fetch `url` and extract its article; returns it with the final URL."""
        fetched = await self.fetcher.get(url)
        body, ctype = fetched.body, fetched.content_type.lower()
        if looks_like_feed(body, ctype):
            raise InputError(
                f"{url} is an RSS/Atom feed, not an article: follow it with `/feeds add`."
            )
        if ctype in _HTML_TYPES or (not ctype and b"<html" in body[:2048].lower()):
            ex = await self.workers.run_sized(len(body), _page_article, fetched)
            return ex, fetched.final_url
        if ctype.startswith("text/"):
            text = await self.workers.run_sized(len(body), _page_text, fetched, url)
            return Extracted(text=text), fetched.final_url
        kind = ctype or "of unknown type"
        raise InputError(f"{url} is not a web page or text (it is {kind}).")

    async def _store_extracted(
        self,
        guild_id: int,
        ex: Extracted,
        *,
        source: str,
        fallback_title: str,
        url: str | None = None,
        canonical: str | None = None,
        feed_id: int | None = None,
        site_default: str | None = None,
        keep: Keep | None = None,
        shared: SharedReads | None = None,
        public: bool = False,
    ) -> IngestResult:
        title = ex.title or guess_title(ex.text) or fallback_title
        return await self._store(
            NewArticle(
                guild_id=guild_id,
                title=title,
                text=ex.text,
                source=source,
                url=url,
                canonical_url=canonical,
                site=ex.site or site_default,
                author=ex.author,
                published_at=ex.published_at,
                feed_id=feed_id,
                language=ex.language,
            ),
            keep,
            shared,
            public,
        )

    async def _store(
        self,
        new: NewArticle,
        keep: Keep | None = None,
        shared: SharedReads | None = None,
        public: bool = False,
    ) -> IngestResult:
        """Store `new` after the duplicate check, the feed's filter (`keep`) and the
        analysis. For text read from a public page (`public`), the analysis is shared with
        every guild storing the same text (see `_public_analyses`); with `shared` (a feed
        poll cycle's memo) so is the fingerprint."""

        def fingerprint_work() -> Awaitable[tuple[str, int]]:
            return self.workers.run_sized(len(new.text), text_fingerprint, new.text)

        def analysis_work() -> Awaitable[Analysis]:
            return analyze_async(new.text, self.workers, _lang_code(new.language))

        # Hash and word count of a long text are CPU work: done once, off the loop, and
        # used for the length check, the duplicate check and the insert alike.
        if shared is None:
            fingerprint = await fingerprint_work()
        else:
            fingerprint = await shared.get("fingerprint", new.text, fingerprint_work)
        if fingerprint[1] < MIN_WORDS:
            raise InputError("The text is too short to be an article (fewer than 3 words).")
        known = await self._already_stored(
            new.guild_id, canonical_url=new.canonical_url, text_hash=fingerprint[0]
        )
        if known is not None:
            return known
        # A feed's filter, before the costly analysis and before anything is written.
        if keep is not None and not await self.workers.run_sized(
            len(new.text), keep, new.title, new.text
        ):
            raise FilteredOut(f"filtered out by the feed's filter: {new.title}")
        if public:
            # keyed by the exact text: offsets index into it, and two texts with one folded
            # hash (case, spacing) would have different offsets
            analysis = await self._public_analyses.get("analysis", new.text, analysis_work)
        else:
            analysis = await analysis_work()
        new = replace(new, language=analysis.language, public=public)
        actors = actors_for(analysis.quotes, analysis.mentions)
        article, created = await self.store.add_article(
            new,
            analysis.sentences,
            analysis.quotes,
            actors,
            now=self.clock(),
            fingerprint=fingerprint,
        )
        if not created:
            return await self._existing(article)
        # the speakers the reply names are those /quotes shows by default
        counts = Counter(
            q.speaker
            for q in analysis.quotes
            if q.speaker and q.confidence >= DEFAULT_MIN_CONFIDENCE
        )
        log.info("stored article %s in guild %s: %s", article.id, new.guild_id, article.title)
        for listener in self.listeners:
            try:
                await listener(article)
            except Exception:
                log.exception("a listener failed on article %s", article.id)
        return IngestResult(article, True, len(analysis.sentences), dict(counts.most_common()))

    async def _already_stored(
        self, guild_id: int, *, canonical_url: str | None, text_hash: str | None = None
    ) -> IngestResult | None:
        """The result for input the guild already holds (same canonical URL or same
        content), else None.

        The one duplicate check, made before each costly step (fetching a URL,
        analysing a text) with what is known by then. It is only a shortcut: the
        store repeats the same query inside `add_article`'s transaction, which is what
        stores a race of two identical ingests once (the loser gets created=False).
        """
        found = await self.store.find_duplicate(
            guild_id, canonical_url=canonical_url, text_hash=text_hash
        )
        return await self._existing(found) if found is not None else None

    async def _existing(self, article: Article) -> IngestResult:
        """The result for input that matched an article already stored."""
        spans = await self.store.sentence_spans(article.id)
        quotes = await self.store.article_quotes(article.guild_id, article.id)
        counts = Counter(
            q.speaker
            for q in quotes
            if q.speaker and (q.confidence is None or q.confidence >= DEFAULT_MIN_CONFIDENCE)
        )
        return IngestResult(article, False, len(spans), dict(counts.most_common()))


# The CPU work of ingesting, as module-level functions: they run in a worker process when
# the input is large (`WorkerPool.run_sized`), so they and their results must pickle.


def _body_and_title(text: str, title: str | None) -> tuple[str, str]:
    """Pasted text cleaned up, and its title: the given one, else a short first line
    (taken off the body when the rest is an article on its own)."""
    body = normalize_text(text)
    title = " ".join((title or "").split()) or None
    if title is None:
        title = guess_title(body)
        first, _, rest = body.partition("\n")
        if first.strip() == title and word_count(rest) >= MIN_WORDS:
            body = rest.strip()
    return body, title


def _html_file(data: bytes, name: str) -> Extracted:
    return extract_html(decode_bytes(data, what=name))


def _markdown_file(data: bytes, name: str) -> tuple[str, str | None]:
    return markdown_to_text(decode_bytes(data, what=name))


def _page_article(fetched: FetchResult) -> Extracted:
    return extract_html(fetched.text(), fetched.final_url)


def _page_text(fetched: FetchResult, url: str) -> str:
    text = normalize_text(fetched.text())
    if word_count(text) < MIN_WORDS:
        raise InputError(f"No article text found at {url}.")
    return text


def _lang_code(declared: str | None) -> str | None:
    """'de' for a page's declared 'de-DE' / 'de_AT'; None for nothing usable."""
    if not declared:
        return None
    code = declared.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _trusted_canonical(page_canonical: str | None, final_url: str) -> str | None:
    """The page's own canonical link, when it stays on the same site and is not a bare
    home page (misconfigured sites point every article at '/', which would make
    all their articles look like one)."""
    if not page_canonical:
        return None
    try:
        checked = parse_http_url(page_canonical)
    except InputError:
        return None
    a, b = urlsplit(checked), urlsplit(final_url)
    host_a = (a.hostname or "").removeprefix("www.")
    host_b = (b.hostname or "").removeprefix("www.")
    if host_a != host_b or a.path in {"", "/"}:
        return None
    return canonical_url(checked)
