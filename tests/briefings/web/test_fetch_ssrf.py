"""SSRF guard of the fetcher against every spelling of a private address (issue 12, item 1).

The loopback site listens on 127.0.0.1. With `fetch_allow_private=False` each URL below
must be refused by the URL check, before any request: the site must see nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from briefings.errors import BlockedURLError, InputError
from briefings.settings import Settings
from briefings.web import fetch
from briefings.web.fetch import Fetcher
from briefings.web.urls import check_host, host_address, host_forms
from tests.support.loopback_site import LoopbackSite

# Hosts that reach the loopback site when the guard lets them through.
LOOPBACK_FORMS = [
    pytest.param("１２７.０.０.１", id="fullwidth-digits"),
    pytest.param("127。0。0。1", id="ideographic-full-stop-U+3002"),
    pytest.param("127．0．0．1", id="fullwidth-full-stop-U+FF0E"),
    pytest.param("127｡0｡0｡1", id="halfwidth-ideographic-full-stop-U+FF61"),
    pytest.param("①②⑦.0.0.1", id="circled-digits"),
    pytest.param("１２７。０。０。１", id="fullwidth-digits-and-stops"),
    pytest.param("127.0.0.1", id="plain"),
    pytest.param("127.0.0.1.", id="trailing-dot"),
    pytest.param("１２７.０.０.１.", id="fullwidth-trailing-dot"),
    pytest.param("2130706433", id="decimal"),
    pytest.param("0177.0.0.1", id="octal"),
    pytest.param("017700000001", id="octal-whole"),
    pytest.param("0x7f.0.0.1", id="hex"),
    pytest.param("0x7f000001", id="hex-whole"),
    pytest.param("0X7F.1", id="hex-short"),
    pytest.param("127.1", id="short"),
    pytest.param("127.0.1", id="short-three-parts"),
    pytest.param("[::ffff:127.0.0.1]", id="ipv4-mapped-ipv6"),
    pytest.param("[::ffff:7f00:1]", id="ipv4-mapped-ipv6-hex"),
    pytest.param("[::1]", id="ipv6-loopback"),
    pytest.param("0.0.0.0", id="unspecified"),
    pytest.param("0", id="unspecified-short"),
    pytest.param("[::]", id="ipv6-unspecified"),
    pytest.param("localhost", id="localhost"),
    pytest.param("LOCALHOST", id="localhost-upper"),
    pytest.param("localhost.", id="localhost-trailing-dot"),
    pytest.param("localhost。", id="localhost-ideographic-dot"),
    pytest.param("ｌｏｃａｌｈｏｓｔ", id="localhost-fullwidth"),
    pytest.param("news.localhost", id="sub-localhost"),
]

# Private, link-local, shared, multicast and reserved ranges (nothing listens there: the
# message says the URL check refused them, before any connection was tried).
OTHER_BLOCKED_FORMS = [
    pytest.param("169.254.169.254", id="metadata"),
    pytest.param("１６９.２５４.１６９.２５４", id="metadata-fullwidth"),
    pytest.param("⑯⑨。２５４。１６９。２５４", id="metadata-circled-ideographic"),
    pytest.param("0xa9.0xfe.0xa9.0xfe", id="metadata-hex"),
    pytest.param("2852039166", id="metadata-decimal"),
    pytest.param("[::ffff:169.254.169.254]", id="metadata-mapped"),
    pytest.param("[fe80::1]", id="ipv6-link-local"),
    pytest.param("[fe80::1%25eth0]", id="ipv6-link-local-zone"),
    pytest.param("[fd00::1]", id="ipv6-unique-local"),
    pytest.param("[fc00::1]", id="ipv6-unique-local-fc"),
    pytest.param("10.0.0.1", id="private-10"),
    pytest.param("１０.０.０.１", id="private-10-fullwidth"),
    pytest.param("172.16.0.1", id="private-172"),
    pytest.param("192.168.0.1", id="private-192"),
    pytest.param("192.168.1", id="private-192-short"),
    pytest.param("100.64.0.1", id="cgnat"),
    pytest.param("１００．６４．０．１", id="cgnat-fullwidth"),
    pytest.param("224.0.0.1", id="multicast"),
    pytest.param("[ff02::1]", id="ipv6-multicast"),
    pytest.param("240.0.0.1", id="reserved"),
    pytest.param("255.255.255.255", id="broadcast"),
    pytest.param("[2002:7f00:1::]", id="6to4-loopback"),
    pytest.param("[64:ff9b::7f00:1]", id="nat64-loopback"),
    pytest.param("[::127.0.0.1]", id="ipv4-compatible"),
]


@pytest_asyncio.fixture
async def guarded(settings: Settings) -> AsyncIterator[Fetcher]:
    f = Fetcher(settings.with_(fetch_allow_private=False))
    yield f
    await f.close()


@pytest_asyncio.fixture
async def open_fetcher(settings: Settings) -> AsyncIterator[Fetcher]:
    f = Fetcher(settings.with_(fetch_allow_private=True))
    yield f
    await f.close()


def _serve_secret(site: LoopbackSite) -> None:
    site.page("/secret", "<html><body><p>internal admin panel</p></body></html>")


@pytest.mark.parametrize("host", LOOPBACK_FORMS)
async def test_loopback_forms_are_refused_before_any_request(
    guarded: Fetcher, site: LoopbackSite, host: str
) -> None:
    _serve_secret(site)
    with pytest.raises(BlockedURLError, match="^Refusing to fetch ") as info:
        await guarded.get(f"http://{host}:{site.port}/secret")
    assert "\n" not in str(info.value)
    assert site.hits == {}


@pytest.mark.parametrize("host", OTHER_BLOCKED_FORMS)
async def test_private_and_reserved_forms_are_refused(guarded: Fetcher, host: str) -> None:
    with pytest.raises(BlockedURLError, match="^Refusing to fetch ") as info:
        await guarded.get(f"http://{host}:8080/latest")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("scheme", ["http", "https"])
async def test_https_is_checked_the_same(guarded: Fetcher, scheme: str) -> None:
    with pytest.raises(BlockedURLError, match="169.254.169.254"):
        await guarded.get(f"{scheme}://１６９。２５４。１６９。２５４/latest/meta-data/")


@pytest.mark.parametrize(
    "host", ["１２７.０.０.１", "127。0。0。1", "①②⑦.0.0.1", "127.0.0.1", "localhost"]
)
async def test_the_same_forms_do_reach_loopback_when_private_is_allowed(
    open_fetcher: Fetcher, site: LoopbackSite, host: str
) -> None:
    """The control: these spellings really connect to 127.0.0.1, so the refusals above are
    the guard's doing and not a failure to connect."""
    _serve_secret(site)
    r = await open_fetcher.get(f"http://{host}:{site.port}/secret")
    assert r.status == 200 and b"internal admin panel" in r.body
    assert site.hits == {"/secret": 1}


