"""Migration 0009 (shared analyses, one set of validators per feed URL) on a database
that holds data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefings.store import Store, schema
from briefings.text import cjk_bigrams

CREATED = "2026-11-27T08:00:00Z"


async def test_version_8_database_moves_validators_to_their_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v8.db"
    shipped = schema.load_migrations()
    assert shipped[8].name == "0009_shared_analyses.sql"
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:8])
        async with await Store.open(path) as old:
            assert await old.schema_version() == 8
    con = sqlite3.connect(path)
    con.create_function("cjk_bigrams", 1, cjk_bigrams)  # the search triggers call it
    con.executemany(
        "INSERT INTO guilds(id, created_at) VALUES (?, ?)", [(g, CREATED) for g in (1, 2, 3)]
    )
    rows = [  # (id, guild, url, etag, last_modified)
        (1, 1, "https://a.test/rss", '"v1"', None),
        (2, 2, "https://a.test/rss", '"v1"', None),
        (3, 3, "https://a.test/rss", '"v0"', None),  # behind: starts afresh
        (4, 1, "https://b.test/rss", None, None),  # never had validators
    ]
    con.executemany(
        "INSERT INTO feeds(id, guild_id, url, etag, last_modified, created_at) "
        "VALUES (?,?,?,?,?,?)",
        [(*r, CREATED) for r in rows],
    )
    con.execute(
        "INSERT INTO articles(id, guild_id, title, text, content_hash, source, ingested_at) "
        "VALUES (7, 1, 'Old', 'One sentence. Two sentences.', 'h', 'url', ?)",
        (CREATED,),
    )
    con.executemany(
        'INSERT INTO sentences(article_id, idx, start, "end") VALUES (7, ?, ?, ?)',
        [(0, 0, 13), (1, 14, 28)],
    )
    con.commit()
    con.close()

    async with await Store.open(path) as store:
        assert await store.schema_version() == len(shipped)
        etags = {f.id: f.etag for g in (1, 2, 3) for f in await store.feeds(g)}
        assert etags == {1: '"v1"', 2: '"v1"', 3: None, 4: None}
        urls = await store._all("SELECT url, etag, version FROM feed_urls")
        assert [(r["url"], r["etag"], r["version"]) for r in urls] == [
            ("https://a.test/rss", '"v1"', 1)
        ]
        # an article stored before keeps its own sentence rows
        assert [(s.start, s.end) for s in await store.sentence_spans(7)] == [(0, 13), (14, 28)]
