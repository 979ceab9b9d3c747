"""Data model and JSON payload builders for :mod:`tests.support.fakediscord`.

Everything here is plain data: snowflakes, permission constants, the fake's guilds/channels/
users/attachments, the Discord objects (user, member, channel, guild, message) built from them
and component lookup.  No sockets; see the ``fakediscord`` package for the server (and its
``discord_limits`` module for command and message validation).  Field names follow Discord's API
v10 documentation; only the fields discord.py 2.7 reads (plus a few that bots commonly inspect)
are filled in.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import web

API_VERSION = 10
DISCORD_EPOCH = 1420070400000

# message flags
EPHEMERAL = 1 << 6
LOADING = 1 << 7

# permissions (Discord sends them as decimal strings)
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
ALL_PERMISSIONS: int = discord.Permissions.all().value
#: Discord's default @everyone permissions for a new guild (no MANAGE_GUILD, no ADMINISTRATOR).
DEFAULT_MEMBER_PERMISSIONS = 2248473465835073
#: What an invited bot typically gets: view, send, embed links, attach files, history, reactions,
#: external emojis, send in threads.
BOT_PERMISSIONS: int = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    external_emojis=True,
    send_messages_in_threads=True,
    use_application_commands=True,
).value

# application command option types
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11

# channel types
GUILD_TEXT, DM, GUILD_CATEGORY, GUILD_ANNOUNCEMENT = 0, 1, 4, 5
ANNOUNCEMENT_THREAD, PUBLIC_THREAD, GUILD_FORUM = 10, 11, 15
THREAD_TYPES = (ANNOUNCEMENT_THREAD, PUBLIC_THREAD, 12)

_counter = itertools.count(1)


def snowflake() -> str:
    """A unique, valid snowflake string (discord.py derives ``created_at`` from it)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def iso_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def perm_value(p: Any) -> int:
    """Accept an int, a decimal string or a ``discord.Permissions``."""
    if isinstance(p, discord.Permissions):
        return p.value
    return int(p)


def effective(perms: int) -> int:
    """Discord reports ADMINISTRATOR as every permission."""
    return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms


def jsonr(data: Any, status: int = 200, headers: dict[str, Any] | None = None) -> web.Response:
    """JSON response with Content-Type exactly ``application/json``.

    discord.py's ``json_or_text()`` only parses a body whose Content-Type is exactly that;
    aiohttp's ``web.json_response`` appends ``; charset=utf-8`` and discord.py would get a str.
    """
    h = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=h)


def error(
    status: int, code: int, message: str, errors: dict[str, Any] | None = None
) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return jsonr(body, status)


def unauthorized() -> web.Response:
    return error(401, 0, "401: Unauthorized")


def rate_limited(retry_after: float, *, is_global: bool = False) -> web.Response:
    headers = {
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": str(retry_after),
        "X-RateLimit-Bucket": "fakebucket",
        "X-RateLimit-Scope": "global" if is_global else "user",
        "Retry-After": str(max(1, round(retry_after))),
        # discord.py treats a 429 *without* a Via header as a Cloudflare ban and raises.
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    return jsonr(body, 429, headers)


# --------------------------------------------------------------------------- model
@dataclass(eq=False)
class FakeUser:
    """A Discord user.  ``permissions`` is what the user holds in every guild it belongs to
    (a guild can override it with :meth:`FakeGuild.set_permissions`)."""

    name: str
    permissions: int = DEFAULT_MEMBER_PERMISSIONS
    bot: bool = False
    id: str = field(default_factory=snowflake)
    guild_ids: set[str] | None = None  # None = member of every guild (incl. ones added later)

    @property
    def int_id(self) -> int:
        return int(self.id)

    def payload(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.name,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": self.bot,
            "flags": 0,
            "public_flags": 0,
        }


@dataclass(eq=False)
class FakeChannel:
    """A guild channel.  ``bot_denied`` is a permission overwrite denying bits to the bot's role
    (e.g. ``SEND_MESSAGES``): discord.py sees it in ``permissions_for(guild.me)`` and the fake
    answers 403 Missing Permissions when the bot posts there anyway."""

    name: str
    guild_id: str
    type: int = GUILD_TEXT
    id: str = field(default_factory=snowflake)
    position: int = 0
    topic: str | None = None
    bot_denied: int = 0
    parent_id: str | None = None  # a thread's channel (or forum)
    owner_id: str | None = None  # who started a thread

    @property
    def int_id(self) -> int:
        return int(self.id)

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self, bot_role_id: str | None = None) -> dict[str, Any]:
        if self.is_thread:
            return self.thread_payload()
        overwrites = []
        if self.bot_denied and bot_role_id:
            overwrites.append(
                {"id": bot_role_id, "type": 0, "allow": "0", "deny": str(self.bot_denied)}
            )
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "guild_id": self.guild_id,
            "position": self.position,
            "permission_overwrites": overwrites,
            "nsfw": False,
            "topic": self.topic,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    def thread_payload(self) -> dict[str, Any]:
        """A thread as Discord answers it (GET /channels/{id}, thread creation routes)."""
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "guild_id": self.guild_id,
            "parent_id": self.parent_id,
            "owner_id": self.owner_id,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": iso_now(),
                "locked": False,
                "create_timestamp": iso_now(),
            },
        }

    def resolved_payload(self, permissions: int) -> dict[str, Any]:
        """Shape of ``data.resolved.channels[id]`` (a partial channel with the invoker's perms)."""
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "guild_id": self.guild_id,
            "permissions": str(permissions),
            "parent_id": None,
            "position": self.position,
            "nsfw": False,
            "topic": self.topic,
            "flags": 0,
            "rate_limit_per_user": 0,
            "last_message_id": None,
        }


