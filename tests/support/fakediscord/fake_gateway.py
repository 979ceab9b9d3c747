"""The fake's websocket gateway: one ordered outbound queue per connection (:class:`_Conn`),
the ops discord.py sends (HEARTBEAT, IDENTIFY, RESUME, REQUEST_GUILD_MEMBERS), READY plus one
GUILD_CREATE per guild, shard routing, and DISPATCH of events to the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .. import payloads as P
from ..payloads import FakeGuild, snowflake
from .fake_base import FakeBase, log


@dataclass(eq=False)
class _Conn:
    """One gateway websocket with an ordered outbound queue (so sync code can enqueue)."""

    ws: web.WebSocketResponse
    query: dict[str, Any]
    shard: tuple[int, int] = (0, 1)
    session_id: str | None = None
    seq: int = 0
    identified: bool = False
    queue: asyncio.Queue[tuple[dict[str, Any], asyncio.Future[None]]] = field(
        default_factory=asyncio.Queue
    )
    writer: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.writer = asyncio.create_task(self._write())

    def send(self, payload: dict[str, Any]) -> asyncio.Future[None]:
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


class GatewayMixin(FakeBase):
    """Gateway connections, ops and event dispatch."""

    HEARTBEAT_MS = 41250

    def _conn_for(self, guild: FakeGuild | None, identified: bool = True) -> _Conn | None:
        shard = 0 if guild is None else (int(guild.id) >> 22) % self.shards
        conn = self._conns.get(shard)
        if conn is None or conn.ws.closed or (identified and not conn.identified):
            return None
        return conn

    def send_event(
        self, event: str, d: dict[str, Any], *, guild: FakeGuild | None = None
    ) -> list[Any]:
        """Queue a DISPATCH for the shard that owns ``guild`` (all shards if None and the event
        isn't guild-bound).  Returns futures; does nothing if the bot isn't connected."""
        conns = (
            [self._conn_for(guild)]
            if guild is not None
            else [c for c in self._conns.values() if c.identified and not c.ws.closed]
        )
        return [c.send({"op": 0, "t": event, "s": None, "d": d}) for c in conns if c]

    async def dispatch(
        self, event: str, d: dict[str, Any], *, guild: FakeGuild | None = None
    ) -> None:
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
            conn.shard = tuple(d.get("shard") or (0, 1))
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
