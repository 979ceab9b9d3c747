"""Who `/actors` shows after ingesting real web pages, scored against hand-made speaker lists.

    python benchmarks/eval_quote_pages.py --pages ../shared/eval/pages
    python benchmarks/eval_quote_pages.py --pages PATH --verbose --json /tmp/quote_pages.json
    python benchmarks/eval_quote_pages.py --pages PATH --one-guild   # all pages in one server

Speakers that `speakers.json` misses are added from `data/quote_pages_speakers_extra.json`
(`--extra-speakers ""` scores against `speakers.json` alone).

Every page of `html/` is served with its exact bytes (Content-Type text/html, no charset: the
page's own declaration or sniffing decides, as on the real web) from a loopback aiohttp server
and ingested through `app.ingest.url(...)`: the real fetch, extraction, analysis and store path
(`Settings(fetch_allow_private=True)`, a fresh SQLite file). Each page goes to its own guild, so
actors of different pages never merge; with `--one-guild` they all share one guild (what a busy
server sees) and a page's actors are those its own quotes are attributed to.

For English pages listed in `speakers.json`, the actors the guild shows (`app.quotes.actors`,
what `/actors` lists) are scored with the rules of the pages' README. Names are compared
case- and accent-folded, word by word (punctuation ignored):
- an actor name matching a listed speaker's name or an alias, or, for a person, their surname
  alone (last word, Jr/Sr/II skipped) is that speaker; any other actor name is JUNK (a
  leading 'The' and a trailing Jr/Sr/II are ignored on both sides: 'Verge' is 'The Verge');
- a junk name matching a `mentioned_not_quoted` person (full name or surname) is also a
  WRONG SPEAKER, and one matching a `credits` entry (wire service, outlet) is shown as such;
- recall of listed people = non-minor persons matched by some actor / non-minor persons listed
  (pages that were refused count: their people are missed); organisations are reported apart;
- statements: the quote counts of the actors matched to a speaker against its `statements`.
Targets (issue 8): junk <= 3 % of actors; listed people found >= 75 %.

All pages, any language, are also counted as stored or refused (refusal messages grouped,
URLs masked), since a page that is not stored hides all its quotes.
The pages path may be missing (e.g. in CI): the script then says so and exits 0.
Names appear in the output; page text never does.
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
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.app import Briefings  # noqa: E402
from briefings.errors import BriefingsError  # noqa: E402
from briefings.models import Actor  # noqa: E402
from briefings.settings import Settings  # noqa: E402

EXTRA_SPEAKERS = Path(__file__).resolve().parent / "data" / "quote_pages_speakers_extra.json"
"""Speakers plainly quoted on a page that `speakers.json` does not list (names and page ids
only), added to that page's list so they are not counted as junk."""
TARGET_JUNK = 0.03
TARGET_RECALL = 0.75
ONE_GUILD_ID = 1
GUILD_BASE = 10_000
_WORD_RE = re.compile(r"\w+")
_URL_RE = re.compile(r"https?://\S+?(?=:\s|[\s;,)]|$)")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

Key = tuple[str, ...]


# ------------------------------------------------------------------ name matching
def name_words(name: str) -> Key:
    """Case- and accent-folded words of a name, punctuation dropped, and a leading 'The' and
    a trailing Jr/Sr/II left out ('The Verge' is 'Verge'; 'James P. Kennedy Jr.' is
    'James P. Kennedy')."""
    d = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in d if not unicodedata.combining(c)).casefold()
    words = _WORD_RE.findall(folded)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return tuple(words)


def surname(name: str) -> Key:
    """Folded words of the last word of a name ('Ocasio-Cortez' gives two), suffixes skipped."""
    parts = [p for p in name.split() if name_words(p)]
    while len(parts) > 1 and name_words(parts[-1])[0] in _SUFFIXES:
        parts.pop()
    return name_words(parts[-1]) if parts else ()


@dataclass
class Listed:
    """One listed speaker of a page."""

    name: str
    kind: str
    statements: int
    minor: bool
    full: set[Key]
    last: Key

    @classmethod
    def of(cls, row: dict) -> Listed:
        names = [row["name"], *row.get("aliases", [])]
        return cls(
            name=row["name"],
            kind=row.get("kind", "person"),
            statements=int(row.get("statements", 0)),
            minor=bool(row.get("minor", False)),
            full={k for k in map(name_words, names) if k},
            last=surname(row["name"]) if row.get("kind", "person") == "person" else (),
        )

    @property
    def counted_person(self) -> bool:
        return self.kind == "person" and not self.minor


