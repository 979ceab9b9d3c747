"""Keys for personal names, so one actor's mentions can be merged.

An article calls the same person "Russian President Vladimir Putin", "Putin" and
"Mr. Putin"; the store sees "Vladimir Putin" in one article and "President Putin"
in the next. These pure functions reduce a name to comparable keys: titles and
honorifics are dropped, case and accents folded, and a bare surname is allowed
to match the full name while two different given names with one surname
("Hillary Clinton", "Bill Clinton") are kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefings.quotes.lexicon import lexicon, word_list
from briefings.text import fold

__all__ = [
    "aliases",
    "gender_of",
    "is_title",
    "name_key",
    "name_start",
    "name_tokens",
    "same_person",
    "surname_key",
]

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.\-]*")
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$")

SUFFIXES = word_list("suffixes")
"""Generational suffixes: part of a name as written, never its surname."""

PARTICLES = word_list("particles")
"""Lowercase surname particles ("de Gaulle", "van der Leyen")."""


def _raw_tokens(name: str) -> list[str]:
    """Folded word tokens of `name`, without bracketed parts, possessives or apposition."""
    name = _PAREN_RE.sub(" ", name).split(",", 1)[0]
    out: list[str] = []
    for tok in _TOKEN_RE.findall(fold(name)):
        tok = _POSSESSIVE_RE.sub("", tok).strip(".-'’")
        if tok:
            out.append(tok)
    return out


def is_title(word: str) -> bool:
    """Whether a lowercased word is a title, office or honorific (`lexicon/titles.txt`):
    "president", "sen.", "u.s.", "u.n." (a trailing period and inner periods are optional)."""
    titles = lexicon().titles
    return word in titles or word.rstrip(".") in titles or word.replace(".", "") in titles


def name_start(words: Sequence[str], last: int) -> int:
    """Index of the first word of the name proper that ends at `words[last]`.

    The one title-stripping rule of the package (`name_tokens`, the article's name
    clusters in `entities`, the speaker phrases of `mentions`): `words` are lowercased,
    titles are only taken off the front, and the last word always stays, so a surname
    that is also a title word ("Billie Jean King") survives:
    ["russian", "president", "vladimir", "putin"], 3 -> 2.
    """
    first = last
    while first > 0 and not is_title(words[first - 1]):
        first -= 1
    return first


def name_tokens(name: str) -> list[str]:
    """Folded tokens of the name proper: leading titles, offices and suffixes removed.

    Titles are only taken off the front, and the last word always stays, so a
    surname that is also a title word ("Billie Jean King") survives:
    "Russian President Vladimir Putin" -> ["vladimir", "putin"].
    """
    toks = _raw_tokens(name)
    while toks and toks[-1].replace(".", "") in SUFFIXES:
        toks.pop()
    if not toks:
        return []
    if toks[0] == "the":
        toks = toks[1:]
    if not toks:  # "The" alone (a clipped organisation name) has no name proper
        return []
    return toks[name_start(toks, len(toks) - 1) :]


def name_key(name: str) -> str:
    """Folded name without titles: "President Vladimir Putin" -> "vladimir putin"."""
    return " ".join(name_tokens(name))


def surname_key(name: str) -> str:
    """Folded last word of the name proper: "Mr. Putin" -> "putin", "" when there is none."""
    toks = name_tokens(name)
    return toks[-1] if toks else ""


def _given_names(toks: list[str]) -> list[str]:
    return [t for t in toks[:-1] if t not in PARTICLES]


def gender_of(name: str) -> str | None:
    """'m' or 'f' when an honorific or a common given name tells, else None."""
    lex = lexicon()
    raw = _raw_tokens(name)
    for tok in raw:
        g = lex.honorific_gender.get(tok.replace(".", ""))
        if g:
            return g
        if not is_title(tok):
            break
    given = _given_names(name_tokens(name))
    if given:
        first = given[0]
        if first in lex.male_names:
            return "m"
        if first in lex.female_names:
            return "f"
    return None


def given_compatible(a: str, b: str) -> bool:
    """Same given name, a nickname of it ("Bill"/"William"), or its initial ("J."/"John")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    group = lexicon().nicknames.get(a)
    return bool(group and b in group)


def same_person(a: str, b: str) -> bool:
    """Whether two name strings can denote the same person.

    Surnames must agree; when both names carry a given name, the first given
    names must agree (nicknames and initials allowed); known genders must agree.
    "Putin" ~ "Vladimir Putin" is True, "Hillary Clinton" ~ "Bill Clinton" is False.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    ga, gb = _given_names(ta), _given_names(tb)
    if ga and gb and not given_compatible(ga[0], gb[0]):
        return False
    sa, sb = gender_of(a), gender_of(b)
    return not (sa and sb and sa != sb)


def aliases(name: str) -> list[str]:
    """Lookup keys for a name, fullest first: full key, first + last name, surname.

    "Hillary Rodham Clinton" -> ["hillary rodham clinton", "hillary clinton", "clinton"].
    """
    toks = name_tokens(name)
    if not toks:
        return []
    keys = [" ".join(toks)]
    given = _given_names(toks)
    if given:
        keys.append(f"{given[0]} {toks[-1]}")
    keys.append(toks[-1])
    out: list[str] = []
    for k in keys:
        if k not in out:
            out.append(k)
    return out
