"""RSS and Atom: recognising a feed and reading its entries (feedparser)."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import lxml.html

from briefings.text import normalize_text

_FEED_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_FEED_TYPES = ("rss", "atom", "rdf", "xml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # stable id: the entry's guid, else its link, else a hash
    link: str | None
    title: str | None
    published_at: datetime | None
    content_text: str  # the entry's own text (summary or full content), may be short


@dataclass(frozen=True, slots=True)
class FeedDoc:
    title: str | None
    entries: list[FeedEntry]


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """True when the bytes are an RSS/Atom document (by type or by their first tag)."""
    ct = content_type.lower()
    if any(t in ct for t in _FEED_TYPES) and "html" not in ct:
        return bool(_FEED_SNIFF.match(body[:2048])) or "rss" in ct or "atom" in ct
    return bool(_FEED_SNIFF.match(body[:2048]))


def _html_text(fragment: str) -> str:
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return normalize_text(fragment)
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml.etree.ParserError):
        return normalize_text(fragment)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        p.tail = "\n\n" + (p.tail or "")
    return normalize_text(root.text_content())


def _when(entry: feedparser.FeedParserDict) -> datetime | None:
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(field)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def parse_feed(body: bytes) -> FeedDoc | None:
    """The feed's title and entries; None when the bytes are not a feed at all."""
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        return None
    entries: list[FeedEntry] = []
    for e in parsed.entries:
        link = e.get("link") or None
        title = " ".join((e.get("title") or "").split()) or None
        contents = [c.get("value", "") for c in e.get("content", []) if c.get("value")]
        text = _html_text(max(contents, key=len)) if contents else ""
        summary = _html_text(e.get("summary", ""))
        if len(summary) > len(text):
            text = summary
        key = e.get("id") or link
        if not key:
            key = "sha1:" + hashlib.sha1(f"{title}|{text[:200]}".encode()).hexdigest()
        entries.append(FeedEntry(str(key), link, title, _when(e), text))
    title = " ".join((parsed.feed.get("title") or "").split()) or None
    return FeedDoc(title, entries)
