"""/follow: alerts when a person says something new or a story on a topic appears, and the
loop that posts them.

The core queues alerts as articles are stored and guarantees each is posted once, in
order (`FollowService.deliver`); this cog gives it `send_alert`, which posts one alert and
translates Discord's refusals into `ChannelRefused` (that pauses the follow). An alert may
ping only the role its follow was set up with: its allowed mentions name that one role,
never everyone, users or other roles, whatever the quoted text contains.

Who may use /follow: members with Manage Server, and members of the role a server admin
chose with `/settings follow-role`. The command group therefore has no
`default_permissions` (Discord would hide it from the role's members, who hold no
permission it could name); every member sees it, and the cog checks each use
(`interaction_check`), answering anyone else privately with what they would need.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands
from discord.ext import commands, tasks

from briefings.errors import BriefingsError, ChannelRefused, InputError
from briefings.models import Alert, Follow
from cogs.utils.base import BriefingsCog
from cogs.utils.checks import guild_id, has_manage_guild, require_bot_can_post
from cogs.utils.embeds import alert_message, follows_embed
from cogs.utils.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, fit_content
from cogs.utils.markdown import esc_clip, plain

log = logging.getLogger(__name__)

DELIVER_SECONDS = 15.0
"""How often queued alerts are looked for (they are also posted right after a follow is
added)."""


class NotAFollower(BriefingsError, app_commands.CheckFailure):
    """The member may not manage follows: the message says who may."""


def role_ids(interaction: discord.Interaction) -> list[int]:
    """The roles of the member who interacted (none outside a server)."""
    user = interaction.user
    return [r.id for r in user.roles] if isinstance(user, discord.Member) else []


def alert_mentions(alert: Alert) -> discord.AllowedMentions:
    """Who an alert may ping: its follow's role, or no one."""
    roles: list[discord.abc.Snowflake] | bool = (
        [discord.Object(alert.role_id)] if alert.role_id else False
    )
    return discord.AllowedMentions(everyone=False, users=False, roles=roles, replied_user=False)


def require_mentionable(role: discord.Role) -> None:
    """Refuse a role the bot could not ping (so alerts would silently not notify anyone)."""
    if role.is_default():
        raise InputError("A follow cannot ping @everyone: pick a role.")
    me: discord.Member | None = role.guild.me
    can_anyway = me is not None and me.guild_permissions.mention_everyone
    if not role.mentionable and not can_anyway:
        raise InputError(
            f"I can't mention the role {esc_clip(role.name, 100)}: make it mentionable "
            "(Server Settings → Roles) or give me the Mention All Roles permission."
        )


def require_member_may_ping(interaction: discord.Interaction, role: discord.Role) -> None:
    """A member of the follow role (without Manage Server) may have a follow ping only a
    role they could ping themselves: the bot's own Mention All Roles permission must not
    let them reach a role that is not mentionable."""
    perms = interaction.permissions
    if role.mentionable or perms.mention_everyone or has_manage_guild(interaction):
        return
    raise InputError(
        f"You can't mention the role {esc_clip(role.name, 100)} yourself, so a follow you set "
        "up can't either: pick a mentionable role, or ask someone with Manage Server."
    )


def _described(follow: Follow, created: bool) -> str:
    verb = "Now following" if created else "Updated the follow of"
    what = "person" if follow.kind == "person" else "topic"
    role = f", pinging <@&{follow.role_id}>" if follow.role_id else ""
    return fit_content(
        f"{verb} {what} **{esc_clip(follow.target, 200)}** (`#{follow.id}`): alerts go to "
        f"<#{follow.channel_id}>{role}."
    )


