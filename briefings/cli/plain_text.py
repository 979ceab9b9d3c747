"""Plain-text rendering of briefs, quote digests and daily digests (for the CLI).

The Discord cogs render the same records as embeds; keeping this text form in
the core lets people use Briefings from a terminal with no Discord at all.

Stored text is shown without its invisible characters (`strip_invisible`: a bidi
override in a title would reorder the line on the terminal), and URLs with those
characters percent-encoded, so what people read is what is stored.
"""

from __future__ import annotations

from datetime import datetime

from briefings.briefs.brief_service import NO_MATCH, NONE_IN_PERIOD, Brief
from briefings.digest import DailyDigest
from briefings.digest.daily import SOURCES_SHOWN
from briefings.digest.schedule import ScheduleInfo
from briefings.feeds.filters import FeedFilter
from briefings.languages import language_name
from briefings.models import Actor, Alert, Article, Feed, Follow
from briefings.quotebook.lookup import ActorDigest, DigestQuote, QuoteSource
from briefings.text import strip_invisible


def clean(text: str | None) -> str:
    """Stored text for the terminal: no bidi controls, zero-width or control characters."""
    return strip_invisible(text or "")


def shown_url(url: str | None) -> str:
    """A URL for the terminal: spaces, controls and invisible characters percent-encoded."""
    return "".join(
        "".join(f"%{b:02X}" for b in c.encode("utf-8")) if c.isspace() or not c.isprintable() else c
        for c in (url or "")
    )


