"""Stored text and URLs cannot add links or hide characters in what the bot sends
(issue 12, item 7).

An article's URL, title, text and quotes are attacker-controlled: a page can be named
`[Reuters: official statement](https://evil.example)` and a link can end in
`)[Reuters: official statement](https://evil.example)`, which would add a second,
attacker-labelled link to every line citing the article. Bidi overrides and zero-width
characters would make a name or title read differently from what is stored.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from briefings.ingest import IngestResult
from briefings.store.store import NewArticle
from tests.support.fakediscord import FakeDiscord
from tests.support.loopback_site import article_html

ATTACK = "[Reuters: official statement](https://evil.example)"
# A masked link, the pattern: [label](http...)
MASKED = re.compile(r"\[[^\]]*\]\((https?://[^)]*)\)")
# The same as Discord reads it: backslash escapes skipped, escaped brackets inside a label.
LINK = re.compile(r"\\.|\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
INVISIBLE = (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u180e\x07\x1b"
)

PARAS = [
    "The port authority said on Monday that container traffic fell by a fifth in October, "
    "the steepest drop since the pandemic.",
    f"“Read the {ATTACK} before you judge us,” said Ana Costa, the authority's director.",
    "“We expect volumes to recover by the spring,” said Ana Costa on Tuesday.",
]


def _strings(node: Any) -> list[str]:
    """Every string in a sent payload (content, embed titles, descriptions, fields, footers,
    urls, components...)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k != "allowed_mentions" for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _sent_texts(fake: FakeDiscord, since: int = 0) -> list[str]:
    return [s for sent in fake.sent[since:] for s in _strings(sent.body)]


def links(text: str) -> list[str]:
    """The targets of the masked links Discord would show in `text`."""
    return [m.group(2) for m in LINK.finditer(text) if m.group(0).startswith("[")]


def assert_no_injected_link(texts: list[str]) -> int:
    """No attacker link or invisible character anywhere; returns how many article links
    (all to the loopback host, the articles' own) were seen."""
    found = 0
    for text in texts:
        assert "[Reuters: official statement](" not in text, text
        assert not any(c in text for c in INVISIBLE), ascii(text)
        for m in MASKED.finditer(text):
            assert urlsplit(m.group(1)).hostname == "127.0.0.1", text
        for target in links(text):
            # only the articles' own URLs, percent-encoded
            assert urlsplit(target).hostname == "127.0.0.1", text
            assert not re.search(r"[\s()\[\]<>`*_|~]", target), target
            found += 1
        if text.startswith(("http://", "https://")):  # an embed's url
            assert urlsplit(text).hostname == "127.0.0.1", text
            assert not re.search(r"[\s()\[\]<>`]", text), text
    return found


async def _store(bot: Any, fake: FakeDiscord, **fields: Any) -> IngestResult:
    """Store an article as given, past the URL checks and text clean-up of ingestion (as an
    older database, a feed or a future ingest path might hold it): rendering must cope."""
    new = NewArticle(guild_id=fake.guild.int_id, source="url", **fields)
    return await bot.app.ingest._store(new)


async def _every_view(fake: FakeDiscord, article_id: int, actor: str = "Costa") -> list[Any]:
    return [
        await fake.slash("brief article", {"id": article_id}),
        await fake.slash("article", {"id": article_id}),
        await fake.slash("search", {"query": "port authority"}),
        await fake.slash("quotes", {"actor": actor}),
        await fake.slash("brief latest"),
        await fake.slash("brief today"),
        await fake.slash("actors"),
        await fake.slash("digest now"),
    ]


async def test_url_from_ingest_cannot_add_a_link(fake: FakeDiscord, bot: Any) -> None:
    path = "/news/port)[Reuters:official](https://evil.example)"
    url = fake.serve(path, article_html(f"Port traffic falls {ATTACK}", PARAS))
    start = len(fake.sent)
    res = await fake.slash("ingest", {"url": url})
    assert res.final["embeds"][0]["title"].startswith("Stored #1: Port traffic falls")
    stored = await bot.app.store.article(fake.guild.int_id, 1)
    assert stored.url == url  # the raw URL is kept; only its rendering is made safe
    views = await _every_view(fake, 1)
    assert all(v.final.get("embeds") for v in views)
    found = assert_no_injected_link(_sent_texts(fake, start))
    assert found >= 5  # the article is still linked from brief lines, quotes and search
    brief = views[0].final["embeds"][0]
    # The title link and every brief line point at the article's URL, percent-encoded.
    encoded = f"{fake.base}/news/port%29%5BReuters:official%5D%28https://evil.example%29"
    assert brief["url"] == encoded
    assert brief["description"].count(f"[#1]({encoded})") == len(brief["description"].split("\n"))


