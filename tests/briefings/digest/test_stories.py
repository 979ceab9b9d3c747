"""Story grouping on small texts written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import scipy.sparse as sp

from briefings.briefs.brief_service import BriefLine
from briefings.digest.daily import distinct_lines, trim_quote
from briefings.digest.stories import (
    CROWD_RANKS,
    CROWD_REF,
    SAME_SITE,
    SAME_STORY,
    article_vectors,
    crowd_adjusted,
    crowding,
    group_stories,
    group_texts,
    same_site_apart,
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


def _sims(n: int, pairs: dict[tuple[int, int], float], rest: float) -> sp.csr_matrix:
    dense = np.full((n, n), rest)
    for (i, j), v in pairs.items():
        dense[i, j] = dense[j, i] = v
    np.fill_diagonal(dense, 1.0)
    return sp.csr_matrix(dense)


def test_a_crowded_subject_needs_a_closer_pair_than_a_quiet_one() -> None:
    # Articles 0-11 are one busy subject (a club's season): all alike at 0.3. Articles 12
    # and 13 are two outlets on a quiet story: alike at 0.24, near nothing else.
    crowd = {(i, j): 0.3 for i in range(12) for j in range(i + 1, 12)}
    sims = _sims(20, {**crowd, (12, 13): 0.24}, rest=0.02)
    bg = crowding(sims)
    assert bg[0] > CROWD_REF > bg[12]
    adjusted = crowd_adjusted(sims).toarray()
    assert adjusted[0, 1] < SAME_STORY < adjusted[12, 13]  # raw cosines say the reverse
    assert np.allclose(np.diag(adjusted), 1.0)


def test_a_small_day_is_not_adjusted() -> None:
    # Too few articles to tell a crowd from a story: every background is the reference.
    sims = _sims(CROWD_RANKS[0], {(0, 1): 0.4}, rest=0.1)
    assert np.allclose(crowding(sims), CROWD_REF)
    assert np.allclose(crowd_adjusted(sims).toarray(), sims.toarray())


ROVERS = (
    "Harlow Rovers manager Pettigrew praised striker Dunmore after the league match at "
    "Calder Park, where the Rovers supporters sang {}. Pettigrew said Dunmore and the Rovers "
    "defence were strong. The league table now shows Harlow Rovers near the top."
)
OPPONENTS = [
    "against Ashby Town in the rain",
    "against Brenford City before the cup draw",
    "against Corley United in the derby",
    "against Dunwich Athletic after a late penalty",
    "against Elmstead Wanderers with a new keeper",
    "against Farrow Albion on a frozen pitch",
    "against Glenmoor Rangers despite injuries",
    "against Hexley Villa in front of a record crowd",
    "against Ivybridge Celtic after a red card",
    "against Jarrow Harriers in the early kick-off",
    "against Kelso Dynamo in the midweek game",
    "against Lydford Borough after the transfer window",
    "against Marden Park Vale in the evening",
    "against Norcott Forest in the season opener",
]
RESCUE = [
    (
        "Lighthouse keeper rescues stranded kayakers off Pellow Point",
        "A lighthouse keeper on Pellow Point rescued four kayakers whose boats capsized in a "
        "sudden squall on Tuesday. The keeper, Ansel Marrow, rowed out twice and brought them "
        "to the rocks, where coastguards collected them by helicopter.",
    ),
    (
        "Coastguard thanks a keeper for a rescue at sea",
        "Marrow, aged 61, said he saw people in the water from the lamp room and launched his "
        "old dinghy. A helicopter crew later flew them to hospital in Trevane, where doctors "
        "treated them for cold. The lamp has been lit every night since 1820.",
    ),
]


def test_matches_of_one_club_stay_apart_while_two_reports_of_a_quiet_story_join() -> None:
    items = [(f"Rovers play {o.split()[1]}", ROVERS.format(o)) for o in OPPONENTS] + RESCUE
    titles, texts = [t for t, _ in items], [x for _, x in items]
    vecs = article_vectors([f"{t}\n{t}\n{x}" for t, x in items])
    raw = (vecs @ vecs.T).toarray()
    club = raw[: len(OPPONENTS), : len(OPPONENTS)][np.triu_indices(len(OPPONENTS), 1)]
    rescue = raw[-2, -1]
    # By the plain cosine every two match reports are closer than the two rescue reports:
    # no single threshold on it could keep the matches apart and join the rescue.
    assert club.min() > 0.3 > rescue
    groups = group_texts(titles, texts)
    assert [len(items) - 2, len(items) - 1] in groups
    assert sum(1 for g in groups if len(g) == 1) == len(OPPONENTS)


def test_two_pieces_of_one_site_on_one_subject_stay_apart_but_two_outlets_join() -> None:
    items = [(f"Rovers play {o.split()[1]}", ROVERS.format(o)) for o in OPPONENTS] + RESCUE
    titles, texts = [t for t, _ in items], [x for _, x in items]
    pair = [len(items) - 2, len(items) - 1]
    others: list[str | None] = [None] * len(OPPONENTS)
    two_outlets = group_texts(titles, texts, sites=[*others, "pellow.example", "trevane.example"])
    assert pair in two_outlets
    one_site = group_texts(titles, texts, sites=[*others, "pellow.example", "pellow.example"])
    assert [pair[0]] in one_site and [pair[1]] in one_site
    # pasted text has no site: the pair is judged as two outlets
    assert pair in group_texts(titles, texts, sites=[None] * len(items))


def test_only_pairs_of_one_known_site_below_the_bar_are_cut() -> None:
    low, high = SAME_SITE - 0.1, SAME_SITE + 0.1
    sims = _sims(4, {(0, 1): low, (0, 2): high, (1, 3): low}, rest=0.0)
    out = same_site_apart(sims, ["a.example", "a.example", "a.example", None]).toarray()
    assert out[0, 1] == out[1, 0] == 0.0  # one site, below the bar
    assert np.isclose(out[0, 2], high)  # one site, above it: a follow-up of one event
    assert np.isclose(out[1, 3], low)  # the other has no site
    assert np.allclose(np.diag(out), 1.0)


def test_an_archive_notice_does_not_make_a_story() -> None:
    notice = (
        "These crawls are part of an effort to archive pages as they are created, and the "
        "Internet Archive hopes links to them will be preserved.\n"
        "The WARC files associated with this crawl are not currently available to the "
        "general public.\n"
        "Sorry, the page you requested could not be found.\n"
    )
    texts = [notice + OTHERS[0][1], notice + OTHERS[1][1]]
    cleaned = strip_furniture(texts)
    assert all("crawl" not in c and "could not be found" not in c for c in cleaned)
    assert group_texts([OTHERS[0][0], OTHERS[1][0]], texts) == [[0], [1]]
    # A news line that mentions a crawl, or the archive, stays.
    news = "Traffic slowed to a crawl on the ring road after the pier closed."
    assert strip_furniture([news]) == [news]
