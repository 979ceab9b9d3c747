"""Runtime checks. `default_permissions` only hides a command by default; server admins can
change that in Integrations settings, so the bot checks again. Option bounds are declared to
Discord and checked again here too: discord.py does not enforce `min_value`/`max_value`, and
a number beyond SQLite's 64-bit integers must never reach the core."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from briefings.errors import InputError

T = TypeVar("T")

#: The largest integer Discord's clients can send (JavaScript's safe integers); well inside
#: SQLite's signed 64-bit INTEGER.
MAX_ID = 2**53 - 1

#: What the bot needs in a channel to post there: see it, send, and show embeds.
POST_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}


def has_manage_guild(interaction: discord.Interaction) -> bool:
    """Whether the member who interacted holds Manage Server (or Administrator) here."""
    if interaction.guild_id is None:
        return False
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


def manage_guild_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if not has_manage_guild(interaction):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    return app_commands.check(predicate)


def guild_id(interaction: discord.Interaction) -> int:
    """The server an interaction came from; every command is scoped by it."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


class Bounded(app_commands.Transformer):
    """An integer option with bounds: declared to Discord (`min_value`/`max_value`, as
    `app_commands.Range` does) and checked again when the command runs, with a plain error.

    Use as `app_commands.Transform[int, Bounded(1, 50, "The count")]`."""

    def __init__(self, low: int, high: int, what: str) -> None:
        if not -MAX_ID <= low <= high <= MAX_ID:
            raise ValueError(f"bad bounds {low}..{high}")
        self.low = low
        self.high = high
        self.what = what

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.integer

    @property
    def min_value(self) -> int:
        return self.low

    @property
    def max_value(self) -> int:
        return self.high

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{self.what} must be a whole number.")
        if not self.low <= value <= self.high:
            raise InputError(f"{self.what} must be from {self.low} to {self.high}.")
        return value


def require_bot_can_post(channel: discord.abc.GuildChannel, what: str) -> None:
    """Refuse a channel the bot cannot post embeds in, naming the missing permissions."""
    # Typed as always there, but None until the guild's own member is cached.
    me: discord.Member | None = channel.guild.me
    if me is None:  # let the post itself report it
        return
    perms = channel.permissions_for(me)
    # Without View Channel Discord denies the rest, and without Send Messages, Embed Links:
    # name the first one missing, the one to grant first.
    missing = next(
        (label for attr, label in POST_PERMISSIONS.items() if not getattr(perms, attr)), None
    )
    if missing:
        raise InputError(
            f"I can't post {what} in {channel.mention}: I am missing the {missing} permission "
            "there. Give it to me in that channel, or choose another channel."
        )
