"""The seed article (examples/putin-afghanistan.txt): every statement /quotes must find."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.quotes import Quote, extract_quotes

ARTICLE = Path(__file__).resolve().parents[3] / "examples" / "putin-afghanistan.txt"

# (speaker, kind, cue, content) as described by shared/seed/expected-quotes.json
EXPECTED = [
    (
        "Vladimir Putin",
        "mixed",
        "decried",
        "the policy of imposing “outside values” on Afghanistan",
    ),
    (
        "Vladimir Putin",
        "mixed",
        "slammed",
        "the “irresponsible policy” of imposing “outside values” on war-torn Afghanistan",
    ),
    (
        "Vladimir Putin",
        "direct",
        "added",
        "You cannot impose standards of political life and behavior on other people from the "
        "outside",
    ),
    (
        "Vladimir Putin",
        "mixed",
        "said",
        "the Taliban militant group controlled “almost the entire territory” of Afghanistan and "
        "urged the international community to prevent the collapse of the state",
    ),
    (
        "Vladimir Putin",
        "direct",
        "said",
        "These are the realities and it is from these realities that we must proceed, preventing "
        "the collapse of the Afghan state",
    ),
    (
        "Vladimir Putin",
        "mixed",
        "stressed",
        "the importance of banning “terrorists” from sneaking into neighboring countries from "
        "Afghanistan, including “under the guise of refugees.”",
    ),
    (
        "Sergei Lavrov",
        "indirect",
        "said",
        "Moscow was in favor of Afghan national dialog involving all Afghan political forces, and "
        "also welcomed the Taliban’s recent statement that they were ready for such dialog",
    ),
    (
        "Sergei Lavrov",
        "mixed",
        "expressed",
        "his country’s readiness to resume the “Moscow format” of talks on Afghanistan",
    ),
]


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def quotes(article: str) -> list[Quote]:
    return extract_quotes(article)


def _find(quotes: list[Quote], content: str) -> Quote:
    hits = [q for q in quotes if q.text == content]
    assert hits, f"statement not found: {content!r}\nfound: {[q.text for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize(("speaker", "kind", "cue", "content"), EXPECTED)
def test_expected_statement_found_with_span_speaker_kind_and_cue(
    article: str, quotes: list[Quote], speaker: str, kind: str, cue: str, content: str
) -> None:
    q = _find(quotes, content)
    assert q.speaker == speaker
    assert q.kind == kind
    assert q.cue == cue
    assert article[q.start : q.end] == content
    assert article[q.cue_start : q.cue_end] == cue


def test_exactly_the_expected_statements(quotes: list[Quote]) -> None:
    assert len(quotes) == len(EXPECTED) == 8
    assert [q.speaker for q in quotes].count("Vladimir Putin") == 6
    lavrov = [q for q in quotes if q.speaker == "Sergei Lavrov"]
    # "expressed ..., saying that in addition to ..." is one statement: the participle
    # spells out what "expressed" reported (see docs/quotes.md)
    assert [q.cue for q in lavrov] == ["said", "expressed"]
    assert [q.text for q in quotes] == [content for *_, content in EXPECTED]


def test_only_putin_and_lavrov_speak(quotes: list[Quote]) -> None:
    assert {q.speaker for q in quotes} == {"Vladimir Putin", "Sergei Lavrov"}
    for name in ("Merkel", "Ghani", "Angela Merkel", "Ashraf Ghani"):
        assert all(name not in (q.speaker or "") for q in quotes)


def test_how_the_speaker_is_named(quotes: list[Quote]) -> None:
    by_text = {q.text[:30]: q for q in quotes}
    assert by_text["You cannot impose standards of"].speaker_mention == "he"
    assert by_text["the importance of banning “ter"].speaker_mention == "He"
    assert by_text["his country’s readiness to res"].speaker_mention == "The top Russian diplomat"
    assert by_text["the policy of imposing “outsid"].speaker_mention == (
        "Russian President Vladimir Putin"
    )


def test_sorted_by_start(quotes: list[Quote]) -> None:
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
