"""The only module that speaks SQL.

`Store` wraps one SQLite file through aiosqlite: a writer connection whose
transactions are serialised by an asyncio lock, and a reader connection that in
WAL mode sees only committed data, so a brief never reads half an ingest.
Schema changes are numbered `.sql` files in `migrations/`, applied in order at
open and recorded in `schema_migrations` (and `PRAGMA user_version`).

Every query that touches user content takes a guild id: one server's articles,
quotes and feeds are never visible to another.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from briefings.models import (
    Actor,
    Article,
    Feed,
    GuildSettings,
    PostedDigest,
    QuoteActor,
    SentenceSpan,
    StoredQuote,
)
from briefings.quotes.actors import Candidate, choose_actor
from briefings.quotes.model import Quote
from briefings.text import fold, words
from briefings.timeutil import from_iso, to_iso, utcnow

log = logging.getLogger(__name__)

_MIGRATION_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The packaged migrations, sorted by number; gaps or duplicates are a bug."""
    out: list[Migration] = []
    for entry in resources.files("briefings.store").joinpath("migrations").iterdir():
        m = _MIGRATION_RE.match(entry.name)
        if m:
            out.append(Migration(int(m.group(1)), entry.name, entry.read_text("utf-8")))
    out.sort(key=lambda m: m.version)
    for expected, mig in enumerate(out, start=1):
        if mig.version != expected:
            raise RuntimeError(f"migration numbering broken at {mig.name}")
    return out


def content_hash(text: str) -> str:
    """Hash of the folded, whitespace-collapsed text: trivially reformatted copies agree."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def quote_key(text: str) -> str:
    """Key under which the same quote carried by several outlets is shown once."""
    return " ".join(words(fold(text)))


def fts_query(query: str, *, any_word: bool = False) -> str | None:
    """User text as a safe FTS5 MATCH expression: every word becomes a quoted string.

    Nothing the user types (quotes, NEAR, column filters, `*`) reaches FTS5 as
    syntax; words are ANDed (or ORed when `any_word`). None if no words remain.
    """
    toks = [t.replace('"', "") for t in words(query)]
    toks = [t for t in toks if t]
    if not toks:
        return None
    return (" OR " if any_word else " ").join(f'"{t}"' for t in toks)


_ARTICLE_COLS = (
    "id, guild_id, title, text, url, canonical_url, site, author, published_at, ingested_at, "
    "content_hash, source, feed_id, language, word_count"
)


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0],
        guild_id=row[1],
        title=row[2],
        text=row[3],
        url=row[4],
        canonical_url=row[5],
        site=row[6],
        author=row[7],
        published_at=from_iso(row[8]),
        ingested_at=from_iso(row[9]) or utcnow(),
        content_hash=row[10],
        source=row[11],
        feed_id=row[12],
        language=row[13],
        word_count=row[14],
    )


_GUILD_COLS = "id, name, timezone, digest_channel_id, digest_time, digest_enabled, digest_set_at"


def _guild(row: Sequence[Any]) -> GuildSettings:
    return GuildSettings(row[0], row[1], row[2], row[3], row[4], bool(row[5]), from_iso(row[6]))


_FEED_COLS = (
    "id, guild_id, url, title, channel_id, etag, last_modified, last_polled_at, last_ok_at, "
    "next_poll_at, failures, last_error, enabled"
)


def _feed(row: Sequence[Any]) -> Feed:
    return Feed(
        id=row[0],
        guild_id=row[1],
        url=row[2],
        title=row[3],
        channel_id=row[4],
        etag=row[5],
        last_modified=row[6],
        last_polled_at=from_iso(row[7]),
        last_ok_at=from_iso(row[8]),
        next_poll_at=from_iso(row[9]),
        failures=row[10],
        last_error=row[11],
        enabled=bool(row[12]),
    )


_QUOTE_COLS = (
    "q.id, q.article_id, q.actor_id, q.speaker, q.speaker_mention, q.text, q.kind, q.cue, "
    'q.start, q."end", q.text_key, a.title, a.url, a.site, '
    "COALESCE(a.published_at, a.ingested_at)"
)


def _quote(row: Sequence[Any]) -> StoredQuote:
    return StoredQuote(
        id=row[0],
        article_id=row[1],
        actor_id=row[2],
        speaker=row[3],
        speaker_mention=row[4],
        text=row[5],
        kind=row[6],
        cue=row[7],
        start=row[8],
        end=row[9],
        text_key=row[10],
        article_title=row[11],
        article_url=row[12],
        article_site=row[13],
        article_when=from_iso(row[14]),
    )


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to store: text normalised, metadata extracted."""

    guild_id: int
    title: str
    text: str
    source: str
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    feed_id: int | None = None
    language: str | None = None


