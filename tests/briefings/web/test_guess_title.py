"""Headlines for text pasted or uploaded without one (texts written for these tests)."""

from __future__ import annotations

import pytest

from briefings.web.html_text import TITLE_LIMIT, guess_title

LONG = (
    "The regional president has condemned the closure of the northern border crossing, "
    "which has been shut since the spring floods, as a blow to every farmer in the valley."
)


def test_a_short_heading_line_is_the_title() -> None:
    assert guess_title("Harbour bridge to close\nThe city will close it.") == (
        "Harbour bridge to close"
    )


def test_a_short_first_sentence_is_the_title_without_its_full_stop() -> None:
    assert guess_title("The council closed the bridge.\nMore follows.") == (
        "The council closed the bridge"
    )


def test_a_long_first_sentence_ends_at_a_clause_without_an_ellipsis() -> None:
    title = guess_title(LONG)
    assert (
        title == "The regional president has condemned the closure of the northern border crossing"
    )
    assert len(title) <= TITLE_LIMIT
    assert not title.endswith("…")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "(CNN)The last comet this bright came in 1997.",
            "The last comet this bright came in 1997",
        ),
        ("WASHINGTON (AP) — The Senate passed the bill.", "The Senate passed the bill"),
        ("LONDON, March 3 (Reuters) - Shares fell.\nMore.", "Shares fell"),
        ("PARIS (AFP): Strikes closed the metro.", "Strikes closed the metro"),
    ],
)
def test_agency_prefixes_are_removed(text: str, title: str) -> None:
    assert guess_title(text) == title


def test_a_byline_at_the_top_is_skipped() -> None:
    text = "By Jane Doe, Valley Ledger\nThe council voted on Tuesday to close the bridge."
    assert guess_title(text) == "The council voted on Tuesday to close the bridge"


def test_no_clause_in_reach_cuts_at_a_word_with_an_ellipsis() -> None:
    text = (
        "The mayor and the council and the residents and the shop owners and the ferry "
        "operators and the engineers all met yesterday to talk."
    )
    title = guess_title(text)
    assert title.endswith("…") and len(title) <= TITLE_LIMIT
    assert text.startswith(title[:-1])
    assert text[len(title) - 1] == " "  # cut between words


def test_empty_text_is_untitled() -> None:
    assert guess_title("  \n ") == "Untitled"


def test_a_leading_time_phrase_gives_way_to_the_main_clause() -> None:
    text = (
        "Earlier this month, the regional council of Veltmarsh approved a plan to close "
        "eleven small schools and merge their pupils into two new academies."
    )
    title = guess_title(text)
    assert title.startswith("The regional council of Veltmarsh approved a plan")
    assert len(title) <= TITLE_LIMIT


def test_without_a_clause_end_the_title_ends_before_a_phrase_of_place_or_time() -> None:
    text = (
        "The harbour authority of Veltmarsh has ordered the demolition of the old grain "
        "silos near the northern pier during the winter closure of the port."
    )
    title = guess_title(text)
    assert title == (
        "The harbour authority of Veltmarsh has ordered the demolition of the old grain silos"
    )
    assert not title.endswith("…")


def test_an_attribution_at_the_start_is_kept() -> None:
    text = (
        "According to the harbour police, the driver of the stolen lorry had crossed three "
        "counties and two bridges before the crash yesterday evening."
    )
    assert guess_title(text).startswith("According to the harbour police")
