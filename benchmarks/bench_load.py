"""Load on the real bot: many slash commands at once, some of them heavy (issue 12).

    .venv/bin/python benchmarks/bench_load.py
    .venv/bin/python benchmarks/bench_load.py --commands 100 --heavy-fraction 0.33 --seed 2
    .venv/bin/python benchmarks/bench_load.py --pages ../shared/eval/pages/html --json load.json
    .venv/bin/python benchmarks/bench_load.py --diagnose     # asyncio debug: slow callbacks

The real `BriefingsBot` (`bot.py`, real discord.py client, real sockets) runs in a child
process with its own event loop, connected to the loopback fake Discord
(`tests/support/fakediscord`) that runs in this process together with a loopback web site
(`tests/support/loopback_site.py`) serving the pages and feeds. The database (a temporary
directory) is pre-filled with synthetic news articles with named speakers and quotes. Then
`--commands` slash commands are sent at once, a `--heavy-fraction` of them heavy:

- `/ingest url:` of a synthetic 3-4.6 MB HTML page (scripts, styles, menus, comments around
  the article), or with `--pages DIR` the largest real pages of that folder;
- `/ingest file:` of a 100-500 KB Markdown attachment, one of them `"*a " * 32000`;
- `/feeds add url:` of an RSS or Atom feed with thousands of entries (by a member with
  Manage Server);

and the rest light: `/search`, `/quotes`, `/actors`, `/brief latest`, `/article`,
`/brief article`. One command of each light kind is run first, alone, to warm up (not counted).
Sent all at once, every command is usually acknowledged before the heavy work starts, which
says nothing of a command that arrives while the loop is busy: so while they run, a probe
(`/search`) is also sent every `--probe-every` seconds, and reported on its own line.

Printed: acknowledgement latency (the interaction leaving the fake's gateway until the bot's
first callback, deferred or not, reaches the fake), completion latency (until its last
message), the event-loop lag in the bot's process (a task on the bot's loop sleeps 10 ms in a
loop and records how late it wakes), errors (no acknowledgement within Discord's 3 s, error
replies, exceptions logged by the bot), and PASS/MISS against the targets. While the loop is
late a thread in the bot's process samples the loop thread's stack every 20 ms, which shows
what blocked it. `--diagnose` also runs the bot's loop in asyncio debug mode and lists the
callbacks that ran over 100 ms (debug mode slows everything down: use it in a separate run).

The bot's feed poller is stopped once the bot is ready, so that the feeds the run subscribes
to are not polled in the middle of the measurement. It is a measurement, not a test: the
exit status is 0 whether the targets are met or not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ACK_LIMIT = 3.0  # Discord drops an interaction not acknowledged within 3 s
TARGET_ACK = 1.0
TARGET_LAG = 0.100
TICK = 0.010
SAMPLE_EVERY = 0.020
LIGHT_KINDS = ("search", "quotes", "actors", "brief latest", "article", "brief article")
HEAVY_KINDS = ("ingest page", "ingest markdown", "feeds add")
MB = 1024 * 1024

# ---------------------------------------------------------------------------- synthetic news

PEOPLE = [
    ("Maria Lindqvist", "the finance minister"),
    ("Tomas Brandt", "the head of the port authority"),
    ("Aisha Okafor", "a spokeswoman for the rail union"),
    ("Daniel Moreau", "the mayor"),
    ("Keiko Tanaka", "the central bank governor"),
    ("Rafael Ortega", "an economist at the Institute for Fiscal Studies"),
    ("Ingrid Halvorsen", "the health secretary"),
    ("Samuel Mensah", "the chief executive of the water company"),
    ("Elena Petrova", "the environment minister"),
    ("Omar Haddad", "a farmer from the valley"),
    ("Claire Dubois", "the opposition leader"),
    ("Viktor Novak", "the transport commissioner"),
    ("Priya Raman", "a professor of public health"),
    ("Lucas Fontaine", "the airport's director"),
    ("Hannah Weiss", "the head of the teachers' association"),
    ("Jonas Eriksen", "the fisheries minister"),
    ("Fatima Benali", "the chair of the housing committee"),
    ("George Whitfield", "a retired engineer"),
    ("Nadia Kowalski", "the police commissioner"),
    ("Pedro Almeida", "the energy regulator"),
]
TOPICS = [
    ("rail strike", "train services", "the rail network"),
    ("port traffic", "container volumes", "the harbour"),
    ("interest rates", "mortgage costs", "the central bank"),
    ("flood defences", "river levels", "the coastal towns"),
    ("wheat harvest", "grain prices", "the farms"),
    ("hospital waiting lists", "waiting times", "the hospitals"),
    ("offshore wind farm", "turbine orders", "the coast"),
    ("school funding", "class sizes", "the schools"),
    ("housing market", "house prices", "the capital"),
    ("fishing quotas", "catches", "the northern fleet"),
    ("airport expansion", "passenger numbers", "the airport"),
    ("data breach", "stolen records", "the tax office"),
]
PLACES = ["Northport", "Eastvale", "Kingsbridge", "Marlow Bay", "Ashford", "Redcliffe", "Lowmoor"]
SEARCH_WORDS = [w for t in TOPICS for w in t[0].split()] + PLACES
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "August", "October", "November"]
QUOTES = [
    "We expect {b} to recover by the spring",
    "This is the biggest investment in {c} in a generation",
    "Nobody should pretend that the {a} will be solved overnight",
    "We will not accept cuts to {b} without a fight",
    "The figures for {m} are worse than we feared",
    "Families in {p} deserve better than this",
    "We have a plan and we are sticking to it",
    "The {a} has gone on for far too long",
    "I have asked officials to publish every document on the {a}",
    "There is no quick fix, but {b} are moving in the right direction",
]
FACTS = [
    "Officials in {p} said on {d} that {b} fell by {n} per cent in {m}, the steepest drop "
    "since {y}.",
    "The {a} has affected {c} for {w} weeks, according to figures published on {d}.",
    "{b} rose to a record in {m}, driven by demand from {p} and the surrounding region.",
    "Analysts had expected a smaller change, and several warned that {c} would feel the "
    "effects well into next year.",
    "The government has set aside {n} million for {c}, a sum critics say is too small.",
    "A report by the national audit office found that {b} had been overstated since {y}.",
    "Talks between the two sides broke down on {d} after {w} hours without agreement.",
    "Residents of {p} said they had been given little warning about the {a}.",
]


def person_quote(rng: random.Random, topic: tuple[str, str, str], place: str) -> str:
    (name, role), q = rng.choice(PEOPLE), rng.choice(QUOTES)
    a, b, c = topic
    q = q.format(a=a, b=b, c=c, m=rng.choice(MONTHS), p=place)
    surname = name.split()[-1]
    return rng.choice(
        [
            f"“{q},” said {name}, {role}.",
            f"{name}, {role}, said: “{q}.”",
            f"“{q},” {surname} told reporters on {rng.choice(DAYS)}.",
            f"According to {name}, {role}, “{q[0].lower() + q[1:]}”.",
        ]
    )


def fact(rng: random.Random, topic: tuple[str, str, str], place: str) -> str:
    a, b, c = topic
    s = rng.choice(FACTS).format(
        a=a,
        b=b,
        c=c,
        p=place,
        d=rng.choice(DAYS),
        m=rng.choice(MONTHS),
        n=rng.randint(2, 40),
        w=rng.randint(2, 30),
        y=rng.randint(1990, 2024),
    )
    return s[0].upper() + s[1:]


def news_article(rng: random.Random, paragraphs: int | None = None) -> tuple[str, list[str]]:
    """A news-like article: a title and paragraphs of facts and attributed quotes."""
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    verb = rng.choice(["deepens", "eases", "divides", "worries", "spreads"])
    title = f"{topic[0].capitalize()} {verb} {place} as {topic[1]} {rng.choice(['rise', 'fall'])}"
    paras = []
    for _ in range(paragraphs or rng.randint(6, 14)):
        n = rng.randint(1, 3)
        paras.append(
            " ".join(
                person_quote(rng, topic, place) if rng.random() < 0.4 else fact(rng, topic, place)
                for _ in range(n)
            )
        )
    return title, paras


# ---------------------------------------------------------------------------- heavy inputs


def big_page(rng: random.Random, target: int) -> bytes:
    """A bloated news page of about `target` bytes: an article of ~40 paragraphs inside
    styles, an inline state script, mega menus, inline SVG, related links and comments."""
    title, paras = news_article(rng, 40)
    style = "".join(
        f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 2654435761 % 0xFFFFFF:06x}}}\n"
        for i in range(4000)
    )
    menu = "".join(
        f"<li class='menu-item'><a href='/section/{i}'>Section {i}</a><ul>"
        + "".join(f"<li><a href='/section/{i}/{j}'>Topic {i}.{j}</a></li>" for j in range(12))
        + "</ul></li>"
        for i in range(120)
    )
    icon = (
        "<svg viewBox='0 0 24 24' width='24' height='24'><path d='"
        + " ".join(f"M{k % 24} {k * 7 % 24}l{k % 5} {k % 3}" for k in range(120))
        + "'/></svg>"
    )
    related = "".join(
        f"<div class='card'><a href='/story/{i}'>{escape(news_article(rng, 1)[0])}</a>"
        f"<p class='teaser'>{escape(fact(rng, rng.choice(TOPICS), rng.choice(PLACES)))}</p>"
        f"{icon}</div>"
        for i in range(300)
    )
    comments = "".join(
        f"<div class='comment'><span class='user'>reader{i}</span><p>"
        f"{escape(fact(rng, rng.choice(TOPICS), rng.choice(PLACES)))}</p></div>"
        for i in range(800)
    )
    article = "".join(f"<p>{escape(p)}</p>" for p in paras)
    head = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)} | "
        "Harbour Times</title><meta property='og:site_name' content='Harbour Times'>"
        "<meta name='author' content='Jane Reporter'>"
        "<meta property='article:published_time' content='2026-11-20T08:00:00Z'>"
        f"<style>{style}</style>"
    )
    body = (
        f"<body><header><nav><ul class='mega'>{menu}</ul></nav></header>"
        f"<main><div class='wrap'><div class='col'><article><h1>{escape(title)}</h1>"
        f"<div class='byline'>By Jane Reporter</div>{article}</article></div></div>"
        f"<section class='related'>{related}</section>"
        f"<section class='comments'>{comments}</section></main>"
        f"<footer><ul>{menu}</ul>Copyright Harbour Times.</footer></body></html>"
    )
    room = target - len(head.encode()) - len(body.encode()) - 60
    records, size = [], 2
    while size < room:
        records.append(
            json.dumps({"id": size, "slug": f"story-{size}", "tags": ["news", "local"]}) + ","
        )
        size += len(records[-1])
    state = "[" + "".join(records).rstrip(",") + "]"
    script = f"<script>window.__STATE__ = {state};</script></head>"
    return (head + script + body).encode()


def big_markdown(rng: random.Random, target: int) -> bytes:
    """A long Markdown article of about `target` bytes: headings, emphasis, links, lists and
    block quotes around news paragraphs."""
    title, _ = news_article(rng, 1)
    out = [f"# {title}\n"]
    size = len(out[0])
    section = 0
    while size < target:
        _, paras = news_article(rng, 8)
        section += 1
        block = [f"## Part {section}\n"]
        for i, p in enumerate(paras):
            if i % 4 == 1:
                p = p.replace(" said", " **said**", 1)
            elif i % 4 == 2:
                p = f"{p} See [the report](https://example.org/report/{section}/{i})."
            elif i % 4 == 3:
                p = f"> {p}"
            block.append(p)
        block.append("- " + "\n- ".join(fact(rng, rng.choice(TOPICS), "Ashford") for _ in range(3)))
        text = "\n\n".join(block) + "\n\n"
        out.append(text)
        size += len(text.encode())
    return "".join(out).encode()


ADVERSARIAL_MD = ("*a " * 32000).encode()


def big_feed(rng: random.Random, base: str, entries: int, atom: bool) -> bytes:
    """An RSS 2.0 or Atom feed with `entries` entries, each with a short HTML summary."""
    items = []
    for i in range(entries):
        title, paras = news_article(rng, 2)
        link = f"{base}/story/{i}"
        summary = escape("".join(f"<p>{p}</p>" for p in paras))
        day = 1 + i % 28
        if atom:
            items.append(
                f"<entry><title>{escape(title)}</title><link href='{link}'/><id>{link}</id>"
                f"<updated>2026-10-{day:02d}T08:00:00Z</updated>"
                f"<summary type='html'>{summary}</summary></entry>"
            )
        else:
            items.append(
                f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
                f"<pubDate>{DAYS[i % 7][:3]}, {day:02d} Oct 2026 08:00:00 GMT</pubDate>"
                f"<description>{summary}</description></item>"
            )
    if atom:
        return (
            "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Wire {base[-6:]}</title><id>{base}</id>"
            "<updated>2026-10-28T08:00:00Z</updated>" + "".join(items) + "</feed>"
        ).encode()
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Wire {base[-6:]}</title><link>{base}</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


# ---------------------------------------------------------------------------- the bot's side


class LoopWatch:
    """On the bot's loop: a ticker that records how late it wakes; in a thread: a sampler of
    the loop thread's stack while the ticker is late (what is blocking the loop)."""

    def __init__(self) -> None:
        self.lags: list[tuple[float, float]] = []  # (time.monotonic(), seconds late)
        self.stalls: list[tuple[float, str, str, str]] = []  # (when, outer, inner, leaf)
        self.last_wake = time.monotonic()
        self._stop = threading.Event()
        self._loop_thread = threading.get_ident()

    async def tick(self) -> None:
        while True:
            t0 = time.monotonic()
            await asyncio.sleep(TICK)
            self.last_wake = now = time.monotonic()
            self.lags.append((now, now - t0 - TICK))

    def sample(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            now = time.monotonic()
            if now - self.last_wake < TICK + SAMPLE_EVERY:
                continue
            frame = sys._current_frames().get(self._loop_thread)
            if frame is not None:
                self.stalls.append((now, *describe_stack(frame)))

    def start_sampler(self) -> None:
        threading.Thread(target=self.sample, name="stall-sampler", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def describe_stack(frame: Any) -> tuple[str, str, str]:
    """(outermost project frame, innermost project frame, innermost frame) of a stack."""
    leaf = _where(frame)
    project: list[str] = []
    f = frame
    while f is not None:
        path = f.f_code.co_filename
        if path.startswith(str(ROOT)) and "/.venv/" not in path and "/benchmarks/" not in path:
            project.append(_where(f))
        f = f.f_back
    return (project[-1] if project else "-", project[0] if project else "-", leaf)


def _where(f: Any) -> str:
    path = f.f_code.co_filename
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = "/".join(path.split("/")[-2:])
    return f"{path}:{f.f_lineno} {f.f_code.co_name}"


class ErrorLog(logging.Handler):
    """Counts what the bot logs at ERROR and above (a failed command, a task that died)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc = ""
        if record.exc_info and record.exc_info[1] is not None:
            exc = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"[:300]
        self.records.append(
            {"t": time.monotonic(), "logger": record.name, "message": record.getMessage()[:300]}
            | ({"exception": exc} if exc else {})
        )


class SlowCallbacks(logging.Handler):
    """asyncio debug mode logs 'Executing <handle> took N seconds'; for a task step that
    names only the task ('CommandTree-invoker' for every command), so `trace()` also times
    each callback itself and, for a task, names the project functions on its await chain."""

    SLOW = 0.1

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.logged = 0
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "Executing %s took %.3f seconds":
            self.logged += 1

    def trace(self) -> None:
        run = asyncio.events.Handle._run
        records = self.records

        def timed_run(handle: asyncio.events.Handle) -> None:
            t0 = time.perf_counter()
            run(handle)
            seconds = time.perf_counter() - t0
            if seconds >= SlowCallbacks.SLOW:
                records.append(
                    {"t": time.monotonic(), "seconds": seconds, "handle": describe_handle(handle)}
                )

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]


def describe_handle(handle: asyncio.events.Handle) -> str:
    """A task step: the task's name and the project functions on its await chain (the
    command, then what it awaits); any other callback: its repr."""
    task = getattr(handle._callback, "__self__", None)  # type: ignore[attr-defined]
    if not isinstance(task, asyncio.Task):
        return re.sub(r" created at .*", "", repr(handle))[:200]
    chain, coro = [], task.get_coro()
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None:
            path = frame.f_code.co_filename
            if path.startswith(str(ROOT)) and "/.venv/" not in path:
                rel = path[len(str(ROOT)) + 1 :]
                chain.append(f"{rel} {frame.f_code.co_qualname}")
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return f"task {task.get_name()}: " + (" -> ".join(chain) or repr(task.get_coro())[:120])


async def child_main(cfg: dict[str, Any]) -> None:
    """The bot process: the real BriefingsBot with a LoopWatch, until SIGTERM."""
    from bot import BriefingsBot, configure_endpoints
    from briefings.settings import Settings

    errors = ErrorLog()
    slow = SlowCallbacks()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger().addHandler(errors)
    loop = asyncio.get_running_loop()
    if cfg["diagnose"]:
        loop.set_debug(True)
        loop.slow_callback_duration = SlowCallbacks.SLOW
        logging.getLogger("asyncio").addHandler(slow)
        slow.trace()
    settings = Settings(
        discord_token="bench-token",
        db_path=Path(cfg["db"]),
        discord_api_base=cfg["api_base"],
        discord_gateway_url=cfg["gateway_url"],
        fetch_allow_private=True,
        log_level="WARNING",
    )
    configure_endpoints(settings)
    watch = LoopWatch()
    ticker = asyncio.create_task(watch.tick())
    watch.start_sampler()
    stopping = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    bot = BriefingsBot(settings, guild_ready_timeout=0.05)
    runner = asyncio.create_task(bot.start(settings.discord_token or ""))
    stopper = asyncio.create_task(stopping.wait())
    ready = asyncio.create_task(bot.wait_until_ready())
    await asyncio.wait({runner, ready}, return_when=asyncio.FIRST_COMPLETED)
    if ready.done():
        feeds = bot.get_cog("Feeds")
        if feeds is not None:
            feeds.poll_feeds.cancel()  # type: ignore[attr-defined]
    await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    await bot.close()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(runner, 10)
    watch.stop()
    ticker.cancel()
    Path(cfg["stats"]).write_text(
        json.dumps(
            {
                "lags": watch.lags,
                "stalls": watch.stalls,
                "errors": errors.records,
                "slow_callbacks": slow.records,
                "slow_callbacks_logged": slow.logged,
                "pid": os.getpid(),
            }
        )
    )


# ---------------------------------------------------------------------------- this side


@dataclass
class Command:
    kind: str  # one of LIGHT_KINDS or HEAVY_KINDS
    name: str  # the slash command path, e.g. "brief latest"
    options: dict[str, Any]
    heavy: bool
    label: str = ""  # what the input was, for the report
    user: Any = None
    result: Any = None  # the InteractionResult
    harness_error: str | None = None


@dataclass
class Timing:
    sent: dict[str, float] = field(default_factory=dict)
    acked: dict[str, float] = field(default_factory=dict)
    messages: dict[str, list[float]] = field(default_factory=dict)


def timed_fake_class() -> type:
    """FakeDiscord that timestamps each interaction's dispatch, first callback and messages."""
    from tests.support.fakediscord import FakeDiscord

    class TimedFake(FakeDiscord):  # type: ignore[misc]
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)
            self.timing = Timing()

        async def dispatch(self, event: str, d: dict[str, Any], *, guild: Any = None) -> None:
            if event == "INTERACTION_CREATE":
                self.timing.sent[d["id"]] = time.monotonic()
            await super().dispatch(event, d, guild=guild)

        async def _callback(self, request: Any) -> Any:
            t = time.monotonic()
            resp = await super()._callback(request)
            iid = request.match_info["iid"]
            if resp.status < 300 and iid not in self.timing.acked:
                self.timing.acked[iid] = t
            return resp

        def _record_sent(
            self, kind: str, request: Any, body: Any, msg: Any, res: Any = None
        ) -> None:
            if res is not None:
                self.timing.messages.setdefault(res.id, []).append(time.monotonic())
            super()._record_sent(kind, request, body, msg, res)

    return TimedFake