# ------------------------------------------------------------ the connector, on its own
@pytest.mark.parametrize(
    "host", ["127.0.0.1", "１２７.０.０.１", "127。0。0。1", "①②⑦.0.0.1", "[::ffff:127.0.0.1]"]
)
async def test_connector_refuses_literal_addresses_without_the_url_check(
    guarded: Fetcher, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    """aiohttp connects to IP literals without asking the resolver; the connector checks
    them anyway, so even with the URL check switched off nothing reaches the site."""
    monkeypatch.setattr(fetch, "check_host", lambda url, allow_private: None)
    _serve_secret(site)
    with pytest.raises(BlockedURLError, match="^Refusing to connect to "):
        await guarded.get(f"http://{host}:{site.port}/secret")
    assert site.hits == {}


async def test_connector_refuses_names_resolving_to_loopback_without_the_url_check(
    guarded: Fetcher, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "check_host", lambda url, allow_private: None)
    with pytest.raises(BlockedURLError, match="resolves to"):
        await guarded.get(f"http://localhost:{site.port}/secret")
    assert site.hits == {}


# ------------------------------------------------------------ redirects
@pytest.mark.parametrize(
    "target",
    [
        "http://１２７.０.０.１:{port}/secret",
        "http://127。0。0。1:{port}/secret",
        "//①②⑦.0.0.1:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://localhost.:{port}/secret",
        "http://127.0.0.1:{port}/secret",  # the very address the allowed name is pinned to
        "http://１６９.２５４.１６９.２５４/latest/meta-data/",
    ],
)
async def test_redirect_from_an_allowed_host_to_a_blocked_one(
    guarded: Fetcher, site: LoopbackSite, target: str
) -> None:
    guarded.pin("news.example", site.port, "127.0.0.1")
    _serve_secret(site)
    site.page("/fine", "<html><body><p>a public page</p></body></html>")
    site.redirect("/go", target.format(port=site.port))

    ok = await guarded.get(f"http://news.example:{site.port}/fine")  # the allowed host works
    assert ok.status == 200 and site.hits == {"/fine": 1}

    with pytest.raises(BlockedURLError, match="^Refusing to fetch "):
        await guarded.get(f"http://news.example:{site.port}/go")
    assert site.hits == {"/fine": 1, "/go": 1}  # the redirect was read, its target never


async def test_every_hop_of_a_chain_is_checked(guarded: Fetcher, site: LoopbackSite) -> None:
    guarded.pin("news.example", site.port, "127.0.0.1")
    _serve_secret(site)
    site.redirect("/hop2", f"http://127｡0｡0｡1:{site.port}/secret")
    site.redirect("/hop1", f"http://news.example:{site.port}/hop2")
    with pytest.raises(BlockedURLError):
        await guarded.get(f"http://news.example:{site.port}/hop1")
    assert site.hits == {"/hop1": 1, "/hop2": 1}


# ------------------------------------------------------------ the URL check itself
@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
        ("example.com", None),
        ("0x7g.0.0.1", None),
        ("08.0.0.1", None),  # not octal: a name to resolvers
        ("256.0.0.1", None),
        ("1.2.3.4.5", None),
        ("127..1", None),
        ("0x-1.0.0.1", None),
        ("0x7_f.0.0.1", None),
        ("1_27.0.0.1", None),
        ("+127.0.0.1", None),
        ("１２７.0.0.1", None),  # NFKC first: host_forms does that
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
    ],
)
def test_host_address_reads_resolver_forms(host: str, address: str | None) -> None:
    ip = host_address(host)
    assert (None if ip is None else str(ip)) == address


def test_host_forms_include_what_the_client_connects_to() -> None:
    forms = host_forms("http://１２７。０。０。１:80/")
    assert "127.0.0.1" in forms
    assert "xn--bcher-kva.de" in host_forms("http://bücher.de/")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news",
        "https://bücher.de/",
        "http://93.184.216.34/",
        "http://９３.１８４.２１６.３４/",  # a public address, however it is spelled
        "http://0x5d.0xb8.0xd8.0x22/",
        "http://[2606:4700:4700::1111]/",
        "http://localhost.example.com/",
        "http://127.0.0.1.example.com/",
    ],
)
def test_public_hosts_pass_the_url_check(url: str) -> None:
    check_host(url, allow_private=False)


def test_allow_private_skips_the_url_check() -> None:
    check_host("http://１２７.０.０.１/", allow_private=True)
    with pytest.raises(BlockedURLError):
        check_host("http://１２７.０.０.１/", allow_private=False)


def test_hosts_the_client_cannot_parse_are_input_errors() -> None:
    with pytest.raises(InputError):
        check_host("http://./", allow_private=False)
