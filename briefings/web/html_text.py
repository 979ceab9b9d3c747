"""Turning documents into article text and metadata.

HTML goes through trafilatura, the standard for main-text extraction (it drops
navigation, footers and comments and reads title, date, site and author from
the page's metadata). Plain text and Markdown only need light clean-up.
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time

import trafilatura

from briefings.errors import InputError
from briefings.text import normalize_text, word_count

log = logging.getLogger(__name__)

# Below this many words (`text.word_count`: CJK and Thai characters count two to a
# word) a "page" is a cookie wall, an index page or an error page.
MIN_ARTICLE_WORDS = 25
# Keys under which sites put an article's body in embedded JSON (JSON-LD's schema.org
# `articleBody`; Next.js / Apollo page state: `body`, `content`, `text`...).
_JSON_BODY_KEYS = frozenset({"articlebody", "body", "bodytext", "content", "text", "html"})
_JSON_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]{0,2000}>")
_JSON_MAX_DEPTH = 40
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


# The page's own machine-readable publication time: meta tags (article:published_time,
# datePublished, pubdate, ...) and JSON-LD. Bounded gaps keep the scan linear.
_STAMP_RE = re.compile(
    r"(?:published_time|datePublished|pubdate|publish[-_]?date|dc\.date\.issued|"
    r"sailthru\.date|parsely-pub-date)[^<>]{0,80}?(?:content\s*=|:)\s*[\"']"
    r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)",
    re.IGNORECASE,
)


def exact_published(html: str, found: datetime | None) -> datetime | None:
    """`found` (trafilatura's date), with its exact time when the page states one.

    trafilatura's date search often returns the day alone, which `parse_published` stores
    as noon UTC; the page's metadata usually has the exact time. A stated time is used
    when it falls within a day of `found` (time zones move the calendar day) or when
    nothing was found; times with a zone win over times without one.
    """
    stamps: list[datetime] = []
    for m in _STAMP_RE.finditer(html, 0, min(len(html), 2_000_000)):
        try:
            dt = datetime.fromisoformat(m.group(1).replace(" ", "T"))
        except ValueError:
            continue
        if dt.year < 1990:
            continue
        stamps.append(dt)
    if not stamps:
        return found
    aware = [d for d in stamps if d.tzinfo is not None]
    best = (aware or stamps)[0]
    best = (best if best.tzinfo else best.replace(tzinfo=UTC)).astimezone(UTC)
    if found is None:
        return best
    near = abs((best.date() - found.date()).days) <= 1
    if near and (found.time() == time(12) or found.date() == best.date()):
        return best
    return found


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
    if word_count(text) < MIN_ARTICLE_WORDS:
        # Script-rendered pages ship the article as data: JSON-LD, __NEXT_DATA__.
        embedded = json_body(html)
        if word_count(embedded) > word_count(text):
            text = embedded
    if word_count(text) < MIN_ARTICLE_WORDS:
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
        published_at=exact_published(html, parse_published(getattr(doc, "date", None))),
        canonical_url=_clean(getattr(doc, "url", None)),
        language=_clean(getattr(doc, "language", None)),
    )


def json_body(html: str) -> str:
    """The longest article body found in the page's embedded JSON (`<script>` blocks of
    type `application/ld+json` or `application/json`, e.g. Next.js's `__NEXT_DATA__`),
    as plain text; "" if there is none.

    Only string values under body-like keys count (`_JSON_BODY_KEYS`); a body given as
    HTML is reduced to its text, paragraphs kept apart.
    """
    best = ""
    for attrs, body in _script_blocks(html):
        if "json" not in attrs.lower():
            continue
        try:
            data = json.loads(body.strip())
        except ValueError:
            continue
        for candidate in _json_bodies(data, 0):
            if len(candidate) > len(best):
                best = candidate
    return _html_fragment_text(best) if best else ""


def _script_blocks(html: str) -> Iterator[tuple[str, str]]:
    """(attributes, content) of each `<script>` element, in one forward pass (a page of
    unclosed `<script` tags cannot make this rescan the rest of the page)."""
    lower = html.lower()
    pos = 0
    while True:
        start = lower.find("<script", pos)
        if start < 0:
            return
        open_end = lower.find(">", start)
        if open_end < 0:
            return
        close = lower.find("</script", open_end)
        if close < 0:
            return
        yield html[start + 7 : open_end], html[open_end + 1 : close]
        pos = close + 8


def _json_bodies(node: object, depth: int) -> Iterator[str]:
    """Strings under body-like keys anywhere in a JSON value (depth-limited)."""
    if depth > _JSON_MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if str(key).lower() in _JSON_BODY_KEYS and len(value) > 100:
                    yield value
            else:
                yield from _json_bodies(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _json_bodies(item, depth + 1)


def _html_fragment_text(fragment: str) -> str:
    """Text of a body that may be an HTML fragment: block ends become paragraph breaks,
    other tags go, entities are decoded."""
    if "<" in fragment:
        fragment = re.sub(
            r"(?i)<\s*(?:br|/p|/div|/h[1-6]|/li|/blockquote)\b[^>]{0,200}>", "\n\n", fragment
        )
        fragment = _TAG_RE.sub("", fragment)
    return normalize_text(html_lib.unescape(fragment))


# Markdown is stripped by small left-to-right scanners rather than regular expressions:
# patterns such as `(\*\*|_|`)(?=\S)(.+?)(?<=\S)\1` or `\[([^\]]+)\]\([^)]*\)` rescan the
# rest of the text from every opening mark that has no partner, which took 30 seconds on
# 100 KB of "*a ". Each scanner below produces exactly what the old expression did
# (including its quirks, e.g. a heading swallowing the blank lines around it), but every
# search for a partner moves forward monotonically, so the whole pass is linear.
# The two expressions kept are linear as they stand: anchored at a line start, with
# bounded repetition or a single greedy run that never backtracks into a failure.
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_SPACE = re.compile(r"\s*")
# line starts that may open a heading / a rule (O(1) work per line, in C)
_MD_HEADING_START = re.compile(r"^\s{0,3}#", re.M)
_MD_RULE_START = re.compile(r"^\s{0,3}[-*_]", re.M)
_MD_RULE_RUN = re.compile(r"[-*_\s]*")
_MD_RULE_MARK = re.compile(r"[-*_]")
_MD_EMPH_MARK = re.compile(r"[*_`]")
_MD_EMPH_DELIMS = {"*": ("**", "*"), "_": ("__", "_"), "`": ("`",)}


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article and its first heading (the natural title).

    Linear in the length of `md` whatever it holds (see the scanners below).
    """
    heading = _md_first_heading(md)
    title = md[heading[0] : heading[1]].strip() if heading else None
    text = _md_links(md, image=True)
    text = _md_links(text, image=False)
    text = _md_headings(text)
    text = _md_rules(text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    text = _md_emphasis(text)
    text = normalize_text(text)
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()
    return text, title


def _md_links(s: str, *, image: bool) -> str:
    r"""`![alt](url)` -> alt (image) or `[label](url)` -> label, as
    `!\[([^\]]*)\]\([^)]*\)` / `\[([^\]]+)\]\([^)]*\)` substituted by `\1`.

    For an opener at p the label ends at the first "]" after it and the target at the
    first ")" after that; both "first after" positions only move forward as p does, so
    each is cached and searched again only once passed.
    """
    opener = "![" if image else "["
    n = len(s)
    out: list[str] = []
    last = pos = 0
    bracket = paren = -2  # cached first "]" / ")" at or after the previous bound; -1: none
    while True:
        p = s.find(opener, pos)
        if p < 0:
            break
        a = p + len(opener)
        if bracket < a:
            bracket = s.find("]", a)
        if bracket < 0:
            break  # no "]" after here: no later opener can match either
        k = bracket
        if (k == a and not image) or k + 1 >= n or s[k + 1] != "(":
            pos = p + 1
            continue
        if paren < k + 2:
            paren = s.find(")", k + 2)
        if paren < 0:
            break
        out.append(s[last:p])
        out.append(s[a:k])
        last = pos = paren + 1
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


def _md_heading_at(s: str, p: int) -> tuple[int, int, int] | None:
    r"""The ATX heading starting at line start p, as `^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$` (re.M)
    would match it there: (content start, content end, match end), or None.

    Note that `\s` crosses newlines, so like the expression this takes up to three blank
    characters before the marks and the blank lines after the heading.
    """
    n = len(s)
    q = p
    while q < n and q - p < 4 and s[q].isspace():
        q += 1
    if q - p > 3 or q >= n or s[q] != "#":
        return None
    h = q
    while h < n and h - q < 7 and s[h] == "#":
        h += 1
    if h - q > 6 or h >= n or not s[h].isspace():
        return None
    s0 = _md_space_end(s, h)  # `\s+`, greedy: what follows always matches after it
    eol = s.find("\n", s0)
    if eol < 0:
        eol = n
    # `(.*?)` stops at the first c from which the rest of the line is blanks, #s, blanks
    line = s[s0:eol]
    c = s0 + len(line.rstrip().rstrip("#").rstrip())
    # where `\s*#*\s*$` ends from c: the expression backtracks from its longest try
    r1 = _md_space_end(s, c)
    h2 = r1
    while h2 < n and s[h2] == "#":
        h2 += 1
    r3 = _md_space_end(s, h2) if h2 > r1 else r1
    if r3 == n:
        end = n
    else:
        end = s.rfind("\n", h2, r3)
        if end < 0:
            end = s.rfind("\n", c, r1)
    return s0, c, end


def _md_space_end(s: str, i: int) -> int:
    """End of the run of blanks (newlines included) starting at i."""
    m = _MD_SPACE.match(s, i)
    return m.end() if m else i


def _md_line_starts(s: str, pos: int, start: re.Pattern[str]) -> Iterator[int]:
    """Line starts at or after pos where `start` matches (it begins with `^`, re.M)."""
    while True:
        m = start.search(s, pos)
        if m is None:
            return
        yield m.start()
        pos = m.start() + 1


def _md_first_heading(s: str) -> tuple[int, int] | None:
    for p in _md_line_starts(s, 0, _MD_HEADING_START):
        m = _md_heading_at(s, p)
        if m is not None:
            return m[0], m[1]
    return None


def _md_headings(s: str) -> str:
    r"""Headings replaced by their text, as `_md_heading_at`'s expression with re.sub."""
    out: list[str] = []
    last = pos = 0
    while True:
        for p in _md_line_starts(s, pos, _MD_HEADING_START):
            m = _md_heading_at(s, p)
            if m is not None:
                out.append(s[last:p])
                out.append(s[m[0] : m[1]])
                last = pos = m[2]
                break
        else:
            break
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


def _md_rules(s: str) -> str:
    r"""Thematic breaks removed, as `^\s{0,3}(?:[-*_]\s*){3,}$` (re.M) substituted by "".

    From a line start the expression takes the whole run of marks and blanks (crossing
    newlines) and backtracks to the last line end after the third mark.
    """
    n = len(s)
    out: list[str] = []
    last = pos = 0
    while True:
        for p in _md_line_starts(s, pos, _MD_RULE_START):
            q = p
            while q < n and q - p < 4 and s[q].isspace():
                q += 1
            if q - p > 3 or q >= n or s[q] not in "-*_":
                continue
            run = _MD_RULE_RUN.match(s, q)
            z = run.end() if run else q
            third = q
            for _ in range(2):
                found = _MD_RULE_MARK.search(s, third + 1, z)
                third = found.start() if found else -1
                if third < 0:
                    break
            if third < 0:
                continue
            end = n if z == n else s.rfind("\n", third + 1, z)
            if end < 0:
                continue
            out.append(s[last:p])
            last = pos = end
            break
        else:
            break
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


def _md_emphasis(s: str) -> str:
    r"""Emphasis and code marks removed, as `(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1` -> `\2`.

    For an opening run at p the span ends at the first same run after it that follows a
    non-blank character, on the same line. Openers are met left to right, so for each
    kind of run that "first closing run at or after" position only moves forward: it is
    cached and searched again only once passed, and so is the next newline.
    """
    n = len(s)
    out: list[str] = []
    last = pos = 0
    closer: dict[str, int] = {}  # kind -> first valid closing run at/after its last bound
    newline = -1
    while True:
        m = _MD_EMPH_MARK.search(s, pos)
        if m is None:
            break
        p = m.start()
        if newline < p:
            newline = s.find("\n", p)
            if newline < 0:
                newline = n
        for d in _MD_EMPH_DELIMS[s[p]]:
            size = len(d)
            a = p + size
            if not s.startswith(d, p) or a >= n or s[a].isspace():
                continue
            j = closer.get(d, -2)
            if -1 < j < a + 1 or j == -2:
                j = s.find(d, a + 1)
                while j > 0 and s[j - 1].isspace():
                    j = s.find(d, j + 1)
                closer[d] = j
            if j < 0 or j >= newline:
                continue
            out.append(s[last:p])
            out.append(s[a:j])
            last = pos = j + size
            break
        else:
            pos = p + 1
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


TITLE_LIMIT = 90
_AGENCY = r"CNN|AP|AFP|Reuters|dpa|DPA|UPI|PA|Xinhua|Bloomberg|ANSA|EFE|Kyodo|TASS|IANS|PTI|BBC"
# "(CNN)", "WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -", "PARIS (AFP):" at the start.
_AGENCY_PREFIX = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z0-9 .,'’-]*?\s*)?\((?:{_AGENCY})\)\s*(?:[-–—:]+\s*)?"
    rf"|^\s*(?:[A-Z][A-Z .'’-]+,\s*)?[A-Z][A-Z .'’-]{{2,}}\s+[-–—]+\s+"
)
# Where a headline may end inside a long first sentence: after a clause's punctuation, or
# before a word that opens a subordinate clause.
_CLAUSE_END = re.compile(r"[,;:]\s|\s[-–—]\s")
_CLAUSE_START = re.compile(
    r"\s(?=(?:which|who|whom|whose|where|while|when|after|before|because|as|but|amid|"
    r"despite|although|though|since|until|saying|according)\s)"
)


# A time or circumstance before the main clause, up to its comma ("On Tuesday, ",
# "Earlier this month, ", "In a statement on Monday, "). Attribution ("According to
# police, ...") is not one: without it a claim would read as a fact.
_LEAD_IN = re.compile(
    r"^(?:on|in|at|after|before|during|earlier|later|last|this|late|early|following|amid"
    r"|over|since|for|by|with|once|now)\b(?![^,]{0,70}\baccording\b)[^,]{0,70},\s+(?=\w)",
    re.IGNORECASE,
)
# Words that open a phrase of place or time after the main clause; the headline
# may end before one when no clause ends in reach.
_PHRASE_START = re.compile(
    r"\s(?=(?:in|on|at|during|after|before|over|amid|near|following|across|outside"
    r"|inside|under|throughout|between|among|around|within|despite)\s)"
)


def guess_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """A short headline for text pasted without one, never a clipped first sentence.

    A short first line without a full stop is a heading and is used as it is. Otherwise
    the first sentence, without a dateline or agency tag ("(CNN)", "WASHINGTON (AP) —")
    and without its final full stop, is the headline when it fits `limit` characters;
    a longer one ends where a clause ends (", which ...", "; ...", " — ...") and reads
    as a headline. When no clause ends in reach, a leading time or circumstance ("On
    Tuesday, ...") is dropped, else the headline ends before the last phrase of place or
    time that starts in reach (" during ...", " near ...": subject, verb and object
    stay); only when there is none is it cut at a word, with "…". Lines of page furniture
    at the top (a byline, a credit) are skipped.
    """
    from briefings.boilerplate import is_boilerplate  # the core's classifier, no cycle
    from briefings.text import sentences

    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    first = next((ln for ln in lines[:4] if not is_boilerplate(ln)), lines[0] if lines else "")
    first = " ".join(first.split())
    if not first:
        return "Untitled"
    if len(first) <= limit and not first.endswith((".", "!", "?", ":", ";", ",")):
        return _AGENCY_PREFIX.sub("", first, count=1).strip() or first
    lead = sentences(first)
    sentence = lead[0] if lead else first
    stripped = _AGENCY_PREFIX.sub("", sentence, count=1).strip() or sentence
    stripped = stripped[:1].upper() + stripped[1:]
    bare = stripped.rstrip(".").rstrip()
    if len(bare) <= limit and not bare.endswith(("?", "!")) or len(stripped) <= limit:
        return bare if len(bare) <= limit else stripped
    floor = max(limit * 2 // 5, 20)
    cuts = [m.start() for m in _CLAUSE_END.finditer(bare, floor, limit + 1)]
    cuts += [m.start() for m in _CLAUSE_START.finditer(bare, floor - 1, limit + 1)]
    cuts = [c for c in cuts if floor <= c <= limit]
    if cuts:
        return bare[: max(cuts)].rstrip(" ,;:-–—")
    lead_in = _LEAD_IN.match(bare)
    if lead_in and len(bare) - lead_in.end() >= floor:
        # "On Tuesday, the council ..." / "In a statement on Monday, the minister ...":
        # the main clause is the headline; the time or circumstance can go.
        rest = bare[lead_in.end() :]
        rest = rest[:1].upper() + rest[1:]
        return guess_title(rest if rest.endswith(("?", "!")) else rest + ".", limit)
    phrases = [m.start() for m in _PHRASE_START.finditer(bare, floor - 1, limit + 1)]
    phrases = [c for c in phrases if floor <= c <= limit]
    if phrases:
        # No clause ends in reach: end before the last phrase that starts in reach ("...
        # has decried the expansion of the alliance near its borders | during a visit
        # to ..."): subject, verb and object stay, a place or time after them goes.
        return bare[: max(phrases)].rstrip(" ,;:-–—")
    words = bare.split()
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit - 1:
            break
        out = f"{out} {w}".strip()
    return (out.rstrip(",;:-–—") or bare[: limit - 1]) + "…"


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    v = " ".join(value.split())
    return v or None
