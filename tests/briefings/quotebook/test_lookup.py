"""Quote digests over the store: lookup by any alias, one entry per syndicated quote."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefings.app import Briefings
from briefings.errors import InputError, NotFoundError
from briefings.settings import Settings
from tests.support.clock import ManualClock
from tests.support.paths import SEED_PATH

WIRE = (
    "“The ceasefire must hold, and it will hold if both sides keep their word,” said "
    "José Ramos-Horta, the former president, on Monday."
)


async def test_same_quote_from_two_outlets_is_shown_once(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 20, 9, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        a = (
            await app.ingest.text(1, WIRE + " Talks resume next week in Dili.", title="Outlet A")
        ).article
        clock.advance(hours=5)
        b = (await app.ingest.text(1, "Diplomats were cautious. " + WIRE, title="Outlet B")).article
        d = await app.quotes.digest(1, "Ramos-Horta")
        assert d.actor.name == "José Ramos-Horta"
        assert d.quote_count == 1
        [group] = d.groups
        assert group.source.article_id == b.id  # newest article first
        assert [s.article_id for s in group.quotes[0].sources] == [b.id, a.id]
        assert group.quotes[0].kind == "direct"


async def test_lookup_by_any_alias_case_and_accents(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, WIRE, title="A")
        for name in (
            "José Ramos-Horta",
            "jose ramos-horta",
            "RAMOS-HORTA",
            "President Ramos-Horta",
            "Ramos-Hortta",
        ):
            assert (await app.quotes.digest(1, name)).actor.name == "José Ramos-Horta", name
        with pytest.raises(NotFoundError, match="Did you mean: José Ramos-Horta"):
            await app.quotes.digest(1, "Ramos")
        with pytest.raises(InputError):
            await app.quotes.digest(1, "  ")


async def test_mentioned_but_never_quoted(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
        for name in ("Merkel", "Angela Merkel", "Ghani"):
            with pytest.raises(NotFoundError, match="appears in 1 article, but no statement"):
                await app.quotes.digest(1, name)
        with pytest.raises(NotFoundError) as info:
            await app.quotes.digest(1, "Zelensky")
        assert str(info.value) == "No quotes from 'Zelensky' in this server."


async def test_since_limit_and_actor_list(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 1, 9, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await app.ingest.text(1, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
        clock.advance(days=20)
        await app.ingest.text(
            1,
            "Vladimir Putin said on Friday that talks with Kyiv were "
            "possible. Nothing else was agreed.",
            title="Later",
        )
        everything = await app.quotes.digest(1, "putin")
        assert everything.quote_count == 7
        assert [g.source.title for g in everything.groups] == ["Later", "Seed"]
        recent = await app.quotes.digest(1, "putin", since=datetime(2026, 11, 15, tzinfo=UTC))
        assert recent.quote_count == 1
        limited = await app.quotes.digest(1, "putin", limit=2)
        assert limited.quote_count == 2 and limited.truncated
        actors = await app.quotes.actors(1)
        assert [(a.name, a.quote_count, a.article_count) for a in actors] == [
            ("Vladimir Putin", 7, 2),
            ("Sergei Lavrov", 2, 1),
        ]
        assert [a.name for a in await app.quotes.actors(1, "ser")] == ["Sergei Lavrov"]
