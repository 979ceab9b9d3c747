"""Turning documents into article text and metadata.

HTML goes through trafilatura, the standard for main-text extraction (it drops
navigation, footers and comments and reads title, date, site and author from
the page's metadata). Plain text and Markdown only need light clean-up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

import trafilatura

from briefings.errors import InputError
from briefings.text import normalize_text

log = logging.getLogger(__name__)

# Below this many words a "page" is a cookie wall, an index page or an error page.
MIN_ARTICLE_WORDS = 25
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


@dataclass(frozen=True, slots=True)
class Extracted:
    """What an extractor found: text always, metadata when the source has it."""

    text: str
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    canonical_url: str | None = None
    language: str | None = None


def parse_published(value: str | None) -> datetime | None:
    """trafilatura's date string as aware UTC; a bare date becomes noon UTC that day,
    which keeps it on the same calendar day in nearly every time zone."""
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) == 10:
            d = datetime.fromisoformat(v)
            return datetime.combine(d.date(), time(12), tzinfo=UTC)
        try:
            dt = datetime.strptime(v, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    if dt.tzinfo is None:
        if dt.time() == time(0):
            return datetime.combine(dt.date(), time(12), tzinfo=UTC)
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page; `InputError` when there is no article."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # trafilatura raises assorted lxml errors on broken markup
        log.exception("trafilatura failed on %s", url)
        doc = None
    text = normalize_text(getattr(doc, "text", None) or "") if doc is not None else ""
    where = f"at {url}" if url else "in the HTML"
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError(f"No article text found {where}: the page has too little prose.")
    title = _clean(getattr(doc, "title", None))
    # trafilatura keeps the page's <h1> as the first line; the title is stored apart.
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.casefold() and rest.strip():
        text = rest.strip()
    return Extracted(
        text=text,
        title=title,
        site=_clean(getattr(doc, "sitename", None)) or _clean(getattr(doc, "hostname", None)),
        author=_clean(getattr(doc, "author", None)),
        published_at=parse_published(getattr(doc, "date", None)),
        canonical_url=_clean(getattr(doc, "url", None)),
        language=_clean(getattr(doc, "language", None)),
    )


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M)


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article and its first heading (the natural title)."""
    heading = _MD_HEADING.search(md)
    title = heading.group(1).strip() if heading else None
    text = _MD_IMAGE.sub(r"\1", md)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    text = _MD_EMPH.sub(r"\2", text)
    text = normalize_text(text)
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()
    return text, title


def guess_title(text: str, limit: int = 120) -> str:
    """A title for text pasted without one: a short first line, else the first words."""
    first = text.strip().split("\n", 1)[0].strip()
    if 0 < len(first) <= limit and not first.endswith((".", "!", "?", ":")):
        return first
    words = first.split()
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit - 1:
            return out.rstrip(",;:") + "…"
        out = f"{out} {w}".strip()
    return out or "Untitled"


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    v = " ".join(value.split())
    return v or None
