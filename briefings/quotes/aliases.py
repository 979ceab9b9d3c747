"""One person written per language: Putin, Poutine, Путин.

Each language spells a foreign name its own way: Cyrillic transliterated after English,
German or French habits (Путин: Putin, Poutine; Лавров: Lavrov, Lawrow; Сергей: Sergei,
Sergej, Sergueï, Serguéi). `cross_key` folds a name to a key that these spellings share:
Cyrillic is transliterated, accents dropped, and the letters that the transliteration
conventions swap are merged (w/v, ou/u, j/y/i, gu/g before e and i, sch/sh/ch, a French
final e). It is a key for looking names up, never shown.

The quote service (`briefings.quotebook`) uses it at query time: `quotes Putin` also finds
the actors stored as "Vladimir Poutine" or "Владимир Путин", and the actors whose full
names (given name and surname, as an article writes them when it says who the person is)
have the same key are one person. A surname alone ("Poutine" in an article that never
gives the full name) is offered, not merged.
"""

from __future__ import annotations

import re

from briefings.text import fold

__all__ = ["cross_key", "same_person"]

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o",
            "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
            "yu", "ya", "i", "i", "e", "g",
        ],
        strict=True,
    )
)  # fmt: skip

# spelling habits merged, in order (the German "tsch" before "sch" before "sh")
_MERGES = (
    ("shch", "ch"),
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "ch"),
    ("sh", "ch"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("ou", "u"),
    ("gue", "ge"),
    ("gui", "gi"),
    ("j", "i"),
    ("y", "i"),
)


def _word_key(word: str) -> str:
    w = "".join(_CYRILLIC.get(c, c) for c in word)
    for a, b in _MERGES:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters: Lawrow / Lavrov, Sergeij
    if len(w) >= 5 and w.endswith("e") and w[-2] not in "aeiou":
        w = w[:-1]  # the French final e: Poutine -> putin
    return w


def cross_key(name: str) -> str:
    """The spelling-neutral key of a name: "Vladimir Poutine", "Wladimir Putin" and
    "Владимир Путин" all give "vladimir putin"."""
    words = re.findall(r"\w+", fold(name.lower()))
    return " ".join(_word_key(w) for w in words if w)


def same_person(a: str, b: str) -> bool:
    """Two full names (two words or more) spelt after different languages' habits."""
    ka, kb = cross_key(a), cross_key(b)
    return len(ka.split()) >= 2 and ka == kb
