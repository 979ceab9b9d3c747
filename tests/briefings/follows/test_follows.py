"""Follows on a real SQLite file: what gets queued (a person's new statements, one alert
per story on a topic), and delivery that is exactly once, in order, across restarts, with
a refusing channel pausing only its own follow."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio

from briefings.app import Briefings
from briefings.briefs.brief_service import TOPIC_FLOOR, topic_relevance
from briefings.errors import ChannelRefused, InputError, NotFoundError
from briefings.follows import service as follow_service
from briefings.models import Alert
from briefings.quotes import DEFAULT_MIN_CONFIDENCE
from briefings.settings import Settings
from tests.briefings.follows.texts import (
    bridge_story,
    harbour_story,
    passing_mention,
    statement_article,
    terminal_story,
)
from tests.support.clock import ManualClock
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT

G = 31


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))


@pytest_asyncio.fixture
async def core(settings: Settings, clock: ManualClock) -> AsyncIterator[Briefings]:
    a = await Briefings.open(settings, clock)
    yield a
    await a.close()


async def _ingest_statements(app: Briefings, speaker: str, lines: list[str], topic: str) -> int:
    role = "transport minister" if "Roth" in speaker else "opposition leader"
    res = await app.ingest.text(
        G, statement_article(speaker, role, lines, topic), title=f"{speaker} on {topic}"
    )
    assert res.created
    return res.article.id


async def test_person_follow_fires_once_per_new_statement_and_never_for_others(
    core: Briefings,
) -> None:
    await _ingest_statements(core, "Lena Roth", ["The line will open in spring"], "rail")
    await _ingest_statements(core, "Piet Daalen", ["The plan is far too expensive"], "rail")
    follow, created = await core.follows.follow_person(G, "Roth", channel_id=5)
    assert created and follow.target == "Lena Roth" and follow.kind == "person"
    assert await core.follows.alerts(G) == []  # statements made before the follow: none

    first = await _ingest_statements(
        core,
        "Lena Roth",
        ["We will hire two hundred new drivers", "Fares will not rise this year"],
        "buses",
    )
    await _ingest_statements(core, "Piet Daalen", ["Fares always rise after elections"], "bus")
    alerts = await core.follows.alerts(G)
    assert [(a.speaker, a.quote_text, a.article_id) for a in alerts] == [
        ("Lena Roth", "We will hire two hundred new drivers", first),
        ("Lena Roth", "Fares will not rise this year", first),
    ]
    assert all(a.state == "queued" and a.follow_id == follow.id for a in alerts)
    # The same statement carried by another outlet is not news: no second alert.
    await _ingest_statements(core, "Lena Roth", ["Fares will not rise this year"], "fares")
    assert len(await core.follows.alerts(G)) == 2
    # The same article stored again (a duplicate) queues nothing.
    again = await core.ingest.text(
        G,
        statement_article(
            "Lena Roth",
            "transport minister",
            ["We will hire two hundred new drivers", "Fares will not rise this year"],
            "buses",
        ),
        title="Lena Roth on buses",
    )
    assert again.duplicate and len(await core.follows.alerts(G)) == 2
    with pytest.raises(NotFoundError):
        await core.follows.follow_person(G, "Nobody Atall")


async def test_statements_below_the_confidence_floor_do_not_fire(core: Briefings) -> None:
    # One article, two statements by Ortega: one names him, the other reaches back past
    # six sentences for its "he" and is below the floor /quotes uses.
    await _ingest_statements(core, "John Ortega", ["The ferry will stop in May"], "ferry")
    await core.follows.follow_person(G, "John Ortega", channel_id=5)
    await core.ingest.text(G, BRIDGE_ARTICLE, title="Bridge opens")
    texts = [a.quote_text for a in await core.follows.alerts(G)]
    assert texts == [SURE_TEXT]
    assert follow_service.min_confidence() == DEFAULT_MIN_CONFIDENCE


async def test_topic_follow_fires_once_per_story_not_per_outlet(core: Briefings) -> None:
    follow, _ = await core.follows.follow_topic(G, "Vellmar harbour", channel_id=5)
    for outlet in ("Northern Courier", "Coast Gazette", "Daily Wire"):
        title, text = harbour_story(outlet)
        assert (await core.ingest.text(G, text, title=title)).created
    alerts = await core.follows.alerts(G)
    assert len(alerts) == 1 and "Northern Courier" in alerts[0].article_title
    # Articles that contain both words, but only in passing, are not stories on the topic:
    # a bridge story that ends on the route to the harbour, a budget that names it once.
    for title, text in (bridge_story(), passing_mention()):
        assert (await core.ingest.text(G, text, title=title)).created
    assert len(await core.follows.alerts(G)) == 1
    # Another story on the topic is another alert.
    title, text = terminal_story()
    await core.ingest.text(G, text, title=title)
    alerts = await core.follows.alerts(G)
    assert [a.article_title for a in alerts][1:] == [title]
    assert {a.follow_id for a in alerts} == {follow.id}


def test_the_relevance_floor_tells_a_topic_from_a_passing_mention() -> None:
    """Every word of the query is in each article; the floor of `/brief topic` alone
    (share of the words present) cannot tell them apart, the words' weight can."""
    docs = [harbour_story("Coast Gazette"), terminal_story(), bridge_story(), passing_mention()]
    assert topic_relevance("Vellmar harbour", docs) == [1.0] * 4
    focus = follow_service.topic_focus("Vellmar harbour", docs)
    assert [f >= TOPIC_FLOOR for f in focus] == [True, True, False, False]
    # A one-word topic said twice counts, said once in passing does not.
    twice = ("Council news", passing_mention()[1] + " The Vellmar trip costs little.")
    assert follow_service.topic_focus("Vellmar", [twice, passing_mention()]) == [1.0, 0.0]


