"""Putting stored text and URLs into Discord Markdown without letting them break out.

Anything from an article (title, text, site, quote, a person's name) or a URL is
attacker-controlled: a page can name itself `[Reuters: official statement](https://evil)`
and a feed can link to `https://site/a)[Reuters](https://evil)`. So:

* text is escaped (`esc`): every character Discord reads as formatting, and every `[`, `]`,
  `(`, `)`, `<`, `>`, gets a backslash, so no masked link, mention, timestamp or formatting can
  form; URLs inside the text are percent-encoded instead (a backslash would break them);
* URLs are percent-encoded (`safe_url`) before they go into `[label](url)` or `<url>`: no
  character that ends or opens a link, or formats text, is left in them; only http(s)
  URLs become links, anything else is shown inert;
* invisible characters (bidi overrides, zero-width characters, controls) are removed from
  text first (`briefings.text.strip_invisible`), so what people read is what is there.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from briefings.text import strip_invisible
from cogs.utils.limits import LONG_WORD, clip

# Characters with a meaning anywhere in a line: formatting, links, mentions and escapes.
_INLINE_RE = re.compile(r"([\\*_~|`\[\]()<>])")
# Characters with a meaning at the start of a line: quotes, headings, lists, subtext.
_LINE_START_RE = re.compile(r"^([ \t]*)([>#+-])", re.MULTILINE)
_ORDERED_LIST_RE = re.compile(r"^([ \t]*\d+)([.)])(?=\s)", re.MULTILINE)
# A URL in running text; trailing punctuation belongs to the sentence, not the URL.
_TEXT_URL_RE = re.compile(r"(?i)\bhttps?://\S*[^\s.,;:!?'\")\]]")

# Characters percent-encoded in URLs shown in Markdown: they end or open a masked link or
# an <autolink>, start formatting, or escape the next character.
_URL_UNSAFE = frozenset("()[]<>`*_|~\\\"'{}^")
_LINK_SCHEMES = ("http", "https")


def _encode_char(c: str) -> str:
    if c in _URL_UNSAFE or c.isspace() or not c.isprintable():
        return "".join(f"%{b:02X}" for b in c.encode("utf-8"))
    return c


def encode_url(url: str) -> str:
    """`url` with every Markdown-significant, space, control and invisible character
    percent-encoded (existing %XX escapes are kept as they are)."""
    return "".join(_encode_char(c) for c in url.strip())


def safe_url(url: str | None) -> str | None:
    """`url` percent-encoded so it can go into `[label](url)` or `<url>`, or None when it
    is not an http(s) URL with a host (such a URL is never made a link)."""
    if not url:
        return None
    encoded = encode_url(url)
    try:
        parts = urlsplit(encoded)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.netloc:
        return None
    return encoded


def _escape_plain(text: str) -> str:
    text = _INLINE_RE.sub(r"\\\1", text)
    text = _LINE_START_RE.sub(r"\1\\\2", text)
    return _ORDERED_LIST_RE.sub(r"\1\\\2", text)


def esc(text: str | None) -> str:
    """Stored text made inert in Discord Markdown: invisible characters removed, formatting,
    link, mention and escape characters backslash-escaped, URLs percent-encoded."""
    text = strip_invisible(text or "")
    out: list[str] = []
    pos = 0
    for m in _TEXT_URL_RE.finditer(text):
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(encode_url(m.group(0)))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def esc_clip(text: str | None, limit: int) -> str:
    """`esc(text)` shortened (at a word boundary, marked '…') to at most `limit` characters."""
    raw = strip_invisible(text or "")
    budget = limit
    out = esc(clip(raw, budget))
    while len(out) > limit and budget > 1:
        budget -= max(1, len(out) - limit)
        out = esc(clip(raw, max(budget, 1)))
    return out if len(out) <= limit else clip(out, limit)


def plain(text: str | None, limit: int | None = None) -> str:
    """Stored text for places Discord shows as plain text (footers, choice names): invisible
    characters removed, nothing escaped; clipped to `limit` when given."""
    text = strip_invisible(text or "")
    return clip(text, limit) if limit is not None else text


def link(label: str, url: str | None) -> str:
    """`[label](url)` (label already escaped) when `url` can be a link, else the label alone."""
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


def url_text(url: str | None, limit: int = LONG_WORD) -> str:
    """A URL shown in a message: `<url>` (a link without a preview) when it is a safe http(s)
    URL of at most `limit` characters (so `fit_content` never cuts it); otherwise inert
    code text, shortened."""
    if not url:
        return ""
    target = safe_url(url)
    if target is not None and len(target) + 2 <= limit:
        return f"<{target}>"
    return f"`{clip(encode_url(url), max(limit - 2, 2))}`"
