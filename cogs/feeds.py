"""/feeds: RSS/Atom subscriptions, and the loop that polls them."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from briefings.feeds.filters import FeedFilter
from briefings.feeds.subscriptions import PollResult
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import (
    guild_id,
    has_manage_guild,
    manage_guild_only,
    require_bot_can_post,
)
from cogs.utils.embeds import feeds_embed
from cogs.utils.limits import CHOICE_NAME, CHOICES, TITLE, fit_content
from cogs.utils.markdown import esc_clip, link, plain, url_text

log = logging.getLogger(__name__)
ANNOUNCE_MAX = 10


class Feeds(BriefingsCog):
    feeds = app_commands.Group(
        name="feeds",
        description="RSS/Atom feeds to ingest automatically (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def cog_load(self) -> None:
        self.poll_feeds.start()

    async def cog_unload(self) -> None:
        self.poll_feeds.cancel()

    @feeds.command(name="add", description="Subscribe to a feed")
    @app_commands.describe(url="The feed's URL", channel="Announce new articles here (optional)")
    @manage_guild_only()
    async def add(
        self, interaction: discord.Interaction, url: str, channel: discord.TextChannel | None = None
    ) -> None:
        gid = guild_id(interaction)
        if channel is not None:
            require_bot_can_post(channel, "new articles")
        await interaction.response.defer(thinking=True)
        feed, created = await self.app.feeds.add(gid, url, channel.id if channel else None)
        verb = "Subscribed to" if created else "Already subscribed to"
        where = (
            f"; new articles will be announced in <#{feed.channel_id}>" if feed.channel_id else ""
        )
        title = esc_clip(feed.title, 200)
        await interaction.followup.send(
            fit_content(f"{verb} `#{feed.id}` {title} {url_text(feed.url)}{where}.")
        )

    @feeds.command(name="remove", description="Unsubscribe from a feed")
    @app_commands.describe(feed="The feed (its number or URL)")
    @manage_guild_only()
    async def remove(self, interaction: discord.Interaction, feed: str) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        removed = await self.app.feeds.remove(gid, feed)
        await interaction.followup.send(f"Unsubscribed from {url_text(removed.url)}.")

    @feeds.command(name="filter", description="Keep only a feed's entries with these words")
    @app_commands.describe(
        id="The feed (its number or URL)",
        include='Keep entries with any of these words or "quoted phrases" (empty: all)',
        exclude='Drop entries with any of these words or "quoted phrases"',
    )
    @manage_guild_only()
    async def filter(
        self,
        interaction: discord.Interaction,
        id: str,
        include: app_commands.Range[str, None, 1000] | None = None,
        exclude: app_commands.Range[str, None, 1000] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        feed = await self.app.feeds.set_filter(gid, id, include, exclude)
        flt = FeedFilter(feed.filter_include, feed.filter_exclude)
        what = f"filter {esc_clip(flt.describe(), 1500)}" if not flt.empty else "no filter"
        await interaction.followup.send(
            fit_content(f"Feed `#{feed.id}` {url_text(feed.url)} now has {what}.")
        )

    @remove.autocomplete("feed")
    async def feed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._feed_choices(interaction, current)

    async def _feed_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Autocomplete runs no command checks: only those who may remove feeds see them.
        if interaction.guild_id is None or not has_manage_guild(interaction):
            return []
        feeds = await self.app.feeds.subscriptions(interaction.guild_id)
        c = current.lower()
        return [
            app_commands.Choice(
                name=plain(f"#{f.id} {plain(f.title) or f.url}", CHOICE_NAME), value=str(f.id)
            )
            for f in feeds
            if c in f.url.lower() or c in (f.title or "").lower() or c == str(f.id)
        ][:CHOICES]

    @filter.autocomplete("id")
    async def filter_feed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._feed_choices(interaction, current)

    @feeds.command(name="list", description="List this server's feeds")
    @manage_guild_only()
    async def list_feeds(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        feeds = await self.app.feeds.subscriptions(gid)
        await interaction.followup.send(embed=feeds_embed(feeds))

    # ------------------------------------------------------------------ poller
    @tasks.loop(minutes=1)
    async def poll_feeds(self) -> None:
        try:
            results = await self.app.feeds.poll_due()
        except Exception:
            log.exception("feed polling failed")
            return
        unfinished = sum(r.unfinished for r in results)
        if unfinished:
            log.info("feed poll ran out of time: %d feed(s) continue next time", unfinished)
        for result in results:
            try:
                await self.announce(result)
            except discord.HTTPException:
                log.warning("could not announce feed %s", result.feed.id, exc_info=True)

    @poll_feeds.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def announce(self, result: PollResult) -> None:
        """Tell the feed's channel about new articles, and about a feed switched off."""
        feed = result.feed
        if feed.channel_id is None:
            return
        channel: object = self.bot.get_channel(feed.channel_id)
        if channel is None and not self.app.settings.shards.owns(feed.guild_id):
            # A guild of another process's shard, polled here with a feed URL they share
            # (`FeedService.poll_due`): not in this process's cache, but Discord's HTTP
            # API takes a message for any channel the bot can see.
            channel = self.bot.get_partial_messageable(feed.channel_id, guild_id=feed.guild_id)
        if not isinstance(channel, discord.abc.Messageable):
            return
        if result.disabled_now:
            error = esc_clip(feed.last_error or "unknown", 500)
            await channel.send(
                fit_content(
                    f"Feed `#{feed.id}` {url_text(feed.url)} failed {feed.failures} times in a "
                    f"row and is now switched off (last error: {error}). "
                    "Re-add it with `/feeds add` once it works again."
                )
            )
            return
        if not result.new:
            return
        name = esc_clip(feed.title, 200) if plain(feed.title) else url_text(feed.url)
        lines = []
        for r in result.new[:ANNOUNCE_MAX]:
            title = esc_clip(r.article.title, 150)
            lines.append(f"**#{r.article.id}** " + link(title, r.article.url))
        more = len(result.new) - ANNOUNCE_MAX
        if more > 0:
            lines.append(f"… and {more} more")
        heading = "New from "
        embed = discord.Embed(
            title=heading + esc_clip(plain(feed.title) or feed.url, TITLE - len(heading)),
            description="\n".join(lines),
        )
        await channel.send(
            content=fit_content(f"{len(result.new)} new article(s) from {name}"), embed=embed
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Feeds(bot))
