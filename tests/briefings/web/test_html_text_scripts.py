"""Article text in every script, and bodies that only live in a page's embedded JSON."""

from __future__ import annotations

import json
import time

import pytest

from briefings.errors import InputError
from briefings.text import word_count
from briefings.web.html_text import extract_html, json_body

# Written for these tests.
CHINESE_PARAS = [
    "宇航员在太空中喝酒会怎么样？这是很多人心中的一个问题。",
    "专家表示，在失重环境下，液体不会像在地面上那样流动，而是会形成漂浮的小球。",
    "因此，航天机构一般禁止宇航员在执行任务期间饮酒，以保证工作安全和身体健康。",
    "不过，历史上确实有一些宇航员曾经在空间站里品尝过少量的葡萄酒。",
]
THAI_PARAS = [
    "นักบินอวกาศไม่สามารถดื่มน้ำได้ตามปกติเมื่ออยู่ในอวกาศเพราะไม่มีแรงโน้มถ่วง",
    "ของเหลวจะลอยเป็นหยดกลมและอาจเข้าไปในอุปกรณ์อิเล็กทรอนิกส์ของสถานีอวกาศได้",
    "ดังนั้นหน่วยงานอวกาศจึงออกแบบถุงพิเศษพร้อมหลอดดูดสำหรับเครื่องดื่มทุกชนิด",
]
ENGLISH_BODY = " ".join(
    f"Paragraph {n} of the harbour story says the new ferry will carry cars and bicycles "
    f"between the two islands from the spring, with tickets sold at the quay."
    for n in range(1, 5)
)


def _page(title: str, paras: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_word_count_counts_characters_of_scripts_without_spaces() -> None:
    assert word_count("the harbour board met") == 4
    assert word_count("宇航员喝酒") == 3  # five characters, two to a word, rounded up
    assert word_count("NASA 宇航员 said") == 4


def test_chinese_article_is_stored_not_refused() -> None:
    ex = extract_html(_page("宇航员在太空中喝酒会怎么样", CHINESE_PARAS))
    assert "失重环境" in ex.text
    assert ex.title == "宇航员在太空中喝酒会怎么样"


def test_thai_article_is_stored_not_refused() -> None:
    ex = extract_html(_page("น้ำในอวกาศ", THAI_PARAS))
    assert "แรงโน้มถ่วง" in ex.text


def test_short_chinese_page_is_still_refused() -> None:
    with pytest.raises(InputError, match="too little prose"):
        extract_html(_page("登录", ["请登录后继续阅读。"]))


def test_json_ld_article_body_is_the_fallback() -> None:
    ld = json.dumps({"@type": "NewsArticle", "headline": "Ferry", "articleBody": ENGLISH_BODY})
    head = f'<script type="application/ld+json">{ld}</script>'
    page = _page("Ferry", ["Photo: the quay at dawn."], head)
    ex = extract_html(page)
    assert ex.text.startswith("Paragraph 1 of the harbour story")
    assert "Paragraph 4" in ex.text


def test_next_data_html_body_is_the_fallback() -> None:
    html_body = "".join(f"<p>{p}</p>" for p in CHINESE_PARAS)
    data = {"props": {"pageProps": {"article": {"title": "x", "body": html_body}}}}
    head = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    ex = extract_html(_page("宇航员", ["图片"], head))
    assert "失重环境" in ex.text and "<p>" not in ex.text
    assert ex.text.count("\n\n") >= 3  # paragraphs kept apart


def test_json_body_ignores_non_json_scripts_and_short_strings() -> None:
    page = (
        '<script>var body = "not json";</script>'
        '<script type="application/ld+json">{"articleBody": "too short"}</script>'
        '<script type="application/json">{broken</script>'
    )
    assert json_body(page) == ""


def test_unclosed_script_tags_are_scanned_in_linear_time() -> None:
    small = "<script type='application/json'" * 2_000
    big = "<script type='application/json'" * 40_000
    t0 = time.perf_counter()
    json_body(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    json_body(big)
    t_big = time.perf_counter() - t0
    assert t_big < max(t_small, 1e-4) * 20 * 5  # 20x the input, far from 400x
