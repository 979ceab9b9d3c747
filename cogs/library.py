"""/search and /article: finding and reading stored articles."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from briefings.errors import NotFoundError
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import MAX_ID, Bounded, guild_id
from cogs.utils.embeds import article_embed, search_embed

ArticleId = app_commands.Transform[int, Bounded(1, MAX_ID, "The article number")]


class Library(BriefingsCog):
    @app_commands.command(name="search", description="Full-text search of stored articles")
    @app_commands.describe(query="Words to look for")
    @app_commands.guild_only()
    async def search(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        hits = await self.app.store.search(gid, query, limit=10)
        await interaction.followup.send(embed=search_embed(query, hits))

    @app_commands.command(name="article", description="Show one stored article")
    @app_commands.describe(id="Article number")
    @app_commands.guild_only()
    async def article(self, interaction: discord.Interaction, id: ArticleId) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        art = await self.app.store.article(gid, id)
        if art is None:
            raise NotFoundError(f"No article #{id} in this server.")
        spans = await self.app.store.sentence_spans(art.id)
        quotes = await self.app.store.article_quotes(gid, art.id)
        await interaction.followup.send(embed=article_embed(art, spans, quotes))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Library(bot))
