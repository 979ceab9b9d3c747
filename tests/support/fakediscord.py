"""Loopback fake of Discord (REST API v10 + Gateway + a CDN) for driving a *real* discord.py
client end to end in tests.  Nothing leaves 127.0.0.1.

Quick start::

    from tests.support.fakediscord import FakeDiscord

    async with FakeDiscord() as fake:
        with fake.patched():                       # Route.BASE / DEFAULT_GATEWAY -> the fake
            async with fake.run(MyBot(guild_ready_timeout=0.05)) as bot:
                await bot.tree.sync()
                res = await fake.slash("brief article", {"url": "https://x/y"})
                assert res.final["embeds"][0]["title"]
                fake.assert_allowed_mentions()      # every payload had {"parse": []}

Instead of ``patched()`` a bot may read ``fake.env()`` (``DISCORD_API_BASE`` = ``fake.api_base``,
``DISCORD_GATEWAY_URL`` = ``fake.gateway_url``) and set ``discord.http.Route.BASE`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(...)`` itself (also in a subprocess).

Faithful to Discord (what discord.py 2.7 relies on, checked against its source):
  * Gateway: HELLO -> IDENTIFY -> READY (guilds unavailable) -> one GUILD_CREATE per guild;
    heartbeat ACKs; RESUME/RESUMED and op 7 RECONNECT; op 8 member requests; close 4004 on a bad
    token; guild events routed to the shard ``(guild_id >> 22) % shards``.  Plain-text JSON frames
    are sent although discord.py asks for ``compress=zlib-stream`` (it only inflates binary frames).
  * REST: ``GET /users/@me`` answers 401 ``{"message": "401: Unauthorized", "code": 0}`` for a
    rejected token (discord.py -> ``LoginFailure``); bot routes need ``Authorization: Bot <token>``,
    webhook/interaction routes don't.  JSON bodies use Content-Type exactly ``application/json``.
  * Interactions: callback types 4-9 with ``?with_response=1`` bodies, one callback per interaction
    (second -> 400 code 40060), callback type checked against interaction type, @original of a
    component interaction is the clicked message, the first followup after a type-5 defer replaces
    the "thinking" message (and inherits its ephemerality), ``data.resolved`` for CHANNEL, USER and
    ATTACHMENT options (also inside subcommands), ``member.permissions``/``app_permissions``,
    ``interaction_metadata`` on response messages (who invoked), attachments downloadable from
    the fake's CDN route.  Message limits (2000 chars, 10 embeds, 6000 embed chars, field/title
    lengths, 5 rows x 5 components, no empty message) and command-sync validation (names,
    descriptions, option order, 25 choices, autocomplete xor choices) answer 400 like Discord.
  * 429s carry ``retry_after`` and a ``Via`` header (without ``Via`` discord.py assumes a
    Cloudflare ban and raises instead of retrying).

Defaults: interactions come from ``fake.admin`` (all permissions) in ``fake.channel`` of
``fake.guild`` unless ``user=``/``guild=``/``channel=`` say otherwise; ``fake.member`` is a plain
member (Discord's default @everyone permissions, no MANAGE_GUILD).  Both belong to every guild.

discord.py 2.7 quirks this fake accounts for:
  * ``Client.connect()`` never calls GET /gateway/bot; it dials ``DiscordWebSocket.DEFAULT_GATEWAY``
    (a ``yarl.URL``) after ``.with_query(v=10, encoding="json", compress="zlib-stream")``, which
    *replaces* any query in the override.  After READY it reconnects to ``resume_gateway_url``.
    Only ``AutoShardedClient`` (without ``shard_count``) uses the URL from GET /gateway/bot.
  * ``Route.BASE`` is read when each request's Route is built (webhooks/interactions included),
    so setting it any time before ``start()`` works; it must include ``/api/v10``.
  * ``login()`` = GET /users/@me; only a 401 there becomes ``LoginFailure``.  A gateway close
    4004 surfaces as ``ConnectionClosed(code=4004)`` instead.
  * GUILD_CREATE with ``unavailable: false`` -> ``on_guild_available``; without the key ->
    ``on_guild_join`` (the fake sends the latter for guilds added after READY).
  * Interaction payloads must carry ``attachment_size_limit`` (KeyError otherwise); views are
    keyed by the ``response_message_id`` of the callback response (``with_response=1``).
  * ``AllowedMentions.none()`` is sent as ``{"parse": []}`` on every create/edit/callback/followup
    when set on the client (``Client(allowed_mentions=...)``); defer callbacks carry no message.

Simplified / not modelled: permissions are one number per user per guild (no roles or channel
overwrites for users; ``bot_denied`` per channel for the bot); default_member_permissions is not
enforced unless ``slash(..., enforce_permissions=True)``; no message history beyond what the bot
posted; MESSAGE_CREATE/UPDATE/DELETE are echoed on the gateway only for channel-route messages;
missed events are not replayed on RESUME; no real rate-limit buckets (only injected errors);
interaction tokens never expire; attachment URLs are not signed; no threads, voice, roles options.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yarl
from aiohttp import WSMsgType, web

from . import payloads as P
from .payloads import (
    EPHEMERAL,
    LOADING,
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeUser,
    error,
    jsonr,
    snowflake,
)

__all__ = [
    "FakeDiscord",
    "FakeGuild",
    "FakeChannel",
    "FakeUser",
    "FakeAttachment",
    "InteractionResult",
    "Recorded",
    "Sent",
    "is_ephemeral",
    "private",
    "preserve_discord_globals",
    "P",
]

log = logging.getLogger("fakediscord")
_BODY: Any = web.RequestKey("body", object) if hasattr(web, "RequestKey") else "body"
API = f"/api/v{P.API_VERSION}"
MESSAGE_KINDS = (
    "channel_message",
    "channel_edit",
    "callback",
    "original_edit",
    "followup",
    "followup_edit",
)


def is_ephemeral(payload: dict | None) -> bool:
    """True if a message (or message payload) has the EPHEMERAL flag."""
    return bool(((payload or {}).get("flags") or 0) & EPHEMERAL)


@contextlib.contextmanager
def preserve_discord_globals() -> Iterator[None]:
    """Snapshot and restore discord.py's REST base URL and default gateway (whoever changes
    them inside the block: ``patch_discord_py()`` or the bot's own env handling)."""
    import discord.http
    from discord.gateway import DiscordWebSocket

    saved = (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


@dataclass
class Recorded:
    """One REST request: method, path, parsed body (JSON, or payload_json + ``_files``),
    query and bot token (None for webhook/interaction routes)."""

    method: str
    path: str
    body: Any
    query: dict
    token: str | None


@dataclass
class Sent:
    """A message payload the bot sent (see :meth:`FakeDiscord.sent_payloads`)."""

    kind: str  # one of MESSAGE_KINDS
    method: str
    path: str
    body: dict  # the message part (callback: its ``data``)
    message_id: str | None = None
    channel_id: str | None = None
    interaction_id: str | None = None

    @property
    def allowed_mentions(self) -> dict | None:
        return self.body.get("allowed_mentions")


def private(res: InteractionResult) -> bool:
    """Whether the last message the bot showed for this interaction is ephemeral (only the
    invoker sees it): a deferred command's error arrives as an ephemeral followup."""
    if res.followup_messages:
        return is_ephemeral(res.followup_messages[-1])
    return res.ephemeral


@dataclass(eq=False)
class InteractionResult:
    """Everything the bot did in answer to one interaction the fake dispatched."""

    fake: FakeDiscord = field(repr=False)
    id: str
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete
    payload: dict = field(repr=False)  # the INTERACTION_CREATE ``d`` that was dispatched
    guild: FakeGuild | None
    channel: FakeChannel
    user: FakeUser
    target_message_id: str | None = None  # component interactions: the clicked message
    callback: dict | None = None  # body of POST /interactions/{id}/{token}/callback
    edits: list[dict] = field(default_factory=list)  # PATCH bodies (@original and followups)
    followups: list[dict] = field(default_factory=list)  # POST /webhooks/{app}/{token} bodies
    message: dict | None = None  # current state of the @original message
    followup_messages: list[dict] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)  # chronological message payloads
    deleted: list[str] = field(default_factory=list)  # message ids deleted via the webhook

    @property
    def callback_type(self) -> int | None:
        return (self.callback or {}).get("type")

    @property
    def final(self) -> dict | None:
        """The most recent message payload (callback data, followup or edit body)."""
        return self.sent[-1].body if self.sent else None

    @property
    def ephemeral(self) -> bool:
        """Whether the initial response (reply or defer) was ephemeral."""
        if self.callback_type in (6, 7):
            return is_ephemeral(self.message)
        return is_ephemeral((self.callback or {}).get("data"))

    @property
    def choices(self) -> list[dict] | None:
        """Autocomplete choices (callback type 8)."""
        return (
            (self.callback or {}).get("data", {}).get("choices")
            if self.callback_type == 8
            else None
        )

    @property
    def modal(self) -> dict | None:
        return (self.callback or {}).get("data") if self.callback_type == 9 else None

    def _has_message(self) -> bool:
        return bool(self.sent) or self.callback_type in (8, 9)

    async def wait_for(
        self, pred: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> InteractionResult:
        await self.fake.wait_until(pred, timeout, f"{what} (interaction {self.describe()})")
        return self

    async def wait_callback(self, timeout: float = 5.0) -> InteractionResult:
        return await self.wait_for(lambda: self.callback is not None, timeout, "callback")

    async def wait_message(self, timeout: float = 5.0) -> InteractionResult:
        """Until a visible message payload arrived (or an autocomplete/modal answer)."""
        return await self.wait_for(self._has_message, timeout, "a message")

    async def wait_followups(self, n: int = 1, timeout: float = 5.0) -> InteractionResult:
        return await self.wait_for(lambda: len(self.followups) >= n, timeout, f"{n} followups")

    async def wait_edits(self, n: int = 1, timeout: float = 5.0) -> InteractionResult:
        return await self.wait_for(lambda: len(self.edits) >= n, timeout, f"{n} edits")

    def describe(self) -> str:
        name = (self.payload.get("data") or {}).get("name") or (self.payload.get("data") or {}).get(
            "custom_id"
        )
        return (
            f"{name!r} type={self.type} callback={self.callback_type} "
            f"followups={len(self.followups)} edits={len(self.edits)}"
        )


@dataclass(eq=False)
class _Conn:
    """One gateway websocket with an ordered outbound queue (so sync code can enqueue)."""

    ws: web.WebSocketResponse
    query: dict
    shard: tuple[int, int] = (0, 1)
    session_id: str | None = None
    seq: int = 0
    identified: bool = False
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)
    writer: asyncio.Task | None = None

    def start(self) -> None:
        self.writer = asyncio.create_task(self._write())

    def send(self, payload: dict) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        # callers of send_event() may drop the future: mark failures as retrieved
        fut.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.queue.put_nowait((payload, fut))
        return fut

    async def _write(self) -> None:
        while True:
            payload, fut = await self.queue.get()
            if payload.get("op") == 0:
                self.seq += 1
                payload["s"] = self.seq
            try:
                if self.ws.closed:
                    raise ConnectionResetError("gateway closed")
                await self.ws.send_json(payload)
            except Exception as exc:  # noqa: BLE001 - reported to whoever awaits the future
                if not fut.done():
                    fut.set_exception(exc)
            else:
                if not fut.done():
                    fut.set_result(None)


