"""/digest: the scheduled daily digest, and the loop that posts it.

The loop only asks the core what is owed (`DigestService.run_due`); the core
decides what is due in each server's time zone and guarantees each day's
digest is posted once, across restarts. The cog gives it two Discord-facing
pieces: `render_digest` (a digest as message payloads, stored as the plan) and
`send_digest_message` (post one, translating Discord's refusals into
`ChannelRefused`, which pauses the schedule).
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from briefings.digest.daily import (
    MAX_DIGEST_CHARS,
    MAX_DIGEST_STORIES,
    MAX_TOPIC_CHARS,
    MIN_DIGEST_CHARS,
    DailyDigest,
    check_topic,
)
from briefings.errors import ChannelRefused, InputError
from briefings.models import MessagePayload
from briefings.timeutil import parse_hhmm, timezone_names, zone
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import (
    MAX_ID,
    Bounded,
    guild_id,
    manage_guild_only,
    require_bot_can_post,
)
from cogs.utils.embeds import (
    BRAND,
    digest_messages,
    digest_parts,
    schedule_embed,
    schedules_embed,
)
from cogs.utils.limits import CHOICES, clip, pack_messages

log = logging.getLogger(__name__)

ScheduleId = app_commands.Transform[int, Bounded(1, MAX_ID, "The digest id")]

THREAD_NAME = 100
"""Discord's longest thread name."""
THREAD_EXISTS = 160004
"""Discord's error code for a second thread on one message."""

UNLOAD_TIMEOUT = 10.0
"""Seconds a stopping bot waits for the scheduler to give up a digest it is posting."""


