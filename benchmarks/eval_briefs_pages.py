"""What a reader sees in `/brief article` after ingesting real pages and real feeds.

    python benchmarks/eval_briefs_pages.py ../shared/eval/pages
    python benchmarks/eval_briefs_pages.py PATH --verbose      # list the flagged sentences

Every page of `html/` is served with its exact bytes from a loopback server (the serving code
of `eval_quote_pages.py`) and ingested through `app.ingest.url(...)`, the real fetch,
extraction and store path, one guild per page. Each stored article then gets the
three-sentence brief `/brief article` shows (`app.briefs.article`). Printed:

- pages stored;
- briefs with a boilerplate sentence, judged WITHOUT the project's classifier: for pages
  that have `expected/<id>.txt`, a brief sentence is "off-text" when fewer than half of its
  word trigrams (words for sentences under three words) occur in the expected article text.
  The expected texts of readability and newspaper keep some furniture, so this is a lower
  bound; the classifier's own count (`briefings.boilerplate`, when present) is printed
  beside it. Most expected texts also leave out the article's deck (the standfirst under
  the headline), which is the publisher's own summary of the story, not furniture: a
  second figure also accepts a sentence found (by the same trigram test) in the page's
  own description (`<meta name="description">`, `og:description`,
  `twitter:description`), and both figures are printed;
- headline repeats: briefs one of whose sentences is a near-copy of the page's headline
  (`manifest.json` title, read by hand, or the stored title): at least 80 % of the
  headline's words, and no more than 4 other words;
- pages stored with the date-only placeholder (12:00:00 UTC) rather than a time;
- feeds: every file of `feeds/` served at its `serve_at` path (Content-Type
  application/xml), subscribed and polled once through the real `FeedService`; entry pages
  are not served (links to other hosts get a fetch error before any name is looked up:
  nothing leaves this machine), so an entry is stored from its own text when its page
  cannot be read.
  Printed: entries, entries stored, and entries dropped for a relative link (the error
  says the link has no scheme / is not a web address).

The path may be missing (e.g. in CI): the script then says so and exits 0. Page text is
never printed unless --verbose is given (then only the flagged brief sentences) or
--list-all (every brief sentence with its verdict, to audit the judge itself).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_quote_pages import mask_urls, serve  # noqa: E402

from briefings.app import Briefings  # noqa: E402
from briefings.errors import BriefingsError, FetchError  # noqa: E402
from briefings.settings import Settings  # noqa: E402

try:  # the classifier, when this checkout has it (the figures before it existed lack it)
    from briefings.boilerplate import is_boilerplate
except ImportError:  # pragma: no cover - only on an older checkout
    is_boilerplate = None

GUILD_BASE = 10_000
FEED_GUILD = 1
_WORD_RE = re.compile(r"\w+")
_RELATIVE_RE = re.compile(r"has no scheme\)")
_NOT_WEB_RE = re.compile(r"Only http:// and https:// URLs can be fetched")


def fold_words(text: str) -> list[str]:
    d = unicodedata.normalize("NFKD", text)
    return _WORD_RE.findall("".join(c for c in d if not unicodedata.combining(c)).casefold())


def grams(ws: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def off_text(sentence: str, expected3: set[tuple[str, ...]], expected1: set[str]) -> bool:
    """True when the sentence is mostly not in the expected article text."""
    ws = fold_words(sentence)
    if not ws:
        return False
    if len(ws) < 3:
        return sum(w in expected1 for w in ws) / len(ws) < 0.5
    g = grams(ws, 3)
    return sum(x in expected3 for x in g) / len(g) < 0.5


_META_RE = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_DESC_NAME_RE = re.compile(
    r"""(?:name|property)\s*=\s*["'](?:description|og:description|twitter:description)["']""",
    re.IGNORECASE,
)
_CONTENT_RE = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def page_description(html: bytes) -> str:
    """The page's own summary lines (description, og: and twitter: descriptions), joined."""
    import html as html_lib

    text = html.decode("utf-8", "replace")
    out = []
    for tag in _META_RE.findall(text):
        if _DESC_NAME_RE.search(tag):
            m = _CONTENT_RE.search(tag)
            if m:
                out.append(html_lib.unescape(m.group(1) or m.group(2) or ""))
    return "\n".join(out)


def near_headline(sentence: str, headline: str | None) -> bool:
    """Independent of the project's check: most headline words, few others."""
    if not headline:
        return False
    h, s = set(fold_words(headline)), fold_words(sentence)
    if len(h) < 3 or not s:
        return False
    shared = h & set(s)
    return len(shared) >= 0.8 * len(h) and len(set(s) - h) <= 4


