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


@pytest.mark.parametrize(
    "text",
    [
        "The striker lost his temper and Dale Hart responded by shoving him to the ground.",
        "Every winter, Aunt Mabel insisted on everyone wearing her knitted scarves.",
        "The girl saved her grandfather after she called 911 from the farmhouse.",
        "The Gazette is asking the county for comment and will update this story.",
        "Nora Blake, who advises Governor Tom Keller on farm policy, joined the board.",
        "The club hired Nora Blake, who advises the mayor on housing and transport matters.",
        "On Friday, the Keller administration will announce a new water strategy.",
        "Governor Tom Keller could say more about the plan next week.",
    ],
    ids=[
        "responded-by",
        "insisted-on-doing",
        "called-a-number",
        "asking-for-comment",
        "advises-a-name-on",
        "advises-on-a-topic",
        "will-announce",
        "could-say",
    ],
)
def test_no_statement_in_acts_requests_and_topics(text: str) -> None:
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == []


def test_responded_by_saying_and_insisted_on_a_day_are_speech() -> None:
    text = "Dale Hart responded by saying that the tackle was fair."
    assert [q.speaker for q in extract_quotes(text)] == ["Dale Hart"]
    text = "Mabel Price insisted on Monday that the scarves were warm."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Mabel Price", "the scarves were warm")
    ]


def test_a_month_abbreviation_does_not_end_the_search_for_that() -> None:
    text = "Mayor Ruth Kline told reporters on Sept. 12 that the bridge would reopen."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Ruth Kline", "the bridge would reopen")
    ]


def test_a_chain_of_two_appositives_gives_the_name() -> None:
    text = (
        "Ann Ruiz, president of Maple & Stone, a Tacoma design agency, said the campaign "
        "was meant to shock."
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Ann Ruiz", "the campaign was meant to shock")
    ]
    text = (
        "Lt. Col. Dan Price, a spokesman for Task Force Bravo, the coalition air mission, "
        "told reporters that the strike was lawful."
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Dan Price", "the strike was lawful")
    ]


def test_the_publisher_of_a_named_report_is_the_source() -> None:
    text = "Car sales fell 9 percent in May, according to the AutoTrend Monthly report from DataCo."
    [q] = extract_quotes(text)
    assert (q.speaker, q.text) == ("DataCo", "Car sales fell 9 percent in May")
