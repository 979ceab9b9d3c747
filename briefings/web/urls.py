"""URL rules: which URLs the bot may fetch, and the canonical form used for dedup.

A bot that fetches whatever URL a user types is an SSRF hole: it would read
cloud metadata endpoints, admin panels on localhost and the office network for
anyone in the server. Only http(s) URLs whose host resolves to public addresses
are fetched, unless the operator allows private ones.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefings.errors import BlockedURLError, InputError

# Query parameters that only track the click and never change the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "igshid",
    "yclid",
    "mkt_tok",
    "cmpid",
    "ocid",
    "ref_src",
    "_ga",
    "smid",
    "sref",
}


def parse_http_url(url: str) -> str:
    """Check that `url` is an absolute http(s) URL with a host; return it stripped.

    Raises `InputError` with a one-line reason otherwise.
    """
    raw = (url or "").strip()
    if not raw:
        raise InputError("No URL given.")
    if any(c.isspace() for c in raw):
        raise InputError(f"{raw[:80]!r} is not a URL (it contains spaces).")
    try:
        parts = urlsplit(raw)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        raise InputError(f"{raw[:80]!r} is not a valid URL.") from None
    if parts.scheme.lower() not in {"http", "https"}:
        scheme = parts.scheme or "no scheme"
        raise InputError(
            f"Only http:// and https:// URLs can be fetched ({raw[:80]!r} has {scheme})."
        )
    if not parts.hostname:
        raise InputError(f"{raw[:80]!r} has no host name.")
    if parts.username or parts.password:
        raise InputError("URLs with a user name or password in them are not fetched.")
    del port
    return raw


def address_blocked(address: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved or unspecified IPs."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True  # not an address we understand: refuse rather than guess
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    return bool(
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_literal_host(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host is an IP literal in a blocked range (DNS names are
    checked when they resolve, in the fetcher's resolver)."""
    host = urlsplit(url).hostname or ""
    if allow_private:
        return
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return
    if address_blocked(host):
        raise BlockedURLError(
            f"Refusing to fetch {host}: it is a private, loopback or reserved address."
        )


def canonical_url(url: str) -> str:
    """The form two links to the same article share: lower-case scheme and host, no
    default port, no fragment, no tracking parameters, query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in {("http", 80), ("https", 443)}
        else (f"{host}:{port}")
    )
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" + (f":{port}" if port and netloc.endswith(f":{port}") else "")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    # http and https copies of one page are one article.
    return urlunsplit(
        (
            "https" if scheme in {"http", "https"} else scheme,
            netloc,
            path,
            urlencode(sorted(query)),
            "",
        )
    )
