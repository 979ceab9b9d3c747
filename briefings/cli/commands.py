"""`python -m briefings`: the offline command line over the same store and services
the Discord bot uses. No Discord token is needed.

Exit status: 0 on success, 1 when an input or lookup failed (one line on
stderr says why; a number or date out of range is such an input), 2 for bad
command-line usage (an unknown command or option).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg

from briefings import __version__
from briefings.app import Briefings
from briefings.briefs.brief_service import MAX_SENTENCES
from briefings.cli import plain_text as render
from briefings.errors import BriefingsError, InputError, NotFoundError
from briefings.ingest import IngestResult
from briefings.languages import quotes_unsupported_note
from briefings.models import to_jsonable
from briefings.settings import Settings
from briefings.summarize import METHODS
from briefings.timeutil import parse_date, parse_since, shown, utcnow

log = logging.getLogger("briefings.cli.commands")

LOCAL_GUILD = 0
#: SQLite's largest INTEGER: ids (and server ids) beyond it cannot be stored or looked up.
MAX_SQL_INT = 2**63 - 1
MAX_LIMIT = 100_000
MAX_LATEST = 500


def bounded_int(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse `type` for a whole number in [low, high]. Out of range or not a number
    raises InputError, which `main` reports in one line with exit status 1."""

    def parse(text: str) -> int:
        digits = text.strip().lstrip("+-")
        try:
            n = int(text) if len(digits) <= 30 else None
        except ValueError:
            raise InputError(f"{what} must be a whole number, not {shown(text)}.") from None
        if n is None or not low <= n <= high:
            raise InputError(f"{what} must be from {low} to {high}, not {shown(text)}.")
        return n

    parse.__name__ = what
    return parse


def cli_date(text: str) -> date:
    """An argparse `type` for `--date`: YYYY-MM-DD between 1900 and next year."""
    return parse_date(text, utcnow())


