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
