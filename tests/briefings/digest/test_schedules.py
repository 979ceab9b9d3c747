"""Several digest schedules per guild (migration 0008): each posts once a day at its own
time, a topic schedule carries only the stories its query matches, a refused channel
pauses only its own schedule, and a guild's schedule from before 0008 is moved over."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from briefings.app import Briefings
from briefings.digest import DailyDigest
from briefings.errors import ChannelRefused, InputError
from briefings.models import MessagePayload
from briefings.settings import Settings
from briefings.store import Store, schema
from tests.support.clock import ManualClock

GUILD = 3
MORNING, EVENING = 55, 56
BERLIN = "Europe/Berlin"

HARBOUR = (
    "Storm floods the old harbour of Kelmsby",
    "The old harbour of Kelmsby flooded on Friday when a storm pushed seawater over the "
    "quay walls. Fishermen said the harbour flooding damaged forty boats moored along the "
    "eastern pier. The harbour master closed the quay until engineers inspect the walls.",
)
CHESS = (
    "Young player wins the Dornau chess open",
    "A sixteen-year-old player won the Dornau chess open on Friday after a long endgame in "
    "the final round. The chess tournament drew two hundred players from twelve countries. "
    "Organisers said next year's open will move to the larger town hall.",
)


class Poster:
    """Renders one message per digest naming its articles; records where each went."""

    def __init__(self, refuse: set[int] | None = None) -> None:
        self.refuse = refuse or set()
        self.sent: list[tuple[int, MessagePayload]] = []

    def render(self, d: DailyDigest) -> list[MessagePayload]:
        titles = sorted(a.title for s in d.stories for a in s.articles)
        return [{"title": d.title, "day": d.day.isoformat(), "titles": titles}]

    async def send(self, channel_id: int, payload: MessagePayload) -> int:
        if channel_id in self.refuse:
            raise ChannelRefused(channel_id, "Missing Access")
        self.sent.append((channel_id, payload))
        return 2000 + len(self.sent)

    def to(self, channel_id: int) -> list[MessagePayload]:
        return [p for c, p in self.sent if c == channel_id]


async def _two_stories(app: Briefings, clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    for title, text in (HARBOUR, CHESS):
        await app.ingest.text(GUILD, text, title=title)


async def test_each_schedule_posts_once_a_day_at_its_time_and_a_topic_keeps_its_stories(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _two_stories(app, clock)
        morning = await app.digests.schedule(GUILD, MORNING, "08:00", BERLIN)
        evening = await app.digests.schedule(GUILD, EVENING, "18:00", BERLIN, topic="harbour")
        assert morning.schedule_id != evening.schedule_id
        assert (evening.topic, morning.topic) == ("harbour", None)
        poster = Poster()
        clock.set(datetime(2026, 11, 27, 6, 59, tzinfo=UTC))  # 07:59 in Berlin
        assert await app.digests.run_due(poster.render, poster.send) == []
        clock.set(datetime(2026, 11, 27, 7, 1, tzinfo=UTC))
        day = date(2026, 11, 27)
        assert await app.digests.run_due(poster.render, poster.send) == [(GUILD, day)]
        assert await app.digests.run_due(poster.render, poster.send) == []
        [all_of_it] = poster.to(MORNING)
        assert all_of_it["titles"] == sorted([HARBOUR[0], CHESS[0]])
        assert poster.to(EVENING) == []
        clock.set(datetime(2026, 11, 27, 17, 1, tzinfo=UTC))  # 18:01 in Berlin
        assert await app.digests.run_due(poster.render, poster.send) == [(GUILD, day)]
        assert await app.digests.run_due(poster.render, poster.send) == []
        [topical] = poster.to(EVENING)
        assert topical["titles"] == [HARBOUR[0]]  # the chess story is not about the harbour
        assert topical["title"] == "Daily briefing on harbour for Friday 27 November 2026"
        # Each claim is its schedule's own.
        for st in (morning, evening):
            assert st.schedule_id is not None
            row = await app.store.posted_digest(GUILD, day.isoformat(), st.schedule_id)
            assert row is not None and row.done and row.schedule_id == st.schedule_id
        # The next day each posts once more, at its own time.
        clock.set(datetime(2026, 11, 28, 7, 1, tzinfo=UTC))
        assert await app.digests.run_due(poster.render, poster.send) == [
            (GUILD, day + timedelta(1))
        ]
        assert (len(poster.to(MORNING)), len(poster.to(EVENING))) == (2, 1)
        infos = await app.digests.schedules(GUILD)
        assert [(i.schedule.id, i.schedule.topic) for i in infos] == [
            (morning.schedule_id, None),
            (evening.schedule_id, "harbour"),
        ]
        assert [i.next_run for i in infos] == [
            datetime(2026, 11, 29, 7, 0, tzinfo=UTC),
            datetime(2026, 11, 28, 17, 0, tzinfo=UTC),
        ]
        assert [i.last_posted for i in infos] == ["2026-11-28", "2026-11-27"]


async def test_a_topic_schedule_with_nothing_on_topic_posts_an_empty_digest(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _two_stories(app, clock)
        await app.digests.schedule(GUILD, EVENING, "08:00", BERLIN, topic="volcano eruption")
        clock.set(datetime(2026, 11, 27, 7, 1, tzinfo=UTC))
        poster = Poster()
        assert await app.digests.run_due(poster.render, poster.send) == [
            (GUILD, date(2026, 11, 27))
        ]
        assert poster.to(EVENING)[0]["titles"] == []
        with pytest.raises(InputError):
            await app.digests.schedule(GUILD, EVENING, "09:00", BERLIN, topic="x" * 201)


async def test_schedule_updates_the_one_of_that_channel_and_time_or_topic(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        a = await app.digests.schedule(GUILD, MORNING, "08:00", BERLIN)
        same = await app.digests.schedule(GUILD, MORNING, "08:00", "UTC", topic="harbour")
        assert same.schedule_id == a.schedule_id and same.topic == "harbour"
        moved = await app.digests.schedule(GUILD, MORNING, "09:30", "UTC", topic="harbour")
        assert moved.schedule_id == a.schedule_id and moved.time == "09:30"
        other = await app.digests.schedule(GUILD, MORNING, "18:00", "UTC")  # no topic: new
        assert other.schedule_id != a.schedule_id
        assert len(await app.store.digest_schedules(GUILD)) == 2
        assert await app.digests.off(GUILD, other.schedule_id)
        assert not await app.digests.off(GUILD, other.schedule_id)
        assert not await app.digests.off(GUILD + 1, a.schedule_id)  # not that guild's
        assert [s.enabled for s in await app.store.digest_schedules(GUILD)] == [True, False]
        assert await app.digests.off(GUILD)
        assert [s.enabled for s in await app.store.digest_schedules(GUILD)] == [False, False]


async def test_a_refused_channel_pauses_only_its_own_schedule(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _two_stories(app, clock)
        bad = await app.digests.schedule(GUILD, MORNING, "08:00", BERLIN)
        good = await app.digests.schedule(GUILD, EVENING, "08:00", BERLIN, topic="chess")
        clock.set(datetime(2026, 11, 27, 7, 1, tzinfo=UTC))
        poster = Poster(refuse={MORNING})
        assert await app.digests.run_due(poster.render, poster.send) == [
            (GUILD, date(2026, 11, 27))
        ]
        assert [c for c, _ in poster.sent] == [EVENING]
        by_id = {s.id: s for s in await app.store.digest_schedules(GUILD)}
        assert by_id[bad.schedule_id or 0].paused_reason == "Missing Access"
        assert by_id[good.schedule_id or 0].paused_reason is None
        assert [s.id for s in await app.store.active_schedules()] == [good.schedule_id]
        # The next day the good one posts again; the paused one is not even tried.
        clock.advance(days=1)
        assert await app.digests.run_due(poster.render, poster.send) == [
            (GUILD, date(2026, 11, 28))
        ]
        assert [c for c, _ in poster.sent] == [EVENING, EVENING]
        infos = {i.schedule.id: i for i in await app.digests.schedules(GUILD)}
        assert infos[bad.schedule_id or 0].next_run is None
        assert infos[good.schedule_id or 0].next_run is not None


async def test_a_guild_schedule_from_before_0008_moves_to_digest_schedules(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    t0 = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    sqlite_all, pg_all = schema.load_migrations(), schema.load_pg_migrations()
    assert sqlite_all[7].name == pg_all[7].name == "0008_digest_schedules.sql"
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: sqlite_all[:7])
        m.setattr(schema, "load_pg_migrations", lambda: pg_all[:7])
        async with await Store.open(settings.database, clock=lambda: t0) as old:
            assert await old.schema_version() == 7
            # Rows as the version-7 code wrote them: a guild's schedule (paused, with its
            # zone), today's digest posted, a guild without a schedule.
            async with old._tx() as db:
                await db.execute(
                    "INSERT INTO guilds(id, timezone, digest_channel_id, digest_time, "
                    "digest_enabled, digest_set_at, digest_paused_reason, created_at) "
                    "VALUES (?, 'Europe/Berlin', 55, '08:00', 1, '2026-11-20T00:00:00Z', "
                    "NULL, '2026-11-20T00:00:00Z'), (?, NULL, 66, '09:00', 0, NULL, "
                    "'Unknown Channel', '2026-11-21T00:00:00Z'), "
                    "(?, NULL, NULL, NULL, 0, NULL, NULL, '2026-11-21T00:00:00Z')",
                    (GUILD, GUILD + 1, GUILD + 2),
                )
                await db.execute(
                    "INSERT INTO posted_digests(guild_id, digest_date, channel_id, "
                    "message_ids, posted_at, state) VALUES (?, '2026-11-27', 55, '[7, 8]', "
                    "'2026-11-27T07:00:00Z', 'done')",
                    (GUILD,),
                )
    async with await Store.open(settings.database, clock=lambda: t0) as s:
        assert await s.schema_version() == len(sqlite_all)
        [moved] = await s.digest_schedules(GUILD)
        assert (moved.channel_id, moved.time, moved.timezone, moved.topic, moved.threads) == (
            55,
            "08:00",
            "Europe/Berlin",
            None,
            False,
        )
        assert moved.enabled and moved.paused_reason is None
        assert moved.set_at == datetime(2026, 11, 20, tzinfo=UTC)
        [off] = await s.digest_schedules(GUILD + 1)
        assert (off.enabled, off.paused_reason, off.timezone) == (False, "Unknown Channel", None)
        assert off.set_at == datetime(2026, 11, 21, tzinfo=UTC)  # its creation, as before
        assert await s.digest_schedules(GUILD + 2) == []
        assert [x.id for x in await s.active_schedules()] == [moved.id]
        # Today's digest belongs to the moved schedule: it is not posted again.
        row = await s.posted_digest(GUILD, "2026-11-27", moved.id)
        assert row is not None and row.done and row.message_ids == (7, 8)
        assert await s.claim_digest(GUILD, "2026-11-27", 55, "new", schedule_id=moved.id) is None
        g = await s.guild(GUILD)
        assert (g.digest_channel_id, g.digest_time, g.timezone, g.digest_enabled) == (
            55,
            "08:00",
            "Europe/Berlin",
            True,
        )


class ThreadPoster:
    """A chat service that opens threads: ids 3001...; `die_after` names the request
    (1-based) after which this process "dies" (the answer is lost)."""

    def __init__(self, die_after: int | None = None) -> None:
        self.die_after = die_after
        self.calls: list[tuple[int, MessagePayload]] = []
        self.opened: dict[int, int] = {}  # message id -> thread id (as Discord keeps it)

    def render(self, d: DailyDigest) -> list[MessagePayload]:
        plan: list[MessagePayload] = [{"part": "heading"}]
        for s in d.stories:
            first = len(plan)
            plan.append({"part": s.headline, "thread": {"name": s.headline, "articles": [1]}})
            plan.append({"part": f"inside {s.headline}", "in_thread": first})
        return plan

    async def send(self, channel_id: int, payload: MessagePayload) -> int:
        self.calls.append((channel_id, payload))
        opening = payload.get("open_thread")
        if opening is not None:
            mid = int(opening["message_id"])
            self.opened.setdefault(mid, mid)  # Discord keeps one thread per message
            got = self.opened[mid]
        else:
            got = 3000 + len(self.calls)
        if self.die_after is not None and len(self.calls) == self.die_after:
            raise ConnectionError("the process died before the answer was recorded")
        return got


async def test_a_resumed_digest_reuses_its_threads(settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 27, 6, 0, tzinfo=UTC))
    async with await Briefings.open(settings, clock=clock) as app:
        await _two_stories(app, clock)
        sched = await app.digests.schedule(GUILD, MORNING, "08:00", BERLIN, threads=True)
        clock.set(datetime(2026, 11, 27, 7, 1, tzinfo=UTC))
        # Calls: heading, story 1, open its thread, inside story 1, story 2, ...
        for die_after in (3, 4):
            poster = ThreadPoster(die_after=die_after)
            assert await app.digests.run_due(poster.render, poster.send) == []
            assert await app.digests.run_due(poster.render, poster.send) == [
                (GUILD, date(2026, 11, 27))
            ]
            opens = [p for _, p in poster.calls if "open_thread" in p]
            # Asked again for the first story's thread only when its answer was lost, and
            # got the same thread: one thread per story in the end.
            assert len(opens) == (3 if die_after == 3 else 2)
            assert len(poster.opened) == 2
            row = await app.store.posted_digest(GUILD, "2026-11-27", sched.schedule_id)
            assert row is not None and row.done
            assert sorted(row.threads.values()) == sorted(poster.opened.values())
            inside = [(c, p["part"]) for c, p in poster.calls if "in_thread" in p]
            assert {c for c, _ in inside} == set(poster.opened.values())
            # Each story into its own thread; a message whose answer was lost is sent
            # again (the one duplicate the digest allows), never into a new thread.
            assert len(inside) == (2 if die_after == 3 else 3)
            threads = await app.store.story_threads(GUILD, MORNING, ["2026-11-27"])
            assert sorted(t for t, _ in threads) == sorted(poster.opened.values())
            # Start over for the second case.
            async with app.store._tx() as db:
                await db.execute("DELETE FROM posted_digests")
