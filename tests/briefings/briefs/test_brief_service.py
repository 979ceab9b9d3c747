"""Store-backed briefs: every line is a sentence of a stored article, with its source."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefings.app import Briefings
from briefings.errors import InputError, NotFoundError
from briefings.settings import Settings
from tests.support.clock import ManualClock
from tests.support.paths import SEED_PATH

SNOW = (
    "Heavy snow closed the mountain pass on Tuesday. Ploughs worked through the night. "
    "The road reopened at dawn, the transport office said. Drivers must carry chains."
)


async def test_article_latest_topic_since(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 9, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        seed = (
            await app.ingest.text(1, SEED_PATH.read_text(encoding="utf-8"), title="Seed")
        ).article
        clock.advance(hours=3)
        snow = (await app.ingest.text(1, SNOW, title="Snow")).article
        b = await app.briefs.article(1, seed.id, sentences=3)
        assert len(b.lines) == 3 and {ln.article_id for ln in b.lines} == {seed.id}
        for ln in b.lines:
            assert seed.text[ln.start : ln.end] == ln.text
        positions = [ln.start for ln in b.lines]
        assert positions == sorted(positions)  # reading order
        latest = await app.briefs.latest(1, count=2, sentences=4)
        assert {ln.article_id for ln in latest.lines} == {seed.id, snow.id}
        topic = await app.briefs.topic(1, "snow pass")
        assert [a.id for a in topic.articles] == [snow.id]
        recent = await app.briefs.since(1, datetime(2026, 11, 27, 11, tzinfo=UTC))
        assert [a.id for a in recent.articles] == [snow.id]
        lead = await app.briefs.article(1, seed.id, sentences=1, method="lead")
        assert lead.lines[0].text.startswith("Russian President Vladimir Putin has decried")
        assert lead.method == "lead"


async def test_errors(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        with pytest.raises(NotFoundError):
            await app.briefs.article(1, 99)
        for bad in ({"sentences": 0}, {"sentences": 99}, {"method": "magic"}):
            with pytest.raises(InputError):
                await app.briefs.latest(1, 5, **bad)
        with pytest.raises(InputError):
            await app.briefs.topic(1, "   ")
        assert (await app.briefs.latest(1)).empty
        art = (await app.ingest.text(2, SNOW, title="Snow")).article
        with pytest.raises(NotFoundError):  # another guild's article is not found
            await app.briefs.article(1, art.id)
