"""URL rules: which URLs the bot may fetch, and the canonical form used for dedup.

A bot that fetches whatever URL a user types is an SSRF hole: it would read
cloud metadata endpoints, admin panels on localhost and the office network for
anyone in the server. Only http(s) URLs whose host resolves to public addresses
are fetched, unless the operator allows private ones.

A host is judged in every spelling the HTTP client may turn it into: yarl maps
`１２７.０.０.１`, `127。0。0。1` or `①②⑦.0.0.1` to 127.0.0.1 (IDNA, UTS-46 with NFKC),
and resolvers read `2130706433`, `0177.0.0.1`, `0x7f.1` or `127.1` as addresses too.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from typing import TypeAlias
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import yarl

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
    _check_host_name(parts.hostname, raw)
    del port
    return raw


def _check_host_name(host: str, raw: str) -> None:
    """DNS limits: labels of at most 63 characters, 253 in all, once IDNA-encoded.

    The resolver would otherwise fail deep inside the HTTP client with a UnicodeError.
    """
    if ":" in host:  # an IPv6 literal has no DNS labels
        return
    try:
        encoded = host.rstrip(".").encode("idna")
    except UnicodeError:
        raise InputError(
            f"{raw[:80]!r} has an invalid host name (a part is empty or over 63 characters)."
        ) from None
    if len(encoded) > 253:
        raise InputError(f"{raw[:80]!r} has a host name over 253 characters.")


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_blocked(address: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved or unspecified IPs."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True  # not an address we understand: refuse rather than guess
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
        elif ip in _NAT64:  # a NAT64 gateway forwards to the IPv4 address in the low bits
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return bool(
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


# The full stops UTS-46 (IDNA) maps to ".": ideographic, fullwidth and halfwidth ideographic.
_FULL_STOPS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _nfkc_host(host: str) -> str:
    """`host` as IDNA/UTS-46 would see it: NFKC (fullwidth and circled digits become ASCII),
    every full-stop variant a dot, decimal digits of any script ASCII, lower case."""
    mapped = unicodedata.normalize("NFKC", host.translate(_FULL_STOPS)).translate(_FULL_STOPS)
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in mapped
    ).lower()


def host_forms(url: str) -> list[str]:
    """Every spelling of the host of `url` that a client or resolver may act on.

    The raw host as written; the host yarl (hence aiohttp) derives from it, both decoded
    and IDNA-encoded (what aiohttp connects to); and our own NFKC mapping of each, so that
    `１２７.０.０.１`, `127。0。0。1` or `①②⑦.0.0.1` are seen as the 127.0.0.1 they become.

    Raises `InputError` when the HTTP client could not parse the URL's host either.
    """
    raw = urlsplit(url).hostname or ""
    try:
        parsed = yarl.URL(url)
        client_hosts = [parsed.host or "", parsed.raw_host or ""]
    except (ValueError, UnicodeError):
        raise InputError(f"{_shown(url)!r} is not a valid URL.") from None
    forms: list[str] = []
    for host in [raw, *client_hosts]:
        for form in (host.lower(), _nfkc_host(host), _nfkc_host(unquote(host))):
            if form not in forms:
                forms.append(form)
    return forms


_DEC_DIGITS = frozenset("0123456789")
_OCT_DIGITS = frozenset("01234567")
_HEX_DIGITS = frozenset("0123456789abcdef")


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address the C library's `inet_aton` (and so `getaddrinfo`) reads in `host`:
    one to four parts, each decimal, octal (leading 0) or hex (0x); the last part fills the
    remaining bytes (`127.1`, `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`)."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        low = part.lower()
        # Checked digit by digit: int() would also take signs, blanks and underscores.
        if low.startswith("0x"):
            digits, base, allowed = low[2:] or "0", 16, _HEX_DIGITS
        elif low.startswith("0"):
            digits, base, allowed = low, 8, _OCT_DIGITS
        else:
            digits, base, allowed = low, 10, _DEC_DIGITS
        if not digits or not set(digits) <= allowed:
            return None
        value = int(digits, base)
        values.append(value)
    *head, last = values
    if any(v > 255 for v in head) or last >= 1 << (8 * (4 - len(head))):
        return None
    number = last
    for i, v in enumerate(head):
        number |= v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def host_address(host: str) -> IPAddress | None:
    """The IP address `host` denotes in any form a resolver accepts (IPv6 in brackets or
    with a zone, IPv4 in `inet_aton` forms, trailing dots), or None for a DNS name."""
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.split("%", 1)[0])
        except ValueError:
            return None
    return _inet_aton(h.rstrip("."))


def is_localhost_name(host: str) -> bool:
    """`localhost`, `localhost.` and any `*.localhost`: resolvers answer these with a
    loopback address without asking DNS (RFC 6761)."""
    name = host.rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def check_host(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host is, in any spelling the HTTP client or a resolver accepts,
    a private, loopback or reserved IP address, or a `localhost` name.

    Other DNS names are checked when they resolve (in the fetcher's connector), and the
    connector checks every address it connects to again, literal ones included.
    """
    if allow_private:
        return
    forms = host_forms(url)
    if not any(f.strip(".[]") for f in forms):
        raise InputError(f"{_shown(url)!r} has no host name.")
    shown = _shown(urlsplit(url).hostname or forms[0])
    for form in forms:
        if is_localhost_name(form):
            raise BlockedURLError(
                f"Refusing to fetch {shown}: the name always resolves to this machine "
                "(a loopback address)."
            )
        ip = host_address(form)
        if ip is not None and address_blocked(str(ip)):
            what = shown if shown == str(ip) else f"{shown} ({ip})"
            raise BlockedURLError(
                f"Refusing to fetch {what}: it is a private, loopback or reserved address."
            )


# The name the first version had; it now checks every form of the host, not only literals.
check_literal_host = check_host


def _shown(text: str, limit: int = 80) -> str:
    """`text` fit for a one-line message: no control characters, not too long."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


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
