"""Name keys used to merge one actor's mentions within and across articles."""

from __future__ import annotations

import pytest

from briefings.quotes.names import (
    aliases,
    gender_of,
    name_key,
    name_tokens,
    same_person,
    surname_key,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("President Vladimir Putin", "vladimir putin"),
        ("Russian President Vladimir Putin", "vladimir putin"),
        ("Mr. Putin", "putin"),
        ("Sen. Bernie Sanders (I-Vt.)", "bernie sanders"),
        ("Secretary of State John Kerry", "john kerry"),
        ("the Rev. Federico Lombardi", "federico lombardi"),
        ("Martin Luther King Jr.", "martin luther king"),
        ("Billie Jean King", "billie jean king"),
        ("Trump’s", "trump"),
        ("Volodymyr ZELENSKYY", "volodymyr zelenskyy"),
        ("Zélenskyy", "zelenskyy"),
        ("", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_surname_key() -> None:
    assert surname_key("Russian President Vladimir Putin") == "putin"
    assert surname_key("Charles de Gaulle") == "gaulle"
    assert surname_key("Alexandria Ocasio-Cortez") == "ocasio-cortez"
    assert surname_key("Dr.") == "dr"  # a lone title is kept rather than returning nothing
    assert surname_key("") == ""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Putin", "Vladimir Putin", True),
        ("President Putin", "Vladimir Putin", True),
        ("Mr. Putin", "Vladimir V. Putin", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Hillary Rodham Clinton", "Hillary Clinton", True),
        ("Bill Clinton", "William J. Clinton", True),
        ("J. Smith", "John Smith", True),
        ("Mrs. Clinton", "Hillary Clinton", True),
        ("Mr. Clinton", "Hillary Clinton", False),
        ("Angela Merkel", "Vladimir Putin", False),
        ("", "Putin", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_aliases_fullest_first() -> None:
    assert aliases("Hillary Rodham Clinton") == [
        "hillary rodham clinton",
        "hillary clinton",
        "clinton",
    ]
    assert aliases("President Vladimir Putin") == ["vladimir putin", "putin"]
    assert aliases("Putin") == ["putin"]
    assert aliases("") == []


def test_gender_of() -> None:
    assert gender_of("Angela Merkel") == "f"
    assert gender_of("Vladimir Putin") == "m"
    assert gender_of("Mrs. Smith") == "f"
    assert gender_of("Mr. Smith") == "m"
    assert gender_of("Xi Jinping") is None


def test_an_article_alone_is_no_name() -> None:
    # A clipped organisation name can be just "The"; looking it up must not raise.
    assert name_tokens("The") == []
    assert name_tokens("the") == []
    assert name_tokens("The Kremlin") == ["kremlin"]