def match_listed(actor_name: str, listed: list[Listed]) -> list[int]:
    """Indexes of the listed speakers the name is: full name or alias first, else surname."""
    k = name_words(actor_name)
    if not k:
        return []
    exact = [i for i, s in enumerate(listed) if k in s.full]
    if exact:
        return exact
    return [i for i, s in enumerate(listed) if s.last and k == s.last]


def matches_person(actor_name: str, names: list[str]) -> str | None:
    """The first of `names` the actor name is (full name or surname alone), else None."""
    k = name_words(actor_name)
    if not k:
        return None
    for n in names:
        if k == name_words(n) or k == surname(n):
            return n
    return None


# ------------------------------------------------------------------ results
@dataclass
class ShownActor:
    name: str
    statements: int
    speaker: str | None = None  # the listed speaker it matched
    junk: bool = False
    wrong: str | None = None  # the mentioned-not-quoted person it is
    credit: str | None = None  # the credited outlet it is
    ambiguous: bool = False  # its surname fits more than one listed speaker


@dataclass
class SpeakerScore:
    name: str
    kind: str
    minor: bool
    listed_statements: int
    actors: list[str] = field(default_factory=list)
    statements: int = 0

    @property
    def found(self) -> bool:
        return bool(self.actors)


@dataclass
class PageResult:
    id: str
    language: str
    status: str  # stored, duplicate, refused, error, timeout
    message: str = ""
    seconds: float = 0.0
    article_id: int | None = None
    scored: bool = False
    actors: list[ShownActor] = field(default_factory=list)
    speakers: list[SpeakerScore] = field(default_factory=list)
    unattributed: int = 0  # stored quotes with no speaker

    @property
    def junk(self) -> list[ShownActor]:
        return [a for a in self.actors if a.junk]

    @property
    def people(self) -> list[SpeakerScore]:
        return [s for s in self.speakers if s.kind == "person" and not s.minor]

    @property
    def orgs(self) -> list[SpeakerScore]:
        return [s for s in self.speakers if s.kind != "person" and not s.minor]


def score_page(page: PageResult, entry: dict, shown: list[tuple[str, int]]) -> None:
    """Fill `page.actors` and `page.speakers` from the shown (name, statements) pairs."""
    listed = [Listed.of(r) for r in entry.get("speakers", [])]
    page.speakers = [SpeakerScore(s.name, s.kind, s.minor, s.statements) for s in listed]
    mentioned = list(entry.get("mentioned_not_quoted", []))
    credits = list(entry.get("credits", []))
    page.actors = []
    for name, count in shown:
        a = ShownActor(name, count)
        hits = match_listed(name, listed)
        if hits:
            a.ambiguous = len(hits) > 1
            best = page.speakers[hits[0]]
            a.speaker = best.name
            best.actors.append(name)
            best.statements += count
        else:
            a.junk = True
            a.wrong = matches_person(name, mentioned)
            a.credit = next((c for c in credits if name_words(c) == name_words(name)), None)
        page.actors.append(a)
    page.scored = True


