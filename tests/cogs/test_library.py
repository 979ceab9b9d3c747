"""/search and /article, and two servers that never see each other's data."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord, private
from tests.support.paths import SEED_PATH


async def test_search_and_article(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash(
        "ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"}
    )
    res = await fake.slash("search", {"query": "Moscow format"})
    e = res.final["embeds"][0]
    assert "#1" in e["description"] and "**Moscow**" in e["description"]
    for nasty in ['"Moscow', "title:Putin OR", "NEAR(a b)", "*"]:
        r = await fake.slash("search", {"query": nasty})
        assert not private(r) and r.final["embeds"]  # answered, no SQL error
    shown = await fake.slash("article", {"id": 1})
    e = shown.final["embeds"][0]
    assert e["title"] == "#1 Putin on Afghanistan"
    assert any(f["name"] == "Quoted" and "Vladimir Putin (6)" in f["value"] for f in e["fields"])
    missing = await fake.slash("article", {"id": 99})
    # Deferred first (the store is queried): the error replaces "thinking…", privately.
    assert private(missing) and missing.deleted
    assert missing.final["content"] == "No article #99 in this server."


async def test_two_guilds_never_see_each_other(fake: FakeDiscord, bot: Any) -> None:
    other = fake.add_guild("Other newsroom", channels=("desk",))
    await fake.wait_until(lambda: bot.get_guild(other.int_id) is not None, 5, "guild join")
    await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Seed"})
    res = await fake.slash("search", {"query": "Putin"}, guild=other)
    assert "No stored article matches" in res.final["embeds"][0]["description"]
    res = await fake.slash("quotes", {"actor": "Putin"}, guild=other)
    assert private(res) and "No quotes from 'Putin'" in res.final["content"]
    res = await fake.slash("article", {"id": 1}, guild=other)
    assert res.final["content"] == "No article #1 in this server."
    res = await fake.slash("brief latest", guild=other)
    assert "No articles are stored in this server yet" in res.final["embeds"][0]["description"]
    assert await fake.autocomplete("quotes", {"actor": "Pu"}, focused="actor", guild=other) == []
    # The other guild's own article is stored as new, not as a duplicate of guild 1's.
    res = await fake.slash(
        "ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Seed too"}, guild=other
    )
    assert res.final["embeds"][0]["title"] == "Stored #2: Seed too"
