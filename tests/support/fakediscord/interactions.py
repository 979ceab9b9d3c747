"""The test side of interactions: building INTERACTION_CREATE payloads for slash commands,
autocomplete and component clicks (options typed and resolved against the synced schema),
delivering them over the gateway, and :class:`InteractionResult`, which collects everything
the bot did in answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .. import payloads as P
from ..payloads import FakeAttachment, FakeChannel, FakeGuild, FakeUser, snowflake
from .discord_limits import check_option_value
from .fake_base import FakeBase
from .records import Sent, is_ephemeral

if TYPE_CHECKING:
    from .server import FakeDiscord


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
    payload: dict[str, Any] = field(repr=False)  # the INTERACTION_CREATE ``d`` that was dispatched
    guild: FakeGuild | None
    channel: FakeChannel
    user: FakeUser
    target_message_id: str | None = None  # component interactions: the clicked message
    callback: dict[str, Any] | None = None  # body of POST /interactions/{id}/{token}/callback
    edits: list[dict[str, Any]] = field(
        default_factory=list
    )  # PATCH bodies (@original and followups)
    followups: list[dict[str, Any]] = field(
        default_factory=list
    )  # POST /webhooks/{app}/{token} bodies
    message: dict[str, Any] | None = None  # current state of the @original message
    followup_messages: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)  # chronological message payloads
    deleted: list[str] = field(default_factory=list)  # message ids deleted via the webhook

    @property
    def callback_type(self) -> int | None:
        return (self.callback or {}).get("type")

    @property
    def final(self) -> dict[str, Any] | None:
        """The most recent message payload (callback data, followup or edit body)."""
        return self.sent[-1].body if self.sent else None

    @property
    def ephemeral(self) -> bool:
        """Whether the initial response (reply or defer) was ephemeral."""
        if self.callback_type in (6, 7):
            return is_ephemeral(self.message)
        return is_ephemeral((self.callback or {}).get("data"))

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices (callback type 8)."""
        return (
            (self.callback or {}).get("data", {}).get("choices")
            if self.callback_type == 8
            else None
        )

    @property
    def modal(self) -> dict[str, Any] | None:
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


class InteractionsMixin(FakeBase):
    """``slash``, ``autocomplete`` and ``click``: what a user does in the Discord client."""

    def _current_message(self, message: Any) -> dict[str, Any]:
        if isinstance(message, InteractionResult):
            if message.message is None:
                raise ValueError(f"interaction {message.describe()} created no message")
            message = message.message
        mid = message if isinstance(message, str) else message["id"]
        if mid in self.deleted_messages:
            raise ValueError(f"message {mid} was deleted")
        return self.messages.get(mid) or (message if isinstance(message, dict) else {})

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
        data: dict[str, Any],
        guild: FakeGuild | None,
        channel: FakeChannel,
        user: FakeUser,
        *,
        app_permissions: Any = None,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
    ) -> InteractionResult:
        iid, token = snowflake(), "itok-" + snowflake()
        payload: dict[str, Any] = {
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
                    "member": P.member_payload(
                        user, permissions=perms, roles=guild.member_roles.get(user.id)
                    ),
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
        res = InteractionResult(
            cast("FakeDiscord", self), iid, token, itype, payload, guild, channel, user
        )
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
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
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
        options: dict[str, Any] | list[dict[str, Any]],
        *,
        focused: str | None = None,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        user: FakeUser | None = None,
        timeout: float = 5.0,
    ) -> list[dict[str, Any]]:
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
        resolved: dict[str, Any] = {}
        node = cmd
        for part in path:
            sub = next(
                (o for o in node.get("options") or [] if o["name"] == part and o["type"] in (1, 2)),
                None,
            )
            if sub is None:
                raise LookupError(f"/{name}: no subcommand {part!r}")
            node = sub
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
        data: dict[str, Any] = {
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
        self,
        otype: int,
        value: Any,
        guild: FakeGuild | None,
        user: FakeUser,
        resolved: dict[str, Any],
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
        if otype == P.ROLE:
            if guild is None:
                raise ValueError("ROLE options need a guild")
            role = guild.role(str(value))
            resolved.setdefault("roles", {})[role["id"]] = role
            return role["id"]
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

    def _raw_option(
        self, opt: dict[str, Any], guild: Any, user: FakeUser, resolved: dict[str, Any]
    ) -> dict[str, Any]:
        opt = dict(opt)
        if opt.get("type") in (1, 2):
            opt["options"] = [
                self._raw_option(o, guild, user, resolved) for o in opt.get("options") or []
            ]
        elif "value" in opt and opt.get("type") in (P.USER, P.CHANNEL, P.ATTACHMENT, P.ROLE):
            opt["value"] = self._resolve(opt["type"], opt["value"], guild, user, resolved)
        return opt

    def _typed_options(
        self,
        node: dict[str, Any],
        values: dict[str, Any],
        guild: Any,
        user: FakeUser,
        resolved: dict[str, Any],
        itype: int,
        focused: str | None,
    ) -> list[dict[str, Any]]:
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
            check_option_value(spec, value)
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
        message: dict[str, Any] | InteractionResult | str,
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
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if values is not None:
            data["values"] = values
        res = self._new_interaction(
            3, data, guild, channel, user, message=json.loads(json.dumps(msg))
        )
        res.target_message_id = msg["id"]
        return await self._deliver(res, wait, timeout)


def _walk(cmd: dict[str, Any], path: list[str]) -> list[dict[str, Any]]:
    """The option nodes along a subcommand path."""
    out, node = [], cmd
    for part in path:
        node = next(o for o in node.get("options") or [] if o["name"] == part)
        out.append(node)
    return out


def _has_focused(options: list[dict[str, Any]]) -> bool:
    return any(o.get("focused") or _has_focused(o.get("options") or []) for o in options)
