"""One settings object, read from the environment and an optional `.env` file.

Everything configurable lives here so the bot, the CLI and the tests agree on names and
defaults. Each field carries its default, the environment variable it is read from and the
rule its value must satisfy, in one place: `load()` walks the fields, so a new setting is one
field here (and one line in `.env.example`). An empty variable means "use the default"; an
explicit value that breaks the rule (a zero timeout, a negative size) is refused with a
one-line `ConfigError`, never silently replaced by the default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from briefings.errors import ConfigError
from briefings.shards import Shards, parse_shard_ids

DISCORD_API_DEFAULT = "https://discord.com/api/v10"

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# A parser turns the variable's stripped, non-empty text into the field's value, or raises
# ConfigError with a message that names the variable.
Parser = Callable[[str, str], Any]


def _text(name: str, raw: str) -> str:
    return raw


def _path(name: str, raw: str) -> Path:
    return Path(raw)


def _bool(name: str, raw: str) -> bool:
    v = raw.lower()
    if v in {"1", "true", "yes", "on"}:
        return True
    if v in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _int(minimum: int) -> Parser:
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, got {value}")
        return value

    return parse


def _positive_float(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{name} must be a positive number, got {raw!r}")
    return value


def _timezone(name: str, raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name} {raw!r} is not an IANA time zone") from None
    return raw


def _http_url(name: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def _postgres_url(name: str, raw: str) -> str:
    if not raw.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{name} must be a postgresql:// URL, got {raw.split('@')[-1]!r}")
    return raw


def _ws_url(name: str, raw: str) -> str:
    if not raw.startswith(("ws://", "wss://")):
        raise ConfigError(f"{name} must be a ws(s) URL, got {raw!r}")
    return raw


def _log_level(name: str, raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{name} must be DEBUG, INFO, WARNING or ERROR, got {raw!r}")
    return level


def _setting(default: Any, env: str | None = None, parse: Parser = _text) -> Any:
    """A field with its default, its environment variable (None: not configurable from the
    environment, only in code and tests) and its parser."""
    return field(default=default, metadata={"env": env, "parse": parse})


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime configuration. Build with `Settings.load()`; tests use `with_()`."""

    discord_token: str | None = _setting(None, "DISCORD_TOKEN")
    db_path: Path = _setting(Path("briefings.db"), "BRIEFINGS_DB", _path)
    # PostgreSQL instead of the SQLite file (several processes, one shared database).
    database_url: str | None = _setting(None, "BRIEFINGS_DATABASE_URL", _postgres_url)
    guild_id: int | None = _setting(None, "DISCORD_GUILD_ID", _int(1))
    discord_api_base: str = _setting(DISCORD_API_DEFAULT, "DISCORD_API_BASE", _http_url)
    discord_gateway_url: str | None = _setting(None, "DISCORD_GATEWAY_URL", _ws_url)
    log_level: str = _setting("INFO", "LOG_LEVEL", _log_level)
    default_timezone: str = _setting("UTC", "BRIEFINGS_TIMEZONE", _timezone)
    # Fetching: every limit a hostile URL could otherwise abuse.
    fetch_timeout: float = _setting(20.0, "BRIEFINGS_FETCH_TIMEOUT", _positive_float)
    fetch_max_bytes: int = _setting(5 * 1024 * 1024, "BRIEFINGS_FETCH_MAX_BYTES", _int(1024))
    fetch_max_redirects: int = _setting(5, "BRIEFINGS_FETCH_MAX_REDIRECTS", _int(0))
    fetch_allow_private: bool = _setting(False, "BRIEFINGS_ALLOW_PRIVATE_URLS", _bool)
    fetch_user_agent: str = _setting("Mozilla/5.0 (compatible; BriefingsBot/0.1)")
    # Feeds.
    feed_poll_minutes: float = _setting(15.0, "BRIEFINGS_FEED_POLL_MINUTES", _positive_float)
    feed_max_failures: int = _setting(5, "BRIEFINGS_FEED_MAX_FAILURES", _int(1))
    feed_max_new_entries: int = _setting(20)
    # Digest scheduler tick.
    digest_check_seconds: float = _setting(60.0)
    # Digest length: a reader finishes it in about two minutes; the rest of the day is
    # counted and reachable with `/digest now full:true`, `/brief today`, `digest --full`.
    digest_max_stories: int = _setting(8, "BRIEFINGS_DIGEST_MAX_STORIES", _int(1))
    digest_max_chars: int = _setting(3000, "BRIEFINGS_DIGEST_MAX_CHARS", _int(500))
    # Worker processes for CPU work (parsing, analysis, summaries): how many (None: one per
    # CPU, at least 2 and at most 8), and the seconds one job may run before it is stopped.
    workers: int | None = _setting(None, "BRIEFINGS_WORKERS", _int(1))
    job_timeout: float = _setting(120.0, "BRIEFINGS_JOB_TIMEOUT", _positive_float)
    # Several processes (issue 9): how many shards in all, and which this process runs.
    # Both empty: one process runs every shard Discord recommends.
    shard_count: int | None = _setting(None, "BRIEFINGS_SHARD_COUNT", _int(1))
    shard_ids: tuple[int, ...] | None = _setting(None, "BRIEFINGS_SHARD_IDS", parse_shard_ids)

    def __post_init__(self) -> None:
        if self.shard_ids is not None and self.shard_count is None:
            raise ConfigError("BRIEFINGS_SHARD_IDS needs BRIEFINGS_SHARD_COUNT (the total)")
        if self.shard_ids is not None and self.shard_count is not None:
            too_big = [i for i in self.shard_ids if i >= self.shard_count]
            if too_big:
                raise ConfigError(
                    f"BRIEFINGS_SHARD_IDS names shard {too_big[0]}, but shards are numbered "
                    f"0 to {self.shard_count - 1} (BRIEFINGS_SHARD_COUNT={self.shard_count})"
                )

    @property
    def shards(self) -> Shards:
        """The shards this process runs (every one unless BRIEFINGS_SHARD_COUNT is set)."""
        if self.shard_count is None:
            return Shards()
        ids = self.shard_ids if self.shard_ids is not None else range(self.shard_count)
        return Shards(self.shard_count, frozenset(ids))

    @property
    def database(self) -> str | Path:
        """Where the store lives: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url or self.db_path

    @classmethod
    def load(
        cls, env: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Read settings: explicit `env` wins, then the process environment, then `.env`."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if env is None else env)
        chosen: dict[str, Any] = {}
        for f in fields(cls):
            name = f.metadata.get("env")
            raw = (values.get(name) or "").strip() if name else ""
            if raw:
                chosen[f.name] = f.metadata["parse"](name, raw)
        return cls(**chosen)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (tests and the CLI's --db flag use it)."""
        return replace(self, **changes)

    @classmethod
    def variables(cls) -> dict[str, Any]:
        """Every environment variable with its default: what `.env.example` documents."""
        return {f.metadata["env"]: f.default for f in fields(cls) if f.metadata.get("env")}
