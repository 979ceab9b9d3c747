"""The store at scale, SQLite against PostgreSQL in the same run.

    .venv/bin/python benchmarks/bench_scale.py                       # 100 guilds x 50 articles
    .venv/bin/python benchmarks/bench_scale.py --guilds 1000         # the issue's 50k articles
    .venv/bin/python benchmarks/bench_scale.py --pg postgresql://postgres@127.0.0.1:5432/postgres

For each backend it fills a fresh database with `--guilds` guilds of `--articles` articles
each (synthetic news texts with attributed quotes; each distinct text is analysed once,
before the clock starts, since analysis costs the same on both backends) and prints:

- ingest throughput: articles stored per second through `Store.add_article` (one
  transaction each: article, sentences, quotes, actors);
- the scheduler tick: `scheduled_guilds()` with a schedule in every guild;
- `/quotes`: `quotes_for_actors` of one person in one guild; `/search`: a two-word full-text
  search in one guild; the daily digest's query: `articles_between` over one day;
  (each the median of `--repeat` runs, in milliseconds);
- database size per article (SQLite: the file, after close; PostgreSQL: the tables of the
  schema with their indexes and TOAST).

The last column is PostgreSQL's figure over SQLite's. PostgreSQL runs in a database
created for the run and dropped after it; without a server it is skipped with a note.
Feed fetches per poll (one per distinct URL) are checked by the test suite
(`tests/briefings/feeds/test_polling.py`), not timed here.
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

from briefings.ingest.analysis import analyze  # noqa: E402
from briefings.quotes.actors import actor_for  # noqa: E402
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


async def run(target: str | Path, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(7)
    bases = [_text(rng) for _ in range(BASE_TEXTS)]
    analyses = [analyze(t) for t in bases]
    actors = [
        {s: actor_for(s, a.mentions.get(s, ())) for s in {q.speaker for q in a.quotes if q.speaker}}
        for a in analyses
    ]
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    store = await Store.open(target)
    figures: dict[str, float] = {}
    try:
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
        for g in range(1, args.guilds + 1):
            await store.set_digest_schedule(g, 1000 + g, "07:00", "UTC", set_at=t0)
        figures["scheduler tick (ms)"] = await _timed(store.scheduled_guilds, args.repeat)
        g = args.guilds // 2 or 1
        top = (await store.actors(g, limit=1))[0]
        assert await store.quotes_for_actors(g, [top.id]), "the person has no quotes"
        figures["/quotes (ms)"] = await _timed(
            lambda: store.quotes_for_actors(g, [top.id]), args.repeat
        )
        figures["/search (ms)"] = await _timed(
            lambda: store.search(g, "harbour bridge"), args.repeat
        )
        day = t0 + timedelta(days=3)
        figures["digest query (ms)"] = await _timed(
            lambda: store.articles_between(g, day, day + timedelta(days=1)), args.repeat
        )
        if isinstance(target, str):
            figures["bytes per article"] = await _pg_size(store) / n
    finally:
        await store.close()
    if isinstance(target, Path):  # after close: the WAL is checkpointed into the file
        figures["bytes per article"] = (
            sum(p.stat().st_size for p in target.parent.glob(target.name + "*")) / n
        )
    return figures


async def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--guilds", type=int, default=100)
    ap.add_argument("--articles", type=int, default=50, help="articles per guild")
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    total = args.guilds * args.articles
    print(f"{args.guilds} guilds x {args.articles} articles = {total} articles")
    results: dict[str, dict[str, float]] = {}
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
    print(f"{'figure':<22}{'SQLite':>12}{'PostgreSQL':>12}{'PG/SQLite':>11}")
    for key, value in results["sqlite"].items():
        pg = results.get("postgres", {}).get(key)
        ratio = f"{pg / value:>11.2f}" if pg is not None and value else f"{'-':>11}"
        pg_text = f"{pg:>12.1f}" if pg is not None else f"{'-':>12}"
        print(f"{key:<22}{value:>12.1f}{pg_text}{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
