"""/ingest through the fake Discord: text, URL, attached file, duplicates, bad input."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord, private
from tests.support.loopback_site import article_html
from tests.support.paths import SEED_PATH

PARAS = [
    "The port authority said on Monday that container traffic fell by a fifth in October, "
    "the steepest drop since the pandemic.",
    "Shipping lines blamed higher fees and a strike at a rival terminal for the decline.",
    "“We expect volumes to recover by the spring,” said Ana Costa, the authority's director.",
]


def _embed(res: Any) -> dict:
    return res.final["embeds"][0]


async def test_ingest_text_reports_sentences_and_quotes(fake: FakeDiscord, bot: Any) -> None:
    res = await fake.slash(
        "ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "Putin on Afghanistan"}
    )
    assert res.callback_type == 5  # deferred first: ingest may take a while
    e = _embed(res)
    assert e["title"] == "Stored #1: Putin on Afghanistan"
    fields = {f["name"]: f["value"] for f in e["fields"]}
    assert fields["Sentences"] == "13"
    assert "Vladimir Putin: 6" in fields["Quotes by person"]
    assert "Sergei Lavrov: 2" in fields["Quotes by person"]


async def test_duplicate_says_which_article(fake: FakeDiscord, bot: Any) -> None:
    await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "A"})
    res = await fake.slash("ingest", {"text": SEED_PATH.read_text(encoding="utf-8"), "title": "B"})
    assert _embed(res)["title"].startswith("Already stored: #1 A")
    assert await bot.app.store.count_articles(fake.guild.int_id) == 1


async def test_ingest_url_served_on_loopback(fake: FakeDiscord, bot: Any) -> None:
    url = fake.serve("/news/port", article_html("Port traffic falls", PARAS, site="Harbour Times"))
    res = await fake.slash("ingest", {"url": url})
    e = _embed(res)
    assert e["title"] == "Stored #1: Port traffic falls" and e["url"] == url
    assert e["footer"]["text"] == "Harbour Times"
    assert fake.static_hits["/news/port"] == 1


async def test_ingest_attached_file(fake: FakeDiscord, bot: Any) -> None:
    md = "# Port traffic falls\n\n" + "\n\n".join(PARAS)
    res = await fake.slash(
        "ingest", {"file": fake.attachment("port.md", md.encode(), "text/markdown")}
    )
    assert _embed(res)["title"] == "Stored #1: Port traffic falls"
    article = await bot.app.store.article(fake.guild.int_id, 1)
    assert article.source == "file" and article.text.startswith("The port authority")


async def test_bad_input_is_refused_in_plain_words(fake: FakeDiscord, bot: Any) -> None:
    none = await fake.slash("ingest", {})
    assert (
        none.ephemeral and none.final["content"] == "Give exactly one of `url`, `text` or `file`."
    )
    two = await fake.slash("ingest", {"text": "x y z w", "url": "https://example.com/a"})
    assert two.ephemeral and "exactly one" in two.final["content"]
    binary = await fake.slash(
        "ingest", {"file": fake.attachment("scan.txt", b"%PDF-1.7\n\x00\x01\x02", "text/plain")}
    )
    assert "scan.txt is binary" in binary.final["content"]
    missing = await fake.slash("ingest", {"url": fake.base + "/nothing-here"})
    assert "HTTP 404" in missing.final["content"]
    for res in (binary, missing):
        assert private(res) and "Traceback" not in res.final["content"]
        assert res.deleted  # the public "thinking…" placeholder was removed
    assert await bot.app.store.count_articles(fake.guild.int_id) == 0
