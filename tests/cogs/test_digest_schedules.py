"""/digest with several schedules: `topic:`, `/digest list` and `/digest off schedule:`."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord

BERLIN = "Europe/Berlin"


async def test_two_schedules_are_listed_with_their_ids_and_one_can_be_turned_off(
    fake: FakeDiscord, bot: Any
) -> None:
    other = fake.add_channel(fake.guild, "evening-news")
    morning = await fake.slash(
        "digest schedule", {"channel": fake.channel, "time": "08:00", "timezone": BERLIN}
    )
    assert morning.final["embeds"][0]["title"] == "Daily digest: on"
    evening = await fake.slash(
        "digest schedule",
        {"channel": other, "time": "18:00", "timezone": BERLIN, "topic": "climate change"},
    )
    fields = {f["name"]: f["value"] for f in evening.final["embeds"][0]["fields"]}
    assert fields["Topic"] == "climate change"
    scheds = await bot.app.store.digest_schedules(fake.guild.int_id)
    assert [(s.channel_id, s.time, s.topic) for s in scheds] == [
        (fake.channel.int_id, "08:00", None),
        (other.int_id, "18:00", "climate change"),
    ]
    listed = await fake.slash("digest list")
    assert listed.ephemeral
    text = listed.final["embeds"][0]["description"]
    first, second = text.split("\n")
    assert first.startswith(f"`#{scheds[0].id}` <#{fake.channel.id}> at 08:00 (Europe/Berlin)")
    assert "every story" in first and "next <t:" in first
    assert second.startswith(f"`#{scheds[1].id}` <#{other.id}> at 18:00")
    assert "topic: climate change" in second
    off = await fake.slash("digest off", {"schedule": scheds[1].id})
    assert off.final["content"] == f"Digest #{scheds[1].id} is now off."
    listed = await fake.slash("digest list")
    assert "**off**" in listed.final["embeds"][0]["description"].split("\n")[1]
    assert "**off**" not in listed.final["embeds"][0]["description"].split("\n")[0]
    again = await fake.slash("digest off", {"schedule": scheds[1].id})
    assert "was already off" in again.final["content"]
    # A topic without a word is refused before anything is stored.
    bad = await fake.slash(
        "digest schedule", {"channel": other, "time": "19:00", "timezone": BERLIN, "topic": "!!"}
    )
    assert bad.ephemeral and "at least one word" in bad.final["content"]
    assert len(await bot.app.store.digest_schedules(fake.guild.int_id)) == 2


async def test_list_without_schedules_says_how_to_set_one(fake: FakeDiscord, bot: Any) -> None:
    listed = await fake.slash("digest list")
    assert "/digest schedule" in listed.final["embeds"][0]["description"]
