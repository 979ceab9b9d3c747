"""Who is who in one article: name clusters, pronoun and role-noun resolution.

Every capitalized name outside quotations is collected first, so that a later
"Vladimir Putin" also names an earlier "Putin", and the speaker of each
statement is reported by the fullest name the article gives. Names sharing a
surname but not a given name stay apart ("Hillary Clinton" / "Bill Clinton").
A pronoun goes to the latest person of compatible gender mentioned before it;
a role noun ("the top Russian diplomat") to the latest person introduced with a
matching title or office ("Russian Foreign Minister Sergei Lavrov").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from briefings.quotes.lexicon import lexicon, word_list
from briefings.quotes.mentions import DAYS, MONTHS, Mention
from briefings.quotes.names import (
    PARTICLES,
    SUFFIXES,
    given_compatible,
    name_start,
    name_tokens,
)

_UPPER = "A-Z" + "".join(chr(c) for c in range(0x00C0, 0x0250) if chr(c).isupper())
# "U.S.", "U.N." whole, then a capitalised word or an initial
_CAPWORD = rf"(?:(?:[{_UPPER}]\.){{2,}}|(?:[{_UPPER}][\w’'\-]*\w|[{_UPPER}])\.?)"
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
NAME_RUN_RE = re.compile(
    rf"(?<![\w’'\-]){_CAPWORD}(?:[ \u00a0]+(?:(?:{_PARTICLE})[ \u00a0]+)*{_CAPWORD})*"
)
_POSS_RE = re.compile(r"(?:['’]s|['’])$")

PERSON_TITLES = word_list("person_titles")
"""Titles and roles that make the following name a person's."""

_NOT_GIVEN = word_list("not_given")
"""First words of capitalized pairs that are places or institutions, not given names."""

RECENCY_WINDOW = 3000
"""How far back (in characters) a pronoun looks for its antecedent."""
SALIENT_WINDOW = 1200
"""Within this distance a subject-position mention beats a later non-subject one."""


@dataclass
class Entity:
    """One person (or organization) in the article."""

    surname: str
    given: str | None
    display: str
    display_len: int
    gender: str | None = None
    is_person: bool = False
    is_org: bool = False
    descriptors: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)
    full_mentions: int = 0
    salient: set[int] = field(default_factory=set)
    is_place: bool = False


@dataclass(frozen=True, slots=True)
class _Occ:
    start: int
    end: int
    name: str
    toks: tuple[str, ...]
    titles: frozenset[str]
    is_org: bool
    evidence: bool = False
    """The context says this is a person ("professor X", "X, 31,", "X, who")."""
    salient: bool = False
    """Subject-like position: opens its sentence (after a short lead-in), not possessive."""


_AFTER_PERSON_RE = re.compile(
    r",\s+(?:who\b|whose\b|\d{1,3}\b|a\s|an\s|the\s|[a-z]+’s\s|[a-z]+'s\s)"
)
_LEAD_IN_WORDS = (
    r"(?:(?:[Bb]ut|[Aa]nd|[Ss]o|[Yy]et|[Tt]hen|[Ss]till|[Nn]ow|[Mm]eanwhile|[Hh]owever|[Ii]nstead"
    r"|[Ll]ater|[Ee]arlier|[Aa]lso)\b[ ,]*)*"
)
_LEAD_IN_RE = re.compile(rf"^{_LEAD_IN_WORDS}$")
"""A lead made only of connectives ("But", "And then,")."""
_LEAD_IN_PREFIX_RE = re.compile(_LEAD_IN_WORDS)
_NON_SPACE_RE = re.compile(r"\S")
_SHORT_LEAD = 200
"""A lead up to this long is looked at directly; a longer one through `_UnitLead`."""


