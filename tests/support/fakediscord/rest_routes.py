"""REST plumbing and the bot-token routes of the fake API: the middleware (body parsing,
request recording, bot-token auth), the catch-all, static and CDN routes, uploaded files, the
record of sent payloads, then users/gateway/application/guild routes, application commands
and channel messages.  Interaction and webhook routes are in :mod:`.interaction_routes`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiohttp import BodyPartReader, web

from .. import payloads as P
from ..payloads import FakeChannel, error, jsonr, snowflake
from .discord_limits import invalid_message, validate_command
from .fake_base import _BODY, API, FakeBase, log
from .interactions import InteractionResult
from .records import Recorded, Sent, is_ephemeral


class RestMixin(FakeBase):
    """Middleware, misc/command/channel routes, and bookkeeping shared with interaction routes."""

    # ================================================================== REST plumbing
    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        body: Any = None
        if request.can_read_body:
            if request.content_type.startswith("multipart/"):
                body = {"_files": []}
                reader = await request.multipart()
                async for item in reader:
                    part = cast(BodyPartReader, item)  # discord.py never nests multiparts
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

    def _store_files(self, body: dict[str, Any]) -> list[dict[str, Any]]:
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

    def _record_sent(
        self,
        kind: str,
        request: web.Request,
        body: dict[str, Any],
        msg: dict[str, Any] | None,
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

    def _stored_command(self, cmd: dict[str, Any], guild: str | None) -> dict[str, Any]:
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
        errs = {str(i): e for i, c in enumerate(request[_BODY]) if (e := validate_command(c))}
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
        if errs := validate_command(request[_BODY]):
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

    def _channel_payload(self, ch: FakeChannel) -> dict[str, Any]:
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
        if (bad := invalid_message(body)) is not None:
            return bad
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            # Discord answers a repeated nonce with the message it already created.
            for old in self.channel_messages.get(ch.id, []):  # type: ignore[union-attr]
                if old.get("nonce") == str(nonce):
                    self.nonce_repeats += 1
                    return jsonr(old)
        guild_id = ch.guild_id or None  # type: ignore[union-attr]
        msg = P.message_payload(
            body,
            channel_id=ch.id,  # type: ignore[union-attr]
            guild_id=guild_id,
            author=self.bot_user.payload(),
            attachments=self._store_files(body),
        )
        if nonce is not None:
            msg["nonce"] = str(nonce)
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
                {"id": mid, "channel_id": cid, "guild_id": ch.guild_id},  # type: ignore[union-attr]
                guild=guild,
            )
            return web.Response(status=204)
        if msg["author"]["id"] != self.app_id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        body = request[_BODY] or {}
        if (bad := invalid_message(body, edit=True)) is not None:
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