class FakeDiscord:
    """The fake.  See the module docstring; every public member is documented inline."""

    HEARTBEAT_MS = 41250

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        rejected_tokens: Any = (),
        valid_tokens: Any = None,
        shards: int = 1,
        guild_name: str = "Test Guild",
        channel_name: str = "news",
        bot_name: str = "newsbot",
    ) -> None:
        assert host in ("127.0.0.1", "::1", "localhost"), "loopback only"
        self.host = host
        self.port: int | None = None
        self.rejected_tokens: set[str] = set(rejected_tokens)
        self.valid_tokens: set[str] | None = None if valid_tokens is None else set(valid_tokens)
        self.shards = shards
        self.bot_user = FakeUser(bot_name, P.ALL_PERMISSIONS, bot=True)
        self.app_id = self.bot_user.id
        self.admin = FakeUser("admin", P.ALL_PERMISSIONS)
        self.member = FakeUser("member", P.DEFAULT_MEMBER_PERMISSIONS)
        self.users: list[FakeUser] = [self.admin, self.member]
        self.requests: list[Recorded] = []
        self.unhandled: list[tuple[str, str]] = []
        self.sent: list[Sent] = []
        self.messages: dict[str, dict] = {}  # every live message by id
        self.channel_messages: dict[str, list[dict]] = {}  # channel-route posts, live objects
        self.deleted_messages: list[str] = []
        self.commands: dict[str | None, list[dict]] = {}  # None = global, else guild id
        self.interactions: dict[str, InteractionResult] = {}
        self.identify_payload: dict | None = None
        self.ws_query: dict = {}
        self.heartbeats = 0
        self.identifies = 0  # IDENTIFY ops accepted
        self.resumes = 0  # RESUME ops accepted
        self.static_hits: dict[str, int] = {}
        self.ready = asyncio.Event()
        self.fail_next: dict[str, int] = {}  # route key -> number of 429s to answer first
        self._injections: dict[str, list[dict]] = {}
        self._conns: dict[int, _Conn] = {}
        self._sessions: dict[str, tuple[int, int]] = {}
        self._cdn: dict[str, tuple[bytes, str | None]] = {}
        self._static: dict[str, tuple[int, bytes, str, dict]] = {}
        self._dms: dict[str, FakeChannel] = {}
        self._by_token: dict[str, InteractionResult] = {}
        self._cond = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._saved_globals: tuple | None = None
        self.guilds: list[FakeGuild] = []
        self.guild = self.add_guild(guild_name, channels=(channel_name,))  # the default guild
        self.channel = self.guild.channel  # the default channel

    # ================================================================== lifecycle
    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``"""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``: ``http://127.0.0.1:PORT/api/v10``."""
        return f"{self.base}{API}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY``: ``ws://127.0.0.1:PORT/gateway``."""
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def guild_id(self) -> str:
        return self.guild.id

    @property
    def channel_id(self) -> str:
        return self.channel.id

    def env(self, token: str | None = None) -> dict[str, str]:
        """Environment for running the bot in a subprocess against this fake."""
        env = {"DISCORD_API_BASE": self.api_base, "DISCORD_GATEWAY_URL": self.gateway_url}
        if token is not None:
            env["DISCORD_TOKEN"] = token
        return env

    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        r = app.router
        r.add_get("/gateway", self._ws_handler)
        r.add_get("/gateway/", self._ws_handler)
        r.add_get("/attachments/{aid}/{filename}", self._cdn_get)
        r.add_get("/media/attachments/{aid}/{filename}", self._cdn_get)
        routes = [
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/users/@me", self._me),
            ("GET", "/users/{uid}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/oauth2/applications/@me", self._app_info),
            ("GET", "/applications/@me", self._app_info),
            ("PUT", "/applications/{app}/commands", self._bulk_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._bulk_commands),
            ("GET", "/applications/{app}/commands", self._list_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._list_commands),
            ("POST", "/applications/{app}/commands", self._upsert_command),
            ("POST", "/applications/{app}/guilds/{guild}/commands", self._upsert_command),
            ("GET", "/applications/{app}/commands/{cmd}", self._one_command),
            ("GET", "/applications/{app}/guilds/{guild}/commands/{cmd}", self._one_command),
            ("DELETE", "/applications/{app}/commands/{cmd}", self._one_command),
            ("DELETE", "/applications/{app}/guilds/{guild}/commands/{cmd}", self._one_command),
            ("POST", "/interactions/{iid}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("GET", "/channels/{cid}", self._get_channel),
            ("GET", "/channels/{cid}/messages", self._history),
            ("POST", "/channels/{cid}/messages", self._create_message),
            ("GET", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("PATCH", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("DELETE", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("POST", "/channels/{cid}/typing", self._typing),
            ("GET", "/guilds/{gid}", self._get_guild),
            ("GET", "/guilds/{gid}/channels", self._guild_channels),
            ("GET", "/guilds/{gid}/members/{uid}", self._get_member),
        ]
        for method, path, handler in routes:
            r.add_route(method, API + path, handler)
        r.add_route("*", API + "/{tail:.*}", self._unknown)
        r.add_route("*", "/{tail:.*}", self._static_get)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("fake discord on %s", self.base)
        return self

    async def stop(self) -> None:
        """Close gateway connections, stop the server, restore patched discord.py globals."""
        for conn in list(self._conns.values()):
            if not conn.ws.closed:
                await conn.ws.close()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None
        self.unpatch_discord_py()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    def patch_discord_py(self) -> None:
        """Point discord.py at this fake (``Route.BASE`` and ``DEFAULT_GATEWAY``).  Plain
        ``Client.connect()`` never asks GET /gateway/bot, so the gateway must be patched too."""
        import discord.http
        from discord.gateway import DiscordWebSocket

        if self._saved_globals is None:
            self._saved_globals = (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def unpatch_discord_py(self) -> None:
        """Restore what ``patch_discord_py()`` replaced (no-op if not patched)."""
        import discord.http
        from discord.gateway import DiscordWebSocket

        if self._saved_globals is not None:
            discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved_globals
            self._saved_globals = None

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        self.patch_discord_py()
        try:
            yield self
        finally:
            self.unpatch_discord_py()

    @contextlib.asynccontextmanager
    async def run(
        self, client: Any, token: str = "fake-token", *, timeout: float = 10.0
    ) -> AsyncIterator[Any]:
        """Start ``client`` (``client.start(token)`` in a task), wait until it is ready, yield
        it, then close it.  If the client dies before READY (e.g. ``LoginFailure``) that
        exception is raised; an exception from ``start()`` after closing is re-raised too."""
        task = asyncio.create_task(client.start(token))
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while not client.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("client.start() returned before READY")
                if loop.time() > deadline:
                    raise TimeoutError(f"client not ready after {timeout}s")
                await asyncio.sleep(0.005)
            yield client
        except BaseException:
            await self._shutdown(client, task, reraise=False)
            raise
        await self._shutdown(client, task, reraise=True)

    @staticmethod
    async def _shutdown(client: Any, task: asyncio.Task, *, reraise: bool) -> None:
        await client.close()
        try:
            await asyncio.wait_for(task, 5)
        except asyncio.CancelledError:
            pass
        except Exception:
            if reraise:
                raise

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
        headers: dict | None = None,
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

    # ================================================================== inspection
    def sent_payloads(self, *kinds: str, channel: Any = None) -> list[Sent]:
        """Every message payload the bot sent, in order: channel posts and edits, interaction
        callbacks carrying a message (types 4 and 7), followups, @original/followup edits.
        Optionally filter by kind(s) and channel (FakeChannel or id)."""
        out = self.sent
        if kinds:
            out = [s for s in out if s.kind in kinds]
        if channel is not None:
            cid = channel.id if isinstance(channel, FakeChannel) else str(channel)
            out = [s for s in out if s.channel_id == cid]
        return list(out)

    def assert_allowed_mentions(self, expected: dict | None = None) -> int:
        """Assert every sent payload carried ``allowed_mentions == expected`` (default
        ``{"parse": []}``, what discord.py sends for ``AllowedMentions.none()``).  Returns how
        many payloads were checked."""
        expected = {"parse": []} if expected is None else expected
        bad = [
            (s.kind, s.path, s.allowed_mentions)
            for s in self.sent
            if s.allowed_mentions != expected
        ]
        assert not bad, f"payloads without allowed_mentions={expected}: {bad}"
        return len(self.sent)

    def command(self, name: str, guild: Any = None, *, fallback: bool = True) -> dict | None:
        """A synced command by name (``"digest"``; ``"digest schedule"`` returns that subcommand
        option).  With ``guild``, that guild's commands first, then (``fallback``) global."""
        top, *rest = name.split()
        scopes: list[str | None] = []
        if guild is not None:
            scopes.append(guild.id if isinstance(guild, FakeGuild) else str(guild))
        if guild is None or fallback:
            scopes.append(None)
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == top:
                    node = cmd
                    for part in rest:
                        node = next(
                            (
                                o
                                for o in node.get("options") or []
                                if o["name"] == part and o["type"] in (1, 2)
                            ),
                            None,
                        )
                        if node is None:
                            return None
                    return node
        return None

    def can_use(self, name: str, user: FakeUser, guild: FakeGuild) -> bool:
        """Whether Discord would offer the command to ``user`` (``default_member_permissions``;
        administrators always can)."""
        cmd = self.command(name.split()[0], guild)
        if cmd is None:
            return False
        need = cmd.get("default_member_permissions")
        perms = guild.permissions_of(user)
        return need is None or bool(perms & P.ADMINISTRATOR) or (perms & int(need)) == int(need)

    def buttons(self, message: dict | InteractionResult) -> list[dict]:
        """The (current) buttons/selects on a message."""
        msg = self._current_message(message)
        return list(P.iter_components(msg.get("components") or []))

    async def wait_until(
        self, pred: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Wait until ``pred()`` is true.  Re-checked after every request and gateway frame the
        fake handles, and every 10 ms (so predicates on the bot's own state work too)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not pred():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            async with self._cond:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._cond.wait(), min(0.01, remaining))

    async def wait_ready(self, timeout: float = 10.0) -> None:
        await self.wait_until(self.ready.is_set, timeout, "READY")

    async def wait_for_channel_messages(
        self, channel: Any, n: int = 1, timeout: float = 5.0
    ) -> list[dict]:
        """Wait until at least ``n`` messages were posted to ``channel``; returns them all."""
        cid = channel.id if isinstance(channel, FakeChannel) else str(channel)
        await self.wait_until(
            lambda: len(self.channel_messages.get(cid, [])) >= n,
            timeout,
            f"{n} message(s) in channel {cid}",
        )
        return list(self.channel_messages[cid])

    async def wait_for_request(
        self, method: str, path_suffix: str, n: int = 1, timeout: float = 5.0
    ) -> list[Recorded]:
        def hits() -> list[Recorded]:
            return [r for r in self.requests if r.method == method and r.path.endswith(path_suffix)]

        await self.wait_until(lambda: len(hits()) >= n, timeout, f"{method} ...{path_suffix}")
        return hits()

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    # ================================================================== gateway
    def _conn_for(self, guild: FakeGuild | None, identified: bool = True) -> _Conn | None:
        shard = 0 if guild is None else (int(guild.id) >> 22) % self.shards
        conn = self._conns.get(shard)
        if conn is None or conn.ws.closed or (identified and not conn.identified):
            return None
        return conn

    def send_event(self, event: str, d: dict, *, guild: FakeGuild | None = None) -> list:
        """Queue a DISPATCH for the shard that owns ``guild`` (all shards if None and the event
        isn't guild-bound).  Returns futures; does nothing if the bot isn't connected."""
        conns = (
            [self._conn_for(guild)]
            if guild is not None
            else [c for c in self._conns.values() if c.identified and not c.ws.closed]
        )
        return [c.send({"op": 0, "t": event, "s": None, "d": d}) for c in conns if c]

    async def dispatch(self, event: str, d: dict, *, guild: FakeGuild | None = None) -> None:
        """Send a DISPATCH and wait until it was written to the socket."""
        for fut in self.send_event(event, d, guild=guild):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await fut
        await self._notify()

    async def reconnect(self) -> None:
        """Send op 7 RECONNECT on every connection (discord.py reconnects and RESUMEs)."""
        for conn in list(self._conns.values()):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await conn.send({"op": 7, "d": None, "s": None, "t": None})

    def _token_ok(self, token: str | None) -> bool:
        if token is None or token in self.rejected_tokens:
            return False
        return self.valid_tokens is None or token in self.valid_tokens

    async def _ws_handler(self, request: web.Request) -> web.WebSocketResponse:
        # discord.py asks for ?v=10&encoding=json&compress=zlib-stream; it only inflates binary
        # frames, so answering with plain text frames is fine.
        self.ws_query = dict(request.query)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = _Conn(ws, dict(request.query))
        conn.start()
        conn.send({"op": 10, "d": {"heartbeat_interval": self.HEARTBEAT_MS}, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                await self._gateway_op(conn, data["op"], data.get("d"))
                await self._notify()
        finally:
            if conn.writer:
                conn.writer.cancel()
            if self._conns.get(conn.shard[0]) is conn:
                del self._conns[conn.shard[0]]
        return ws

    async def _gateway_op(self, conn: _Conn, op: int, d: Any) -> None:
        if op == 1:  # HEARTBEAT
            self.heartbeats += 1
            conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:  # IDENTIFY
            if not self._token_ok(d.get("token")):
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identify_payload = d
            self.identifies += 1
            conn.shard = tuple(d.get("shard") or (0, 1))  # type: ignore[assignment]
            conn.session_id = "session-" + snowflake()
            self._sessions[conn.session_id] = conn.shard
            self._conns[conn.shard[0]] = conn
            conn.identified = True
            await self._send_ready(conn)
        elif op == 6:  # RESUME
            shard = self._sessions.get(d.get("session_id"))
            if shard is None or not self._token_ok(d.get("token")):
                conn.send({"op": 9, "d": False, "s": None, "t": None})
                return
            conn.shard, conn.session_id, conn.seq = shard, d["session_id"], d.get("seq") or 0
            self.resumes += 1
            self._conns[shard[0]] = conn
            conn.identified = True
            conn.send({"op": 0, "t": "RESUMED", "s": None, "d": {}})
        elif op == 8:  # REQUEST_GUILD_MEMBERS
            guild = self.get_guild(d["guild_id"])
            members = [P.member_payload(self.bot_user, roles=[guild.bot_role_id])] + [
                P.member_payload(u) for u in self.users if guild.has_member(u)
            ]
            conn.send(
                {
                    "op": 0,
                    "t": "GUILD_MEMBERS_CHUNK",
                    "s": None,
                    "d": {
                        "guild_id": guild.id,
                        "members": members,
                        "chunk_index": 0,
                        "chunk_count": 1,
                        "not_found": [],
                        "nonce": d.get("nonce"),
                    },
                }
            )
        elif op not in (3, 4):  # presence / voice state are accepted silently
            log.info("gateway op %s ignored: %s", op, d)

    async def _send_ready(self, conn: _Conn) -> None:
        shard_id, count = conn.shard
        mine = [g for g in self.guilds if (int(g.id) >> 22) % count == shard_id]
        conn.send(
            {
                "op": 0,
                "t": "READY",
                "s": None,
                "d": {
                    "v": P.API_VERSION,
                    "user": self.bot_user.payload(),
                    "guilds": [{"id": g.id, "unavailable": True} for g in mine],
                    "session_id": conn.session_id,
                    "resume_gateway_url": self.gateway_url,
                    "shard": [shard_id, count],
                    "application": {"id": self.app_id, "flags": 0},
                    "private_channels": [],
                    "relationships": [],
                    "user_settings": {},
                    "presences": [],
                    "geo_ordered_rtc_regions": [],
                    "guild_join_requests": [],
                },
            }
        )
        futs = [
            conn.send(
                {"op": 0, "t": "GUILD_CREATE", "s": None, "d": P.guild_payload(g, self.bot_user)}
            )
            for g in mine
        ]
        with contextlib.suppress(ConnectionError, RuntimeError):
            await asyncio.gather(*futs)
        if sum(c.identified for c in self._conns.values()) >= self.shards:
            self.ready.set()

    # ================================================================== REST plumbing
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        body: Any = None
        if request.can_read_body:
            if request.content_type.startswith("multipart/"):
                body = {"_files": []}
                reader = await request.multipart()
                async for part in reader:
                    if part.name == "payload_json":
                        body.update(json.loads(await part.text()))
                    else:
                        raw = await part.read()
                        body["_files"].append(
                            {
                                "name": part.name,
                                "filename": part.filename,
                                "size": len(raw),
                                "content_type": part.headers.get("Content-Type"),
                                "data": bytes(raw),
                            }
                        )
            else:
                text = await request.text()
                body = json.loads(text) if text else None
        request[_BODY] = body
        auth = request.headers.get("Authorization", "")
        token = auth[4:] if auth.startswith("Bot ") else (auth or None)
        self.requests.append(
            Recorded(request.method, request.path, body, dict(request.query), token)
        )
        public = (
            request.path.startswith((f"{API}/webhooks/", f"{API}/interactions/"))
            or request.path == f"{API}/gateway"
        )
        try:
            if not public and not self._token_ok(token):
                return P.unauthorized()
            return await handler(request)
        finally:
            await self._notify()

    async def _unknown(self, request: web.Request) -> web.Response:
        log.warning("unhandled route %s %s", request.method, request.path)
        self.unhandled.append((request.method, request.path))
        return error(404, 0, "404: Not Found")

    async def _static_get(self, request: web.Request) -> web.Response:
        item = self._static.get(request.path)
        if item is None:
            return web.Response(status=404, text="not found")
        self.static_hits[request.path] = self.static_hits.get(request.path, 0) + 1
        status, raw, ctype, headers = item
        return web.Response(body=raw, status=status, headers={"Content-Type": ctype, **headers})

    async def _cdn_get(self, request: web.Request) -> web.Response:
        item = self._cdn.get(request.match_info["aid"])
        if item is None:
            return web.Response(status=404, text="not found")
        raw, ctype = item
        return web.Response(body=raw, headers={"Content-Type": ctype or "application/octet-stream"})

    def _store_files(self, body: dict) -> list[dict]:
        """Turn uploaded multipart files into message attachment objects served by the CDN."""
        out = []
        for f in (body or {}).get("_files", []):
            aid = snowflake()
            self._cdn[aid] = (f["data"], f.get("content_type"))
            out.append(
                {
                    "id": aid,
                    "filename": f["filename"],
                    "size": f["size"],
                    "url": f"{self.base}/attachments/{aid}/{f['filename']}",
                    "proxy_url": f"{self.base}/media/attachments/{aid}/{f['filename']}",
                    "content_type": f.get("content_type"),
                }
            )
        return out

    def _invalid(
        self, body: dict, *, edit: bool = False, prefix: str | None = None
    ) -> web.Response | None:
        code, errs = P.validate_message(body, edit=edit)
        if code == 50006:
            return error(400, 50006, "Cannot send an empty message")
        if code:
            return error(400, 50035, "Invalid Form Body", {prefix: errs} if prefix else errs)
        return None

    def _record_sent(
        self,
        kind: str,
        request: web.Request,
        body: dict,
        msg: dict | None,
        res: InteractionResult | None = None,
    ) -> None:
        sent = Sent(
            kind,
            request.method,
            request.path,
            body,
            message_id=msg["id"] if msg else None,
            channel_id=msg["channel_id"] if msg else None,
            interaction_id=res.id if res else None,
        )
        self.sent.append(sent)
        if res is not None:
            res.sent.append(sent)

    def _current_message(self, message: Any) -> dict:
        if isinstance(message, InteractionResult):
            if message.message is None:
                raise ValueError(f"interaction {message.describe()} created no message")
            message = message.message
        mid = message if isinstance(message, str) else message["id"]
        if mid in self.deleted_messages:
            raise ValueError(f"message {mid} was deleted")
        return self.messages.get(mid) or (message if isinstance(message, dict) else {})

    # ================================================================== REST: misc
    async def _me(self, request: web.Request) -> web.Response:
        return self._injected("get_me") or jsonr(self.bot_user.payload())

    async def _get_user(self, request: web.Request) -> web.Response:
        user = self.get_user(request.match_info["uid"])
        return jsonr(user.payload()) if user else error(404, 10013, "Unknown User")

    async def _create_dm(self, request: web.Request) -> web.Response:
        user = self.get_user(request[_BODY]["recipient_id"])
        if user is None:
            return error(400, 50035, "Invalid Form Body")
        return jsonr(self._dm_payload(self._dm_channel(user), user))

    def _dm_channel(self, user: FakeUser) -> FakeChannel:
        if user.id not in self._dms:
            self._dms[user.id] = FakeChannel(name=user.name, guild_id="", type=P.DM)
        return self._dms[user.id]

    @staticmethod
    def _dm_payload(ch: FakeChannel, user: FakeUser) -> dict:
        return {
            "id": ch.id,
            "type": P.DM,
            "recipients": [user.payload()],
            "last_message_id": None,
            "flags": 0,
        }

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return jsonr(
            {
                "url": self.gateway_url,
                "shards": self.shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _app_info(self, request: web.Request) -> web.Response:
        return jsonr(
            {
                "id": self.app_id,
                "name": self.bot_user.name,
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "00" * 32,
                "owner": self.admin.payload(),
                "flags": 0,
                "summary": "",
                "team": None,
                "bot": self.bot_user.payload(),
                # anything but None makes discord.py warn that gateway interactions won't arrive
                "interactions_endpoint_url": None,
            }
        )

    async def _get_guild(self, request: web.Request) -> web.Response:
        try:
            guild = self.get_guild(request.match_info["gid"])
        except KeyError:
            return error(404, 10004, "Unknown Guild")
        d = P.guild_payload(guild, self.bot_user)
        for key in ("members", "channels", "threads", "presences", "voice_states"):
            d.pop(key)
        return jsonr(d)

    async def _guild_channels(self, request: web.Request) -> web.Response:
        try:
            guild = self.get_guild(request.match_info["gid"])
        except KeyError:
            return error(404, 10004, "Unknown Guild")
        return jsonr([ch.payload(guild.bot_role_id) for ch in guild.channels])

    async def _get_member(self, request: web.Request) -> web.Response:
        user = self.get_user(request.match_info["uid"])
        try:
            guild = self.get_guild(request.match_info["gid"])
        except KeyError:
            return error(404, 10004, "Unknown Guild")
        if user is None or not guild.has_member(user):
            return error(404, 10007, "Unknown Member")
        return jsonr(P.member_payload(user))

    # ================================================================== REST: commands
    def _check_app(self, request: web.Request) -> web.Response | None:
        if request.match_info["app"] != self.app_id:
            return error(403, 50001, "Missing Access")
        return None

    def _stored_command(self, cmd: dict, guild: str | None) -> dict:
        old = next(
            (
                c
                for c in self.commands.get(guild, [])
                if c["name"] == cmd["name"] and c.get("type", 1) == cmd.get("type", 1)
            ),
            None,
        )
        out = dict(
            cmd,
            id=old["id"] if old else snowflake(),
            application_id=self.app_id,
            version=snowflake(),
            type=cmd.get("type", 1),
        )
        if out.get("default_member_permissions") is not None:
            out["default_member_permissions"] = str(out["default_member_permissions"])
        if guild:
            out["guild_id"] = guild
        return out

    async def _bulk_commands(self, request: web.Request) -> web.Response:
        if (bad := self._check_app(request) or self._injected("bulk_commands")) is not None:
            return bad
        guild = request.match_info.get("guild")
        errs = {str(i): e for i, c in enumerate(request[_BODY]) if (e := P.validate_command(c))}
        if errs:
            return error(400, 50035, "Invalid Form Body", errs)
        self.commands[guild] = [self._stored_command(c, guild) for c in request[_BODY]]
        return jsonr(self.commands[guild])

    async def _list_commands(self, request: web.Request) -> web.Response:
        return self._check_app(request) or jsonr(
            self.commands.get(request.match_info.get("guild"), [])
        )

    async def _upsert_command(self, request: web.Request) -> web.Response:
        if (bad := self._check_app(request)) is not None:
            return bad
        guild = request.match_info.get("guild")
        if errs := P.validate_command(request[_BODY]):
            return error(400, 50035, "Invalid Form Body", errs)
        cmd = self._stored_command(request[_BODY], guild)
        cmds = [c for c in self.commands.get(guild, []) if c["id"] != cmd["id"]]
        created = len(cmds) == len(self.commands.get(guild, []))
        self.commands[guild] = [*cmds, cmd]
        return jsonr(cmd, 201 if created else 200)

    async def _one_command(self, request: web.Request) -> web.Response:
        if (bad := self._check_app(request)) is not None:
            return bad
        guild = request.match_info.get("guild")
        cmds = self.commands.get(guild, [])
        cmd = next((c for c in cmds if c["id"] == request.match_info["cmd"]), None)
        if cmd is None:
            return error(404, 10063, "Unknown application command")
        if request.method == "DELETE":
            cmds.remove(cmd)
            return web.Response(status=204)
        return jsonr(cmd)

    # ================================================================== REST: channels
    def _channel_or_error(self, cid: str) -> tuple[FakeChannel | None, web.Response | None]:
        ch = self.find_channel(cid)
        if ch is None:
            return None, error(404, 10003, "Unknown Channel")
        return ch, None

    def _channel_payload(self, ch: FakeChannel) -> dict:
        if ch.type == P.DM:
            user = next(self.get_user(uid) for uid, c in self._dms.items() if c is ch)
            return self._dm_payload(ch, user)  # type: ignore[arg-type]
        return ch.payload(self.get_guild(ch.guild_id).bot_role_id)

    async def _get_channel(self, request: web.Request) -> web.Response:
        if (bad := self._injected("get_channel")) is not None:
            return bad
        ch, bad = self._channel_or_error(request.match_info["cid"])
        return bad or jsonr(self._channel_payload(ch))  # type: ignore[arg-type]

    async def _typing(self, request: web.Request) -> web.Response:
        _, bad = self._channel_or_error(request.match_info["cid"])
        return bad or web.Response(status=204)

    async def _history(self, request: web.Request) -> web.Response:
        ch, bad = self._channel_or_error(request.match_info["cid"])
        if bad:
            return bad
        limit = int(request.query.get("limit", 50))
        return jsonr(list(reversed(self.channel_messages.get(ch.id, [])))[:limit])  # type: ignore

    async def _create_message(self, request: web.Request) -> web.Response:
        ch, bad = self._channel_or_error(request.match_info["cid"])
        if bad:
            return bad
        if (bad := self._injected("create_message")) is not None:
            return bad
        if ch.bot_denied & (P.VIEW_CHANNEL | P.SEND_MESSAGES):  # type: ignore[union-attr]
            return error(403, 50013, "Missing Permissions")
        body = request[_BODY] or {}
        if (bad := self._invalid(body)) is not None:
            return bad
        guild_id = ch.guild_id or None  # type: ignore[union-attr]
        msg = P.message_payload(
            body,
            channel_id=ch.id,
            guild_id=guild_id,  # type: ignore
            author=self.bot_user.payload(),
            attachments=self._store_files(body),
        )
        if body.get("message_reference"):
            msg["type"] = 19
            msg["message_reference"] = body["message_reference"]
        self.messages[msg["id"]] = msg
        self.channel_messages.setdefault(ch.id, []).append(msg)  # type: ignore[union-attr]
        self._record_sent("channel_message", request, body, msg)
        guild = self.get_guild(guild_id) if guild_id else None
        self.send_event("MESSAGE_CREATE", dict(msg), guild=guild)
        return jsonr(msg)

    async def _channel_message(self, request: web.Request) -> web.Response:
        cid, mid = request.match_info["cid"], request.match_info["mid"]
        route = {"GET": "get_message", "PATCH": "edit_message", "DELETE": "delete_message"}
        if (bad := self._injected(route[request.method])) is not None:
            return bad
        ch, bad = self._channel_or_error(cid)
        if bad:
            return bad
        msg = self.messages.get(mid)
        if msg is None or msg["channel_id"] != cid or is_ephemeral(msg):
            return error(404, 10008, "Unknown Message")
        guild = self.get_guild(ch.guild_id) if ch.guild_id else None  # type: ignore[union-attr]
        if request.method == "GET":
            return jsonr(msg)
        if request.method == "DELETE":
            self._delete_message(mid)
            self.send_event(
                "MESSAGE_DELETE",
                {"id": mid, "channel_id": cid, "guild_id": ch.guild_id},
                guild=guild,
            )  # type: ignore
            return web.Response(status=204)
        if msg["author"]["id"] != self.app_id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        body = request[_BODY] or {}
        if (bad := self._invalid(body, edit=True)) is not None:
            return bad
        P.apply_edit(msg, body, self._store_files(body))
        self._record_sent("channel_edit", request, body, msg)
        self.send_event("MESSAGE_UPDATE", dict(msg), guild=guild)
        return jsonr(msg)

    def _delete_message(self, mid: str) -> None:
        msg = self.messages.pop(mid, None)
        if msg is not None:
            lst = self.channel_messages.get(msg["channel_id"], [])
            if msg in lst:
                lst.remove(msg)
        self.deleted_messages.append(mid)

    # ================================================================== interactions (REST)
    def _response_message(
        self, res: InteractionResult, body: dict, *, flags: int, followup: bool = False
    ) -> dict:
        data = res.payload.get("data") or {}
        name = " ".join([data.get("name", "")] + _sub_path(data.get("options") or []))
        meta = {
            "id": res.id,
            "type": res.type,
            "user": res.user.payload(),
            "authorizing_integration_owners": res.payload.get("authorizing_integration_owners", {}),
        }
        if res.type == 3:
            meta["interacted_message_id"] = res.target_message_id
        if followup and res.message is not None:
            meta["original_response_message_id"] = res.message["id"]
        msg = P.message_payload(
            dict(body, flags=flags),
            channel_id=res.channel.id,
            guild_id=res.guild.id if res.guild else None,
            author=self.bot_user.payload(),
            attachments=self._store_files(body),
            webhook_id=self.app_id,
            application_id=self.app_id,
            interaction_metadata=meta,
            interaction={
                "id": res.id,
                "type": res.type,
                "name": name.strip(),
                "user": res.user.payload(),
            },
        )
        msg["type"] = 20 if res.type == 2 else 0
        self.messages[msg["id"]] = msg
        return msg

    async def _callback(self, request: web.Request) -> web.Response:
        res = self.interactions.get(request.match_info["iid"])
        if res is None or res.token != request.match_info["token"]:
            return error(404, 10062, "Unknown interaction")
        if (bad := self._injected("callback")) is not None:
            return bad
        if res.callback is not None:
            return error(400, 40060, "Interaction has already been acknowledged.")
        body = request[_BODY] or {}
        ctype = body.get("type")
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}[res.type]
        if ctype not in allowed:
            return error(
                400,
                50035,
                "Invalid Form Body",
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                                "message": (
                                    f"Response type {ctype} invalid for interaction type {res.type}"
                                ),
                            }
                        ]
                    }
                },
            )
        data = dict(body.get("data") or {})
        if "_files" in body:
            data["_files"] = body["_files"]
        if ctype in (4, 7) and (bad := self._invalid(data, edit=ctype == 7, prefix="data")):
            return bad
        if ctype == 8:
            choices = data.get("choices") or []
            if len(choices) > 25 or any(not 1 <= len(c.get("name", "")) <= 100 for c in choices):
                return error(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "data": {
                            "choices": {
                                "_errors": [
                                    {
                                        "code": "BASE_TYPE_BAD_LENGTH",
                                        "message": "Must be 25 or fewer",
                                    }
                                ]
                            }
                        }
                    },
                )
        res.callback = body
        msg: dict | None = None
        if ctype == 4:
            msg = res.message = self._response_message(res, data, flags=(data.get("flags") or 0))
        elif ctype == 5:
            msg = res.message = self._response_message(
                res, {}, flags=LOADING | ((data.get("flags") or 0) & EPHEMERAL)
            )
        elif ctype in (6, 7):
            msg = res.message = self.messages.get(res.target_message_id or "")
            if msg is None:
                return error(404, 10008, "Unknown Message")
            if ctype == 7:
                P.apply_edit(msg, data, self._store_files(data))
        if ctype in (4, 7):
            self._record_sent("callback", request, data, msg, res)
        info = {
            "id": res.id,
            "type": res.type,
            "response_message_loading": ctype == 5,
            "response_message_ephemeral": is_ephemeral(msg),
        }
        if msg is not None:
            info["response_message_id"] = msg["id"]
        payload: dict = {"interaction": info, "resource": {"type": ctype}}
        if ctype in (4, 7):
            payload["resource"]["message"] = msg
        if request.query.get("with_response") in ("1", "true", "True"):
            return jsonr(payload)
        return web.Response(status=204)

    def _result_for_webhook(self, request: web.Request) -> InteractionResult | None:
        if request.match_info["app"] != self.app_id:
            return None
        return self._by_token.get(request.match_info["token"])

    async def _followup(self, request: web.Request) -> web.Response:
        res = self._result_for_webhook(request)
        if res is None or res.callback is None:
            return error(404, 10015, "Unknown Webhook")
        if (bad := self._injected("followup")) is not None:
            return bad
        body = request[_BODY] or {}
        if (bad := self._invalid(body)) is not None:
            return bad
        orig = res.message
        if orig is not None and orig["flags"] & LOADING and orig["id"] not in res.deleted:
            # the first followup after a "thinking" defer replaces the loading message and
            # keeps the defer's ephemerality (the followup's own flag is ignored); once the
            # loading message is deleted, a followup is a new message with its own flags
            msg = P.apply_edit(orig, {"attachments": [], **body}, self._store_files(body))
        else:
            msg = self._response_message(
                res, body, flags=(body.get("flags") or 0) & EPHEMERAL, followup=True
            )
        res.followups.append(body)
        res.followup_messages.append(msg)
        self._record_sent("followup", request, body, msg, res)
        if request.query.get("wait") in ("true", "1", "True"):
            return jsonr(msg)
        return web.Response(status=204)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        res = self._result_for_webhook(request)
        if res is None:
            return error(404, 10015, "Unknown Webhook")
        if (bad := self._injected("webhook_message")) is not None:
            return bad
        mid = request.match_info["mid"]
        is_original = mid == "@original"
        if is_original:
            msg = res.message
        else:
            msg = next(
                (
                    m
                    for m in [res.message, *res.followup_messages]
                    if m is not None and m["id"] == mid
                ),
                None,
            )
        if msg is None or msg["id"] in res.deleted:
            return error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return jsonr(msg)
        if request.method == "DELETE":
            res.deleted.append(msg["id"])
            self._delete_message(msg["id"])
            return web.Response(status=204)
        body = request[_BODY] or {}
        if (bad := self._invalid(body, edit=True)) is not None:
            return bad
        P.apply_edit(msg, body, self._store_files(body))
        res.edits.append(body)
        self._record_sent(
            "original_edit" if is_original or msg is res.message else "followup_edit",
            request,
            body,
            msg,
            res,
        )
        return jsonr(msg)

    # ================================================================== interactions (test side)
    def _context(
        self, guild: FakeGuild | None, channel: FakeChannel | None, user: FakeUser | None, dm: bool
    ) -> tuple[FakeGuild | None, FakeChannel, FakeUser]:
        user = user or self.admin
        if dm:
            return None, self._dm_channel(user), user
        if guild is None:
            guild = self.get_guild(channel.guild_id) if channel is not None else self.guild
        channel = channel or guild.channel
        if channel not in guild.channels:
            raise ValueError(f"channel {channel.name!r} is not in guild {guild.name!r}")
        if not guild.has_member(user):
            raise ValueError(f"{user.name!r} is not a member of guild {guild.name!r}")
        return guild, channel, user

    def _new_interaction(
        self,
        itype: int,
        data: dict,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user: FakeUser,
        *,
        app_permissions: Any = None,
        locale: str = "en-US",
        message: dict | None = None,
    ) -> InteractionResult:
        iid, token = snowflake(), "itok-" + snowflake()
        payload: dict = {
            "id": iid,
            "application_id": self.app_id,
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": channel.id,
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild is not None:
            perms = guild.permissions_of(user)
            app = (
                guild.app_permissions(channel)
                if app_permissions is None
                else P.perm_value(app_permissions)
            )
            payload.update(
                {
                    "guild_id": guild.id,
                    "guild_locale": "en-US",
                    "guild": {"id": guild.id, "locale": "en-US", "features": []},
                    "channel": dict(channel.payload(guild.bot_role_id), permissions=str(perms)),
                    "member": P.member_payload(user, permissions=perms),
                    "app_permissions": str(app),
                    "context": 0,
                    "authorizing_integration_owners": {"0": guild.id},
                }
            )
        else:
            app = P.BOT_PERMISSIONS if app_permissions is None else P.perm_value(app_permissions)
            payload.update(
                {
                    "channel": self._dm_payload(channel, user),
                    "user": user.payload(),
                    "app_permissions": str(app),
                    "context": 1,
                    "authorizing_integration_owners": {"0": "0"},
                }
            )
        if message is not None:
            payload["message"] = message
        res = InteractionResult(self, iid, token, itype, payload, guild, channel, user)
        self.interactions[iid] = res
        self._by_token[token] = res
        return res

    async def _deliver(
        self, res: InteractionResult, wait: str, timeout: float
    ) -> InteractionResult:
        if self._conn_for(res.guild) is None:
            raise RuntimeError("the bot is not connected to the fake gateway (READY not sent)")
        await self.dispatch("INTERACTION_CREATE", res.payload, guild=res.guild)
        if wait == "callback":
            await res.wait_callback(timeout)
        elif wait == "message":
            await res.wait_message(timeout)
        elif wait != "none":
            raise ValueError("wait must be 'message', 'callback' or 'none'")
        return res

    async def slash(
        self,
        name: str,
        options: dict | list | None = None,
        *,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        user: FakeUser | None = None,
        dm: bool = False,
        app_permissions: Any = None,
        locale: str = "en-US",
        enforce_permissions: bool = False,
        wait: str = "message",
        timeout: float = 5.0,
    ) -> InteractionResult:
        """Invoke a synced slash command as ``user`` (default: ``admin``) in ``channel``/``guild``
        (default: the default guild's first channel) or in a DM (``dm=True``).

        ``name`` may include the subcommand path: ``"digest schedule"``.  ``options`` is either
        a dict ``{option_name: value}`` typed and validated against the synced schema (choices,
        min/max, channel_types, required), or a raw list of option dicts (Discord's format).
        Values may be FakeChannel (CHANNEL), FakeUser (USER) and FakeAttachment (ATTACHMENT):
        they are replaced by ids and put into ``data.resolved``.  ``wait``: "message" (until a
        reply/followup/edit), "callback" (until the first callback) or "none"."""
        return await self._command_interaction(
            2,
            name,
            options,
            guild,
            channel,
            user,
            dm,
            app_permissions,
            locale,
            enforce_permissions,
            wait,
            timeout,
            focused=None,
        )

    async def autocomplete(
        self,
        name: str,
        options: dict | list,
        *,
        focused: str | None = None,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        user: FakeUser | None = None,
        timeout: float = 5.0,
    ) -> list[dict]:
        """Send an autocomplete interaction; returns the bot's choices.  With dict options name
        the option being typed in ``focused`` (its value is sent as the raw string typed so far);
        with a raw list one option must carry ``"focused": True``."""
        res = await self._command_interaction(
            4,
            name,
            options,
            guild,
            channel,
            user,
            False,
            None,
            "en-US",
            False,
            "callback",
            timeout,
            focused=focused,
        )
        assert res.choices is not None, f"expected autocomplete choices, got {res.callback}"
        return res.choices

    async def _command_interaction(
        self,
        itype: int,
        name: str,
        options: Any,
        guild: Any,
        channel: Any,
        user: Any,
        dm: bool,
        app_permissions: Any,
        locale: str,
        enforce: bool,
        wait: str,
        timeout: float,
        *,
        focused: str | None,
    ) -> InteractionResult:
        guild, channel, user = self._context(guild, channel, user, dm)
        top, *path = name.split()
        cmd = self.command(top, guild)
        if cmd is None:
            scope = "global" if guild is None else f"guild {guild.name!r} or global"
            raise LookupError(
                f"/{top} is not synced ({scope}); synced: "
                f"{ {k: [c['name'] for c in v] for k, v in self.commands.items()} }"
            )
        if enforce and guild is not None and not self.can_use(top, user, guild):
            raise PermissionError(f"Discord would not offer /{top} to {user.name!r}")
        resolved: dict = {}
        node = cmd
        for part in path:
            node = next(
                (o for o in node.get("options") or [] if o["name"] == part and o["type"] in (1, 2)),
                None,
            )
            if node is None:
                raise LookupError(f"/{name}: no subcommand {part!r}")
        if itype == 4 and (
            focused not in (options or {})
            if isinstance(options, dict)
            else not _has_focused(options or [])
        ):
            raise ValueError("autocomplete needs a focused option")
        if isinstance(options, dict):
            opts = self._typed_options(node, options, guild, user, resolved, itype, focused)
        else:
            opts = [self._raw_option(o, guild, user, resolved) for o in options or []]
        for sub in reversed(_walk(cmd, path)):
            opts = [{"type": sub["type"], "name": sub["name"], "options": opts}]
        data: dict = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": cmd.get("type", 1),
            "options": opts,
        }
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]  # discord.py's tree looks guild commands up by it
        if resolved:
            data["resolved"] = resolved
        res = self._new_interaction(
            itype, data, guild, channel, user, app_permissions=app_permissions, locale=locale
        )
        return await self._deliver(res, wait, timeout)

    def _resolve(
        self, otype: int, value: Any, guild: FakeGuild | None, user: FakeUser, resolved: dict
    ) -> Any:
        if otype == P.CHANNEL:
            ch = value if isinstance(value, FakeChannel) else self.find_channel(value)
            if ch is None or guild is None or ch not in guild.channels:
                raise ValueError(f"channel {value!r} is not in this guild")
            resolved.setdefault("channels", {})[ch.id] = ch.resolved_payload(
                guild.permissions_of(user)
            )
            return ch.id
        if otype == P.ATTACHMENT:
            if not isinstance(value, FakeAttachment):
                raise TypeError("ATTACHMENT values must come from fake.attachment(...)")
            resolved.setdefault("attachments", {})[value.id] = value.payload()
            return value.id
        if otype == P.USER:
            u = value if isinstance(value, FakeUser) else self.get_user(value)
            if u is None:
                raise ValueError(f"unknown user {value!r}")
            resolved.setdefault("users", {})[u.id] = u.payload()
            if guild is not None and guild.has_member(u):
                m = P.member_payload(u, permissions=guild.permissions_of(u))
                for key in ("user", "deaf", "mute"):
                    m.pop(key)
                resolved.setdefault("members", {})[u.id] = m
            return u.id
        return value

    def _raw_option(self, opt: dict, guild: Any, user: FakeUser, resolved: dict) -> dict:
        opt = dict(opt)
        if opt.get("type") in (1, 2):
            opt["options"] = [
                self._raw_option(o, guild, user, resolved) for o in opt.get("options") or []
            ]
        elif "value" in opt and opt.get("type") in (P.USER, P.CHANNEL, P.ATTACHMENT):
            opt["value"] = self._resolve(opt["type"], opt["value"], guild, user, resolved)
        return opt

    def _typed_options(
        self,
        node: dict,
        values: dict,
        guild: Any,
        user: FakeUser,
        resolved: dict,
        itype: int,
        focused: str | None,
    ) -> list[dict]:
        schema = {o["name"]: o for o in node.get("options") or [] if o["type"] not in (1, 2)}
        if any(o["type"] in (1, 2) for o in node.get("options") or []):
            raise LookupError(
                f"/{node['name']} needs a subcommand: {[o['name'] for o in node['options']]}"
            )
        out = []
        for key, value in values.items():
            if key not in schema:
                raise ValueError(f"/{node['name']} has no option {key!r}; has {list(schema)}")
            spec = schema[key]
            if key == focused:
                out.append(
                    {"type": spec["type"], "name": key, "value": str(value), "focused": True}
                )
                continue
            _check_value(spec, value)
            out.append(
                {
                    "type": spec["type"],
                    "name": key,
                    "value": self._resolve(spec["type"], value, guild, user, resolved),
                }
            )
            if spec["type"] == P.CHANNEL and spec.get("channel_types"):
                ch = self.find_channel(out[-1]["value"])
                if ch is not None and ch.type not in spec["channel_types"]:
                    raise ValueError(
                        f"option {key!r} accepts channel types "
                        f"{spec['channel_types']}, not {ch.type}"
                    )
        if itype == 2:
            missing = [n for n, s in schema.items() if s.get("required") and n not in values]
            if missing:
                raise ValueError(f"/{node['name']}: required option(s) missing: {missing}")
        return out

    async def click(
        self,
        message: dict | InteractionResult | str,
        custom_id: str,
        *,
        user: FakeUser | None = None,
        values: list[str] | None = None,
        wait: str = "message",
        timeout: float = 5.0,
    ) -> InteractionResult:
        """Click a button (or choose ``values`` in a select) on a message the bot sent, as
        ``user`` (default: ``admin``).  The component must exist on the *current* version of
        the message and not be disabled.  Any user can click, even on someone else's ephemeral
        message: restricting that is the bot's job.  @original of the result is the clicked
        message (callback 6/7) or a new message (callback 4/5)."""
        msg = self._current_message(message)
        comp = P.find_component(msg, custom_id)
        if comp is None:
            ids = [c.get("custom_id") for c in P.iter_components(msg.get("components") or [])]
            raise ValueError(f"no component {custom_id!r} on message {msg.get('id')}: {ids}")
        if comp.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        channel = self.find_channel(msg["channel_id"])
        if channel is None:
            raise ValueError(f"message {msg.get('id')} is in an unknown channel")
        user = user or self.admin
        dm = channel.type == P.DM
        guild, channel, user = self._context(
            None if dm else self.get_guild(channel.guild_id), channel, user, dm
        )
        data: dict = {"custom_id": custom_id, "component_type": comp["type"]}
        if values is not None:
            data["values"] = values
        res = self._new_interaction(
            3, data, guild, channel, user, message=json.loads(json.dumps(msg))
        )
        res.target_message_id = msg["id"]
        return await self._deliver(res, wait, timeout)


def _walk(cmd: dict, path: list[str]) -> list[dict]:
    """The option nodes along a subcommand path."""
    out, node = [], cmd
    for part in path:
        node = next(o for o in node.get("options") or [] if o["name"] == part)
        out.append(node)
    return out


def _has_focused(options: list[dict]) -> bool:
    return any(o.get("focused") or _has_focused(o.get("options") or []) for o in options)


def _sub_path(options: list[dict]) -> list[str]:
    for o in options:
        if o.get("type") in (1, 2):
            return [o["name"], *_sub_path(o.get("options") or [])]
    return []


def _check_value(spec: dict, value: Any) -> None:
    """What the Discord client guarantees about option values."""
    t, name = spec["type"], spec["name"]
    ok = {
        P.STRING: isinstance(value, str),
        P.INTEGER: isinstance(value, int) and not isinstance(value, bool),
        P.NUMBER: isinstance(value, int | float) and not isinstance(value, bool),
        P.BOOLEAN: isinstance(value, bool),
    }.get(t, True)
    if not ok:
        raise TypeError(f"option {name!r} (type {t}) got {value!r}")
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(
            f"option {name!r}: {value!r} is not one of {[c['value'] for c in choices]}"
        )
    if t == P.STRING and not spec.get("min_length", 0) <= len(value) <= spec.get(
        "max_length", 6000
    ):
        raise ValueError(f"option {name!r}: length {len(value)} out of range")
    if t in (P.INTEGER, P.NUMBER) and (
        ("min_value" in spec and value < spec["min_value"])
        or ("max_value" in spec and value > spec["max_value"])
    ):
        raise ValueError(f"option {name!r}: {value} out of range")
