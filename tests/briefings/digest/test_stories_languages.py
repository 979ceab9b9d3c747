"""Story grouping in other languages: shared function words never join two stories."""

from __future__ import annotations

from datetime import UTC, datetime

from briefings.digest.stories import group_stories, story_terms
from briefings.models import Article

T = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

# Written for these tests: two unrelated German reports full of the same function words,
# two unrelated Russian ones, and a second Russian report of the first Russian story.
DE_FERRY = (
    "Die neue Fähre für die Insel",
    "Die Stadt hat am Montag mitgeteilt, dass die neue Fähre für die Insel ab dem Frühjahr "
    "fahren wird. Es ist die erste Fähre, die mit Strom fährt, und sie wird von der Stadt "
    "betrieben. Die Fahrkarten werden im März verkauft, und die Preise sind nicht höher.",
)
DE_SCHOOL = (
    "Die Schule und der Neubau",
    "Die Gemeinde hat am Montag mitgeteilt, dass der Neubau der Schule ab dem Sommer "
    "beginnen wird. Es ist der größte Bau, der in der Gemeinde geplant ist, und er wird "
    "von dem Land bezahlt. Die Kinder werden im Herbst umziehen, und die Klassen sind kleiner.",
)
RU_FERRY = (
    "Новый паром для острова",
    "В понедельник в городе сообщили, что новый паром для острова начнет ходить весной. "
    "Это первый паром на электричестве, и он будет работать на линии до Калининграда. "
    "Билеты на паром будут продавать в марте, и цены не вырастут.",
)
RU_FERRY_2 = (
    "Электрический паром до Калининграда пойдет весной",
    "Власти города объявили, что электрический паром до Калининграда начнет работу весной, "
    "билеты поступят в продажу в марте.",
)
RU_SCHOOL = (
    "Школа и новое здание",
    "В понедельник в районе сообщили, что строительство школы начнется летом. "
    "Это самое большое здание, и оно будет построено на деньги области. "
    "Дети переедут в новое здание осенью, и классы будут меньше.",
)


def _article(n: int, title: str, text: str, language: str | None) -> Article:
    return Article(
        id=n,
        guild_id=1,
        title=title,
        text=text,
        url=None,
        canonical_url=None,
        site=None,
        author=None,
        published_at=T,
        ingested_at=T,
        content_hash=str(n),
        source="text",
        feed_id=None,
        language=language,
        word_count=len(text.split()),
    )


def test_german_stop_words_do_not_join_two_stories() -> None:
    arts = [_article(1, *DE_FERRY, "de"), _article(2, *DE_SCHOOL, "de")]
    assert sorted(map(sorted, group_stories(arts))) == [[0], [1]]
    [ferry, _] = story_terms([DE_FERRY[1], DE_SCHOOL[1]], ["de", "de"])
    assert "die" not in ferry and "und" not in ferry


def test_russian_function_words_do_not_join_two_stories_without_a_stop_list() -> None:
    arts = [
        _article(1, *RU_FERRY, "ru"),
        _article(2, *RU_SCHOOL, "ru"),
        _article(3, *RU_FERRY_2, "ru"),
    ]
    groups = sorted(map(sorted, group_stories(arts)))
    assert groups == [[0, 2], [1]]  # the two ferry reports are one story, the school another
    [terms] = story_terms([RU_FERRY[1]], ["ru"])
    assert "на" not in terms and "что" not in terms


def test_english_grouping_is_unchanged_for_unknown_language() -> None:
    a = story_terms(["The ferry will sail from the harbour"], [None])
    b = story_terms(["The ferry will sail from the harbour"], ["en"])
    assert a == b and "the" not in a[0]
