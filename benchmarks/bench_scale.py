"""Briefings at scale, SQLite against PostgreSQL in the same run (issue 9, item 5).

    .venv/bin/python benchmarks/bench_scale.py                                  # 100 x 50
    .venv/bin/python benchmarks/bench_scale.py --guilds 1000 --articles 100     # 100k articles
    .venv/bin/python benchmarks/bench_scale.py --pg postgresql://postgres@127.0.0.1:5432/postgres

For each backend it opens the whole app (`Briefings`, the object the cogs call) on a fresh
database and:

1. fills `--guilds` guilds with `--articles` articles each (synthetic news texts with
   attributed quotes; each distinct text is analysed once, before the clock starts, since
   analysis costs the same on both backends): `ingest (articles/s)` through
   `Store.add_article` (one transaction each: article, sentences, quotes, actors);
2. serves `--feeds` RSS feeds (each with `--entries` entries linking to article pages)
   from a loopback HTTP server, subscribes `--subscriptions` guild/feed pairs spread over
   the guilds, and runs one `FeedService.poll_due()` as the bot's poll loop does:
   `feed fetches per poll` (requests the server saw for feed URLs; must equal the number
   of distinct feed URLs), `entry pages fetched`, `shared analyses stored` and
   `feed ingest (articles/s)` (new articles over the poll's wall time, fetching, reading,
   analysing and storing included);
3. times, at the full size, the services the cogs call (median of `--repeat` runs, ms):
   the scheduler tick (`DigestService.run_due` with a schedule in every guild, none due),
   `/quotes` (`QuoteService.digest` of one person), `/search` (`Store.search`, which
   the cog calls), and the daily digest (`DigestService.preview`, what `/digest preview`
   and the posted digest build: grouping and summarising the day's stories);
4. database size per stored article (SQLite: the files after close; PostgreSQL: the
   tables of the database with their indexes and TOAST).

The last column is PostgreSQL's figure over SQLite's. PostgreSQL runs in a database
created for the run and dropped after it; without a server it is skipped with a note.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg  # noqa: E402
from aiohttp import web  # noqa: E402

from briefings.app import Briefings  # noqa: E402
from briefings.ingest.analysis import analyze  # noqa: E402
from briefings.quotes.actors import actor_for  # noqa: E402
from briefings.settings import Settings  # noqa: E402
from briefings.store import NewArticle, Store  # noqa: E402

PEOPLE = [
    f"{first} {last}"
    for first, last in zip(
        [
            "Anna",
            "Boris",
            "Clara",
            "David",
            "Elena",
            "Farid",
            "Greta",
            "Hassan",
            "Ines",
            "Jonas",
            "Karin",
            "Liam",
        ],
        [
            "Albers",
            "Brandt",
            "Castell",
            "Dorn",
            "Eckert",
            "Falk",
            "Graf",
            "Hoven",
            "Ilic",
            "Jansen",
            "Kaya",
            "Lorenz",
        ],
        strict=True,
    )
]
WORDS = [
    "council",
    "harbour",
    "budget",
    "election",
    "minister",
    "river",
    "bridge",
    "tariff",
    "school",
    "hospital",
    "court",
    "railway",
    "energy",
    "farmers",
    "strike",
    "treaty",
    "border",
    "museum",
    "storm",
    "vaccine",
    "police",
    "festival",
    "reform",
    "pension",
    "drought",
    "factory",
    "airport",
]
BASE_TEXTS = 120


def _text(rng: random.Random) -> str:
    out = []
    for _ in range(12):
        topic = rng.sample(WORDS, 3)
        person = rng.choice(PEOPLE)
        if rng.random() < 0.4:
            out.append(
                f'"The {topic[0]} will not wait for the {topic[1]}," said {person}, '
                f"who spoke after the vote on the {topic[2]}."
            )
        else:
            out.append(
                f"Officials in the {topic[0]} district met on Monday to discuss the "
                f"{topic[1]} and the {topic[2]} before the end of the month."
            )
    return " ".join(out)


async def _timed(fn: Callable[[], Awaitable[Any]], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        await fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


async def _pg_size(store: Store) -> int:
    row = await store._one(
        "SELECT SUM(pg_total_relation_size(c.oid)) AS n FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )
    return int(row["n"]) if row else 0


class FeedSite:
    """RSS feeds and their article pages on a loopback server, counting every request."""

    def __init__(self, feeds: int, entries: int, rng: random.Random) -> None:
        self.feeds, self.entries = feeds, entries
        self.texts = {(f, k): _text(rng) for f in range(feeds) for k in range(entries)}
        self.hits: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self.base = ""

    def _count(self, kind: str) -> None:
        self.hits[kind] = self.hits.get(kind, 0) + 1

    async def _feed(self, request: web.Request) -> web.Response:
        self._count("feed")
        f = int(request.match_info["f"])
        items = "".join(
            f"<item><title>Feed {f} story {k}</title><link>{self.base}/page/{f}/{k}</link>"
            f"<guid>{self.base}/page/{f}/{k}</guid>"
            f"<pubDate>Mon, 0{k % 9 + 1} Nov 2026 06:00:00 GMT</pubDate></item>"
            for k in range(self.entries)
        )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>'
            f"<link>{self.base}/</link><description>d</description>{items}</channel></rss>"
        )
        return web.Response(body=body.encode(), content_type="application/rss+xml")

    async def _page(self, request: web.Request) -> web.Response:
        self._count("page")
        f, k = int(request.match_info["f"]), int(request.match_info["k"])
        paras = "".join(f"<p>{p}.</p>" for p in self.texts[(f, k)].split(". "))
        html = (
            f"<html lang='en'><head><title>Feed {f} story {k}</title></head><body><article>"
            f"<h1>Feed {f} story {k}</h1>{paras}</article></body></html>"
        )
        return web.Response(text=html, content_type="text/html")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed/{f}.xml", self._feed)
        app.router.add_get("/page/{f}/{k}", self._page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def _count(store: Store, table: str) -> int:
    row = await store._one(f"SELECT COUNT(*) AS n FROM {table}")
    return int(row["n"]) if row else 0


async def run(target: str | Path, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(7)
    bases = [_text(rng) for _ in range(BASE_TEXTS)]
    analyses = [analyze(t) for t in bases]
    actors = [
        {s: actor_for(s, a.mentions.get(s, ())) for s in {q.speaker for q in a.quotes if q.speaker}}
        for a in analyses
    ]
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    now = [t0 + timedelta(days=3, hours=6)]
    settings = Settings(
        db_path=target if isinstance(target, Path) else Path("unused.db"),
        database_url=target if isinstance(target, str) else None,
        fetch_allow_private=True,
        fetch_timeout=30.0,
        feed_max_new_entries=max(args.entries, 1),
    )
    app = await Briefings.open(settings, clock=lambda: now[0])
    store = app.store
    site = FeedSite(args.feeds, args.entries, random.Random(11))
    await site.start()
    figures: dict[str, float] = {}
    try:
        # 1. the stored articles, straight into the store
        n = 0
        start = time.perf_counter()
        for g in range(1, args.guilds + 1):
            for i in range(args.articles):
                b = (g * 31 + i) % BASE_TEXTS
                text = f"{bases[b]} Reported by desk {g}-{i}."
                when = t0 + timedelta(hours=i * 7 % (24 * 28), minutes=g % 60)
                await store.add_article(
                    NewArticle(g, f"Story {i} of guild {g}", text, "text", published_at=when),
                    analyses[b].sentences,
                    analyses[b].quotes,
                    actors[b],
                    now=when,
                )
                n += 1
        figures["ingest (articles/s)"] = n / (time.perf_counter() - start)

        # 2. one poll of the shared feeds, served from the loopback site
        for s in range(args.subscriptions):
            g = s % args.guilds + 1
            f = (s * 7 + s // args.guilds) % args.feeds
            await store.add_feed(g, f"{site.base}/feed/{f}.xml", 1000 + g)
        urls = {f.url for f in await store.due_feeds(now[0])}
        start = time.perf_counter()
        results = await app.feeds.poll_due(budget=3600)
        took = time.perf_counter() - start
        new = sum(len(r.new) for r in results)
        errors = [r.error for r in results if r.error]
        assert not errors, errors[:3]
        figures["subscriptions polled"] = len(results)
        figures["distinct feed URLs"] = len(urls)
        figures["feed fetches per poll"] = site.hits.get("feed", 0)
        figures["entry pages fetched"] = site.hits.get("page", 0)
        figures["feed articles stored"] = new
        figures["shared analyses stored"] = await _count(store, "analyses")
        figures["feed ingest (articles/s)"] = new / took
        assert site.hits.get("feed", 0) == len(urls), "a feed URL was fetched more than once"
        n += new

        # 3. the services the cogs call, at the full size
        for g in range(1, args.guilds + 1):
            await store.set_digest_schedule(g, 1000 + g, "07:00", "UTC", set_at=now[0])

        async def render(_: Any) -> list[Any]:
            raise AssertionError("no digest is due in this tick")

        async def tick() -> None:
            posted = await app.digests.run_due(render, render)  # type: ignore[arg-type]
            assert posted == []

        figures["scheduler tick (ms)"] = await _timed(tick, args.repeat)
        g = args.guilds // 2 or 1
        top = (await store.actors(g, limit=1))[0]
        assert (await app.quotes.digest(g, top.name)).quote_count, "the person has no quotes"
        figures["/quotes (ms)"] = await _timed(lambda: app.quotes.digest(g, top.name), args.repeat)
        assert await store.search(g, "harbour bridge")
        figures["/search (ms)"] = await _timed(
            lambda: store.search(g, "harbour bridge", limit=10), args.repeat
        )
        digest = await app.digests.preview(g)
        assert digest.stories, "the digest has no stories"
        figures["daily digest (ms)"] = await _timed(
            lambda: app.digests.preview(g), max(3, args.repeat // 4)
        )
        figures["stored articles"] = n
        if isinstance(target, str):
            figures["bytes per article"] = await _pg_size(store) / n
    finally:
        await site.stop()
        await app.close()
    if isinstance(target, Path):  # after close: the WAL is checkpointed into the file
        figures["bytes per article"] = (
            sum(p.stat().st_size for p in target.parent.glob(target.name + "*")) / n
        )
    return figures


async def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--guilds", type=int, default=100)
    ap.add_argument("--articles", type=int, default=50, help="stored articles per guild")
    ap.add_argument("--feeds", type=int, default=200, help="distinct feed URLs")
    ap.add_argument("--subscriptions", type=int, default=2000, help="guild/feed pairs")
    ap.add_argument("--entries", type=int, default=2, help="entries per feed")
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = ap.parse_args()
    args.subscriptions = min(args.subscriptions, args.guilds * args.feeds)
    total = args.guilds * args.articles
    print(
        f"{args.guilds} guilds x {args.articles} articles = {total} stored articles; "
        f"{args.feeds} feeds x {args.entries} entries, {args.subscriptions} subscriptions"
    )
    results: dict[str, dict[str, float]] = {}
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = await run(Path(tmp) / "scale.db", args)
    name = f"briefings_bench_{random.randrange(1 << 30)}"
    try:
        admin = await asyncpg.connect(args.pg, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"PostgreSQL skipped: no server at {args.pg.split('@')[-1]} ({exc})")
        admin = None
    if admin is not None:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            base = args.pg.rsplit("/", 1)[0]
            results["postgres"] = await run(f"{base}/{name}", args)
        finally:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            await admin.close()
    keys = list(next(iter(results.values())))
    print(f"{'figure':<28}{'SQLite':>12}{'PostgreSQL':>12}{'PG/SQLite':>11}")
    for key in keys:
        lite = results.get("sqlite", {}).get(key)
        pg = results.get("postgres", {}).get(key)
        ratio = f"{pg / lite:>11.2f}" if pg is not None and lite else f"{'-':>11}"
        lite_text = f"{lite:>12.1f}" if lite is not None else f"{'-':>12}"
        pg_text = f"{pg:>12.1f}" if pg is not None else f"{'-':>12}"
        print(f"{key:<28}{lite_text}{pg_text}{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
