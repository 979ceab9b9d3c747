"""Every attribution carries a confidence from how its speaker was found."""

from __future__ import annotations

from briefings.quotes import DEFAULT_MIN_CONFIDENCE, extract_quotes
from briefings.quotes.confidence import EVIDENCE, confidence_for, pronoun_evidence
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT, UNSURE_TEXT


def test_a_far_pronoun_is_less_sure_than_a_name() -> None:
    quotes = {q.text: q for q in extract_quotes(BRIDGE_ARTICLE)}
    sure, unsure = quotes[SURE_TEXT], quotes[UNSURE_TEXT]
    assert sure.speaker == unsure.speaker == "John Ortega"
    assert sure.evidence == "name_short" and unsure.evidence == "pronoun_far"
    assert unsure.confidence < DEFAULT_MIN_CONFIDENCE <= sure.confidence <= 1.0


def test_a_pronoun_continuing_the_paragraphs_speaker_is_sure() -> None:
    text = (
        "Judge Anna Whitfield closed the hearing on Friday. Whitfield said the court would "
        "rule in March. “Nobody here is above the law,” she said."
    )
    [first, second] = extract_quotes(text)
    assert second.speaker == "Anna Whitfield" and second.evidence == "pronoun_para"
    assert second.confidence >= DEFAULT_MIN_CONFIDENCE


def test_pronoun_classes_follow_distance_competitors_and_continuity() -> None:
    assert pronoun_evidence(100, 0, continues=True, same_paragraph=True) == "pronoun_para"
    assert pronoun_evidence(100, 0, continues=True) == "pronoun_cont"
    assert pronoun_evidence(100, 1) == "pronoun_near"
    assert pronoun_evidence(300, 2) == "pronoun"
    assert pronoun_evidence(600, 0, continues=True, same_paragraph=True) == "pronoun_far"
    assert pronoun_evidence(100, 3) == "pronoun_far"
    assert EVIDENCE["pronoun_far"] < EVIDENCE["pronoun"] < EVIDENCE["pronoun_near"]


def test_confidences_are_in_range_and_inheriting_costs_a_little() -> None:
    for evidence in (*EVIDENCE, None, "unheard-of"):
        assert 0.0 <= confidence_for(evidence) <= 1.0
    assert confidence_for("ref:name") < confidence_for("name")
