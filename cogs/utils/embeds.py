"""Core records as Discord embeds. Text from articles is escaped (`cogs.utils.markdown`) so
stray `*`/`_` never turn into formatting and no title, quote or URL can add a link of its
own; invisible characters are removed; every brief line links back to its article."""

from __future__ import annotations

from datetime import datetime

import discord

from briefings.briefs.brief_service import Brief, BriefLine
from briefings.digest import DailyDigest, ScheduleStatus
from briefings.ingest import IngestResult
from briefings.languages import quotes_unsupported_note
from briefings.models import Actor, Article, Feed, StoredQuote
from briefings.quotebook.lookup import ActorDigest, DigestQuote, QuoteSource
from cogs.utils.limits import (
    DESCRIPTION,
    FIELD_VALUE,
    FOOTER,
    TITLE,
    Section,
    clip,
    pack_lines,
    section_embeds,
)
from cogs.utils.markdown import esc, esc_clip, link, plain, safe_url, url_text

BRAND = 0x2B6CB0
WARN = 0xC05621
OK = 0x2F855A


def _day(dt: datetime | None) -> str:
    return discord.utils.format_dt(dt, "D") if dt else "undated"


def article_ref(article_id: int, url: str | None) -> str:
    """`[#12](url)` when the article has an http(s) URL (percent-encoded so it cannot end the
    link early or add another), else `#12`."""
    return link(f"#{article_id}", url)


def brief_line(line: BriefLine) -> str:
    return f"• {esc(line.text)} {article_ref(line.article_id, line.article_url)}"


def brief_embeds(brief: Brief) -> list[discord.Embed]:
    if brief.empty:
        return [
            discord.Embed(
                title=esc_clip(brief.heading, TITLE),
                colour=WARN,
                description="No stored articles to brief on yet: add some with `/ingest`.",
            )
        ]
    cited = list(dict.fromkeys(ln.article_id for ln in brief.lines))
    footer = (
        f"{len(brief.lines)} sentence(s) from {len(cited)} of {len(brief.articles)} "
        f"article(s) · method: {brief.method}"
    )
    url = brief.articles[0].url if len(brief.articles) == 1 else None
    return section_embeds(
        Section(
            esc_clip(brief.heading, TITLE),
            [brief_line(x) for x in brief.lines],
            url=safe_url(url),
            footer=footer,
            colour=BRAND,
        )
    )


def ingest_embed(r: IngestResult) -> discord.Embed:
    a = r.article
    if r.duplicate:
        head = f"Already stored: #{a.id} "
        e = discord.Embed(
            title=head + esc_clip(a.title, TITLE - len(head)),
            url=safe_url(a.url),
            colour=WARN,
            description="This article matches one this server already has; nothing new was stored.",
        )
    else:
        head = f"Stored #{a.id}: "
        e = discord.Embed(
            title=head + esc_clip(a.title, TITLE - len(head)), url=safe_url(a.url), colour=OK
        )
    e.add_field(name="Sentences", value=str(r.sentence_count))
    if r.quotes_by_actor:
        who = "\n".join(f"{esc(n)}: {c}" for n, c in r.quotes_by_actor.items())
        e.add_field(name="Quotes by person", value=clip(who, FIELD_VALUE), inline=False)
    else:
        note = quotes_unsupported_note(a.language)
        e.add_field(name="Quotes", value=note[:1].upper() + note[1:] if note else "none attributed")
    if plain(a.site):
        e.set_footer(text=plain(a.site, 200))
    return e


def article_embed(a: Article, sentence_count: int, quotes: list[StoredQuote]) -> discord.Embed:
    intro = " ".join(a.text.split()[:120])
    head = f"#{a.id} "
    e = discord.Embed(
        title=head + esc_clip(a.title, TITLE - len(head)),
        url=safe_url(a.url),
        colour=BRAND,
        description=esc_clip(intro, 1500) or None,
    )
    e.add_field(name="Published", value=_day(a.published_at) if a.published_at else "unknown")
    e.add_field(name="Stored", value=_day(a.ingested_at))
    e.add_field(name="Size", value=f"{a.word_count} words, {sentence_count} sentences")
    speakers: dict[str, int] = {}
    for q in quotes:
        if q.speaker:
            speakers[q.speaker] = speakers.get(q.speaker, 0) + 1
    if speakers:
        e.add_field(
            name="Quoted",
            value=clip(", ".join(f"{esc(n)} ({c})" for n, c in speakers.items()), FIELD_VALUE),
            inline=False,
        )
    elif note := quotes_unsupported_note(a.language):
        e.add_field(name="Quoted", value=note[:1].upper() + note[1:], inline=False)
    byline = " · ".join(x for x in (plain(a.site), plain(a.author)) if x)
    if byline:
        e.set_footer(text=clip(byline, 200))
    return e


def _source_ref(s: QuoteSource) -> str:
    return f"{article_ref(s.article_id, s.url)} {esc_clip(s.title, 80)}"


def quote_text(q: DigestQuote) -> str:
    body = esc(q.text)
    shown = f"“{body}”" if q.kind == "direct" else body
    cue = f" — *{esc(q.cue)}*" if q.cue else ""
    also = ""
    if len(q.sources) > 1:
        also = "\n  also in " + ", ".join(_source_ref(s) for s in q.sources[1:4])
        if len(q.sources) > 4:
            also += f" and {len(q.sources) - 4} more"
    return f"> {shown}{cue}{also}"


