"""One stored analysis per public text, and guild isolation on that shared path (issue 9).

A public page ingested by several guilds stores its sentence offsets and language once
(`analyses`), each guild's article pointing at it; pasted or uploaded text keeps its own
rows, even when it is word for word the same as a public page another guild stored.
"""

from __future__ import annotations

from briefings.app import Briefings
from tests.support.loopback_site import LoopbackSite, article_html

PARAS = [
    "The harbour authority said on Monday that the old ferry pier would reopen in May, "
    "after two winters of repairs to its wooden piles.",
    "“The pier is safe again and the boats will be back before the summer,” said Tomas "
    "Berg, who runs the authority. He said the works had cost less than planned.",
    "Residents had asked for a temporary crossing while the pier was closed, but the "
    "council refused, citing the cost of a second landing stage.",
]


async def _analyses(app: Briefings) -> int:
    row = await app.store._one("SELECT COUNT(*) AS n FROM analyses")
    return int(row["n"]) if row else 0


async def _own_sentence_rows(app: Briefings, article_id: int) -> int:
    row = await app.store._one(
        "SELECT COUNT(*) AS n FROM sentences WHERE article_id = ?", (article_id,)
    )
    return int(row["n"]) if row else 0


async def test_a_public_page_in_three_guilds_stores_one_analysis(
    app: Briefings, site: LoopbackSite
) -> None:
    url = site.page("/pier", article_html("Pier reopens", PARAS))
    results = [await app.ingest.url(g, url) for g in (1, 2, 3)]
    assert all(r.created for r in results)
    assert len({r.article.id for r in results}) == 3  # each guild its own article row
    assert await _analyses(app) == 1
    spans = [await app.store.sentence_spans(r.article.id) for r in results]
    assert spans[0] and spans[0] == spans[1] == spans[2]
    assert [await _own_sentence_rows(app, r.article.id) for r in results] == [0, 0, 0]
    # the spans cut the stored text into its sentences, in every guild
    text = results[2].article.text
    assert "ferry pier would reopen" in text[spans[2][0].start : spans[2][0].end]
    # quotes stay per guild, each resolving to that guild's own actor
    for r in results:
        quotes = await app.store.article_quotes(r.article.guild_id, r.article.id)
        assert {q.speaker for q in quotes if q.speaker} == {"Tomas Berg"}


async def test_pasted_text_identical_to_a_public_page_stays_private(
    app: Briefings, site: LoopbackSite
) -> None:
    url = site.page("/pier", article_html("Pier reopens", PARAS))
    public = await app.ingest.url(1, url)
    pasted = await app.ingest.text(2, public.article.text, title="Pier reopens")
    assert pasted.created and pasted.article.id != public.article.id
    assert await _analyses(app) == 1  # the paste added no shared analysis
    assert await _own_sentence_rows(app, pasted.article.id) > 0
    assert await app.store.sentence_spans(pasted.article.id) == await app.store.sentence_spans(
        public.article.id
    )
    # neither guild sees the other's article: /article and search stay per guild
    assert await app.store.article(1, pasted.article.id) is None
    assert await app.store.article(2, public.article.id) is None
    assert [a.id for a, _ in await app.store.search(2, "ferry pier")] == [pasted.article.id]
    assert [a.id for a, _ in await app.store.search(1, "ferry pier")] == [public.article.id]


async def test_a_private_text_first_never_feeds_a_public_analysis(
    app: Briefings, site: LoopbackSite
) -> None:
    """Guild 1 pastes a text first; guild 2 then reads the same text from a page. The
    paste was not shared, so the page gets a fresh analysis of its own."""
    url = site.page("/pier", article_html("Pier reopens", PARAS))
    probe = await app.ingest.url(9, url)  # to learn the page's extracted text
    row = await app.store._one("SELECT COUNT(*) AS n FROM analyses")
    assert row is not None and int(row["n"]) == 1
    pasted = await app.ingest.text(1, probe.article.text + " Private note.", title="Mine")
    again = await app.ingest.url(2, url)
    assert await _analyses(app) == 1  # guild 2 shares guild 9's public analysis only
    assert await _own_sentence_rows(app, pasted.article.id) > 0
    assert await app.store.article(2, pasted.article.id) is None
    assert "Private note" not in again.article.text
