"""Search in every script: CJK words found inside runs (bigram index, migration 0006),
accents folded for Latin scripts, guild scoping unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefings.store import NewArticle, Store, schema
from briefings.store.store import cjk_fts_query, fts_query
from briefings.text import cjk_bigrams

GUILD_A, GUILD_B = 111, 222

# Written for these tests.
ZH_TITLE = "宇航员在太空中喝酒会怎么样"
ZH_TEXT = (
    "专家表示，在失重环境下，液体不会像在地面上那样流动，而是会形成漂浮的小球。"
    "因此，航天机构一般禁止宇航员在执行任务期间饮酒。NASA 也有同样的规定。"
)
JA_TEXT = "東京都は火曜日、新しいフェリーが春から運航を始めると発表しました。"
KO_TEXT = "서울에서 부산까지 가는 새로운 고속 열차가 봄부터 운행을 시작한다고 밝혔다."
FR_TEXT = "Le café de la gare a rouvert à Zürich; son résumé de la saison est très positif."


def _new(guild: int, text: str, title: str) -> NewArticle:
    return NewArticle(guild_id=guild, title=title, text=text, source="text")


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    s = await Store.open(tmp_path / "s.db")
    yield s  # type: ignore[misc]
    await s.close()


async def _ids(store: Store, guild: int, query: str) -> list[int]:
    return [a.id for a, _ in await store.search(guild, query)]


def test_bigrams_cover_every_character() -> None:
    assert cjk_bigrams("宇航员 and 太空") == "宇航 航员 员 太空 空"
    assert cjk_bigrams("only latin words") == ""
    assert cjk_fts_query("宇航员 太空") == '"宇航 航员" "太空"'
    assert cjk_fts_query("酒") == '"酒"*'
    assert cjk_fts_query("NASA 宇航员", any_word=True) == '"宇航 航员"'
    assert fts_query("NASA 宇航员") == '"NASA"'
    assert cjk_fts_query("putin") is None


async def test_chinese_article_found_by_any_word_of_two_or_more_characters(
    store: Store,
) -> None:
    zh, _ = await store.add_article(_new(GUILD_A, ZH_TEXT, ZH_TITLE), [], [], {})
    other, _ = await store.add_article(_new(GUILD_A, JA_TEXT, "フェリー"), [], [], {})
    for word in ("宇航员", "太空", "喝酒", "失重环境", "航天机构", "漂浮"):
        assert await _ids(store, GUILD_A, word) == [zh.id], word
    assert await _ids(store, GUILD_A, "酒") == [zh.id]  # one character: a prefix
    assert await _ids(store, GUILD_A, "NASA 宇航员") == [zh.id]  # mixed scripts, ANDed
    assert await _ids(store, GUILD_A, "宇员") == []  # not adjacent in the text
    assert await _ids(store, GUILD_A, "フェリー") == [other.id]
    assert await _ids(store, GUILD_A, "運航") == [other.id]
    [(_, snippet)] = await store.search(GUILD_A, "漂浮")
    assert "**漂浮**" in snippet


async def test_title_hits_rank_first(store: Store) -> None:
    body_only, _ = await store.add_article(
        _new(GUILD_A, "会议讨论了太空站的预算问题和下一步计划。" * 3, "预算会议"), [], [], {}
    )
    titled, _ = await store.add_article(_new(GUILD_A, ZH_TEXT, ZH_TITLE), [], [], {})
    assert await _ids(store, GUILD_A, "太空") == [titled.id, body_only.id]


async def test_cjk_search_stays_in_its_guild_and_forgets_deleted_articles(
    store: Store, tmp_path: Path
) -> None:
    a, _ = await store.add_article(_new(GUILD_A, ZH_TEXT, ZH_TITLE), [], [], {})
    assert await _ids(store, GUILD_B, "宇航员") == []
    b, _ = await store.add_article(_new(GUILD_B, ZH_TEXT, ZH_TITLE), [], [], {})
    assert await _ids(store, GUILD_B, "宇航员") == [b.id]
    assert await _ids(store, GUILD_A, "宇航员") == [a.id]
    await store.close()
    con = sqlite3.connect(tmp_path / "s.db")
    con.execute("DELETE FROM articles WHERE id = ?", (a.id,))  # the trigger needs no function
    con.commit()
    assert con.execute("SELECT COUNT(*) FROM articles_cjk").fetchone()[0] == 1
    con.close()


async def test_korean_word_found_inside_a_word_with_its_particle(store: Store) -> None:
    ko, _ = await store.add_article(_new(GUILD_A, KO_TEXT, "고속 열차"), [], [], {})
    assert await _ids(store, GUILD_A, "서울") == [ko.id]  # written '서울에서'


async def test_accents_are_folded_for_latin_scripts(store: Store) -> None:
    fr, _ = await store.add_article(_new(GUILD_A, FR_TEXT, "Café de la gare"), [], [], {})
    for query in ("cafe", "Zurich", "resume", "CAFÉ", "zürich"):
        assert await _ids(store, GUILD_A, query) == [fr.id], query


async def test_version_5_database_gets_its_chinese_articles_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v5.db"
    shipped = schema.load_migrations()
    with monkeypatch.context() as m:
        m.setattr(schema, "load_migrations", lambda: shipped[:5])
        s = await Store.open(path)
        art, _ = await s.add_article(_new(GUILD_A, ZH_TEXT, ZH_TITLE), [], [], {})
        assert await s.schema_version() == 5
        await s.close()
    s = await Store.open(path)
    try:
        assert await s.schema_version() == len(shipped) >= 6
        assert await _ids(s, GUILD_A, "宇航员") == [art.id]
        assert await _ids(s, GUILD_A, "NASA") == [art.id]
    finally:
        await s.close()


async def test_latin_word_glued_to_chinese_text_is_found(store: Store) -> None:
    text = "谷歌收购的人工智能公司DeepMind开发出一款能够自己学习的计算机程序。"
    art, _ = await store.add_article(_new(GUILD_A, text, "人工智能"), [], [], {})
    other, _ = await store.add_article(
        _new(GUILD_A, "DeepMind was founded in London.", "Lab"), [], [], {}
    )
    got = await store.search(GUILD_A, "deepmind")
    assert {a.id for a, _ in got} == {art.id, other.id}
    snippet = dict((a.id, s) for a, s in got)[art.id]
    assert "**DeepMind**" in snippet
    assert await _ids(store, GUILD_A, "DeepMind 计算机") == [art.id]
    assert cjk_bigrams("公司DeepMind开发") == "公司 司 开发 发 DeepMind"