# ------------------------------------------------------------------ serving and ingesting
async def serve(pages: dict[str, bytes]) -> tuple[web.AppRunner, int]:
    """A loopback server answering /<id>.html with the page's exact bytes."""

    async def handler(request: web.Request) -> web.Response:
        body = pages.get(request.match_info["id"])
        if body is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    app = web.Application()
    app.router.add_get("/{id}.html", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port


def mask_urls(message: str) -> str:
    return _URL_RE.sub("<url>", message)


async def shown_actors(
    app: Briefings, guild: int, article_id: int, one_guild: bool
) -> tuple[list[tuple[str, int]], int]:
    """(name, statements) of the actors a page's guild shows, and its unattributed quotes.

    One guild per page: exactly what `/actors` lists. One guild for all: the actors this
    article's quotes are attributed to, under the (possibly merged) name the guild shows.
    """
    quotes = await app.store.article_quotes(guild, article_id)
    unattributed = sum(1 for q in quotes if q.actor_id is None)
    if not one_guild:
        actors: list[Actor] = await app.quotes.actors(guild, "", limit=1000)
        return [(a.name, a.quote_count) for a in actors], unattributed
    per_actor = Counter(q.actor_id for q in quotes if q.actor_id is not None)
    named = {a.id: a.name for a in await app.store.actors(guild, list(per_actor))}
    shown = [(named.get(aid, f"#{aid}"), n) for aid, n in per_actor.most_common()]
    return shown, unattributed


async def run(
    root: Path,
    ids: list[str],
    manifest: dict[str, dict],
    speakers: dict[str, dict],
    *,
    one_guild: bool,
    jobs: int,
    page_timeout: float,
) -> tuple[list[PageResult], int]:
    """Ingest every page and score the listed ones; returns the results and the actor count
    of the shared guild (0 with one guild per page)."""
    bodies = {i: (root / "html" / f"{i}.html").read_bytes() for i in ids}
    runner, port = await serve(bodies)
    results: list[PageResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="eval_quote_pages-") as tmp:
            settings = Settings(db_path=Path(tmp) / "eval.db", fetch_allow_private=True)
            app = await Briefings.open(settings)
            try:
                sem = asyncio.Semaphore(jobs)

                async def one(n: int, pid: str) -> PageResult:
                    guild = ONE_GUILD_ID if one_guild else GUILD_BASE + n
                    page = PageResult(pid, manifest[pid].get("language") or "?", "stored")
                    async with sem:
                        t0 = time.perf_counter()
                        try:
                            res = await asyncio.wait_for(
                                app.ingest.url(guild, f"http://127.0.0.1:{port}/{pid}.html"),
                                page_timeout,
                            )
                        except BriefingsError as exc:
                            page.status, page.message = "refused", mask_urls(str(exc))
                        except TimeoutError:
                            page.status = "timeout"
                            page.message = f"no answer within {page_timeout:.0f} s"
                        except Exception as exc:  # noqa: BLE001 - a crash is a finding too
                            page.status = "error"
                            page.message = mask_urls(f"{type(exc).__name__}: {exc}")
                        else:
                            page.article_id = res.article.id
                            if not res.created:
                                page.status = "duplicate"
                                page.message = f"same content as article #{res.article.id}"
                        page.seconds = time.perf_counter() - t0
                    return page

                results = list(await asyncio.gather(*(one(n, i) for n, i in enumerate(ids))))
                for n, page in enumerate(results):
                    entry = speakers.get(page.id)
                    if entry is None or page.language != "en":
                        continue
                    shown: list[tuple[str, int]] = []
                    if page.status == "stored" and page.article_id is not None:
                        guild = ONE_GUILD_ID if one_guild else GUILD_BASE + n
                        shown, page.unattributed = await shown_actors(
                            app, guild, page.article_id, one_guild
                        )
                    score_page(page, entry, shown)
                guild_actors = len(await app.store.actors(ONE_GUILD_ID, limit=100_000))
            finally:
                await app.close()
    finally:
        await runner.cleanup()
    return results, guild_actors if one_guild else 0


# ------------------------------------------------------------------ reporting
def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "n/a"


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISSED"


def totals(results: list[PageResult]) -> dict:
    scored = [p for p in results if p.scored]
    actors = [a for p in scored for a in p.actors]
    junk = [a for a in actors if a.junk]
    people = [s for p in scored for s in p.people]
    orgs = [s for p in scored for s in p.orgs]
    found = [s for s in people + orgs if s.found]
    refused_people = sum(len(p.people) for p in scored if p.status != "stored")
    minor = [s for p in scored for s in p.speakers if s.minor]
    return {
        "pages": len(scored),
        "pages_not_stored": sum(1 for p in scored if p.status != "stored"),
        "actors": len(actors),
        "junk": len(junk),
        "junk_rate": len(junk) / len(actors) if actors else 0.0,
        "junk_statements": sum(a.statements for a in junk),
        "wrong_speakers": sum(1 for a in junk if a.wrong),
        "credits_as_speakers": sum(1 for a in junk if a.credit),
        "ambiguous_surnames": sum(1 for a in actors if a.ambiguous),
        "statements": sum(a.statements for a in actors),
        "unattributed_quotes": sum(p.unattributed for p in scored),
        "people_listed": len(people),
        "people_found": sum(1 for s in people if s.found),
        "people_recall": sum(1 for s in people if s.found) / len(people) if people else 0.0,
        "people_on_unstored_pages": refused_people,
        "orgs_listed": len(orgs),
        "orgs_found": sum(1 for s in orgs if s.found),
        "minor_listed": len(minor),
        "minor_found": sum(1 for s in minor if s.found),
        "found_statements": sum(s.statements for s in found),
        "found_listed_statements": sum(s.listed_statements for s in found),
        "found_exact_statements": sum(1 for s in found if s.statements == s.listed_statements),
        "found_under": sum(1 for s in found if s.statements < s.listed_statements),
        "found_over": sum(1 for s in found if s.statements > s.listed_statements),
        "found_split": sum(1 for s in found if len(s.actors) > 1),
        "found_abs_error": sum(abs(s.statements - s.listed_statements) for s in found),
        "speakers_found": len(found),
    }


def print_pages(results: list[PageResult]) -> None:
    print(f"{'page':<22} {'listed':>6} {'found':>5} {'orgs':>5} {'actors':>6} {'junk':>4}  names")
    for p in results:
        if not p.scored:
            continue
        found = sum(1 for s in p.people if s.found)
        orgs = f"{sum(1 for s in p.orgs if s.found)}/{len(p.orgs)}"
        head = (
            f"{p.id:<22} {len(p.people):>6} {found:>5} {orgs:>5} {len(p.actors):>6} "
            f"{len(p.junk):>4}"
        )
        if p.status != "stored":
            print(f"{head}  [{p.status}: {p.message}]")
            continue
        junk = ", ".join(f"{a.name} ({a.statements})" for a in p.junk)
        print(f"{head}  junk: {junk or '-'}")
        wrong = ", ".join(f"{a.name} = {a.wrong}" for a in p.junk if a.wrong)
        if wrong:
            print(f"{'':<50}wrong speakers: {wrong}")
        missed = ", ".join(s.name for s in p.people if not s.found)
        if missed:
            print(f"{'':<50}missed: {missed}")
        counts = ", ".join(
            f"{s.name} {s.statements}/{s.listed_statements}"
            for s in p.speakers
            if s.found and s.statements != s.listed_statements
        )
        if counts:
            print(f"{'':<50}statements (system/listed): {counts}")


def print_totals(t: dict, guild_actors: int) -> None:
    print(
        f"pages scored: {t['pages']} (English, listed in speakers.json; "
        f"{t['pages_not_stored']} not stored)"
    )
    extra = f"; {guild_actors} distinct in the shared guild" if guild_actors else ""
    print(f"actors shown: {t['actors']}{extra}")
    print(
        f"junk actors: {t['junk']} = {100 * t['junk_rate']:.1f} % of actors "
        f"(target <= {100 * TARGET_JUNK:.0f} %: {_ok(t['junk_rate'] <= TARGET_JUNK)}); "
        f"they hold {t['junk_statements']} statements "
        f"({_pct(t['junk_statements'], t['statements'])} of all)"
    )
    print(
        f"  of which wrong speakers (mentioned, not quoted): {t['wrong_speakers']}; "
        f"credited outlets: {t['credits_as_speakers']}"
    )
    print(
        f"listed people found: {t['people_found']} / {t['people_listed']} = "
        f"{100 * t['people_recall']:.1f} % (target >= {100 * TARGET_RECALL:.0f} %: "
        f"{_ok(t['people_recall'] >= TARGET_RECALL)}); "
        f"{t['people_on_unstored_pages']} listed people are on pages not stored"
    )
    print(
        f"listed organisations found: {t['orgs_found']} / {t['orgs_listed']} "
        f"({_pct(t['orgs_found'], t['orgs_listed'])}); minor speakers found: "
        f"{t['minor_found']} / {t['minor_listed']}"
    )
    print(
        f"statements: {t['statements']} attributed to shown actors, "
        f"{t['unattributed_quotes']} stored without a speaker"
    )
    print(
        f"statements of found speakers ({t['speakers_found']}, people and organisations): "
        f"system {t['found_statements']} vs listed {t['found_listed_statements']}; "
        f"exact {t['found_exact_statements']}, under {t['found_under']}, over {t['found_over']}, "
        f"mean abs error {t['found_abs_error'] / max(t['speakers_found'], 1):.2f}; "
        f"split over several actors: {t['found_split']}; "
        f"actors whose surname fits two speakers: {t['ambiguous_surnames']}"
    )


def print_top_junk(results: list[PageResult], n: int) -> None:
    pages: Counter[Key] = Counter()
    statements: Counter[Key] = Counter()
    shown_as: dict[Key, Counter[str]] = defaultdict(Counter)
    for p in results:
        for a in p.junk:
            k = name_words(a.name) or (a.name,)
            pages[k] += 1
            statements[k] += a.statements
            shown_as[k][a.name] += 1
    if not pages:
        return
    print(f"most frequent junk names (pages, statements), top {min(n, len(pages))}:")
    for k, c in sorted(pages.items(), key=lambda kv: (-kv[1], -statements[kv[0]], kv[0]))[:n]:
        print(f"  {c:>3} {statements[k]:>4}  {shown_as[k].most_common(1)[0][0]}")


def print_ingestion(results: list[PageResult]) -> None:
    status = Counter(p.status for p in results)
    langs = Counter(p.language for p in results if p.status == "stored")
    parts = ", ".join(f"{k} {v}" for k, v in status.most_common())
    print(f"ingestion, all {len(results)} pages: {parts}")
    print("  stored by language: " + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    groups: dict[str, list[str]] = defaultdict(list)
    for p in results:
        if p.status != "stored":
            groups[f"{p.status}: {p.message}"].append(p.id)
    for msg, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"  {len(ids):>3} x {msg}")
        print(f"        {', '.join(ids)}")
    slow = sorted(results, key=lambda p: -p.seconds)[:3]
    total = sum(p.seconds for p in results)
    print(
        f"  ingest time: {total:.1f} s summed over pages; slowest "
        + ", ".join(f"{p.id} {p.seconds:.1f} s" for p in slow)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", required=True, help="the eval pages folder (html/, manifest.json)")
    ap.add_argument("--one-guild", action="store_true", help="ingest every page into one guild")
    ap.add_argument("--verbose", action="store_true", help="print the per-page table")
    ap.add_argument("--json", default=None, help="write per-page results to this file")
    ap.add_argument("--jobs", type=int, default=4, help="pages ingested at once (default 4)")
    ap.add_argument("--limit", type=int, default=0, help="ingest only the first N pages")
    ap.add_argument("--top-junk", type=int, default=30, help="junk names to list (default 30)")
    ap.add_argument(
        "--page-timeout", type=float, default=120.0, help="seconds per page (default 120)"
    )
    ap.add_argument(
        "--extra-speakers",
        default=str(EXTRA_SPEAKERS),
        help="speakers that speakers.json misses, added to its pages ('' for none)",
    )
    args = ap.parse_args(argv)

    root = Path(args.pages)
    if not (root / "manifest.json").is_file() or not (root / "html").is_dir():
        print(f"eval_quote_pages: no pages at {root} (skipping)")
        return 0
    logging.basicConfig(level=logging.WARNING)
    manifest = {
        row["id"]: row for row in json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    }
    speakers_path = root / "speakers.json"
    speakers: dict[str, dict] = {}
    if speakers_path.is_file():
        speakers = {e["id"]: e for e in json.loads(speakers_path.read_text(encoding="utf-8"))}
    else:
        print(f"eval_quote_pages: no speakers.json in {root}: ingestion figures only")
    extra = Path(args.extra_speakers) if args.extra_speakers else None
    if speakers and extra is not None and extra.is_file():
        added = 0
        for e in json.loads(extra.read_text(encoding="utf-8")):
            if e["id"] in speakers:
                speakers[e["id"]]["speakers"].extend(e["speakers"])
                added += len(e["speakers"])
        print(f"eval_quote_pages: {added} speakers added from {extra.name}")
    ids = [i for i in manifest if (root / "html" / f"{i}.html").is_file()]
    if args.limit:
        ids = ids[: args.limit]

    t0 = time.perf_counter()
    results, guild_actors = asyncio.run(
        run(
            root,
            ids,
            manifest,
            speakers,
            one_guild=args.one_guild,
            jobs=max(1, args.jobs),
            page_timeout=args.page_timeout,
        )
    )
    wall = time.perf_counter() - t0

    mode = "one guild" if args.one_guild else "one guild per page"
    print(f"eval_quote_pages: {len(ids)} pages from {root} ({mode}, {wall:.1f} s wall)")
    if args.verbose:
        print_pages(results)
    t = totals(results)
    print_totals(t, guild_actors)
    print_top_junk(results, args.top_junk)
    print_ingestion(results)

    if args.json:
        out = {
            "mode": mode,
            "pages_path": str(root),
            "totals": t,
            "pages": [asdict(p) for p in results],
        }
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"per-page results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