class Store:
    """Async access to the Briefings database. Use `await Store.open(path)`."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection):
        self.path = path
        self._w = writer
        self._r = reader
        self._write_lock = asyncio.Lock()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (creating if needed) and migrate the database at `path`."""
        path = Path(path)
        # Check the place first: a failed aiosqlite.connect leaves its worker thread to
        # report into a loop that may be gone by then.
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a directory, not a database file")
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise PermissionError(f"{path} is not writable")
        writer = await aiosqlite.connect(path, isolation_level=None)
        try:
            await writer.execute("PRAGMA journal_mode=WAL")
            await writer.execute("PRAGMA foreign_keys=ON")
            await writer.execute("PRAGMA busy_timeout=10000")
            await writer.execute("PRAGMA synchronous=NORMAL")
            await cls._migrate(writer)
            reader = await aiosqlite.connect(path, isolation_level=None)
            await reader.execute("PRAGMA foreign_keys=ON")
            await reader.execute("PRAGMA busy_timeout=10000")
            await reader.execute("PRAGMA query_only=ON")
        except BaseException:
            await writer.close()
            raise
        return cls(path, writer, reader)

    @staticmethod
    async def _migrate(db: aiosqlite.Connection) -> None:
        await db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cur:
            row = await cur.fetchone()
        current = int(row[0]) if row else 0
        migrations = load_migrations()
        if current > len(migrations):
            raise RuntimeError(
                f"database schema version {current} is newer than this program "
                f"({len(migrations)}); upgrade Briefings"
            )
        for mig in migrations[current:]:
            log.info("applying migration %s", mig.name)
            # executescript commits; wrap the whole file and the record in one transaction.
            await db.executescript(
                "BEGIN IMMEDIATE;\n"
                + mig.sql
                + f"\nINSERT INTO schema_migrations(version, name, applied_at) "
                f"VALUES ({mig.version}, '{mig.name}', '{to_iso(utcnow())}');\n"
                f"PRAGMA user_version = {mig.version};\nCOMMIT;"
            )

    async def schema_version(self) -> int:
        row = await self._one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(row[0]) if row else 0

    async def close(self) -> None:
        """Wait for any write in progress, then close both connections."""
        if self._closed:
            return
        async with self._write_lock:
            self._closed = True
            await self._r.close()
            await self._w.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ plumbing
    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; rolled back whole on any error."""
        async with self._write_lock:
            if self._closed:
                raise RuntimeError("store is closed")
            await self._w.execute("BEGIN IMMEDIATE")
            try:
                yield self._w
            except BaseException:
                await self._w.execute("ROLLBACK")
                raise
            else:
                await self._w.execute("COMMIT")

    async def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        async with self._r.execute(sql, args) as cur:
            return await cur.fetchone()

    async def _all(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        async with self._r.execute(sql, args) as cur:
            return list(await cur.fetchall())

    # ------------------------------------------------------------------ guilds
    async def ensure_guild(self, guild_id: int, name: str | None = None) -> None:
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, name)

    @staticmethod
    async def _ensure_guild(db: aiosqlite.Connection, guild_id: int, name: str | None) -> None:
        await db.execute(
            "INSERT INTO guilds(id, name, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = COALESCE(excluded.name, guilds.name)",
            (guild_id, name, to_iso(utcnow())),
        )

    async def guild(self, guild_id: int) -> GuildSettings:
        row = await self._one(
            f"SELECT {_GUILD_COLS} FROM guilds WHERE id = ?",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id, None, None, None, None, False, None)
        return _guild(row)

    async def set_digest_schedule(
        self,
        guild_id: int,
        channel_id: int,
        time_hhmm: str,
        timezone: str,
        set_at: datetime | None = None,
    ) -> None:
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, None)
            await db.execute(
                "UPDATE guilds SET digest_channel_id = ?, digest_time = ?, timezone = ?, "
                "digest_enabled = 1, digest_set_at = ? WHERE id = ?",
                (channel_id, time_hhmm, timezone, to_iso(set_at or utcnow()), guild_id),
            )

    async def disable_digest(self, guild_id: int) -> bool:
        """Turn the daily digest off; False when it was not on."""
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE guilds SET digest_enabled = 0 WHERE id = ? AND digest_enabled = 1",
                (guild_id,),
            )
            return cur.rowcount > 0

    async def scheduled_guilds(self) -> list[GuildSettings]:
        rows = await self._all(
            f"SELECT {_GUILD_COLS} "
            "FROM guilds WHERE digest_enabled = 1 AND digest_channel_id IS NOT NULL "
            "AND digest_time IS NOT NULL ORDER BY id"
        )
        return [_guild(r) for r in rows]

    # ------------------------------------------------------------------ articles
    async def find_duplicate(
        self, guild_id: int, *, canonical_url: str | None, text_hash: str | None
    ) -> Article | None:
        """The stored article with the same canonical URL or content hash, if any."""
        if canonical_url:
            row = await self._one(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? AND canonical_url = ?",
                (guild_id, canonical_url),
            )
            if row:
                return _article(row)
        if text_hash:
            row = await self._one(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? AND content_hash = ?",
                (guild_id, text_hash),
            )
            if row:
                return _article(row)
        return None

    async def add_article(
        self,
        article: NewArticle,
        sentences: Iterable[tuple[int, int]],
        quotes: Iterable[Quote],
        actors: dict[str, QuoteActor],
        *,
        now: datetime | None = None,
    ) -> tuple[Article, bool]:
        """Store an article with its sentences and quotes in one transaction.

        Returns (article, created). When the guild already holds the same
        canonical URL or content, nothing is written and the stored article
        comes back with created=False. `actors` maps each quote speaker to the
        actor it belongs to (see `briefings.quotes.actors`); matching existing actors
        by alias happens here, inside the transaction, so two concurrent
        ingests cannot create the same actor twice.
        """
        digest = content_hash(article.text)
        ingested = to_iso(now or utcnow())
        async with self._tx() as db:
            dup = await self._dup_in_tx(db, article.guild_id, article.canonical_url, digest)
            if dup is not None:
                return dup, False
            await self._ensure_guild(db, article.guild_id, None)
            cur = await db.execute(
                "INSERT INTO articles(guild_id, url, canonical_url, title, site, author, "
                "published_at, ingested_at, text, content_hash, source, feed_id, language, "
                "word_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article.guild_id,
                    article.url,
                    article.canonical_url,
                    article.title,
                    article.site,
                    article.author,
                    to_iso(article.published_at) if article.published_at else None,
                    ingested,
                    article.text,
                    digest,
                    article.source,
                    article.feed_id,
                    article.language,
                    len(words(article.text)),
                ),
            )
            article_id = cur.lastrowid
            await db.executemany(
                'INSERT INTO sentences(article_id, idx, start, "end") VALUES (?,?,?,?)',
                [(article_id, i, s, e) for i, (s, e) in enumerate(sentences)],
            )
            actor_ids: dict[str, int] = {}
            for speaker, actor in actors.items():
                actor_ids[speaker] = await self._actor_for(db, article.guild_id, actor)
            await db.executemany(
                "INSERT INTO quotes(article_id, actor_id, speaker, speaker_mention, text, kind, "
                'cue, start, "end", text_key) VALUES (?,?,?,?,?,?,?,?,?,?)',
                [
                    (
                        article_id,
                        actor_ids.get(q.speaker) if q.speaker else None,
                        q.speaker,
                        q.speaker_mention,
                        q.text,
                        q.kind,
                        q.cue,
                        q.start,
                        q.end,
                        quote_key(q.text),
                    )
                    for q in quotes
                ],
            )
            async with db.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)
            ) as c:
                row = await c.fetchone()
        return _article(row), True

    @staticmethod
    async def _dup_in_tx(
        db: aiosqlite.Connection, guild_id: int, canonical_url: str | None, digest: str
    ) -> Article | None:
        sql = f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? AND ("
        args: list[Any] = [guild_id]
        if canonical_url:
            sql += "canonical_url = ? OR "
            args.append(canonical_url)
        sql += "content_hash = ?) LIMIT 1"
        args.append(digest)
        async with db.execute(sql, args) as cur:
            row = await cur.fetchone()
        return _article(row) if row else None

    @classmethod
    async def _actor_for(cls, db: aiosqlite.Connection, guild_id: int, actor: QuoteActor) -> int:
        """Find or create the actor for `actor`, recording its aliases.

        Exact name first; else an existing actor sharing the surname whose given
        names agree (`briefings.actors.choose_actor`), renamed when the new name
        is fuller ('Putin' becomes 'Vladimir Putin'); else a new actor.
        """
        async with db.execute(
            "SELECT id FROM actors WHERE guild_id = ? AND name_key = ?",
            (guild_id, actor.name_key),
        ) as cur:
            row = await cur.fetchone()
        actor_id: int | None = int(row[0]) if row else None
        if actor_id is None:
            surname = actor.name_key.split()[-1]
            async with db.execute(
                "SELECT ac.id, ac.name, ac.name_key, "
                " (SELECT COUNT(*) FROM quotes q WHERE q.actor_id = ac.id) "
                "FROM actors ac WHERE ac.guild_id = ? AND ac.id IN "
                " (SELECT actor_id FROM actor_aliases WHERE guild_id = ? AND alias_key = ?)",
                (guild_id, guild_id, surname),
            ) as cur:
                cands = [Candidate(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()]
            actor_id, rename = choose_actor(actor, cands)
            if actor_id is not None and rename:
                await db.execute(
                    "UPDATE actors SET name = ?, name_key = ? WHERE id = ?",
                    (actor.name, actor.name_key, actor_id),
                )
        if actor_id is None:
            cur2 = await db.execute(
                "INSERT INTO actors(guild_id, name, name_key) VALUES (?,?,?)",
                (guild_id, actor.name, actor.name_key),
            )
            actor_id = int(cur2.lastrowid or 0)
        await db.executemany(
            "INSERT OR IGNORE INTO actor_aliases(guild_id, alias_key, actor_id, alias) "
            "VALUES (?,?,?,?)",
            [(guild_id, key, actor_id, alias) for key, alias in actor.alias_keys],
        )
        return actor_id

    async def article(self, guild_id: int, article_id: int) -> Article | None:
        row = await self._one(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? AND id = ?",
            (guild_id, article_id),
        )
        return _article(row) if row else None

    async def recent_articles(self, guild_id: int, limit: int = 10) -> list[Article]:
        rows = await self._all(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? "
            "ORDER BY ingested_at DESC, id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [_article(r) for r in rows]

    async def articles_between(
        self, guild_id: int, start: datetime, end: datetime, limit: int = 1000
    ) -> list[Article]:
        """Articles whose date (published, else ingested) falls in [start, end), oldest first."""
        rows = await self._all(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? "
            "AND COALESCE(published_at, ingested_at) >= ? "
            "AND COALESCE(published_at, ingested_at) < ? "
            "ORDER BY COALESCE(published_at, ingested_at), id LIMIT ?",
            (guild_id, to_iso(start), to_iso(end), limit),
        )
        return [_article(r) for r in rows]

    async def count_articles(self, guild_id: int) -> int:
        row = await self._one("SELECT COUNT(*) FROM articles WHERE guild_id = ?", (guild_id,))
        return int(row[0])

    async def sentence_spans(self, article_id: int) -> list[SentenceSpan]:
        rows = await self._all(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            (article_id,),
        )
        return [SentenceSpan(r[0], r[1], r[2]) for r in rows]

    async def search(
        self, guild_id: int, query: str, limit: int = 10, *, or_fallback: bool = True
    ) -> list[tuple[Article, str]]:
        """Full-text search (words ANDed, then ORed if nothing matched), best first.

        Returns (article, snippet) pairs; the snippet marks hits with **bold**.
        """
        for any_word in (False, True) if or_fallback else (False,):
            match = fts_query(query, any_word=any_word)
            if match is None:
                return []
            rows = await self._all(
                f"SELECT {', '.join('a.' + c.strip() for c in _ARTICLE_COLS.split(','))}, "
                "snippet(articles_fts, 1, '**', '**', ' … ', 24) "
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                "WHERE articles_fts MATCH ? AND a.guild_id = ? "
                "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?",
                (match, guild_id, limit),
            )
            if rows:
                return [(_article(r[:-1]), r[-1]) for r in rows]
        return []

    # ------------------------------------------------------------------ quotes & actors
    async def article_quotes(self, guild_id: int, article_id: int) -> list[StoredQuote]:
        rows = await self._all(
            f"SELECT {_QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE a.guild_id = ? AND q.article_id = ? ORDER BY q.start",
            (guild_id, article_id),
        )
        return [_quote(r) for r in rows]

    async def quotes_for_actors(
        self,
        guild_id: int,
        actor_ids: Sequence[int],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 200,
    ) -> list[StoredQuote]:
        """Quotes by these actors, newest article first, then in reading order."""
        if not actor_ids:
            return []
        marks = ",".join("?" * len(actor_ids))
        sql = (
            f"SELECT {_QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.guild_id = ? AND q.actor_id IN ({marks})"
        )
        args: list[Any] = [guild_id, *actor_ids]
        if since is not None:
            sql += " AND COALESCE(a.published_at, a.ingested_at) >= ?"
            args.append(to_iso(since))
        if until is not None:
            sql += " AND COALESCE(a.published_at, a.ingested_at) < ?"
            args.append(to_iso(until))
        sql += " ORDER BY COALESCE(a.published_at, a.ingested_at) DESC, a.id DESC, q.start LIMIT ?"
        args.append(limit)
        return [_quote(r) for r in await self._all(sql, args)]

    async def quotes_in_articles(
        self, guild_id: int, article_ids: Sequence[int]
    ) -> list[StoredQuote]:
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        rows = await self._all(
            f"SELECT {_QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.guild_id = ? AND q.article_id IN ({marks}) ORDER BY q.article_id, q.start",
            (guild_id, *article_ids),
        )
        return [_quote(r) for r in rows]

    async def actor_aliases(self, guild_id: int) -> list[tuple[str, int, str]]:
        """Every (alias_key, actor_id, alias) of the guild: the lookup index."""
        rows = await self._all(
            "SELECT alias_key, actor_id, alias FROM actor_aliases WHERE guild_id = ?",
            (guild_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def actors(
        self, guild_id: int, ids: Sequence[int] | None = None, *, limit: int = 1000
    ) -> list[Actor]:
        """Actors with quote and article counts, most quoted first."""
        sql = (
            "SELECT ac.id, ac.name, COUNT(q.id), COUNT(DISTINCT q.article_id) "
            "FROM actors ac LEFT JOIN quotes q ON q.actor_id = ac.id WHERE ac.guild_id = ?"
        )
        args: list[Any] = [guild_id]
        if ids is not None:
            if not ids:
                return []
            sql += f" AND ac.id IN ({','.join('?' * len(ids))})"
            args.extend(ids)
        sql += " GROUP BY ac.id HAVING COUNT(q.id) > 0 ORDER BY COUNT(q.id) DESC, ac.name LIMIT ?"
        args.append(limit)
        rows = await self._all(sql, args)
        if not rows:
            return []
        alias_rows = await self._all(
            f"SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN "
            f"({','.join('?' * len(rows))}) ORDER BY alias",
            [r[0] for r in rows],
        )
        aliases: dict[int, list[str]] = {}
        for aid, alias in alias_rows:
            aliases.setdefault(aid, []).append(alias)
        return [
            Actor(r[0], r[1], r[2], r[3], tuple(dict.fromkeys(aliases.get(r[0], [])))) for r in rows
        ]

    async def actor_rows(self, guild_id: int) -> list[tuple[int, str, str]]:
        """(id, name, name_key) of every actor of the guild, quoted or not."""
        rows = await self._all(
            "SELECT id, name, name_key FROM actors WHERE guild_id = ?", (guild_id,)
        )
        return [(r[0], r[1], r[2]) for r in rows]

    # ------------------------------------------------------------------ feeds
    async def add_feed(
        self, guild_id: int, url: str, channel_id: int | None, title: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe; returns (feed, created). An existing subscription is updated."""
        now = to_iso(utcnow())
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, None)
            async with db.execute(
                "SELECT id FROM feeds WHERE guild_id = ? AND url = ?", (guild_id, url)
            ) as cur:
                row = await cur.fetchone()
            if row:
                await db.execute(
                    "UPDATE feeds SET channel_id = COALESCE(?, channel_id), enabled = 1, "
                    "failures = 0, next_poll_at = NULL, title = COALESCE(?, title) WHERE id = ?",
                    (channel_id, title, row[0]),
                )
                feed_id, created = int(row[0]), False
            else:
                cur2 = await db.execute(
                    "INSERT INTO feeds(guild_id, url, title, channel_id, created_at) "
                    "VALUES (?,?,?,?,?)",
                    (guild_id, url, title, channel_id, now),
                )
                feed_id, created = int(cur2.lastrowid or 0), True
            async with db.execute(f"SELECT {_FEED_COLS} FROM feeds WHERE id = ?", (feed_id,)) as c:
                feed = _feed(await c.fetchone())  # type: ignore[arg-type]
        return feed, created

    async def feeds(self, guild_id: int) -> list[Feed]:
        rows = await self._all(
            f"SELECT {_FEED_COLS} FROM feeds WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [_feed(r) for r in rows]

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(
                "DELETE FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id)
            )
            return cur.rowcount > 0

    async def due_feeds(self, now: datetime) -> list[Feed]:
        """Enabled feeds of every guild whose next poll time has come."""
        rows = await self._all(
            f"SELECT {_FEED_COLS} FROM feeds WHERE enabled = 1 "
            "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, id",
            (to_iso(now),),
        )
        return [_feed(r) for r in rows]

    async def record_feed_poll(
        self,
        feed_id: int,
        *,
        now: datetime,
        next_poll_at: datetime,
        ok: bool,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
        disable_after: int | None = None,
    ) -> Feed:
        """Record one poll's outcome: success resets failures, failure counts up.

        With `disable_after`, the feed is switched off once failures reach it.
        """
        async with self._tx() as db:
            if ok:
                await db.execute(
                    "UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, next_poll_at = ?, "
                    "failures = 0, last_error = NULL, etag = COALESCE(?, etag), "
                    "last_modified = COALESCE(?, last_modified), title = COALESCE(?, title) "
                    "WHERE id = ?",
                    (
                        to_iso(now),
                        to_iso(now),
                        to_iso(next_poll_at),
                        etag,
                        last_modified,
                        title,
                        feed_id,
                    ),
                )
            else:
                await db.execute(
                    "UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, "
                    "failures = failures + 1, last_error = ? WHERE id = ?",
                    (to_iso(now), to_iso(next_poll_at), error, feed_id),
                )
                if disable_after is not None:
                    await db.execute(
                        "UPDATE feeds SET enabled = 0 WHERE id = ? AND failures >= ?",
                        (feed_id, disable_after),
                    )
            async with db.execute(f"SELECT {_FEED_COLS} FROM feeds WHERE id = ?", (feed_id,)) as c:
                return _feed(await c.fetchone())  # type: ignore[arg-type]

    async def seen_entries(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = await self._all(
            f"SELECT entry_key FROM feed_entries WHERE feed_id = ? AND entry_key IN ({marks})",
            (feed_id, *keys),
        )
        return {r[0] for r in rows}

    async def mark_entry(self, feed_id: int, key: str, article_id: int | None) -> None:
        async with self._tx() as db:
            await db.execute(
                "INSERT OR REPLACE INTO feed_entries(feed_id, entry_key, article_id, seen_at) "
                "VALUES (?,?,?,?)",
                (feed_id, key, article_id, to_iso(utcnow())),
            )

    # ------------------------------------------------------------------ digests
    async def claim_digest(self, guild_id: int, digest_date: str, channel_id: int | None) -> bool:
        """Reserve (guild, date) for posting; False when it was posted or claimed already."""
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, None)
            cur = await db.execute(
                "INSERT OR IGNORE INTO posted_digests(guild_id, digest_date, channel_id, "
                "posted_at) VALUES (?,?,?,?)",
                (guild_id, digest_date, channel_id, to_iso(utcnow())),
            )
            return cur.rowcount > 0

    async def finish_digest(self, guild_id: int, digest_date: str, message_ids: list[int]) -> None:
        async with self._tx() as db:
            await db.execute(
                "UPDATE posted_digests SET message_ids = ?, posted_at = ? "
                "WHERE guild_id = ? AND digest_date = ?",
                (json.dumps(message_ids), to_iso(utcnow()), guild_id, digest_date),
            )

    async def release_digest(self, guild_id: int, digest_date: str) -> None:
        """Undo a claim whose posting failed, so the next check tries again."""
        async with self._tx() as db:
            await db.execute(
                "DELETE FROM posted_digests WHERE guild_id = ? AND digest_date = ?",
                (guild_id, digest_date),
            )

    async def posted_digest(self, guild_id: int, digest_date: str) -> PostedDigest | None:
        row = await self._one(
            "SELECT guild_id, digest_date, channel_id, message_ids, posted_at FROM posted_digests "
            "WHERE guild_id = ? AND digest_date = ?",
            (guild_id, digest_date),
        )
        if row is None:
            return None
        return PostedDigest(
            row[0], row[1], row[2], tuple(json.loads(row[3])), from_iso(row[4]) or utcnow()
        )

    async def last_posted_digest(self, guild_id: int) -> PostedDigest | None:
        row = await self._one(
            "SELECT digest_date FROM posted_digests WHERE guild_id = ? "
            "ORDER BY digest_date DESC LIMIT 1",
            (guild_id,),
        )
        return await self.posted_digest(guild_id, row[0]) if row else None

    # ------------------------------------------------------------------ meta
    async def get_meta(self, key: str) -> str | None:
        row = await self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    async def set_meta(self, key: str, value: str) -> None:
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
