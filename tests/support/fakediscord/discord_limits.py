"""Discord's limits and validation, as the fake enforces them.

Server side (answered with 400 like Discord): application-command sync (names, descriptions,
option order and counts, choices, autocomplete xor choices), message payloads (content and
embed lengths, embed/field/component counts, no empty message) and autocomplete choices.
Client side (raised in the test, since the Discord client would never send it): option values
of the right type, among the choices and within min/max.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .. import payloads as P
from ..payloads import error

_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")


def _len_error(what: str, lo: int, hi: int) -> dict[str, Any]:
    return {
        "_errors": [
            {
                "code": "BASE_TYPE_BAD_LENGTH",
                "message": f"Must be between {lo} and {hi} in length. ({what})",
            }
        ]
    }


def validate_command(cmd: dict[str, Any]) -> dict[str, Any]:
    """A subset of Discord's server-side checks on application commands.

    Returns a Discord-style nested error dict (empty when valid): name format, description
    length, option count/order, choice count, autocomplete+choices exclusivity."""
    errs: dict[str, Any] = {}
    ctype = cmd.get("type", 1)
    name = cmd.get("name", "")
    if not _NAME_RE.match(name) or (ctype == 1 and name != name.lower()):
        errs["name"] = {
            "_errors": [
                {
                    "code": "APPLICATION_COMMAND_INVALID_NAME",
                    "message": f"Command name is invalid ({name!r})",
                }
            ]
        }
    if ctype == 1 and not 1 <= len(cmd.get("description", "")) <= 100:
        errs["description"] = _len_error("description", 1, 100)
    opts = cmd.get("options") or []
    if len(opts) > 25:
        errs["options"] = {
            "_errors": [
                {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}
            ]
        }
    seen_optional = False
    for i, opt in enumerate(opts):
        oerrs = validate_command({**opt, "type": 1}) if opt.get("type") in (1, 2) else {}
        if opt.get("type") not in (1, 2):
            if not _NAME_RE.match(opt.get("name", "")):
                oerrs["name"] = {
                    "_errors": [
                        {
                            "code": "APPLICATION_COMMAND_INVALID_NAME",
                            "message": "Option name is invalid",
                        }
                    ]
                }
            if not 1 <= len(opt.get("description", "")) <= 100:
                oerrs["description"] = _len_error("description", 1, 100)
            if opt.get("required"):
                if seen_optional:
                    oerrs["required"] = {
                        "_errors": [
                            {
                                "code": "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                                "message": (
                                    "Required options must be placed before non-required options"
                                ),
                            }
                        ]
                    }
            else:
                seen_optional = True
            if len(opt.get("choices") or []) > 25:
                oerrs["choices"] = {
                    "_errors": [
                        {
                            "code": "BASE_TYPE_MAX_LENGTH",
                            "message": "Must be 25 or fewer in length.",
                        }
                    ]
                }
            if opt.get("autocomplete") and opt.get("choices"):
                oerrs["autocomplete"] = {
                    "_errors": [
                        {
                            "code": "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                            "message": "Autocomplete cannot be set for options with choices",
                        }
                    ]
                }
        if oerrs:
            errs.setdefault("options", {})[str(i)] = oerrs
    return errs


def _err(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}


_EMBED_LIMITS = {"title": 256, "description": 4096}


def validate_message(body: dict[str, Any], *, edit: bool = False) -> tuple[int, dict[str, Any]]:
    """Discord's message limits.  Returns ``(code, errors)``: ``(0, {})`` when valid,
    ``(50006, {})`` for an empty message, ``(50035, {...})`` for Invalid Form Body."""
    errs: dict[str, Any] = {}
    content = body.get("content") or ""
    if len(content) > 2000:
        errs["content"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errs["embeds"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, emb in enumerate(embeds):
        e: dict[str, Any] = {}
        for key, limit in _EMBED_LIMITS.items():
            n = len(emb.get(key) or "")
            total += n
            if n > limit:
                e[key] = _err("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
        for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
            n = len((emb.get(key) or {}).get(sub) or "")
            total += n
            if n > limit:
                e[key] = {sub: _err("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")}
        fields = emb.get("fields") or []
        if len(fields) > 25:
            e["fields"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, f in enumerate(fields):
            fe = {}
            for key, limit in (("name", 256), ("value", 1024)):
                n = len(f.get(key) or "")
                total += n
                if n > limit or n == 0:
                    fe[key] = _err("BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {limit}.")
            if fe:
                e.setdefault("fields", {})[str(j)] = fe
        if e:
            errs.setdefault("embeds", {})[str(i)] = e
    if total > 6000:
        errs.setdefault("embeds", {}).setdefault("_errors", []).append(
            {
                "code": "MAX_EMBED_SIZE_EXCEEDED",
                "message": "Embed size exceeds maximum size of 6000",
            }
        )
    if not (body.get("flags") or 0) & (1 << 15):  # classic components (not Components V2)
        rows = body.get("components") or []
        if len(rows) > 5:
            errs["components"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
        for i, row in enumerate(rows):
            if len(row.get("components") or []) > 5:
                errs.setdefault("components", {})[str(i)] = {
                    "components": _err("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
                }
    if errs:
        return 50035, errs
    if not edit and not (
        content
        or embeds
        or body.get("components")
        or body.get("_files")
        or body.get("attachments")
        or body.get("sticker_ids")
        or body.get("poll")
    ):
        return 50006, {}
    return 0, {}


def invalid_message(
    body: dict[str, Any], *, edit: bool = False, prefix: str | None = None
) -> web.Response | None:
    """The 400 Discord answers for a message payload breaking its limits (None when valid);
    ``prefix`` nests the errors (``"data"`` for an interaction callback)."""
    code, errs = validate_message(body, edit=edit)
    if code == 50006:
        return error(400, 50006, "Cannot send an empty message")
    if code:
        return error(400, 50035, "Invalid Form Body", {prefix: errs} if prefix else errs)
    return None


def invalid_choices(data: dict[str, Any]) -> web.Response | None:
    """The 400 Discord answers for autocomplete choices (callback type 8 ``data``) over its
    limits: more than 25, or a name not 1-100 characters long (None when valid)."""
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
    return None


def check_option_value(spec: dict[str, Any], value: Any) -> None:
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