def actor_pages(d: ActorDigest, note: str | None = None) -> list[discord.Embed]:
    """The quote digest as pages (one embed each), newest articles first; `note` (e.g.
    which stored articles' languages have no quote extraction) ends the footer."""
    blocks = []
    for g in d.groups:
        head = f"**{_day(g.source.when)} · {_source_ref(g.source)}**"
        blocks.append("\n".join([head, *(quote_text(q) for q in g.quotes)]))
    chunks = pack_lines(blocks, DESCRIPTION - 200, sep="\n\n") or ["No quotes in this period."]
    title = f"What {esc_clip(d.actor.name, TITLE - 10)} said"
    footer = f"{d.quote_count} quote(s) in {len(d.groups)} article(s)"
    if d.truncated:
        footer += " · more available: raise the limit"
    if d.also_matching:
        footer += " · also matching: " + ", ".join(plain(a.name) for a in d.also_matching[:3])
    if note:
        footer += f" · {note}"
    pages = []
    for i, chunk in enumerate(chunks, 1):
        e = discord.Embed(title=title, description=chunk, colour=BRAND)
        e.set_footer(text=clip(f"{footer} · page {i}/{len(chunks)}", FOOTER))
        pages.append(e)
    return pages


def actors_embed(actors: list[Actor]) -> discord.Embed:
    if not actors:
        return discord.Embed(
            title="People quoted",
            colour=WARN,
            description="No one has been quoted yet: `/ingest` some articles.",
        )
    lines = [
        f"**{esc(a.name)}**: {a.quote_count} quote(s) in {a.article_count} article(s)"
        for a in actors
    ]
    return discord.Embed(
        title="People quoted", colour=BRAND, description=pack_lines(lines, DESCRIPTION)[0]
    )


def _snippet(snippet: str) -> str:
    """A search snippet escaped, keeping the store's **bold** hit markers."""
    return "**".join(esc(part) for part in snippet.split("**"))


def search_embed(query: str, hits: list[tuple[Article, str]]) -> discord.Embed:
    title = "Search: " + esc_clip(query, TITLE - 8)
    if not hits:
        return discord.Embed(
            title=title,
            colour=WARN,
            description="No stored article matches.",
        )
    lines = []
    for a, snippet in hits:
        lines.append(
            f"**{article_ref(a.id, a.url)} {esc_clip(a.title, 150)}**\n{_snippet(snippet)}"
        )
    return discord.Embed(
        title=title,
        colour=BRAND,
        description=pack_lines(lines, DESCRIPTION, sep="\n\n")[0],
    )


def digest_messages(d: DailyDigest) -> list[discord.Embed]:
    """Every embed of a digest, in order; the caller packs them into messages."""
    head = discord.Embed(title=esc_clip(d.title, TITLE), colour=BRAND)
    if d.empty:
        head.description = "No articles came in for this period."
        return [head]
    head.description = (
        f"{d.article_count} article(s) in {len(d.stories) + d.more_stories} "
        f"story(ies), {discord.utils.format_dt(d.start, 'f')} to "
        f"{discord.utils.format_dt(d.end, 'f')}."
    )
    embeds = [head]
    for i, s in enumerate(d.stories, 1):
        lines = [brief_line(x) for x in s.lines]
        sources = ", ".join(
            f"{article_ref(a.id, a.url)} {esc_clip(plain(a.site) or a.title, 40)}"
            for a in s.articles
        )
        lines.append(f"Sources: {sources}")
        title = f"{i}. {esc_clip(s.headline, TITLE - 10)}"
        embeds.extend(section_embeds(Section(title, lines, colour=BRAND)))
    if d.more_stories:
        embeds.append(discord.Embed(description=f"… and {d.more_stories} more stories."))
    if d.actors:
        lines = []
        for aq in d.actors:
            lines.append(f"**{esc(aq.name)}** ({aq.quote_count})")
            lines.extend(quote_text(q) for q in aq.quotes)
        embeds.extend(section_embeds(Section("Who said what", lines, colour=BRAND)))
    return embeds


def schedule_embed(s: ScheduleStatus) -> discord.Embed:
    if not s.enabled:
        return discord.Embed(
            title="Daily digest: off",
            colour=WARN,
            description="Turn it on with `/digest schedule`.",
        )
    if s.paused_reason is not None:
        e = discord.Embed(
            title="Daily digest: paused",
            colour=WARN,
            description=(
                f"Paused: the bot cannot post in <#{s.channel_id}> "
                f"({esc_clip(s.paused_reason, 200)}); run `/digest schedule` again to resume."
            ),
        )
    else:
        e = discord.Embed(title="Daily digest: on", colour=OK)
    e.add_field(name="Channel", value=f"<#{s.channel_id}>")
    e.add_field(name="Time", value=f"{s.time} ({s.timezone})")
    e.add_field(name="Next", value=discord.utils.format_dt(s.next_run, "R") if s.next_run else "-")
    e.add_field(name="Last posted", value=s.last_posted or "never")
    return e


def feeds_embed(feeds: list[Feed]) -> discord.Embed:
    if not feeds:
        return discord.Embed(
            title="Feeds", colour=WARN, description="No feeds yet: add one with `/feeds add`."
        )
    lines = []
    for f in feeds:
        state = "on" if f.enabled else "**off**"
        where = f" → <#{f.channel_id}>" if f.channel_id else ""
        err = f"\n  last error: {esc_clip(f.last_error, 150)}" if f.last_error else ""
        title = f" {esc_clip(f.title, 60)}" if plain(f.title) else ""
        lines.append(f"`#{f.id}` [{state}]{title} {url_text(f.url)}{where}{err}")
    return discord.Embed(title="Feeds", colour=BRAND, description=pack_lines(lines, DESCRIPTION)[0])
