"""/help: one line per command, what it does and an example, for a reader new to the bot."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.utils.base import BriefingsCog
from cogs.utils.embeds import BRAND

# (command, what it does, an example). tests/cogs/test_help.py checks every registered
# command is listed here, so a new command cannot be forgotten.
COMMANDS: list[tuple[str, str, str]] = [
    ("/ingest", "store an article from a URL, pasted text or a file", "/ingest url:https://…"),
    ("/brief article", "summarise one stored article", "/brief article id:12"),
    ("/brief latest", "the latest articles, grouped into stories", "/brief latest count:10"),
    ("/brief today", "every story of today, most covered first", "/brief today"),
    ("/brief topic", "the stories about a topic", "/brief topic query:climate change"),
    ("/search", "full-text search of stored articles", "/search query:Kabul"),
    ("/article", "show one stored article", "/article id:12"),
    ("/quotes", "what a person said, with date and source", "/quotes actor:Putin since:7d"),
    ("/actors", "people quoted, most quoted first", "/actors"),
    (
        "/digest schedule",
        "post a daily digest at a set time, all news or a topic, in threads (Manage Server)",
        "/digest schedule channel:#news time:18:00 timezone:Europe/Berlin topic:climate "
        "threads:true",
    ),
    ("/digest now", "preview the last 24 hours' digest", "/digest now full:true"),
    ("/digest length", "how long the digest may be", "/digest length stories:5 characters:2000"),
    ("/digest status", "when the next digest is due", "/digest status"),
    ("/digest list", "this server's digests with their ids and next runs", "/digest list"),
    ("/digest off", "stop one digest by id, or all of them", "/digest off schedule:2"),
    ("/feeds add", "follow an RSS/Atom feed (Manage Server)", "/feeds add url:https://…/rss"),
    ("/feeds list", "this server's feeds", "/feeds list"),
    ("/feeds remove", "stop following a feed", "/feeds remove feed:3"),
    (
        "/feeds filter",
        "keep only a feed's entries with these words",
        '/feeds filter id:3 include:"climate policy" exclude:sport',
    ),
    (
        "/follow person",
        "post each new statement by a person (Manage Server or the follow role)",
        "/follow person actor:Lavrov channel:#alerts role:@analysts",
    ),
    (
        "/follow topic",
        "post each new story on a topic, once per story",
        "/follow topic query:Afghanistan channel:#alerts",
    ),
    ("/follow list", "this server's follows, and any paused", "/follow list"),
    ("/follow remove", "stop a follow", "/follow remove id:2"),
    (
        "/settings follow-role",
        "let a role's members use /follow; no role: Manage Server only (Manage Server)",
        "/settings follow-role role:@analysts",
    ),
    ("/settings show", "this server's settings", "/settings show"),
    ("/help", "this list", "/help"),
]


def help_embed() -> discord.Embed:
    lines = [f"`{cmd}`: {what}. Example: `{example}`" for cmd, what, example in COMMANDS]
    return discord.Embed(title="Briefings commands", colour=BRAND, description="\n".join(lines))


class Help(BriefingsCog):
    @app_commands.command(name="help", description="Every command with an example")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Help(bot))
