"""`strip_invisible`: what people read is what is stored (issue 12, item 7)."""

from __future__ import annotations

import unicodedata

import pytest

from briefings.text import strip_invisible

BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u061c"]
ISOLATES = ["\u2066", "\u2067", "\u2068", "\u2069"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"]


@pytest.mark.parametrize("char", BIDI + ISOLATES + ZERO_WIDTH)
def test_bidi_and_zero_width_characters_are_removed(char: str) -> None:
    assert strip_invisible(f"Vladimir{char} Pu{char}tin") == "Vladimir Putin"


def test_right_to_left_override_spoof() -> None:
    # "Harbour report\u202egpj.exe" shows as "Harbour reportexe.jpg" where bidi is honoured.
    assert strip_invisible("Harbour report\u202egpj.exe") == "Harbour reportgpj.exe"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\u00ad"])
def test_other_control_and_format_characters_are_removed(char: str) -> None:
    assert unicodedata.category(char) in ("Cc", "Cf")
    assert strip_invisible(f"a{char}b") == "ab"
    assert strip_invisible(f"ü{char}b") == "üb"  # the non-ASCII path too


def test_newlines_tabs_and_visible_text_are_kept() -> None:
    text = "Line one\n\tLine two — «quoted» 東京 مرحبا Zürich 🇩🇪 ½ \u00a0end"
    assert strip_invisible(text) == text
    assert strip_invisible("plain ASCII, nothing to do.\n") == "plain ASCII, nothing to do.\n"


def test_empty_and_every_category_checked() -> None:
    assert strip_invisible("") == ""
    every = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF)
    left = strip_invisible(every)
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf") for c in left), (
        "a control or format character survived"
    )
    assert not set(left) & set(BIDI + ISOLATES + ZERO_WIDTH)
