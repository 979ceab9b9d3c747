"""Briefings, the Discord bot: wires settings, the core and the cogs together.

Run with `python bot.py` (configuration from the environment or `.env`; see
`.env.example`). Exit status 2 means the token is missing or was rejected.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import json
import logging
import signal
import sqlite3
import sys
from typing import Any

import aiohttp
import asyncpg
import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from briefings.app import Briefings
from briefings.errors import BriefingsError, ConfigError, NotFoundError
from briefings.settings import Settings
from briefings.store import redact_url
from briefings.timeutil import Clock, utcnow
from cogs.utils.limits import clip, fit_content

log = logging.getLogger("briefings.bot")

EXTENSIONS = (
    "cogs.ingest",
    "cogs.briefs",
    "cogs.quotes",
    "cogs.library",
    "cogs.digest",
    "cogs.feeds",
    "cogs.follows",
    "cogs.server_settings",
    "cogs.help",
)
COMMANDS_HASH_KEY = "discord.global_commands_hash"


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST base and gateway (Discord or compatible)."""
    discord.http.Route.BASE = settings.discord_api_base
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def user_message(error: BaseException) -> str | None:
    """Plain words for an error a user can do something about; None for our bugs."""
    if isinstance(error, app_commands.TransformerError):
        if isinstance(error.__cause__, BriefingsError):  # an option checked in the cog
            return str(error.__cause__)
        value = clip(str(error.value), 100).replace("`", "'")
        return f"`{value}` is not a valid {error.type.name.lower()} here."
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, BriefingsError):
        return str(error)
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I am missing a permission here: {missing}."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, discord.Forbidden):
        return "Discord refused: I lack permission to post there."
    return None


class ErrorReportingTree(app_commands.CommandTree["BriefingsBot"]):
    """Sends every slash command error to the bot's one handler, which tells the user."""

    async def on_error(
        self, interaction: discord.Interaction[BriefingsBot], error: app_commands.AppCommandError
    ) -> None:
        await interaction.client.on_app_command_error(interaction, error)


class BriefingsBot(commands.AutoShardedBot):
    """The bot. `app` (the core) is opened in `setup_hook` unless one is passed in.

    Sharded: one process runs every shard Discord recommends, or, with
    BRIEFINGS_SHARD_COUNT and BRIEFINGS_SHARD_IDS, its range of shards while other
    processes run the rest against the same database (see `briefings.shards`).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        app: Briefings | None = None,
        clock: Clock = utcnow,
        **kwargs: Any,
    ) -> None:
        intents = discord.Intents.default()
        if settings.shard_count is not None:
            kwargs.setdefault("shard_count", settings.shard_count)
            if settings.shard_ids is not None:
                kwargs.setdefault("shard_ids", list(settings.shard_ids))
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=ErrorReportingTree,
            **kwargs,
        )
        self.settings = settings
        self.clock = clock
        self._app = app
        self.synced: str | None = None  # "guild", "global" or "unchanged", for logs and tests

    @property
    def app(self) -> Briefings:
        if self._app is None:
            raise RuntimeError("the bot has not been set up yet")
        return self._app

    async def setup_hook(self) -> None:
        if self._app is None:
            self._app = await Briefings.open(self.settings, self.clock)
        await self._app.warm()
        for ext in EXTENSIONS:
            await self.load_extension(ext)
        await self.sync_commands()
        # Everything loaded so far (modules, lexicons, models, cogs) lives as long as the
        # process: move it out of the collector's sight. A full collection otherwise walks
        # it all and held the loop 50-100 ms at a time under load (bench_load.py).
        gc.freeze()

    async def sync_commands(self) -> None:
        """To the development guild when configured (instant); otherwise globally, and only
        when the command set changed since the last sync (global syncs are rate limited)."""
        if self.settings.guild_id:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            cmds = await self.tree.sync(guild=guild)
            self.synced = "guild"
            log.info("synced %d commands to guild %s", len(cmds), self.settings.guild_id)
            return
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        if await self.app.store.get_meta(COMMANDS_HASH_KEY) == digest:
            self.synced = "unchanged"
            log.info("command set unchanged; not syncing")
            return
        cmds = await self.tree.sync()
        await self.app.store.set_meta(COMMANDS_HASH_KEY, digest)
        self.synced = "global"
        log.info("synced %d global commands", len(cmds))

    async def on_ready(self) -> None:
        log.info(
            "logged in as %s in %d server(s), running %s",
            self.user,
            len(self.guilds),
            self.settings.shards.describe(),
        )

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        message = user_message(error)
        if message is None:
            log.error(
                "command %s failed",
                getattr(interaction.command, "qualified_name", "?"),
                exc_info=error,
            )
            message = "Something went wrong on our side. It has been logged; please try again."
        elif not isinstance(getattr(error, "original", error), NotFoundError):
            log.info("command refused: %s", clip(message, 300))
        # Messages quote input (a URL, a name): never more than Discord takes in one message,
        # or the user would get no answer at all.
        message = fit_content(message)
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(message, ephemeral=True)
                return
            deferred = discord.InteractionResponseType.deferred_channel_message
            if interaction.response.type is deferred:
                # The public "thinking…" placeholder would turn into the error for everyone to
                # see; remove it so the error goes to the user alone.
                with contextlib.suppress(discord.HTTPException):
                    await interaction.delete_original_response()
            await interaction.followup.send(message, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not report an error to the user", exc_info=True)

    async def close(self) -> None:
        """Disconnect, then let writes in progress finish and close the database.

        Safe to call more than once; the store must always end closed, since its
        connection threads would otherwise keep the process alive."""
        for ext in list(self.extensions):
            await self.unload_extension(ext)
        await super().close()
        if self._app is not None:
            await self._app.close()


async def run(settings: Settings) -> int:
    if not settings.discord_token:
        print(
            "error: DISCORD_TOKEN is not set: put the bot token in the environment or .env "
            "(see .env.example).",
            file=sys.stderr,
        )
        return 2
    configure_endpoints(settings)
    bot = BriefingsBot(settings)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def request_stop(signame: str) -> None:
        log.info("%s received: shutting down", signame)
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows has none
            loop.add_signal_handler(sig, request_stop, sig.name)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(settings.discord_token))
            stop = asyncio.create_task(stopping.wait())
            await asyncio.wait({runner, stop}, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            if not runner.done():
                # Disconnect first, then let writes in progress finish and close the store.
                await bot.close()
            await runner
    except discord.LoginFailure:
        print(
            "error: Discord rejected DISCORD_TOKEN: check the token in the developer portal.",
            file=sys.stderr,
        )
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "error: the bot asks for an intent that is not enabled in the developer portal.",
            file=sys.stderr,
        )
        return 2
    except aiohttp.ClientConnectorError as exc:
        print(
            f"error: cannot reach Discord at {settings.discord_api_base}: {exc.os_error}",
            file=sys.stderr,
        )
        return 1
    except (OSError, sqlite3.Error, asyncpg.PostgresError) as exc:
        where = redact_url(settings.database_url) if settings.database_url else settings.db_path
        print(f"error: cannot use the database {where}: {exc}", file=sys.stderr)
        return 1
    except BriefingsError as exc:  # e.g. a database made by a newer Briefings
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        await bot.close()
    return 0


def main() -> int:
    try:
        settings = Settings.load()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    discord.utils.setup_logging(level=getattr(logging, settings.log_level))
    try:
        return asyncio.run(run(settings))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
