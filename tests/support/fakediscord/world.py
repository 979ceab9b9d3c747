"""The fake's world: guilds, channels, users, DM channels, attachments and static pages, the
helpers tests use to change it (the bot hears about changes on the gateway), and errors
injected into REST routes.  The data classes themselves live in :mod:`tests.support.payloads`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import payloads as P
from ..payloads import FakeAttachment, FakeChannel, FakeGuild, FakeUser, error, snowflake
from .fake_base import FakeBase


class WorldMixin(FakeBase):
    """World setup and look-ups (``add_guild``, ``attachment``, ``serve``, ``inject_error``...)."""

    # ================================================================== world setup
    def add_user(
        self, name: str, permissions: Any = P.DEFAULT_MEMBER_PERMISSIONS, *, guilds: Any = None
    ) -> FakeUser:
        """A new user, member of ``guilds`` (FakeGuilds; None = every guild)."""
        ids = None if guilds is None else {g.id for g in guilds}
        user = FakeUser(name, P.perm_value(permissions), guild_ids=ids)
        self.users.append(user)
        return user

    def add_guild(
        self, name: str, channels: Any = ("general",), *, bot_permissions: Any = P.BOT_PERMISSIONS
    ) -> FakeGuild:
        """A new guild owned by ``admin`` with text channels ``channels``.  After READY the bot
        receives GUILD_CREATE (discord.py: ``on_guild_join``)."""
        guild = FakeGuild(
            name=name, owner_id=self.admin.id, bot_permissions=P.perm_value(bot_permissions)
        )
        for ch in channels:
            guild.add_channel(ch)
        self.guilds.append(guild)
        if self._conn_for(guild, identified=True):
            # a *join* has no "unavailable" key; with unavailable=False discord.py would
            # dispatch on_guild_available instead of on_guild_join
            d = P.guild_payload(guild, self.bot_user)
            del d["unavailable"]
            self.send_event("GUILD_CREATE", d, guild=guild)
        return guild

    def remove_guild(self, guild: FakeGuild) -> None:
        """The bot leaves/is removed (GUILD_DELETE; discord.py: ``on_guild_remove``)."""
        self.guilds.remove(guild)
        self.send_event("GUILD_DELETE", {"id": guild.id}, guild=guild)

    def add_channel(self, guild: FakeGuild, name: str, **kw: Any) -> FakeChannel:
        """Add a channel; after READY the bot receives CHANNEL_CREATE."""
        ch = guild.add_channel(name, **kw)
        self.send_event("CHANNEL_CREATE", ch.payload(guild.bot_role_id), guild=guild)
        return ch

    def delete_channel(self, channel: FakeChannel) -> None:
        guild = self.get_guild(channel.guild_id)
        guild.channels.remove(channel)
        self.send_event("CHANNEL_DELETE", channel.payload(guild.bot_role_id), guild=guild)

    def attachment(
        self,
        filename: str,
        data: bytes | str,
        content_type: str | None = None,
        *,
        description: str | None = None,
    ) -> FakeAttachment:
        """A file for an ATTACHMENT option; its bytes are served at ``att.url``."""
        raw = data.encode() if isinstance(data, str) else bytes(data)
        aid = snowflake()
        att = FakeAttachment(
            filename,
            raw,
            content_type,
            url=f"{self.base}/attachments/{aid}/{filename}",
            proxy_url=f"{self.base}/media/attachments/{aid}/{filename}",
            id=aid,
            description=description,
        )
        self._cdn[aid] = (raw, content_type)
        return att

    def serve(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "text/html",
        status: int = 200,
        headers: dict[str, Any] | None = None,
    ) -> str:
        """Serve ``body`` at ``http://127.0.0.1:PORT{path}`` (articles, feeds, ...); returns the
        URL.  Hits are counted in ``static_hits[path]``."""
        raw = body.encode() if isinstance(body, str) else body
        self._static[path] = (status, raw, content_type, headers or {})
        return self.base + path

    def get_guild(self, gid: Any) -> FakeGuild:
        for g in self.guilds:
            if g.id == str(gid):
                return g
        raise KeyError(f"no guild {gid}")

    def find_channel(self, cid: Any) -> FakeChannel | None:
        for g in self.guilds:
            for ch in g.channels:
                if ch.id == str(cid):
                    return ch
        if str(cid) in self.threads:
            return self.threads[str(cid)]
        return next((c for c in self._dms.values() if c.id == str(cid)), None)

    def get_user(self, uid: Any) -> FakeUser | None:
        return next((u for u in [self.bot_user, *self.users] if u.id == str(uid)), None)

    def inject_error(
        self,
        route: str,
        status: int = 429,
        *,
        code: int = 0,
        message: str | None = None,
        count: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Make the next ``count`` requests to ``route`` fail.  Route keys: create_message,
        edit_message, delete_message, get_message, get_channel, callback, followup,
        webhook_message, bulk_commands, get_me.  429s get retry_after + Via (discord.py sleeps
        and retries); 500/502/504 are retried by discord.py with 1 s, 3 s... back-off."""
        for _ in range(count):
            self._injections.setdefault(route, []).append(
                {
                    "status": status,
                    "code": code,
                    "message": message or f"{status}: fake error",
                    "retry_after": retry_after,
                    "global": is_global,
                }
            )

    def _injected(self, route: str) -> web.Response | None:
        if self.fail_next.get(route, 0) > 0:
            self.fail_next[route] -= 1
            return P.rate_limited(0.05)
        queue = self._injections.get(route)
        if queue:
            inj = queue.pop(0)
            if inj["status"] == 429:
                return P.rate_limited(inj["retry_after"], is_global=inj["global"])
            return error(inj["status"], inj["code"], inj["message"])
        return None

    def _dm_channel(self, user: FakeUser) -> FakeChannel:
        if user.id not in self._dms:
            self._dms[user.id] = FakeChannel(name=user.name, guild_id="", type=P.DM)
        return self._dms[user.id]

    @staticmethod
    def _dm_payload(ch: FakeChannel, user: FakeUser) -> dict[str, Any]:
        return {
            "id": ch.id,
            "type": P.DM,
            "recipients": [user.payload()],
            "last_message_id": None,
            "flags": 0,
        }
