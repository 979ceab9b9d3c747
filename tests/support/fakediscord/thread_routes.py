"""The fake's thread routes, as Discord answers them:

- ``POST /channels/{cid}/messages/{mid}/threads`` (discord.py ``PartialMessage.create_thread``):
  a public thread on a message of a text channel (an announcement thread in an announcement
  channel).  The thread's id is the message's id, as on Discord.  A second thread on the same
  message is refused with 400 / code 160004 ("A thread has already been created for this
  message"); a message of another channel is 404 Unknown Message.
- ``POST /channels/{cid}/threads``: in a forum (discord.py ``ForumChannel.create_thread``), a
  forum post: the thread and its first message in one call (the body's ``message``, checked
  as any message), the message's id being the thread's id, answered as the thread with a
  ``message`` field; in a text channel, a thread without a message (body ``type`` 11).

Each created thread is a channel the bot can post in (``/channels/{thread}/messages``) and
read (``GET /channels/{thread}``), announced with THREAD_CREATE, and listed in
``fake.threads`` (id -> FakeChannel) with its parent in ``parent_id``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import payloads as P
from ..payloads import FakeChannel, error, jsonr, snowflake
from .discord_limits import invalid_message
from .fake_base import _BODY, FakeBase

THREAD_EXISTS = 160004


class ThreadRoutesMixin(FakeBase):
    """Thread and forum-post creation."""

    def _new_thread(self, parent: FakeChannel, name: Any, tid: str, ttype: int) -> FakeChannel:
        thread = FakeChannel(
            name=str(name or "thread")[:100],
            guild_id=parent.guild_id,
            type=ttype,
            id=tid,
            parent_id=parent.id,
            owner_id=self.app_id,
        )
        self.threads[tid] = thread
        payload = {**thread.thread_payload(), "newly_created": True}
        self.send_event("THREAD_CREATE", payload, guild=self.get_guild(parent.guild_id))
        return thread

    @staticmethod
    def _bad_name(body: dict[str, Any]) -> web.Response | None:
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            return error(400, 50035, "Invalid Form Body")
        return None

    async def _thread_from_message(self, request: web.Request) -> web.Response:
        cid, mid = request.match_info["cid"], request.match_info["mid"]
        ch, bad = self._channel_or_error(cid)
        if bad:
            return bad
        assert ch is not None
        if ch.type not in (P.GUILD_TEXT, P.GUILD_ANNOUNCEMENT):
            return error(400, 50024, "Cannot execute action on this channel type")
        if ch.bot_denied & (P.VIEW_CHANNEL | P.SEND_MESSAGES):
            return error(403, 50013, "Missing Permissions")
        body = request[_BODY] or {}
        if (bad := self._bad_name(body)) is not None:
            return bad
        msg = self.messages.get(mid)
        if msg is None or msg["channel_id"] != cid:
            return error(404, 10008, "Unknown Message")
        if mid in self.threads:
            return error(400, THREAD_EXISTS, "A thread has already been created for this message")
        ttype = P.ANNOUNCEMENT_THREAD if ch.type == P.GUILD_ANNOUNCEMENT else P.PUBLIC_THREAD
        thread = self._new_thread(ch, body["name"], mid, ttype)
        msg["thread"] = thread.thread_payload()
        self.thread_requests.append(("message", cid, mid))
        return jsonr(thread.thread_payload())

    async def _thread_in_channel(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        ch, bad = self._channel_or_error(cid)
        if bad:
            return bad
        assert ch is not None
        if ch.bot_denied & (P.VIEW_CHANNEL | P.SEND_MESSAGES):
            return error(403, 50013, "Missing Permissions")
        body = request[_BODY] or {}
        if (bad := self._bad_name(body)) is not None:
            return bad
        if ch.type == P.GUILD_FORUM:
            message = body.get("message")
            if not isinstance(message, dict):
                return error(400, 50035, "Invalid Form Body")
            if (bad := invalid_message(message)) is not None:
                return bad
            tid = snowflake()
            thread = self._new_thread(ch, body["name"], tid, P.PUBLIC_THREAD)
            msg = P.message_payload(
                message,
                channel_id=tid,
                guild_id=ch.guild_id,
                author=self.bot_user.payload(),
                attachments=self._store_files(message),
            )
            msg["id"] = tid  # a forum post's first message has the thread's id
            self.messages[tid] = msg
            self.channel_messages.setdefault(tid, []).append(msg)
            self._record_sent("channel_message", request, message, msg)
            self.thread_requests.append(("forum", cid, tid))
            return jsonr({**thread.thread_payload(), "message": msg})
        if ch.type not in (P.GUILD_TEXT, P.GUILD_ANNOUNCEMENT):
            return error(400, 50024, "Cannot execute action on this channel type")
        ttype = int(body.get("type") or P.PUBLIC_THREAD)
        thread = self._new_thread(ch, body["name"], snowflake(), ttype)
        self.thread_requests.append(("channel", cid, thread.id))
        return jsonr(thread.thread_payload())
