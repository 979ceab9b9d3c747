"""Runtime permission checks. `default_permissions` only hides a command by default;
server admins can change that in Integrations settings, so the bot checks again."""

from __future__ import annotations

import discord
from discord import app_commands


def manage_guild_only() -> app_commands.check:  # type: ignore[valid-type]
    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        perms = interaction.permissions
        if not (perms.manage_guild or perms.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    return app_commands.check(predicate)


def guild_id(interaction: discord.Interaction) -> int:
    """The server an interaction came from; every command is scoped by it."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id
