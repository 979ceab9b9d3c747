"""The only module that speaks SQL (with `schema`, which applies the migrations).

`Store` wraps one SQLite file through aiosqlite, or a PostgreSQL database through
asyncpg (`Store.open("postgresql://...")`): a writer connection whose transactions
are serialised by an asyncio lock (and, across processes, by the database's write
lock), and a reader (a WAL connection, or a pool) that sees only committed data, so
a brief never reads half an ingest. The queries are written once, in SQLite's
dialect, against `briefings.store.db.Connection`, which translates them for
PostgreSQL (see there for what translates and what a new query should avoid).
Schema changes are numbered `.sql` files in `migrations/` (SQLite) and
`migrations_pg/` (PostgreSQL, same numbers), applied at open by
`briefings.store.schema` (see there for how to add one).

Rows come back as `sqlite3.Row` or `asyncpg.Record` and are mapped to models by
column name; each
table's selected columns are one tuple of names below. Every timestamp the store
writes comes from the clock it was opened with (`Store.open(path, clock=...)`).

Every query that touches user content takes a guild id: one server's articles,
quotes and feeds are never visible to another.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from briefings.models import (
    Actor,
    Alert,
    Article,
    DigestSchedule,
    Feed,
    Follow,
    GuildSettings,
    MessagePayload,
    PostedDigest,
    QuoteActor,
    SentenceSpan,
    StoredQuote,
)
from briefings.quotes.actors import Candidate, choose_actor
from briefings.quotes.confidence import DEFAULT_MIN_CONFIDENCE
from briefings.quotes.model import Quote
from briefings.store import schema
from briefings.store.db import (
    Connection,
    PgConnection,
    PgPool,
    Row,
    SqliteConnection,
    id_tables,
    is_postgres_url,
)
from briefings.text import bigram_runs, cjk_bigrams, fold, word_count, words
from briefings.timeutil import Clock, from_iso, to_iso, utcnow

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 10.0
"""Seconds a connection waits for another process's write lock before giving up."""

PG_POOL_SIZE = 4
"""Pooled reader connections per process on PostgreSQL (the writer has its own)."""


def content_hash(text: str) -> str:
    """Hash of the folded, whitespace-collapsed text: trivially reformatted copies agree."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def text_fingerprint(text: str) -> tuple[str, int]:
    """(content hash, word count) of an article text: the CPU work of `add_article`, which
    a caller holding a large text computes in a worker and passes in."""
    return content_hash(text), word_count(text)


def quote_key(text: str) -> str:
    """Key under which the same quote carried by several outlets is shown once."""
    return " ".join(words(fold(text)))


def fts_query(query: str, *, any_word: bool = False) -> str | None:
    """User text as a safe FTS5 MATCH expression for the word index (`articles_fts`):
    every word becomes a quoted string.

    Nothing the user types (quotes, NEAR, column filters, `*`) reaches FTS5 as
    syntax; words are ANDed (or ORed when `any_word`). CJK / Thai / Hangul characters
    are left to `cjk_fts_query`. None if no words remain.
    """
    toks = [t.replace('"', "") for t in words(_without_bigram_runs(query))]
    toks = [t for t in toks if t]
    if not toks:
        return None
    return (" OR " if any_word else " ").join(f'"{t}"' for t in toks)


def cjk_fts_query(query: str, *, any_word: bool = False) -> str | None:
    """The CJK / Thai / Hangul words of `query` as a MATCH expression for the bigram index
    (`articles_cjk`, see migration 0006): a word of two or more characters is the phrase
    of its bigrams ('宇航员' -> "宇航 航员", found wherever those characters stand in
    a row), a single character a prefix ("酒"*). None if the query has no such word.
    """
    parts = []
    for run in bigram_runs(query):
        if len(run) == 1:
            parts.append(f'"{run}"*')
        else:
            parts.append('"' + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + '"')
    if not parts:
        return None
    return (" OR " if any_word else " ").join(parts)


def _without_bigram_runs(query: str) -> str:
    for run in bigram_runs(query):
        query = query.replace(run, " ")
    return query


def _cjk_snippet(text: str, query: str, width: int = 40) -> str:
    """A snippet around the first query run found in `text`, marked with **bold**, like
    FTS5's snippet() does for the word index (whose snippets cannot see inside a run)."""
    folded = text.casefold()
    if len(folded) != len(text):  # 'ß' -> 'ss' would shift the offsets: match as written
        folded = text
    for term in sorted([*bigram_runs(query), *words(query)], key=len, reverse=True):
        at = folded.find(term.casefold() if folded is not text else term)
        if at >= 0:
            run = text[at : at + len(term)]
            start, end = max(0, at - width), min(len(text), at + len(run) + width)
            before = ("… " if start else "") + text[start:at]
            after = text[at + len(run) : end] + (" …" if end < len(text) else "")
            return " ".join(f"{before}**{run}**{after}".split())
    return " ".join(text[: 2 * width].split())


def _columns(names: Sequence[str], table: str = "") -> str:
    """A SELECT list from a tuple of column names, optionally qualified by a table alias."""
    prefix = f"{table}." if table else ""
    return ", ".join(f'{prefix}"{n}"' for n in names)


_ARTICLE_FIELDS = (
    "id",
    "guild_id",
    "title",
    "text",
    "url",
    "canonical_url",
    "site",
    "author",
    "published_at",
    "ingested_at",
    "content_hash",
    "source",
    "feed_id",
    "language",
    "word_count",
)
_ARTICLE_COLS = _columns(_ARTICLE_FIELDS)


