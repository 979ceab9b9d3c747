"""/brief article|latest|today|topic through the fake Discord."""

from __future__ import annotations

from typing import Any

from tests.support.clock import ManualClock
from tests.support.fakediscord import FakeDiscord, private
from tests.support.loopback_site import article_html
from tests.support.paths import SEED_PATH

HARBOUR = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from spring.",
    "Engineers said the bridge could no longer carry heavy traffic safely.",
    "Repairs would cost more than a new crossing, the council's report found.",
    "Shop owners near the harbour asked for free parking during the works.",
]


async def _seed(fake: FakeDiscord) -> None:
    await fake.slash(
        "ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"}
    )


async def test_brief_article_lines_come_from_the_article(fake: FakeDiscord, bot: Any) -> None:
    await _seed(fake)
    res = await fake.slash("brief article", {"id": 1, "sentences": 2})
    assert res.callback_type == 5
    e = res.final["embeds"][0]
    assert e["title"] == "Putin on Afghanistan"
    lines = e["description"].split("\n")
    assert len(lines) == 2 and all(ln.startswith("• ") and ln.endswith("#1") for ln in lines)
    seed = SEED_PATH.read_text(encoding="utf-8")
    for ln in lines:
        sentence = ln[2:-3].replace("\\", "")
        assert sentence in seed
    assert "2 sentence(s) from 1 of 1 article(s)" in e["footer"]["text"]


async def test_sentences_link_to_their_article(fake: FakeDiscord, bot: Any) -> None:
    url = fake.serve("/bridge", article_html("Harbour bridge closes", HARBOUR))
    await fake.slash("ingest", {"url": url})
    await _seed(fake)
    res = await fake.slash("brief latest", {"count": 2, "sentences": 4})
    desc = res.final["embeds"][0]["description"]
    assert f"[#1]({url})" in desc  # the URL article's sentences link to it
    assert "#2" in desc


async def test_method_choice_and_today(fake: FakeDiscord, bot: Any, clock: ManualClock) -> None:
    await _seed(fake)
    res = await fake.slash("brief article", {"id": 1, "method": "lead", "sentences": 1})
    e = res.final["embeds"][0]
    assert e["description"].startswith("• Russian President Vladimir Putin has decried")
    assert "method: lead" in e["footer"]["text"]
    today = await fake.slash("brief today")
    assert "1 article(s)" in today.final["embeds"][0]["footer"]["text"]
    clock.advance(days=2)
    later = await fake.slash("brief today")
    assert "No stored articles" in later.final["embeds"][0]["description"]


async def test_topic_and_errors(fake: FakeDiscord, bot: Any) -> None:
    await _seed(fake)
    url = fake.serve("/bridge", article_html("Harbour bridge closes", HARBOUR))
    await fake.slash("ingest", {"url": url})
    res = await fake.slash("brief topic", {"query": "bridge"})
    e = res.final["embeds"][0]
    assert (
        e["title"] == "Topic: bridge"
        and "#2" in e["description"]
        and "#1" not in e["description"].replace("#1)", "")
    )
    missing = await fake.slash("brief article", {"id": 42})
    assert private(missing) and missing.final["content"] == "No article #42 in this server."
