"""One settings object, read from the environment and an optional `.env` file.

Everything configurable lives here so the bot, the CLI and the tests agree on
names and defaults; `.env.example` documents each variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from briefings.errors import ConfigError

DISCORD_API_DEFAULT = "https://discord.com/api/v10"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    v = value.strip().lower()
    if v in {"1", "true", "yes", "on"}:
        return True
    if v in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"expected a yes/no value, got {value!r}")


def _int(name: str, value: str | None, default: int | None) -> int | None:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None


def _float(name: str, value: str | None, default: float) -> float:
    if value is None or value.strip() == "":
        return default
    try:
        return float(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime configuration. Build with `Settings.load()`; tests use `replace()`."""

    discord_token: str | None = None
    db_path: Path = Path("briefings.db")
    guild_id: int | None = None
    discord_api_base: str = DISCORD_API_DEFAULT
    discord_gateway_url: str | None = None
    log_level: str = "INFO"
    default_timezone: str = "UTC"
    # Fetching: every limit a hostile URL could otherwise abuse.
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_max_redirects: int = 5
    fetch_allow_private: bool = False
    fetch_user_agent: str = "Mozilla/5.0 (compatible; BriefingsBot/0.1)"
    # Feeds.
    feed_poll_minutes: float = 15.0
    feed_max_failures: int = 5
    feed_max_new_entries: int = 20
    # Digest scheduler tick.
    digest_check_seconds: float = 60.0

    @classmethod
    def load(
        cls, env: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Read settings: explicit `env` wins, then the process environment, then `.env`."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if env is None else env)
        g = values.get
        tz = (g("BRIEFINGS_TIMEZONE") or "UTC").strip()
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"BRIEFINGS_TIMEZONE {tz!r} is not an IANA time zone") from None
        api = (g("DISCORD_API_BASE") or DISCORD_API_DEFAULT).strip().rstrip("/")
        if not api.startswith(("http://", "https://")):
            raise ConfigError(f"DISCORD_API_BASE must be an http(s) URL, got {api!r}")
        gateway = (g("DISCORD_GATEWAY_URL") or "").strip() or None
        if gateway and not gateway.startswith(("ws://", "wss://")):
            raise ConfigError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, got {gateway!r}")
        level = (g("LOG_LEVEL") or "INFO").strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        return cls(
            discord_token=(g("DISCORD_TOKEN") or "").strip() or None,
            db_path=Path(g("BRIEFINGS_DB") or "briefings.db"),
            guild_id=_int("DISCORD_GUILD_ID", g("DISCORD_GUILD_ID"), None),
            discord_api_base=api,
            discord_gateway_url=gateway,
            log_level=level,
            default_timezone=tz,
            fetch_timeout=_float("BRIEFINGS_FETCH_TIMEOUT", g("BRIEFINGS_FETCH_TIMEOUT"), 20.0),
            fetch_max_bytes=_int(
                "BRIEFINGS_FETCH_MAX_BYTES", g("BRIEFINGS_FETCH_MAX_BYTES"), 5 * 1024 * 1024
            )
            or 5 * 1024 * 1024,
            fetch_max_redirects=_int(
                "BRIEFINGS_FETCH_MAX_REDIRECTS", g("BRIEFINGS_FETCH_MAX_REDIRECTS"), 5
            )
            or 0,
            fetch_allow_private=_bool(g("BRIEFINGS_ALLOW_PRIVATE_URLS"), False),
            feed_poll_minutes=_float(
                "BRIEFINGS_FEED_POLL_MINUTES", g("BRIEFINGS_FEED_POLL_MINUTES"), 15.0
            ),
            feed_max_failures=_int(
                "BRIEFINGS_FEED_MAX_FAILURES", g("BRIEFINGS_FEED_MAX_FAILURES"), 5
            )
            or 5,
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (tests and the CLI's --db flag use it)."""
        return replace(self, **changes)  # type: ignore[arg-type]