def when(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M UTC") if dt else "unknown date"


def day(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d") if dt else "undated"


def article_line(a: Article) -> str:
    site = f" ({clean(a.site)})" if clean(a.site) else ""
    return f"#{a.id}  {day(a.when)}  {clean(a.title)}{site}"


def article_full(
    a: Article, sentence_count: int, quote_count: int, quote_note: str | None = None
) -> str:
    quotes = f"{quote_count} quotes" if quote_count or not quote_note else quote_note
    head = [
        f"#{a.id} {clean(a.title)}",
        f"  source: {shown_url(a.url) if a.url else a.source}",
        f"  site: {clean(a.site) or '-'}   author: {clean(a.author) or '-'}",
        f"  published: {when(a.published_at)}   ingested: {when(a.ingested_at)}",
        f"  {a.word_count} words, {sentence_count} sentences, {quotes}",
        f"  language: {language_name(a.language)}",
        "",
    ]
    return "\n".join(head) + clean(a.text)


def empty_brief_text(b: Brief) -> str:
    """Why a brief is empty, in plain words, and what to try instead (CLI wording)."""
    if b.empty_reason == NO_MATCH:
        some = f" ({b.off_topic} matched only some of its words)" if b.off_topic else ""
        return f"No stored article is about {clean(b.query)!r}{some}; try fewer words or `search`."
    if b.empty_reason == NONE_IN_PERIOD and b.latest_at is not None:
        return f"No articles in this period; the latest is from {day(b.latest_at)}: try `brief`."
    return "No articles are stored yet: add some with `ingest PATH|URL` or `feeds add URL`."


def brief_text(b: Brief) -> str:
    if b.empty:
        return f"{clean(b.heading)}\n  {empty_brief_text(b)}"
    if len(b.articles) > 1 and b.stories:
        out = [clean(b.heading)]
        for i, st in enumerate(b.stories, 1):
            out.append("")
            out.append(f"{i}. {clean(st.title)}")
            out.extend(f"   - {clean(ln.text)}  [#{ln.article_id}]" for ln in st.lines)
            out.append(
                "   sources: "
                + "; ".join(
                    f"#{a.id} {clean(a.site) or clean(a.title)}"
                    + (f" <{shown_url(a.url)}>" if a.url else "")
                    for a in st.articles
                )
            )
        if b.off_topic:
            out.append(f"\n({b.off_topic} search hit(s) not about the topic left out)")
        out.extend(f"  Note: {clean(note)}." for note in b.notes)
        return "\n".join(out)
    out = [clean(b.heading), ""]
    multi = len({ln.article_id for ln in b.lines}) > 1 or len(b.articles) > 1
    for ln in b.lines:
        out.append(f"- {clean(ln.text)}" + (f"  [#{ln.article_id}]" if multi else ""))
    out.append("")
    cited = list(dict.fromkeys(ln.article_id for ln in b.lines))
    by_id = {a.id: a for a in b.articles}
    for aid in cited:
        a = by_id.get(aid)
        if a:
            link = f" <{shown_url(a.url)}>" if a.url else ""
            out.append(f"  [#{a.id}] {clean(a.title)}{link}")
    out.extend(f"  Note: {clean(note)}." for note in b.notes)
    return "\n".join(out)


def _source(s: QuoteSource) -> str:
    return f"#{s.article_id} {clean(s.title)}" + (f" <{shown_url(s.url)}>" if s.url else "")


def quote_line(q: DigestQuote) -> str:
    text = f"“{clean(q.text)}”" if q.kind == "direct" else clean(q.text)
    extra = ""
    if len(q.sources) > 1:
        extra = "\n      also in: " + "; ".join(_source(s) for s in q.sources[1:])
    unsure = " (uncertain attribution)" if q.uncertain else ""
    return f"  - [{q.kind}, {clean(q.cue) or 'said'}] {text}{unsure}{extra}"


def actor_digest_text(d: ActorDigest) -> str:
    out = [f"{clean(d.actor.name)}: {d.quote_count} quote(s) in {len(d.groups)} article(s)"]
    if d.also_matching:
        out.append("  (also matching: " + ", ".join(clean(a.name) for a in d.also_matching) + ")")
    for g in d.groups:
        out.append("")
        out.append(f"{day(g.source.when)}  {_source(g.source)}")
        out.extend(quote_line(q) for q in g.quotes)
    if d.truncated:
        out.append("\n(more quotes: raise --limit or narrow with --since)")
    return "\n".join(out)


def actors_text(actors: list[Actor]) -> str:
    if not actors:
        return "No one has been quoted yet."
    return "\n".join(
        f"{clean(a.name)}{' [organisation]' if a.is_organisation else ''}: "
        f"{a.quote_count} quote(s) in {a.article_count} article(s)"
        for a in actors
    )


def digest_text(d: DailyDigest) -> str:
    total = len(d.stories) + d.more_stories
    out = [d.title, f"{d.article_count} article(s), {total} story(ies)"]
    if d.empty:
        out.append("No articles in this period.")
        return "\n".join(out)
    for i, s in enumerate(d.stories, 1):
        out.append("")
        out.append(f"{i}. {clean(s.headline)}")
        for ln in s.lines:
            out.append(f"   - {clean(ln.text)} [#{ln.article_id}]")
        for q in s.quotes:
            text = f"“{clean(q.text)}”" if q.kind == "direct" else clean(q.text)
            out.append(f"   > {text} — {clean(q.speaker)} [#{q.article_id}]")
        shown = s.articles[:SOURCES_SHOWN]
        more = len(s.articles) - len(shown)
        out.append(
            "   sources: "
            + "; ".join(f"#{a.id} {clean(a.site) or clean(a.title)}" for a in shown)
            + (f" and {more} more" if more else "")
        )
    if d.more_stories:
        out.append(f"\n… and {d.more_stories} more stories: run `digest --full` to see them all.")
    return "\n".join(out)


def digest_json(d: DailyDigest) -> dict[str, object]:
    """Every story of a digest with its article ids, sources and summary (`digest --json`)."""
    return {
        "date": d.day.isoformat(),
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "timezone": d.timezone,
        "article_count": d.article_count,
        "story_count": len(d.stories) + d.more_stories,
        "more_stories": d.more_stories,
        "stories": [
            {
                "headline": s.headline,
                "article_ids": [a.id for a in s.articles],
                "sources": [
                    {"id": a.id, "title": a.title, "url": a.url, "site": a.site} for a in s.articles
                ],
                "summary": [{"text": ln.text, "article_id": ln.article_id} for ln in s.lines],
                "quotes": [
                    {
                        "speaker": q.speaker,
                        "text": q.text,
                        "kind": q.kind,
                        "article_id": q.article_id,
                    }
                    for q in s.quotes
                ],
            }
            for s in d.stories
        ],
    }


def feed_line(f: Feed) -> str:
    state = "on" if f.enabled else "OFF"
    err = f" — last error: {clean(f.last_error)}" if f.last_error else ""
    title = f" ({clean(f.title)})" if clean(f.title) else ""
    flt = FeedFilter(f.filter_include, f.filter_exclude)
    rule = "" if flt.empty else f"; filter {clean(flt.describe())}"
    polled = when(f.last_polled_at)
    return f"#{f.id} [{state}] {shown_url(f.url)}{title}{rule}; last polled {polled}{err}"


def follow_line(f: Follow) -> str:
    where = f" in channel {f.channel_id}" if f.channel_id else " (queued only)"
    paused = f" — PAUSED: {clean(f.paused_reason)}" if f.paused_reason else ""
    return f"#{f.id} {f.kind} {clean(f.target)}{where}; {f.sent} sent, {f.queued} waiting{paused}"


def alert_line(a: Alert) -> str:
    what = f"“{clean(a.quote_text)}” ({clean(a.speaker)})" if a.kind == "person" else "story"
    article = f"#{a.article_id} {clean(a.article_title)} {shown_url(a.article_url)}".rstrip()
    return f"[{a.state}] follow #{a.follow_id} {a.kind} {clean(a.target)}: {what} — {article}"


def settings_text(
    follow_role: int | None, digests: list[ScheduleInfo], length: tuple[int, int]
) -> str:
    who = (
        f"Manage Server and members of role {follow_role}" if follow_role else "Manage Server only"
    )
    lines = [f"/follow: {who}", f"digest length: {length[0]} stories, {length[1]} characters"]
    if not digests:
        lines.append("digests: none")
    for d in digests:
        s = d.schedule
        off = "" if s.enabled else " (off)"
        topic = f", topic {clean(s.topic)}" if s.topic else ""
        lines.append(
            f"digest #{s.id}: channel {s.channel_id} at {s.time} ({d.timezone}){topic}{off}"
        )
    return "\n".join(lines)
