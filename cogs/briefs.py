"""/brief: extractive summaries of an article, the latest articles, today, or a topic."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from briefings.briefs.brief_service import MAX_SENTENCES, Brief, method_choices
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import MAX_ID, Bounded, guild_id
from cogs.utils.embeds import brief_embeds
from cogs.utils.limits import CHOICE_NAME, CHOICES, pack_messages

METHOD_CHOICES = [
    app_commands.Choice(name=label[:CHOICE_NAME], value=m) for label, m in method_choices()
][:CHOICES]
Sentences = app_commands.Transform[int, Bounded(1, MAX_SENTENCES, "The number of sentences")]
ArticleId = app_commands.Transform[int, Bounded(1, MAX_ID, "The article number")]
Count = app_commands.Transform[int, Bounded(1, 50, "The number of articles")]


class Briefs(BriefingsCog):
    brief = app_commands.Group(
        name="brief", description="Extractive news summaries", guild_only=True
    )

    async def _send(self, interaction: discord.Interaction, brief: Brief) -> None:
        messages = pack_messages(brief_embeds(brief))
        for embeds in messages:
            await interaction.followup.send(embeds=embeds)

    @brief.command(name="article", description="Summarise one stored article")
    @app_commands.describe(
        id="Article number (see /search or /ingest)",
        sentences="How many sentences (per story for several articles)",
        method="How to pick sentences (default: news)",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    async def article(
        self,
        interaction: discord.Interaction,
        id: ArticleId,
        sentences: Sentences | None = None,
        method: app_commands.Choice[str] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        brief = await self.app.briefs.article(gid, id, sentences, method.value if method else None)
        await self._send(interaction, brief)

    @brief.command(name="latest", description="The latest articles, grouped into stories")
    @app_commands.describe(
        count="How many recent articles (default 5)",
        sentences="How many sentences (per story for several articles)",
        method="How to pick sentences (default: news)",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    async def latest(
        self,
        interaction: discord.Interaction,
        count: Count = 5,
        sentences: Sentences | None = None,
        method: app_commands.Choice[str] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        brief = await self.app.briefs.latest(
            gid, count, sentences, method.value if method else None
        )
        await self._send(interaction, brief)

    @brief.command(name="today", description="Every story of today, most covered first")
    @app_commands.describe(
        sentences="How many sentences (per story for several articles)",
        method="How to pick sentences (default: news)",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    async def today(
        self,
        interaction: discord.Interaction,
        sentences: Sentences | None = None,
        method: app_commands.Choice[str] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        brief = await self.app.briefs.today(gid, sentences, method.value if method else None)
        await self._send(interaction, brief)

    @brief.command(name="topic", description="The stories about a topic")
    @app_commands.describe(
        query="Words to search for",
        sentences="How many sentences (per story for several articles)",
        method="How to pick sentences (default: news)",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    async def topic(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        sentences: Sentences | None = None,
        method: app_commands.Choice[str] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        brief = await self.app.briefs.topic(
            gid, query, sentences=sentences, method=method.value if method else None
        )
        await self._send(interaction, brief)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Briefs(bot))
