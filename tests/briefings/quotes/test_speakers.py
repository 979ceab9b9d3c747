"""A speaker is a person or an organisation: one test per rejected form, on made-up texts."""

from __future__ import annotations

import pytest

from briefings.quotes import extract_quotes
from briefings.quotes.speakers import (
    ORGANISATION,
    PERSON,
    mention_excludes,
    speaker_kind,
    strip_glued,
)


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(text)]


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        (
            "WASHINGTON – The new tariff will hurt farmers, the minister warned on Tuesday.\n"
            "PARIS: The strike will go on until Friday, unions said.",
            ("WASHINGTON", "PARIS"),
        ),
        ("Los Angeles said the budget for the parks would be cut by a third.", ("Los Angeles",)),
        ("Texas said the new highway would open in the spring of next year.", ("Texas",)),
        ("Syrian said the road to the border was closed again on Sunday.", ("Syrian",)),
        ("Officials said the bridge would reopen in May after the repairs.", ("Officials",)),
        ("Others said the plan for the harbour was far too expensive.", ("Others",)),
        ("Analysts said the bank would raise rates again before the summer.", ("Analysts",)),
        ("Prosecutors said the case against the builder was a strong one.", ("Prosecutors",)),
        (
            "Additional reporting by Nora Vance and Tom Hale; editing by Ruth Marsh.\n"
            "Additional said the figures were late.",
            ("Additional",),
        ),
        ("STRESS: How to look after your mental health at the office", ("STRESS",)),
        ("Die Vorteile sagen: “Alles wird gut, wenn wir warten.”", ("Die Vorteile",)),
        ("October GOP said the turnout in the county had been very low.", ("October GOP",)),
        ("Cambodia-based said the factory would close by the end of June.", ("Cambodia-based",)),
        ("Shortly said the ferry would leave at noon from the north pier.", ("Shortly",)),
        ("Chastened said the plan would focus on the average family.", ("Chastened",)),
        ("Democratic said the tax returns should be released.", ("Democratic",)),
    ],
    ids=[
        "dateline",
        "city",
        "state",
        "nationality",
        "officials",
        "others",
        "analysts",
        "prosecutors",
        "credit",
        "section-label",
        "german-article",
        "month-glued",
        "adjective",
        "adverb",
        "participle",
        "party-adjective",
    ],
)
def test_non_speakers_never_become_speakers(text: str, rejected: tuple[str, ...]) -> None:
    found = speakers(text)
    for name in rejected:
        assert name not in found
        assert speaker_kind(name) is None


def test_a_glued_gerund_is_cut_and_the_rest_resolved_to_the_full_name() -> None:
    text = (
        "Apple chief executive Tim Cook visited the plant in Texas on Monday.\n"
        "Hosting Cook said the new phone was the best the company had ever made."
    )
    assert speakers(text) == ["Tim Cook"]
    assert strip_glued("Questioning Vindman") == "Vindman"
    assert strip_glued("Sterling Brown") == "Sterling Brown"  # a given name, not a gerund


def test_an_organisation_is_kept_whole_and_marked_as_one() -> None:
    text = (
        "The US Justice Department said the inquiry would continue until the end of the year.\n"
        "Indiana State Police said the road would stay closed overnight."
    )
    quotes = extract_quotes(text)
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [
        ("Justice Department", ORGANISATION),
        ("Indiana State Police", ORGANISATION),
    ]
    assert speaker_kind("Department") is None  # never its last word alone
    assert speaker_kind("Inc") is None
    assert speaker_kind("Kremlin") == ORGANISATION


def test_people_are_people() -> None:
    quotes = extract_quotes("Senator Maria Okafor said the vote would come next week.")
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Maria Okafor", PERSON)]
    assert speaker_kind("Hope Hicks") == PERSON  # a given name that is also a credit word
    assert speaker_kind("Will Smith") == PERSON


def test_unnamed_sources_stay_without_a_speaker() -> None:
    [q] = extract_quotes("Officials said the bridge would reopen in May after the repairs.")
    assert q.speaker is None and q.confidence == 0.0 and q.text.startswith("the bridge")


def test_a_person_titled_with_an_office_stays_a_person() -> None:
    quotes = extract_quotes("Secretary of State Nora Pell said the talks would go on.")
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Nora Pell", PERSON)]
    assert speaker_kind("Donnelly") == PERSON  # a surname, not an -ly adverb


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        (
            "Night shifts are long in the ward. “We sleep in turns,” says a nurse from Tulkarm "
            "Hebron, who asked not to be named.",
            ("Tulkarm Hebron", "Hebron"),
        ),
        (
            "Astronomers using a telescope atop Mauna Kea have confirmed the ice on the moon.",
            ("Mauna Kea",),
        ),
        (
            "Sales of garden tools fell again, and Brandt’s reports its earnings on Monday.",
            ("Brandt", "Brandt’s"),
        ),
        (
            "Home prices rose in the north, according to Corvell's, a research firm in Leeds.",
            ("Corvell", "Corvell's"),
        ),
        (
            "The Lantern spends most of its time inside one room, observing the men who "
            "live there.",
            ("Lantern", "The Lantern"),
        ),
        (
            "The orbiter was built by a small firm.\n"
            "- Comet Chase: Private Probe Plans for the Outer Belt\n"
            "Glass Harbor: The Last Voyage is streaming on three services this week.",
            ("Comet Chase", "Glass Harbor"),
        ),
        (
            "“We can carry more,” said Dana Whitfield, a director at KMX. Whitfield said "
            "the company would fly again in the spring of next year.",
            ("KMX. Whitfield",),
        ),
        (
            "The forward Tomas Reyna added 25 points in his old arena, and the team won.",
            ("Tomas Reyna",),
        ),
    ],
    ids=[
        "place-after-from",
        "place-after-atop",
        "possessive-company",
        "possessive-after-according-to",
        "title-of-a-work",
        "headline-colon-label",
        "sentence-end-glued",
        "added-a-number",
    ],
)
def test_the_speaker_phrase_shows_the_name_is_not_the_speaker(
    text: str, rejected: tuple[str, ...]
) -> None:
    found = speakers(text)
    for name in rejected:
        assert name not in found


