"""Story grouping on small texts written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from briefings.briefs.brief_service import BriefLine
from briefings.digest.daily import distinct_lines, trim_quote
from briefings.digest.stories import (
    article_vectors,
    group_stories,
    group_texts,
    story_title,
    strip_furniture,
)
from briefings.models import Article

BRIDGE_A = (
    "The harbour authority of Veltmarsh closed the northern pier after a cargo crane "
    "collapsed onto the quay. Dock workers said the crane had creaked for weeks. The "
    "harbour master promised an inquiry into the crane and the pier inspections."
)
BRIDGE_B = (
    "After the crane collapse at the Veltmarsh pier, harbour workers marched to the town "
    "hall. The mayor of Veltmarsh told the marchers the budget vote on school funding "
    "would go ahead, and the council opened its debate on teachers and classrooms."
)
BRIDGE_C = (
    "The Veltmarsh council approved the budget on Thursday: school funding rises by a "
    "tenth, more teachers will be hired, classrooms will be rebuilt, and the mayor said "
    "the budget vote was the council's biggest decision this year."
)

STORY = [
    (
        "Glacier lake floods Orvanne valley",
        "A glacier lake burst above the Orvanne valley on Sunday, flooding three villages. "
        "Rescue teams evacuated 400 people from Orvanne as meltwater swept away two bridges.",
    ),
    (
        "Hundreds evacuated as Orvanne glacier lake bursts",
        "Meltwater from a burst glacier lake flooded villages in the Orvanne valley. Rescue "
        "teams brought 400 residents to safety; two bridges were swept away, officials said.",
    ),
    (
        "Orvanne floods: bridges lost, villages under water",
        "Officials in Orvanne said the glacier lake burst overnight. Villages in the valley "
        "are flooded, two bridges were destroyed and rescue teams evacuated 400 people.",
    ),
]
OTHERS = [
    (
        "Chess prodigy wins Lindqvist open",
        "A twelve-year-old chess player won the Lindqvist open tournament on Saturday, "
        "beating three grandmasters with a daring queen sacrifice in the final round.",
    ),
    (
        "Bakery chain Pellamy to close stores",
        "The bakery chain Pellamy will close forty stores next spring, blaming the price of "
        "flour and energy; its bread factories will keep running, the company said.",
    ),
]


def _article(i: int, title: str, text: str, site: str | None = None) -> Article:
    t = datetime(2026, 11, 27, tzinfo=UTC) + timedelta(minutes=i)
    return Article(
        i + 1, 1, title, text, None, None, site, None, t, t, str(i), "test", None, "en", 50
    )


def test_one_story_from_three_outlets_is_one_group_and_others_stay_apart() -> None:
    items = [STORY[0], OTHERS[0], STORY[1], OTHERS[1], STORY[2]]
    groups = group_texts([t for t, _ in items], [x for _, x in items])
    assert sorted(map(sorted, groups)) == [[0, 2, 4], [1], [3]]


def test_a_bridging_article_does_not_chain_two_stories_into_one() -> None:
    # B is as close to A (the crane) as to C (the budget); A and C share little. Joining on
    # any one close pair (single linkage) would make all three one story.
    titles = ["Crane collapses at Veltmarsh pier", "Workers march", "Veltmarsh budget passed"]
    texts = [BRIDGE_A, BRIDGE_B, BRIDGE_C]
    vecs = article_vectors([f"{t}\n{t}\n{x}" for t, x in zip(titles, texts, strict=True)])
    sims = (vecs @ vecs.T).toarray()
    assert sims[0, 1] >= 0.25 and sims[1, 2] >= 0.25 and sims[0, 2] < 0.15
    groups = group_texts(titles, texts, threshold=0.25)
    assert len(groups) == 2 and not any(0 in g and 2 in g for g in groups)


def test_shared_page_furniture_does_not_make_a_story() -> None:
    furniture = "Breaking News Emails\nGet breaking news alerts and special reports.\n"
    footer = "\nThe Daily Lantern is part of Lantern Media Group, all rights reserved."
    items = [OTHERS[0], OTHERS[1], STORY[0]]
    texts = [furniture + x + footer for _, x in items]
    cleaned = strip_furniture(texts)
    assert all("Breaking News" not in c and "Lantern Media" not in c for c in cleaned)
    assert all(len(c) > 100 for c in cleaned)  # the news itself stays
    groups = group_texts([t for t, _ in items], texts)
    assert sorted(map(sorted, groups)) == [[0], [1], [2]]


def test_stories_with_more_outlets_come_first() -> None:
    items = [OTHERS[0], STORY[0], STORY[1], OTHERS[1], STORY[2]]
    arts = [_article(i, t, x, site=f"site{i}.example") for i, (t, x) in enumerate(items)]
    groups = group_stories(arts)
    assert sorted(groups[0]) == [1, 2, 4]
    assert sorted(len(g) for g in groups) == [1, 1, 3]
    assert group_stories([]) == []


def test_lines_that_repeat_the_lead_fact_are_dropped() -> None:
    def line(text: str, aid: int) -> BriefLine:
        return BriefLine(text, aid, "t", None, 0, len(text))

    lines = [
        line("A glacier lake burst above the Orvanne valley, flooding three villages.", 1),
        line("Three villages were flooded when a glacier lake burst above Orvanne valley.", 2),
        line("Rescue teams evacuated 400 people and two bridges were swept away.", 3),
    ]
    kept = distinct_lines(lines, "Chess results")
    assert [ln.article_id for ln in kept] == [1, 3]
    # A line that only repeats the headline is dropped too.
    assert [ln.article_id for ln in distinct_lines(lines[2:], lines[2].text)] == []


def test_quotes_are_cut_at_a_sentence_boundary_with_an_ellipsis() -> None:
    quote = (
        "We will rebuild both bridges before winter. Nobody in Orvanne will be left alone. "
        + "The valley has been through floods before, and every time it came back stronger " * 4
    )
    cut = trim_quote(quote, 120)
    assert (
        cut == "We will rebuild both bridges before winter. Nobody in Orvanne will be left alone. …"
    )
    assert trim_quote("Short and whole.") == "Short and whole."
    three = "We came early. We took the shirt. We left at once."
    assert trim_quote(three) == "We came early. We took the shirt. …"  # two sentences at most
    long_sentence = "word " * 100
    assert trim_quote(long_sentence, 50).endswith(" …") and len(trim_quote(long_sentence, 50)) <= 52


def test_a_story_is_titled_by_a_whole_headline() -> None:
    clipped = "Rescue teams evacuated 400 people from Orvanne as meltwater swept away two…"
    assert story_title([clipped, "Glacier lake floods Orvanne valley"]) == (
        "Glacier lake floods Orvanne valley"
    )
    assert story_title([clipped]) == clipped
