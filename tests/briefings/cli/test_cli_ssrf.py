"""`python -m briefings` refuses Unicode spellings of private addresses (issue 12, item 1).

`main()` runs in a worker thread (it starts its own event loop) while the loopback site
keeps serving on the test's loop, so a URL the guard let through would really be fetched.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from briefings.cli import main
from tests.support.loopback_site import LoopbackSite, article_html

PARAS = [
    "The harbour authority said on Monday that the old pier would close for repairs "
    "next spring, after engineers found cracks in its supports.",
    "Ferry services will move to the north quay while the work goes on, the authority said.",
]


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No settings from the environment or a `.env` file: private addresses are refused."""
    for name in list(os.environ):
        if name.startswith(("DISCORD_", "BRIEFINGS_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "cli.db"


@pytest.mark.parametrize("host", ["１２７.０.０.１", "127。0。0。1", "127｡0｡0｡1", "①②⑦.0.0.1"])
async def test_ingest_refuses_unicode_loopback(
    clean_env: Path, site: LoopbackSite, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    site.page("/secret", article_html("Internal", PARAS))
    url = f"http://{host}:{site.port}/secret"
    status = await asyncio.to_thread(main, ["--db", str(clean_env), "ingest", url])
    out, err = capsys.readouterr()
    assert status == 1
    # `ingest` reports a refused input on stderr, one line, and nothing on stdout.
    assert err.count("\n") == 1 and err.startswith(f"{url}: error: Refusing to fetch ")
    assert "127.0.0.1" in err
    assert out == ""
    assert site.hits == {}


async def test_feeds_add_refuses_unicode_loopback_in_one_stderr_line(
    clean_env: Path, site: LoopbackSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    site.raw("/feed.xml", feed, "application/rss+xml")
    url = f"http://１２７。０。０。１:{site.port}/feed.xml"
    status = await asyncio.to_thread(main, ["--db", str(clean_env), "feeds", "add", url])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("error: Refusing to fetch ")
    assert "Traceback" not in err and out == ""
    assert site.hits == {}