@dataclass(frozen=True, slots=True)
class _UnitLead:
    """What decides, for every name in one unit, whether its lead (the unit's text before
    it) leaves it in subject position. Found once per unit: taking the lead apart again
    for every name was quadratic in a long unit."""

    first_text: int
    """Where the first non-blank character of the unit is."""
    connectives_end: int
    """Where the unit's opening run of connectives (`_LEAD_IN_PREFIX_RE`) ends."""
    first_comma: int
    """Where the unit's first comma is (its end when none)."""
    ninth_space: int
    """Where the unit's ninth space is (its end when none)."""

    @classmethod
    def of(cls, masked: str, start: int, end: int) -> _UnitLead:
        text = _NON_SPACE_RE.search(masked, start, end)
        connectives = _LEAD_IN_PREFIX_RE.match(masked, start, end)
        comma = masked.find(",", start, end)
        space = start - 1
        for _ in range(9):
            space = masked.find(" ", space + 1, end)
            if space < 0:
                break
        return cls(
            text.start() if text else end,
            connectives.end() if connectives else start,
            comma if comma >= 0 else end,
            space if space >= 0 else end,
        )

    def salient(self, masked: str, start: int, s: int) -> bool:
        """As `_lead_is_salient(masked[start:s])` for a name at s (so masked[s - 1] is no
        word character), in O(1) but for the blanks just before s."""
        if self.first_text >= s:
            return True  # a blank lead
        if self.connectives_end >= s or (
            masked[s - 1] == "\n" and self.connectives_end == s - 1  # `$` before a final \n
        ):
            return True
        last = s - 1
        while last >= start and masked[last].isspace():
            last -= 1
        # "In Moscow, Putin said": one short phrase and a comma
        return (
            last >= start
            and masked[last] == ","
            and self.ninth_space >= s
            and self.first_comma == last
        )


def _lead_is_salient(lead: str) -> bool:
    """The plain statement of the rule `_UnitLead.salient` applies."""
    return (
        not lead.strip()
        or bool(_LEAD_IN_RE.match(lead))
        or (lead.rstrip().endswith(",") and lead.count(" ") <= 8 and "," not in lead.rstrip()[:-1])
    )


def _split_run(text: str, start: int) -> list[tuple[int, int]]:
    """Cut a capitalized run at words that never belong to a name ('The', 'Was', 'Thursday')."""
    lex = lexicon()
    if " " not in text and "\u00a0" not in text:
        low = _POSS_RE.sub("", text.lower()).rstrip(".")
        if (low in lex.not_names and low not in MONTHS) or low in DAYS:
            return []
        return [(start, start + len(text))]
    pieces: list[tuple[int, int]] = []
    cur_s: int | None = None
    cur_e = 0
    for m in re.finditer(r"\S+", text):
        w = m.group()
        low = _POSS_RE.sub("", w.lower()).rstrip(".")
        bad = (low in lex.not_names and low not in MONTHS) or low in DAYS
        if bad:
            if cur_s is not None:
                pieces.append((start + cur_s, start + cur_e))
            cur_s = None
            continue
        if cur_s is None:
            cur_s = m.start()
        cur_e = m.end()
        if w.endswith(".") and len(w) > 4 and "." not in w[:-1]:
            # "Mexico. Trump": a sentence ends inside the run
            pieces.append((start + cur_s, start + cur_e - 1))
            cur_s = None
            continue
        if w.endswith(("’s", "'s", "’", "'")):
            pieces.append((start + cur_s, start + cur_e))
            cur_s = None
    if cur_s is not None:
        pieces.append((start + cur_s, start + cur_e))
    return pieces


def _occurrence(text: str, s: int, e: int) -> _Occ | None:
    info = _analyse_name(text[s:e])
    if info is None:
        return None
    name, toks, title_words, is_org = info
    return _Occ(s, e, name, toks, title_words, is_org)


@lru_cache(maxsize=8192)
def _analyse_name(raw: str) -> tuple[str, tuple[str, ...], frozenset[str], bool] | None:
    """Name proper, key tokens, title words and organization flag of one written name."""
    raw = _POSS_RE.sub("", raw)
    words = raw.split()
    if (
        words
        and words[-1].endswith(".")
        and len(words[-1]) > 2
        and words[-1][:-1].lower() not in SUFFIXES
    ):
        words[-1] = words[-1][:-1]  # a sentence-final period, not an initial
    while words and words[-1].lower().rstrip(".") in SUFFIXES and len(words) > 1:
        words.pop()
    lowered = [w.lower().rstrip(".") for w in words]
    lex = lexicon()
    first = name_start(lowered, len(words) - 1)
    if lowered[first] not in lex.given_names:
        # a capitalised word glued before a given name ("Hosting John Smith"); a double
        # given name ("Mary Ann Zollman", "Carrie Ann Inaba") stays whole
        for n in range(first + 1, len(words) - 1):
            if lowered[n] in lex.male_names or lowered[n] in lex.female_names:
                first = n
                break
    title_words = frozenset(lowered[:first])
    toks = tuple(name_tokens(" ".join(words[first:])))
    if not toks:
        return None
    org_words = lexicon().org_words
    # an organisation word among the title words ("U.S. Army Gen. Tom Reed") is an office
    is_org = any(w in org_words for w in lowered[max(first, 1) :]) or (
        len(lowered) == 1 and lowered[0] in org_words
    )
    if any(len(t) > 1 and t.isupper() for t in words[first:]) and len(words[first:]) == 1:
        is_org = True  # acronyms: "NATO", "FBI"
    return " ".join(words[first:]), toks, title_words, is_org


