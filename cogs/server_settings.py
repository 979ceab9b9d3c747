"""/settings: a server's own settings, for members with Manage Server.

`/settings follow-role` chooses the role whose members may use /follow besides those with
Manage Server (issue 11); `/settings show` lists what the server has set. (The module is
not called `settings.py`: `briefings/settings.py` has that name, and module names are
unique in this code base.)
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from briefings.errors import InputError
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import guild_id, manage_guild_only
from cogs.utils.embeds import settings_embed
from cogs.utils.markdown import esc_clip


class ServerSettings(BriefingsCog):
    settings = app_commands.Group(
        name="settings",
        description="This server's settings for Briefings (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @settings.command(name="follow-role", description="Let a role's members use /follow")
    @app_commands.describe(
        role="Members of this role may use /follow; leave empty for Manage Server only"
    )
    @manage_guild_only()
    async def follow_role(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        gid = guild_id(interaction)
        if role is not None and role.is_default():
            raise InputError(
                "Not @everyone: every member could then set up alerts that ping roles. "
                "Pick a role for the members who should manage follows."
            )
        await self.app.follows.set_follow_role(gid, role.id if role else None)
        if role is None:
            text = "Only members with Manage Server may use /follow now."
        else:
            text = (
                f"Members of <@&{role.id}> ({esc_clip(role.name, 100)}) may now use /follow, "
                "as may members with Manage Server."
            )
        await interaction.response.send_message(text, ephemeral=True)

    @settings.command(name="show", description="What this server has set")
    @manage_guild_only()
    async def show(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True, ephemeral=True)
        embed = settings_embed(
            await self.app.follows.follow_role(gid),
            await self.app.digests.schedules(gid),
            await self.app.digests.length(gid),
        )
        await interaction.followup.send(embed=embed, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ServerSettings(bot))
