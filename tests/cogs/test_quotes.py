"""/quotes with autocomplete and an invoker-only pager, and /actors."""

from __future__ import annotations

from typing import Any

from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord, private
from tests.support.paths import SEED_PATH
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT, UNSURE_TEXT


def _costa_article(n: int) -> str:
    return (
        f"Report {n}: the port authority published its figures for district {n} on Monday.\n"
        f"“Container volumes in district {n} fell sharply this autumn, and we are working with "
        f"every shipping line to bring them back before the spring season starts,” said Ana "
        f"Costa, the authority's director.\n"
        f"“Our fees for district {n} will not rise next year, whatever our competitors decide "
        f"to do with theirs, and we will publish the full tariff in January,” Costa added.\n"
        f"Costa also said that district {n} would get a new crane by the end of the year."
    )


async def test_quotes_for_seed_actors(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash(
        "ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"}
    )
    res = await fake.slash("quotes", {"actor": "Putin"})
    e = res.final["embeds"][0]
    assert e["title"] == "What Vladimir Putin said"
    assert e["description"].count("\n> ") == 6
    assert "6 quote(s) in 1 article(s)" in e["footer"]["text"]
    lavrov = await fake.slash("quotes", {"actor": "sergei lavrov"})
    assert lavrov.final["embeds"][0]["description"].count("\n> ") == 2
    merkel = await fake.slash("quotes", {"actor": "Merkel"})
    assert private(merkel) and merkel.final["content"].startswith("No quotes from 'Merkel'")
    typo = await fake.slash("quotes", {"actor": "Lavrof"})
    assert typo.final["embeds"][0]["title"] == "What Sergei Lavrov said"  # fuzzy match
    maybe = await fake.slash("quotes", {"actor": "Vlad"})
    assert private(maybe) and "Did you mean: Vladimir Putin?" in maybe.final["content"]
    actors = await fake.slash("actors")
    desc = actors.final["embeds"][0]["description"]
    assert desc.index("Vladimir Putin") < desc.index("Sergei Lavrov")


async def test_autocomplete_lists_stored_actors(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "S"})
    choices = await fake.autocomplete("quotes", {"actor": "la"}, focused="actor")
    assert [c["value"] for c in choices] == ["Sergei Lavrov"]
    everyone = await fake.autocomplete("quotes", {"actor": ""}, focused="actor")
    assert [c["value"] for c in everyone] == ["Vladimir Putin", "Sergei Lavrov"]
    assert everyone[0]["name"] == "Vladimir Putin (6)"
    for n in range(30):  # many actors: still at most 25 choices
        await bot.app.ingest.text(
            fake.guild.int_id,
            f"“We will build it,” said Person{n} Surname{n}, a local official, on day {n}.",
        )
    assert len(await fake.autocomplete("quotes", {"actor": ""}, focused="actor")) == 25


async def test_pager_only_for_the_invoker(fake: FakeDiscord, bot: Any) -> None:
    for n in range(14):
        await bot.app.ingest.text(fake.guild.int_id, _costa_article(n), title=f"Port {n}")
    res = await fake.slash("quotes", {"actor": "Ana Costa"})
    first = res.final["embeds"][0]
    assert first["footer"]["text"].endswith("page 1/2") or "page 1/" in first["footer"]["text"]
    buttons = fake.buttons(res)
    labels = {b["label"]: b for b in buttons}
    assert labels["Previous"]["disabled"] is True and not labels["Next"].get("disabled")
    msg = res.followup_messages[0]
    # Someone else clicking gets a private refusal, and the page does not turn.
    other = await fake.click(msg, labels["Next"]["custom_id"], user=fake.member)
    assert other.ephemeral and "Only the person who ran the command" in other.final["content"]
    mine = await fake.click(msg, labels["Next"]["custom_id"], user=fake.admin)
    assert mine.callback_type == 7
    assert "page 2/" in mine.callback["data"]["embeds"][0]["footer"]["text"]
    assert mine.callback["data"]["embeds"][0]["description"] != first["description"]


async def test_since_and_limit(fake: FakeDiscord, bot: Any, clock: ManualClock) -> None:
    await bot.app.ingest.text(fake.guild.int_id, _costa_article(1), title="Old")
    clock.advance(days=10)
    await bot.app.ingest.text(fake.guild.int_id, _costa_article(2), title="New")
    res = await fake.slash("quotes", {"actor": "Costa", "since": "7d"})
    desc = res.final["embeds"][0]["description"]
    assert "New" in desc and "Old" not in desc
    res = await fake.slash("quotes", {"actor": "Costa", "limit": 1})
    assert res.final["embeds"][0]["description"].count("\n> ") == 1
    bad = await fake.slash("quotes", {"actor": "Costa", "since": "yesterday-ish"})
    assert bad.ephemeral and "Can't read 'yesterday-ish' as a time" in bad.final["content"]


async def test_uncertain_attributions_only_on_request(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash("ingest", {"text": BRIDGE_ARTICLE, "title": "Bridge"})
    default = await fake.slash("quotes", {"actor": "Ortega"})
    desc = default.final["embeds"][0]["description"]
    assert SURE_TEXT in desc and UNSURE_TEXT not in desc and "uncertain" not in desc
    asked = await fake.slash("quotes", {"actor": "Ortega", "uncertain": True})
    desc = asked.final["embeds"][0]["description"]
    assert SURE_TEXT in desc and UNSURE_TEXT in desc
    # the uncertain one, and only it, is marked
    assert desc.count("uncertain attribution") == 1
    assert desc.index(UNSURE_TEXT) < desc.index("uncertain attribution")
    actors = await fake.slash("actors")
    assert "John Ortega**: 1 quote(s)" in actors.final["embeds"][0]["description"]


async def test_actors_mark_organisations_after_people(fake: FakeDiscord, bot: Any) -> None:
    text = (
        "The Harbour Authority said the port would stay open all winter. "
        "The Harbour Authority said fees would not rise next year. "
        "Captain Lena Brandt said the ice was thin this year."
    )
    await fake.slash("ingest", {"text": text, "title": "Port"})
    desc = (await fake.slash("actors")).final["embeds"][0]["description"]
    assert desc.index("Lena Brandt") < desc.index("Harbour Authority** (organisation)")
    choices = await fake.autocomplete("quotes", {"actor": "har"}, focused="actor")
    assert [c["name"] for c in choices] == ["Harbour Authority · organisation (2)"]
