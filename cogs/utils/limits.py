"""Discord's message limits, and packing text into embeds without cutting sentences.

Discord rejects a message whose embeds exceed these limits. Long digests are
split into several embeds and messages at line boundaries (each line is a
sentence or a quote), never mid-sentence; only a single line longer than a
whole embed is broken, at a word boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT = 2000
CHOICE_NAME = 100
CHOICE_VALUE = 100
CHOICES = 25
CONTINUED = " (cont.)"


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters at a word boundary, marking the cut with '…'.

    A backslash left at the cut is dropped too: it would escape the '…' in Markdown."""
    text = text or ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:\\") + "…"


LONG_WORD = 200
_SPACES_RE = re.compile(r"(\s+)")


def fit_content(text: str, limit: int = CONTENT) -> str:
    """A message's text as Discord will take it: words longer than `LONG_WORD` characters
    (a pasted URL, say) shortened in the middle, so the words around them survive, then the
    whole clipped to `limit` (2,000: longer, Discord refuses the message and nobody is told)."""
    parts = _SPACES_RE.split(text or "")
    short = "".join(w if len(w) <= LONG_WORD else f"{w[: LONG_WORD - 21]}…{w[-20:]}" for w in parts)
    return clip(short, limit)


def split_long_line(line: str, limit: int) -> list[str]:
    """A line too long for one container, broken at word boundaries."""
    out: list[str] = []
    rest = line
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(rest)
    return out


def pack_lines(lines: list[str], limit: int, sep: str = "\n") -> list[str]:
    """Join lines into chunks of at most `limit` characters, splitting only between lines."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        pieces = [line] if len(line) <= limit else split_long_line(line, limit)
        for piece in pieces:
            candidate = f"{current}{sep}{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


@dataclass
class Section:
    """A titled block of lines: one story, one actor's quotes, one brief."""

    title: str
    lines: list[str]
    url: str | None = None
    footer: str | None = None
    colour: int | None = None
    sep: str = "\n"  # between lines; "\n\n" between blocks such as stories


def section_embeds(section: Section) -> list[discord.Embed]:
    """One section as one or more embeds (continuations are titled '… (cont.)')."""
    chunks = pack_lines(section.lines, DESCRIPTION, sep=section.sep) or [""]
    embeds = []
    for i, chunk in enumerate(chunks):
        title = (
            clip(section.title, TITLE)
            if i == 0
            else (clip(section.title, TITLE - len(CONTINUED)) + CONTINUED)
        )
        e = discord.Embed(
            title=title,
            description=chunk or None,
            url=section.url if i == 0 else None,
            colour=section.colour,
        )
        if i == len(chunks) - 1 and section.footer:
            e.set_footer(text=clip(section.footer, TOTAL - TITLE - DESCRIPTION - 10))
        embeds.append(e)
    return embeds


def pack_messages(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages: at most 10 per message and 6000 characters in all."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for e in embeds:
        n = len(e)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + n > TOTAL):
            messages.append(current)
            current, size = [], 0
        current.append(e)
        size += n
    if current:
        messages.append(current)
    return messages


def check_embed(embed: discord.Embed) -> None:
    """Raise ValueError if `embed` breaks a Discord limit (used by tests and as a guard)."""
    if embed.title and len(embed.title) > TITLE:
        raise ValueError("title too long")
    if embed.description and len(embed.description) > DESCRIPTION:
        raise ValueError("description too long")
    if len(embed.fields) > FIELDS:
        raise ValueError("too many fields")
    for f in embed.fields:
        if len(f.name or "") > FIELD_NAME or len(f.value or "") > FIELD_VALUE:
            raise ValueError("field too long")
    if len(embed) > TOTAL:
        raise ValueError("embed too long")
