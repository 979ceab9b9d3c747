"""Plain records the store returns and the services pass around.

They are frozen dataclasses with no behaviour tied to SQLite or Discord, so the
CLI can print them as JSON and the cogs can render them as embeds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, datetimes and lists of them as JSON-ready values."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


@dataclass(frozen=True, slots=True)
class GuildSettings:
    id: int
    name: str | None
    timezone: str | None
    digest_channel_id: int | None
    digest_time: str | None
    digest_enabled: bool
    digest_set_at: datetime | None = None
    digest_paused_reason: str | None = None  # why posting stopped (the channel refused)


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    """One of a guild's digests (migration 0008): posted daily at `time` in `timezone`
    (None: the bot's default zone) to `channel_id`; with `topic`, only the stories whose
    articles match that full-text query; with `threads`, each story in its own thread."""

    id: int
    guild_id: int
    channel_id: int
    time: str
    timezone: str | None
    topic: str | None
    threads: bool
    enabled: bool
    set_at: datetime | None
    paused_reason: str | None = None

    def as_guild(self, guild_timezone: str | None = None) -> GuildSettings:
        """The schedule in the shape the schedule rules (`due_days`) read."""
        return GuildSettings(
            self.guild_id,
            None,
            self.timezone or guild_timezone,
            self.channel_id,
            self.time,
            self.enabled,
            self.set_at,
            self.paused_reason,
        )


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    guild_id: int
    title: str
    text: str
    url: str | None
    canonical_url: str | None
    site: str | None
    author: str | None
    published_at: datetime | None
    ingested_at: datetime
    content_hash: str
    source: str
    feed_id: int | None
    language: str | None
    word_count: int

    @property
    def when(self) -> datetime:
        """The article's date for people: publication time when known, else ingestion."""
        return self.published_at or self.ingested_at


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    idx: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class StoredQuote:
    id: int
    article_id: int
    actor_id: int | None
    speaker: str | None
    speaker_mention: str | None
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    text_key: str
    confidence: float | None = None
    """How far the attribution can be trusted (`Quote.confidence`); None if stored before."""
    actor_kind: str | None = None
    """The actor's kind ('person' or 'organisation') where the query asks for it (digests)."""
    # From the article, for digests.
    article_title: str = ""
    article_url: str | None = None
    article_site: str | None = None
    article_when: datetime | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    name: str
    quote_count: int = 0
    article_count: int = 0
    aliases: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "person"
    """'person' or 'organisation' (`briefings.quotes.speakers`)."""

    @property
    def is_organisation(self) -> bool:
        return self.kind == "organisation"


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    guild_id: int
    url: str
    title: str | None
    channel_id: int | None
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    next_poll_at: datetime | None
    failures: int
    last_error: str | None
    enabled: bool
    # Entries given up on (failed too often; never tried again). Counted where a feed is
    # listed or has just been polled (`Store.feeds`, `Store.record_feed_poll`), else 0.
    failed_entries: int = 0
    # Feed filter (migration 0007): folded words or phrases; see `briefings.feeds.filters`.
    filter_include: tuple[str, ...] = ()
    filter_exclude: tuple[str, ...] = ()


MessagePayload = dict[str, Any]
"""One planned message of a digest, JSON-ready (for Discord: its embeds as dicts)."""


@dataclass(frozen=True, slots=True)
class PostedDigest:
    """A guild's digest of one date: claimed and being posted, done, or failed.

    `message_ids` are the messages sent so far, in order: message k of `planned` was
    sent when `len(message_ids) > k`. `plan` holds the payloads of all planned messages
    while posting (None before planning and once done). `claim_token` and `lease_until`
    say who is posting and until when the claim is theirs without a heartbeat.
    """

    guild_id: int
    digest_date: str
    channel_id: int | None
    message_ids: tuple[int, ...]
    posted_at: datetime  # when done; while posting, when it was claimed
    state: str = "done"  # posting | done | failed
    planned: int | None = None
    plan: tuple[MessagePayload, ...] | None = None
    claim_token: str | None = None
    lease_until: datetime | None = None
    error: str | None = None
    schedule_id: int = 0  # the schedule it was posted for; 0: a claim made for the guild
    threads: dict[int, int] = field(default_factory=dict)  # plan index -> thread opened on it

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True, slots=True)
class QuoteActor:
    """How a quote's speaker maps to an actor, as decided by `briefings.quotes.actors`."""

    name: str
    name_key: str
    alias_keys: tuple[tuple[str, str], ...]  # (alias_key, alias as written)
    kind: str = "person"  # 'person' or 'organisation'


@dataclass(frozen=True, slots=True)
class Follow:
    """A guild following a person (`actor_id`) or a topic (`target` is the query).

    `channel_id` None: alerts are queued but not posted (a follow made from the CLI).
    `paused_reason` is set when the channel refused the bot: its alerts wait, queued.
    """

    id: int
    guild_id: int
    kind: str  # person | topic
    target: str
    actor_id: int | None
    channel_id: int | None
    role_id: int | None
    paused_reason: str | None
    created_at: datetime
    queued: int = 0  # alerts waiting to be posted
    sent: int = 0


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing a follow owes: a statement (person) or a story (topic), with its article."""

    id: int
    follow_id: int
    guild_id: int
    kind: str
    target: str
    channel_id: int | None
    role_id: int | None
    article_id: int
    article_title: str
    article_url: str | None
    article_site: str | None
    article_when: datetime | None
    quote_id: int | None
    quote_text: str | None
    speaker: str | None
    state: str  # queued | sending | sent | failed
    message_id: int | None
    error: str | None
    created_at: datetime
    sent_at: datetime | None
    story_article_id: int | None = None  # a topic alert: the first article of its story
