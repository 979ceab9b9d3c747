"""Whether a speaker name is someone who can speak: a person, an organisation, or neither.

The extractor finds a capitalised phrase before a speech cue and takes it for the speaker.
On real pages that phrase is often not a speaker at all: a dateline ("WASHINGTON"), a
place ("Los Angeles"), a nationality left over from "the French foreign ministry", a
generic plural ("Officials"), a credit ("Additional reporting by"), a section label
("STRESS: ..."), a German noun phrase ("Die Vorteile") or a sentence-initial word glued
to a name ("Hosting Cook"). Putting words in the mouth of "Officials" or "WASHINGTON"
is worse than leaving the statement without an actor, so such names are rejected here
and the statement is stored unattributed. What is known about English words lives in
the lexicon files (`not_speakers.txt`, `nationalities.txt`, `org_fragment_words.txt`,
`institutions.txt`, `org_words.txt`, `places*.txt`), not in this code.
"""

from __future__ import annotations

import re

from briefings.quotes.lexicon import lexicon, word_list
from briefings.text import fold

__all__ = [
    "ORGANISATION",
    "PERSON",
    "label_speaker",
    "longer_name",
    "mention_excludes",
    "speaker_kind",
    "strip_glued",
]

PERSON = "person"
ORGANISATION = "organisation"

_WORD_RE = re.compile(r"\S+")
_DATELINE_MAX = 4
"""An all-capitals word longer than this is a dateline or a label ("WASHINGTON",
"STRESS"), not an acronym ("NATO", "FBI")."""
_ACRONYM_MAX = 6
"""A one-word name in capitals up to this long may be an acronym ("NAACP", "MSNBC");
longer ones are datelines ("WASHINGTON")."""


def _low(word: str) -> str:
    """Folded word without dots and edge punctuation: "U.S." -> "us"."""
    return fold(word).replace(".", "").strip(",:;!?()[]\"'“”‘’–—-")


def _words(name: str) -> list[str]:
    words = _WORD_RE.findall(name.strip())
    if words and words[0].lower() == "the":
        words = words[1:]
    return words


_SURNAME_LY = ("elly", "olly", "illy", "eilly")
"""Endings of surnames that look like adverbs ("Kelly", "Connolly", "Reilly")."""


def _adverb_or_participle(word: str) -> bool:
    """An -ly adverb ("shortly", "finally"), not a surname such as "Donnelly", or a long
    -ed participle ("chastened", "frustrated")."""
    if len(word) >= 8 and word.endswith("ed"):
        return True
    return len(word) >= 6 and word.endswith("ly") and not word.endswith(_SURNAME_LY)


def strip_glued(name: str) -> str:
    """The name without a capitalised sentence-initial word glued to it, or the end of the
    sentence before it ("at SNC. Roth said" -> "Roth").

    "Hosting Cook" -> "Cook", "Questioning Vindman" -> "Vindman": a gerund opening the
    sentence is read as a given name by capitalisation alone. Known given names that end
    in -ing ("Sterling") stay.
    """
    words = _words(name)
    if len(words) < 2:
        return name
    lex = lexicon()
    for i, w in enumerate(words[:-1]):
        core = w.rstrip(".")
        if w.endswith(".") and len(core) > 2 and "." not in core and _low(w) not in lex.titles:
            return " ".join(words[i + 1 :])  # "SNC. Roth": a sentence end read across
    first = words[0]
    low = _low(first)
    glued = (
        len(low) > 4
        and low.endswith("ing")
        and not first.isupper()
        and low not in lex.male_names
        and low not in lex.female_names
    )
    if glued and words[1][:1].isupper():
        return " ".join(words[1:])
    return name


