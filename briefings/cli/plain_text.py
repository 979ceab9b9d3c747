"""Plain-text rendering of briefs, quote digests and daily digests (for the CLI).

The Discord cogs render the same records as embeds; keeping this text form in
the core lets people use Briefings from a terminal with no Discord at all.

Stored text is shown without its invisible characters (`strip_invisible`: a bidi
override in a title would reorder the line on the terminal), and URLs with those
characters percent-encoded, so what people read is what is stored.
"""

from __future__ import annotations

from datetime import datetime

from briefings.briefs.brief_service import Brief
from briefings.digest import DailyDigest
from briefings.languages import language_name
from briefings.models import Actor, Article, Feed
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


def brief_text(b: Brief) -> str:
    if b.empty:
        return f"{clean(b.heading)}\n  (no articles to brief on)"
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
    return f"  - [{q.kind}, {clean(q.cue) or 'said'}] {text}{extra}"


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
        f"{clean(a.name)}: {a.quote_count} quote(s) in {a.article_count} article(s)" for a in actors
    )


def digest_text(d: DailyDigest) -> str:
    out = [d.title, f"{d.article_count} article(s), {len(d.stories)} story(ies)"]
    if d.empty:
        out.append("No articles in this period.")
        return "\n".join(out)
    for i, s in enumerate(d.stories, 1):
        out.append("")
        out.append(f"{i}. {clean(s.headline)}")
        for ln in s.lines:
            out.append(f"   - {clean(ln.text)} [#{ln.article_id}]")
        out.append(
            "   sources: "
            + "; ".join(f"#{a.id} {clean(a.site) or clean(a.title)}" for a in s.articles)
        )
    if d.more_stories:
        out.append(f"\n(+{d.more_stories} more stories)")
    if d.actors:
        out.append("")
        out.append("Who said what")
        for aq in d.actors:
            out.append(f"* {clean(aq.name)} ({aq.quote_count})")
            out.extend("  " + quote_line(q) for q in aq.quotes)
    return "\n".join(out)


def feed_line(f: Feed) -> str:
    state = "on" if f.enabled else "OFF"
    err = f" — last error: {clean(f.last_error)}" if f.last_error else ""
    title = f" ({clean(f.title)})" if clean(f.title) else ""
    return f"#{f.id} [{state}] {shown_url(f.url)}{title}; last polled {when(f.last_polled_at)}{err}"
