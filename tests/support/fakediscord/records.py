"""What the fake records about the bot's traffic: every REST request (:class:`Recorded`) and
every message payload the bot sent (:class:`Sent`), plus the ephemeral-flag test they share.

Plain data with no dependency on the server, so every section module (and the test-side
:class:`~.interactions.InteractionResult`) can use it without import cycles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..payloads import EPHEMERAL

MESSAGE_KINDS = (
    "channel_message",
    "channel_edit",
    "callback",
    "original_edit",
    "followup",
    "followup_edit",
)


def is_ephemeral(payload: dict[str, Any] | None) -> bool:
    """True if a message (or message payload) has the EPHEMERAL flag."""
    return bool(((payload or {}).get("flags") or 0) & EPHEMERAL)


_MENTION_RE = re.compile(r"@(everyone|here)|<@!?(\d+)>|<@&(\d+)>")


def pings(body: dict[str, Any]) -> set[str]:
    """Who a message would notify, as Discord decides it: mentions in ``content`` only
    (embeds never ping), filtered by ``allowed_mentions`` (absent: everything in the
    content pings).  Items: ``"everyone"`` (also for @here), ``"user:ID"``, ``"role:ID"``."""
    content = body.get("content") or ""
    allowed = body.get("allowed_mentions")
    parse = set(allowed.get("parse", [])) if allowed is not None else {"everyone", "users", "roles"}
    users = {str(u) for u in (allowed or {}).get("users", [])}
    roles = {str(r) for r in (allowed or {}).get("roles", [])}
    out: set[str] = set()
    for m in _MENTION_RE.finditer(content):
        if m.group(1) and "everyone" in parse:
            out.add("everyone")
        elif m.group(2) and ("users" in parse or m.group(2) in users):
            out.add(f"user:{m.group(2)}")
        elif m.group(3) and ("roles" in parse or m.group(3) in roles):
            out.add(f"role:{m.group(3)}")
    return out


@dataclass
class Recorded:
    """One REST request: method, path, parsed body (JSON, or payload_json + ``_files``),
    query and bot token (None for webhook/interaction routes)."""

    method: str
    path: str
    body: Any
    query: dict[str, Any]
    token: str | None


@dataclass
class Sent:
    """A message payload the bot sent (see :meth:`FakeDiscord.sent_payloads`)."""

    kind: str  # one of MESSAGE_KINDS
    method: str
    path: str
    body: dict[str, Any]  # the message part (callback: its ``data``)
    message_id: str | None = None
    channel_id: str | None = None
    interaction_id: str | None = None

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.body.get("allowed_mentions")

    @property
    def pings(self) -> set[str]:
        """Who this message notified (see :func:`pings`)."""
        return pings(self.body)