def speaker_kind(name: str, *, is_org: bool = False) -> str | None:
    """PERSON, ORGANISATION, or None when `name` is no speaker at all.

    `is_org` is what the article says of the name (the extractor's organisation
    evidence); organisation words in the name ("US Justice Department") say so too. A
    bare organisation word ("Ministry", "Inc") or a phrase of words that only ever modify
    one ("Scientific Research") is a name cut short, so it is rejected rather than kept as
    a speaker of its own.
    """
    words = _words(name)
    if not words or not any(c.isalpha() for c in name):
        return None
    lex = lexicon()
    low = [w for w in (_low(w) for w in words) if w]
    if not low:
        return None
    letters = "".join(c for c in name if c.isalpha())
    if letters.isupper() and (
        len(low) > 1 and any(len(w) > _DATELINE_MAX for w in low) or len(letters) > _ACRONYM_MAX
    ):
        return None  # dateline, section label, page furniture
    given = lex.male_names | lex.female_names
    if low[0] in lex.not_speakers and not (len(low) > 1 and low[0] in given):
        return None  # generic plural, credit, German article, contraction
    whole = " ".join(low)
    if whole in lex.places or whole in lex.nationalities:
        return None
    if all(w in lex.places or w in lex.nationalities for w in low):
        return None  # "Southern California", "Arab Israeli"
    if low[0] in lex.nationalities and len(low) == 2 and low[1] not in lex.org_words:
        return None  # "Eastern Aleppo": a region, not a speaker
    if len(low) == 1 and _adverb_or_participle(low[0]) and low[0] not in given:
        return None  # "Shortly", "Chastened": a sentence-opening adverb or participle
    if low[0] in lex.not_names and low[0] not in given:
        return None  # "September", "Today", "October GOP"
    if "-" in low[-1] and low[-1].rsplit("-", 1)[1] in lex.not_speakers:
        return None  # "Cambodia-based": an adjective
    bare_org_word = len(low) == 1 and low[0] in lex.org_words | lex.org_fragment_words
    if bare_org_word and low[0] not in lex.institutions:
        return None  # "Ministry", "Inc", "Police": the end of a longer name
    if all(w in lex.org_fragment_words for w in low):
        return None  # "Scientific Research", "Homeland Security": a name cut short
    if is_org or any(w in lex.org_words for w in low) or low[0] in lex.institutions:
        return ORGANISATION
    if len(low) == 1 and letters.isupper() and len(letters) >= 2:
        return ORGANISATION  # an acronym: "FBI", "NATO"
    return PERSON


_POSSESSIVE = ("’s", "'s", "s’", "s'")
_SELF = ("self", "selves")
_NOT_HEADS = word_list("not_heads")
"""Lowercase words after a name that do not make it a modifier ("Cummings of Maryland")."""


def mention_excludes(mention: str, name: str) -> bool:
    """Whether the speaker phrase as written shows that `name` is not who spoke.

    The extractor takes the capitalised name inside the phrase before a cue; the words
    around it can say the name is only part of it:
    - a line break inside the phrase: the end of one line (a teaser, a caption) and the
      start of the next are two things;
    - a possessive ("Lowe's reports earnings", "according to Moody's", "Jane's"): a company
      or an owner, not the name itself;
    - a place or a thing after a preposition ("a doctor from Hebron", "a telescope atop
      Mauna Kea"): where the speaker is from, `place_prepositions.txt`;
    - a lowercase noun after the name ("the Obama administration", "Epstein's family"):
      the name modifies the real speaker;
    - "The" and the bare name with no organisation word ("The Work spends", "The Florida
      Project goes on"): a title of a work, since people are not written "The Smith".
    """
    if "\n" in mention.strip():
        return True  # "Vanity\nPerkins": a name never runs across lines
    words = mention.split()
    low = [_low(w) for w in words]
    last = name.split()[-1].lower() if name.split() else ""
    first = name.split()[0].lower() if name.split() else ""
    if len(name.split()) == 1 and words and words[-1].lower().endswith(_POSSESSIVE):
        return True
    lex = lexicon()
    for i, w in enumerate(low):
        if w != _low(first):
            continue
        if i > 0 and low[i - 1] in lex.place_prepositions:
            return True
        break
    for i, w in enumerate(low):
        if w.removesuffix("’s").removesuffix("'s") == _low(last):
            rest = words[i + 1 : i + 2]
            if rest and rest[0].isalpha() and rest[0].islower():
                return rest[0].lower() not in _NOT_HEADS and not rest[0].endswith(_SELF)
            break
    if len(low) >= 2 and low[0] == "the" and not words[1][:1].islower():
        rest = [w for w in low[1:] if w]
        acronym = any(w.replace(".", "").isupper() for w in words[1:])
        if not acronym and not any(w in lex.org_words or w in lex.institutions for w in rest):
            return not any(w in lex.titles for w in rest)
    return False


