"""Attributions below the confidence cut are stored but hidden unless asked for."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefings.app import Briefings
from briefings.errors import NotFoundError
from briefings.settings import Settings
from tests.support.clock import ManualClock
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT, UNSURE_TEXT


def _texts(d) -> list[str]:  # noqa: ANN001
    return [q.text for g in d.groups for q in g.quotes]


async def test_low_confidence_attributions_are_hidden_by_default(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        result = await app.ingest.text(1, BRIDGE_ARTICLE, title="Bridge")
        art = result.article
        # the ingest reply counts what /quotes will show
        assert result.quotes_by_actor == {"John Ortega": 1}
        again = await app.ingest.text(1, BRIDGE_ARTICLE, title="Bridge")
        assert not again.created and again.quotes_by_actor == {"John Ortega": 1}
        stored = await app.store.article_quotes(1, art.id)
        # every attribution is stored, with its confidence
        assert {q.text for q in stored} >= {SURE_TEXT, UNSURE_TEXT}
        assert all(q.confidence is not None for q in stored)

        shown = await app.quotes.digest(1, "Ortega")
        assert _texts(shown) == [SURE_TEXT]
        assert shown.quote_count == 1
        assert [(a.name, a.quote_count) for a in await app.quotes.actors(1)] == [("John Ortega", 1)]
        # the daily digest reads through the same cut
        digest_quotes = await app.store.quotes_in_articles(1, [art.id])
        assert [q.text for q in digest_quotes] == [SURE_TEXT]


async def test_uncertain_shows_the_rest_marked(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, BRIDGE_ARTICLE, title="Bridge")
        d = await app.quotes.digest(1, "Ortega", uncertain=True)
        marks = {q.text: q.uncertain for g in d.groups for q in g.quotes}
        assert marks == {SURE_TEXT: False, UNSURE_TEXT: True}
        [counted] = await app.quotes.actors(1, uncertain=True)
        assert counted.quote_count == 2


async def test_an_actor_with_only_uncertain_quotes_says_how_to_see_them(
    settings: Settings,
) -> None:
    only_far = BRIDGE_ARTICLE.replace(
        "Ortega said the crossing would cut the commute for thousands of families on both banks. ",
        "",
    )
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, only_far, title="Bridge")
        with pytest.raises(NotFoundError, match="uncertain option"):
            await app.quotes.digest(1, "Ortega")
        assert await app.quotes.actors(1) == []
        d = await app.quotes.digest(1, "Ortega", uncertain=True)
        assert _texts(d) == [UNSURE_TEXT]


async def test_people_are_listed_before_organisations(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 20, 9, tzinfo=UTC))
    text = (
        "The Harbour Authority said the port would stay open all winter. "
        "The Harbour Authority said fees would not rise. "
        "The Harbour Authority said a new crane was coming. "
        "Captain Lena Brandt said the ice was thin this year."
    )
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(1, text, title="Port")
        actors = await app.quotes.actors(1)
        assert [(a.name, a.kind, a.quote_count) for a in actors] == [
            ("Lena Brandt", "person", 1),
            ("Harbour Authority", "organisation", 3),
        ]
