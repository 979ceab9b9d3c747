"""Ingest in other scripts and languages: stored, labelled with its language, searchable."""

from __future__ import annotations

from briefings.app import Briefings
from tests.briefings.cli.test_cli_languages import cli

# Written for these tests.
CHINESE = (
    "宇航员在太空中喝酒会怎么样\n"
    "专家表示，在失重环境下，液体不会像在地面上那样流动，而是会形成漂浮的小球。"
    "因此，航天机构一般禁止宇航员在执行任务期间饮酒，以保证工作安全。"
)
JAPANESE_HTML = (
    "<html><head><title>新しいフェリー</title></head><body><article><h1>新しいフェリー</h1>"
    + "".join(
        f"<p>{p}</p>"
        for p in (
            "東京都は火曜日、新しい電気フェリーが春から運航を始めると発表しました。",
            "フェリーは自動車と自転車を島まで運び、料金は今までと同じです。",
            "切符は三月から港の窓口とインターネットで販売される予定です。",
        )
    )
    + "</article></body></html>"
)


async def test_pasted_chinese_text_is_stored_and_found(app: Briefings) -> None:
    res = await app.ingest.text(7, CHINESE)
    assert res.created and res.article.title == "宇航员在太空中喝酒会怎么样"
    assert res.article.language == "zh"
    assert res.sentence_count == 2  # split at 。
    assert "quotes are not extracted for Chinese yet" in res.summary_line()
    for word in ("宇航员", "太空", "失重"):
        assert [a.id for a, _ in await app.store.search(7, word)] == [res.article.id]
    assert await app.store.search(8, "宇航员") == []  # another server


async def test_japanese_html_file_is_stored_and_found(app: Briefings) -> None:
    res = await app.ingest.file(7, "ferry.html", JAPANESE_HTML.encode("utf-8"))
    assert res.article.language == "ja"
    assert [a.id for a, _ in await app.store.search(7, "フェリー")] == [res.article.id]
    assert [a.id for a, _ in await app.store.search(7, "切符")] == [res.article.id]


def test_cli_stores_and_searches_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "cli.db"
    r = cli(db, "ingest", "-", stdin=CHINESE)
    assert r.returncode == 0, r.stderr
    found = cli(db, "search", "宇航员")
    assert found.returncode == 0 and "#1" in found.stdout and "**宇航员**" in found.stdout
