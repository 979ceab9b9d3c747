"""How Briefings does in each language on real web pages: stored, searchable, briefed, detected.

    python benchmarks/eval_languages.py ../shared/eval/pages
    python benchmarks/eval_languages.py PATH --verbose        # one line per page as well

Every page of `PATH/html/` is served with its exact bytes from a loopback server (the
serving code of `eval_quote_pages.py`) and ingested through `app.ingest.url(...)`: the real
fetch, extraction, language detection, analysis and store path, into ONE guild (what a busy
server sees: search has competition). Then, per language of `manifest.json`:

- stored / articles: pages stored, of the pages the manifest calls articles (every kind but
  "other"); pages of kind "other" are ingested and counted apart;
- search: share of stored pages found in the top 10 of `search` for one word of the
  manifest's (hand-read) title: its longest word of four or more letters, or, for a title in
  a script without spaces, the first two characters of its longest CJK/Thai/Hangul run;
- brief: sentences in the default brief of each stored article (3 asked), on average;
- language: share of stored pages whose detected language equals the manifest's
  (Norwegian 'no' and 'nb' are one language);
- actors (statements): distinct actors the language's pages' quotes are attributed to, and
  those statements, below the display cut included (quotes are extracted for English,
  German, French, Spanish and Russian: elsewhere 0 is the honest figure, where English rules
  used to make junk speakers).

The path may be missing (e.g. in CI): the script then says so and exits 0. Only figures and
page ids are printed, never page text.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from eval_quote_pages import mask_urls, serve  # noqa: E402

from briefings.app import Briefings  # noqa: E402
from briefings.errors import BriefingsError  # noqa: E402
from briefings.settings import Settings  # noqa: E402
from briefings.text import bigram_runs, words  # noqa: E402

GUILD = 1
BRIEF_SENTENCES = 3
SEARCH_TOP = 10
_SAME_LANGUAGE = {"nb": "no"}


@dataclass
class Page:
    id: str
    language: str
    article: bool
    status: str = "stored"
    message: str = ""
    article_id: int | None = None
    detected: str | None = None
    query: str = ""
    found: bool = False
    brief_lines: int = 0
    actors: frozenset[int] = frozenset()
    attributed: int = 0


def title_word(title: str) -> str:
    """The word of a title the benchmark searches for (see the module docstring)."""
    runs = bigram_runs(title)
    latin = [w for w in words(title) if len(w) >= 4 and not bigram_runs(w)]
    if runs and (not latin or sum(map(len, runs)) > sum(map(len, latin))):
        return max(runs, key=len)[:2]
    return max(latin, key=len) if latin else ""


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and _SAME_LANGUAGE.get(a, a) == _SAME_LANGUAGE.get(b or "", b)


async def run(root: Path, manifest: dict[str, dict], jobs: int) -> list[Page]:
    ids = [i for i in manifest if (root / "html" / f"{i}.html").is_file()]
    bodies = {i: (root / "html" / f"{i}.html").read_bytes() for i in ids}
    runner, port = await serve(bodies)
    pages = [
        Page(i, manifest[i].get("language") or "?", manifest[i].get("kind") != "other") for i in ids
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="eval_languages-") as tmp:
            settings = Settings(db_path=Path(tmp) / "eval.db", fetch_allow_private=True)
            app = await Briefings.open(settings)
            try:
                sem = asyncio.Semaphore(jobs)

                async def ingest(page: Page) -> None:
                    async with sem:
                        try:
                            res = await app.ingest.url(
                                GUILD, f"http://127.0.0.1:{port}/{page.id}.html"
                            )
                        except BriefingsError as exc:
                            page.status, page.message = "refused", mask_urls(str(exc))
                            return
                        page.article_id = res.article.id
                        page.detected = res.article.language
                        if not res.created:
                            page.status = "duplicate"

                await asyncio.gather(*(ingest(p) for p in pages))
                for page in pages:
                    if page.article_id is None:
                        continue
                    page.query = title_word(manifest[page.id].get("title") or "")
                    if page.query:
                        hits = await app.store.search(GUILD, page.query, limit=SEARCH_TOP)
                        page.found = any(a.id == page.article_id for a, _ in hits)
                    brief = await app.briefs.article(GUILD, page.article_id, BRIEF_SENTENCES, None)
                    page.brief_lines = len(brief.lines)
                    quotes = await app.store.article_quotes(GUILD, page.article_id)
                    ids = [q.actor_id for q in quotes if q.actor_id is not None]
                    page.actors, page.attributed = frozenset(ids), len(ids)
            finally:
                await app.close()
    finally:
        await runner.cleanup()
    return pages


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} %" if b else "n/a"


def table(pages: list[Page]) -> list[str]:
    """The per-language table, as Markdown rows (printed and pasted into docs/languages.md)."""
    by_lang: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        by_lang[p.language].append(p)
    order = sorted(by_lang, key=lambda lang: (lang != "en", -len(by_lang[lang]), lang))
    rows = [
        "| language | stored / articles | found by a title word | brief sentences "
        "| language detected | actors (statements) |",
        "|---|---|---|---|---|---|",
    ]

    def row(name: str, group: list[Page]) -> str:
        arts = [p for p in group if p.article]
        stored = [p for p in group if p.article_id is not None]
        stored_arts = [p for p in arts if p.article_id is not None]
        searched = [p for p in stored if p.query]
        found = sum(p.found for p in searched)
        detected = sum(_same(p.detected, p.language) for p in stored)
        lines = sum(p.brief_lines for p in stored) / len(stored) if stored else 0.0
        actors = len(frozenset().union(*(p.actors for p in stored)))
        attributed = sum(p.attributed for p in stored)
        return (
            f"| {name} | {len(stored_arts)} / {len(arts)} | {found} / {len(searched)} "
            f"({_pct(found, len(searched))}) | {lines:.2f} | {detected} / {len(stored)} "
            f"({_pct(detected, len(stored))}) | {actors} ({attributed}) |"
        )

    for lang in order:
        rows.append(row(lang, by_lang[lang]))
    rows.append(row("**all**", pages))
    rows.append(row("**all but en**", [p for p in pages if p.language != "en"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", help="the eval pages folder (html/, manifest.json)")
    ap.add_argument("--jobs", type=int, default=2, help="pages ingested at once (default 2)")
    ap.add_argument("--verbose", action="store_true", help="one line per page as well")
    args = ap.parse_args(argv)
    root = Path(args.path)
    if not (root / "manifest.json").is_file() or not (root / "html").is_dir():
        print(f"eval_languages: no pages at {root} (skipping)")
        return 0
    logging.basicConfig(level=logging.ERROR)
    manifest = {r["id"]: r for r in json.loads((root / "manifest.json").read_text("utf-8"))}
    t0 = time.perf_counter()
    pages = asyncio.run(run(root, manifest, max(1, args.jobs)))
    wall = time.perf_counter() - t0
    print(f"eval_languages: {len(pages)} pages from {root}, one guild, {wall:.0f} s wall")
    if args.verbose:
        for p in sorted(pages, key=lambda p: (p.language, p.id)):
            print(
                f"  {p.id:40} {p.language:3} {p.status:9} detected={p.detected or '-':3} "
                f"query={p.query!r:16} found={'yes' if p.found else 'no':3} "
                f"brief={p.brief_lines} {p.message}"
            )
    for line in table(pages):
        print(line)
    refused = [p for p in pages if p.status == "refused"]
    for p in refused:
        print(f"refused: {p.id} ({p.language}, {'article' if p.article else 'other'}): {p.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
