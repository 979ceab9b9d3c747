"""Fetching URLs safely: SSRF guard, redirect limit, timeout, size cap.

Every hop of a redirect chain is checked again, before any request: the host in
every spelling the client may turn it into (`briefings.web.urls.check_host`).
Then the connector checks each address it is about to connect to, the moment a
name resolves (so a DNS answer cannot change between the check and the
connection) and for IP literals too, which aiohttp never sends to the resolver.
Bodies are read in chunks and cut off at the size cap.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from aiohttp.tracing import Trace

from briefings.errors import BlockedURLError, FetchError, InputError
from briefings.settings import Settings
from briefings.web.decode import decode_bytes
from briefings.web.urls import address_blocked, check_host, parse_http_url

log = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}


class GuardedResolver(AbstractResolver):
    """A resolver that refuses names pointing at loopback, private or reserved addresses."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = DefaultResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not self._allow_private:
            blocked = [r["host"] for r in results if address_blocked(r["host"])]
            if blocked:
                raise BlockedURLError(
                    f"Refusing to fetch {host}: it resolves to a private, loopback or "
                    f"reserved address ({blocked[0]})."
                )
        return results

    async def close(self) -> None:
        await self._inner.close()


def _pin_key(host: str, port: int) -> tuple[str, int]:
    return host.rstrip(".").lower(), port


class GuardedConnector(aiohttp.TCPConnector):
    """A connector that connects only to addresses the guard approved.

    aiohttp hands host names to the resolver (`GuardedResolver`) but connects to IP
    literals directly; this checks the addresses of both, in `_resolve_host`, the one
    place every direct connection takes its addresses from. `pins` maps (host, port) to an
    address to use instead of resolving, trusted as it is (see `Fetcher.pin`).
    """

    def __init__(
        self, *, allow_private: bool, pins: dict[tuple[str, int], str], **kwargs: Any
    ) -> None:
        super().__init__(resolver=GuardedResolver(allow_private), **kwargs)
        self._allow_private = allow_private
        self._pins = pins

    async def _resolve_host(
        self, host: str, port: int, traces: Sequence[Trace] | None = None
    ) -> list[ResolveResult]:
        pinned = self._pins.get(_pin_key(host, port))
        if pinned is not None:
            family = socket.AF_INET6 if ":" in pinned else socket.AF_INET
            return [
                ResolveResult(
                    hostname=host, host=pinned, port=port, family=family, proto=0, flags=0
                )
            ]
        results = await super()._resolve_host(host, port, traces=traces)
        if not self._allow_private:
            for r in results:
                if address_blocked(r["host"]):
                    raise BlockedURLError(
                        f"Refusing to connect to {host}: {r['host']} is a private, loopback "
                        "or reserved address."
                    )
        return results


@dataclass(slots=True)
class FetchResult:
    """A fetched resource; `body` is empty for a 304 Not Modified."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return decode_bytes(self.body, self.charset, what=f"The page at {self.final_url}")


class Fetcher:
    """One shared aiohttp session with the safety rules of `Settings` applied."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._pins: dict[tuple[str, int], str] = {}

    def pin(self, host: str, port: int, address: str) -> None:
        """Connect to `address` for `host:port` instead of resolving the name (like curl's
        `--resolve`), even when the address is private: tests serve pages on 127.0.0.1
        under a public-looking name this way. Only code can pin; URLs that name a private
        address, or names that resolve to one, are refused as before."""
        self._pins[_pin_key(host, port)] = address

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = GuardedConnector(
                allow_private=self.settings.fetch_allow_private,
                pins=self._pins,
                limit=8,
                ttl_dns_cache=0,
                use_dns_cache=False,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.settings.fetch_user_agent},
                timeout=aiohttp.ClientTimeout(total=self.settings.fetch_timeout),
                auto_decompress=True,
                trust_env=False,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
    ) -> FetchResult:
        """GET `url` following at most `fetch_max_redirects` redirects, each one checked."""
        original = parse_http_url(url)
        current = original
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        timeout = self.settings.fetch_timeout
        try:
            async with asyncio.timeout(timeout):
                for _hop in range(self.settings.fetch_max_redirects + 1):
                    check_host(current, self.settings.fetch_allow_private)
                    result = await self._get_once(original, current, headers)
                    if isinstance(result, FetchResult):
                        return result
                    current = result
                raise FetchError(
                    f"{original} redirects more than {self.settings.fetch_max_redirects} times."
                )
        except TimeoutError:
            raise FetchError(f"{original} did not answer within {timeout:g} seconds.") from None
        except aiohttp.ClientConnectorError as exc:
            raise FetchError(f"Could not connect to {exc.host}: {exc.os_error}.") from None
        except aiohttp.ClientPayloadError:
            raise FetchError(f"The connection to {original} broke off mid-download.") from None
        except aiohttp.InvalidURL:
            raise InputError(f"{original!r} is not a valid URL.") from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"Fetching {original} failed: {exc.__class__.__name__}.") from None

    async def _get_once(
        self, original: str, url: str, headers: dict[str, str]
    ) -> FetchResult | str:
        session = self._client()
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            if resp.status in _REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"{url} redirects without saying where to.")
                target = urljoin(url, location)
                try:
                    return parse_http_url(target)
                except InputError:
                    raise BlockedURLError(
                        f"{original} redirects to {target[:100]}, which is not an http(s) URL."
                    ) from None
            if resp.status == 304:
                return FetchResult(original, url, 304, "", None, b"", _headers(resp))
            if resp.status >= 400:
                reason = resp.reason or "error"
                raise FetchError(f"{url} answered HTTP {resp.status} {reason}.")
            cap = self.settings.fetch_max_bytes
            declared = resp.content_length
            if declared is not None and declared > cap:
                raise FetchError(f"{url} is too large ({_mb(declared)}; the limit is {_mb(cap)}).")
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.content.iter_chunked(65536):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"{url} is too large (over the {_mb(cap)} limit).")
                chunks.append(chunk)
            return FetchResult(
                url=original,
                final_url=str(resp.url),
                status=resp.status,
                content_type=resp.content_type or "",
                charset=resp.charset,
                body=b"".join(chunks),
                headers=_headers(resp),
            )


def _headers(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    return {k.lower(): v for k, v in resp.headers.items()}


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n // 1024} KB"
