"""What the fake records about the bot's traffic: every REST request (:class:`Recorded`) and
every message payload the bot sent (:class:`Sent`), plus the ephemeral-flag test they share.

Plain data with no dependency on the server, so every section module (and the test-side
:class:`~.interactions.InteractionResult`) can use it without import cycles.
"""

from __future__ import annotations

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
