"""State shared by the sections of :class:`~.server.FakeDiscord`, declared once.

``FakeDiscord`` is assembled from one mixin per section (world, gateway, REST, interaction
routes, test-side interactions); they all read and write the attributes set in
``FakeDiscord.__init__`` and call one another.  :class:`FakeBase` declares those attributes and,
for type checkers only, the methods one section calls on another, so every module type-checks
on its own.  It adds no behaviour at run time.  Also here: the constants the routes share.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .. import payloads as P
from ..payloads import FakeChannel, FakeGuild, FakeUser

if TYPE_CHECKING:
    from .fake_gateway import _Conn
    from .interactions import InteractionResult
    from .records import Recorded, Sent

log = logging.getLogger("fakediscord")
_BODY: Any = web.RequestKey("body", object) if hasattr(web, "RequestKey") else "body"
API = f"/api/v{P.API_VERSION}"


class FakeBase:
    """Attributes of the fake (see ``FakeDiscord.__init__``) and cross-section methods."""

    host: str
    port: int | None
    rejected_tokens: set[str]
    valid_tokens: set[str] | None
    shards: int
    bot_user: FakeUser
    app_id: str
    admin: FakeUser
    member: FakeUser
    users: list[FakeUser]
    requests: list[Recorded]
    unhandled: list[tuple[str, str]]
    sent: list[Sent]
    messages: dict[str, dict[str, Any]]
    channel_messages: dict[str, list[dict[str, Any]]]
    deleted_messages: list[str]
    threads: dict[str, FakeChannel]  # threads and forum posts by id (thread_routes.py)
    thread_requests: list[tuple[str, str, str]]  # (how, channel id, thread id) created
    nonce_repeats: int  # messages not created again because their nonce was seen
    commands: dict[str | None, list[dict[str, Any]]]
    interactions: dict[str, InteractionResult]
    identify_payload: dict[str, Any] | None
    ws_query: dict[str, Any]
    heartbeats: int
    identifies: int
    resumes: int
    static_hits: dict[str, int]
    ready: asyncio.Event
    fail_next: dict[str, int]
    _injections: dict[str, list[dict[str, Any]]]
    _conns: dict[int, _Conn]
    _sessions: dict[str, tuple[int, int]]
    _cdn: dict[str, tuple[bytes, str | None]]
    _static: dict[str, tuple[int, bytes, str, dict[str, Any]]]
    _dms: dict[str, FakeChannel]
    _by_token: dict[str, InteractionResult]
    _cond: asyncio.Condition
    _runner: web.AppRunner | None
    _saved_globals: tuple[Any, ...] | None
    guilds: list[FakeGuild]
    guild: FakeGuild
    channel: FakeChannel

    if TYPE_CHECKING:
        # server.py
        @property
        def base(self) -> str: ...

        @property
        def gateway_url(self) -> str: ...

        def command(
            self, name: str, guild: Any = None, *, fallback: bool = True
        ) -> dict[str, Any] | None: ...

        def can_use(self, name: str, user: FakeUser, guild: FakeGuild) -> bool: ...

        async def wait_until(
            self, pred: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
        ) -> None: ...

        async def _notify(self) -> None: ...

        # world.py
        def get_guild(self, gid: Any) -> FakeGuild: ...

        def find_channel(self, cid: Any) -> FakeChannel | None: ...

        def get_user(self, uid: Any) -> FakeUser | None: ...

        def _injected(self, route: str) -> web.Response | None: ...

        def _dm_channel(self, user: FakeUser) -> FakeChannel: ...

        @staticmethod
        def _dm_payload(ch: FakeChannel, user: FakeUser) -> dict[str, Any]: ...

        # fake_gateway.py
        def _conn_for(self, guild: FakeGuild | None, identified: bool = True) -> _Conn | None: ...

        def send_event(
            self, event: str, d: dict[str, Any], *, guild: FakeGuild | None = None
        ) -> list[Any]: ...

        async def dispatch(
            self, event: str, d: dict[str, Any], *, guild: FakeGuild | None = None
        ) -> None: ...

        def _token_ok(self, token: str | None) -> bool: ...

        # rest_routes.py
        def _store_files(self, body: dict[str, Any]) -> list[dict[str, Any]]: ...

        def _record_sent(
            self,
            kind: str,
            request: web.Request,
            body: dict[str, Any],
            msg: dict[str, Any] | None,
            res: InteractionResult | None = None,
        ) -> None: ...

        def _delete_message(self, mid: str) -> None: ...

        def _channel_or_error(self, cid: str) -> tuple[FakeChannel | None, web.Response | None]: ...

        # interactions.py
        def _current_message(self, message: Any) -> dict[str, Any]: ...