@dataclass
class PageBrief:
    id: str
    status: str
    message: str = ""
    sentences: list[str] = field(default_factory=list)
    off_text: list[str] = field(default_factory=list)
    deck: list[str] = field(default_factory=list)  # off-text, but the page's own standfirst
    classified: list[str] = field(default_factory=list)
    headline: list[str] = field(default_factory=list)
    has_expected: bool = False
    noon: bool = False  # stored with the date-only placeholder (12:00:00 UTC)


async def brief_pages(root: Path, ids: list[str], manifest: dict, jobs: int) -> list[PageBrief]:
    bodies = {i: (root / "html" / f"{i}.html").read_bytes() for i in ids}
    runner, port = await serve(bodies)
    out: list[PageBrief] = []
    try:
        with tempfile.TemporaryDirectory(prefix="eval_briefs_pages-") as tmp:
            settings = Settings(db_path=Path(tmp) / "eval.db", fetch_allow_private=True)
            app = await Briefings.open(settings)
            try:
                sem = asyncio.Semaphore(jobs)

                async def one(n: int, pid: str) -> PageBrief:
                    guild = GUILD_BASE + n
                    page = PageBrief(pid, "stored")
                    async with sem:
                        try:
                            res = await app.ingest.url(guild, f"http://127.0.0.1:{port}/{pid}.html")
                        except BriefingsError as exc:
                            page.status, page.message = "refused", mask_urls(str(exc))
                            return page
                        except Exception as exc:  # noqa: BLE001 - a crash is a finding too
                            page.status = "error"
                            page.message = mask_urls(f"{type(exc).__name__}: {exc}")
                            return page
                        brief = await app.briefs.article(guild, res.article.id, 3)
                    page.sentences = [ln.text for ln in brief.lines]
                    when = res.article.published_at
                    page.noon = when is not None and (when.hour, when.minute, when.second) == (
                        12,
                        0,
                        0,
                    )
                    titles = [manifest[pid].get("title"), res.article.title]
                    page.headline = [
                        s for s in page.sentences if any(near_headline(s, t) for t in titles)
                    ]
                    if is_boilerplate is not None:
                        page.classified = [s for s in page.sentences if is_boilerplate(s)]
                    exp = root / "expected" / f"{pid}.txt"
                    if exp.is_file():
                        page.has_expected = True
                        ws = fold_words(exp.read_text(encoding="utf-8"))
                        e3, e1 = grams(ws, 3), set(ws)
                        page.off_text = [s for s in page.sentences if off_text(s, e3, e1)]
                        ws += fold_words(page_description(bodies[pid]))
                        d3, d1 = grams(ws, 3), set(ws)
                        page.deck = [s for s in page.off_text if not off_text(s, d3, d1)]
                    return page

                out = list(await asyncio.gather(*(one(n, i) for n, i in enumerate(ids))))
            finally:
                await app.close()
    finally:
        await runner.cleanup()
    return out


@dataclass
class FeedFigures:
    feeds: int = 0
    subscribed: int = 0
    entries: int = 0
    stored: int = 0
    relative_dropped: int = 0
    not_web_dropped: int = 0
    errors: Counter[str] = field(default_factory=Counter)


def _loopback_only(app: Briefings, port: int) -> None:
    """Entry links point at the publishers' sites: answer them with a fetch error before any
    name is looked up, so the benchmark never leaves this machine."""
    real_get = app.fetcher.get

    async def get(url: str, **kw: Any) -> Any:
        if urlsplit(url).netloc != f"127.0.0.1:{port}":
            raise FetchError(f"{url} is not served in this benchmark")
        return await real_get(url, **kw)

    app.fetcher.get = get  # type: ignore[method-assign]


