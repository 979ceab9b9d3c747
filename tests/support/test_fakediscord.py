"""Self-tests of the loopback fake Discord: a real discord.py 2.7 client talks to it over real
sockets.  The tiny bot below exercises every feature the project's bot will rely on."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import textwrap

import aiohttp
import discord
import discord.http
import pytest
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from tests.support.fakediscord import FakeDiscord, is_ephemeral, preserve_discord_globals
from tests.support.payloads import EPHEMERAL, LOADING, MANAGE_GUILD

ORIGINAL_BASE = discord.http.Route.BASE
ORIGINAL_GATEWAY = DiscordWebSocket.DEFAULT_GATEWAY
ACTORS = ["Macron", "Merkel", "Putin", "Zelensky"]


# ----------------------------------------------------------------------------- test bot
class Pager(discord.ui.View):
    def __init__(self, pages: list[str]) -> None:
        super().__init__(timeout=60)
        self.pages, self.i = pages, 0

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # "only the invoker may page": the fake must carry interaction_metadata.user
        meta = interaction.message.interaction_metadata
        if meta is None or meta.user.id != interaction.user.id:
            await interaction.response.send_message("not yours", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Prev", custom_id="pager:prev", disabled=True)
    async def prev(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.i -= 1
        await self._show(interaction)

    @discord.ui.button(label="Next", custom_id="pager:next")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.i += 1
        await self._show(interaction)

    async def _show(self, interaction: discord.Interaction) -> None:
        self.prev.disabled = self.i == 0
        self.next.disabled = self.i == len(self.pages) - 1
        await interaction.response.edit_message(content=self.pages[self.i], view=self)


class Cog(commands.Cog):
    brief = app_commands.Group(name="brief", description="Summaries")
    digest = app_commands.Group(
        name="digest",
        description="Digests",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: MiniBot) -> None:
        self.bot = bot

    @brief.command(name="article", description="Summarise one article")
    async def brief_article(self, interaction: discord.Interaction, url: str) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send(embed=discord.Embed(title=f"Brief: {url}"))

    @brief.command(name="latest", description="Latest briefs")
    @app_commands.choices(count=[app_commands.Choice(name=str(n), value=n) for n in (1, 3, 5)])
    async def brief_latest(self, interaction: discord.Interaction, count: int) -> None:
        await interaction.response.send_message(f"latest {count}")

    @app_commands.command(name="pages", description="Paged, ephemeral")
    async def pages(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "page 1", view=Pager(["page 1", "page 2"]), ephemeral=True
        )

    @app_commands.command(name="quotes", description="Quotes by an actor")
    async def quotes(self, interaction: discord.Interaction, actor: str) -> None:
        await interaction.response.send_message(f"quotes of {actor}")

    @quotes.autocomplete("actor")
    async def actor_ac(self, interaction: discord.Interaction, current: str):
        return [
            app_commands.Choice(name=a, value=a)
            for a in ACTORS
            if a.lower().startswith(current.lower())
        ]

    @app_commands.command(name="perms", description="Show permissions")
    async def perms(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"manage_guild={interaction.permissions.manage_guild} "
            f"app_send={interaction.app_permissions.send_messages} "
            f"guild={interaction.guild_id} user={interaction.user.id}",
            ephemeral=True,
        )

    @app_commands.command(name="ingest", description="Ingest a file or URL")
    async def ingest(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True)
        if file is not None:
            self.bot.received = (file.filename, file.size, file.content_type, await file.read())
        if url is not None:
            async with aiohttp.ClientSession() as s, s.get(url) as r:
                self.bot.received = ("url", r.status, r.content_type, await r.read())
        await interaction.followup.send(f"ingested {self.bot.received[0]}", ephemeral=True)

    @digest.command(name="schedule", description="Schedule the digest")
    async def digest_schedule(
        self, interaction: discord.Interaction, channel: discord.TextChannel, time: str
    ) -> None:
        self.bot.scheduled = channel
        await interaction.response.send_message(
            f"{channel.name} {channel.id} {channel.guild.id} {time}", ephemeral=True
        )

    @app_commands.command(name="where", description="DM check")
    async def where(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"guild={interaction.guild} dm={isinstance(interaction.channel, discord.DMChannel)}"
        )

    @app_commands.command(name="toolong", description="x" * 101)
    async def toolong(self, interaction: discord.Interaction) -> None:  # pragma: no cover
        pass


class MiniBot(commands.Bot):
    def __init__(self, *, with_toolong: bool = False, **kw) -> None:
        kw.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05, **kw
        )
        self.with_toolong = with_toolong
        self.joined: list[int] = []
        self.resumed = asyncio.Event()
        self.received: tuple | None = None
        self.scheduled: discord.TextChannel | None = None

    async def setup_hook(self) -> None:
        await self.add_cog(Cog(self))
        if not self.with_toolong:
            self.tree.remove_command("toolong")

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.joined.append(guild.id)

    async def on_resumed(self) -> None:
        self.resumed.set()


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(autouse=True)
def discord_globals_untouched():
    yield
    assert discord.http.Route.BASE == ORIGINAL_BASE
    assert DiscordWebSocket.DEFAULT_GATEWAY == ORIGINAL_GATEWAY


@pytest.fixture
async def fake():
    async with FakeDiscord() as f:
        f.second = f.add_guild("Second Guild", channels=("alpha", "beta"))
        with f.patched():
            yield f
        assert f.unhandled == []


@pytest.fixture
async def bot(fake):
    async with fake.run(MiniBot()) as b:
        yield b


@pytest.fixture
async def synced(fake, bot):
    await bot.tree.sync()
    return fake, bot


# ----------------------------------------------------------------------------- tests
async def test_login_ready_two_guilds_and_late_guild(fake, bot):
    assert bot.user.id == int(fake.app_id) and bot.user.name == "newsbot"
    assert fake.identify_payload["token"] == "fake-token"
    assert fake.identify_payload["intents"] == discord.Intents.default().value
    assert fake.ws_query["v"] == "10" and fake.ws_query["encoding"] == "json"
    assert fake.ws_query["compress"] in ("zlib-stream", "zstd-stream")
    assert {g.name for g in bot.guilds} == {"Test Guild", "Second Guild"}
    second = bot.get_guild(fake.second.int_id)
    assert [c.name for c in second.text_channels] == ["alpha", "beta"]
    assert second.me is not None and second.me.id == bot.user.id
    assert bot.get_channel(fake.channel.int_id).name == "news"
    assert bot.joined == []  # initial guilds are not "joins"

    third = fake.add_guild("Third", channels=("gamma",))  # after READY -> GUILD_CREATE
    await fake.wait_until(lambda: third.int_id in bot.joined, what="on_guild_join")
    assert bot.get_guild(third.int_id).text_channels[0].name == "gamma"
    fake.remove_guild(third)
    await fake.wait_until(lambda: bot.get_guild(third.int_id) is None, what="GUILD_DELETE")


async def test_sync_global_and_guild(fake, bot):
    synced = await bot.tree.sync()
    assert sorted(c.name for c in synced) == [
        "brief",
        "digest",
        "ingest",
        "pages",
        "perms",
        "quotes",
        "where",
    ]
    brief = fake.command("brief")
    assert [(o["name"], o["type"]) for o in brief["options"]] == [("article", 1), ("latest", 1)]
    assert fake.command("brief latest")["options"][0]["choices"][1]["value"] == 3
    assert fake.command("digest")["default_member_permissions"] == str(MANAGE_GUILD)
    assert fake.command("brief", guild=fake.second, fallback=False) is None

    @app_commands.command(name="local", description="Only in the second guild")
    async def local(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"local in {interaction.guild.name}")

    g2 = discord.Object(fake.second.int_id)
    bot.tree.add_command(local, guild=g2)
    await bot.tree.sync(guild=g2)
    assert [c["name"] for c in fake.commands[fake.second.id]] == ["local"]
    fetched = await bot.tree.fetch_commands(guild=g2)  # GET of guild commands
    assert [c.name for c in fetched] == ["local"] and fetched[0].guild_id == fake.second.int_id
    res = await fake.slash("local", guild=fake.second)
    assert res.payload["data"]["guild_id"] == fake.second.id
    assert res.final["content"] == "local in Second Guild"
    with pytest.raises(LookupError):
        await fake.slash("local")  # not registered in the default guild


async def test_sync_validation_like_discord(fake):
    async with fake.run(MiniBot(with_toolong=True)) as b:
        with pytest.raises(app_commands.CommandSyncFailure) as exc:
            await b.tree.sync()
    assert exc.value.status == 400 and exc.value.code == 50035
    assert "description" in str(exc.value)


async def test_subcommand_defer_then_followup(synced):
    fake, bot = synced
    res = await fake.slash("brief article", {"url": "https://x/y"})
    assert res.callback_type == 5
    assert res.followups[0]["embeds"][0]["title"] == "Brief: https://x/y"
    # the first followup replaces the "thinking" message: same id, no LOADING flag
    assert res.followup_messages[0]["id"] == res.message["id"]
    assert not res.message["flags"] & LOADING and not res.ephemeral
    assert res.final["embeds"][0]["title"] == "Brief: https://x/y"
    assert res.message["interaction_metadata"]["user"]["id"] == fake.admin.id
    # raw list form, as Discord sends it
    res = await fake.slash(
        "brief",
        [{"type": 1, "name": "latest", "options": [{"type": 4, "name": "count", "value": 5}]}],
    )
    assert res.final["content"] == "latest 5"
    with pytest.raises(ValueError, match="not one of"):
        await fake.slash("brief latest", {"count": 4})  # Discord only offers the choices
    with pytest.raises(ValueError, match="required"):
        await fake.slash("brief latest", {})


async def test_ephemeral_pager_clicked_by_invoker_and_by_another_user(synced):
    fake, bot = synced
    res = await fake.slash("pages", user=fake.member)
    assert res.callback_type == 4 and res.ephemeral and is_ephemeral(res.message)
    assert [b["custom_id"] for b in fake.buttons(res)] == ["pager:prev", "pager:next"]
    with pytest.raises(ValueError, match="disabled"):
        await fake.click(res, "pager:prev", user=fake.member)

    other = await fake.click(res, "pager:next", user=fake.admin)
    assert other.user is fake.admin and other.callback_type == 4
    assert other.final["content"] == "not yours" and other.ephemeral
    assert res.message["content"] == "page 1"  # untouched

    mine = await fake.click(res, "pager:next", user=fake.member)
    assert mine.callback_type == 7 and mine.message["id"] == res.message["id"]
    assert res.message["content"] == "page 2"  # same stored message was updated
    assert [b.get("disabled", False) for b in fake.buttons(res)] == [False, True]
    back = await fake.click(res, "pager:prev", user=fake.member)
    assert back.final["content"] == "page 1"


async def test_autocomplete(synced):
    fake, bot = synced
    choices = await fake.autocomplete("quotes", {"actor": "m"}, focused="actor")
    assert [c["name"] for c in choices] == ["Macron", "Merkel"]
    raw = await fake.autocomplete(
        "quotes", [{"type": 3, "name": "actor", "value": "z", "focused": True}], user=fake.member
    )
    assert [c["value"] for c in raw] == ["Zelensky"]
    res = await fake.slash("quotes", {"actor": "Putin"})
    assert res.final["content"] == "quotes of Putin"


async def test_channel_option_in_subcommand_resolves_to_guild_channel(synced):
    fake, bot = synced
    beta = fake.second.get_channel("beta")
    res = await fake.slash(
        "digest schedule",
        {"channel": beta, "time": "08:00"},
        guild=fake.second,
        channel=fake.second.channel,
    )
    data = res.payload["data"]
    assert data["options"][0]["type"] == 1 and data["options"][0]["options"][0]["value"] == beta.id
    assert data["resolved"]["channels"][beta.id]["name"] == "beta"
    assert res.final["content"] == f"beta {beta.id} {fake.second.id} 08:00"
    assert isinstance(bot.scheduled, discord.TextChannel) and bot.scheduled.id == beta.int_id
    with pytest.raises(ValueError, match="not in this guild"):
        await fake.slash(
            "digest schedule", {"channel": fake.channel, "time": "08:00"}, guild=fake.second
        )


async def test_attachment_option_is_downloadable(synced):
    fake, bot = synced
    att = fake.attachment("notes.txt", b"hello \xe2\x9c\x93 world", "text/plain; charset=utf-8")
    res = await fake.slash("ingest", {"file": att})
    assert res.payload["data"]["resolved"]["attachments"][att.id]["size"] == att.size
    assert bot.received == (
        "notes.txt",
        15,
        "text/plain; charset=utf-8",
        b"hello \xe2\x9c\x93 world",
    )
    assert res.ephemeral and res.final["content"] == "ingested notes.txt"
    # raw form from the brief: {"type": 11, "name": ..., "value": fake.attachment(...)}
    pdf = fake.attachment("a.pdf", b"%PDF-1.4 fake", "application/pdf")
    await fake.slash("ingest", [{"type": 11, "name": "file", "value": pdf}])
    assert bot.received[0] == "a.pdf" and bot.received[3] == b"%PDF-1.4 fake"
    # the fake also serves arbitrary pages (articles, feeds) on loopback
    url = fake.serve("/story.html", "<h1>Story</h1>", content_type="text/html")
    await fake.slash("ingest", {"url": url})
    assert bot.received == ("url", 200, "text/html", b"<h1>Story</h1>")
    assert fake.static_hits["/story.html"] == 1


async def test_member_permissions_reach_discord_py(synced):
    fake, bot = synced
    plain = await fake.slash("perms", user=fake.member)
    admin = await fake.slash("perms", user=fake.admin)
    assert plain.final["content"].startswith("manage_guild=False app_send=True")
    assert admin.final["content"].startswith("manage_guild=True app_send=True")
    mod = fake.add_user(
        "mod", discord.Permissions(manage_guild=True, send_messages=True), guilds=[fake.second]
    )
    res = await fake.slash("perms", user=mod, guild=fake.second)
    assert (
        f"manage_guild=True app_send=True guild={fake.second.id} user={mod.id}"
        == res.final["content"]
    )
    with pytest.raises(ValueError, match="not a member"):
        await fake.slash("perms", user=mod)  # not in the default guild
    fake.second.set_permissions(mod, 0)
    res = await fake.slash("perms", user=mod, guild=fake.second, app_permissions=0)
    assert res.final["content"].startswith("manage_guild=False app_send=False")
    # default_member_permissions: Discord hides /digest from plain members
    assert not fake.can_use("digest", fake.member, fake.guild)
    assert fake.can_use("digest", fake.admin, fake.guild)
    with pytest.raises(PermissionError):
        await fake.slash(
            "digest schedule",
            {"channel": fake.channel, "time": "9"},
            user=fake.member,
            enforce_permissions=True,
        )


async def test_allowed_mentions_on_every_payload(synced):
    fake, bot = synced
    await fake.slash("brief article", {"url": "u"})
    res = await fake.slash("pages", user=fake.member)
    await fake.click(res, "pager:next", user=fake.member)
    msg = await bot.get_channel(fake.channel.int_id).send("hi @everyone")
    await msg.edit(content="edited")
    kinds = {s.kind for s in fake.sent_payloads()}
    assert kinds == {"callback", "followup", "channel_message", "channel_edit"}
    assert fake.assert_allowed_mentions() == 5
    assert fake.sent_payloads()[-1].allowed_mentions == {"parse": []}


async def test_allowed_mentions_check_catches_a_bot_without_it(fake):
    async with fake.run(MiniBot(allowed_mentions=None)) as b:
        await b.get_channel(fake.channel.int_id).send("hi @everyone")
    assert fake.sent_payloads("channel_message")[0].allowed_mentions is None
    with pytest.raises(AssertionError, match="allowed_mentions"):
        fake.assert_allowed_mentions()


async def test_rejected_token_gives_login_failure():
    async with FakeDiscord(rejected_tokens={"bad"}) as fake:
        with fake.patched(), pytest.raises(discord.LoginFailure):
            async with fake.run(MiniBot(), token="bad"):
                pass  # pragma: no cover
        me = [r for r in fake.requests if r.path == "/api/v10/users/@me"]
        assert [(r.method, r.token) for r in me] == [("GET", "bad")]
        assert fake.identify_payload is None


async def test_rate_limit_retry_and_file_upload(fake, bot):
    fake.fail_next["create_message"] = 1
    ch = bot.get_channel(fake.channel.int_id)
    msg = await ch.send("digest", file=discord.File(io.BytesIO(b"hello"), filename="d.txt"))
    posts = [r for r in fake.requests if r.path.endswith(f"/channels/{fake.channel.id}/messages")]
    assert len(posts) == 2  # 429, then success after retry_after
    sent = fake.sent_payloads("channel_message")
    assert len(sent) == 1 and sent[0].body["_files"][0]["data"] == b"hello"
    assert await msg.attachments[0].read() == b"hello"  # served by the fake's CDN route


async def test_channel_post_edit_fetch_delete(fake, bot):
    beta = fake.second.get_channel("beta")
    ch = bot.get_channel(beta.int_id)
    for i in range(3):
        await ch.send(embed=discord.Embed(title=f"part {i}"))
    msgs = await fake.wait_for_channel_messages(beta, 3)
    assert [m["embeds"][0]["title"] for m in msgs] == ["part 0", "part 1", "part 2"]
    first = await ch.fetch_message(int(msgs[0]["id"]))
    await first.edit(content="edited", embed=None)
    assert fake.channel_messages[beta.id][0]["content"] == "edited"
    assert fake.channel_messages[beta.id][0]["embeds"] == []
    fetched = await bot.fetch_channel(beta.int_id)
    assert fetched.name == "beta" and fetched.guild.id == fake.second.int_id
    await first.delete()
    assert len(fake.channel_messages[beta.id]) == 2 and msgs[0]["id"] in fake.deleted_messages
    with pytest.raises(discord.HTTPException) as exc:
        await ch.send("x" * 2001)
    assert exc.value.status == 400 and exc.value.code == 50035
    with pytest.raises(discord.NotFound):
        await bot.fetch_channel(1234)


class Subscribe(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Subscribe", custom_id="feed:subscribe")
    async def subscribe(self, interaction: discord.Interaction, button: discord.ui.Button):
        await interaction.response.edit_message(
            content=f"subscribed {interaction.user.name}", view=None
        )


async def test_button_on_a_channel_post_and_injected_errors(fake, bot):
    ch = bot.get_channel(fake.channel.int_id)
    await ch.send("new article", view=Subscribe())
    [posted] = await fake.wait_for_channel_messages(fake.channel, 1)
    res = await fake.click(posted, "feed:subscribe", user=fake.member)
    assert res.callback_type == 7 and res.message is posted
    assert posted["content"] == "subscribed member" and posted["components"] == []
    assert "interaction_metadata" not in posted  # a plain channel post has no invoker
    fake.inject_error("create_message", 404, code=10003, message="Unknown Channel")
    with pytest.raises(discord.NotFound):
        await ch.send("gone")
    await ch.send("back")  # only one request failed
    assert [m["content"] for m in fake.channel_messages[fake.channel.id]] == [
        "subscribed member",
        "back",
    ]


async def test_bot_permission_overwrite_gives_403(fake, bot):
    locked = fake.add_channel(
        fake.guild, "locked", bot_denied=discord.Permissions(send_messages=True).value
    )
    await fake.wait_until(lambda: bot.get_channel(locked.int_id) is not None)
    ch = bot.get_channel(locked.int_id)
    assert not ch.permissions_for(ch.guild.me).send_messages
    assert bot.get_channel(fake.channel.int_id).permissions_for(ch.guild.me).send_messages
    with pytest.raises(discord.Forbidden):
        await ch.send("hi")


async def test_dm_interaction(synced):
    fake, bot = synced
    res = await fake.slash("where", dm=True, user=fake.member)
    assert res.final["content"] == "guild=None dm=True"


async def test_reconnect_resumes_and_keeps_working(synced):
    fake, bot = synced
    await fake.reconnect()
    await asyncio.wait_for(bot.resumed.wait(), 5)
    assert fake.resumes == 1 and fake.identifies == 1  # resumed, not re-identified
    res = await fake.slash("quotes", {"actor": "Merkel"})
    assert res.final["content"] == "quotes of Merkel"


async def test_autosharded_client_uses_gateway_bot():
    async with FakeDiscord() as fake:
        with fake.patched():
            client = discord.AutoShardedClient(
                intents=discord.Intents.default(), guild_ready_timeout=0.05
            )
            async with fake.run(client):
                assert client.shard_count == 1
                assert fake.identify_payload["shard"] == [0, 1]
            assert ("GET", "/api/v10/gateway/bot") in [(r.method, r.path) for r in fake.requests]


async def test_connect_by_setting_discord_globals_from_urls_only():
    async with FakeDiscord() as fake:
        assert fake.api_base == f"http://127.0.0.1:{fake.port}/api/v10"
        assert fake.gateway_url == f"ws://127.0.0.1:{fake.port}/gateway"
        with preserve_discord_globals():
            discord.http.Route.BASE = fake.env()["DISCORD_API_BASE"]
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.env()["DISCORD_GATEWAY_URL"])
            client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
            async with fake.run(client, token="env-token"):
                assert client.get_guild(fake.guild.int_id).name == "Test Guild"
        assert fake.identify_payload["token"] == "env-token"
        assert fake.ws_query["v"] == "10"  # discord.py replaces the URL's query with its own


async def test_bot_in_subprocess_with_env(tmp_path):
    script = tmp_path / "mini.py"
    script.write_text(
        textwrap.dedent("""
        import os, discord, discord.http, yarl
        from discord.gateway import DiscordWebSocket
        discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
        client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)

        @client.event
        async def on_ready():
            await client.get_channel(int(os.environ["CHANNEL"])).send("hello from subprocess")
            await client.close()

        client.run(os.environ["DISCORD_TOKEN"], log_handler=None)
    """)
    )
    async with FakeDiscord(valid_tokens={"sub-token"}) as fake:
        env = {**os.environ, **fake.env(token="sub-token"), "CHANNEL": fake.channel.id}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(script), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            msgs = await fake.wait_for_channel_messages(fake.channel, 1, timeout=30)
            assert msgs[0]["content"] == "hello from subprocess"
            out, _ = await asyncio.wait_for(proc.communicate(), 30)
            assert proc.returncode == 0, out.decode()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert fake.identify_payload["token"] == "sub-token"


async def test_unknown_interaction_routes_are_strict(synced):
    fake, bot = synced
    res = await fake.slash("pages", user=fake.member)
    async with aiohttp.ClientSession() as s:
        url = f"{fake.api_base}/interactions/{res.id}/{res.token}/callback"
        async with s.post(url, json={"type": 4, "data": {"content": "again"}}) as r:
            assert r.status == 400 and (await r.json())["code"] == 40060
        async with s.post(f"{fake.api_base}/webhooks/{fake.app_id}/nope", json={}) as r:
            assert r.status == 404 and (await r.json())["code"] == 10015
        async with s.get(f"{fake.api_base}/users/@me") as r:  # no Authorization header
            assert r.status == 401 and await r.json() == {"message": "401: Unauthorized", "code": 0}
    assert res.callback["data"]["flags"] == EPHEMERAL | 0


def test_pings_follow_discords_allowed_mentions_rules() -> None:
    from tests.support.fakediscord.records import pings

    text = "@everyone @here <@1> <@!3> <@&2>"
    assert pings({"content": text}) == {"everyone", "user:1", "user:3", "role:2"}
    assert pings({"content": text, "allowed_mentions": {"parse": []}}) == set()
    assert pings({"content": text, "allowed_mentions": {"parse": [], "roles": [2]}}) == {"role:2"}
    assert pings({"content": text, "allowed_mentions": {"parse": ["users"]}}) == {
        "user:1",
        "user:3",
    }
    # Mentions inside embeds never ping.
    assert pings({"embeds": [{"description": "@everyone <@&2>"}]}) == set()
