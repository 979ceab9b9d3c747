"""The article's language picks sumy's stemmer and stop words; a neutral fallback elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.app import Briefings
from briefings.languages import NEUTRAL_LANGUAGE, summary_language
from briefings.summarize import sumy_methods
from briefings.summarize.batch import Batch

# Written for these tests.
GERMAN = [
    "Die Stadt Kiel hat am Montag eine neue Fähre vorgestellt.",
    "Die Fähre fährt mit Strom und bringt Autos und Fahrräder zur Insel.",
    "Der Bürgermeister sagte, die Fähre sei ein Gewinn für die ganze Region.",
    "Die Fahrkarten werden ab März verkauft, und die Preise bleiben gleich.",
]
RUSSIAN = [
    "В понедельник в Калининграде показали новый электрический паром.",
    "Паром будет перевозить машины и велосипеды на остров и обратно.",
    "Мэр сказал, что паром нужен всему региону и всем жителям.",
    "Билеты на паром начнут продавать в марте, и цены не вырастут.",
]


def test_iso_codes_map_to_the_libraries_language_names() -> None:
    assert summary_language(["de"]) == "german"
    assert summary_language(["ru", "ru", "en"]) == "russian"
    assert summary_language([None, None]) == "english"  # unknown: as before
    assert summary_language(["sw"]) == NEUTRAL_LANGUAGE


def test_german_summarizer_uses_german_stop_words_and_stemmer() -> None:
    batch = Batch.build([GERMAN])
    stops = sumy_methods._null_words(batch, "german")
    s = sumy_methods._summarizer("lexrank", "german", stops)
    assert {"die", "und", "der"} <= set(s.stop_words)
    assert "the" not in s.stop_words
    assert s.stem_word("Fähren") == s.stem_word("Fähre")


def test_language_without_a_stop_list_uses_the_texts_most_frequent_words() -> None:
    batch = Batch.build([RUSSIAN])
    stops = sumy_methods._null_words(batch, "russian")  # sumy ships no Russian list
    assert {"и", "на"} <= stops and "the" not in stops


@pytest.mark.parametrize("language", ["german", "russian", "polish", "greek", NEUTRAL_LANGUAGE])
@pytest.mark.parametrize("method", ["lexrank", "luhn", "edmundson", "lsa"])
def test_every_method_runs_in_every_language(method: str, language: str) -> None:
    text = RUSSIAN if language in {"russian", NEUTRAL_LANGUAGE} else GERMAN
    picks = sumy_methods.select(method, Batch.build([text], ["Titel"]), 2, language)
    assert len(picks) == 2 and all(0 <= i < 4 for i, _ in picks)


async def test_brief_of_a_german_article_runs_in_german(tmp_path: Path, app: Briefings) -> None:
    res = await app.ingest.text(1, " ".join(GERMAN), title="Neue Fähre für Kiel")
    assert res.article.language == "de"
    for method in ("lexrank", None):
        brief = await app.briefs.article(1, res.article.id, 2, method)
        assert len(brief.lines) == 2
        assert all(line.text in " ".join(GERMAN) for line in brief.lines)