def _article(row: Row, clock: Clock) -> Article:
    return Article(
        id=row["id"],
        guild_id=row["guild_id"],
        title=row["title"],
        text=row["text"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        site=row["site"],
        author=row["author"],
        published_at=from_iso(row["published_at"]),
        ingested_at=from_iso(row["ingested_at"]) or clock(),
        content_hash=row["content_hash"],
        source=row["source"],
        feed_id=row["feed_id"],
        language=row["language"],
        word_count=row["word_count"],
    )


# The one duplicate check: the stored article with the same canonical URL or the same
# content in the guild, a URL match first. Run on the reader before costly work (fetch,
# analysis) and on the writer inside `add_article`'s transaction, which settles races.
# A NULL parameter matches nothing.
_DUPLICATE_SQL = (
    f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = :guild "
    "AND (canonical_url = :canonical OR content_hash = :hash) "
    "ORDER BY CASE WHEN canonical_url = :canonical THEN 0 ELSE 1 END, id LIMIT 1"
)

_SCHEDULE_FIELDS = (
    "id",
    "guild_id",
    "channel_id",
    "time",
    "timezone",
    "topic",
    "threads",
    "enabled",
    "set_at",
    "paused_reason",
)
_SCHEDULE_COLS = _columns(_SCHEDULE_FIELDS)


def _schedule(row: Row) -> DigestSchedule:
    return DigestSchedule(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        threads=bool(row["threads"]),
        enabled=bool(row["enabled"]),
        set_at=from_iso(row["set_at"]),
        paused_reason=row["paused_reason"],
    )


def _guild(guild_id: int, timezone: str | None, sched: DigestSchedule | None) -> GuildSettings:
    """A guild's settings; its digest fields are those of its representative schedule
    (the last one set that is on), as before migration 0008 they were the guild's own."""
    if sched is None:
        return GuildSettings(guild_id, None, timezone, None, None, False, None)
    return GuildSettings(
        id=guild_id,
        name=None,  # guilds.name was never written; migration 0002 dropped it
        timezone=timezone,
        digest_channel_id=sched.channel_id,
        digest_time=sched.time,
        digest_enabled=sched.enabled,
        digest_set_at=sched.set_at,
        digest_paused_reason=sched.paused_reason,
    )


DIGEST_LEASE = timedelta(minutes=2)
"""How long a digest claim stays its owner's without a heartbeat; then anyone may take it over."""

_DIGEST_FIELDS = (
    "guild_id",
    "schedule_id",
    "digest_date",
    "channel_id",
    "message_ids",
    "posted_at",
    "state",
    "planned",
    "plan",
    "claim_token",
    "lease_until",
    "error",
    "threads",
)
_DIGEST_COLS = _columns(_DIGEST_FIELDS)
_DIGEST_KEY = "guild_id = ? AND schedule_id = ? AND digest_date = ?"


def _threads(doc: str) -> dict[int, int]:
    """A claim's threads column as {plan index: thread id} (see `record_digest_thread`)."""
    return {int(k): int(v["id"]) for k, v in json.loads(doc).items()}


def _posted(row: Row, now: datetime) -> PostedDigest:
    plan = row["plan"]
    return PostedDigest(
        guild_id=row["guild_id"],
        digest_date=row["digest_date"],
        channel_id=row["channel_id"],
        message_ids=tuple(json.loads(row["message_ids"])),
        posted_at=from_iso(row["posted_at"]) or now,
        state=row["state"],
        planned=row["planned"],
        plan=None if plan is None else tuple(json.loads(plan)),
        claim_token=row["claim_token"],
        lease_until=from_iso(row["lease_until"]),
        error=row["error"],
        schedule_id=row["schedule_id"],
        threads=_threads(row["threads"]),
    )


_FEED_FIELDS = (
    "id",
    "guild_id",
    "url",
    "title",
    "channel_id",
    "etag",
    "last_modified",
    "last_polled_at",
    "last_ok_at",
    "next_poll_at",
    "failures",
    "last_error",
    "enabled",
    "filter_include",
    "filter_exclude",
)
# A subscription's validators are its URL's (migration 0009), and only while its entries
# are caught up with them: otherwise None, so its next poll is an unconditional GET.
_FEED_COLS = _columns(_FEED_FIELDS).replace(
    '"etag", "last_modified"',
    "(SELECT u.etag FROM feed_urls u WHERE u.url = feeds.url "
    "AND u.version = feeds.url_version) AS etag, "
    "(SELECT u.last_modified FROM feed_urls u WHERE u.url = feeds.url "
    "AND u.version = feeds.url_version) AS last_modified",
)
# With the count of entries given up on (migration 0004), where a feed is shown.
_FEED_COLS_COUNTED = (
    _FEED_COLS + ", (SELECT COUNT(*) FROM feed_entries e WHERE e.feed_id = feeds.id "
    "AND e.state = 'failed') AS failed_entries"
)


def _feed(row: Row) -> Feed:
    return Feed(
        id=row["id"],
        guild_id=row["guild_id"],
        url=row["url"],
        title=row["title"],
        channel_id=row["channel_id"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_polled_at=from_iso(row["last_polled_at"]),
        last_ok_at=from_iso(row["last_ok_at"]),
        next_poll_at=from_iso(row["next_poll_at"]),
        failures=row["failures"],
        last_error=row["last_error"],
        enabled=bool(row["enabled"]),
        # `in row` would look at the values: sqlite3.Row is a sequence.
        failed_entries=row["failed_entries"] if "failed_entries" in row.keys() else 0,  # noqa: SIM118
        filter_include=tuple(json.loads(row["filter_include"])),
        filter_exclude=tuple(json.loads(row["filter_exclude"])),
    )


_QUOTE_FIELDS = (
    "id",
    "article_id",
    "actor_id",
    "speaker",
    "speaker_mention",
    "text",
    "kind",
    "cue",
    "start",
    "end",
    "text_key",
    "confidence",
)
# Quotes are always read joined to their article (alias a), for the digest's citations.
_QUOTE_COLS = (
    _columns(_QUOTE_FIELDS, "q") + ", a.title AS article_title, a.url AS article_url, "
    "a.site AS article_site, COALESCE(a.published_at, a.ingested_at) AS article_when"
)


_CONFIDENT = "COALESCE(q.confidence, 1.0) >= ?"
"""An attribution at or above the caller's confidence cut (one `?`); rows stored before
confidences existed (NULL) were shown before, so they still are."""


def _quote(row: Row) -> StoredQuote:
    return StoredQuote(
        id=row["id"],
        article_id=row["article_id"],
        actor_id=row["actor_id"],
        speaker=row["speaker"],
        speaker_mention=row["speaker_mention"],
        text=row["text"],
        kind=row["kind"],
        cue=row["cue"],
        start=row["start"],
        end=row["end"],
        text_key=row["text_key"],
        confidence=row["confidence"],
        article_title=row["article_title"],
        article_url=row["article_url"],
        article_site=row["article_site"],
        article_when=from_iso(row["article_when"]),
    )


_FOLLOW_FIELDS = (
    "id",
    "guild_id",
    "kind",
    "target",
    "actor_id",
    "channel_id",
    "role_id",
    "paused_reason",
    "created_at",
)
_FOLLOW_COLS = (
    _columns(_FOLLOW_FIELDS, "f")
    + ", (SELECT COUNT(*) FROM alerts a WHERE a.follow_id = f.id AND a.state != 'sent') "
    "AS queued, (SELECT COUNT(*) FROM alerts a WHERE a.follow_id = f.id AND a.state = 'sent') "
    "AS sent"
)


def _follow(row: Row) -> Follow:
    return Follow(
        id=row["id"],
        guild_id=row["guild_id"],
        kind=row["kind"],
        target=row["target"],
        actor_id=row["actor_id"],
        channel_id=row["channel_id"],
        role_id=row["role_id"],
        paused_reason=row["paused_reason"],
        created_at=from_iso(row["created_at"]) or utcnow(),
        queued=row["queued"],
        sent=row["sent"],
    )


_ALERT_SELECT = (
    "SELECT al.id, al.follow_id, al.guild_id, f.kind, f.target, f.channel_id, f.role_id, "
    "al.article_id, a.title AS article_title, a.url AS article_url, a.site AS article_site, "
    "COALESCE(a.published_at, a.ingested_at) AS article_when, al.quote_id, "
    "q.text AS quote_text, q.speaker, al.state, al.message_id, al.error, al.created_at, "
    "al.sent_at, al.story_article_id FROM alerts al JOIN follows f ON f.id = al.follow_id "
    "JOIN articles a ON a.id = al.article_id LEFT JOIN quotes q ON q.id = al.quote_id"
)


def _alert(row: Row) -> Alert:
    return Alert(
        id=row["id"],
        follow_id=row["follow_id"],
        guild_id=row["guild_id"],
        kind=row["kind"],
        target=row["target"],
        channel_id=row["channel_id"],
        role_id=row["role_id"],
        article_id=row["article_id"],
        article_title=row["article_title"],
        article_url=row["article_url"],
        article_site=row["article_site"],
        article_when=from_iso(row["article_when"]),
        quote_id=row["quote_id"],
        quote_text=row["quote_text"],
        speaker=row["speaker"],
        state=row["state"],
        message_id=row["message_id"],
        error=row["error"],
        created_at=from_iso(row["created_at"]) or utcnow(),
        sent_at=from_iso(row["sent_at"]),
        story_article_id=row["story_article_id"],
    )


# The FROM and WHERE parts that keep only the articles matching an `fts_query`
# expression, per dialect, for queries that filter by search without ranking.
_MATCH_SQL: dict[str, tuple[str, str]] = {
    "sqlite": (
        "articles_fts JOIN articles a ON a.id = articles_fts.rowid",
        "articles_fts MATCH ?",
    ),
    "postgres": ("articles a", "a.search @@ websearch_to_tsquery('english', fold_accents(?))"),
}


def redact_url(url: str) -> str:
    """A database URL fit for a message: without its password."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, cred = head.partition("//")
    return f"{scheme}//{cred.split(':', 1)[0]}:***@{tail}"


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
    # Text read from a public page: its analysis (sentences, language) is stored once per
    # content hash for every guild holding it. Never set for pasted or uploaded text.
    public: bool = False


async def _connect(path: Path, *, read_only: bool = False) -> SqliteConnection:
    """An autocommit connection with rows by name, foreign keys and the busy timeout.

    The busy timeout (sqlite3's `timeout`) is set at connect, before anything else
    touches the file, so a second process opening the database waits for the
    first one's write lock instead of failing with "database is locked".
    """
    db = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
    try:
        db.row_factory = aiosqlite.Row
        # The bigram index's triggers (migration 0006) call it on every article write.
        await db.create_function("cjk_bigrams", 1, cjk_bigrams, deterministic=True)
        await db.execute("PRAGMA foreign_keys = ON")
        if read_only:
            await db.execute("PRAGMA query_only = ON")
    except BaseException:
        await db.close()
        raise
    return SqliteConnection(db)


async def _use_wal(db: Connection) -> None:
    """Switch the file to WAL mode, retrying while another process holds the lock.

    Switching a new file's journal mode needs an exclusive lock, and when another
    connection is doing the same SQLite reports "database is locked" at once,
    without calling the busy handler; so wait here, up to the busy timeout.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BUSY_TIMEOUT
    while True:
        try:
            await db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or loop.time() >= deadline:
                raise
        await asyncio.sleep(0.01)


class Store:
    """Async access to the Briefings database. Use `await Store.open(path)`."""

    def __init__(
        self,
        path: Path | str,
        writer: Connection,
        reader: Connection,
        clock: Clock = utcnow,
    ) -> None:
        self.path = path
        """What the store was opened on: the SQLite file, or the PostgreSQL URL."""
        self.dialect = writer.dialect
        self.clock = clock
        self._w = writer
        self._r = reader
        self._write_lock = asyncio.Lock()
        self._closed = False
        # Guilds whose row this store has seen committed (rows are never deleted): an
        # ingest into one of them skips the insert-if-missing round trip.
        self._known_guilds: set[int] = set()

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def open(cls, path: str | Path, *, clock: Clock = utcnow) -> Store:
        """Open (creating if needed) and migrate the database at `path`: a SQLite file,
        or a `postgresql://` URL (the database must exist; its tables are created).

        `clock` gives every timestamp the store writes (the app passes its own,
        tests a manual one). Raises `SchemaError` for a database newer than this
        program.
        """
        if is_postgres_url(path):
            return await cls._open_postgres(str(path), clock)
        path = Path(path)
        # Check the place first: a failed aiosqlite.connect leaves its worker thread to
        # report into a loop that may be gone by then.
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a directory, not a database file")
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise PermissionError(f"{path} is not writable")
        writer = await _connect(path)
        try:
            await _use_wal(writer)
            await writer.execute("PRAGMA synchronous = NORMAL")
            await schema.migrate(writer, path=path, clock=clock)
            reader = await _connect(path, read_only=True)
        except BaseException:
            await writer.close()
            raise
        return cls(path, writer, reader, clock)

    @classmethod
    async def _open_postgres(cls, url: str, clock: Clock) -> Store:
        raw = await asyncpg.connect(url)
        try:
            await schema.migrate(PgConnection(raw), path=redact_url(url), clock=clock)
            tables = await id_tables(raw)
            pool = await asyncpg.create_pool(url, min_size=1, max_size=PG_POOL_SIZE)
        except BaseException:
            await raw.close()
            raise
        return cls(url, PgConnection(raw, tables), PgPool(pool, tables), clock)

    async def schema_version(self) -> int:
        return await schema.current_version(self._r)

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
    async def _tx(self) -> AsyncIterator[Connection]:
        """One write transaction at a time; rolled back whole on any error."""
        async with self._write_lock:
            if self._closed:
                raise RuntimeError("store is closed")
            await self._w.begin()
            try:
                yield self._w
            except BaseException:
                await self._w.rollback()
                raise
            else:
                await self._w.commit()

    async def _one(self, sql: str, args: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        async with self._r.execute(sql, args) as cur:
            return await cur.fetchone()

    async def _all(self, sql: str, args: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        async with self._r.execute(sql, args) as cur:
            return await cur.fetchall()

    @staticmethod
    async def _one_in(db: Connection, sql: str, args: Sequence[Any] | dict[str, Any] = ()) -> Row:
        """The row a statement inside a write transaction must find (e.g. just written)."""
        async with db.execute(sql, args) as cur:
            row = await cur.fetchone()
        if row is None:
            raise RuntimeError(f"no row for {sql!r}")
        return row

    # ------------------------------------------------------------------ guilds
    async def _ensure_guild(self, db: Connection, guild_id: int) -> None:
        await db.execute(
            "INSERT INTO guilds(id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING",
            (guild_id, to_iso(self.clock())),
        )

    async def guild(self, guild_id: int) -> GuildSettings:
        row = await self._one("SELECT timezone FROM guilds WHERE id = ?", (guild_id,))
        timezone = None if row is None else row["timezone"]
        srow = await self._one(
            f"SELECT {_SCHEDULE_COLS} FROM digest_schedules WHERE guild_id = ? "
            "ORDER BY enabled DESC, set_at DESC, id DESC LIMIT 1",
            (guild_id,),
        )
        return _guild(guild_id, timezone, None if srow is None else _schedule(srow))

    async def set_digest_schedule(
        self,
        guild_id: int,
        channel_id: int,
        time_hhmm: str,
        timezone: str,
        set_at: datetime | None = None,
        *,
        topic: str | None = None,
        threads: bool = False,
    ) -> DigestSchedule:
        """Turn a digest of the guild on and return it; clears its pause (`fail_digest`).

        Which one: the schedule of this channel and time (its topic, zone and threads are
        updated); else the channel's schedule with the same topic (or none), moved to
        `time_hhmm` (so setting a new time changes the digest, as it did when a guild had
        one); else a new schedule. The guild's time zone becomes `timezone` too (the zone
        of its previews)."""
        now = self.clock()
        values = (timezone, topic, int(threads), to_iso(set_at or now))
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id)
            await db.execute("UPDATE guilds SET timezone = ? WHERE id = ?", (timezone, guild_id))
            async with db.execute(
                "SELECT id FROM digest_schedules WHERE guild_id = ? AND channel_id = ? "
                "AND (time = ? OR topic IS NOT DISTINCT FROM ?) "
                "ORDER BY CASE WHEN time = ? THEN 0 ELSE 1 END, id LIMIT 1",
                (guild_id, channel_id, time_hhmm, topic, time_hhmm),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                cur = await db.execute(
                    "INSERT INTO digest_schedules(guild_id, channel_id, time, timezone, topic, "
                    "threads, enabled, set_at, paused_reason, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, 1, ?, NULL, ?)",
                    (guild_id, channel_id, time_hhmm, *values, to_iso(now)),
                )
                sid = cur.lastrowid
            else:
                sid = row["id"]
                await db.execute(
                    "UPDATE digest_schedules SET time = ?, timezone = ?, topic = ?, threads = ?, "
                    "enabled = 1, set_at = ?, paused_reason = NULL WHERE id = ?",
                    (time_hhmm, *values, sid),
                )
            srow = await self._one_in(
                db, f"SELECT {_SCHEDULE_COLS} FROM digest_schedules WHERE id = ?", (sid,)
            )
            return _schedule(srow)

    async def disable_digest(self, guild_id: int, schedule_id: int | None = None) -> bool:
        """Turn one of the guild's digests off, or all of them; False when none was on."""
        extra = "" if schedule_id is None else " AND id = ?"
        async with self._tx() as db:
            cur = await db.execute(
                f"UPDATE digest_schedules SET enabled = 0 WHERE guild_id = ?{extra} "
                "AND enabled = 1",
                (guild_id,) + (() if schedule_id is None else (schedule_id,)),
            )
            return cur.rowcount > 0

    async def digest_schedules(self, guild_id: int) -> list[DigestSchedule]:
        """A guild's digest schedules, on or off, oldest first."""
        rows = await self._all(
            f"SELECT {_SCHEDULE_COLS} FROM digest_schedules WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [_schedule(r) for r in rows]

    async def active_schedules(self) -> list[DigestSchedule]:
        """Every schedule that is on and not paused, by guild."""
        rows = await self._all(
            f"SELECT {_SCHEDULE_COLS} FROM digest_schedules "
            "WHERE enabled = 1 AND paused_reason IS NULL ORDER BY guild_id, id"
        )
        return [_schedule(r) for r in rows]

    async def scheduled_guilds(self) -> list[GuildSettings]:
        """Guilds with a digest that is on and not paused."""
        ids = sorted({s.guild_id for s in await self.active_schedules()})
        return [await self.guild(i) for i in ids]

    # ------------------------------------------------------------------ articles
    async def find_duplicate(
        self, guild_id: int, *, canonical_url: str | None = None, text_hash: str | None = None
    ) -> Article | None:
        """The stored article with the same canonical URL or content hash, if any.

        A URL match wins over a content match. `add_article` runs the same query
        inside its transaction, so a check here is only there to skip costly work.
        """
        return await self._duplicate(self._r, guild_id, canonical_url, text_hash)

    async def _duplicate(
        self,
        db: Connection,
        guild_id: int,
        canonical_url: str | None,
        text_hash: str | None,
    ) -> Article | None:
        args = {"guild": guild_id, "canonical": canonical_url or None, "hash": text_hash or None}
        async with db.execute(_DUPLICATE_SQL, args) as cur:
            row = await cur.fetchone()
        return _article(row, self.clock) if row else None

    async def add_article(
        self,
        article: NewArticle,
        sentences: Iterable[tuple[int, int]],
        quotes: Iterable[Quote],
        actors: dict[str, QuoteActor],
        *,
        now: datetime | None = None,
        fingerprint: tuple[str, int] | None = None,
    ) -> tuple[Article, bool]:
        """Store an article with its sentences and quotes in one transaction.

        Returns (article, created). When the guild already holds the same
        canonical URL or content, nothing is written and the stored article
        comes back with created=False. `actors` maps each quote speaker to the
        actor it belongs to (see `briefings.quotes.actors`); matching existing actors
        by alias happens here, inside the transaction, so two concurrent
        ingests cannot create the same actor twice. `fingerprint` is
        `text_fingerprint(article.text)` when the caller computed it off the event loop.
        """
        digest, word_count = fingerprint or text_fingerprint(article.text)
        ingested = to_iso(now or self.clock())
        async with self._tx() as db:
            dup = await self._duplicate(db, article.guild_id, article.canonical_url, digest)
            if dup is not None:
                return dup, False
            if article.guild_id not in self._known_guilds:
                await self._ensure_guild(db, article.guild_id)
            spans = [(int(s), int(e)) for s, e in sentences]
            analysis_id = None
            if article.public:
                analysis_id = await self._shared_analysis(
                    db, article.text, article.language, spans, ingested
                )
            # analysis_id only when there is one: private text writes the columns it did
            shared_col, shared_arg = (", analysis_id", ",?") if analysis_id else ("", "")
            cur = await db.execute(
                "INSERT INTO articles(guild_id, url, canonical_url, title, site, author, "
                "published_at, ingested_at, text, content_hash, source, feed_id, language, "
                f"word_count{shared_col}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?{shared_arg}) "
                f"RETURNING {_ARTICLE_COLS}",
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
                    word_count,
                    *((analysis_id,) if analysis_id else ()),
                ),
            )
            row = await cur.fetchone()
            assert row is not None  # RETURNING gives the row just inserted
            article_id = int(row["id"])
            if analysis_id is None:  # private text keeps its own sentence rows
                await db.executemany(
                    'INSERT INTO sentences(article_id, idx, start, "end") VALUES (?,?,?,?)',
                    [(article_id, i, s, e) for i, (s, e) in enumerate(spans)],
                )
            actor_ids = await self._actors_for(db, article.guild_id, actors)
            quote_rows = [
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
                    q.confidence,
                )
                for q in quotes
            ]
            if quote_rows:
                await db.executemany(
                    "INSERT INTO quotes(article_id, actor_id, speaker, speaker_mention, text, "
                    'kind, cue, start, "end", text_key, confidence) '
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    quote_rows,
                )
        self._known_guilds.add(article.guild_id)  # committed: the guild row exists
        return _article(row, self.clock), True

    @staticmethod
    async def _shared_analysis(
        db: Connection,
        text: str,
        language: str | None,
        spans: list[tuple[int, int]],
        now: str,
    ) -> int:
        """The id of the shared analysis of the public `text`, stored now if no guild
        stored it before. Keyed by the exact text, since offsets index into it. The first
        guild's analysis stands: the same text gives the same analysis, and a row other
        guilds point at is never rewritten."""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        await db.execute(
            "INSERT INTO analyses(text_sha256, language, sentences, created_at) "
            "VALUES (?,?,?,?) ON CONFLICT (text_sha256) DO NOTHING",
            (key, language, json.dumps(spans, separators=(",", ":")), now),
        )
        row = await Store._one_in(db, "SELECT id FROM analyses WHERE text_sha256 = ?", (key,))
        return int(row["id"])

    @classmethod
    async def _actors_for(
        cls, db: Connection, guild_id: int, actors: dict[str, QuoteActor]
    ) -> dict[str, int]:
        """`_actor_for` of each speaker in order, with fewer round trips: the actors found
        by exact name come from one query and their aliases go in one batch, until the
        first speaker with no actor of its name; from there on (it may create or rename
        an actor the later ones would see) each goes through `_actor_for` in turn."""
        items = list(actors.items())
        if not items:
            return {}
        keys = sorted({a.name_key for _, a in items})
        async with db.execute(
            "SELECT id, name_key FROM actors WHERE guild_id = ? "
            f"AND name_key IN ({','.join('?' * len(keys))})",
            (guild_id, *keys),
        ) as cur:
            known = {str(r["name_key"]): int(r["id"]) for r in await cur.fetchall()}
        ids: dict[str, int] = {}
        aliases: list[tuple[int, str, int, str]] = []
        n = 0
        while n < len(items) and items[n][1].name_key in known:
            speaker, actor = items[n]
            actor_id = known[actor.name_key]
            ids[speaker] = actor_id
            aliases.extend((guild_id, key, actor_id, alias) for key, alias in actor.alias_keys)
            n += 1
        await cls._add_aliases(db, aliases)
        for speaker, actor in items[n:]:
            ids[speaker] = await cls._actor_for(db, guild_id, actor)
        return ids

    @staticmethod
    async def _add_aliases(db: Connection, rows: list[tuple[int, str, int, str]]) -> None:
        if rows:
            await db.executemany(
                "INSERT OR IGNORE INTO actor_aliases(guild_id, alias_key, actor_id, alias) "
                "VALUES (?,?,?,?)",
                rows,
            )

    @classmethod
    async def _actor_for(cls, db: Connection, guild_id: int, actor: QuoteActor) -> int:
        """Find or create the actor for `actor`, recording its aliases.

        Exact name first; else an existing actor sharing the surname whose given
        names agree (`briefings.quotes.actors.choose_actor`), renamed when the new name
        is fuller ('Putin' becomes 'Vladimir Putin'); else a new actor.
        """
        async with db.execute(
            "SELECT id FROM actors WHERE guild_id = ? AND name_key = ?",
            (guild_id, actor.name_key),
        ) as cur:
            row = await cur.fetchone()
        actor_id: int | None = int(row["id"]) if row else None
        if actor_id is None:
            surname = actor.name_key.split()[-1]
            async with db.execute(
                "SELECT ac.id, ac.name, ac.name_key, "
                " (SELECT COUNT(*) FROM quotes q WHERE q.actor_id = ac.id) AS quote_count "
                "FROM actors ac WHERE ac.guild_id = ? AND ac.id IN "
                " (SELECT actor_id FROM actor_aliases WHERE guild_id = ? AND alias_key = ?)",
                (guild_id, guild_id, surname),
            ) as cur:
                cands = [
                    Candidate(r["id"], r["name"], r["name_key"], r["quote_count"])
                    for r in await cur.fetchall()
                ]
            actor_id, rename = choose_actor(actor, cands)
            if actor_id is not None and rename:
                await db.execute(
                    "UPDATE actors SET name = ?, name_key = ? WHERE id = ?",
                    (actor.name, actor.name_key, actor_id),
                )
        if actor_id is None:
            cur2 = await db.execute(
                "INSERT INTO actors(guild_id, name, name_key, kind) VALUES (?,?,?,?)",
                (guild_id, actor.name, actor.name_key, actor.kind),
            )
            actor_id = int(cur2.lastrowid or 0)
        await cls._add_aliases(
            db, [(guild_id, key, actor_id, alias) for key, alias in actor.alias_keys]
        )
        return actor_id

    async def article(self, guild_id: int, article_id: int) -> Article | None:
        row = await self._one(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? AND id = ?",
            (guild_id, article_id),
        )
        return _article(row, self.clock) if row else None

    async def recent_articles(self, guild_id: int, limit: int = 10) -> list[Article]:
        rows = await self._all(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE guild_id = ? "
            "ORDER BY ingested_at DESC, id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [_article(r, self.clock) for r in rows]

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
        return [_article(r, self.clock) for r in rows]

    async def count_articles(self, guild_id: int) -> int:
        row = await self._one("SELECT COUNT(*) AS n FROM articles WHERE guild_id = ?", (guild_id,))
        return int(row["n"]) if row else 0

    async def sentence_spans(self, article_id: int) -> list[SentenceSpan]:
        """The article's sentence offsets: from its shared analysis (a public page's
        text), else from its own rows (pasted or uploaded text)."""
        shared = await self._one(
            "SELECT an.sentences FROM articles a JOIN analyses an ON an.id = a.analysis_id "
            "WHERE a.id = ?",
            (article_id,),
        )
        if shared is not None:
            return [
                SentenceSpan(i, s, e) for i, (s, e) in enumerate(json.loads(shared["sentences"]))
            ]
        rows = await self._all(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            (article_id,),
        )
        return [SentenceSpan(r["idx"], r["start"], r["end"]) for r in rows]

    async def search(
        self, guild_id: int, query: str, limit: int = 10, *, or_fallback: bool = True
    ) -> list[tuple[Article, str]]:
        """Full-text search (words ANDed, then ORed if nothing matched), best first.

        Returns (article, snippet) pairs; the snippet marks hits with **bold**. Words in
        spaced scripts are looked up in the word index (`articles_fts`: stemmed, accents
        folded); CJK / Thai / Hangul words in the bigram index (`articles_cjk`); a query
        with both needs both (ANDed) or either (ORed).
        """
        for any_word in (False, True) if or_fallback else (False,):
            word_match = fts_query(query, any_word=any_word)
            cjk_match = cjk_fts_query(query, any_word=any_word)
            if word_match is None and cjk_match is None:
                return []
            if self.dialect == "postgres":
                hits = await self._search_pg(guild_id, query, word_match, any_word, limit)
                if hits:
                    return hits
                continue
            if any_word and word_match and cjk_match:
                hits = await self._search_words(guild_id, word_match, None, limit)
                seen = {a.id for a, _ in hits}
                for a, snip in await self._search_cjk(guild_id, cjk_match, query, limit):
                    if a.id not in seen and len(hits) < limit:
                        hits.append((a, snip))
            elif word_match is not None:
                hits = await self._search_words(guild_id, word_match, cjk_match, limit)
                if len(hits) < limit:
                    # Words glued to CJK text ('DeepMind开发出') live in the bigram index.
                    glued = f"{word_match} {cjk_match}" if cjk_match else word_match
                    seen = {a.id for a, _ in hits}
                    for a, snip in await self._search_cjk(guild_id, glued, query, limit):
                        if a.id not in seen and len(hits) < limit:
                            hits.append((a, snip))
            else:
                assert cjk_match is not None
                hits = await self._search_cjk(guild_id, cjk_match, query, limit)
            if hits:
                return hits
        return []

    async def _search_pg(
        self, guild_id: int, query: str, word_match: str | None, any_word: bool, limit: int
    ) -> list[tuple[Article, str]]:
        """PostgreSQL's search: the word part through the `search` tsvector (ranked, title
        weighted), each CJK / Thai / Hangul run of the query as a substring of the title
        or text (PostgreSQL's parsers keep such runs whole, as FTS5's does); the parts
        ANDed, or ORed with `any_word`. Title hits of a run rank first."""
        runs = bigram_runs(query)
        conds: list[str] = []
        args: list[Any] = []
        if word_match is not None:
            conds.append("a.search @@ websearch_to_tsquery('english', fold_accents(?))")
            args.append(word_match)
        for run in runs:
            conds.append("strpos(a.title || ' ' || a.text, ?) > 0")
            args.append(run)
        where = (" OR " if any_word else " AND ").join(conds)
        order: list[str] = []
        order_args: list[Any] = []
        for run in runs:
            order.append("(strpos(a.title, ?) > 0) DESC")
            order_args.append(run)
        if word_match is not None:
            order.append(
                "ts_rank('{0.1, 0.2, 0.2, 1.0}', a.search, "
                "websearch_to_tsquery('english', fold_accents(?))) DESC"
            )
            order_args.append(word_match)
        order.append("a.id DESC")
        rows = await self._all(
            f"SELECT {_columns(_ARTICLE_FIELDS, 'a')} FROM articles a "
            f"WHERE a.guild_id = ? AND ({where}) ORDER BY {', '.join(order)} LIMIT ?",
            (guild_id, *args, *order_args, limit),
        )
        articles = [_article(r, self.clock) for r in rows]
        if not articles:
            return []
        if word_match is None:
            return [(a, _cjk_snippet(a.text, query)) for a in articles]
        snippets = await self._all(
            "SELECT a.id, ts_headline('english', a.text, "
            "websearch_to_tsquery('english', fold_accents(?)), 'StartSel=**, StopSel=**, "
            'MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "\') AS snippet '
            f"FROM articles a WHERE a.id IN ({','.join('?' * len(articles))})",
            (word_match, *(a.id for a in articles)),
        )
        by_id = {int(r["id"]): r["snippet"] for r in snippets}
        return [(a, by_id.get(a.id) or _cjk_snippet(a.text, query)) for a in articles]

    async def _search_words(
        self, guild_id: int, match: str, also_cjk: str | None, limit: int
    ) -> list[tuple[Article, str]]:
        """Word-index hits ranked by bm25 (title weighs 5), optionally only articles that
        also match `also_cjk` in the bigram index."""
        cjk_filter = (
            " AND a.id IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?)"
            if also_cjk
            else ""
        )
        params: tuple[object, ...] = (match, guild_id)
        if also_cjk:
            params += (also_cjk,)
        rows = await self._all(
            f"SELECT {_columns(_ARTICLE_FIELDS, 'a')}, "
            "snippet(articles_fts, 1, '**', '**', ' … ', 24) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND a.guild_id = ?{cjk_filter} "
            "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?",
            (*params, limit),
        )
        return [(_article(r, self.clock), r["snippet"]) for r in rows]

    async def _search_cjk(
        self, guild_id: int, match: str, query: str, limit: int
    ) -> list[tuple[Article, str]]:
        """Bigram-index hits ranked by bm25 (title weighs 5), as the word index ranks."""
        rows = await self._all(
            f"SELECT {_columns(_ARTICLE_FIELDS, 'a')} "
            "FROM articles_cjk JOIN articles a ON a.id = articles_cjk.rowid "
            "WHERE articles_cjk MATCH ? AND a.guild_id = ? "
            "ORDER BY bm25(articles_cjk, 5.0, 1.0) LIMIT ?",
            (match, guild_id, limit),
        )
        out = []
        for r in rows:
            a = _article(r, self.clock)
            out.append((a, _cjk_snippet(a.text, query)))
        return out

    async def article_languages(self, guild_id: int) -> dict[str | None, int]:
        """How many of the guild's articles are in each detected language (None: unknown);
        what `/quotes` needs to say which articles quote extraction skipped."""
        rows = await self._all(
            "SELECT language, COUNT(*) AS n FROM articles WHERE guild_id = ? GROUP BY language",
            (guild_id,),
        )
        return {r["language"]: int(r["n"]) for r in rows}

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
        min_confidence: float = 0.0,
    ) -> list[StoredQuote]:
        """Quotes by these actors, newest article first, then in reading order.

        Only attributions with a confidence of at least `min_confidence` (rows stored
        before confidences existed count as sure): the caller decides what is uncertain.
        """
        if not actor_ids:
            return []
        marks = ",".join("?" * len(actor_ids))
        sql = (
            f"SELECT {_QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.guild_id = ? AND q.actor_id IN ({marks}) AND {_CONFIDENT}"
        )
        args: list[Any] = [guild_id, *actor_ids, min_confidence]
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
        self,
        guild_id: int,
        article_ids: Sequence[int],
        *,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> list[StoredQuote]:
        """The articles' quotes whose attribution is at least `min_confidence` sure (the
        digest's "who said what": by default the bot's cut, so uncertain ones stay out)."""
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        rows = await self._all(
            f"SELECT {_QUOTE_COLS}, "
            "(SELECT ac.kind FROM actors ac WHERE ac.id = q.actor_id) AS actor_kind "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.guild_id = ? AND q.article_id IN ({marks}) AND {_CONFIDENT} "
            "ORDER BY q.article_id, q.start",
            (guild_id, *article_ids, min_confidence),
        )
        return [replace(_quote(r), actor_kind=r["actor_kind"]) for r in rows]

    async def actor_aliases(self, guild_id: int) -> list[tuple[str, int, str]]:
        """Every (alias_key, actor_id, alias) of the guild: the lookup index."""
        rows = await self._all(
            "SELECT alias_key, actor_id, alias FROM actor_aliases WHERE guild_id = ?",
            (guild_id,),
        )
        return [(r["alias_key"], r["actor_id"], r["alias"]) for r in rows]

    async def actors(
        self,
        guild_id: int,
        ids: Sequence[int] | None = None,
        *,
        limit: int = 1000,
        min_confidence: float = 0.0,
    ) -> list[Actor]:
        """Actors with quote and article counts (of attributions with a confidence of at
        least `min_confidence`), people before organisations, most quoted first."""
        sql = (
            "SELECT ac.id, ac.name, ac.kind, COUNT(q.id) AS quote_count, "
            "COUNT(DISTINCT q.article_id) AS article_count "
            f"FROM actors ac LEFT JOIN quotes q ON q.actor_id = ac.id AND {_CONFIDENT} "
            "WHERE ac.guild_id = ?"
        )
        args: list[Any] = [min_confidence, guild_id]
        if ids is not None:
            if not ids:
                return []
            sql += f" AND ac.id IN ({','.join('?' * len(ids))})"
            args.extend(ids)
        sql += (
            " GROUP BY ac.id HAVING COUNT(q.id) > 0"
            " ORDER BY ac.kind = 'organisation', COUNT(q.id) DESC, ac.name LIMIT ?"
        )
        args.append(limit)
        rows = await self._all(sql, args)
        if not rows:
            return []
        alias_rows = await self._all(
            f"SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN "
            f"({','.join('?' * len(rows))}) ORDER BY alias",
            [r["id"] for r in rows],
        )
        aliases: dict[int, list[str]] = {}
        for a in alias_rows:
            aliases.setdefault(a["actor_id"], []).append(a["alias"])
        return [
            Actor(
                id=r["id"],
                name=r["name"],
                quote_count=r["quote_count"],
                article_count=r["article_count"],
                aliases=tuple(dict.fromkeys(aliases.get(r["id"], []))),
                kind=r["kind"],
            )
            for r in rows
        ]

    async def actor_rows(self, guild_id: int) -> list[tuple[int, str, str]]:
        """(id, name, name_key) of every actor of the guild, quoted or not."""
        rows = await self._all(
            "SELECT id, name, name_key FROM actors WHERE guild_id = ?", (guild_id,)
        )
        return [(r["id"], r["name"], r["name_key"]) for r in rows]

    # ------------------------------------------------------------------ feeds
    async def add_feed(
        self, guild_id: int, url: str, channel_id: int | None, title: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe; returns (feed, created). An existing subscription is updated."""
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id)
            async with db.execute(
                "SELECT id FROM feeds WHERE guild_id = ? AND url = ?", (guild_id, url)
            ) as cur:
                row = await cur.fetchone()
            if row:
                feed_id, created = int(row["id"]), False
                await db.execute(
                    "UPDATE feeds SET channel_id = COALESCE(?, channel_id), enabled = 1, "
                    "failures = 0, next_poll_at = NULL, title = COALESCE(?, title) WHERE id = ?",
                    (channel_id, title, feed_id),
                )
            else:
                cur2 = await db.execute(
                    "INSERT INTO feeds(guild_id, url, title, channel_id, created_at) "
                    "VALUES (?,?,?,?,?)",
                    (guild_id, url, title, channel_id, to_iso(self.clock())),
                )
                feed_id, created = int(cur2.lastrowid or 0), True
            feed = _feed(
                await self._one_in(db, f"SELECT {_FEED_COLS} FROM feeds WHERE id = ?", (feed_id,))
            )
        return feed, created

    async def feeds(self, guild_id: int) -> list[Feed]:
        rows = await self._all(
            f"SELECT {_FEED_COLS_COUNTED} FROM feeds WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [_feed(r) for r in rows]

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(
                "DELETE FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id)
            )
            return cur.rowcount > 0

    async def set_feed_filter(
        self, guild_id: int, feed_id: int, include: Sequence[str], exclude: Sequence[str]
    ) -> Feed | None:
        """Replace a feed's filter (empty lists: no filter); None if the guild has no such
        feed."""
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE feeds SET filter_include = ?, filter_exclude = ? "
                "WHERE guild_id = ? AND id = ?",
                (json.dumps(list(include)), json.dumps(list(exclude)), guild_id, feed_id),
            )
            if cur.rowcount == 0:
                return None
            return _feed(
                await self._one_in(
                    db, f"SELECT {_FEED_COLS_COUNTED} FROM feeds WHERE id = ?", (feed_id,)
                )
            )

    async def due_feeds(self, now: datetime) -> list[Feed]:
        """Enabled feeds of every guild whose next poll time has come."""
        rows = await self._all(
            f"SELECT {_FEED_COLS} FROM feeds WHERE enabled = 1 "
            "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, id",
            (to_iso(now),),
        )
        return [_feed(r) for r in rows]

    async def claim_due_feeds(
        self, urls: Collection[str], now: datetime, until: datetime
    ) -> list[Feed]:
        """Claim for one poll every due subscription, in any guild, of the feed URLs
        `urls`: their next poll time moves to `until` (a lease), so that another process
        polling now finds them not due and does not fetch those URLs again. The poll then
        records each one's outcome (`record_feed_poll`, which sets its real next poll
        time); `release_feeds` hands back those it did not get to. Read and moved in one
        write transaction: of two processes claiming at once, one gets each subscription.
        The claimed subscriptions come back never-polled first, then by next poll time."""
        if not urls:
            return []
        feeds: list[Feed] = []
        async with self._tx() as db:
            ordered = sorted(urls)
            for i in range(0, len(ordered), 500):
                chunk = ordered[i : i + 500]
                async with db.execute(
                    f"SELECT {_FEED_COLS} FROM feeds WHERE enabled = 1 "
                    "AND (next_poll_at IS NULL OR next_poll_at <= ?) "
                    f"AND url IN ({','.join('?' * len(chunk))})",
                    (to_iso(now), *chunk),
                ) as cur:
                    feeds.extend(_feed(r) for r in await cur.fetchall())
            if feeds:
                await db.executemany(
                    "UPDATE feeds SET next_poll_at = ? WHERE id = ?",
                    [(to_iso(until), f.id) for f in feeds],
                )
        feeds.sort(key=lambda f: (f.next_poll_at is not None, f.next_poll_at or now, f.id))
        return feeds

    async def release_feeds(self, feeds: Sequence[Feed], until: datetime) -> None:
        """Give back claimed subscriptions a poll did not get to (`claim_due_feeds`): each
        is due again as it was before, unless something recorded a poll of it since."""
        if not feeds:
            return
        async with self._tx() as db:
            await db.executemany(
                "UPDATE feeds SET next_poll_at = ? WHERE id = ? AND next_poll_at = ?",
                [
                    (to_iso(f.next_poll_at) if f.next_poll_at else None, f.id, to_iso(until))
                    for f in feeds
                ],
            )

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
        forget_validators: bool = False,
    ) -> Feed:
        """Record one poll's outcome: success resets failures, failure counts up.

        With `disable_after`, the feed is switched off once failures reach it. With
        `forget_validators` (a success that left entries for the next poll), the stored
        ETag and Last-Modified are dropped, so the next poll gets the whole feed again
        instead of a 304 that would hide those entries.
        """
        async with self._tx() as db:
            if ok:
                version = None
                if not forget_validators:
                    version = await self._url_validators(db, feed_id, etag, last_modified)
                await db.execute(
                    "UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, next_poll_at = ?, "
                    "failures = 0, last_error = NULL, url_version = ?, "
                    "title = COALESCE(?, title) WHERE id = ?",
                    (to_iso(now), to_iso(now), to_iso(next_poll_at), version, title, feed_id),
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
            return _feed(
                await self._one_in(
                    db, f"SELECT {_FEED_COLS_COUNTED} FROM feeds WHERE id = ?", (feed_id,)
                )
            )

    @staticmethod
    async def _url_validators(
        db: Connection, feed_id: int, etag: str | None, last_modified: str | None
    ) -> int | None:
        """Store a complete poll's validators as its URL's, one set for every
        subscription, and return the URL's validator version the subscription is now
        caught up with (None: there are none). A value the response left out keeps the
        stored one (a 304 often repeats only the ETag); a change makes a new version, so
        subscriptions caught up with the old one fetch the whole feed next time."""
        row = await Store._one_in(
            db,
            "SELECT f.url, u.etag, u.last_modified, u.version FROM feeds f "
            "LEFT JOIN feed_urls u ON u.url = f.url WHERE f.id = ?",
            (feed_id,),
        )
        new = (etag or row["etag"], last_modified or row["last_modified"])
        if row["version"] is None:
            if new == (None, None):
                return None
            await db.execute(
                "INSERT INTO feed_urls(url, etag, last_modified, version) VALUES (?,?,?,1)",
                (row["url"], *new),
            )
            return 1
        version = int(row["version"])
        if new != (row["etag"], row["last_modified"]):
            version += 1
            await db.execute(
                "UPDATE feed_urls SET etag = ?, last_modified = ?, version = ? WHERE url = ?",
                (*new, version, row["url"]),
            )
        return version if new != (None, None) else None

    async def seen_entries(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        """Which of `keys` need no more work: handled ('done') or given up on ('failed').

        Entries that failed fewer times than the limit ('pending') are not in it: the
        next poll tries them again.
        """
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = await self._all(
            f"SELECT entry_key FROM feed_entries WHERE feed_id = ? AND entry_key IN ({marks}) "
            "AND state != 'pending'",
            (feed_id, *keys),
        )
        return {r["entry_key"] for r in rows}

    async def entry_failed(self, feed_id: int, key: str, error: str, *, give_up_after: int) -> bool:
        """Count one failed attempt at a feed entry; True when it is given up on.

        The entry stays 'pending' (tried again by the next poll) until it has failed
        `give_up_after` times, then it is 'failed' and never tried again. An entry
        already done or given up on is left as it is.
        """
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO feed_entries(feed_id, entry_key, article_id, seen_at, state, "
                "failures, last_error) VALUES (:feed, :key, NULL, :now, "
                "CASE WHEN 1 >= :limit THEN 'failed' ELSE 'pending' END, 1, :error) "
                "ON CONFLICT(feed_id, entry_key) DO UPDATE SET seen_at = excluded.seen_at, "
                "failures = feed_entries.failures + 1, last_error = excluded.last_error, "
                "state = CASE WHEN feed_entries.failures + 1 >= :limit THEN 'failed' "
                "ELSE 'pending' END WHERE feed_entries.state = 'pending'",
                {
                    "feed": feed_id,
                    "key": key,
                    "now": to_iso(self.clock()),
                    "limit": give_up_after,
                    "error": error,
                },
            )
            row = await self._one_in(
                db,
                "SELECT state FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                (feed_id, key),
            )
        return bool(row["state"] == "failed")

    async def mark_entry(self, feed_id: int, key: str, article_id: int | None) -> None:
        """Record an entry as handled ('done'), whatever failures it had before."""
        async with self._tx() as db:
            # What INSERT OR REPLACE did, in SQL both backends run: the row starts afresh.
            await db.execute(
                "DELETE FROM feed_entries WHERE feed_id = ? AND entry_key = ?", (feed_id, key)
            )
            await db.execute(
                "INSERT INTO feed_entries(feed_id, entry_key, article_id, seen_at) "
                "VALUES (?,?,?,?)",
                (feed_id, key, article_id, to_iso(self.clock())),
            )

    # ------------------------------------------------------------------ digests
    # A posted_digests row is both the claim on (schedule, date) and its progress (migration
    # 0003): 'posting' while the process holding `claim_token` sends the planned messages
    # one by one, recording each id as soon as the chat service confirms it; 'done' once all
    # are sent; 'failed' when the channel refused the bot. The holder renews its lease while
    # it works; a 'posting' claim whose lease ran out (its process died or stopped) may be
    # taken over by anyone and resumes after the last recorded message. Every guarded write
    # names the token, so a process that lost its claim cannot write over the new owner's.

    async def _schedule_of(self, db: Connection, guild_id: int, schedule_id: int | None) -> int:
        """The schedule a claim is for: the one named, or else the guild's first (the
        schedule its guild-only calls meant before migration 0008), or 0 when it has none."""
        if schedule_id is not None:
            return schedule_id
        async with db.execute(
            "SELECT MIN(id) AS id FROM digest_schedules WHERE guild_id = ?", (guild_id,)
        ) as cur:
            row = await cur.fetchone()
        return 0 if row is None or row["id"] is None else int(row["id"])

    async def _digest_row(
        self, db: Connection, guild_id: int, digest_date: str, sid: int
    ) -> PostedDigest | None:
        async with db.execute(
            f"SELECT {_DIGEST_COLS} FROM posted_digests WHERE {_DIGEST_KEY}",
            (guild_id, sid, digest_date),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else _posted(row, self.clock())

    async def claim_digest(
        self,
        guild_id: int,
        digest_date: str,
        channel_id: int | None,
        token: str | None = None,
        *,
        lease: timedelta = DIGEST_LEASE,
        schedule_id: int | None = None,
    ) -> PostedDigest | None:
        """Claim (schedule, date) for posting by `token` (without `schedule_id`: the
        guild's first schedule, see `_schedule_of`); the claim as stored, or None when the
        digest is done or another claim on it is still live.

        A new claim is an empty 'posting' row. An existing claim is taken over when its
        lease has expired or its posting failed: it keeps its plan and the messages already
        sent, so the new holder sends only the rest, in the claim's channel. A claim that
        sent nothing yet moves to `channel_id`; so does a failed one whose channel changed
        (the old channel refused the bot), which then starts over. Atomic across processes
        (one `BEGIN IMMEDIATE` transaction): of several claimants, exactly one wins.
        """
        now = self.clock()
        token = token or uuid.uuid4().hex
        until = to_iso(now + lease)
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            await self._ensure_guild(db, guild_id)
            old = await self._digest_row(db, guild_id, digest_date, sid)
            if old is None:
                await db.execute(
                    "INSERT INTO posted_digests(guild_id, schedule_id, digest_date, channel_id, "
                    "posted_at, state, claim_token, lease_until) "
                    "VALUES (?, ?, ?, ?, ?, 'posting', ?, ?)",
                    (guild_id, sid, digest_date, channel_id, to_iso(now), token, until),
                )
            else:
                if old.state == "done":
                    return None
                if old.state == "posting" and old.lease_until is not None and old.lease_until > now:
                    return None
                restart = not old.message_ids or (
                    old.state == "failed" and old.channel_id != channel_id
                )
                log.info(
                    "taking over the %s digest of guild %s (%s, %d of %s message(s) sent)",
                    digest_date,
                    guild_id,
                    old.state,
                    len(old.message_ids),
                    old.planned if old.planned is not None else "?",
                )
                await db.execute(
                    "UPDATE posted_digests SET state = 'posting', claim_token = ?, "
                    "lease_until = ?, error = NULL, channel_id = ?, message_ids = ?, "
                    f"threads = CASE WHEN ? = 1 THEN '{{}}' ELSE threads END WHERE {_DIGEST_KEY}",
                    (
                        token,
                        until,
                        channel_id if restart else old.channel_id,
                        "[]" if restart else json.dumps(list(old.message_ids)),
                        int(restart),
                        guild_id,
                        sid,
                        digest_date,
                    ),
                )
            return await self._digest_row(db, guild_id, digest_date, sid)

    async def plan_digest(
        self,
        guild_id: int,
        digest_date: str,
        token: str,
        plan: Sequence[MessagePayload],
        *,
        lease: timedelta = DIGEST_LEASE,
        schedule_id: int | None = None,
    ) -> PostedDigest | None:
        """Store the messages a claim will post (once: a planned claim keeps its plan, so a
        resumed post sends the same messages). None when `token` no longer holds the claim."""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            cur = await db.execute(
                "UPDATE posted_digests SET plan = ?, planned = ?, lease_until = ? "
                f"WHERE {_DIGEST_KEY} AND state = 'posting' AND claim_token = ? "
                "AND plan IS NULL",
                (
                    json.dumps(list(plan), ensure_ascii=False),
                    len(plan),
                    to_iso(self.clock() + lease),
                    guild_id,
                    sid,
                    digest_date,
                    token,
                ),
            )
            if cur.rowcount == 0:
                return None
            return await self._digest_row(db, guild_id, digest_date, sid)

    async def record_digest_message(
        self,
        guild_id: int,
        digest_date: str,
        token: str,
        index: int,
        message_id: int,
        *,
        lease: timedelta = DIGEST_LEASE,
        schedule_id: int | None = None,
    ) -> bool:
        """Record that message `index` (0-based) of the plan was sent as `message_id`, and
        renew the lease; one atomic write. False, recording nothing, when `token` no longer
        holds the claim or `index` is not the next message (someone else recorded it)."""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            cur = await db.execute(
                "UPDATE posted_digests SET message_ids = json_insert(message_ids, '$[#]', ?), "
                f"lease_until = ? WHERE {_DIGEST_KEY} AND state = 'posting' "
                "AND claim_token = ? AND json_array_length(message_ids) = ?",
                (
                    message_id,
                    to_iso(self.clock() + lease),
                    guild_id,
                    sid,
                    digest_date,
                    token,
                    index,
                ),
            )
            return cur.rowcount > 0

    async def record_digest_thread(
        self,
        guild_id: int,
        digest_date: str,
        token: str,
        index: int,
        thread_id: int,
        article_ids: Sequence[int] = (),
        *,
        lease: timedelta = DIGEST_LEASE,
        schedule_id: int | None = None,
    ) -> bool:
        """Record that a thread was opened on planned message `index` for the story of
        `article_ids` (so a resumed post never opens it again, and follows find the story's
        thread), and renew the lease. False, recording nothing, when `token` no longer
        holds the claim."""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            async with db.execute(
                f"SELECT state, claim_token, threads FROM posted_digests WHERE {_DIGEST_KEY}",
                (guild_id, sid, digest_date),
            ) as cur:
                row = await cur.fetchone()
            if row is None or row["state"] != "posting" or row["claim_token"] != token:
                return False
            threads = json.loads(row["threads"])
            threads[str(index)] = {"id": thread_id, "articles": list(article_ids)}
            await db.execute(
                f"UPDATE posted_digests SET threads = ?, lease_until = ? WHERE {_DIGEST_KEY}",
                (
                    json.dumps(threads),
                    to_iso(self.clock() + lease),
                    guild_id,
                    sid,
                    digest_date,
                ),
            )
            return True

    async def renew_digest_claim(
        self,
        guild_id: int,
        digest_date: str,
        token: str,
        *,
        lease: timedelta = DIGEST_LEASE,
        schedule_id: int | None = None,
    ) -> bool:
        """The heartbeat: extend the lease of a claim `token` holds; False if it lost it."""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            cur = await db.execute(
                f"UPDATE posted_digests SET lease_until = ? WHERE {_DIGEST_KEY} "
                "AND state = 'posting' AND claim_token = ?",
                (to_iso(self.clock() + lease), guild_id, sid, digest_date, token),
            )
            return cur.rowcount > 0

    async def finish_digest(
        self,
        guild_id: int,
        digest_date: str,
        message_ids: list[int] | None = None,
        *,
        token: str | None = None,
        schedule_id: int | None = None,
    ) -> bool:
        """Mark the digest done (posted now), with `message_ids` or the ids recorded so far.

        With `token`, only while that token holds a 'posting' claim; False otherwise."""
        guard = " AND state = 'posting' AND claim_token = ?" if token is not None else ""
        ids = None if message_ids is None else json.dumps(message_ids)
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            cur = await db.execute(
                "UPDATE posted_digests SET state = 'done', message_ids = COALESCE(?, message_ids), "
                "planned = COALESCE(planned, json_array_length(COALESCE(?, message_ids))), "
                "posted_at = ?, plan = NULL, claim_token = NULL, lease_until = NULL, "
                f"error = NULL WHERE {_DIGEST_KEY}{guard}",
                (ids, ids, to_iso(self.clock()), guild_id, sid, digest_date)
                + ((token,) if token is not None else ()),
            )
            return cur.rowcount > 0

    async def release_digest(
        self,
        guild_id: int,
        digest_date: str,
        token: str | None = None,
        *,
        schedule_id: int | None = None,
    ) -> None:
        """Give up a 'posting' claim without finishing it (posting failed, or the process is
        stopping). If no message was sent the claim is deleted and the next run starts over;
        otherwise it keeps its progress with its lease ended, so the next run (of any
        process) resumes after the last message sent. With `token`, only that token's claim.
        """
        guard = " AND claim_token = ?" if token is not None else ""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            key = (guild_id, sid, digest_date) + ((token,) if token is not None else ())
            await db.execute(
                f"DELETE FROM posted_digests WHERE {_DIGEST_KEY} AND state = 'posting' "
                f"AND json_array_length(message_ids) = 0{guard}",
                key,
            )
            await db.execute(
                f"UPDATE posted_digests SET lease_until = ? WHERE {_DIGEST_KEY} "
                f"AND state = 'posting'{guard}",
                (to_iso(self.clock()),) + key,
            )

    async def fail_digest(
        self,
        guild_id: int,
        digest_date: str,
        reason: str,
        token: str | None = None,
        *,
        schedule_id: int | None = None,
    ) -> None:
        """The channel refused the bot: mark the claim failed (keeping its progress) and
        pause its schedule with `reason` (every schedule of the guild for a claim made
        without one), in one transaction; the guild's other schedules go on. Setting the
        schedule again (`set_digest_schedule`) clears the pause."""
        guard = " AND claim_token = ?" if token is not None else ""
        async with self._tx() as db:
            sid = await self._schedule_of(db, guild_id, schedule_id)
            await db.execute(
                "UPDATE posted_digests SET state = 'failed', error = ?, claim_token = NULL, "
                f"lease_until = NULL WHERE {_DIGEST_KEY} AND state = 'posting'{guard}",
                (reason, guild_id, sid, digest_date) + ((token,) if token is not None else ()),
            )
            which = " AND id = ?" if sid else ""
            await db.execute(
                f"UPDATE digest_schedules SET paused_reason = ? WHERE guild_id = ?{which}",
                (reason, guild_id) + ((sid,) if sid else ()),
            )

    async def posted_digest(
        self, guild_id: int, digest_date: str, schedule_id: int | None = None
    ) -> PostedDigest | None:
        """The digest row of (schedule, date) in any state (see `PostedDigest.state`);
        without `schedule_id`, the guild's first one of that date."""
        if schedule_id is not None:
            sql = f"SELECT {_DIGEST_COLS} FROM posted_digests WHERE {_DIGEST_KEY}"
            args: tuple[Any, ...] = (guild_id, schedule_id, digest_date)
        else:
            sql = (
                f"SELECT {_DIGEST_COLS} FROM posted_digests WHERE guild_id = ? "
                "AND digest_date = ? ORDER BY schedule_id LIMIT 1"
            )
            args = (guild_id, digest_date)
        row = await self._one(sql, args)
        return None if row is None else _posted(row, self.clock())

    async def story_threads(
        self, guild_id: int, channel_id: int, digest_dates: Sequence[str]
    ) -> list[tuple[int, frozenset[int]]]:
        """The story threads the guild's digests of these dates opened in a channel:
        (thread id, the story's article ids), newest digest first; what a follow posts
        into."""
        if not digest_dates:
            return []
        marks = ", ".join("?" for _ in digest_dates)
        rows = await self._all(
            "SELECT threads FROM posted_digests WHERE guild_id = ? AND channel_id = ? "
            f"AND digest_date IN ({marks}) AND threads <> '{{}}' "
            "ORDER BY digest_date DESC, schedule_id",
            (guild_id, channel_id, *digest_dates),
        )
        out = []
        for r in rows:
            for v in json.loads(r["threads"]).values():
                out.append((int(v["id"]), frozenset(int(a) for a in v.get("articles", []))))
        return out

    async def last_posted_digest(
        self, guild_id: int, schedule_id: int | None = None
    ) -> PostedDigest | None:
        """The latest digest posted in full (of one schedule, or of any)."""
        which = "" if schedule_id is None else " AND schedule_id = ?"
        row = await self._one(
            f"SELECT {_DIGEST_COLS} FROM posted_digests WHERE guild_id = ? AND state = 'done'"
            f"{which} ORDER BY digest_date DESC, posted_at DESC LIMIT 1",
            (guild_id,) + (() if schedule_id is None else (schedule_id,)),
        )
        return None if row is None else _posted(row, self.clock())

    # ------------------------------------------------------------------ follows & alerts
    # A follow (migration 0007) owes alerts; alerts are queued by the ingest path right
    # after an article is stored, and posted in id order by whoever claims them: a claim
    # is 'sending' with a token and a lease (as the digest's claim, migration 0003), so a
    # process that died mid-send leaves a claim others take over once its lease lapses.

    async def add_follow(
        self,
        guild_id: int,
        kind: str,
        target: str,
        *,
        actor_id: int | None,
        channel_id: int | None,
        role_id: int | None,
    ) -> tuple[Follow, bool]:
        """Follow a person or topic; (follow, created). The same kind, target and channel
        again updates the role and resumes a paused follow."""
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id)
            async with db.execute(
                "SELECT id FROM follows WHERE guild_id = ? AND kind = ? AND target = ? "
                "AND actor_id IS NOT DISTINCT FROM ? AND channel_id IS NOT DISTINCT FROM ?",
                (guild_id, kind, target, actor_id, channel_id),
            ) as cur:
                row = await cur.fetchone()
            if row is not None:
                follow_id, created = int(row["id"]), False
                await db.execute(
                    "UPDATE follows SET role_id = ?, paused_reason = NULL WHERE id = ?",
                    (role_id, follow_id),
                )
            else:
                cur2 = await db.execute(
                    "INSERT INTO follows(guild_id, kind, actor_id, target, channel_id, role_id, "
                    "created_at) VALUES (?,?,?,?,?,?,?)",
                    (guild_id, kind, actor_id, target, channel_id, role_id, to_iso(self.clock())),
                )
                follow_id, created = int(cur2.lastrowid or 0), True
        follow = await self.follow(guild_id, follow_id)
        assert follow is not None
        return follow, created

    async def follows(self, guild_id: int, kind: str | None = None) -> list[Follow]:
        """A guild's follows (of one kind), oldest first, with their alert counts."""
        sql = f"SELECT {_FOLLOW_COLS} FROM follows f WHERE f.guild_id = ?"
        args: list[Any] = [guild_id]
        if kind is not None:
            sql += " AND f.kind = ?"
            args.append(kind)
        return [_follow(r) for r in await self._all(sql + " ORDER BY f.id", args)]

    async def follow(self, guild_id: int, follow_id: int) -> Follow | None:
        row = await self._one(
            f"SELECT {_FOLLOW_COLS} FROM follows f WHERE f.guild_id = ? AND f.id = ?",
            (guild_id, follow_id),
        )
        return None if row is None else _follow(row)

    async def remove_follow(self, guild_id: int, follow_id: int) -> bool:
        """Stop a follow; its alerts (queued or sent) go with it."""
        async with self._tx() as db:
            cur = await db.execute(
                "DELETE FROM follows WHERE guild_id = ? AND id = ?", (guild_id, follow_id)
            )
            return cur.rowcount > 0

    async def pause_follow(self, follow_id: int, reason: str) -> None:
        async with self._tx() as db:
            await db.execute(
                "UPDATE follows SET paused_reason = ? WHERE id = ?", (reason, follow_id)
            )

    async def queue_person_alerts(
        self,
        guild_id: int,
        article_id: int,
        follows: Sequence[tuple[int, int]],
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> int:
        """Queue an alert per quote of the article by each followed actor: `follows` are
        (follow_id, actor_id). Only attributions at least `min_confidence` sure count (rows
        stored before confidences existed do). A statement already alerted for the follow
        (the same words from another outlet) is not queued again. Returns how many were
        queued."""
        if not follows:
            return 0
        queued = 0
        now = to_iso(self.clock())
        async with self._tx() as db:
            for follow_id, actor_id in follows:
                cur = await db.execute(
                    "INSERT OR IGNORE INTO alerts(follow_id, guild_id, article_id, quote_id, "
                    "created_at) SELECT ?, ?, q.article_id, q.id, ? FROM quotes q "
                    "WHERE q.article_id = ? AND q.actor_id = ? "
                    "AND (q.confidence IS NULL OR q.confidence >= ?) AND NOT EXISTS ("
                    " SELECT 1 FROM alerts a JOIN quotes q2 ON q2.id = a.quote_id "
                    " WHERE a.follow_id = ? AND q2.text_key = q.text_key) ORDER BY q.start",
                    (follow_id, guild_id, now, article_id, actor_id, min_confidence, follow_id),
                )
                queued += max(cur.rowcount, 0)
        return queued

    async def article_matches(self, guild_id: int, article_id: int, query: str) -> bool:
        """Whether the article matches every word of `query` (full-text search)."""
        match = fts_query(query)
        if match is None:
            return False
        source, matches = _MATCH_SQL[self.dialect]
        row = await self._one(
            f"SELECT 1 FROM {source} WHERE {matches} AND a.guild_id = ? AND a.id = ?",
            (match, guild_id, article_id),
        )
        return row is not None

    async def matching_articles(
        self, guild_id: int, query: str, since: datetime, limit: int = 200
    ) -> list[Article]:
        """Articles stored since `since` that match every word of `query`, oldest first."""
        match = fts_query(query)
        if match is None:
            return []
        source, matches = _MATCH_SQL[self.dialect]
        rows = await self._all(
            f"SELECT {_columns(_ARTICLE_FIELDS, 'a')} FROM {source} WHERE {matches} "
            "AND a.guild_id = ? AND a.ingested_at >= ? ORDER BY a.id DESC LIMIT ?",
            (match, guild_id, to_iso(since), limit),
        )
        return [_article(r, self.clock) for r in reversed(rows)]

    async def alerted_articles(self, follow_id: int, article_ids: Sequence[int]) -> set[int]:
        """Which of the articles already gave the follow an alert."""
        if not article_ids:
            return set()
        marks = ",".join("?" * len(article_ids))
        rows = await self._all(
            f"SELECT article_id FROM alerts WHERE follow_id = ? AND article_id IN ({marks})",
            (follow_id, *article_ids),
        )
        return {int(r["article_id"]) for r in rows}

    async def queue_story_alert(
        self, follow_id: int, guild_id: int, article_id: int, story_article_id: int
    ) -> bool:
        """Queue a topic alert for a story (known by its first article); False when the
        follow already has one for that story."""
        async with self._tx() as db:
            cur = await db.execute(
                "INSERT OR IGNORE INTO alerts(follow_id, guild_id, article_id, "
                "story_article_id, created_at) VALUES (?,?,?,?,?)",
                (follow_id, guild_id, article_id, story_article_id, to_iso(self.clock())),
            )
            return cur.rowcount > 0

    async def claim_next_alert(
        self, token: str, *, lease: timedelta = DIGEST_LEASE
    ) -> Alert | None:
        """Claim the oldest alert that is due for posting (queued, or 'sending' under a
        lapsed lease) of a follow that has a channel and is not paused; None if none.
        Atomic across processes: of several claimants, one gets each alert. Only the
        oldest pending alert of each follow can be claimed, so while one is being sent
        (or its sender's lease runs) no later alert of that follow overtakes it, whichever
        process or round claims next."""
        now = self.clock()
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE alerts SET state = 'sending', claim_token = ?, lease_until = ? "
                "WHERE id = (SELECT a.id FROM alerts a JOIN follows f ON f.id = a.follow_id "
                " WHERE f.channel_id IS NOT NULL AND f.paused_reason IS NULL AND "
                " (a.state = 'queued' OR (a.state = 'sending' AND a.lease_until <= ?)) "
                " AND NOT EXISTS (SELECT 1 FROM alerts b WHERE b.follow_id = a.follow_id "
                "  AND b.id < a.id AND b.state IN ('queued', 'sending')) "
                " ORDER BY a.id LIMIT 1) RETURNING id",
                (token, to_iso(now + lease), to_iso(now)),
            )
            row = await cur.fetchone()
        if row is None:
            return None
        return await self.alert(int(row["id"]))

    async def alert(self, alert_id: int) -> Alert | None:
        row = await self._one(f"{_ALERT_SELECT} WHERE al.id = ?", (alert_id,))
        return None if row is None else _alert(row)

    async def finish_alert(self, alert_id: int, token: str, message_id: int) -> bool:
        """Mark a claimed alert sent; False if `token` no longer holds it."""
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE alerts SET state = 'sent', message_id = ?, sent_at = ?, "
                "claim_token = NULL, lease_until = NULL, error = NULL "
                "WHERE id = ? AND state = 'sending' AND claim_token = ?",
                (message_id, to_iso(self.clock()), alert_id, token),
            )
            return cur.rowcount > 0

    async def release_alert(
        self, alert_id: int, token: str, *, error: str | None = None, pause: str | None = None
    ) -> None:
        """Give a claimed alert back to the queue (it is sent later, in order); with
        `pause`, also pause its follow with that reason, in the same transaction."""
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE alerts SET state = 'queued', claim_token = NULL, lease_until = NULL, "
                "error = ? WHERE id = ? AND state = 'sending' AND claim_token = ? "
                "RETURNING follow_id",
                (error, alert_id, token),
            )
            row = await cur.fetchone()
            if row is not None and pause is not None:
                await db.execute(
                    "UPDATE follows SET paused_reason = ? WHERE id = ?",
                    (pause, row["follow_id"]),
                )

    async def alerts(
        self, guild_id: int, *, since: datetime | None = None, limit: int = 200
    ) -> list[Alert]:
        """A guild's alerts, queued or sent, oldest first."""
        sql = f"{_ALERT_SELECT} WHERE al.guild_id = ?"
        args: list[Any] = [guild_id]
        if since is not None:
            sql += " AND al.created_at >= ?"
            args.append(to_iso(since))
        sql += " ORDER BY al.id DESC LIMIT ?"
        args.append(limit)
        return [_alert(r) for r in reversed(await self._all(sql, args))]

    async def follow_role(self, guild_id: int) -> int | None:
        """The role whose members may use /follow besides Manage Server (migration 0010)."""
        row = await self._one("SELECT follow_role_id FROM guilds WHERE id = ?", (guild_id,))
        return None if row is None or row["follow_role_id"] is None else int(row["follow_role_id"])

    async def set_follow_role(self, guild_id: int, role_id: int | None) -> None:
        """Set (None: clear) the role whose members may use /follow."""
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id)
            await db.execute(
                "UPDATE guilds SET follow_role_id = ? WHERE id = ?", (role_id, guild_id)
            )

    # ------------------------------------------------------------------ digest length
    # Kept in `meta` under one key per guild, not in a guilds column: a server's choice of
    # digest length is a preference, read once per digest, and needs no migration.
    async def digest_length(self, guild_id: int) -> tuple[int | None, int | None]:
        """A guild's own digest length (stories, characters); None where it uses the default."""
        raw = await self.get_meta(f"digest_length.{guild_id}")
        if raw is None:
            return None, None
        stories, _, chars = raw.partition(",")
        return (int(stories) if stories else None, int(chars) if chars else None)

    async def set_digest_length(
        self, guild_id: int, stories: int | None, chars: int | None
    ) -> None:
        """Set (or with None, reset to the default) a guild's digest length."""
        await self.set_meta(
            f"digest_length.{guild_id}",
            f"{'' if stories is None else stories},{'' if chars is None else chars}",
        )

    # ------------------------------------------------------------------ meta
    async def get_meta(self, key: str) -> str | None:
        row = await self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    async def set_meta(self, key: str, value: str) -> None:
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