# a title word that, with the second word, names an office rather than the role a role noun
# asks for: an attorney general is a minister, not someone's lawyer
_OFFICE_NOT_ROLE = {"attorney": "general"}


def _name_occurrences(masked: str, unit_starts: list[int] | None) -> list[_Occ]:
    """Every capitalised name written outside quotations, with whether the text around it
    says it is a person (`_person_evidence`) and whether it opens its sentence (salient)."""
    occs: list[_Occ] = []
    lex = lexicon()
    skip = lex.not_names | DAYS
    starts = unit_starts or [0]
    leads: dict[int, _UnitLead] = {}
    for m in NAME_RUN_RE.finditer(masked):
        run = m.group()
        if " " not in run and run.lower() in skip:
            continue
        for s, e in _split_run(run, m.start()):
            occ = _occurrence(masked, s, e)
            if occ is None:
                continue
            evidence = _person_evidence(masked, s, e)
            ui = bisect.bisect_right(starts, s) - 1
            u = starts[ui] if ui >= 0 else 0
            possessive = masked[e : e + 2] in ("’s", "'s")
            if possessive:
                salient = False
            elif s - u <= _SHORT_LEAD:
                salient = _lead_is_salient(masked[u:s])
            else:
                lead = leads.get(ui)
                if lead is None:
                    u_end = starts[ui + 1] if ui + 1 < len(starts) else len(masked)
                    lead = leads[ui] = _UnitLead.of(masked, u, u_end)
                salient = lead.salient(masked, u, s)
            if evidence or salient:
                occ = _Occ(
                    occ.start,
                    occ.end,
                    occ.name,
                    occ.toks,
                    occ.titles,
                    occ.is_org,
                    evidence,
                    salient,
                )
            occs.append(occ)
    return occs


def _person_evidence(masked: str, s: int, e: int) -> bool:
    """Whether the words around the name masked[s:e] say it is a person: an age or
    appositive after it, a person noun, role or title right before it."""
    lex = lexicon()
    evidence = bool(_AFTER_PERSON_RE.match(masked, e))
    if not evidence:
        lo = max(0, s - 30)
        ws = masked.rfind(" ", lo, s - 1)
        prev = masked[max(ws + 1, lo) : s].strip().lower()
        evidence = prev in lex.person_nouns or prev in lex.roles or prev in lex.titles
    return evidence