async def test_stored_url_with_spaces_or_other_schemes(fake: FakeDiscord, bot: Any) -> None:
    text = "\n".join(PARAS)
    start = len(fake.sent)
    await _store(
        bot,
        fake,
        title="Harbour report",
        text=text,
        url=f"{fake.base}/story) {ATTACK} <b>`x`</b>",
    )
    await _store(
        bot,
        fake,
        title="Script link",
        text=text.replace("Monday", "Friday").replace("spring", "summer"),
        url="javascript:alert(1)//https://evil.example",
    )
    for aid in (1, 2):
        await _every_view(fake, aid)
    texts = _sent_texts(fake, start)
    assert_no_injected_link(texts)
    assert not any("javascript" in target for t in texts for target in links(t))
    shown = await fake.slash("article", {"id": 2})
    assert "url" not in shown.final["embeds"][0]  # not a link at all
    one = await fake.slash("brief article", {"id": 2})
    assert all(ln.endswith(" #2") for ln in one.final["embeds"][0]["description"].split("\n"))


async def test_markdown_in_titles_text_and_quotes_is_inert(fake: FakeDiscord, bot: Any) -> None:
    title = f"**Breaking** {ATTACK} <@123> ||hidden|| __under__ `code` ~~x~~"
    text = "\n".join(
        [
            *PARAS,
            f"> Quoted block {ATTACK} and https://a.example/x_(y)[z](https://evil.example)",
            "# Heading line with *stars* and _underscores_ and <t:0:R> and <#1>",
        ]
    )
    start = len(fake.sent)
    await fake.slash("ingest", {"text": text, "title": title})
    views = await _every_view(fake, 1)
    assert_no_injected_link(_sent_texts(fake, start))
    shown = views[1].final["embeds"][0]
    # Everything that could format or link is escaped; the words are all still there.
    assert shown["title"].startswith("#1 \\*\\*Breaking\\*\\* \\[Reuters: official statement\\]")
    assert "\\<@123\\>" in shown["title"] and "\\|\\|hidden\\|\\|" in shown["title"]
    assert "\\<t:0:R\\>" in shown["description"]
    # A URL inside the text is percent-encoded rather than backslashed: it stays one link.
    assert "https://a.example/x%5F%28y%29%5Bz%5D%28https://evil.example" in shown["description"]
    quote = views[3].final["embeds"][0]["description"]
    assert "\\[Reuters: official statement\\]\\(https://evil.example\\)" in quote


async def test_invisible_characters_are_removed(fake: FakeDiscord, bot: Any) -> None:
    rlo, zw = "\u202e", "\u200b"
    text = "\n".join(
        [
            f"The port{zw} authority said on Monday that traffic fell{rlo} by a fifth.",
            f"“We expect vol{rlo}umes to recover by the spring{zw},” said Ana Costa, the director.",
            "“Our fees will not rise\u2066 next year,\u2069” said Ana Costa.",
        ]
    )
    start = len(fake.sent)
    await _store(
        bot,
        fake,
        title=f"Harbour {rlo}gpj.exe{zw} report\x07",
        text=text,
        url=f"{fake.base}/story{rlo}{zw}",
        site=f"Harbour{zw} Times{rlo}",
        author="Jane\u2060 Reporter\ufeff",
    )
    views = await _every_view(fake, 1)
    assert_no_injected_link(_sent_texts(fake, start))
    shown = views[1].final["embeds"][0]
    assert shown["title"] == "#1 Harbour gpj.exe report"
    assert shown["footer"]["text"] == "Harbour Times · Jane Reporter"
    assert shown["url"] == f"{fake.base}/story%E2%80%AE%E2%80%8B"  # visible, still the same URL
    assert "We expect volumes" in views[3].final["embeds"][0]["description"]
    choices = await fake.autocomplete("quotes", {"actor": "ana"}, focused="actor")
    assert choices and not any(c in ch["name"] for ch in choices for c in INVISIBLE)


def _rss(fake: FakeDiscord, link: str, title: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>{title}</title><link>{link}</link><guid>s1</guid></item>"
        "</channel></rss>"
    )


async def test_feed_announcements_and_list(fake: FakeDiscord, bot: Any) -> None:
    story = "/story/1)[Reuters:official](https://evil.example)"
    link = fake.serve(story, article_html(f"Story {ATTACK}", PARAS))
    feed_url = fake.serve(
        "/rss>[Reuters:official](https://evil.example)",
        _rss(fake, link.replace("&", "&amp;"), f"Story {ATTACK}"),
        content_type="application/rss+xml",
    )
    start = len(fake.sent)
    added = await fake.slash("feeds add", {"url": feed_url, "channel": fake.channel})
    assert added.final["content"].startswith("Subscribed to `#1` Wire <")
    await bot.get_cog("Feeds").poll_feeds()
    post = fake.channel_messages[fake.channel.id][-1]
    assert post["content"] == "1 new article(s) from Wire"
    listed = await fake.slash("feeds list")
    texts = _sent_texts(fake, start) + _strings(post)
    assert_no_injected_link(texts)
    # The feed's URL is shown as <url> with the '>' encoded: it cannot end the link early.
    desc = listed.final["embeds"][0]["description"]
    assert f"<{fake.base}/rss%3E%5BReuters:official%5D%28https://evil.example%29>" in desc
    (target,) = links(post["embeds"][0]["description"])  # the title links to the article
    assert target == f"{fake.base}/story/1%29%5BReuters:official%5D%28https://evil.example%29"
