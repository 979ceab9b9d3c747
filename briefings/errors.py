"""Errors a user can act on.

Every exception derived from `BriefingsError` carries a one-line message meant
for people: the CLI prints it and exits non-zero, the bot answers with it. Any
other exception is a bug and is logged with its traceback instead.
"""

from __future__ import annotations


class BriefingsError(Exception):
    """Base class: `str(err)` is a complete, user-facing sentence."""


class ConfigError(BriefingsError):
    """A setting is missing or malformed."""


class InputError(BriefingsError):
    """The user's input cannot be used (empty text, binary file, bad URL...)."""


class FetchError(BriefingsError):
    """A URL could not be fetched (HTTP error, timeout, too large, refused)."""


class BlockedURLError(FetchError):
    """A URL points at an address the bot must not reach (SSRF protection)."""


class NotFoundError(BriefingsError):
    """The thing asked for does not exist in this server's store."""


class SchemaError(BriefingsError):
    """The database cannot be used by this Briefings (it was made by a newer version)."""


class ChannelRefused(BriefingsError):
    """The chat service refuses the bot a channel for good (no access or permission, or the
    channel is gone): retrying will not help until someone fixes it. `reason` is the
    service's short wording (e.g. "Missing Permissions"), `channel_id` the channel."""

    def __init__(self, channel_id: int, reason: str) -> None:
        super().__init__(f"The bot cannot post in channel {channel_id} ({reason}).")
        self.channel_id = channel_id
        self.reason = reason
