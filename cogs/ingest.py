"""/ingest: add an article from a URL, pasted text or an attached file."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from briefings.errors import InputError
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import guild_id
from cogs.utils.embeds import ingest_embed


class Ingest(BriefingsCog):
    @app_commands.command(
        name="ingest",
        description="Add a news article: a URL, pasted text or an attached .txt/.md/.html file",
    )
    @app_commands.describe(
        url="Link to the article (http or https)",
        text="The article's text, pasted",
        title="Title for pasted text (optional)",
        file="A .txt, .md or .html file with the article",
    )
    @app_commands.guild_only()
    async def ingest(
        self,
        interaction: discord.Interaction,
        url: str | None = None,
        text: str | None = None,
        title: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        given = [name for name, v in (("url", url), ("text", text), ("file", file)) if v]
        if len(given) != 1:
            raise InputError("Give exactly one of `url`, `text` or `file`.")
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        ingest = self.app.ingest
        if url:
            result = await ingest.url(gid, url)
        elif text:
            result = await ingest.text(gid, text, title=title)
        else:
            assert file is not None
            if file.size > self.app.settings.fetch_max_bytes:
                raise InputError(f"{file.filename} is too large ({file.size // 1024} KB).")
            data = await file.read()
            result = await ingest.file(gid, file.filename, data)
        await interaction.followup.send(embed=ingest_embed(result))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Ingest(bot))
