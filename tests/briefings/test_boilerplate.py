"""The sentence-level furniture classifier, on sentences written for these tests."""

from __future__ import annotations

import pytest

from briefings.boilerplate import clean_sentences, is_boilerplate, is_finished, repeats_title

FURNITURE = [
    "Additional reporting by Jane Roe in Paris.",
    "Reporting by Tom Bell; Editing by Ann Marsh",
    "Photo: Jan Kowalski/City Desk",
    "By Jane Doe and John Roe, Associated Press",
    "By KARL MEYER | Reuters",
    "By . Daily Mail Reporter .",
    "WASHINGTON (AP) — The Latest on the budget talks (all times EDT):",
    "LONDON, March 3 (Reuters) -",
    "Copyright 2021 The Example Times. All rights reserved.",
    "This story was originally published by The Valley Ledger and is reprinted with permission.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Sign up for our morning newsletter to get the news first.",
    "Follow us on Twitter for the latest updates.",
    "Follow Jane Doe on Instagram.",
    "Read more: Why the river flooded again",
    "Related: Five things to know about the vote",
    "READ MORE »",
    "Breaking News Emails",
    "Get breaking news alerts and special reports.",
    "FILE – In this March 3, 2019 file photo, the mayor speaks in the square.",
    "Your browser does not support the video tag.",
    "Click here to view the gallery.",
    "PUBLISHED: . 12:34 EST, 3 June 2013 . | . UPDATED: . 13:00 EST, 3 June 2013 .",
    "Lesen Sie auch: Was die Wahl bedeutet",
    "À lire aussi : la réforme expliquée",
    "This copy is for your personal, non-commercial use only.",
    "The flooded square is seen from a helicopter on Monday.Reuters",
    "Topics: floods, bridges, council, transport",
    "https://www.example.org/news/bridge-to-close-12345.html",
    "Unfortunately, this video is not available in your region.",
    "Jane RoeJane Ann RoeState governor doubles down on ferry plan",
    "Lena Fisk | Portview | 08/01/2014",
    "Scroll down for video",
]

NEWS = [
    "WASHINGTON (AP) — The president said on Monday that talks would resume next week.",
    "By Monday, the storm had passed and the roads had reopened.",
    "Many economists share this concern about inflation.",
    "The newsletter reported that sales rose sharply last year.",
    "Published Monday, the report found that prices rose in every region.",
    "Copyright infringement suits rose in 2019, lawyers said.",
    "Fans can subscribe to the service for ten dollars a month.",
    "She said she would follow the court's ruling closely.",
    "The photo showed the minister leaving the building at night.",
    "Police read the names of the victims aloud at the memorial.",
    "Related companies also saw their shares fall on Tuesday.",
    "Sales of the PlayStation rose while YouTube lost viewers.",
    "The topics discussed included floods and bridges.",
    "Scroll down for video The mayor opened the new bridge on Monday with a brass band.",
]


@pytest.mark.parametrize("sentence", FURNITURE)
def test_furniture_is_boilerplate(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize("sentence", NEWS)
def test_news_is_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_empty_is_boilerplate() -> None:
    assert is_boilerplate("   ")


def test_headline_and_near_copies_repeat_the_title() -> None:
    title = "River floods old town after week of rain | The Valley Ledger"
    assert repeats_title("River floods old town after week of rain", title)
    assert repeats_title("River floods the old town after a week of rain.", title)
    assert not repeats_title(
        "The river flooded the old town on Sunday after a week of rain, forcing hundreds "
        "of people from their homes and closing the bridge.",
        title,
    )
    assert not repeats_title("Anything at all", None)


def test_clean_sentences_keeps_the_story() -> None:
    sentences = [
        "River floods old town",
        "By Jane Doe, Valley Ledger",
        "The river burst its banks on Sunday, flooding forty homes.",
        "Read more: How the dam was built",
        "The mayor said repairs would take months.",
    ]
    assert clean_sentences(sentences, "River floods old town") == [2, 4]


def test_a_site_path_after_the_headline_is_ignored() -> None:
    title = "Council weighs new bridge » Local » News » The Valley Ledger"
    assert repeats_title("Council weighs new bridge", title)


@pytest.mark.parametrize(
    ("sentence", "finished"),
    [
        ("The council met.", True),
        ('"We will rebuild," she said.', True),
        ("Er sagte: „Nein.“", True),
        ("会議は終わった。", True),
        ("Council weighs new bridge", False),
        ("Superbugs: what they are and how you get them", False),
    ],
)
def test_finished_sentences(sentence: str, finished: bool) -> None:
    assert is_finished(sentence) is finished


# Shapes added after the measurement on real pages: self-promotion, teasers, calls for
# readers' material, print-edition notes, slash credits and Japanese reprint notices.
@pytest.mark.parametrize(
    "sentence",
    [
        "The Morning Ledger is the preferred reading material of busy commuters.",
        "Harbour Notes is your go-to daily newsletter for shipping news.",
        "We’ve got the full story on how the ferry timetable changes next month.",
        "Here's everything you need to know about the new ferry timetable.",
        "Please share your photos and stories of the flood at Readers Desk.",
        "Send us your videos of the storm.",
        "The letter below will be appearing in the Letters section of our May issue.",
        "A version of this article appears in print on page A12.",
        "The mayor opens the bridge. (AP Photo/Jan Kowalski)",
        "Crowds gather at the pier. REUTERS/Jan Kowalski",
        "Jan Kowalski/REUTERSThe council voted to close the pier on Monday.",
        "記事の無断転載を禁じます。",
    ],
)
def test_new_furniture_shapes(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ledger is the most widely read newspaper in the valley, a survey found.",
        "Share your views with the council, the mayor told residents on Monday.",
        "Police asked residents to share their videos of the crash.",
        "A Reuters/Ipsos poll found that most voters backed the plan.",
        "The AP/NORC survey found support for the ferry.",
        "The story appeared in the Ledger on Monday.",
        "We have got the money for the bridge, the mayor said.",
        "首相は会見で新しい港の計画を発表した。",
    ],
)
def test_news_that_resembles_the_new_shapes_stays(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_a_short_sentence_inside_a_promotion_block_is_dropped() -> None:
    sentences = [
        "The pier closed on Monday after a crane collapsed.",
        "Start your day with the Harbour Bell.",
        "The Harbour Bell is loved by ten thousand dock workers.",
        "Sign up for our free daily newsletter.",
        "The harbour master promised an inquiry.",
    ]
    assert clean_sentences(sentences) == [0, 4]


def test_a_sentence_framed_by_other_furniture_is_not_a_promotion() -> None:
    sentences = [
        "Photo: Jan Kowalski/City Desk",
        "The harbour master promised an inquiry into the crane.",
        "Sign up for our free daily newsletter.",
    ]
    assert clean_sentences(sentences) == [1]
