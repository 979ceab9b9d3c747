"""Publication times: the page's exact timestamp is kept, not a noon placeholder."""

from __future__ import annotations

from datetime import UTC, datetime

from briefings.web.html_text import exact_published, extract_html, parse_published
from tests.support.loopback_site import article_html

PARAS = [
    "The harbour council voted on Tuesday to rebuild the old sea wall before the winter "
    "storms arrive, ending a year of argument.",
    "Engineers said the work would take four months and close the pier to fishing boats "
    "for most of that time.",
]


def test_a_page_with_an_exact_time_keeps_it() -> None:
    html = article_html("Sea wall", PARAS, published="2024-11-05T07:45:10-05:00")
    assert extract_html(html).published_at == datetime(2024, 11, 5, 12, 45, 10, tzinfo=UTC)


def test_json_ld_date_published_is_read() -> None:
    html = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2024-11-05T23:10:00Z"}</script>'
    )
    day = parse_published("2024-11-05")
    assert exact_published(html, day) == datetime(2024, 11, 5, 23, 10, tzinfo=UTC)


def test_a_time_in_another_zone_may_fall_on_the_next_day() -> None:
    html = '<meta property="article:published_time" content="2024-11-06T01:30:00+00:00">'
    assert exact_published(html, parse_published("2024-11-05")) == datetime(
        2024, 11, 6, 1, 30, tzinfo=UTC
    )


def test_a_stamp_far_from_the_found_date_is_not_used() -> None:
    html = '<meta property="article:published_time" content="2025-01-16T10:00:00Z">'
    day = parse_published("2024-11-05")
    assert exact_published(html, day) == day


def test_placeholder_years_and_missing_stamps_change_nothing() -> None:
    day = parse_published("2024-11-05")
    assert (
        exact_published('<meta itemprop="datePublished" content="0001-01-01T00:00:00Z">', day)
        == day
    )
    assert exact_published("<p>no metadata</p>", day) == day
    assert exact_published("<p>no metadata</p>", None) is None


def test_a_time_without_a_zone_is_taken_as_utc_when_nothing_better() -> None:
    html = '<meta name="pubdate" content="2024-11-05 14:20:00">'
    assert exact_published(html, None) == datetime(2024, 11, 5, 14, 20, tzinfo=UTC)
