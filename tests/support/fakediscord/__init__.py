"""Loopback fake of Discord (REST API v10 + Gateway + a CDN) for driving a *real* discord.py
client end to end in tests.  Nothing leaves 127.0.0.1.

Quick start::

    from tests.support.fakediscord import FakeDiscord

    async with FakeDiscord() as fake:
        with fake.patched():                       # Route.BASE / DEFAULT_GATEWAY -> the fake
            async with fake.run(MyBot(guild_ready_timeout=0.05)) as bot:
                await bot.tree.sync()
                res = await fake.slash("brief article", {"url": "https://x/y"})
                assert res.final["embeds"][0]["title"]
                fake.assert_allowed_mentions()      # every payload had {"parse": []}

Instead of ``patched()`` a bot may read ``fake.env()`` (``DISCORD_API_BASE`` = ``fake.api_base``,
``DISCORD_GATEWAY_URL`` = ``fake.gateway_url``) and set ``discord.http.Route.BASE`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(...)`` itself (also in a subprocess).

Faithful to Discord (what discord.py 2.7 relies on, checked against its source):
  * Gateway: HELLO -> IDENTIFY -> READY (guilds unavailable) -> one GUILD_CREATE per guild;
    heartbeat ACKs; RESUME/RESUMED and op 7 RECONNECT; op 8 member requests; close 4004 on a bad
    token; guild events routed to the shard ``(guild_id >> 22) % shards``.  Plain-text JSON frames
    are sent although discord.py asks for ``compress=zlib-stream`` (it only inflates binary frames).
  * REST: ``GET /users/@me`` answers 401 ``{"message": "401: Unauthorized", "code": 0}`` for a
    rejected token (discord.py -> ``LoginFailure``); bot routes need ``Authorization: Bot <token>``,
    webhook/interaction routes don't.  JSON bodies use Content-Type exactly ``application/json``.
  * Interactions: callback types 4-9 with ``?with_response=1`` bodies, one callback per interaction
    (second -> 400 code 40060), callback type checked against interaction type, @original of a
    component interaction is the clicked message, the first followup after a type-5 defer replaces
    the "thinking" message (and inherits its ephemerality), ``data.resolved`` for CHANNEL, USER and
    ATTACHMENT options (also inside subcommands), ``member.permissions``/``app_permissions``,
    ``interaction_metadata`` on response messages (who invoked), attachments downloadable from
    the fake's CDN route.  Message limits (2000 chars, 10 embeds, 6000 embed chars, field/title
    lengths, 5 rows x 5 components, no empty message) and command-sync validation (names,
    descriptions, option order, 25 choices, autocomplete xor choices) answer 400 like Discord.
  * 429s carry ``retry_after`` and a ``Via`` header (without ``Via`` discord.py assumes a
    Cloudflare ban and raises instead of retrying).

Defaults: interactions come from ``fake.admin`` (all permissions) in ``fake.channel`` of
``fake.guild`` unless ``user=``/``guild=``/``channel=`` say otherwise; ``fake.member`` is a plain
member (Discord's default @everyone permissions, no MANAGE_GUILD).  Both belong to every guild.

discord.py 2.7 quirks this fake accounts for:
  * ``Client.connect()`` never calls GET /gateway/bot; it dials ``DiscordWebSocket.DEFAULT_GATEWAY``
    (a ``yarl.URL``) after ``.with_query(v=10, encoding="json", compress="zlib-stream")``, which
    *replaces* any query in the override.  After READY it reconnects to ``resume_gateway_url``.
    Only ``AutoShardedClient`` (without ``shard_count``) uses the URL from GET /gateway/bot.
  * ``Route.BASE`` is read when each request's Route is built (webhooks/interactions included),
    so setting it any time before ``start()`` works; it must include ``/api/v10``.
  * ``login()`` = GET /users/@me; only a 401 there becomes ``LoginFailure``.  A gateway close
    4004 surfaces as ``ConnectionClosed(code=4004)`` instead.
  * GUILD_CREATE with ``unavailable: false`` -> ``on_guild_available``; without the key ->
    ``on_guild_join`` (the fake sends the latter for guilds added after READY).
  * Interaction payloads must carry ``attachment_size_limit`` (KeyError otherwise); views are
    keyed by the ``response_message_id`` of the callback response (``with_response=1``).
  * ``AllowedMentions.none()`` is sent as ``{"parse": []}`` on every create/edit/callback/followup
    when set on the client (``Client(allowed_mentions=...)``); defer callbacks carry no message.

Simplified / not modelled: permissions are one number per user per guild (a member's roles,
``FakeGuild.give_role``, grant none; no channel overwrites for users; ``bot_denied`` per
channel for the bot); default_member_permissions is not
enforced unless ``slash(..., enforce_permissions=True)``; no message history beyond what the bot
posted; MESSAGE_CREATE/UPDATE/DELETE are echoed on the gateway only for channel-route messages;
missed events are not replayed on RESUME; no real rate-limit buckets (only injected errors);
interaction tokens never expire; attachment URLs are not signed; no voice.
Threads: created by the bot only (``thread_routes``: on a message, in a channel, forum posts);
no thread members, archiving or thread listing routes; threads are not in GUILD_CREATE.

Layout (one module per section of the fake; ``FakeDiscord`` is assembled from their mixins):
  * ``server``: ``FakeDiscord`` itself (construction, lifecycle, discord.py patching, inspection
    and waiting helpers) and ``preserve_discord_globals``.
  * ``world``: guilds, channels, users, DMs, attachments, static pages, injected errors.
  * ``fake_gateway``: the websocket gateway (connections, ops, READY, dispatch).
  * ``rest_routes``: REST plumbing (middleware, recording) and the bot-token routes (users,
    guilds, application commands, channels and messages).
  * ``interaction_routes``: interaction callback, followup and webhook-message routes.
  * ``thread_routes``: starting a thread on a message, in a channel, and forum posts.
  * ``interactions``: the test side (slash / autocomplete / click) and ``InteractionResult``.
  * ``discord_limits``: Discord's validation of commands, messages and option values.
  * ``records``: what the fake records (``Recorded``, ``Sent``); ``fake_base``: shared state.
  * ``tests.support.payloads``: plain data (fake guilds/channels/users, JSON payload builders).
"""

from .. import payloads as P
from ..payloads import FakeAttachment, FakeChannel, FakeGuild, FakeUser
from .interactions import InteractionResult, private
from .records import MESSAGE_KINDS, Recorded, Sent, is_ephemeral
from .server import FakeDiscord, preserve_discord_globals

__all__ = [
    "FakeDiscord",
    "FakeGuild",
    "FakeChannel",
    "FakeUser",
    "FakeAttachment",
    "InteractionResult",
    "Recorded",
    "Sent",
    "is_ephemeral",
    "private",
    "preserve_discord_globals",
    "P",
    "MESSAGE_KINDS",
]
