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
    # An empty day does not blame the reader: it says where the latest article is.
    said = later.final["embeds"][0]["description"]
    assert said.startswith("No articles were stored today; the latest is from <t:")
    assert "`/brief latest`" in said and "/ingest" not in said


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


ORVANNE = [
    (
        "Glacier lake floods Orvanne valley",
        [
            "A glacier lake burst above the Orvanne valley on Sunday, flooding three villages.",
            "Rescue teams evacuated 400 people from Orvanne as meltwater swept away two bridges.",
        ],
    ),
    (
        "Hundreds evacuated as Orvanne glacier lake bursts",
        [
            "Meltwater from a burst glacier lake flooded villages in the Orvanne valley.",
            "Rescue teams brought 400 residents to safety; two bridges were swept away.",
        ],
    ),
]
ORVANNE_PASTED = (
    "Officials in Orvanne said the glacier lake burst overnight. Villages in the valley are "
    "flooded, two bridges were destroyed and rescue teams evacuated 400 people."
)
CHESS = (
    "A twelve-year-old chess player won the Lindqvist open tournament on Saturday, beating "
    "three grandmasters with a daring queen sacrifice in the final round."
)


async def test_brief_latest_is_story_shaped(fake: FakeDiscord, bot: Any) -> None:
    empty = await fake.slash("brief latest")
    said = empty.final["embeds"][0]
    assert "0 article" not in said["title"]
    assert said["description"].startswith("No articles are stored in this server yet")
    urls = []
    for n, (title, paras) in enumerate(ORVANNE):
        urls.append(fake.serve(f"/flood{n}", article_html(title, paras)))
        await fake.slash("ingest", {"url": urls[-1]})
    await fake.slash("ingest", {"text": CHESS, "title": "Chess prodigy wins Lindqvist open"})
    await fake.slash("ingest", {"text": ORVANNE_PASTED, "title": "Orvanne: bridges lost"})
    res = await fake.slash("brief latest", {"count": 4})
    e = res.final["embeds"][0]
    assert e["title"] == "Latest news: 4 articles in 2 stories"
    first, second = e["description"].split("\n\n")
    # The story three outlets covered comes first, with a title, its lines and sources.
    assert first.startswith("**1. ") and "Orvanne" in first.split("\n")[0]
    assert sum(ln.startswith("• ") for ln in first.split("\n")) == 3
    sources = first.split("\n")[-1]
    assert sources.startswith("Sources: ")
    assert all(f"]({u})" in sources for u in urls)  # a link when there is a URL
    assert "`/article id:4`" in sources  # the pasted article: how to open it
    assert second.startswith("**2. Chess prodigy wins Lindqvist open**")
    assert "`/article id:3`" in second


async def test_topic_brief_keeps_only_articles_about_the_topic(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash("ingest", {"text": CHESS + " It was a change of era.", "title": "Chess"})
    await fake.slash("ingest", {"text": ORVANNE_PASTED, "title": "Orvanne flood"})
    res = await fake.slash("brief topic", {"query": "climate change"})
    said = res.final["embeds"][0]["description"]
    assert said.startswith("No stored article is about “climate change” (1 matched only some")
    hit = await fake.slash("brief topic", {"query": "glacier lake"})
    e = hit.final["embeds"][0]
    assert e["title"] == "Topic: glacier lake" and "#2" in e["description"]
    assert "#1" not in e["description"]


async def test_a_size_limit_applied_to_a_method_is_shown_to_the_reader(
    fake: FakeDiscord, bot: Any
) -> None:
    # 700 distinct sentences: more than KL-Sum reads (sumy_methods.LIMITS["kl"] is 120).
    text = " ".join(
        f"Inspectors counted {n} barges at lock {n % 17} on the canal before noon on day {n}."
        for n in range(700)
    )
    stored = await bot.app.ingest.text(int(fake.guild.id), text, title="Canal traffic")
    res = await fake.slash(
        "brief article", {"id": stored.article.id, "method": "kl", "sentences": 2}, timeout=60
    )
    footer = res.final["embeds"][0]["footer"]["text"]
    assert "method: kl" in footer
    assert "KL-Sum read only the first 120 of 700 sentences" in footer
    # A method without a limit says nothing of the kind.
    plain_res = await fake.slash("brief article", {"id": stored.article.id, "sentences": 2})
    assert "read only" not in plain_res.final["embeds"][0]["footer"]["text"]
