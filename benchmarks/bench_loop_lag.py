"""Event-loop lag while Briefings ingests a 4.9 MB page and reads a 100,000-entry feed.

    .venv/bin/python benchmarks/bench_loop_lag.py [--page-mb 4.9] [--entries 100000]

Both inputs are built here (synthetic news prose, some of it quoted). A ticker coroutine
sleeps 5 ms at a time and records how late it wakes; the figure that matters is the
largest lag, the longest the bot could not have answered Discord's gateway. Measured:

1. `app.ingest.file(...)` of the HTML page: decoding, main-text extraction, sentence
   splitting and quote attribution, then the store;
2. `app.feeds.add(...)` of the feed, served by a local HTTP server in a thread: the
   fetch and the parse done when a feed is added;
3. `app.feeds.poll_guild(...)`: the poller's path (conditional fetch, parse, the newest
   entries ingested; the entries carry too little text to become articles).

A small page is ingested first, so that starting the worker processes is not measured.
Nothing here depends on how the work is spread, so the same script measures older
versions of the code too.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.app import Briefings  # noqa: E402
from briefings.settings import Settings  # noqa: E402

_WORDS = (
    "the government said on monday that officials would meet with leaders of the "
    "opposition to discuss new plans for the economy after weeks of protests in the "
    "capital where thousands of people gathered outside parliament demanding reforms to "
    "taxes wages housing and health care while police kept watch and ministers promised"
)
_NAMES = ("John Smith", "Maria Garcia", "Ahmed Khan", "Li Wei", "Anna Petrova")


def sentence(rng: random.Random) -> str:
    words = _WORDS.split()
    s = " ".join(rng.choice(words) for _ in range(rng.randint(12, 28)))
    s = s[0].upper() + s[1:]
    if rng.random() < 0.15:
        return f'"{s}," said {rng.choice(_NAMES)}.'
    return s + "."


def html_page(size: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>A long day in the capital'
        '</title></head><body><nav><a href="/">Home</a></nav><article>'
        "<h1>A long day in the capital</h1>"
    ]
    total = sum(len(p) for p in parts)
    while total < size:
        p = "<p>" + " ".join(sentence(rng) for _ in range(rng.randint(3, 6))) + "</p>\n"
        parts.append(p)
        total += len(p)
    parts.append("</article><footer>Copyright</footer></body></html>")
    return "".join(parts).encode()


def rss_feed(entries: int, seed: int = 2) -> bytes:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    items = []
    for i in range(entries):
        when = format_datetime(start + timedelta(minutes=i))
        items.append(
            f"<item><title>Item {i}</title><guid>urn:bench:{i}</guid>"
            f"<pubDate>{when}</pubDate><description>{sentence(rng)[:60]}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Bench wire</title><link>http://example.com/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class Ticker:
    """Records how late a coroutine sleeping `period` seconds at a time wakes up."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.period)
            self.lags.append(loop.time() - before - self.period)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


async def measure(label: str, work: Awaitable[Any]) -> None:
    ticker = Ticker()
    ticker.start()
    await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    try:
        await work
        outcome = "ok"
    except Exception as exc:  # a benchmark reports, it does not stop
        outcome = f"{type(exc).__name__}: {exc}"
    took = time.perf_counter() - t0
    await ticker.stop()
    lags = sorted(ticker.lags) or [0.0]
    p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
    print(
        f"{label:<44} took {took:6.2f} s   loop lag max {max(lags) * 1000:7.0f} ms   "
        f"p99 {p99 * 1000:5.0f} ms   median {statistics.median(lags) * 1000:4.1f} ms   "
        f"({outcome})",
        flush=True,
    )


def serve(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.xml"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--page-mb", type=float, default=4.9)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()

    page = html_page(int(args.page_mb * 1_000_000))
    feed = rss_feed(args.entries)
    server, url = serve(feed)
    print(f"page {len(page) / 1e6:.1f} MB; feed {args.entries:,} entries, {len(feed) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db_path=Path(tmp) / "bench.db",
            fetch_allow_private=True,
            fetch_max_bytes=max(64 * 1024 * 1024, len(feed) + 1),
            fetch_timeout=120.0,
        )
        async with await Briefings.open(settings) as app:
            await app.ingest.file(1, "warm-up.html", html_page(60_000, seed=9))
            await measure(
                f"ingest.file of a {len(page) / 1e6:.1f} MB page",
                app.ingest.file(1, "big.html", page),
            )
            await measure(f"feeds.add of a {args.entries:,}-entry feed", app.feeds.add(1, url))
            await measure("feeds.poll_guild (the poller's path)", app.feeds.poll_guild(1))
    server.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