@dataclass(eq=False)
class FakeGuild:
    """A guild with its text channels.  Every :class:`FakeUser` whose ``guild_ids`` is None or
    contains this id is a member.  ``channel`` is the default channel (the first one)."""

    name: str
    id: str = field(default_factory=snowflake)
    owner_id: str = ""
    channels: list[FakeChannel] = field(default_factory=list)
    bot_role_id: str = field(default_factory=snowflake)
    bot_permissions: int = BOT_PERMISSIONS
    overrides: dict[str, int] = field(default_factory=dict)  # user id -> permissions
    available: bool = True
    extra_roles: list[dict[str, Any]] = field(default_factory=list)  # made by add_role
    everyone_permissions: int = DEFAULT_MEMBER_PERMISSIONS  # the @everyone role's
    member_roles: dict[str, list[str]] = field(default_factory=dict)  # user id -> role ids

    def add_role(self, name: str, *, mentionable: bool = True) -> str:
        """A plain role (no permissions) in this guild; returns its id.  Data only: add
        roles before the bot connects (no GUILD_ROLE_CREATE is sent)."""
        rid = snowflake()
        self.extra_roles.append(
            {
                "id": rid,
                "name": name,
                "color": 0,
                "hoist": False,
                "mentionable": mentionable,
                "icon": None,
                "unicode_emoji": None,
                "flags": 0,
                "position": 2 + len(self.extra_roles),
                "managed": False,
                "permissions": "0",
            }
        )
        return rid

    def give_role(self, user: FakeUser, rid: str) -> None:
        """Make ``user`` a member of role ``rid`` here (sent in the member of each later
        interaction; the role grants no permissions)."""
        self.member_roles.setdefault(user.id, []).append(str(rid))

    def role(self, rid: str) -> dict[str, Any]:
        for r in self.roles():
            if r["id"] == str(rid):
                return r
        raise KeyError(f"guild {self.name!r} has no role {rid!r}")

    @property
    def int_id(self) -> int:
        return int(self.id)

    @property
    def channel(self) -> FakeChannel:
        return self.channels[0]

    def get_channel(self, name_or_id: str | int) -> FakeChannel:
        for ch in self.channels:
            if name_or_id in (ch.name, ch.id) or str(name_or_id) == ch.id:
                return ch
        raise KeyError(f"guild {self.name!r} has no channel {name_or_id!r}")

    def add_channel(
        self, name: str, *, type: int = GUILD_TEXT, topic: str | None = None, bot_denied: int = 0
    ) -> FakeChannel:
        """Add a channel (data only; use :meth:`FakeDiscord.add_channel` after READY so the bot
        receives CHANNEL_CREATE)."""
        ch = FakeChannel(
            name=name,
            guild_id=self.id,
            type=type,
            position=len(self.channels),
            topic=topic,
            bot_denied=bot_denied,
        )
        self.channels.append(ch)
        return ch

    def set_permissions(self, user: FakeUser, permissions: Any) -> None:
        """Give ``user`` different permissions in this guild only."""
        self.overrides[user.id] = perm_value(permissions)

    def permissions_of(self, user: FakeUser) -> int:
        return effective(self.overrides.get(user.id, user.permissions))

    def app_permissions(self, channel: FakeChannel | None = None) -> int:
        perms = effective(self.bot_permissions | self.everyone_permissions)
        if channel is not None and not perms & ADMINISTRATOR:
            perms &= ~channel.bot_denied
        return perms

    def has_member(self, user: FakeUser) -> bool:
        return user.bot or user.guild_ids is None or self.id in user.guild_ids

    def roles(self, bot_id: str = "0") -> list[dict[str, Any]]:
        base = {
            "color": 0,
            "hoist": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        return [
            {
                **base,
                "id": self.id,
                "name": "@everyone",
                "position": 0,
                "managed": False,
                "permissions": str(self.everyone_permissions),
            },
            {
                **base,
                "id": self.bot_role_id,
                "name": "newsbot",
                "position": 1,
                "managed": True,
                "permissions": str(self.bot_permissions),
                "tags": {"bot_id": bot_id},
            },
            *self.extra_roles,
        ]


@dataclass(eq=False)
class FakeAttachment:
    """A file a user attached to a slash command; its bytes are served by the fake's CDN route."""

    filename: str
    data: bytes
    content_type: str | None
    url: str
    proxy_url: str
    id: str = field(default_factory=snowflake)
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def payload(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.proxy_url,
            "ephemeral": True,
            "flags": 0,
        }
        if self.content_type:
            d["content_type"] = self.content_type
        if self.description:
            d["description"] = self.description
        return d


def member_payload(
    user: FakeUser, permissions: int | None = None, roles: list[str] | None = None
) -> dict[str, Any]:
    d = {
        "user": user.payload(),
        "roles": roles or [],
        "joined_at": iso_now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "avatar": None,
        "premium_since": None,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        d["permissions"] = str(permissions)
    return d


def guild_payload(guild: FakeGuild, bot: FakeUser) -> dict[str, Any]:
    """GUILD_CREATE payload (no members intent: only the bot's own member is included)."""
    return {
        "id": guild.id,
        "name": guild.name,
        "owner_id": guild.owner_id,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "member_count": 3,
        "large": False,
        "unavailable": False,
        "features": [],
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "joined_at": iso_now(),
        "afk_timeout": 300,
        "afk_channel_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "roles": guild.roles(bot.id),
        "emojis": [],
        "stickers": [],
        "threads": [],
        "stage_instances": [],
        "voice_states": [],
        "presences": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "members": [member_payload(bot, roles=[guild.bot_role_id])],
        "channels": [ch.payload(guild.bot_role_id) for ch in guild.channels],
    }


def message_payload(
    body: dict[str, Any],
    *,
    channel_id: str,
    guild_id: str | None,
    author: dict[str, Any],
    attachments: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A message object built from a create-message style request body."""
    return {
        "id": snowflake(),
        "channel_id": channel_id,
        "type": 0,
        "content": body.get("content") or "",
        "author": author,
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "attachments": attachments or [],
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": bool(body.get("tts")),
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "flags": body.get("flags") or 0,
        "reactions": [],
        "sticker_items": [],
        **({"guild_id": guild_id} if guild_id else {}),
        **extra,
    }


def apply_edit(
    msg: dict[str, Any], body: dict[str, Any], new_attachments: list[dict[str, Any]]
) -> dict[str, Any]:
    """Apply a PATCH body to a stored message in place (absent keys are kept)."""
    for key, empty in (("content", ""), ("embeds", []), ("components", [])):
        if key in body:
            msg[key] = body[key] if body[key] is not None else empty
    if "attachments" in body or new_attachments:
        keep = {str(a.get("id")) for a in body.get("attachments") or []}
        old = [a for a in msg["attachments"] if a["id"] in keep]
        msg["attachments"] = old + new_attachments
    if "flags" in body and body["flags"] is not None:
        # only SUPPRESS_EMBEDS (1 << 2) can be changed by an edit; EPHEMERAL is kept
        msg["flags"] = (msg["flags"] & ~(1 << 2)) | (body["flags"] & (1 << 2))
    msg["flags"] &= ~LOADING
    msg["edited_timestamp"] = iso_now()
    return msg


# --------------------------------------------------------------------- components


def iter_components(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every component dict nested in a message / component list (rows, containers,
    sections' accessories)."""
    if isinstance(node, list):
        for item in node:
            yield from iter_components(item)
    elif isinstance(node, dict):
        if "type" in node and ("custom_id" in node or "url" in node or "style" in node):
            yield node
        for key in ("components", "accessory"):
            if key in node:
                yield from iter_components(node[key])


def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
    for comp in iter_components(message.get("components") or []):
        if comp.get("custom_id") == custom_id:
            return comp
    return None
