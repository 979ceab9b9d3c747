"""bot.py as a whole: start-up, command sync, tokens, errors, mentions, shutdown."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from bot import COMMANDS_HASH_KEY, BriefingsBot
from briefings.settings import Settings
from briefings.store import Store
from tests.support.bot_process import bot_env, clean_env, run_bot
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import SEED_PATH

EXPECTED_COMMANDS = [
    "actors",
    "article",
    "brief",
    "digest",
    "feeds",
    "follow",
    "help",
    "ingest",
    "quotes",
    "search",
    "settings",
]


async def test_commands_sync_globally_once_per_command_set(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as b:
        assert b.synced == "global"
        assert sorted(c["name"] for c in fake.commands[None]) == EXPECTED_COMMANDS
        stored_hash = await b.app.store.get_meta(COMMANDS_HASH_KEY)
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1
    # A restart with the same commands does not sync again (global syncs are rate limited).
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as b:
        assert b.synced == "unchanged"
        assert await b.app.store.get_meta(COMMANDS_HASH_KEY) == stored_hash
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1


async def test_development_guild_sync(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    dev = settings.with_(guild_id=fake.guild.int_id)
    async with fake.run(BriefingsBot(dev, clock=clock, guild_ready_timeout=0.05)) as b:
        assert b.synced == "guild"
        assert sorted(c["name"] for c in fake.commands[fake.guild.id]) == EXPECTED_COMMANDS
        assert not fake.commands.get(None)


async def test_subcommands_and_admin_defaults_are_declared(fake: FakeDiscord, bot: Any) -> None:
    brief = fake.command("brief")
    assert [o["name"] for o in brief["options"]] == ["article", "latest", "today", "topic"]
    ingest = fake.command("ingest")
    assert [o["name"] for o in ingest["options"]] == ["url", "text", "title", "file"]
    assert [o["type"] for o in ingest["options"]] == [3, 3, 3, 11]
    manage = str(discord.Permissions(manage_guild=True).value)
    for name in ("digest", "feeds", "settings"):
        assert str(fake.command(name)["default_member_permissions"]) == manage
    # /follow is also for the members of a role /settings names: Discord must show it to
    # them, so it names no permission and the cog checks each use.
    assert fake.command("follow").get("default_member_permissions") is None
    assert fake.command("quotes")["options"][0]["autocomplete"] is True
    for name in EXPECTED_COMMANDS:
        assert fake.command(name)["dm_permission"] is False  # guild only


async def test_unexpected_errors_answer_plainly_and_are_logged(
    fake: FakeDiscord, bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(interaction: discord.Interaction) -> None:
        raise RuntimeError("internal detail that must not leak")

    bot.tree.add_command(app_commands.Command(name="broken", description="x", callback=broken))
    await bot.tree.sync()
    res = await fake.slash("broken")
    assert res.ephemeral
    assert res.final["content"].startswith("Something went wrong on our side")
    assert "internal detail" not in res.final["content"]
    assert "Traceback" not in res.final["content"]
    assert any("internal detail" in str(r.exc_info) for r in caplog.records if r.exc_info)


async def test_every_message_suppresses_mentions(fake: FakeDiscord, bot: Any) -> None:
    text = (
        "@everyone look: the minister said “@here is not a mention <@123> either” on "
        "Monday, officials said. " * 3
    )
    await fake.slash("ingest", {"text": text, "title": "@everyone ping test"})
    await fake.slash("brief latest")
    await fake.slash("quotes", {"actor": "minister"})
    await fake.slash("actors")
    await fake.slash("search", {"query": "everyone"})
    await fake.slash("article", {"id": 1})
    checked = fake.assert_allowed_mentions({"parse": []})
    assert checked >= 6


async def test_python_bot_py_end_to_end_then_sigterm(fake: FakeDiscord, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    proc = await run_bot(bot_env(fake, db, DISCORD_GUILD_ID=fake.guild.id))
    try:
        await fake.wait_until(lambda: fake.commands.get(fake.guild.id), 30, "guild sync")
        await fake.wait_ready()
        ingest = await fake.slash(
            "ingest",
            {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"},
            timeout=30,
        )
        assert ingest.final["embeds"][0]["title"] == "Stored #1: Putin on Afghanistan"
        quotes = await fake.slash("quotes", {"actor": "Putin"}, timeout=30)
        body = quotes.final["embeds"][0]["description"]
        assert "You cannot impose standards of political life" in body
        assert "These are the realities" in body
        brief = await fake.slash("brief latest", timeout=30)
        assert brief.final["embeds"][0]["description"].count("•") >= 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()  # never leave a bot running after a failed test
            raise
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert b"SIGTERM received" in err
    con = sqlite3.connect(db)  # closed cleanly: the data is there and the file opens
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


async def test_missing_token_is_one_line_and_exit_2(fake: FakeDiscord, tmp_path: Path) -> None:
    env = bot_env(fake, tmp_path / "x.db")
    env["DISCORD_TOKEN"] = ""
    proc = await run_bot(env)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert err.decode().strip().startswith("error: DISCORD_TOKEN is not set")
    assert err.decode().count("\n") == 1


async def test_rejected_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    async with FakeDiscord(rejected_tokens={"fake-token"}) as fake:
        proc = await run_bot(bot_env(fake, tmp_path / "x.db"))
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    lines = [ln for ln in err.decode().splitlines() if ln.startswith("error:")]
    assert lines == [
        "error: Discord rejected DISCORD_TOKEN: check the token in the developer portal."
    ]
    assert "Traceback" not in err.decode()


async def test_bad_configuration_is_one_line(tmp_path: Path) -> None:
    proc = await run_bot(
        clean_env(
            DISCORD_TOKEN="x",
            BRIEFINGS_TIMEZONE="Mars/Olympus",
            BRIEFINGS_DB=str(tmp_path / "x.db"),
        )
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2 and "Mars/Olympus" in err.decode()


async def test_unusable_database_is_one_line(fake: FakeDiscord, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    proc = await run_bot(bot_env(fake, blocker / "x.db"))
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 1
    assert "error: cannot use the database" in err.decode()
    assert "Traceback" not in err.decode()


async def test_database_from_a_newer_briefings_is_one_line(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    db = tmp_path / "newer.db"
    store = await Store.open(db)
    await store.close()
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT INTO schema_migrations(version, name, applied_at) "
            "VALUES (999, '0999_future.sql', '2030-01-01T00:00:00+00:00')"
        )
    con.close()
    proc = await run_bot(bot_env(fake, db))
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode()
    assert proc.returncode == 1
    assert "upgrade Briefings" in text and "Traceback" not in text


async def test_unreachable_discord_is_one_line(tmp_path: Path) -> None:
    proc = await run_bot(
        clean_env(
            DISCORD_TOKEN="t",
            DISCORD_API_BASE="http://127.0.0.1:9/api/v10",
            BRIEFINGS_DB=str(tmp_path / "x.db"),
        )
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 1
    assert "error: cannot reach Discord at http://127.0.0.1:9/api/v10" in err.decode()
    assert "Traceback" not in err.decode()


async def test_python_bot_py_on_postgresql(fake: FakeDiscord, pg_url: str) -> None:
    """The second way to run: BRIEFINGS_DATABASE_URL instead of the SQLite file."""
    env = clean_env(
        **fake.env(token="fake-token"),
        BRIEFINGS_DATABASE_URL=pg_url,
        LOG_LEVEL="INFO",
        DISCORD_GUILD_ID=fake.guild.id,
    )
    proc = await run_bot(env)
    try:
        await fake.wait_until(lambda: fake.commands.get(fake.guild.id), 30, "guild sync")
        await fake.wait_ready()
        ingest = await fake.slash(
            "ingest",
            {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"},
            timeout=30,
        )
        assert ingest.final["embeds"][0]["title"] == "Stored #1: Putin on Afghanistan"
        found = await fake.slash("search", {"query": "Afghanistan"}, timeout=30)
        assert "Putin on Afghanistan" in json.dumps(found.final)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()
            raise
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    async with await Store.open(pg_url) as store:
        assert await store.count_articles(int(fake.guild.id)) == 1


async def test_unreachable_postgresql_is_one_line_without_the_password(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    env = bot_env(
        fake, tmp_path / "x.db", BRIEFINGS_DATABASE_URL="postgresql://bot:pw@127.0.0.1:9/b"
    )
    proc = await run_bot(env)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode()
    assert proc.returncode == 1
    assert "error: cannot use the database postgresql://bot:***@127.0.0.1:9/b" in text
    assert ":pw@" not in text and "Traceback" not in text