def label_speaker(name: str, resolved: str | None, kind: str = PERSON) -> bool:
    """Whether a "Name: statement" line can name a person: the label starts with a known
    given name or a title ("Sanders: ..." resolved through the article to "Bernie
    Sanders" also does). A title-case phrase before a colon ("Star Wars: The Last Jedi",
    "Moon Rush: Private Lunar Lander Plans", "Tech Enabled: CNET chronicles ...") is a
    headline, a list item or a section label, never a speaker. An organisation label is
    an acronym ("NATO: ...") or carries an organisation word ("Justice Department: ...");
    a team name in a sports recap ("Thunder: Host the Lakers on Friday") is a section."""
    lex = lexicon()
    if kind == ORGANISATION:
        letters = "".join(c for c in name if c.isalpha())
        low = [_low(w) for w in _words(name)]
        return letters.isupper() or any(w in lex.org_words or w in lex.institutions for w in low)
    given = lex.given_names
    for candidate in (resolved, name):
        words = [_low(w) for w in _words(candidate or "")]
        if words and (words[0] in given or words[0] in lex.titles):
            return True
    return False


_CAP_RUN = r"(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*"
_JOINED_BEFORE_RE = re.compile(rf"({_CAP_RUN})\s+(&|and)\s+$")
_JOINED_AFTER_RE = re.compile(rf"^\s+(&|and|for the|of the|for|of)\s+({_CAP_RUN})")


def longer_name(before: str, name: str, after: str, kind: str) -> str | None:
    """The whole organisation name when `name` (with `before` and `after` the text either
    side of it as written) is only part of one, "" when the part cannot be completed, and
    None when `name` is whole.

    "Chapter & Verse" read as "Verse", "the Citizenship and Immigration Services" as
    "Immigration Services", "the Securities and Exchange Commission" as "Securities" are
    completed; "the United Nations Office for the Coordination of ..." read as "United
    Nations Office" names nobody by itself. Two people joined by "and" ("Kevin Hale and
    Alex Ward said") are not one name.
    """
    lex = lexicon()
    m = _JOINED_BEFORE_RE.search(before[-80:])
    if m and (m.group(2) == "&" or kind == ORGANISATION):
        run = m.group(1).split()
        while run and run[0].lower() == "the":
            run = run[1:]
        whole_before = any(_low(w) in lex.org_words for w in run)
        if run and (m.group(2) == "&" or not whole_before):  # "the UN and EU": two bodies
            return f"{' '.join(run)} {m.group(2)} {name}"
    m = _JOINED_AFTER_RE.match(after[:100])
    if m:
        run = m.group(2).split()
        joined = m.group(1) in ("&", "and")
        whole = any(_low(w) in lex.org_words for w in name.split())
        if joined and not whole and any(_low(w) in lex.org_words for w in run):
            return f"{name} {m.group(1)} {' '.join(run)}".rstrip(".,;:")
        if not joined and kind == ORGANISATION and m.group(1).endswith("the"):
            return ""  # "Office for the Coordination of ...": cut off, see the docstring
    return None
