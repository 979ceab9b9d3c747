"""The base every cog shares: access to the core services through the bot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from briefings.app import Briefings


class BriefingsCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @property
    def app(self) -> Briefings:
        return self.bot.app  # type: ignore[attr-defined,no-any-return]