class Registry:
    """The people and organizations one article names, with their mention positions."""

    def __init__(self, masked: str, unit_starts: list[int] | None = None) -> None:
        self.entities: list[Entity] = []
        self._by_surname: dict[str, list[Entity]] = {}
        self._person_pos: list[int] = []
        self._person_ent: list[Entity] = []
        self._person_salient: list[bool] = []
        # speakers resolved later (`mark_person_at`), by RECENCY_WINDOW-wide bucket: the
        # lists above stay as built, since inserting into them was quadratic
        self._marks: dict[int, list[int]] = {}
        self._mark_ent: dict[int, Entity] = {}
        self._mark_salient: dict[int, bool] = {}
        self._by_given: dict[str, list[Entity]] = {}
        occs = _name_occurrences(masked, unit_starts)
        self._occs = occs
        # full names first, so that bare surnames can attach to them
        for occ in occs:
            if len(occ.toks) >= 2 and not occ.is_org:
                self._add_full(occ)
        for occ in occs:
            if len(occ.toks) >= 2 and not occ.is_org:
                continue
            self._add_short(occ)
        self._finish()

    # -- building -----------------------------------------------------------------

    def _given_of(self, toks: tuple[str, ...]) -> str | None:
        given = [t for t in toks[:-1] if t not in PARTICLES]
        return given[0] if given else None

    @staticmethod
    def _compatible_given(a: str | None, b: str | None) -> bool:
        return a is None or b is None or given_compatible(a, b)

    def _note(self, ent: Entity, occ: _Occ) -> None:
        ent.positions.append(occ.start)
        if occ.salient:
            ent.salient.add(occ.start)
        if occ.evidence:
            ent.is_person = True
        ent.descriptors.update(occ.titles)
        lex = lexicon()
        for t in occ.titles:
            g = lex.honorific_gender.get(t)
            if g and ent.gender is None:
                ent.gender = g
            if t in PERSON_TITLES:
                ent.is_person = True
        if len(occ.name.split()) > ent.display_len:
            ent.display = occ.name
            ent.display_len = len(occ.name.split())

    def _add_full(self, occ: _Occ) -> None:
        surname = occ.toks[-1]
        given = self._given_of(occ.toks)
        for ent in self._by_surname.get(surname, []):
            if ent.given is not None and self._compatible_given(ent.given, given):
                self._note(ent, occ)
                ent.full_mentions += 1
                return
        ent = Entity(surname, given, occ.name, len(occ.name.split()))
        lex = lexicon()
        if given in lex.male_names:
            ent.gender, ent.is_person = "m", True
        elif given in lex.female_names:
            ent.gender, ent.is_person = "f", True
        ent.full_mentions = 1
        self._note(ent, occ)
        self.entities.append(ent)
        self._by_surname.setdefault(surname, []).append(ent)
        if given is not None:
            self._by_given.setdefault(given, []).append(ent)

    def _add_short(self, occ: _Occ) -> None:
        key = occ.toks[-1]
        cands = self._by_surname.get(key, [])
        if occ.titles:
            g = next(
                (
                    lexicon().honorific_gender[t]
                    for t in occ.titles
                    if t in lexicon().honorific_gender
                ),
                None,
            )
            if g:
                cands = [c for c in cands if c.gender in (None, g)] or cands
        if cands:
            ent = self._closest(cands, occ.start)
            self._note(ent, occ)
            return
        # a given name alone ("Hillary") when exactly one person has it
        by_given = [e for e in self._by_given.get(key, ()) if e.is_person]
        if len(by_given) == 1:
            self._note(by_given[0], occ)
            return
        ent = Entity(key, None, occ.name, len(occ.name.split()), is_org=occ.is_org)
        self._note(ent, occ)
        self.entities.append(ent)
        self._by_surname.setdefault(key, []).append(ent)

    @staticmethod
    def _closest(cands: list[Entity], pos: int) -> Entity:
        """The candidate named most recently before pos, else the most named one."""
        best: Entity | None = None
        best_pos = -1
        for c in cands:
            i = bisect.bisect_left(c.positions, pos) - 1 if c.positions else -1
            if i >= 0 and c.positions[i] > best_pos:
                best, best_pos = c, c.positions[i]
        if best is not None:
            return best
        return max(cands, key=lambda c: (c.full_mentions, -c.positions[0] if c.positions else 0))

    def _finish(self) -> None:
        pairs: list[tuple[int, Entity]] = []
        places = lexicon().places
        for ent in self.entities:
            ent.positions.sort()
            if ent.given is None and ent.display.lower() in places:
                ent.is_place = True
                ent.is_person = False
            if ent.is_org or ent.is_place:
                continue
            for p in ent.positions:
                pairs.append((p, ent))
        pairs.sort(key=lambda x: x[0])
        self._person_pos = [p for p, _ in pairs]
        self._person_ent = [e for _, e in pairs]
        self._person_salient = [p in e.salient for p, e in pairs]
        for ent in self.entities:
            for d in ent.descriptors:
                g = lexicon().honorific_gender.get(d)
                if g and ent.gender is None:
                    ent.gender = g

    # -- evidence from speech cues ------------------------------------------------

    def note_speaker(self, ent: Entity, descriptors: frozenset[str] | set[str]) -> None:
        """A name used as the subject of a speech verb: its titles and roles are kept."""
        ent.descriptors.update(descriptors)
        lex = lexicon()
        if ent.gender is None:
            for d in descriptors:
                if d in lex.honorific_gender:
                    ent.gender = lex.honorific_gender[d]
                    break

    # -- lookups ------------------------------------------------------------------

    def lookup(self, name: str, pos: int) -> Entity | None:
        """The entity a name written at `pos` refers to."""
        toks = name_tokens(name)
        if not toks:
            return None
        cands = self._by_surname.get(toks[-1], [])
        given = self._given_of(tuple(toks))
        if given is not None:
            cands = [c for c in cands if self._compatible_given(c.given, given)]
        if not cands and given is None:
            cands = list(self._by_given.get(toks[-1], ()))
        if not cands:
            return None
        return self._closest(cands, pos)

    def antecedent(self, pos: int, gender: str | None) -> Entity | None:
        """The person a he/she at pos refers to.

        The latest compatible person in subject position (opening a sentence,
        or a speaker) wins over later mentions as objects or possessives
        ("Nefzi said. He said Mateen ... he said" -> Nefzi); without one in
        reach, the latest compatible person at all.
        """
        fallback: Entity | None = None
        for p, ent, salient in self._people_before(pos):
            if pos - p > RECENCY_WINDOW:
                break
            if self._person_like(ent) and (gender is None or ent.gender in (None, gender)):
                if salient and (fallback is None or pos - p <= SALIENT_WINDOW):
                    return ent
                if fallback is None:
                    fallback = ent
        return fallback

    def antecedent_distance(
        self, pos: int, ent: Entity, gender: str | None = None
    ) -> tuple[int, int]:
        """(characters back to `ent`'s latest mention before pos, other people the pronoun
        could mean named in between): how far a pronoun reached for its antecedent, which
        is what makes a resolved pronoun more or less trustworthy. People of the other
        gender do not compete ("he" is not Merkel)."""
        others: set[int] = set()
        for p, other, _ in self._people_before(pos):
            if other is ent:
                return pos - p, len(others)
            if pos - p > RECENCY_WINDOW:
                break
            if self._person_like(other) and (gender is None or other.gender in (None, gender)):
                others.add(id(other))
        return RECENCY_WINDOW, len(others)

    def _people_before(self, pos: int) -> Iterator[tuple[int, Entity, bool]]:
        """Person mentions before pos, latest first, down to RECENCY_WINDOW back: the names
        of the article merged with the speakers marked since."""
        base = self._person_pos
        i = bisect.bisect_left(base, pos) - 1
        bucket = pos // RECENCY_WINDOW
        marks = self._marks.get(bucket, [])
        j = bisect.bisect_left(marks, pos) - 1
        while True:
            if j < 0 and bucket == pos // RECENCY_WINDOW:
                bucket -= 1  # the window reaches into the previous bucket, no further
                marks = self._marks.get(bucket, [])
                j = len(marks) - 1
            b = base[i] if i >= 0 else -1
            m = marks[j] if j >= 0 else -1
            if b < 0 and m < 0:
                return
            if b > m:
                yield b, self._person_ent[i], self._person_salient[i]
                i -= 1
            else:
                yield m, self._mark_ent[m], self._mark_salient[m]
                j -= 1

    @staticmethod
    def _person_like(ent: Entity) -> bool:
        """A person by evidence, or a two-word name that is no organization or place."""
        if ent.is_org or ent.is_place:
            return False
        return ent.is_person or (ent.given is not None and ent.given not in _NOT_GIVEN)

    def by_role(self, mention: Mention, pos: int) -> Entity | None:
        """The person introduced with the title or office a role noun names."""
        lex = lexicon()
        head = mention.head or ""
        wanted = lex.roles.get(head)
        if not wanted:
            return None
        g = lex.honorific_gender.get(head)
        modifiers = set(mention.descriptors) - {head}
        best: Entity | None = None
        best_key: tuple[int, int] | None = None
        for ent in self.entities:
            if not self._person_like(ent) or not ent.positions or ent.positions[0] >= pos:
                continue
            if g and ent.gender not in (None, g):
                continue
            matched = ent.descriptors & wanted
            if not matched:
                continue
            if matched <= _OFFICE_NOT_ROLE.keys() and all(
                _OFFICE_NOT_ROLE[w] in ent.descriptors for w in matched
            ):
                continue  # "Attorney General John Ashcroft" holds an office: not "their lawyer"
            i = bisect.bisect_left(ent.positions, pos) - 1
            last = ent.positions[i] if i >= 0 else -1
            key = (len(ent.descriptors & modifiers), last)
            if best_key is None or key > best_key:
                best, best_key = ent, key
        return best

    def mark_person_at(self, pos: int, ent: Entity, salient: bool = True) -> None:
        """Record a resolved speaker (name, pronoun or role) as a mention of `ent` at pos."""
        if ent.is_org or ent.is_place:
            return
        i = bisect.bisect_left(self._person_pos, pos)
        if i < len(self._person_pos) and self._person_pos[i] == pos:
            self._person_salient[i] = self._person_salient[i] or salient
            return
        if pos in self._mark_ent:
            self._mark_salient[pos] = self._mark_salient[pos] or salient
            return
        bisect.insort(self._marks.setdefault(pos // RECENCY_WINDOW, []), pos)
        self._mark_ent[pos] = ent
        self._mark_salient[pos] = salient
