"""What is a statement: non-speech senses and negated cues give none, coordinated speech
verbs give one each (issue 8, item 2), on made-up sentences."""

from __future__ import annotations

import pytest

from briefings.quotes import extract_quotes


@pytest.mark.parametrize(
    "text",
    [
        "Governor Mark Ellis agreed to inject more money into the county schools.",
        "Governor Mark Ellis went on to win the race by ten points in November.",
        "The new levy is adding to the pressure on families, the report found.",
        "Governor Mark Ellis did not respond to a request for comment on Friday.",
        "Governor Mark Ellis did not immediately respond to a request for comment.",
        "Governor Mark Ellis never said the vote was rigged in the county.",
    ],
    ids=["agreed-to", "went-on-to-win", "adding-to", "did-not-respond", "not-immediately", "never"],
)
def test_no_statement(text: str) -> None:
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == []


def test_went_on_to_a_speech_verb_is_still_speech() -> None:
    quotes = extract_quotes("Mayor Ruth Kline went on to say that the park would reopen soon.")
    assert [q.speaker for q in quotes] == ["Ruth Kline"]


def test_one_statement_per_coordinated_speech_verb() -> None:
    text = "Governor Mark Ellis claimed the vote was rigged and said the count should stop."
    assert [(q.speaker, q.cue, q.text) for q in extract_quotes(text)] == [
        ("Mark Ellis", "claimed", "the vote was rigged"),
        ("Mark Ellis", "said", "the count should stop"),
    ]
    text = "Governor Mark Ellis said the vote was fair, but warned that the count would be slow."
    assert [(q.cue, q.text) for q in extract_quotes(text)] == [
        ("said", "the vote was fair"),
        ("warned", "the count would be slow"),
    ]


def test_coordination_inside_a_quotation_is_the_speakers_own_words() -> None:
    [q] = extract_quotes("Mark Ellis said: “We will win and we said so from the start.”")
    assert q.text == "We will win and we said so from the start."


def test_a_participle_cue_speaks_for_the_clauses_subject() -> None:
    text = "Governor Mark Ellis spoke at the rally on Friday, saying the state would not back down."
    assert [(q.speaker, q.cue, q.text) for q in extract_quotes(text)] == [
        ("Mark Ellis", "saying", "the state would not back down")
    ]


def test_an_appositive_speaker_gives_the_name() -> None:
    text = "Mark Ellis, the president of the Farmers Union, said grain prices would rise."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Mark Ellis", "grain prices would rise")
    ]


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("An Interior Ministry official said the border would stay closed.", "Interior Ministry"),
        ("Kremlin officials said the talks in Geneva were useful.", "Kremlin"),
        ("The World Bank report said growth would slow next year.", "World Bank"),
    ],
)
def test_an_organisations_official_gives_the_organisation(text: str, organisation: str) -> None:
    [q] = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == (organisation, "organisation")


def test_a_persons_aide_does_not_become_the_person() -> None:
    text = (
        "Senator Lena Brandt met voters on Monday. "
        "A Brandt official said the plan for the dam was ready."
    )
    [q] = extract_quotes(text)
    assert (q.speaker, q.text) == (None, "the plan for the dam was ready")


@pytest.mark.parametrize(
    "text",
    [
        "Governor Mark Ellis mocked the complaint.",
        "Governor Mark Ellis cited it as an example of waste in the capital.",
    ],
    ids=["np-object", "it-as"],
)
def test_a_bare_object_is_no_statement(text: str) -> None:
    assert extract_quotes(text) == []
