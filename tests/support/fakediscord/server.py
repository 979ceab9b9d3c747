"""``FakeDiscord``: the loopback server assembled from one mixin per section, with what does
not belong to any single section: construction of the shared state, lifecycle (aiohttp app,
route table, start/stop), pointing discord.py at the fake, running a client, and the
inspection/waiting helpers tests call.  See the package docstring for the overview.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import yarl
from aiohttp import web

from .. import payloads as P
from ..payloads import FakeChannel, FakeGuild, FakeUser
from .fake_base import API, log
from .fake_gateway import GatewayMixin, _Conn
from .interaction_routes import InteractionRoutesMixin
from .interactions import InteractionResult, InteractionsMixin
from .records import Recorded, Sent
from .rest_routes import RestMixin
from .thread_routes import ThreadRoutesMixin
from .world import WorldMixin

__all__ = ["FakeDiscord", "preserve_discord_globals"]


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


class FakeDiscord(
    GatewayMixin,
    RestMixin,
    ThreadRoutesMixin,
    InteractionRoutesMixin,
    InteractionsMixin,
    WorldMixin,
):
    """The fake.  See the package docstring; every public member is documented inline."""

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
        self.messages: dict[str, dict[str, Any]] = {}  # every live message by id
        self.threads: dict[str, FakeChannel] = {}  # threads and forum posts by id
        self.thread_requests: list[tuple[str, str, str]] = []  # (how, channel, thread) made
        self.channel_messages: dict[
            str, list[dict[str, Any]]
        ] = {}  # channel-route posts, live objects
        self.deleted_messages: list[str] = []
        self.nonce_repeats = 0
        self.commands: dict[str | None, list[dict[str, Any]]] = {}  # None = global, else guild id
        self.interactions: dict[str, InteractionResult] = {}
        self.identify_payload: dict[str, Any] | None = None
        self.ws_query: dict[str, Any] = {}
        self.heartbeats = 0
        self.identifies = 0  # IDENTIFY ops accepted
        self.resumes = 0  # RESUME ops accepted
        self.static_hits: dict[str, int] = {}
        self.ready = asyncio.Event()
        self.fail_next: dict[str, int] = {}  # route key -> number of 429s to answer first
        self._injections: dict[str, list[dict[str, Any]]] = {}
        self._conns: dict[int, _Conn] = {}
        self._sessions: dict[str, tuple[int, int]] = {}
        self._cdn: dict[str, tuple[bytes, str | None]] = {}
        self._static: dict[str, tuple[int, bytes, str, dict[str, Any]]] = {}
        self._dms: dict[str, FakeChannel] = {}
        self._by_token: dict[str, InteractionResult] = {}
        self._cond = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._saved_globals: tuple[Any, ...] | None = None
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
            ("POST", "/channels/{cid}/messages/{mid}/threads", self._thread_from_message),
            ("POST", "/channels/{cid}/threads", self._thread_in_channel),
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
    async def _shutdown(client: Any, task: asyncio.Task[Any], *, reraise: bool) -> None:
        await client.close()
        try:
            await asyncio.wait_for(task, 5)
        except asyncio.CancelledError:
            pass
        except Exception:
            if reraise:
                raise

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

    def assert_allowed_mentions(self, expected: dict[str, Any] | None = None) -> int:
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

    def command(
        self, name: str, guild: Any = None, *, fallback: bool = True
    ) -> dict[str, Any] | None:
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
                        sub = next(
                            (
                                o
                                for o in node.get("options") or []
                                if o["name"] == part and o["type"] in (1, 2)
                            ),
                            None,
                        )
                        if sub is None:
                            return None
                        node = sub
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

    def buttons(self, message: dict[str, Any] | InteractionResult) -> list[dict[str, Any]]:
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
    ) -> list[dict[str, Any]]:
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