class Follows(BriefingsCog):
    follow = app_commands.Group(
        name="follow",
        description="Alerts when a person speaks or a story appears (Manage Server or the "
        "follow role)",
        guild_only=True,
    )

    async def cog_load(self) -> None:
        self.deliver_alerts.change_interval(seconds=DELIVER_SECONDS)
        self.deliver_alerts.start()

    async def cog_unload(self) -> None:
        self.deliver_alerts.cancel()

    # ------------------------------------------------------------------ who may
    async def may_follow(self, interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            return False
        return await self.app.follows.may_follow(
            interaction.guild_id,
            manages_guild=has_manage_guild(interaction),
            role_ids=role_ids(interaction),
        )

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Every /follow command: Manage Server, or the role `/settings follow-role` set."""
        gid = guild_id(interaction)
        if await self.may_follow(interaction):
            return True
        role = await self.app.follows.follow_role(gid)
        if role is None:
            raise NotAFollower(
                "You need the Manage Server permission to manage follows here. A server "
                "admin can let a role manage them too with `/settings follow-role`."
            )
        raise NotAFollower(
            f"You need the Manage Server permission or the <@&{role}> role to manage follows here."
        )

    # ------------------------------------------------------------------ commands
    @follow.command(name="person", description="Post each new statement by a person")
    @app_commands.describe(
        actor="The person (as /quotes knows them)",
        channel="Where to post the alerts",
        role="A role to ping with each alert (optional; must be mentionable)",
    )
    async def person(
        self,
        interaction: discord.Interaction,
        actor: app_commands.Range[str, 1, 100],
        channel: discord.TextChannel,
        role: discord.Role | None = None,
    ) -> None:
        await self._start(
            interaction,
            channel,
            role,
            lambda gid, cid, rid: self.app.follows.follow_person(gid, actor, cid, rid),
        )

    @person.autocomplete("actor")
    async def actor_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await self.may_follow(interaction):
            return []
        actors = await self.app.quotes.actors(interaction.guild_id, current, CHOICES)
        return [
            app_commands.Choice(
                name=plain(f"{a.name} ({a.quote_count})", CHOICE_NAME), value=a.name[:CHOICE_VALUE]
            )
            for a in actors[:CHOICES]
        ]

    @follow.command(name="topic", description="Post each new story on a topic, once per story")
    @app_commands.describe(
        query="Words the story's articles must contain",
        channel="Where to post the alerts",
        role="A role to ping with each alert (optional; must be mentionable)",
    )
    async def topic(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        channel: discord.TextChannel,
        role: discord.Role | None = None,
    ) -> None:
        await self._start(
            interaction,
            channel,
            role,
            lambda gid, cid, rid: self.app.follows.follow_topic(gid, query, cid, rid),
        )

    async def _start(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        role: discord.Role | None,
        follow: Callable[[int, int, int | None], Awaitable[tuple[Follow, bool]]],
    ) -> None:
        """What both kinds of follow check and answer: the bot may post in the channel and
        ping the role, and so may the member (checked before deferring, so a refusal is
        private and immediate)."""
        gid = guild_id(interaction)
        require_bot_can_post(channel, "alerts")
        if role is not None:
            require_mentionable(role)
            require_member_may_ping(interaction, role)
        await interaction.response.defer(thinking=True)
        made, created = await follow(gid, channel.id, role.id if role else None)
        await interaction.followup.send(_described(made, created))

    @follow.command(name="list", description="This server's follows, and any paused")
    async def list_follows(self, interaction: discord.Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(embed=follows_embed(await self.app.follows.all(gid)))

    @follow.command(name="remove", description="Stop a follow")
    @app_commands.describe(id="The follow (its number)")
    async def remove(self, interaction: discord.Interaction, id: str) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        gone = await self.app.follows.remove(gid, id)
        await interaction.followup.send(
            fit_content(f"Stopped following {gone.kind} **{esc_clip(gone.target, 200)}**.")
        )

    @remove.autocomplete("id")
    async def follow_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await self.may_follow(interaction):
            return []
        c = current.lower().lstrip("#")
        return [
            app_commands.Choice(
                name=plain(f"#{f.id} {f.kind}: {f.target}", CHOICE_NAME), value=str(f.id)
            )
            for f in await self.app.follows.all(interaction.guild_id)
            if c in f.target.lower() or c == str(f.id) or not c
        ][:CHOICES]

    # ------------------------------------------------------------------ delivery
    @tasks.loop(seconds=DELIVER_SECONDS)
    async def deliver_alerts(self) -> None:
        try:
            sent = await self.app.follows.deliver(self.send_alert)
        except Exception:  # the loop must survive anything one round throws
            log.exception("alert delivery failed")
            return
        if sent:
            log.info("posted %d alert(s)", len(sent))

    @deliver_alerts.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def send_alert(self, alert: Alert) -> int:
        """Post one alert; its message id. A channel that refuses the bot for good (403,
        404, not a text channel) becomes `ChannelRefused`; anything else propagates and
        the alert is tried again next round."""
        if alert.channel_id is None:
            raise ChannelRefused(0, "no channel")
        content, embed = alert_message(alert)
        try:
            channel = self.bot.get_channel(alert.channel_id) or await self.bot.fetch_channel(
                alert.channel_id
            )
            if not isinstance(channel, discord.abc.Messageable):
                raise ChannelRefused(alert.channel_id, "not a text channel")
            msg = await channel.send(
                content=content,
                embed=embed,
                allowed_mentions=alert_mentions(alert),
                # Discord keeps one message per nonce for a while: an alert re-sent after
                # a crash between sending and recording it is not posted twice.
                nonce=f"alert-{alert.id}"[:25],
            )
        except (discord.Forbidden, discord.NotFound) as err:
            raise ChannelRefused(alert.channel_id, err.text or f"HTTP {err.status}") from err
        return msg.id


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Follows(bot))
