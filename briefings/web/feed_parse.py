"""RSS and Atom: recognising a feed and reading its entries (feedparser)."""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

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


def feed_base(final_url: str | None, headers: Mapping[str, str] | None = None) -> str | None:
    """The URL a feed's relative links are relative to: its Content-Location (itself
    resolved against where the feed was fetched from) when the server sends one, else the
    feed's final URL after redirects."""
    location = (headers or {}).get("content-location", "").strip()
    if location and final_url:
        return urljoin(final_url, location)
    return location or final_url or None


def _web_link(link: str | None, base: str | None) -> str | None:
    """`link` made absolute against `base`; None unless it is an http(s) address."""
    if not link or not link.strip():
        return None
    absolute = urljoin(base, link.strip()) if base else link.strip()
    parts = urlsplit(absolute)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return absolute


def parse_feed(body: bytes, base_url: str | None = None) -> FeedDoc | None:
    """The feed's title and entries; None when the bytes are not a feed at all.

    Entry links are resolved against the document's own `xml:base` (feedparser) and then
    against `base_url` (`feed_base`: the feed's Content-Location or final URL), so a link
    like "/2024/05/story" is fetchable. We resolve rather than hand the base to feedparser
    because feedparser would also resolve every guid: a bare "3f2a-..." guid would become
    a made-up page address to fetch, and entry keys already stored would change. A link
    that is no web address (a non-URL guid feedparser took for a link, "urn:", "mailto:")
    is dropped: such an entry is stored from its own text when it has enough.
    """
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        return None
    entries: list[FeedEntry] = []
    for e in parsed.entries:
        raw = e.get("link") or None
        if raw and raw == e.get("id") and "/" not in raw and not _web_link(raw, None):
            raw = None  # a guid that is neither a URL nor a path: no page of the feed
        link = _web_link(raw, base_url)
        title = " ".join((e.get("title") or "").split()) or None
        contents = [c.get("value", "") for c in e.get("content", []) if c.get("value")]
        text = _html_text(max(contents, key=len)) if contents else ""
        summary = _html_text(e.get("summary", ""))
        if len(summary) > len(text):
            text = summary
        key = e.get("id") or raw
        if not key:
            key = "sha1:" + hashlib.sha1(f"{title}|{text[:200]}".encode()).hexdigest()
        entries.append(FeedEntry(str(key), link, title, _when(e), text))
    title = " ".join((parsed.feed.get("title") or "").split()) or None
    return FeedDoc(title, entries)