async def poll_feeds(root: Path) -> FeedFigures:
    rows = json.loads((root / "feeds" / "manifest.json").read_text(encoding="utf-8"))
    files = {r["serve_at"]: (root / "feeds" / r["file"]).read_bytes() for r in rows}

    async def handler(request: web.Request) -> web.Response:
        body = files.get(request.path)
        if body is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=body, headers={"Content-Type": "application/xml"})

    app_ = web.Application()
    app_.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app_, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fig = FeedFigures(feeds=len(rows))
    try:
        with tempfile.TemporaryDirectory(prefix="eval_briefs_feeds-") as tmp:
            settings = Settings(
                db_path=Path(tmp) / "feeds.db",
                fetch_allow_private=True,
                feed_max_new_entries=1000,
            )
            app = await Briefings.open(settings)
            _loopback_only(app, port)
            try:
                for n, r in enumerate(rows):
                    guild = FEED_GUILD + n
                    try:
                        feed, _ = await app.feeds.add(
                            guild, f"http://127.0.0.1:{port}{r['serve_at']}"
                        )
                    except BriefingsError:
                        continue
                    fig.subscribed += 1
                    fig.entries += int(r.get("entries", 0))
                    res = await app.feeds.poll(feed, budget=120.0)
                    fig.stored += len(res.new)
                    for e in res.entry_errors:
                        msg = e.split(": ", 1)[-1]
                        if _RELATIVE_RE.search(msg):
                            fig.relative_dropped += 1
                        elif _NOT_WEB_RE.search(msg):
                            fig.not_web_dropped += 1
                        fig.errors[mask_urls(msg)[:90]] += 1
            finally:
                await app.close()
    finally:
        await runner.cleanup()
    return fig


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f} %" if b else f"{a}/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("pages", help="the eval pages folder (html/, manifest.json, expected/)")
    ap.add_argument("--jobs", type=int, default=4, help="pages ingested at once (default 4)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--no-feeds", action="store_true", help="skip the feed figures")
    ap.add_argument("--verbose", action="store_true", help="print flagged brief sentences")
    ap.add_argument(
        "--list-all",
        action="store_true",
        help="print every brief sentence with its verdict (to audit the judge)",
    )
    args = ap.parse_args(argv)
    root = Path(args.pages)
    if not (root / "manifest.json").is_file() or not (root / "html").is_dir():
        print(f"eval_briefs_pages: no pages at {root} (skipping)")
        return 0
    logging.basicConfig(level=logging.ERROR)
    rows = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest = {r["id"]: r for r in rows}
    ids = [i for i in manifest if (root / "html" / f"{i}.html").is_file()]
    if args.limit:
        ids = ids[: args.limit]
    t0 = time.perf_counter()
    pages = asyncio.run(brief_pages(root, ids, manifest, max(1, args.jobs)))
    stored = [p for p in pages if p.status == "stored"]
    three = [p for p in stored if len(p.sentences) == 3]
    judged = [p for p in three if p.has_expected]
    print(f"eval_briefs_pages: {len(ids)} pages from {root} ({time.perf_counter() - t0:.0f} s)")
    print(f"pages stored: {len(stored)} of {len(ids)}")
    print(f"3-sentence briefs: {len(three)}; with an expected text: {len(judged)}")
    print(
        "briefs with an off-text (boilerplate) sentence, independent check: "
        + pct(sum(1 for p in judged if p.off_text), len(judged))
        + f"; sentences: {sum(len(p.off_text) for p in judged)}"
    )
    print(
        "  the same, a sentence of the page's own standfirst (meta description) not counted: "
        + pct(sum(1 for p in judged if len(p.off_text) > len(p.deck)), len(judged))
        + f"; sentences: {sum(len(p.off_text) - len(p.deck) for p in judged)}"
    )
    if is_boilerplate is not None:
        print(
            "briefs with a sentence the classifier calls boilerplate: "
            + pct(sum(1 for p in three if p.classified), len(three))
        )
    print(
        "headline repeats (briefs with a near-copy of the headline): "
        + pct(sum(1 for p in stored if p.headline), len(stored))
        + " (target 0)"
    )
    print(
        "stored with a date-only placeholder (12:00:00 UTC): "
        + pct(sum(1 for p in stored if p.noon), len(stored))
    )
    if args.verbose:
        for p in stored:
            for s in p.off_text:
                kind = "deck    " if s in p.deck else "off-text"
                print(f"  {kind}   {p.id}: {s[:160]!r}")
            for s in p.headline:
                print(f"  headline   {p.id}: {s[:160]}")
    if args.list_all:
        for p in stored:
            for s in p.sentences:
                if not p.has_expected:
                    verdict = "unjudged"
                elif s in p.deck:
                    verdict = "deck"
                else:
                    verdict = "off-text" if s in p.off_text else "in-text"
                flag = " [classifier: boilerplate]" if s in p.classified else ""
                print(f"  {verdict:<8} {p.id}: {s[:200]!r}{flag}")
    if not args.no_feeds and (root / "feeds" / "manifest.json").is_file():
        fig = asyncio.run(poll_feeds(root))
        print(
            f"feeds: {fig.subscribed} of {fig.feeds} subscribed; entries {fig.entries}, "
            f"stored {fig.stored}"
        )
        print(f"feed entries dropped for a relative link: {fig.relative_dropped} (target 0)")
        print(f"feed entries dropped for a link that is not a web address: {fig.not_web_dropped}")
        for msg, n in fig.errors.most_common(6):
            print(f"  {n:>4} x {msg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
