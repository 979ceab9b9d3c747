"""/quotes and /actors: what a person said across this server's articles."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from briefings.timeutil import parse_since
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import Bounded, guild_id
from cogs.utils.embeds import actor_pages, actors_embed
from cogs.utils.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES
from cogs.utils.markdown import plain
from cogs.utils.paginator import Paginator

Limit = app_commands.Transform[int, Bounded(1, 500, "The number of quotes")]


class Quotes(BriefingsCog):
    @app_commands.command(name="quotes", description="What a person said, with date and source")
    @app_commands.describe(
        actor="The person (any form of their name)",
        since="Only newer articles: e.g. 7d, 24h, 2w or 2026-11-01",
        limit="At most this many quotes (default 50)",
        uncertain="Also show attributions the bot is not sure of, marked as uncertain",
    )
    @app_commands.guild_only()
    async def quotes(
        self,
        interaction: discord.Interaction,
        actor: app_commands.Range[str, 1, 100],
        since: str | None = None,
        limit: Limit = 50,
        uncertain: bool = False,
    ) -> None:
        gid = guild_id(interaction)
        after = parse_since(since, self.app.clock()) if since else None
        await interaction.response.defer(thinking=True)
        digest = await self.app.quotes.digest(
            gid, actor, since=after, limit=limit, uncertain=uncertain
        )
        pages = actor_pages(digest)
        if len(pages) == 1:
            await interaction.followup.send(embed=pages[0])
            return
        view = Paginator(pages, owner_id=interaction.user.id)
        view.message = await interaction.followup.send(embed=pages[0], view=view, wait=True)

    @quotes.autocomplete("actor")
    async def actor_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        actors = await self.app.quotes.actors(interaction.guild_id, current, CHOICES)
        return [
            app_commands.Choice(
                name=plain(
                    f"{a.name}{' · organisation' if a.is_organisation else ''} ({a.quote_count})",
                    CHOICE_NAME,
                ),
                value=a.name[:CHOICE_VALUE],
            )
            for a in actors[:CHOICES]
        ]

    @app_commands.command(
        name="actors", description="People (then organisations) quoted in this server's articles"
    )
    @app_commands.guild_only()
    async def actors(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        actors = await self.app.quotes.actors(gid, "", 10_000)  # 50 shown, the rest counted
        await interaction.followup.send(embed=actors_embed(actors))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Quotes(bot))
