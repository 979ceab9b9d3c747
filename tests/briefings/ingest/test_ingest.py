"""Ingestion end to end: text, files and URLs into a real store, over real HTTP."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from aiohttp import web

from briefings.app import Briefings
from briefings.errors import BlockedURLError, FetchError, InputError
from briefings.settings import Settings
from tests.support.loopback_site import LoopbackSite, article_html

G = 1

PARAS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
    "ending a decade of arguments about the crumbling structure.",
    "Engineers told the council that the bridge could no longer carry heavy traffic safely and "
    "that repairs would cost more than a new crossing.",
    "“We cannot keep patching a bridge that is falling apart,” said Maria Lopez, the council's "
    "head of transport. She added that buses would be rerouted within weeks.",
    "Shop owners near the harbour warned that fewer cars would mean fewer customers, and asked "
    "for free parking during the works.",
]


async def _count(app: Briefings, guild: int = G) -> int:
    return await app.store.count_articles(guild)


# ---------------------------------------------------------------------- text
async def test_text_is_stored_with_sentences_and_quotes(app: Briefings, seed_text: str) -> None:
    r = await app.ingest.text(G, seed_text, title="Putin on Afghanistan")
    assert r.created and r.article.title == "Putin on Afghanistan"
    assert r.sentence_count == 13
    assert r.quotes_by_actor.get("Vladimir Putin") == 6
    assert r.quotes_by_actor.get("Sergei Lavrov") == 2
    spans = await app.store.sentence_spans(r.article.id)
    assert len(spans) == 13
    assert r.article.text[spans[2].start : spans[2].end].startswith("“You cannot impose")


async def test_same_text_twice_is_stored_once_and_named(app: Briefings, seed_text: str) -> None:
    first = await app.ingest.text(G, seed_text, title="One")
    again = await app.ingest.text(G, "\n\n" + seed_text.replace("\n", "\n\n") + "  ", title="Two")
    assert again.duplicate and again.article.id == first.article.id
    assert f"#{first.article.id}" in again.summary_line()
    assert again.sentence_count == first.sentence_count
    assert await _count(app) == 1


async def test_title_is_taken_from_a_headline_line(app: Briefings) -> None:
    r = await app.ingest.text(G, "Harbour bridge to close\n" + "\n".join(PARAS))
    assert r.article.title == "Harbour bridge to close"
    assert not r.article.text.startswith("Harbour bridge to close")


@pytest.mark.parametrize("bad", ["", "   \n\t ", "two words"])
async def test_empty_or_tiny_text_is_refused(app: Briefings, bad: str) -> None:
    with pytest.raises(InputError):
        await app.ingest.text(G, bad)
    assert await _count(app) == 0


# ---------------------------------------------------------------------- files
async def test_txt_file_in_a_legacy_encoding(app: Briefings, tmp_path: Path) -> None:
    text = "Café owners in Zürich said prices would rise. " * 5
    p = tmp_path / "zurich.txt"
    p.write_bytes(text.encode("cp1252"))
    r = await app.ingest.path(G, p)
    assert "Café owners in Zürich" in r.article.text


async def test_utf16_file_with_bom(app: Briefings) -> None:
    data = "\n".join(PARAS).encode("utf-16")
    r = await app.ingest.file(G, "bridge.txt", data)
    assert r.article.text.startswith("The city council voted")


async def test_markdown_file_title_and_plain_text(app: Briefings) -> None:
    md = (
        "# Harbour bridge closes\n\n"
        + "\n\n".join(p.replace("old harbour bridge", "**old harbour bridge**") for p in PARAS)
        + "\n\nMore at [the council site](https://council.example/bridge)."
    )
    r = await app.ingest.file(G, "bridge.md", md.encode())
    assert r.article.title == "Harbour bridge closes"
    assert "**" not in r.article.text and "the council site" in r.article.text
    assert "https://council.example" not in r.article.text


async def test_html_file_is_extracted(app: Briefings) -> None:
    html = article_html("Harbour bridge closes", PARAS)
    r = await app.ingest.file(G, "page.html", html.encode())
    assert r.article.title == "Harbour bridge closes"
    assert "Most read" not in r.article.text and "Copyright" not in r.article.text
    assert r.quotes_by_actor.get("Maria Lopez", 0) >= 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("report.pdf", b"%PDF-1.7", "not a text article"),
        ("empty.txt", b"   \n", "empty"),
        ("nul.txt", b"text\x00\x00\x00with nulls\x00" * 10, "binary"),
    ],
)
async def test_bad_files_are_refused_in_one_line(
    app: Briefings, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        await app.ingest.file(G, name, data)
    assert "\n" not in str(info.value)
    assert await _count(app) == 0


async def test_missing_path(app: Briefings, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        await app.ingest.path(G, tmp_path / "nope.txt")


# ---------------------------------------------------------------------- URLs
async def test_url_page_with_metadata(app: Briefings, site: LoopbackSite) -> None:
    url = site.page(
        "/news/bridge",
        article_html(
            "Harbour bridge closes",
            PARAS,
            published="2026-11-20T09:30:00+01:00",
            site="Harbour Times",
            author="Sam Writer",
        ),
    )
    r = await app.ingest.url(G, url)
    a = r.article
    assert r.created and a.title == "Harbour bridge closes"
    assert a.site == "Harbour Times" and a.author == "Sam Writer"
    assert a.published_at is not None and a.published_at.isoformat() == "2026-11-20T08:30:00+00:00"
    assert a.url == url and a.source == "url"
    assert "Home" not in a.text.split("\n")[0]
    assert site.hits["/news/bridge"] == 1


async def test_same_url_again_is_not_refetched(app: Briefings, site: LoopbackSite) -> None:
    url = site.page("/a", article_html("Bridge", PARAS))
    first = await app.ingest.url(G, url)
    again = await app.ingest.url(G, url + "?utm_source=newsletter&utm_medium=email#comments")
    assert again.duplicate and again.article.id == first.article.id
    assert site.hits["/a"] == 1


async def test_same_article_at_two_urls_is_stored_once(app: Briefings, site: LoopbackSite) -> None:
    html = article_html("Bridge", PARAS)
    first = await app.ingest.url(G, site.page("/one", html))
    second = await app.ingest.url(G, site.page("/two", html))
    assert second.duplicate and second.article.id == first.article.id
    assert await _count(app) == 1


async def test_redirects_are_followed_up_to_the_limit(app: Briefings, site: LoopbackSite) -> None:
    site.page("/final", article_html("Bridge", PARAS))
    chain = "/final"
    for i in range(5):
        chain = site.redirect(f"/r{i}", chain).removeprefix(site.url(""))
    r = await app.ingest.url(G, site.url(chain))
    assert r.created
    too_long = site.redirect("/r5", site.url(chain))
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        await app.ingest.url(G, too_long)


async def test_redirect_loop_and_bad_redirects(app: Briefings, site: LoopbackSite) -> None:
    site.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="redirects more than"):
        await app.ingest.url(G, site.url("/loop"))
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(BlockedURLError):
        await app.ingest.url(G, site.url("/to-file"))


@pytest.mark.parametrize("status", [404, 410, 500, 503])
async def test_http_errors(app: Briefings, site: LoopbackSite, status: int) -> None:
    url = site.raw("/gone", b"nope", "text/html", status=status)
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        await app.ingest.url(G, url)
    assert await _count(app) == 0


async def test_timeout(settings: Settings, site: LoopbackSite) -> None:
    async with await Briefings.open(settings.with_(fetch_timeout=0.3)) as app:
        with pytest.raises(FetchError, match="did not answer within 0.3 seconds"):
            await app.ingest.url(G, site.slow("/slow", 3))


async def test_oversize_declared_and_streamed(settings: Settings, site: LoopbackSite) -> None:
    big = article_html("Big", PARAS * 200).encode()

    async def chunked(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        for i in range(0, len(big), 4096):
            await resp.write(big[i : i + 4096])
        await resp.write_eof()
        return resp

    async with await Briefings.open(settings.with_(fetch_max_bytes=20_000)) as app:
        with pytest.raises(FetchError, match="too large"):
            await app.ingest.url(G, site.raw("/big", big, "text/html"))
        with pytest.raises(FetchError, match="too large"):
            await app.ingest.url(G, site.route("/chunked", chunked))
        assert await app.store.count_articles(G) == 0


async def test_gzip_bomb_is_capped_after_decompression(
    settings: Settings, site: LoopbackSite
) -> None:
    payload = gzip.compress(b"<html><body><p>" + b"a " * 2_000_000 + b"</p></body></html>")
    assert len(payload) < 20_000
    url = site.raw("/bomb", payload, "text/html", headers={"Content-Encoding": "gzip"})
    async with await Briefings.open(settings.with_(fetch_max_bytes=100_000)) as app:
        with pytest.raises(FetchError, match="too large"):
            await app.ingest.url(G, url)


async def test_page_without_article_text(app: Briefings, site: LoopbackSite) -> None:
    url = site.page("/empty", "<html><body><nav>Home | News</nav><p>Subscribe!</p></body></html>")
    with pytest.raises(InputError, match="No article text"):
        await app.ingest.url(G, url)


async def test_non_text_content_and_feeds_are_refused(app: Briefings, site: LoopbackSite) -> None:
    with pytest.raises(InputError, match="not a web page"):
        await app.ingest.url(G, site.raw("/img", b"\x89PNG\r\n\x1a\n", "image/png"))
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(InputError, match="feed"):
        await app.ingest.url(G, site.raw("/rss", feed, "application/rss+xml"))


async def test_charset_from_meta_tag(app: Briefings, site: LoopbackSite) -> None:
    ru = [
        "Министр иностранных дел заявил в четверг, что переговоры будут продолжены в Москве.",
        "По его словам, в переговорах примут участие представители всех заинтересованных сторон.",
        "Эксперты считают, что встреча может стать важным шагом к урегулированию конфликта.",
    ]
    html = article_html("Переговоры продолжатся", ru).replace(
        "<head>", '<head><meta charset="windows-1251">'
    )
    url = site.raw("/ru", html.encode("cp1251"), "text/html")  # no charset in the header
    r = await app.ingest.url(G, url)
    assert r.article.title == "Переговоры продолжатся"
    assert "Министр иностранных дел" in r.article.text


async def test_plain_text_url(app: Briefings, site: LoopbackSite) -> None:
    url = site.raw("/wire.txt", "\n".join(PARAS).encode(), "text/plain; charset=utf-8")
    r = await app.ingest.url(G, url)
    assert r.article.text.startswith("The city council")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "not a url",
        "javascript:alert(1)",
        "http://",
        "",
    ],
)
async def test_bad_urls(app: Briefings, url: str) -> None:
    with pytest.raises(InputError):
        await app.ingest.url(G, url)


# ---------------------------------------------------------------------- SSRF
@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "[::ffff:127.0.0.1]",
        "100.64.0.1",
        "[fd00::1]",
    ],
)
async def test_private_addresses_are_refused(tmp_path: Path, host: str) -> None:
    settings = Settings(db_path=tmp_path / "s.db", fetch_allow_private=False)
    async with await Briefings.open(settings) as app:
        with pytest.raises(BlockedURLError, match="Refusing"):
            await app.ingest.url(G, f"http://{host}:8080/latest")


async def test_names_resolving_to_loopback_are_refused(tmp_path: Path, site: LoopbackSite) -> None:
    """A DNS name (not a literal) that resolves to 127.0.0.1 is caught at resolution."""
    settings = Settings(db_path=tmp_path / "s.db", fetch_allow_private=False)
    async with await Briefings.open(settings) as app:
        with pytest.raises(BlockedURLError, match="resolves to"):
            await app.ingest.url(G, f"http://localhost:{site.port}/x")
    assert site.hits == {}


async def test_pasted_text_without_a_title_gets_a_short_headline(app: Briefings) -> None:
    lead = (
        "(CNN)The city council voted on Tuesday to close the old harbour bridge to cars, "
        "which engineers say can no longer carry heavy traffic, from next spring."
    )
    r = await app.ingest.text(G, lead + "\n" + "\n".join(PARAS[1:]))
    assert (
        r.article.title
        == "The city council voted on Tuesday to close the old harbour bridge to cars"
    )
    assert r.article.text.startswith("(CNN)The city council")  # the body keeps its lead


async def test_uploaded_text_file_without_a_title_gets_a_short_headline(app: Briefings) -> None:
    lead = (
        "WASHINGTON (AP) — The city council voted on Tuesday to close the old harbour bridge "
        "to cars from next spring after engineers warned that the crumbling structure could "
        "no longer carry heavy traffic safely."
    )
    data = (lead + "\n" + "\n".join(PARAS[1:])).encode()
    r = await app.ingest.file(G, "bridge.txt", data)
    # No clause ends within 90 characters: cut at a word, with an ellipsis.
    assert r.article.title == (
        "The city council voted on Tuesday to close the old harbour bridge to cars from next…"
    )