ARTICLE_ID = bounded_int(1, MAX_SQL_INT, "the article id")
LIMIT = bounded_int(1, MAX_LIMIT, "--limit")
CHANNEL_ID = bounded_int(1, MAX_SQL_INT, "--channel")
ROLE_ID = bounded_int(1, MAX_SQL_INT, "the role id")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m briefings",
        description="News briefings from the command line: ingest articles, then ask for "
        "briefs, quotes and digests.",
    )
    p.add_argument("--db", type=Path, help="SQLite file (default: $BRIEFINGS_DB or briefings.db)")
    p.add_argument(
        "--guild",
        type=bounded_int(0, MAX_SQL_INT, "--guild"),
        default=LOCAL_GUILD,
        help="server id whose articles to use (default 0: the local CLI's own)",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="log progress details")
    p.add_argument("--version", action="version", version=f"briefings {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("ingest", help="store articles from files, URLs or stdin ('-')")
    s.add_argument("sources", nargs="+", metavar="PATH|URL|-")
    s.add_argument("--title", help="title for text read from stdin")

    s = sub.add_parser("articles", help="list recent articles")
    s.add_argument("--limit", type=LIMIT, default=20)

    s = sub.add_parser("article", help="show one article")
    s.add_argument("id", type=ARTICLE_ID)

    s = sub.add_parser("search", help="full-text search")
    s.add_argument("query", nargs="+")
    s.add_argument("--limit", type=LIMIT, default=10)

    s = sub.add_parser("brief", help="extractive summary: of an article, latest, today, topic")
    s.add_argument(
        "id", type=ARTICLE_ID, nargs="?", help="article id (default: the latest articles)"
    )
    g = s.add_mutually_exclusive_group()
    g.add_argument(
        "--latest",
        type=bounded_int(1, MAX_LATEST, "--latest"),
        metavar="N",
        help="the latest N articles",
    )
    g.add_argument("--today", action="store_true", help="today's articles")
    g.add_argument("--since", metavar="WHEN", help="articles since 7d, 24h or a date")
    g.add_argument("--topic", metavar="QUERY", help="articles matching a search")
    s.add_argument("--sentences", "-k", type=bounded_int(1, MAX_SENTENCES, "--sentences"))
    s.add_argument("--method", choices=["default", *METHODS], default="default")

    s = sub.add_parser("quotes", help="what a person said, across stored articles")
    s.add_argument("actor", nargs="+")
    s.add_argument("--since", metavar="WHEN", help="7d, 24h, 2w or a date like 2026-11-01")
    s.add_argument("--limit", type=LIMIT, default=50)
    s.add_argument(
        "--uncertain",
        action="store_true",
        help="also show attributions below the confidence cut, marked as uncertain",
    )

    s = sub.add_parser(
        "actors", help="people quoted, then organisations (marked), most quoted first"
    )
    s.add_argument("prefix", nargs="?", default="")
    s.add_argument("--limit", type=LIMIT, default=50)
    s.add_argument("--uncertain", action="store_true", help="count uncertain attributions too")

    s = sub.add_parser("digest", help="the daily digest of a date (default today)")
    s.add_argument("--date", type=cli_date, metavar="YYYY-MM-DD")
    s.add_argument(
        "--full", action="store_true", help="every story of the day, not only the top ones"
    )

    s = sub.add_parser("feeds", help="RSS/Atom subscriptions")
    fsub = s.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    f = fsub.add_parser("add", help="subscribe to a feed")
    f.add_argument("url")
    fsub.add_parser("list", help="list subscriptions")
    f = fsub.add_parser("remove", help="unsubscribe (by id or URL)")
    f.add_argument("feed")
    fsub.add_parser("poll", help="fetch new entries of every feed now")
    f = fsub.add_parser("filter", help="keep only entries with these words (none: clear)")
    f.add_argument("feed")
    f.add_argument("--include", metavar="TERMS", help='words or "quoted phrases"; any one keeps')
    f.add_argument("--exclude", metavar="TERMS", help='words or "quoted phrases"; any one drops')

    s = sub.add_parser("follows", help="alerts for a person's statements or a topic's stories")
    fsub = s.add_subparsers(dest="follows_command", required=True, metavar="ACTION")
    f = fsub.add_parser("add", help="follow a person or a topic")
    f.add_argument("kind", choices=("person", "topic"))
    f.add_argument("what", help="the person's name, or the topic's words")
    f.add_argument("--channel", type=CHANNEL_ID, help="Discord channel id the bot posts in")
    fsub.add_parser("list", help="list follows")
    f = fsub.add_parser("remove", help="stop a follow (by id)")
    f.add_argument("follow")

    s = sub.add_parser("alerts", help="alerts queued or sent, oldest first")
    s.add_argument("--since", metavar="WHEN", help="1d, 24h, 2w or a date like 2026-11-01")

    s = sub.add_parser("settings", help="the server's settings (as /settings shows them)")
    ssub = s.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    ssub.add_parser("show", help="who may use /follow, the digests and their length")
    f = ssub.add_parser("follow-role", help="the role whose members may use /follow")
    role = f.add_mutually_exclusive_group(required=True)
    role.add_argument("role", nargs="?", type=ROLE_ID, help="the Discord role id")
    role.add_argument("--clear", action="store_true", help="Manage Server only again")
    return p


class Output:
    """Prints either human text or one JSON document."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, text: str, data: Any) -> None:
        if self.as_json:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))
        else:
            print(text)


class Progress:
    """A one-line progress bar on stderr for many inputs (plain lines when not a TTY)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.tty = sys.stderr.isatty()
        self.enabled = total > 1

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        line = f"[{bar}] {self.done}/{self.total} {label[:60]}"
        if self.tty:
            sys.stderr.write("\r\033[K" + line)
            if self.done == self.total:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


async def _ingest(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    guild = args.guild
    results: list[dict[str, Any]] = []
    failures = 0
    progress = Progress(len(args.sources))
    lines = []
    errors = []  # to stderr after the progress bar, so a script's stdout holds only successes
    for src in args.sources:
        try:
            if src == "-":
                r: IngestResult = await app.ingest.text(guild, sys.stdin.read(), title=args.title)
            elif "://" in src:  # any scheme: the URL checks explain what is refused
                r = await app.ingest.url(guild, src)
            else:
                r = await app.ingest.path(guild, src)
        except BriefingsError as exc:
            failures += 1
            errors.append(f"{src}: error: {exc}")
            results.append({"source": src, "ok": False, "error": str(exc)})
        else:
            lines.append(f"{src}: {r.summary_line()}")
            results.append(
                {
                    "source": src,
                    "ok": True,
                    "created": r.created,
                    "article_id": r.article.id,
                    "title": r.article.title,
                    "duplicate_of": None if r.created else r.article.id,
                    "sentences": r.sentence_count,
                    "quotes_by_actor": r.quotes_by_actor,
                }
            )
        progress.step(src)
    if lines or out.as_json:
        out.emit("\n".join(lines), results)
    if errors and not out.as_json:
        print("\n".join(errors), file=sys.stderr)
    return 1 if failures else 0


async def _articles(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    arts = await app.store.recent_articles(args.guild, args.limit)
    text = "\n".join(render.article_line(a) for a in arts) or "No articles stored yet."
    out.emit(text, [_article_meta(a) for a in arts])
    return 0


def _article_meta(a: Any) -> dict[str, Any]:
    d: dict[str, Any] = to_jsonable(a)
    d.pop("text", None)
    return d


async def _article(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    a = await app.store.article(args.guild, args.id)
    if a is None:
        raise NotFoundError(f"No article #{args.id}.")
    spans = await app.store.sentence_spans(a.id)
    quotes = await app.store.article_quotes(args.guild, a.id)
    out.emit(
        render.article_full(a, len(spans), len(quotes), quotes_unsupported_note(a.language)),
        {**to_jsonable(a), "sentences": len(spans), "quotes": to_jsonable(quotes)},
    )
    return 0


async def _search(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    query = " ".join(args.query)
    hits = await app.store.search(args.guild, query, args.limit)
    text = "\n".join(f"{render.article_line(a)}\n    {snip}" for a, snip in hits)
    out.emit(
        text or f"Nothing matches {query!r}.",
        [{**_article_meta(a), "snippet": snip} for a, snip in hits],
    )
    return 0


async def _brief(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    b = app.briefs
    method = None if args.method == "default" else args.method
    if args.id is not None:
        brief = await b.article(args.guild, args.id, args.sentences, method)
    elif args.today:
        brief = await b.today(args.guild, args.sentences, method)
    elif args.since:
        brief = await b.since(
            args.guild, parse_since(args.since, app.clock()), args.sentences, method
        )
    elif args.topic:
        brief = await b.topic(args.guild, args.topic, sentences=args.sentences, method=method)
    else:
        brief = await b.latest(args.guild, args.latest or 5, args.sentences, method)
    data = {
        "heading": brief.heading,
        "method": brief.method,
        "sentences": to_jsonable(brief.lines),
        "articles": [_article_meta(a) for a in brief.articles],
        "stories": [
            {
                "title": st.title,
                "article_ids": [a.id for a in st.articles],
                "sentences": to_jsonable(st.lines),
            }
            for st in brief.stories
        ],
        "empty_reason": brief.empty_reason,
        "off_topic": brief.off_topic,
    }
    out.emit(render.brief_text(brief), data)
    return 0


async def _quotes(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    since = parse_since(args.since, app.clock()) if args.since else None
    d = await app.quotes.digest(
        args.guild, " ".join(args.actor), since=since, limit=args.limit, uncertain=args.uncertain
    )
    text = render.actor_digest_text(d)
    out.emit(f"{text}\n({d.note}.)" if d.note else text, d)
    return 0


async def _actors(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    actors = await app.quotes.actors(args.guild, args.prefix, args.limit, uncertain=args.uncertain)
    out.emit(render.actors_text(actors), actors)
    return 0


async def _digest(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    # JSON is for programs: every story, whatever the length budget.
    d = await app.digests.build(args.guild, args.date, full=args.full or args.json)
    out.emit(render.digest_text(d), render.digest_json(d))
    return 0


async def _feeds(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    svc = app.feeds
    action = args.feeds_command
    if action == "add":
        feed, created = await svc.add(args.guild, args.url)
        verb = "Subscribed to" if created else "Already subscribed to"
        out.emit(f"{verb} {render.feed_line(feed)}", {"created": created, "feed": feed})
    elif action == "list":
        feeds = await svc.subscriptions(args.guild)
        out.emit("\n".join(render.feed_line(f) for f in feeds) or "No feeds.", feeds)
    elif action == "remove":
        feed = await svc.remove(args.guild, args.feed)
        out.emit(f"Unsubscribed from {render.shown_url(feed.url)}", feed)
    elif action == "filter":
        feed = await svc.set_filter(args.guild, args.feed, args.include, args.exclude)
        out.emit(render.feed_line(feed), feed)
    else:
        results = await svc.poll_guild(args.guild)
        lines = []
        for r in results:
            name = f"#{r.feed.id} {render.shown_url(r.feed.url)}"
            if r.error:
                lines.append(f"{name}: error: {r.error}")
            elif r.not_modified:
                lines.append(f"{name}: not modified")
            else:
                lines.append(f"{name}: {len(r.new)} new article(s)")
                lines.extend(f"    {n.summary_line()}" for n in r.new)
                lines.extend(f"    skipped {e}" for e in r.entry_errors)
        out.emit(
            "\n".join(lines) or "No feeds to poll.",
            [
                {
                    "feed": r.feed,
                    "new": [n.article.id for n in r.new],
                    "error": r.error,
                    "not_modified": r.not_modified,
                    "entry_errors": r.entry_errors,
                }
                for r in results
            ],
        )
        return 1 if any(r.error for r in results) else 0
    return 0


async def _follows(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    svc = app.follows
    action = args.follows_command
    if action == "add":
        add = svc.follow_person if args.kind == "person" else svc.follow_topic
        follow, created = await add(args.guild, args.what, args.channel)
        verb = "Following" if created else "Already following"
        out.emit(f"{verb} {render.follow_line(follow)}", {"created": created, "follow": follow})
    elif action == "list":
        follows = await svc.all(args.guild)
        out.emit("\n".join(render.follow_line(f) for f in follows) or "No follows.", follows)
    else:
        follow = await svc.remove(args.guild, args.follow)
        out.emit(f"Stopped following {render.follow_line(follow)}", follow)
    return 0


async def _alerts(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    since = parse_since(args.since, app.clock()) if args.since else None
    alerts = await app.follows.alerts(args.guild, since)
    out.emit("\n".join(render.alert_line(a) for a in alerts) or "No alerts.", alerts)
    return 0


async def _settings(app: Briefings, args: argparse.Namespace, out: Output) -> int:
    if args.settings_command == "follow-role":
        role = None if args.clear else args.role
        await app.follows.set_follow_role(args.guild, role)
    role = await app.follows.follow_role(args.guild)
    digests = await app.digests.schedules(args.guild)
    stories, chars = await app.digests.length(args.guild)
    out.emit(
        render.settings_text(role, digests, (stories, chars)),
        {
            "follow_role_id": role,
            "digests": [d.schedule for d in digests],
            "digest_length": {"stories": stories, "characters": chars},
        },
    )
    return 0


COMMANDS: dict[str, Callable[[Briefings, argparse.Namespace, Output], Awaitable[int]]] = {
    "ingest": _ingest,
    "articles": _articles,
    "article": _article,
    "search": _search,
    "brief": _brief,
    "quotes": _quotes,
    "actors": _actors,
    "digest": _digest,
    "feeds": _feeds,
    "follows": _follows,
    "alerts": _alerts,
    "settings": _settings,
}


async def run(args: argparse.Namespace, settings: Settings) -> int:
    async with await Briefings.open(settings) as app:
        return await COMMANDS[args.command](app, args, Output(args.json))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except BriefingsError as exc:  # a number or date out of range: one line, like any input
        print(f"error: {exc}", file=sys.stderr)
        return 1
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = Settings.load()
        if args.db is not None:
            settings = settings.with_(db_path=args.db, database_url=None)
        return asyncio.run(run(args, settings))
    except BriefingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (OSError, sqlite3.DatabaseError, asyncpg.PostgresError) as exc:
        # e.g. an unwritable or corrupt database file: still one line, no traceback.
        log.debug("failed", exc_info=True)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OverflowError:
        # A number too large for SQLite or for dates that slipped past the checks above.
        log.debug("failed", exc_info=True)
        print("error: a number or date is out of range.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
