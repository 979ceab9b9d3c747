"""Core records as Discord embeds. Text from articles is escaped (`cogs.utils.markdown`) so
stray `*`/`_` never turn into formatting and no title, quote or URL can add a link of its
own; invisible characters are removed; every brief line links back to its article."""

from __future__ import annotations

from datetime import datetime

import discord

from briefings.briefs.brief_service import NO_MATCH, NONE_IN_PERIOD, Brief, BriefLine, BriefStory
from briefings.digest import DailyDigest, ScheduleStatus
from briefings.digest.daily import SOURCES_SHOWN, Story, StoryQuote
from briefings.digest.schedule import ScheduleInfo
from briefings.feeds.filters import FeedFilter
from briefings.ingest import IngestResult
from briefings.languages import quotes_unsupported_note
from briefings.models import Actor, Alert, Article, Feed, Follow, SentenceSpan, StoredQuote
from briefings.quotebook.lookup import ActorDigest, DigestQuote, QuoteSource
from cogs.utils.limits import (
    DESCRIPTION,
    FIELD_VALUE,
    FOOTER,
    TITLE,
    Section,
    clip,
    fit_content,
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


def source_ref(a: Article) -> str:
    """A story's source: its site (or title) linked to its URL, else `/article id:N`."""
    url = safe_url(a.url)
    if url:
        return f"[{esc_clip(plain(a.site) or a.title, 40)}]({url})"
    return f"`/article id:{a.id}`"


def story_block(i: int, story: BriefStory) -> str:
    head = f"**{i}. {esc_clip(story.title, 200)}**"
    shown = story.articles[:SOURCES_SHOWN]
    more = len(story.articles) - len(shown)
    sources = ", ".join(source_ref(a) for a in shown) + (f" and {more} more" if more else "")
    return "\n".join([head, *(brief_line(x) for x in story.lines), f"Sources: {sources}"])


def empty_brief_text(brief: Brief) -> str:
    """Why a brief is empty, in plain words, and what to try instead."""
    if brief.empty_reason == NO_MATCH:
        q = esc_clip(brief.query or "", 100)
        some = f" ({brief.off_topic} matched only some of its words)" if brief.off_topic else ""
        return (
            f"No stored article is about “{q}”{some}. Try fewer words, "
            "`/search query:` or `/brief latest`."
        )
    if brief.empty_reason == NONE_IN_PERIOD and brief.latest_at is not None:
        when = "today" if brief.heading.startswith("Today") else "in this period"
        return (
            f"No articles were stored {when}; the latest is from {_day(brief.latest_at)}. "
            "Try `/brief latest`."
        )
    return (
        "No articles are stored in this server yet. Add one with `/ingest url:` "
        "or follow a feed with `/feeds add`."
    )


def brief_embeds(brief: Brief) -> list[discord.Embed]:
    if brief.empty:
        return [
            discord.Embed(
                title=esc_clip(brief.heading, TITLE),
                colour=WARN,
                description=empty_brief_text(brief),
            )
        ]
    cited = list(dict.fromkeys(ln.article_id for ln in brief.lines))
    footer = (
        f"{len(brief.lines)} sentence(s) from {len(cited)} of {len(brief.articles)} "
        f"article(s) · method: {brief.method}"
    )
    if brief.off_topic:
        footer += f" · {brief.off_topic} search hit(s) not about the topic left out"
    if brief.notes:  # e.g. a size limit applied: the reader should know what was read
        footer += " · " + "; ".join(plain(n) for n in brief.notes)
    if len(brief.articles) > 1 and brief.stories:
        blocks = [story_block(i, st) for i, st in enumerate(brief.stories, 1)]
        return section_embeds(
            Section(
                esc_clip(brief.heading, TITLE),
                blocks,
                footer=footer,
                colour=BRAND,
                sep="\n\n",
            )
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


def article_intro(a: Article, spans: list[SentenceSpan], limit: int = 1000) -> str:
    """The article's opening sentences up to about `limit` characters, cut at a sentence
    boundary and ending in " …" when there is more."""
    out = ""
    for sp in spans:
        sentence = " ".join(a.text[sp.start : sp.end].split())
        if out and len(out) + 1 + len(sentence) > limit:
            return out + " …"
        out = f"{out} {sentence}".strip()
        if len(out) > limit:
            return clip(out, limit)
    if not spans:
        text = " ".join(a.text.split())
        return text if len(text) <= limit else clip(text, limit)
    return out


def article_embed(
    a: Article, spans: list[SentenceSpan], quotes: list[StoredQuote]
) -> discord.Embed:
    intro = article_intro(a, spans)
    sentence_count = len(spans)
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
    unsure = ""
    if q.uncertain:
        sure = f" ({q.confidence:.0%} sure)" if q.confidence is not None else ""
        unsure = f"\n  ⚠ *uncertain attribution{sure}*"
    return f"> {shown}{cue}{also}{unsure}"


def actor_pages(d: ActorDigest) -> list[discord.Embed]:
    """The quote digest as pages (one embed each), newest articles first; its note (e.g.
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
    if d.note:
        footer += f" · {d.note}"
    pages = []
    for i, chunk in enumerate(chunks, 1):
        e = discord.Embed(title=title, description=chunk, colour=BRAND)
        e.set_footer(text=clip(f"{footer} · page {i}/{len(chunks)}", FOOTER))
        pages.append(e)
    return pages


def actors_embed(actors: list[Actor], shown: int = 50) -> discord.Embed:
    if not actors:
        return discord.Embed(
            title="People quoted",
            colour=WARN,
            description="No one has been quoted yet: `/ingest` some articles.",
        )
    lines = [
        f"**{esc(a.name)}**{' (organisation)' if a.is_organisation else ''}: "
        f"{a.quote_count} quote(s) in {a.article_count} article(s)"
        for a in actors
    ]
    page = pack_lines(lines, DESCRIPTION - 100)[0]
    listed = min(shown, page.count("\n") + 1)
    page = "\n".join(page.split("\n")[:listed])
    if len(actors) > listed:
        page += f"\n… and {len(actors) - listed} more: see one with `/quotes actor:`."
    return discord.Embed(title="People quoted", colour=BRAND, description=page)


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


def _sources(articles: list[Article], shown: int = SOURCES_SHOWN) -> str:
    refs = [
        f"{article_ref(a.id, a.url)} {esc_clip(plain(a.site) or a.title, 40)}"
        for a in articles[:shown]
    ]
    more = f" and {len(articles) - shown} more" if len(articles) > shown else ""
    return ", ".join(refs) + more


def story_quote(q: StoryQuote) -> str:
    body = esc(q.text)
    shown = f"“{body}”" if q.kind == "direct" else body
    org = " (organisation)" if q.is_organisation else ""
    return f"> {shown} — **{esc(q.speaker)}**{org} {article_ref(q.article_id, q.url)}"


def digest_messages(d: DailyDigest) -> list[discord.Embed]:
    """Every embed of a digest, in order; the caller packs them into messages."""
    head, stories = digest_parts(d)
    out = head[:1]
    for _, _, embeds in stories:
        out.extend(embeds)
    return out + head[1:]


def digest_parts(
    d: DailyDigest,
) -> tuple[list[discord.Embed], list[tuple[Story, str, list[discord.Embed]]]]:
    """A digest as its heading embeds (the heading, then the "and N more" note, if any)
    and, per story shown, (story, its title, its embeds): what a digest in threads posts
    in the channel and inside each story's thread."""
    head = discord.Embed(title=esc_clip(d.title, TITLE), colour=BRAND)
    if d.empty:
        head.description = "No articles came in for this period."
        return [head], []
    total = len(d.stories) + d.more_stories
    head.description = (
        f"{d.article_count} article(s) in {total} story(ies), "
        f"{discord.utils.format_dt(d.start, 'f')} to {discord.utils.format_dt(d.end, 'f')}."
    )
    if d.more_stories:
        head.description += f" The {len(d.stories)} most covered are below."
    heading = [head]
    stories = []
    for i, s in enumerate(d.stories, 1):
        lines = [brief_line(x) for x in s.lines]
        lines.extend(story_quote(q) for q in s.quotes)
        lines.append(f"Sources: {_sources(s.articles)}")
        title = f"{i}. {esc_clip(s.headline, TITLE - 10)}"
        stories.append((s, title, section_embeds(Section(title, lines, colour=BRAND))))
    if d.more_stories:
        heading.append(
            discord.Embed(
                description=f"… and {d.more_stories} more stories: `/digest now full:true` "
                "or `/brief today`."
            )
        )
    return heading, stories


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
    if s.topic:
        e.add_field(name="Topic", value=esc_clip(s.topic, 200))
    if s.threads:
        e.add_field(name="Threads", value="a thread per story")
    if s.schedule_id is not None:
        e.set_footer(text=f"Digest #{s.schedule_id}: /digest list shows every digest")
    return e


def schedules_embed(infos: list[ScheduleInfo]) -> discord.Embed:
    """`/digest list`: each digest with its id, channel, time, topic, next run or pause."""
    if not infos:
        return discord.Embed(
            title="Digests",
            colour=WARN,
            description="No digest yet: set one with `/digest schedule`.",
        )
    lines = []
    for info in infos:
        s = info.schedule
        if not s.enabled:
            state = "**off**"
        elif s.paused_reason is not None:
            state = f"**paused**: {esc_clip(s.paused_reason, 150)}"
        elif info.next_run is not None:
            state = f"next {discord.utils.format_dt(info.next_run, 'R')}"
        else:
            state = "on"
        what = f"topic: {esc_clip(s.topic, 80)}" if s.topic else "every story"
        how = ", a thread per story" if s.threads else ""
        last = f", last posted {info.last_posted}" if info.last_posted else ""
        lines.append(
            f"`#{s.id}` <#{s.channel_id}> at {s.time} ({info.timezone}): {what}{how}; {state}{last}"
        )
    return discord.Embed(
        title="Digests", colour=BRAND, description=pack_lines(lines, DESCRIPTION)[0]
    )


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
        flt = FeedFilter(f.filter_include, f.filter_exclude)
        rule = "" if flt.empty else f"\n  filter: {esc_clip(flt.describe(), 300)}"
        lines.append(f"`#{f.id}` [{state}]{title} {url_text(f.url)}{where}{rule}{err}")
    return discord.Embed(title="Feeds", colour=BRAND, description=pack_lines(lines, DESCRIPTION)[0])


def alert_message(alert: Alert) -> tuple[str, discord.Embed]:
    """An alert as (content, embed). Everything from articles is in the embed, escaped;
    the content is fixed words and, when the follow has one, its role's mention."""
    ping = f"<@&{alert.role_id}> " if alert.role_id else ""
    if alert.kind == "person":
        head = f"New statement by {esc_clip(alert.speaker or alert.target, 150)}"
        body = f"“{esc_clip(alert.quote_text, 1500)}”"
    else:
        head = f"New story on {esc_clip(alert.target, 200)}"
        body = ""
    title = esc_clip(alert.article_title, TITLE)
    embed = discord.Embed(title=title, url=safe_url(alert.article_url), colour=BRAND)
    if body:
        embed.description = body
    source = esc_clip(alert.article_site, 200) if plain(alert.article_site) else ""
    where = url_text(alert.article_url) if alert.article_url else f"article #{alert.article_id}"
    embed.add_field(name="Source", value=f"{source} {where}".strip()[:1024], inline=False)
    embed.add_field(name="Date", value=_day(alert.article_when), inline=True)
    embed.set_footer(text=f"follow #{alert.follow_id} · article #{alert.article_id}")
    return fit_content(f"{ping}{head}"), embed


def follows_embed(follows: list[Follow]) -> discord.Embed:
    if not follows:
        return discord.Embed(
            title="Follows",
            colour=WARN,
            description="No follows yet: `/follow person` or `/follow topic`.",
        )
    lines = []
    for f in follows:
        what = (
            f"person **{esc_clip(f.target, 100)}**"
            if f.kind == "person"
            else (f"topic **{esc_clip(f.target, 100)}**")
        )
        where = f" → <#{f.channel_id}>" if f.channel_id else " (queued only)"
        role = f" pings <@&{f.role_id}>" if f.role_id else ""
        counts = f" · {f.sent} sent, {f.queued} waiting"
        paused = f"\n  **paused**: {esc_clip(f.paused_reason, 200)}" if f.paused_reason else ""
        lines.append(f"`#{f.id}` {what}{where}{role}{counts}{paused}")
    return discord.Embed(
        title="Follows", colour=BRAND, description=pack_lines(lines, DESCRIPTION)[0]
    )


def settings_embed(
    follow_role: int | None, digests: list[ScheduleInfo], length: tuple[int, int]
) -> discord.Embed:
    """`/settings show`: who may use /follow, the server's digests in short, their length."""
    who = (
        f"Manage Server, and members of <@&{follow_role}>"
        if follow_role
        else "Manage Server only (let a role in with `/settings follow-role`)"
    )
    lines = [
        f"`#{i.schedule.id}` <#{i.schedule.channel_id}> at {i.schedule.time} ({i.timezone})"
        + ("" if i.schedule.enabled else " **off**")
        for i in digests
    ]
    embed = discord.Embed(title="Server settings", colour=BRAND)
    embed.add_field(name="Who may use /follow", value=who, inline=False)
    embed.add_field(
        name="Digests (details: /digest list)",
        value=pack_lines(lines, FIELD_VALUE)[0] if lines else "None: `/digest schedule`.",
        inline=False,
    )
    embed.add_field(
        name="Digest length (/digest length)",
        value=f"{length[0]} stories, {length[1]:,} characters",
        inline=False,
    )
    return embed
