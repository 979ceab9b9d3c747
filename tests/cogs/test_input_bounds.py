"""Errors that used to escape (issue 12, item 10), and every interaction acknowledged before
the work starts: out-of-range numbers and times, messages over Discord's 2,000 characters,
a digest channel the bot cannot post in, feed names shown to members who may not manage
them, and deferring first."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.support import payloads as P
from tests.support.fakediscord import FakeDiscord, FakeUser, private
from tests.support.loopback_site import article_html
from tests.support.paths import SEED_PATH

MAX_ID = 2**53 - 1
EMBED_LINKS = discord.Permissions(embed_links=True).value


def _integer_options(node: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """(command path and option name, option) for every INTEGER option under `node`."""
    out = []
    for opt in node.get("options") or []:
        name = f"{path} {opt['name']}"
        if opt["type"] in (P.SUB_COMMAND, P.SUB_COMMAND_GROUP):
            out.extend(_integer_options(opt, name))
        elif opt["type"] == P.INTEGER:
            out.append((name, opt))
    return out


async def test_every_integer_option_is_bounded_for_sqlite(fake: FakeDiscord, bot: Any) -> None:
    found = [o for cmd in fake.commands[None] for o in _integer_options(cmd, cmd["name"])]
    assert {name for name, _ in found} >= {"article id", "brief article id", "quotes limit"}
    for name, opt in found:
        assert "min_value" in opt and "max_value" in opt, name
        assert -MAX_ID <= opt["min_value"] <= opt["max_value"] <= MAX_ID, name


@pytest.mark.parametrize(
    ("command", "option", "value", "message"),
    [
        ("article", "id", 2**64, f"The article number must be from 1 to {MAX_ID}."),
        ("article", "id", -1, f"The article number must be from 1 to {MAX_ID}."),
        ("brief article", "id", 99999999999999999999, "The article number must be from 1"),
        ("brief latest", "count", 10**30, "The number of articles must be from 1 to 50."),
        ("brief today", "sentences", 2**63, "The number of sentences must be from 1 to 20."),
        ("quotes", "limit", 0, "The number of quotes must be from 1 to 500."),
    ],
)
async def test_out_of_range_numbers_never_reach_the_core(
    fake: FakeDiscord, bot: Any, command: str, option: str, value: int, message: str
) -> None:
    """Discord's clients respect min/max, but anything can send an interaction and
    discord.py does not check them: the bot does, before the store sees the number."""
    await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "S"})
    opts = [{"type": P.INTEGER, "name": option, "value": value}]
    if command == "quotes":
        opts.insert(0, {"type": P.STRING, "name": "actor", "value": "Putin"})
    res = await fake.slash(command, opts)
    assert res.ephemeral and res.final["content"].startswith(message)
    assert "Something went wrong" not in res.final["content"]


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("99999999d", "'99999999d' is too far back: ask for at most 100 years."),
        ("9" * 1000 + "w", "is too far back"),
        ("1800-01-01", "'1800-01-01' is out of range: give a date between 1900 and 2027."),
        ("99999-01-01", "Can't read '99999-01-01' as a time"),
        ("0001-01-01T00:00+01:00", "Can't read"),
    ],
)
async def test_quotes_since_out_of_range(
    fake: FakeDiscord, bot: Any, since: str, message: str
) -> None:
    await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "S"})
    res = await fake.slash("quotes", {"actor": "Putin", "since": since})
    content = res.final["content"]
    assert res.ephemeral and message in content
    assert "\n" not in content and len(content) < 200
    assert "Something went wrong" not in content
    ok = await fake.slash("quotes", {"actor": "Putin", "since": "36500d"})  # 100 years is fine
    assert ok.final["embeds"][0]["title"] == "What Vladimir Putin said"


async def test_error_about_a_huge_url_still_reaches_the_user(fake: FakeDiscord, bot: Any) -> None:
    url = f"{fake.base}/{'a' * 5900}"
    assert len(url) > 5900
    res = await fake.slash("ingest", {"url": url})
    content = res.final["content"]
    assert private(res) and res.deleted  # the error, not a 400 from Discord and silence
    assert len(content) <= 2000
    assert content.startswith(fake.base) and content.endswith("answered HTTP 404 Not Found.")
    posts = [r for r in fake.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert posts and all(len((r.body or {}).get("content") or "") <= 2000 for r in posts)


async def _new_channel(fake: FakeDiscord, bot: Any, name: str, denied: int) -> Any:
    ch = fake.add_channel(fake.guild, name, bot_denied=denied)
    await fake.wait_until(lambda: bot.get_channel(ch.int_id) is not None, 5, "channel create")
    return ch


@pytest.mark.parametrize(
    ("denied", "missing"),
    [
        (P.SEND_MESSAGES, "Send Messages"),
        (EMBED_LINKS, "Embed Links"),
        (P.VIEW_CHANNEL, "View Channel"),
    ],
)
async def test_digest_schedule_refuses_a_channel_the_bot_cannot_post_in(
    fake: FakeDiscord, bot: Any, denied: int, missing: str
) -> None:
    ch = await _new_channel(fake, bot, "read-only", denied)
    res = await fake.slash(
        "digest schedule", {"channel": ch, "time": "08:00", "timezone": "Europe/Berlin"}
    )
    content = res.final["content"]
    assert res.ephemeral and content.startswith(f"I can't post the digest in <#{ch.id}>")
    assert f"missing the {missing} permission there" in content
    assert (await bot.app.store.guild(fake.guild.int_id)).digest_enabled is False
    ok = await fake.slash(
        "digest schedule", {"channel": fake.channel, "time": "08:00", "timezone": "Europe/Berlin"}
    )
    assert ok.final["embeds"][0]["title"] == "Daily digest: on"


async def test_feeds_add_refuses_an_announcement_channel_the_bot_cannot_post_in(
    fake: FakeDiscord, bot: Any
) -> None:
    ch = await _new_channel(fake, bot, "quiet", P.SEND_MESSAGES)
    res = await fake.slash("feeds add", {"url": "https://example.com/rss", "channel": ch})
    assert res.ephemeral and "missing the Send Messages permission" in res.final["content"]
    assert await bot.app.feeds.subscriptions(fake.guild.int_id) == []


def _rss() -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Secret wire</title>'
        "</channel></rss>"
    )


async def test_feeds_remove_autocomplete_only_for_managers(fake: FakeDiscord, bot: Any) -> None:
    url = fake.serve("/rss", _rss(), content_type="application/rss+xml")
    await fake.slash("feeds add", {"url": url})
    opts = {"feed": ""}
    assert await fake.autocomplete("feeds remove", opts, focused="feed", user=fake.member) == []
    editor: FakeUser = fake.add_user("editor", P.DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    for user in (editor, fake.admin):
        choices = await fake.autocomplete("feeds remove", opts, focused="feed", user=user)
        assert choices == [{"name": "#1 Secret wire", "value": "1"}]


async def test_commands_that_use_the_core_defer_first(fake: FakeDiscord, bot: Any) -> None:
    """Acknowledged (callback type 5, "thinking…") before any store query, fetch or summary;
    the answer follows as the deferred response."""
    url = fake.serve("/news", article_html("Port news", ["The port reopened today. " * 5]))
    feed = fake.serve("/rss", _rss(), content_type="application/rss+xml")
    schedule = {"channel": fake.channel, "time": "08:00", "timezone": "Europe/Berlin"}
    for name, opts in (
        ("ingest", {"url": url}),
        ("search", {"query": "port"}),
        ("article", {"id": 1}),
        ("brief article", {"id": 1}),
        ("brief latest", {}),
        ("brief today", {}),
        ("brief topic", {"query": "port"}),
        ("quotes", {"actor": "Nobody"}),
        ("actors", {}),
        ("digest schedule", schedule),
        ("digest status", {}),
        ("digest now", {}),
        ("digest off", {}),
        ("feeds add", {"url": feed}),
        ("feeds list", {}),
        ("feeds remove", {"feed": "1"}),
    ):
        res = await fake.slash(name, opts)
        assert res.callback_type == 5, name
        assert res.final and (res.final.get("content") or res.final.get("embeds")), name
    status = await fake.slash("digest status")
    assert status.ephemeral  # private answers are deferred privately
