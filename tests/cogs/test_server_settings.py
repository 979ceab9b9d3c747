"""/settings against the loopback Discord: the follow role lets its members use /follow
(which every member sees, and which refuses the others in words), /settings itself stays
Manage Server only, and /settings show lists what the server has set."""

from __future__ import annotations

from bot import BriefingsBot
from briefings.settings import Settings
from tests.briefings.follows.texts import harbour_story
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord, is_ephemeral

MENTION_EVERYONE = 1 << 17


async def test_a_follow_role_lets_its_members_use_follow(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    analysts = fake.guild.add_role("analysts", mentionable=True)
    quiet = fake.guild.add_role("quiet", mentionable=False)
    fake.guild.give_role(fake.member, analysts)
    outsider = fake.add_user("outsider")  # no role, no Manage Server
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as bot:
        # Discord offers /follow to every member (no default_permissions to hide it behind),
        # /settings only to Manage Server.
        assert fake.can_use("follow", fake.member, fake.guild)
        assert not fake.can_use("settings", fake.member, fake.guild)
        assert fake.can_use("settings", fake.admin, fake.guild)

        before = await fake.slash(
            "follow topic", {"query": "Vellmar harbour", "channel": fake.channel}, user=fake.member
        )
        assert is_ephemeral(before.final)
        assert before.final["content"] == (
            "You need the Manage Server permission to manage follows here. A server admin "
            "can let a role manage them too with `/settings follow-role`."
        )
        assert await bot.app.follows.all(fake.guild.int_id) == []
        # /settings checks Manage Server itself too (an admin may have shown it to others).
        sneaky = await fake.slash("settings follow-role", {"role": analysts}, user=fake.member)
        assert sneaky.final["content"] == "You need the Manage Server permission to do that."

        refused = await fake.slash("settings follow-role", {"role": fake.guild.id})
        assert "Not @everyone" in refused.final["content"]
        res = await fake.slash("settings follow-role", {"role": analysts})
        assert res.final["content"] == (
            f"Members of <@&{analysts}> (analysts) may now use /follow, as may members with "
            "Manage Server."
        )
        assert await bot.app.follows.follow_role(fake.guild.int_id) == int(analysts)

        # The bot may ping any role (Mention All Roles), the member may not: a follow the
        # member sets up may ping only a mentionable role.
        fake.guild.set_permissions(fake.member, fake.member.permissions & ~MENTION_EVERYONE)
        hush = await fake.slash(
            "follow topic",
            {"query": "Vellmar harbour", "channel": fake.channel, "role": quiet},
            user=fake.member,
        )
        assert hush.final["content"].startswith("You can't mention the role quiet yourself")
        made = await fake.slash(
            "follow topic", {"query": "Vellmar harbour", "channel": fake.channel}, user=fake.member
        )
        assert made.final["content"].startswith("Now following topic **Vellmar harbour**")
        listed = await fake.slash("follow list", user=fake.member)
        assert "`#1` topic **Vellmar harbour**" in listed.final["embeds"][0]["description"]
        choices = await fake.autocomplete(
            "follow remove", {"id": ""}, focused="id", user=fake.member
        )
        assert [c["value"] for c in choices] == ["1"]
        # A member without the role is still refused, and told which role would do.
        other = await fake.slash("follow list", user=outsider)
        assert other.final["content"] == (
            f"You need the Manage Server permission or the <@&{analysts}> role to manage "
            "follows here."
        )
        assert (
            await fake.autocomplete("follow remove", {"id": ""}, focused="id", user=outsider) == []
        )
        # The follow the member made works like any other.
        title, text = harbour_story("Coast Gazette")
        await bot.app.ingest.text(fake.guild.int_id, text, title=title)
        await bot.get_cog("Follows").deliver_alerts()
        assert len(fake.channel_messages[fake.channel.id]) == 1

        shown = await fake.slash("settings show")
        assert is_ephemeral(shown.final)
        fields = {f["name"]: f["value"] for f in shown.final["embeds"][0]["fields"]}
        assert fields["Who may use /follow"] == f"Manage Server, and members of <@&{analysts}>"
        assert fields["Digests (details: /digest list)"] == "None: `/digest schedule`."

        # Cleared: Manage Server only again.
        cleared = await fake.slash("settings follow-role")
        assert cleared.final["content"] == "Only members with Manage Server may use /follow now."
        again = await fake.slash("follow remove", {"id": "1"}, user=fake.member)
        assert again.final["content"].startswith("You need the Manage Server permission to")
        assert len(await bot.app.follows.all(fake.guild.int_id)) == 1
        # Nothing the bot said about the role pinged it.
        assert all(s.pings == set() for s in fake.sent if s.kind != "channel_message")


async def test_settings_show_lists_the_digests(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)):
        await fake.slash(
            "digest schedule",
            {"channel": fake.channel, "time": "07:30", "timezone": "Europe/Berlin"},
        )
        shown = await fake.slash("settings show")
        fields = {f["name"]: f["value"] for f in shown.final["embeds"][0]["fields"]}
        assert fields["Who may use /follow"].startswith("Manage Server only")
        assert fields["Digests (details: /digest list)"] == (
            f"`#1` <#{fake.channel.id}> at 07:30 (Europe/Berlin)"
        )
        assert "stories" in fields["Digest length (/digest length)"]