class Digest(BriefingsCog):
    digest = app_commands.Group(
        name="digest",
        description="The daily news digest (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def cog_load(self) -> None:
        self.check_digests.change_interval(seconds=self.app.settings.digest_check_seconds)
        self.check_digests.start()

    async def cog_unload(self) -> None:
        self.check_digests.cancel()
        # Let a digest being posted give its claim up (progress kept) before the store
        # closes, so the next start resumes it at once instead of after the lease.
        task = self.check_digests.get_task()
        if task is not None and task is not asyncio.current_task():
            await asyncio.wait({task}, timeout=UNLOAD_TIMEOUT)

    # ------------------------------------------------------------------ commands
    @digest.command(name="schedule", description="Post a digest every day at a set time")
    @app_commands.describe(
        channel="Where to post (a forum too, with threads)",
        time="24-hour time, e.g. 08:00",
        timezone="IANA time zone, e.g. Europe/Berlin",
        topic="Only stories matching these words, e.g. climate (default: every story)",
        threads="Post each story as its own thread (a forum post in a forum)",
    )
    @manage_guild_only()
    async def schedule(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel,
        time: str,
        timezone: str,
        topic: app_commands.Range[str, 1, MAX_TOPIC_CHARS] | None = None,
        threads: bool = False,
    ) -> None:
        gid = guild_id(interaction)
        # Refuse at once what can never work, before anything is stored: a bad time, zone
        # or topic, or a channel the bot cannot post in (it would fail there every day).
        parse_hhmm(time)
        zone(timezone)
        check_topic(topic)
        if isinstance(channel, discord.ForumChannel) and not threads:
            raise InputError(
                f"{channel.mention} is a forum: a digest there needs `threads:true` "
                "(each story becomes a forum post)."
            )
        require_bot_can_post(channel, "the digest")
        await interaction.response.defer(thinking=True)
        status = await self.app.digests.schedule(
            gid, channel.id, time, timezone, topic=topic, threads=threads
        )
        await interaction.followup.send(embed=schedule_embed(status))

    @schedule.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower().replace(" ", "_")
        starts = [z for z in timezone_names() if z.lower().startswith(needle)]
        inside = [z for z in timezone_names() if needle in z.lower() and z not in starts]
        return [app_commands.Choice(name=z, value=z) for z in (starts + inside)[:CHOICES]]

    @digest.command(name="off", description="Stop a daily digest (default: all of them)")
    @app_commands.describe(schedule="The id shown by /digest list (default: every digest)")
    @manage_guild_only()
    async def off(
        self,
        interaction: discord.Interaction,
        schedule: ScheduleId | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        was_on = await self.app.digests.off(gid, schedule)
        if schedule is not None:
            text = (
                f"Digest #{schedule} is now off."
                if was_on
                else f"Digest #{schedule} was already off (or is not one of this server's)."
            )
        else:
            text = "The daily digest is now off." if was_on else "The daily digest was already off."
        await interaction.followup.send(text)

    @digest.command(name="list", description="This server's digests: ids, next run, paused")
    @manage_guild_only()
    async def list_(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        infos = await self.app.digests.schedules(gid)
        await interaction.followup.send(embed=schedules_embed(infos), ephemeral=True)

    @digest.command(
        name="now", description="Preview the digest of the last 24 hours (only you see it)"
    )
    @app_commands.describe(full="Show every story of the day, not only the top ones")
    @manage_guild_only()
    async def now(self, interaction: discord.Interaction, full: bool = False) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        digest = await self.app.digests.preview(gid, full=full)
        for embeds in pack_messages(digest_messages(digest)):
            await interaction.followup.send(embeds=embeds, ephemeral=True)

    @digest.command(name="length", description="How long the daily digest may be")
    @app_commands.describe(
        stories="At most this many stories (default 8)",
        characters="About this many characters (default 3000)",
    )
    @manage_guild_only()
    async def length(
        self,
        interaction: discord.Interaction,
        stories: app_commands.Range[int, 1, MAX_DIGEST_STORIES] | None = None,
        characters: app_commands.Range[int, MIN_DIGEST_CHARS, MAX_DIGEST_CHARS] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        n, chars = await self.app.digests.set_length(gid, stories, characters)
        await interaction.followup.send(
            f"The daily digest now shows at most {n} stories in about {chars:,} characters; "
            "the rest of the day is counted and shown by `/digest now full:true`.",
            ephemeral=True,
        )

    @digest.command(name="status", description="When the next digest is due")
    @manage_guild_only()
    async def status(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        status = await self.app.digests.status(gid)
        await interaction.followup.send(embed=schedule_embed(status), ephemeral=True)

    # ------------------------------------------------------------------ scheduler
    @tasks.loop(seconds=60)
    async def check_digests(self) -> None:
        try:
            posted = await self.app.digests.run_due(self.render_digest, self.send_digest_message)
        except Exception:  # the loop must survive anything one run throws
            log.exception("digest check failed")
            return
        for gid, day in posted:
            log.info("posted the %s digest in guild %s", day, gid)

    @check_digests.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    @staticmethod
    def render_digest(digest: DailyDigest) -> list[MessagePayload]:
        """A digest as the messages to post (several when it is long), JSON-ready: the core
        stores them with its claim, so a resumed post sends exactly these.

        With threads, the heading message comes first, then per story a short first
        message that the core opens a thread on ("thread": its name and the story's
        articles, so follows find it) and the story's messages inside that thread
        ("in_thread": the index of that first message); see `DigestService.run_due`."""
        if not digest.threads:
            return [
                {"embeds": [dict(e.to_dict()) for e in embeds]}
                for embeds in pack_messages(digest_messages(digest))
            ]
        head, stories = digest_parts(digest)
        plan: list[MessagePayload] = [
            {"embeds": [dict(e.to_dict()) for e in embeds]} for embeds in pack_messages(head)
        ]
        for story, title, embeds in stories:
            opener = discord.Embed(title=title, colour=BRAND)
            opener.description = f"{story.outlets} outlet(s): the story is in the thread."
            first = len(plan)
            plan.append(
                {
                    "embeds": [dict(opener.to_dict())],
                    "thread": {
                        "name": clip(story.headline, THREAD_NAME),
                        "articles": [a.id for a in story.articles],
                    },
                }
            )
            plan.extend(
                {"embeds": [dict(e.to_dict()) for e in part], "in_thread": first}
                for part in pack_messages(embeds)
            )
        return plan

    async def send_digest_message(self, channel_id: int, payload: MessagePayload) -> int:
        """Post one planned message (or open a thread, see `render_digest`); its id once
        Discord accepted it.

        In a forum, a message becomes a forum post (the thread and its first message,
        which share their id). Discord refusing the channel for good (403 Missing Access /
        Missing Permissions, 404 Unknown Channel, or not a text channel) becomes
        `ChannelRefused`, which pauses the schedule; anything else (5xx, timeouts)
        propagates and is retried next tick."""
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
            opening = payload.get("open_thread")
            if opening is not None:
                return await self._open_thread(
                    channel, int(opening["message_id"]), str(opening["name"])
                )
            embeds = [discord.Embed.from_dict(e) for e in payload["embeds"]]
            if isinstance(channel, discord.ForumChannel):
                name = (payload.get("thread") or {}).get("name") or embeds[0].title or "Digest"
                made = await channel.create_thread(name=clip(str(name), THREAD_NAME), embeds=embeds)
                return made.thread.id
            if not isinstance(channel, discord.abc.Messageable):
                raise ChannelRefused(channel_id, "not a text channel")
            msg = await channel.send(embeds=embeds)
        except (discord.Forbidden, discord.NotFound) as err:
            raise ChannelRefused(channel_id, err.text or f"HTTP {err.status}") from err
        return msg.id

    @staticmethod
    async def _open_thread(channel: object, message_id: int, name: str) -> int:
        """The thread on a story's first message: opened now, or the one opened before (a
        resumed digest: Discord refuses a second thread on a message, and a thread opened
        on a message has that message's id). In a forum the post is the thread already."""
        if isinstance(channel, discord.ForumChannel):
            return message_id
        if not isinstance(channel, discord.TextChannel):
            raise ChannelRefused(getattr(channel, "id", 0), "threads need a text channel")
        try:
            thread = await channel.get_partial_message(message_id).create_thread(
                name=clip(name, THREAD_NAME)
            )
        except discord.HTTPException as err:
            if err.code == THREAD_EXISTS:
                return message_id
            raise
        return thread.id


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Digest(bot))
