from __future__ import annotations

import pytest

from briefings.errors import BlockedURLError, InputError
from briefings.web.decode import decode_bytes, looks_binary
from briefings.web.urls import address_blocked, canonical_url, check_literal_host, parse_http_url


def test_canonical_url_drops_tracking_and_noise() -> None:
    a = canonical_url("HTTPS://WWW.Example.com:443/news/story/?utm_source=x&b=2&a=1#top")
    assert a == "https://example.com/news/story?a=1&b=2"
    assert canonical_url("http://example.com/news/story?b=2&a=1&fbclid=zz") == a
    assert canonical_url("https://example.com:8443/x") == "https://example.com:8443/x"


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.0.0.8",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "0.0.0.0",
        "::ffff:10.0.0.1",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_blocked_addresses(ip: str) -> None:
    assert address_blocked(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses(ip: str) -> None:
    assert not address_blocked(ip)


def test_literal_hosts() -> None:
    with pytest.raises(BlockedURLError):
        check_literal_host("http://[::1]:80/", allow_private=False)
    check_literal_host("http://[::1]:80/", allow_private=True)
    check_literal_host("https://example.com/", allow_private=False)


def test_decoding() -> None:
    assert decode_bytes("Zürich".encode("cp1252") + b" " * 20).startswith("Zürich")
    assert decode_bytes(b'<meta charset="koi8-r"><p>' + "Привет мир".encode("koi8-r")).endswith(
        "Привет мир"
    )
    assert decode_bytes(b"plain", "utf-8") == "plain"
    assert looks_binary(b"\x89PNG\r\n") and not looks_binary("text".encode("utf-16"))
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 50)


@pytest.mark.parametrize(
    "host",
    ["a" * 64 + ".com", "a" * 300 + ".com", "a..b.com", ".".join(["abcdefghij"] * 26)],
)
def test_host_names_past_dns_limits_are_one_line_input_errors(host: str) -> None:
    with pytest.raises(InputError) as info:
        parse_http_url(f"http://{host}/")
    assert "\n" not in str(info.value) and len(str(info.value)) < 200


def test_longest_valid_label_is_accepted() -> None:
    assert parse_http_url("http://" + "a" * 63 + ".com/")
