"""Language detection at ingest and the 'quotes are not extracted' wording."""

from __future__ import annotations

import pytest

from briefings.ingest.analysis import analyze
from briefings.languages import (
    QUOTE_LANGUAGES,
    detect_language,
    quotes_unsupported_note,
    skipped_quotes_note,
)

# Small texts written for these tests, one per language.
SAMPLES = {
    "en": "The harbour board said on Tuesday that the new ferry would start in the spring.",
    "de": "Der Hafenrat teilte am Dienstag mit, dass die neue Fähre im Frühjahr fahren werde.",
    "fr": "Le conseil du port a annoncé mardi que le nouveau ferry partirait au printemps.",
    "es": "La junta del puerto anunció el martes que el nuevo transbordador saldrá en primavera.",
    "it": "Il consiglio del porto ha detto martedì che il nuovo traghetto partirà in primavera.",
    "ru": "Совет порта сообщил во вторник, что новый паром начнёт ходить весной.",
    "zh": "港口委员会星期二表示，新的渡轮将在春天开始运行。",
    "ja": "港湾委員会は火曜日に、新しいフェリーが春に運航を始めると発表しました。",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_the_language_of_a_short_text(code: str) -> None:
    assert detect_language(SAMPLES[code]) == code


def test_too_little_text_is_unknown_not_guessed() -> None:
    assert detect_language("OK") is None
    assert detect_language("12 34 56") is None


def test_unknown_language_is_treated_as_supported() -> None:
    assert quotes_unsupported_note(None) is None
    assert quotes_unsupported_note("en") is None
    assert quotes_unsupported_note("it") == "quotes are not extracted for Italian yet"
    assert quotes_unsupported_note("de") is None
    assert {"en", "de", "fr", "es", "ru"} <= QUOTE_LANGUAGES


def test_analysis_skips_quotes_for_an_unsupported_language() -> None:
    italian = (
        "«Apriremo il traghetto in primavera», ha detto la direttrice del porto Anna Berg "
        "martedì. La città ha stanziato dodici milioni di euro, ha aggiunto."
    )
    a = analyze(italian)
    assert a.language == "it"
    assert a.quotes == [] and a.mentions == {}
    assert len(a.sentences) == 2
    german = (
        "„Wir werden die Fähre im Frühjahr in Betrieb nehmen“, sagte Hafenchefin Anna Berg am "
        "Dienstag. Die Stadt habe dafür zwölf Millionen Euro bereitgestellt, fügte sie hinzu."
    )
    g = analyze(german)
    assert g.language == "de" and [q.speaker for q in g.quotes] == ["Anna Berg", "Anna Berg"]
    english = "“We will run the ferry in spring,” said Anna Berg, the harbour chief, on Tuesday."
    b = analyze(english)
    assert b.language == "en" and [q.speaker for q in b.quotes] == ["Anna Berg"]


def test_declared_language_stands_in_only_when_detection_is_unsure() -> None:
    assert analyze("OK OK OK", "fr").language == "fr"
    assert analyze(SAMPLES["de"], "en").language == "de"


def test_skipped_note_names_the_languages() -> None:
    assert skipped_quotes_note({"en": 3, None: 1}) is None
    note = skipped_quotes_note({"en": 3, "it": 2, "zh": 1, "fr": 4})
    assert note == "quotes are not extracted from 3 article(s) in Chinese, Italian"