def real_pages(path: Path | None) -> list[Path]:
    if path is None:
        return []
    if not path.is_dir():
        print(f"pages not found: {path} (using synthetic pages)")
        return []
    pages = sorted(path.glob("*.htm*"), key=lambda p: p.stat().st_size, reverse=True)
    if not pages:
        print(f"no .html files in {path} (using synthetic pages)")
    return pages


def plan_commands(
    args: argparse.Namespace, rng: random.Random, fake: Any, site: Any, editor: Any, n_articles: int
) -> tuple[list[Command], dict[str, list[int]]]:
    """The commands to send, shuffled, with their heavy inputs served; and input sizes."""
    n_heavy = min(args.commands, round(args.commands * args.heavy_fraction))
    pages = real_pages(args.pages)
    sizes: dict[str, list[int]] = {k: [] for k in ("page", "markdown", "feed", "feed entries")}
    cmds: list[Command] = []
    for i in range(n_heavy):
        kind = HEAVY_KINDS[i % 3]
        if kind == "ingest page":
            j = i // 3
            if pages:
                src = pages[j % len(pages)]
                body = src.read_bytes()
                url = site.raw(f"/real/{j}/{src.name}", body, "text/html")
                label = src.name
            else:
                body = big_page(rng, int(rng.uniform(3.0, 4.6) * MB))
                url = site.raw(f"/news/{j}/big-story", body, "text/html; charset=utf-8")
                label = "synthetic page"
            sizes["page"].append(len(body))
            cmds.append(Command(kind, "ingest", {"url": url}, True, label))
        elif kind == "ingest markdown":
            if i // 3 == 0:
                data, label = ADVERSARIAL_MD, '"*a " * 32000'
            else:
                data, label = big_markdown(rng, rng.randint(100_000, 500_000)), "synthetic .md"
            sizes["markdown"].append(len(data))
            att = fake.attachment(f"story-{i}.md", data, "text/markdown")
            cmds.append(Command(kind, "ingest", {"file": att}, True, label))
        else:
            entries = rng.randint(2000, 5000)
            base = site.url(f"/wire{i}")
            data = big_feed(rng, base, entries, atom=bool(i // 3 % 2))
            ctype = "application/atom+xml" if i // 3 % 2 else "application/rss+xml"
            url = site.raw(f"/wire{i}/feed.xml", data, ctype)
            sizes["feed"].append(len(data))
            sizes["feed entries"].append(entries)
            cmds.append(
                Command(kind, "feeds add", {"url": url}, True, f"{entries} entries", editor)
            )
    for i in range(args.commands - n_heavy):
        kind = LIGHT_KINDS[i % len(LIGHT_KINDS)]
        cmds.append(light_command(kind, rng, SEARCH_WORDS, n_articles))
    rng.shuffle(cmds)
    return cmds, sizes


def light_command(kind: str, rng: random.Random, words: list[str], n_articles: int) -> Command:
    if kind == "search":
        return Command(kind, "search", {"query": rng.choice(words)}, False)
    if kind == "quotes":
        name = rng.choice(PEOPLE)[0]
        return Command(kind, "quotes", {"actor": rng.choice([name, name.split()[-1]])}, False)
    if kind in ("article", "brief article"):
        return Command(kind, kind, {"id": rng.randint(1, n_articles)}, False)
    return Command(kind, kind, {}, False)  # actors, brief latest


async def prefill(db: Path, guild_id: int, n: int, rng: random.Random) -> float:
    """Store `n` synthetic articles through the core (the same path as /ingest text:)."""
    from briefings.app import Briefings
    from briefings.settings import Settings

    t0 = time.perf_counter()
    async with await Briefings.open(Settings(db_path=db)) as app:
        for _ in range(n):
            title, paras = news_article(rng)
            await app.ingest.text(guild_id, "\n\n".join(paras), title=title)
    return time.perf_counter() - t0


def is_error_reply(res: Any) -> bool:
    from tests.support.fakediscord import private

    if res is None or not res.sent:
        return False
    content = (res.final or {}).get("content") or ""
    return private(res) or content.startswith("Something went wrong")


def finished(res: Any) -> bool:
    return res is not None and (bool(res.followup_messages) or res.callback_type == 4)


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    v = sorted(values)
    return v[max(math.ceil(p / 100 * len(v)) - 1, 0)] if v else math.nan


def ms(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from tests.support.fakediscord import P
    from tests.support.loopback_site import LoopbackSite

    rng = random.Random(args.seed)
    tmp = tempfile.TemporaryDirectory(prefix="bench_load-")
    db, stats_path = Path(tmp.name) / "briefings.db", Path(tmp.name) / "bot-stats.json"
    log_path = Path(tmp.name) / "bot.log"
    fake = timed_fake_class()()
    site = LoopbackSite()
    proc: asyncio.subprocess.Process | None = None
    try:
        await fake.start()
        await site.start()
        editor = fake.add_user("editor", P.DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
        prefill_s = await prefill(db, fake.guild.int_id, args.articles, rng)
        print(f"database: {args.articles} synthetic articles stored in {prefill_s:.1f} s")
        t0 = time.perf_counter()
        cmds, sizes = plan_commands(args, rng, fake, site, editor, args.articles)
        print(f"heavy inputs generated in {time.perf_counter() - t0:.1f} s")
        cfg = {
            "db": str(db),
            "stats": str(stats_path),
            "api_base": fake.api_base,
            "gateway_url": fake.gateway_url,
            "diagnose": args.diagnose,
        }
        with log_path.open("wb") as log_file:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                json.dumps(cfg),
                stdout=log_file,
                stderr=log_file,
                cwd=str(ROOT),
            )
        await wait_bot_ready(fake, proc, log_path)
        await warm_up(fake, rng, args.articles)
        watch = LoopWatch()  # this process's loop: the fake's timestamps are only as good
        ticker = asyncio.create_task(watch.tick())
        info = await load(fake, cmds, args, rng, proc)
        ticker.cancel()
        info["fake_lags"] = watch.lags
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 60)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        bot_stats = json.loads(stats_path.read_text()) if stats_path.exists() else None
        if bot_stats is None:
            print("the bot process wrote no statistics; its log ends with:")
            print(tail(log_path))
        return report(args, cmds, sizes, info, bot_stats, fake)
    finally:
        if proc is not None and proc.returncode is None:
            proc.kill()
            await proc.wait()
        await site.stop()
        await fake.stop()
        tmp.cleanup()


async def wait_bot_ready(fake: Any, proc: asyncio.subprocess.Process, log_path: Path) -> None:
    """Until the bot has identified on the gateway and synced its commands."""
    t0 = time.perf_counter()
    while not (fake.ready.is_set() and fake.command("ingest") is not None):
        if proc.returncode is not None:
            raise RuntimeError(f"the bot exited ({proc.returncode}):\n{tail(log_path)}")
        if time.perf_counter() - t0 > 60:
            raise RuntimeError(f"the bot was not ready after 60 s:\n{tail(log_path)}")
        await asyncio.sleep(0.05)
    print(f"bot ready in {time.perf_counter() - t0:.1f} s (child process)")


async def warm_up(fake: Any, rng: random.Random, n_articles: int) -> None:
    """One command of each light kind, alone: imports, caches, the summarizer's worker."""
    t0 = time.perf_counter()
    for kind in LIGHT_KINDS:
        c = light_command(kind, rng, SEARCH_WORDS, n_articles)
        await fake.slash(c.name, c.options, wait="message", timeout=60)
    print(f"warm-up: one of each light command in {time.perf_counter() - t0:.1f} s")


async def load(
    fake: Any,
    cmds: list[Command],
    args: argparse.Namespace,
    rng: random.Random,
    proc: asyncio.subprocess.Process,
) -> dict[str, Any]:
    """Send every command at once, and a probe every `--probe-every` seconds while they run;
    wait until each got its answer (or `--timeout`, or the bot process dies)."""
    tasks: set[asyncio.Task[None]] = set()
    probes: list[Command] = []

    async def send(c: Command) -> None:
        try:
            c.result = await fake.slash(c.name, c.options, user=c.user, wait="none")
        except Exception as exc:  # noqa: BLE001 - reported as a harness error
            c.harness_error = f"{type(exc).__name__}: {exc}"

    def answered(group: list[Command]) -> bool:
        return all(finished(c.result) or c.harness_error for c in group)

    async def probing() -> None:
        while not answered(cmds):
            await asyncio.sleep(args.probe_every)
            if answered(cmds):
                break
            probe = Command("probe", "search", {"query": rng.choice(SEARCH_WORDS)}, False)
            probes.append(probe)
            task = asyncio.create_task(send(probe))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    print(f"sending {len(cmds)} commands at once...")
    start = time.monotonic()
    await asyncio.gather(*(send(c) for c in cmds))
    prober = asyncio.create_task(probing()) if args.probe_every > 0 else None
    timed_out = False
    try:
        await fake.wait_until(
            lambda: answered(cmds) or proc.returncode is not None,
            args.timeout,
            "every command's answer",
        )
    except TimeoutError:
        timed_out = True
    end = time.monotonic()
    if prober is not None:
        prober.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await prober
    with contextlib.suppress(TimeoutError):  # the last probes, and a /brief's second message
        await asyncio.gather(*tasks)
        await fake.wait_until(
            lambda: answered(probes) or proc.returncode is not None, 30, "the probes' answers"
        )
    await asyncio.sleep(0.5)
    if proc.returncode is not None:
        print(f"stopped after {end - start:.1f} s: the bot process exited ({proc.returncode})")
    elif timed_out:
        print(f"timed out after {end - start:.0f} s (--timeout)")
    else:
        print(f"all answered in {end - start:.1f} s")
    return {"start": start, "end": end, "timed_out": timed_out, "probes": probes}


def rows_for(cmds: list[Command], timing: Timing) -> list[dict[str, Any]]:
    rows = []
    for c in cmds:
        res = c.result
        iid = res.id if res is not None else ""
        sent, acked = timing.sent.get(iid), timing.acked.get(iid)
        msgs = timing.messages.get(iid, [])
        rows.append(
            {
                "kind": c.kind,
                "heavy": c.heavy,
                "input": c.label,
                "sent_s": sent,
                "ack_s": acked - sent if sent and acked else None,
                "done_s": max(msgs) - sent if sent and msgs and finished(res) else None,
                "callback_type": res.callback_type if res is not None else None,
                "error_reply": ((res.final or {}).get("content") or "")[:200]
                if is_error_reply(res)
                else None,
                "harness_error": c.harness_error,
            }
        )
    return rows


def stats(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50_s": pct(values, 50) if values else None,
        "p95_s": pct(values, 95) if values else None,
        "max_s": max(values) if values else None,
    }


def print_table(title: str, groups: dict[str, list[float]]) -> dict[str, Any]:
    print(f"{title:<46}{'n':>4}{'p50':>10}{'p95':>10}{'max':>10}")
    out = {}
    for name, values in groups.items():
        out[name] = s = stats(values)
        print(
            f"  {name:<44}{s['n']:>4}{ms(s['p50_s']):>10}{ms(s['p95_s']):>10}{ms(s['max_s']):>10}"
        )
    return out


def report(
    args: argparse.Namespace,
    cmds: list[Command],
    sizes: dict[str, list[int]],
    info: dict[str, Any],
    bot: dict[str, Any] | None,
    fake: Any,
) -> dict[str, Any]:
    rows = rows_for(cmds, fake.timing)
    probe_rows = rows_for(info["probes"], fake.timing)
    start, end = info["start"], info["end"]
    heavy_counts = Counter(c.kind for c in cmds if c.heavy)
    n_heavy = sum(heavy_counts.values())
    print()
    print(
        f"== {len(cmds)} concurrent slash commands: {n_heavy} heavy"
        + (f" ({', '.join(f'{n} {k}' for k, n in heavy_counts.items())})" if n_heavy else "")
        + f", {len(cmds) - n_heavy} light; seed {args.seed}; {args.articles} articles stored"
    )
    print(
        "bot: the real BriefingsBot in a child process (own event loop, lag measured there); "
        "fake Discord and loopback site in this process"
    )
    if sizes["page"]:
        kind = f"real pages from {args.pages}" if real_pages_used(cmds) else "synthetic"
        print(f"pages: {range_mb(sizes['page'])} ({kind})")
    if sizes["markdown"]:
        print(f'markdown: {range_kb(sizes["markdown"])} (one is "*a " * 32000)')
    if sizes["feed"]:
        print(
            f"feeds: {min(sizes['feed entries'])}-{max(sizes['feed entries'])} entries, "
            f"{range_mb(sizes['feed'])}"
        )
    if args.probe_every > 0:
        print(
            f"probes: a /search every {args.probe_every:g} s while the load runs "
            f"({len(probe_rows)} sent): how long a command arriving mid-load waits"
        )
    print()

    def col(key: str, keep: Any = None, group: list[dict] | None = None) -> list[float]:
        return [
            r[key]
            for r in (rows if group is None else group)
            if r[key] is not None and keep in (None, r["heavy"])
        ]

    summary: dict[str, Any] = {}
    ack_groups = {"all": col("ack_s"), "light": col("ack_s", False), "heavy": col("ack_s", True)}
    if probe_rows:
        ack_groups["probes (sent during the load)"] = col("ack_s", group=probe_rows)
    summary["ack"] = print_table("acknowledgement (sent -> first callback)", ack_groups)
    done_groups = {"light": col("done_s", False), "heavy": col("done_s", True)}
    if probe_rows:
        done_groups["probes (sent during the load)"] = col("done_s", group=probe_rows)
    summary["done"] = print_table("completion (sent -> last message)", done_groups)
    print("  by command:")
    summary["by_command"] = {}
    for kind in (*HEAVY_KINDS, *LIGHT_KINDS):
        kr = [r for r in rows if r["kind"] == kind]
        if kr:
            acks, done = col("ack_s", group=kr), col("done_s", group=kr)
            summary["by_command"][kind] = {"ack": stats(acks), "done": stats(done)}
            print(
                f"    {kind:<16} n {len(kr):>3}   ack p50 {ms(pct(acks, 50)):>7}, "
                f"max {ms(max(acks, default=math.nan)):>7}   done p50 {ms(pct(done, 50)):>7}, "
                f"max {ms(max(done, default=math.nan)):>7}"
            )

    lag = lag_report(bot, start, end)
    fake_lag = max((lag for t, lag in info["fake_lags"] if start <= t <= end), default=math.nan)
    print(f"(this process's loop, which timestamps the interactions: max lag {ms(fake_lag)})")

    all_rows = rows + probe_rows
    no_ack = [r for r in all_rows if r["ack_s"] is None or r["ack_s"] > ACK_LIMIT]
    error_replies = [r for r in all_rows if r["error_reply"]]
    harness = [r for r in all_rows if r["harness_error"]]
    unanswered = [r for r in all_rows if r["done_s"] is None and not r["harness_error"]]
    bot_errors = [e for e in (bot or {}).get("errors", []) if e["t"] >= start]
    n_errors = len(no_ack) + len(error_replies) + len(harness) + len(unanswered) + len(bot_errors)
    print()
    late_probes = sum(r["kind"] == "probe" for r in no_ack)
    print(
        f"errors: {len(no_ack)} without acknowledgement within {ACK_LIMIT:.0f} s "
        f"({len(no_ack) - late_probes} commands, {late_probes} probes), "
        f"{len(error_replies)} error replies, {len(bot_errors)} exceptions logged by the bot, "
        f"{len(unanswered)} unanswered, {len(harness)} not sent"
    )
    replies = Counter(
        (r["kind"], re.sub(r"https?://\S+", "<url>", r["error_reply"])) for r in error_replies
    )
    for (kind, text), n in replies.most_common(6):
        print(f"  {n} x error reply to {kind}: {text}")
    for e in bot_errors[:5]:
        print(f"  bot log: {e['logger']}: {e['message']} {e.get('exception', '')}")
    for r in harness[:5]:
        print(f"  not sent: {r['kind']}: {r['harness_error']}")
    if fake.unhandled:
        print(f"  requests the fake does not know: {fake.unhandled[:5]}")

    acks = [r["ack_s"] for r in all_rows if r["ack_s"] is not None]
    ack_ok = len(acks) == len(all_rows) and max(acks, default=0) < TARGET_ACK
    burst = max((r["ack_s"] for r in rows if r["ack_s"] is not None), default=math.nan)
    lag_max = lag.get("max_s", math.nan)
    targets = {
        "every acknowledgement under 1 s": (
            ack_ok,
            f"max {ms(max(acks, default=math.nan))}; of the {len(rows)} sent at once {ms(burst)}",
        ),
        "loop lag under 100 ms": (lag_max < TARGET_LAG, f"max {ms(lag_max)}"),
        "0 errors": (n_errors == 0, f"{n_errors}"),
    }
    print()
    print(
        "targets: "
        + " | ".join(f"{k}: {'PASS' if ok else 'MISS'} ({v})" for k, (ok, v) in targets.items())
    )
    stalls = stall_report(bot, start, end, lag.get("blocked_s", 0.0))
    slow = slow_callback_report(bot, start, end)
    return {
        "config": {
            "commands": len(cmds),
            "heavy": n_heavy,
            "heavy_fraction": args.heavy_fraction,
            "seed": args.seed,
            "articles": args.articles,
            "pages": str(args.pages) if args.pages else None,
            "probe_every": args.probe_every,
            "diagnose": args.diagnose,
            "bot": "child process",
        },
        "inputs": sizes,
        "load_seconds": end - start,
        "timed_out": info["timed_out"],
        "summary": summary,
        "lag": lag | {"fake_process_max_s": fake_lag},
        "errors": {
            "no_ack_within_3s": len(no_ack),
            "error_replies": len(error_replies),
            "bot_exceptions": bot_errors,
            "unanswered": len(unanswered),
            "not_sent": len(harness),
        },
        "targets": {k: {"pass": ok, "figure": v} for k, (ok, v) in targets.items()},
        "stalls": stalls,
        "slow_callbacks": slow,
        "commands": rows,
        "probes": probe_rows,
    }


def lag_report(bot: dict[str, Any] | None, start: float, end: float) -> dict[str, Any]:
    print()
    if bot is None:
        print("event-loop lag: not available (the bot process wrote no statistics)")
        return {}
    window = [lag for t, lag in bot["lags"] if start <= t <= end + 0.1]
    info = {
        "window_s": end - start,
        "max_s": max(window, default=math.nan),
        "p99_s": pct(window, 99),
        "p50_s": pct(window, 50),
        "ticks": len(window),
        "ticks_over_100ms": sum(lag > TARGET_LAG for lag in window),
        "blocked_s": sum(lag for lag in window if lag > 0.05),
        "max_whole_run_s": max((lag for _, lag in bot["lags"]), default=math.nan),
    }
    print(
        f"event-loop lag in the bot's process (10 ms ticker) during the load "
        f"({end - start:.1f} s): max {ms(info['max_s'])}, p99 {ms(info['p99_s'])}, "
        f"p50 {ms(info['p50_s'])}; {info['ticks_over_100ms']} of {len(window)} ticks over "
        f"100 ms; {info['blocked_s']:.1f} s spent in stalls over 50 ms"
    )
    return info


def stall_report(
    bot: dict[str, Any] | None, start: float, end: float, blocked: float
) -> dict[str, Any]:
    """What the loop thread was running while the ticker was late: overall, and in each of
    the longest stalls. The sampler needs the GIL, so it samples less often while C code
    holds it: shares are indicative; seconds are the share of the stall time measured."""
    if not bot:
        return {}
    samples = [s for s in bot["stalls"] if start <= s[0] <= end + 0.1]
    if not samples:
        return {}
    total = len(samples)
    inner = Counter(s[2] for s in samples)
    stacks = Counter((s[1], s[2], s[3]) for s in samples)
    print()
    print(
        f"what blocked the bot's loop: {total} samples of the loop thread's stack, "
        f"{SAMPLE_EVERY * 1000:.0f} ms apart, taken while the ticker was late"
    )
    print(f"  by innermost project frame (share of samples, of the {blocked:.1f} s of stalls):")
    for where, n in inner.most_common(6):
        print(f"  {n / total:>5.0%}  ~{n / total * blocked:>5.1f} s  {where}")
    print("  most frequent stacks (command <- project frame <- innermost frame):")
    for (outer, mid, leaf), n in stacks.most_common(5):
        print(f"  {n / total:>5.0%}  {outer}\n           <- {mid}\n           <- {leaf}")
    longest = sorted(
        ((t - lag, lag) for t, lag in bot["lags"] if start <= t <= end + 0.1 and lag > 0.5),
        key=lambda s: -s[1],
    )[:5]
    stall_rows = []
    if longest:
        print("  longest stalls (start after the commands were sent, length, mostly in):")
    for t0, lag in longest:
        during = Counter(s[2] for s in samples if t0 <= s[0] <= t0 + lag + TICK)
        top = ", ".join(f"{w} ({n})" for w, n in during.most_common(2)) or "-"
        stall_rows.append({"at_s": t0 - start, "length_s": lag, "in": dict(during)})
        print(f"    +{t0 - start:5.1f} s  {ms(lag):>8}  {top}")
    return {
        "samples": total,
        "by_inner_frame": dict(inner.most_common(20)),
        "stacks": [
            {"samples": n, "command": o, "frame": m, "leaf": leaf}
            for (o, m, leaf), n in stacks.most_common(20)
        ],
        "longest": stall_rows,
    }


def slow_callback_report(bot: dict[str, Any] | None, start: float, end: float) -> list[dict]:
    """asyncio debug mode's slow callbacks during the load, grouped by what they were."""
    if not bot or not bot.get("slow_callbacks"):
        return []
    groups: dict[str, list[float]] = {}
    for r in bot["slow_callbacks"]:
        if start <= r["t"] <= end + 0.1:
            key = re.sub(r"0x[0-9a-f]+", "0x..", r["handle"])
            key = re.sub(r"Task-\d+", "Task-N", key)
            key = re.sub(r"\s+", " ", key)[:300]
            groups.setdefault(key, []).append(r["seconds"])
    rows = sorted(
        (
            {"handle": k, "count": len(v), "total_s": sum(v), "max_s": max(v)}
            for k, v in groups.items()
        ),
        key=lambda r: -r["total_s"],
    )
    print()
    print(
        f"slow callbacks (asyncio debug mode, over 100 ms) during the load: "
        f"{sum(r['count'] for r in rows)} in {len(rows)} groups, by total time "
        f"(asyncio logged {bot.get('slow_callbacks_logged', 0)} in the whole run); a task's "
        "await chain is where the slow step ended: it ran the code just before that await"
    )
    for r in rows[:10]:
        print(f"  {r['count']:>3} x, {r['total_s']:6.2f} s (max {r['max_s']:.2f} s): {r['handle']}")
    return rows


def real_pages_used(cmds: list[Command]) -> bool:
    return any(c.kind == "ingest page" and c.label != "synthetic page" for c in cmds)


def range_mb(values: list[int]) -> str:
    return f"{min(values) / MB:.1f}-{max(values) / MB:.1f} MB"


def range_kb(values: list[int]) -> str:
    return f"{min(values) // 1024}-{max(values) // 1024} KB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commands", type=int, default=100, help="slash commands sent at once")
    ap.add_argument("--heavy-fraction", type=float, default=0.33)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=200, help="articles pre-filled")
    ap.add_argument("--pages", type=Path, default=None, help="folder of real .html pages")
    ap.add_argument(
        "--probe-every", type=float, default=0.5, help="seconds between probes (0: none)"
    )
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds to wait for answers")
    ap.add_argument("--diagnose", action="store_true", help="asyncio debug mode in the bot")
    ap.add_argument("--json", type=Path, default=None, help="write every figure here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        cfg = json.loads(args.child)
        asyncio.run(child_main(cfg), debug=cfg["diagnose"])
        return 0
    if args.commands < 1 or not 0 <= args.heavy_fraction <= 1 or args.articles < 1:
        ap.error("need --commands >= 1, --articles >= 1 and --heavy-fraction in [0, 1]")
    logging.basicConfig(level=logging.WARNING)
    t0 = time.perf_counter()
    result = asyncio.run(run(args))
    result["seconds"] = time.perf_counter() - t0
    print(f"\n(run took {result['seconds']:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
