"""`/ingest url:` refuses Unicode spellings of private addresses (issue 12, item 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefings.settings import Settings
from tests.support.fakediscord import FakeDiscord, private
from tests.support.loopback_site import article_html

PARAS = [
    "The port authority said on Monday that container traffic fell by a fifth in October, "
    "the steepest drop since the pandemic.",
    "Shipping lines blamed higher fees and a strike at a rival terminal for the decline.",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """As the shared fixture, but with the SSRF guard on, as in production."""
    return Settings(db_path=tmp_path / "briefings.db", fetch_allow_private=False, fetch_timeout=5)


@pytest.mark.parametrize("host", ["１２７.０.０.１", "127。0。0。1", "①②⑦.0.0.1"])
async def test_ingest_url_refuses_unicode_loopback(fake: FakeDiscord, bot: Any, host: str) -> None:
    url = fake.serve("/internal", article_html("Internal", PARAS))
    assert url.startswith("http://127.0.0.1:")
    sneaky = url.replace("127.0.0.1", host, 1)
    res = await fake.slash("ingest", {"url": sneaky})
    content = res.final["content"]
    assert content.startswith("Refusing to fetch ") and "127.0.0.1" in content
    assert "\n" not in content and "Traceback" not in content
    assert private(res) and res.deleted  # only the invoker sees it; "thinking…" removed
    assert "/internal" not in fake.static_hits
    assert await bot.app.store.count_articles(fake.guild.int_id) == 0
