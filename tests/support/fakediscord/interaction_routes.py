"""The fake's interaction routes: POST /interactions/{id}/{token}/callback (response types 4-9,
one per interaction), followups via POST /webhooks/{app}/{token} and GET/PATCH/DELETE of the
@original and followup messages.  They update the :class:`~.interactions.InteractionResult`
the test holds.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import payloads as P
from ..payloads import EPHEMERAL, LOADING, error, jsonr
from .discord_limits import invalid_choices, invalid_message
from .fake_base import _BODY, FakeBase
from .interactions import InteractionResult
from .records import is_ephemeral


class InteractionRoutesMixin(FakeBase):
    """Callback, followup and webhook-message routes."""

    # ================================================================== interactions (REST)
    def _response_message(
        self, res: InteractionResult, body: dict[str, Any], *, flags: int, followup: bool = False
    ) -> dict[str, Any]:
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
        if ctype in (4, 7) and (bad := invalid_message(data, edit=ctype == 7, prefix="data")):
            return bad
        if ctype == 8 and (bad := invalid_choices(data)) is not None:
            return bad
        res.callback = body
        msg: dict[str, Any] | None = None
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
        payload: dict[str, Any] = {"interaction": info, "resource": {"type": ctype}}
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
        if (bad := invalid_message(body)) is not None:
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
        if (bad := invalid_message(body, edit=True)) is not None:
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


def _sub_path(options: list[dict[str, Any]]) -> list[str]:
    for o in options:
        if o.get("type") in (1, 2):
            return [o["name"], *_sub_path(o.get("options") or [])]
    return []