def test_a_transcript_label_with_a_given_name_still_speaks() -> None:
    text = "Pat Lindqvist: The harbour will reopen in May, and the ferries will run again."
    assert speakers(text) == ["Pat Lindqvist"]


def test_a_sentence_end_glued_to_a_name_resolves_to_the_full_name() -> None:
    text = (
        "“We can carry more,” said Dana Whitfield, a director at KMX. Whitfield said "
        "the company would fly again in the spring of next year."
    )
    assert speakers(text)[-1] == "Dana Whitfield"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # (with a person before it, "Nell Brody, head of Rook & Ladder, a design agency,
            # said" is Nell Brody's: test_statements, two appositives)
            "Rook & Ladder, a design agency, said the campaign was bold.",
            "Rook & Ladder",
        ),
        (
            "Visits rose by a tenth, according to the Harbour Walks and Ferries Council.",
            "Harbour Walks and Ferries Council",
        ),
        (
            "The handbook of the Licensing and Port Services notes that every boat needs a permit.",
            "Licensing and Port Services",
        ),
    ],
    ids=["ampersand", "and-after", "and-before"],
)
def test_an_organisation_cut_at_and_is_made_whole(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


def test_an_organisation_cut_before_for_the_names_nobody() -> None:
    text = "Twelve boats were lost, according to the Regional Office for the Safety of Ports."
    assert "Regional Office" not in speakers(text)


def test_two_people_joined_by_and_stay_people() -> None:
    text = "Kevin Hale and Alex Ward said they would send doctors to the camp."
    assert speakers(text) == ["Alex Ward"]


def test_a_double_given_name_stays_whole() -> None:
    text = "“We were hurt and angry,” said Mary Ann Trowbridge at a meeting in Leeds."
    assert speakers(text) == ["Mary Ann Trowbridge"]


def test_two_bodies_joined_by_and_are_not_one_name() -> None:
    text = "The Harbour Council and the Ferry Board said the pier would reopen in May."
    found = speakers(text)
    assert "Harbour Council and Ferry Board" not in found
    text = "The Harbour Council and Ferry Board said the pier would reopen in May."
    assert "Harbour Council and Ferry Board" not in speakers(text)


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        (
            "It is a county where Mona Ferris has maintained a steady lead in the polls.",
            "Mona Ferris",
        ),
        (
            "But as The Quiet Harbor Project goes on, a story starts to form.",
            "Quiet Harbor Project",
        ),
        (
            "The game was close to the end.\n"
            "Falcons: G Remy Lott missed his third game with a sprained ankle.",
            "Falcons",
        ),
    ],
    ids=["maintained-a-lead", "goes-on-as-time", "team-section-label"],
)
def test_non_statements_give_no_speaker(text: str, rejected: str) -> None:
    assert rejected not in speakers(text)


def test_an_organisation_label_with_an_acronym_still_speaks() -> None:
    assert speakers("NATO: The alliance will meet in May to discuss the budget.") == ["NATO"]


def test_a_name_across_a_line_break_is_no_speaker() -> None:
    # the phrase a teaser line's last word and the next line's first make ("Velvet\nHarlan")
    assert mention_excludes("Velvet\nHarlan", "Velvet Harlan")
    assert not mention_excludes("Velvet Harlan", "Velvet Harlan")


def test_an_operator_is_an_organisation_kept_whole() -> None:
    text = (
        "The Texas Regional Grid Operator, the body that runs the power network, said it "
        "cut supply after two plants failed."
    )
    [q] = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == ("Texas Regional Grid Operator", "organisation")


def test_an_attorney_general_is_not_their_lawyer() -> None:
    text = (
        "Attorney General Ruth Vance opened the inquiry in 2003.\n"
        "Six guards later sued the firm.\n"
        '"We were paid less for the same work," their lawyer complained.'
    )
    assert [q.speaker for q in extract_quotes(text)] == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Council on Rural Schools said the plan would fail.", "Council on Rural Schools"),
        (
            "The nonpartisan Commission on Fair Elections says there was a problem.",
            "Commission on Fair Elections",
        ),
        ("The Center for Coastal Studies said the reef was dying.", "Center for Coastal Studies"),
    ],
    ids=["council-on", "modifier-commission-on", "center-for"],
)
def test_an_organisation_joined_by_on_or_for_speaks_whole(text: str, expected: str) -> None:
    [q] = extract_quotes(text)
    assert (q.speaker, q.speaker_kind) == (expected, "organisation")


def test_concluding_a_hearing_is_no_statement() -> None:
    text = (
        "“We will win,” Ann Ruiz wrote soon after the Select Committee on Water concluded "
        "its hearing."
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [("Ann Ruiz", "We will win")]


def test_people_of_a_group_owned_by_a_name_are_not_that_name() -> None:
    text = (
        "Tom Reed died in May. Although representatives of Reed's family suggested he was "
        "poisoned, the director said there was no evidence."
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        (None, "he was poisoned"),
        (None, "there was no evidence"),
    ]
    # the owner of a campaign is named without the possessive
    [q] = extract_quotes("A spokesman for Reed's campaign said the plan was dead.")
    assert q.speaker == "Reed"
