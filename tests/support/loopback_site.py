"""A real HTTP server on 127.0.0.1 serving pages, feeds and misbehaving routes.

Ingestion tests fetch from it over real sockets instead of mocking aiohttp:
redirect chains, 404s, slow answers, oversized bodies and odd charsets are all
served for real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class LoopbackSite:
    """Routes are added per test with `page()`, `raw()` or `route()`."""

    host: str = "127.0.0.1"
    port: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    request_headers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _routes: dict[str, Handler] = field(default_factory=dict)
    _runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        self.request_headers.setdefault(path, []).append(dict(request.headers))
        handler = self._routes.get(path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    def route(self, path: str, handler: Handler) -> str:
        self._routes[path] = handler
        return self.url(path)

    def raw(
        self,
        path: str,
        body: bytes,
        content_type: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(
                body=body, status=status, headers={"Content-Type": content_type, **(headers or {})}
            )

        return self.route(path, handler)

    def page(self, path: str, html: str, charset: str = "utf-8") -> str:
        return self.raw(path, html.encode(charset), f"text/html; charset={charset}")

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(status=status, headers={"Location": target})

        return self.route(path, handler)

    def slow(self, path: str, delay: float) -> str:
        async def handler(request: web.Request) -> web.Response:
            await asyncio.sleep(delay)
            return web.Response(text="late", content_type="text/plain")

        return self.route(path, handler)


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    published: str | None = None,
    canonical: str | None = None,
    site: str = "Example News",
    author: str | None = "Jane Reporter",
) -> str:
    """A realistic article page: navigation, the article, a footer and a cookie banner."""
    meta = [f'<meta property="og:site_name" content="{site}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title} | {site}</title>{''.join(meta)}</head>"
        "<body><header><nav><a href='/'>Home</a> <a href='/world'>World</a> "
        "<a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<aside>Most read: something else entirely</aside>"
        "<footer>Copyright Example News. All rights reserved. Privacy policy.</footer>"
        "</body></html>"
    )
