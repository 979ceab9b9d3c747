"""/follow against the loopback Discord: alerts posted as articles are stored, the role
ping reaching only that role, one alert per story, pausing a refusing channel, and
exactly-once delivery across a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot import BriefingsBot
from briefings.settings import Settings
from tests.briefings.follows.texts import harbour_story, passing_mention, statement_article
from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord
from tests.support.payloads import SEND_MESSAGES, VIEW_CHANNEL
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT, UNSURE_TEXT

MENTION_EVERYONE = 1 << 17


@asynccontextmanager
async def running(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[BriefingsBot]:
    async with fake.run(BriefingsBot(settings, clock=clock, guild_ready_timeout=0.05)) as bot:
        yield bot


async def _say(
    bot: BriefingsBot, fake: FakeDiscord, speaker: str, lines: list[str], topic: str
) -> None:
    res = await bot.app.ingest.text(
        fake.guild.int_id,
        statement_article(speaker, "transport minister", lines, topic),
        title=f"{speaker} on {topic}",
    )
    assert res.created


def _alerts(fake: FakeDiscord, channel: object) -> list[dict[str, object]]:
    return [s.body for s in fake.sent_payloads("channel_message", channel=channel)]


async def test_person_follow_pings_only_its_role(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    role = fake.guild.add_role("rail-watch", mentionable=True)
    other_role = fake.guild.add_role("moderators", mentionable=True)
    mute = fake.guild.add_role("quiet", mentionable=False)
    # Without Mention All Roles, the bot can ping only mentionable roles.
    fake.guild.everyone_permissions &= ~MENTION_EVERYONE
    async with running(fake, settings, clock) as bot:
        await _say(bot, fake, "Lena Roth", ["The line will open in spring"], "rail")
        choices = await fake.autocomplete("follow person", {"actor": "ro"}, focused="actor")
        assert choices == [{"name": "Lena Roth (1)", "value": "Lena Roth"}]
        refused = await fake.slash(
            "follow person", {"actor": "Roth", "channel": fake.channel, "role": mute}
        )
        assert "I can't mention the role quiet" in refused.final["content"]
        res = await fake.slash(
            "follow person", {"actor": "Roth", "channel": fake.channel, "role": role}
        )
        assert res.final["content"] == (
            f"Now following person **Lena Roth** (`#1`): alerts go to <#{fake.channel.id}>, "
            f"pinging <@&{role}>."
        )
        hostile = f"Tell @everyone and @here and <@{fake.admin.id}> and <@&{other_role}> now"
        await _say(bot, fake, "Lena Roth", [hostile, "Fares will not rise"], "fares")
        await _say(bot, fake, "Piet Daalen", ["Fares always rise"], "fares")
        await bot.get_cog("Follows").deliver_alerts()
        posts = _alerts(fake, fake.channel)
        assert len(posts) == 2  # one per statement by Roth, none for Daalen
        descriptions = [p["embeds"][0]["description"] for p in posts]  # type: ignore[index]
        assert "Tell" in descriptions[0] and "Fares will not rise" in descriptions[1]
        assert all(p["embeds"][0]["title"] == "Lena Roth on fares" for p in posts)  # type: ignore[index]
        for sent in fake.sent_payloads("channel_message", channel=fake.channel):
            assert sent.allowed_mentions == {"parse": [], "roles": [int(role)]} or (
                sent.allowed_mentions == {"parse": [], "roles": [role]}
            )
            assert sent.pings == {f"role:{role}"}
        # Nothing else the bot said can ping anyone.
        others = [s for s in fake.sent if s.kind != "channel_message"]
        assert others and all(s.pings == set() for s in others)
        await bot.get_cog("Follows").deliver_alerts()
        assert len(_alerts(fake, fake.channel)) == 2  # each alert once


async def test_a_statement_below_the_confidence_floor_is_not_posted(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    async with running(fake, settings, clock) as bot:
        await _say(bot, fake, "John Ortega", ["The ferry will stop in May"], "ferry")
        await fake.slash("follow person", {"actor": "Ortega", "channel": fake.channel})
        # One article, two statements by Ortega: one names him, the other's "he" reaches
        # back past six sentences and is below the floor /quotes uses.
        await bot.app.ingest.text(fake.guild.int_id, BRIDGE_ARTICLE, title="Bridge opens")
        await bot.get_cog("Follows").deliver_alerts()
        posts = _alerts(fake, fake.channel)
        texts = [p["embeds"][0]["description"] for p in posts]  # type: ignore[index]
        assert texts == [f"“{SURE_TEXT}”"]
        assert UNSURE_TEXT not in str(fake.channel_messages[fake.channel.id])


async def test_topic_follow_posts_once_when_three_outlets_report(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    async with running(fake, settings, clock) as bot:
        res = await fake.slash(
            "follow topic", {"query": "Vellmar harbour", "channel": fake.channel}
        )
        assert "Now following topic **Vellmar harbour**" in res.final["content"]
        for outlet in ("Northern Courier", "Coast Gazette", "Daily Wire"):
            title, text = harbour_story(outlet)
            await bot.app.ingest.text(fake.guild.int_id, text, title=title)
        # Both words, once in passing in an article about something else: no alert.
        title, text = passing_mention()
        assert (await bot.app.ingest.text(fake.guild.int_id, text, title=title)).created
        await bot.get_cog("Follows").deliver_alerts()
        posts = _alerts(fake, fake.channel)
        assert len(posts) == 1
        assert "Northern Courier" in posts[0]["embeds"][0]["title"]  # type: ignore[index]
        assert posts[0]["content"] == "New story on Vellmar harbour"
        assert all(s.pings == set() for s in fake.sent)  # no role: no one is pinged


async def test_a_refusing_channel_pauses_only_its_follow(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    second = fake.add_channel(fake.guild, "desk")
    async with running(fake, settings, clock) as bot:
        await _say(bot, fake, "Lena Roth", ["The line will open in spring"], "rail")
        await fake.slash("follow person", {"actor": "Roth", "channel": fake.channel})
        await fake.slash("follow topic", {"query": "Vellmar harbour", "channel": second})
        fake.channel.bot_denied = VIEW_CHANNEL | SEND_MESSAGES  # taken away afterwards
        await _say(bot, fake, "Lena Roth", ["Trams will run all night"], "trams")
        title, text = harbour_story("Coast Gazette")
        await bot.app.ingest.text(fake.guild.int_id, text, title=title)
        await bot.get_cog("Follows").deliver_alerts()
        assert len(_alerts(fake, second)) == 1
        assert _alerts(fake, fake.channel) == []
        listed = await fake.slash("follow list", channel=second)
        text_ = listed.final["embeds"][0]["description"]
        assert "`#1` person **Lena Roth**" in text_ and "**paused**: Missing Permissions" in text_
        assert "`#2` topic **Vellmar harbour**" in text_ and text_.count("paused") == 1
        # Fixed and followed again: the queued alert goes out.
        fake.channel.bot_denied = 0
        await fake.slash(
            "follow person", {"actor": "Roth", "channel": fake.channel}, channel=second
        )
        await bot.get_cog("Follows").deliver_alerts()
        assert len(_alerts(fake, fake.channel)) == 1
        removed = await fake.slash("follow remove", {"id": "1"}, channel=second)
        assert removed.final["content"] == "Stopped following person **Lena Roth**."


async def test_queued_alerts_are_delivered_once_after_a_restart(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> None:
    async with running(fake, settings, clock) as bot:
        await _say(bot, fake, "Lena Roth", ["The line will open in spring"], "rail")
        await fake.slash("follow person", {"actor": "Roth", "channel": fake.channel})
        await _say(bot, fake, "Lena Roth", ["One", "Two more words", "Three is here"], "x")
        # The bot stops with three alerts queued, one of them posted but not yet recorded
        # (it died between Discord's answer and the store's write).
        claimed = await bot.app.store.claim_next_alert("dying")
        assert claimed is not None
        await bot.get_cog("Follows").send_alert(claimed)
        assert len(_alerts(fake, fake.channel)) == 1
    async with running(fake, settings, clock) as bot:  # the restart
        await bot.get_cog("Follows").deliver_alerts()
        clock.advance(minutes=5)  # the dead claim's lease runs out
        await bot.get_cog("Follows").deliver_alerts()
        alerts = await bot.app.follows.alerts(fake.guild.int_id)
        assert [a.state for a in alerts] == ["sent"] * 3
    posted = fake.channel_messages[fake.channel.id]
    assert len(posted) == 3 and fake.nonce_repeats == 1  # the resend was recognised
    assert [p["embeds"][0]["description"] for p in posted] == [
        "“One”",
        "“Two more words”",
        "“Three is here”",
    ]