async def test_a_topic_of_only_common_words_is_refused(core: Briefings) -> None:
    with pytest.raises(InputError, match="only common words"):
        await core.follows.follow_topic(G, "the and of", channel_id=5)


async def _queue_three(core: Briefings) -> tuple[int, int]:
    """Two follows in different channels with alerts queued: (follow in 5, follow in 6)."""
    await _ingest_statements(core, "Lena Roth", ["The line will open in spring"], "rail")
    a, _ = await core.follows.follow_person(G, "Lena Roth", channel_id=5)
    b, _ = await core.follows.follow_topic(G, "Vellmar harbour", channel_id=6)
    await _ingest_statements(core, "Lena Roth", ["Trams will run all night"], "trams")
    title, text = harbour_story("Coast Gazette")
    await core.ingest.text(G, text, title=title)
    await _ingest_statements(core, "Lena Roth", ["Ferries will be free in summer"], "ferries")
    return a.id, b.id


async def test_queued_alerts_are_delivered_once_in_order_across_a_restart(
    settings: Settings, clock: ManualClock
) -> None:
    posted: list[tuple[int, int]] = []

    async def send(alert: Alert) -> int:
        posted.append((alert.id, alert.channel_id or 0))
        return 1000 + alert.id

    async with await Briefings.open(settings, clock) as core:
        await _queue_three(core)
        queued = [a.id for a in await core.follows.alerts(G)]
        assert len(queued) == 3
        # A process claims the first alert and dies before it is marked sent.
        assert (await core.store.claim_next_alert("dead-process")) is not None

    async with await Briefings.open(settings, clock) as core:  # the restart
        sent = await core.follows.deliver(send)
        # The dead process's claim is not taken over while its lease runs, and the later
        # alert of the same follow waits behind it; the other follow's goes out...
        assert [a.id for a in sent] == queued[1:2]
        clock.advance(minutes=5)
        # ...and then it is, once, before the one behind it; nothing is sent twice.
        assert [a.id for a in await core.follows.deliver(send)] == [queued[0], queued[2]]
        assert await core.follows.deliver(send) == []
        done = await core.follows.alerts(G)
        assert [(a.state, a.message_id) for a in done] == [("sent", 1000 + i) for i in queued]
    assert sorted(i for i, _ in posted) == queued and len(posted) == 3


async def test_concurrent_rounds_keep_each_follows_order(
    core: Briefings, settings: Settings, clock: ManualClock
) -> None:
    """Two delivery rounds at once, one in another process on the same database (a second
    shard process): a follow's alerts are still posted in the order they were queued."""
    await _queue_three(core)
    await _ingest_statements(core, "Lena Roth", ["Buses will be electric by 2030"], "buses")
    posted: list[Alert] = []

    async def slow(alert: Alert) -> int:
        await asyncio.sleep(0.05 if alert.quote_text == "Trams will run all night" else 0)
        posted.append(alert)
        return alert.id

    async with await Briefings.open(settings, clock) as other:
        await asyncio.gather(core.follows.deliver(slow), other.follows.deliver(slow))
    person = [a.quote_text for a in posted if a.kind == "person"]
    assert person == [
        "Trams will run all night",
        "Ferries will be free in summer",
        "Buses will be electric by 2030",
    ]
    assert len(posted) == 4


async def test_a_refusing_channel_pauses_only_its_follow(core: Briefings) -> None:
    person, topic = await _queue_three(core)
    sent_to: list[int] = []

    async def send(alert: Alert) -> int:
        if alert.channel_id == 5:
            raise ChannelRefused(5, "Missing Permissions")
        sent_to.append(alert.channel_id or 0)
        return alert.id

    assert [a.kind for a in await core.follows.deliver(send)] == ["topic"]
    follows = {f.id: f for f in await core.follows.all(G)}
    assert follows[person].paused_reason == "Missing Permissions"
    assert follows[person].queued == 2 and follows[topic].sent == 1
    assert follows[topic].paused_reason is None
    # Following again with the same channel resumes it; the queued alerts go out in order.
    await core.follows.follow_person(G, "Lena Roth", channel_id=5)
    resumed = await core.follows.deliver(lambda a: _ok(a))
    assert [a.quote_text for a in resumed] == [
        "Trams will run all night",
        "Ferries will be free in summer",
    ]


async def _ok(alert: Alert) -> int:
    return alert.id


async def test_a_transient_failure_keeps_the_order(core: Briefings) -> None:
    await _queue_three(core)
    calls: list[int] = []

    async def flaky(alert: Alert) -> int:
        calls.append(alert.id)
        if len(calls) == 1:
            raise OSError("connection reset")
        return alert.id

    assert await core.follows.deliver(flaky) == []  # the round stops at the failure
    sent = await core.follows.deliver(flaky)
    assert [a.id for a in sent] == sorted(a.id for a in sent) and len(sent) == 3
    assert calls[0] == calls[1]


async def test_remove_and_list(core: Briefings) -> None:
    f, _ = await core.follows.follow_topic(G, "harbour", channel_id=None)
    assert [x.id for x in await core.follows.all(G)] == [f.id]
    assert (await core.follows.remove(G, f"#{f.id}")).id == f.id
    assert await core.follows.all(G) == []
    with pytest.raises(NotFoundError):
        await core.follows.remove(G, str(f.id))
