"""Find statements in a news article and say who made them.

Pipeline (all rules, no model):

1. Paragraphs, quotation regions (any quote style, multi-paragraph quotes
   linked, stray marks capped) and sentence units (sentences merged where a
   quotation crosses a sentence boundary); quotations are masked so that words
   inside them are never taken for cues or speakers.
2. Speech cues are found in the masked text (speech verbs from the lexicon,
   "according to"); for each, the speaker phrase is found next to it and the
   content is chosen by the construction: a quotation adjacent to the
   attribution ("“...,” he said" / "X said: “...”"), the clause after the cue
   ("X said (on Thursday) that ..."), or the clause before it ("..., he said.").
   A participle ("..., saying ...") opens a new statement by the clause's subject.
3. A bare quotation right after a quoted statement continues it.
4. Speakers are resolved in reading order: names to the fullest form in the
   article, pronouns to the latest compatible person, role nouns to the person
   introduced with that title.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from briefings.quotes.confidence import confidence_for, pronoun_evidence
from briefings.quotes.entities import Entity, Registry
from briefings.quotes.layout import (
    QuoteRegion,
    Unit,
    find_quotes,
    mask_quotes,
    paragraph_spans,
    sentence_units,
)
from briefings.quotes.lexicon import lexicon, word_list
from briefings.quotes.mentions import (
    DAYS,
    MONTHS,
    PREPOSITIONS,
    PRONOUNS_OBJECT,
    Mention,
    Tok,
    TokNav,
    _possessive,
    is_name_token,
    nav,
    skip_back,
    skip_forward,
    speaker_after,
    speaker_before,
    subject_at_start,
    tokenize,
)
from briefings.quotes.model import Quote
from briefings.quotes.names import name_tokens
from briefings.quotes.speakers import (
    ORGANISATION,
    PERSON,
    label_speaker,
    longer_name,
    mention_excludes,
    speaker_kind,
    strip_glued,
)

log = logging.getLogger(__name__)

__all__ = ["extract_quotes"]

_ADJUNCT_START = word_list("adjunct_start")
_HEARERS = word_list("hearers")
_CUT_RELATIVE = word_list("cut_relative")
_COORD_SKIP = word_list("coord_skip")
_PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "her": "f"}
_MAX_LOOKAHEAD = 12
_MAX_LABEL = 90
"""How far into a unit a "Name: statement" colon may be."""
_LABEL_WORDS = word_list("label_words")
_DASH_SEPARATORS = frozenset({"-", "–", "—", "―"})
_MARKED_LINE_RE = re.compile(r"(?m)^[\"“”][^\n]*")
# a list item: a whole paragraph quoted, then a dash and the speaker's name
_CREDIT_LINE_RE = re.compile(
    r"[\"“”](?P<body>[^\n]{8,}?)[\"”“]\s*\.?\s*(?P<dash>[―—–])\s*"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \xa0]+(?:[A-Z][\w'’.-]*|de|del|da|van|von|la|le|di)){0,4})"
    r"\s*\.?\s*$"
)
# a transcript line: an opening mark, a speaker label in capitals and a colon
_TRANSCRIPT_LINE_RE = re.compile(
    r"[\"“](?P<label>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \xa0]+(?P<body>\S)"
)
_QUOTE_LEAD = frozenset({".", "!", "?", ":", ";", ",", "—", "–", "-", "―", "(", "["})
"""Tokens after which a quotation opens a new clause rather than finishing a sentence."""
_SPLIT_BOUNDARY = frozenset({",", "but", "and", "while", "although", "though", "whereas", ";"})
_AUX_BEFORE_BASE = word_list("aux_before_base")
_OWNER_HEADS = word_list("owner_heads")
"""Heads whose statements a named owner makes ("Huckabee's campaign", "Intel's spokesman")."""
_NOT_CONTENT_START = word_list("not_content_start")
"""Words that open a place adjunct, not reported content ("reported from Iowa")."""
_SUBORD = word_list("subord")
_LEAD_CONJ = word_list("lead_conj")
_TRAIL_STRIP = " \t\n\u00a0.,;:—–-"


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation shaped as a trie: Python's engine does not factor prefixes."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts: list[str] = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = f"(?:{body})?"
        return body

    return build(trie)


def _cue_regex() -> re.Pattern[str]:
    lex = lexicon()
    forms = set(lex.verb_class) | set(lex.multiword) | {"according to"}
    variants: set[str] = set()
    for f in forms:
        variants.add(f)
        variants.add(f[0].upper() + f[1:])
    return re.compile(r"\b" + _trie_pattern(sorted(variants)) + r"\b")


_CUE_RE: re.Pattern[str] | None = None


def _cues() -> re.Pattern[str]:
    global _CUE_RE
    if _CUE_RE is None:
        _CUE_RE = _cue_regex()
    return _CUE_RE


@dataclass
class _Draft:
    parts: list[tuple[int, int]]
    cue_start: int
    cue_end: int
    cue: str
    mention: Mention | None
    unit: int
    ref: _Draft | None = None
    transcript: bool = False
    """A transcript line ("PENCE: ..."): the capitals label is a speaker by layout."""
    speaker: str | None = None
    resolved: bool = False
    appositive: frozenset[str] = frozenset()
    evidence: str | None = None
    """How the speaker was found (see `briefings.quotes.confidence.EVIDENCE`)."""
    kind: str | None = None
    """PERSON or ORGANISATION once the speaker is validated."""


class _Reject(Enum):
    """A construction handler's claim that the cue makes no statement."""

    REJECT = "reject"


_REJECT = _Reject.REJECT
_Verdict = _Draft | _Reject | None
"""A construction handler's answer: a statement, `_REJECT`, or None to pass the cue on."""


def _claim(d: _Draft | None) -> _Draft | _Reject:
    """A claimed cue's verdict: its draft, or `_REJECT` when there is none."""
    return _REJECT if d is None else d


@dataclass(slots=True)
class _Cue:
    """One speech cue toks[ci:ce] of unit `ui` as the construction handlers see it."""

    ui: int
    unit: Unit
    toks: list[Tok]
    ci: int
    ce: int
    text: str
    """The cue as written."""
    earlier: list[_Draft]
    """The unit's statements before this cue."""
    low: str
    """The cue lowercased, spaces normalised ("according to")."""
    cls: str
    """Verb class ('say', 'tell', 'object', 'quote')."""
    first_word: str
    capital: bool
    """The cue is capitalised (opens the sentence, or a name word)."""
    mention: Mention | None = None
    """The speaker phrase, once `_handle_speaker` has found it."""
    inverted: bool = False
    """The speaker follows the cue ("said Putin")."""
    after_end: int = 0
    """For an inverted cue, the token after the speaker phrase."""
    appositive: frozenset[str] = field(default_factory=frozenset)
    """Descriptors of the speaker from an appositive ("Hugh Hill, a doctor, said")."""


# words between a participle and the comma that opens it: ", also saying", ", while saying"
_PARTICIPLE_SKIP = word_list("participle_skip")


class _Article:
    """Per-article state shared by the rules."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self.regions = find_quotes(text, self.paragraphs)
        self.masked = mask_quotes(text, self.regions)
        self.units = sentence_units(self.masked, self.paragraphs, self.regions, text)
        self.region_starts = [r.start for r in self.regions]
        self.region_ends = {r.end: r for r in self.regions}
        self.by_start = {r.start: r for r in self.regions}
        self.index_of = {id(r): i for i, r in enumerate(self.regions)}

    def region_at(self, pos: int) -> QuoteRegion | None:
        i = bisect.bisect_right(self.region_starts, pos) - 1
        if i >= 0 and self.regions[i].start <= pos < self.regions[i].end:
            return self.regions[i]
        return None

    def regions_in(self, start: int, end: int, limit: int | None = None) -> list[QuoteRegion]:
        """Regions starting in [start, end), in order; only the first `limit` if given."""
        i = bisect.bisect_left(self.region_starts, start)
        out: list[QuoteRegion] = []
        while i < len(self.regions) and self.regions[i].start < end:
            if limit is not None and len(out) >= limit:
                break
            out.append(self.regions[i])
            i += 1
        return out

    def last_region_in(self, start: int, end: int) -> QuoteRegion | None:
        """The last region starting in [start, end)."""
        i = bisect.bisect_left(self.region_starts, end) - 1
        if i >= 0 and self.regions[i].start >= start:
            return self.regions[i]
        return None

    def chain(self, region: QuoteRegion) -> list[QuoteRegion]:
        """A region and the regions that continue it in the next paragraphs."""
        out = [region]
        i = self.index_of[id(region)]
        while out[-1].continues and i + 1 < len(self.regions) and self.regions[i + 1].continued:
            i += 1
            out.append(self.regions[i])
        return out


class _Holders:
    """The statements drafted in one unit so far, to find the first (in the order they
    were drafted) whose speaker or content covers a position. Positions are asked in
    increasing order, as the unit's cues are met.

    Asking every draft in turn was quadratic in a unit with many statements. Here each
    span waits in a heap by start until a position reaches it, then sits in a heap by
    draft order; a span that ends before the position asked, or that belongs to an
    earlier state of a draft since cut short, is dropped from the top for good.
    """

    def __init__(self) -> None:
        self._waiting: list[tuple[int, int, int, int, int, _Draft]] = []
        self._reached: list[tuple[int, int, int, int, int, _Draft]] = []
        self._order: dict[int, int] = {}
        self._version: dict[int, int] = {}
        self._seq = 0

    def add(self, d: _Draft) -> None:
        self._order[id(d)] = len(self._order)
        self._push(d)

    def changed(self, d: _Draft) -> None:
        """d's spans were cut: forget the old ones."""
        self._push(d)

    def _push(self, d: _Draft) -> None:
        self._seq += 1
        version = self._version[id(d)] = self._seq
        order = self._order[id(d)]
        spans = list(d.parts)
        if d.mention is not None:
            spans.append((d.mention.start, d.mention.end))
        for s, e in spans:
            self._seq += 1
            heapq.heappush(self._waiting, (s, order, self._seq, version, e, d))

    def first(self, pos: int) -> _Draft | None:
        while self._waiting and self._waiting[0][0] <= pos:
            s, order, seq, version, e, d = heapq.heappop(self._waiting)
            heapq.heappush(self._reached, (order, seq, s, version, e, d))
        while self._reached:
            _, _, _, version, e, d = self._reached[0]
            if e > pos and self._version[id(d)] == version:
                return d
            heapq.heappop(self._reached)
        return None


# token predicates for TokNav (module level: their indexes are kept by identity)
def _is_word_adjunct(t: Tok) -> bool:
    return t.text not in (".", ",", "!", "?", ";", ":", "—", "–")


def _is_quote_or_that(t: Tok) -> bool:
    return t.is_quote or t.lower == "that"


def _is_word_content(t: Tok) -> bool:
    return t.text not in (".", "!", "?", ",", ";", ":")


def _is_word_clause(t: Tok) -> bool:
    return t.text not in (",", "—", "–")


def _is_word_tail(t: Tok) -> bool:
    return t.text not in (".", "!", "?", ",")


def _is_word_question(t: Tok) -> bool:
    return t.text not in (".", ",")


def _is_comma_or_dash(t: Tok) -> bool:
    return t.text in (",", "—", "–")


def _is_clause_end(t: Tok) -> bool:
    return t.text in (".", "!", "?", ";", ":")


def _is_source_end(t: Tok) -> bool:
    return t.text in (",", ".", ";", ":", "—", "–", "!", "?") or t.is_quote


def _is_lead_start(t: Tok) -> bool:
    return t.text in (",", ".", "!", "?", ";", ":", "—", "–")


def _is_question_end(t: Tok) -> bool:
    return t.text in (",", ".", ";", "!", "?")


def _not_coord_skip(t: Tok) -> bool:
    return not (t.lower in _COORD_SKIP or (t.lower.endswith("ly") and not t.cap))


def _not_hearer_name(t: Tok) -> bool:
    return not (is_name_token(t) or t.lower in ("of", "the"))


# -- content helpers ----------------------------------------------------------------


def _cut_point(toks: list[Tok], j: int, cls: str) -> int:
    """Token index where reported content that starts at toks[j] ends.

    That is the first cut at or after j; the first cut after every index is computed
    once per token list (a scan per cue was quadratic in a long unit).
    """
    n = len(toks)
    if j >= n:
        return n
    nv = nav(toks)
    is_object = cls == "object"
    key = ("cut", is_object)
    cuts: array[int] | None = nv.memo.get(key)
    if cuts is None:
        stop = min(n, j + nv.WALK)
        for k in range(j, stop):
            if _cuts_at(toks, k, is_object):
                return k
        if stop == n:
            return n
        cuts = nv.memo[key] = array("q", [n]) * (n + 1)
        for k in range(n - 1, -1, -1):
            cuts[k] = k if _cuts_at(toks, k, is_object) else cuts[k + 1]
    return cuts[j]


def _cuts_at(toks: list[Tok], k: int, is_object: bool) -> bool:
    """Does reported content end at toks[k] (";", or a comma before a participle, before
    "according to", or before a relative pronoun after an object-taking cue)?"""
    t = toks[k]
    if t.text == ";":
        return True
    if t.text not in (",", "—", "–") or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].lower
    return (
        (nxt in lexicon().ing_forms and not toks[k + 1].cap)
        or (nxt == "according" and k + 2 < len(toks) and toks[k + 2].lower == "to")
        or (is_object and t.text == "," and nxt in _CUT_RELATIVE)
    )


def _is_object_cue(cue: str) -> bool:
    """Is this cue one that takes its content as an object ("expressed", "decried")?"""
    lex = lexicon()
    low = " ".join(cue.lower().split())
    return (lex.verb_class.get(low) or lex.multiword.get(low)) == "object"


def _skip_hearer(toks: list[Tok], j: int) -> int:
    """Index after the hearer of a tell-verb: "told [reporters|CNN|the crowd] that"."""
    n = len(toks)
    if j >= n:
        return j
    t = toks[j]
    if t.lower in PRONOUNS_OBJECT or t.lower in _HEARERS:
        return j + 1
    if is_name_token(t):
        return nav(toks).next_where(_not_hearer_name, j)
    if t.lower in ("the", "a", "an", "his", "her", "their", "its"):
        q = j + 1
        while (
            q < n
            and q - j < 7
            and not toks[q].is_quote
            and toks[q].text not in (",", ":", ".")
            and toks[q].lower
            not in (
                "that",
                "he",
                "she",
                "they",
                "it",
                "i",
                "we",
                "to",
                "whether",
                "if",
                "about",
                "why",
                "how",
                "what",
            )
        ):
            q += 1
        return q
    return j


_MONTH_ABBREVIATIONS = word_list("month_abbreviations")


def _abbrev_dot(toks: list[Tok], q: int) -> bool:
    """Whether toks[q] is the period of a month abbreviation ("on Sept. 12 that")."""
    return (
        toks[q].text == "."
        and q > 0
        and toks[q - 1].lower in _MONTH_ABBREVIATIONS
        and q + 1 < len(toks)
        and toks[q + 1].text[:1].isdigit()
    )


def _skip_to_content(toks: list[Tok], j: int, cls: str) -> int:
    """Skip the hearer, time/place adjuncts and 'that' between a cue and its content."""
    n = len(toks)
    lex = lexicon()
    if j >= n:
        return j
    if cls == "tell":
        j = _skip_hearer(toks, j)
    # Look ahead for "that", ":" or a quotation across adjuncts ("said on Thursday that").
    limit = min(n, j + _MAX_LOOKAHEAD)
    if cls == "tell":
        # "told foundation employees on Thursday that ...": a longer hearer phrase
        q = j
        while (
            q < limit
            and not toks[q].is_quote
            and (toks[q].text not in (",", ".", ";", ":") or _abbrev_dot(toks, q))
            and toks[q].lower not in lex.verb_class
        ):
            if toks[q].lower == "that":
                return q + 1
            q += 1
    if j < n and (
        toks[j].lower in _ADJUNCT_START
        or toks[j].lower in DAYS
        or toks[j].lower in MONTHS
        or toks[j].text in (",", ":")
        or toks[j].lower == "that"
    ):
        q = j
        while q < limit:
            t = toks[q]
            if t.lower == "that" or t.text == ":":
                return q + 1
            if t.is_quote:
                return q
            if t.text in (".", "!", "?", ";") and not _abbrev_dot(toks, q):
                break
            if t.text == "," and q + 1 < n and toks[q + 1].is_quote:
                return q + 1
            if not t.cap and t.lower in lex.verb_class:
                break
            if t.lower in ("he", "she", "they", "i", "we", "it", "there"):
                # "said Tuesday he would": a clause starts here
                if q > j:
                    return q
                break
            q += 1
        # a bare adjunct with no clause mark: skip leading time words only
        while j < n and (
            toks[j].lower in DAYS or toks[j].lower in ("today", "yesterday", "tonight", "again")
        ):
            j += 1
    return j


def _is_adjunct_only(toks: list[Tok], j: int, end: int) -> bool:
    """True when toks[j:end] holds no content: punctuation, time words, a short PP."""
    if end - j <= TokNav.WALK:  # the usual short span: looked at directly
        found = [t for t in toks[j:end] if _is_word_adjunct(t)]
        if not found:
            return True
        if any(_is_quote_or_that(t) for t in found):
            return False
        words, head = len(found), found[0]
    else:
        nv = nav(toks)
        words = nv.count_where(_is_word_adjunct, j, end)
        if not words:
            return True
        if nv.count_where(_is_quote_or_that, j, end):
            return False
        head = toks[nv.next_where(_is_word_adjunct, j)]
    first = head.lower
    if first in PREPOSITIONS or first in _ADJUNCT_START or first in DAYS or first in MONTHS:
        return True
    return words <= 3 and (
        head.lower in _HEARERS or is_name_token(head) or first in ("the", "a", "an")
    )


# -- the rules --------------------------------------------------------------------


def _clause_after_cue(toks: list[Tok], ce: int, ms: int, rest: int, cls: str) -> bool:
    """Whether a clause follows the cue ending at toks[ce] (its speaker at toks[ms], the
    content from toks[rest] once a hearer is skipped): not a comma or the sentence end, not
    only adjuncts, not a colon before a quotation, not a time clause after a quotation
    ("“...,” Hollande said Friday as he entered the talks": the quotation is the content)."""
    n = len(toks)
    after_clause = (
        ce < n
        and toks[ce].text not in (",", "—", "–", ".", "!", "?")
        and not (_is_adjunct_only(toks, rest, _cut_point(toks, rest, cls)))
        and not (toks[ce].text == ":" and ce + 1 < n and toks[ce + 1].is_quote)
    )
    if after_clause and ms > 0 and toks[ms - 1].is_quote:
        k = skip_forward(toks, rest, DAYS, _TIME_WORDS)
        if k < n and toks[k].lower in _TIME_SUBORD:
            after_clause = False
    return after_clause


def _participle_or_coordination(cue: _Cue) -> tuple[int, bool, bool]:
    """For a cue that may continue a clause: the index before it once "also", "while"...
    are passed (or of the "and"/"but" before a coordinated verb), whether it is coordinated
    ("... and said ...") and whether it is a participle (", saying ...")."""
    lex = lexicon()
    toks, ci, first_word = cue.toks, cue.ci, cue.first_word
    capital_cue = cue.capital
    prev_i = ci - 1
    if first_word in _SAYING:
        prev_i = skip_back(toks, prev_i, ("for", "from"))
    prev_i = skip_back(toks, prev_i, _PARTICIPLE_SKIP)
    coordinated = False
    q = nav(toks).prev_where(_not_coord_skip, ci - 1)
    if (
        q >= 1
        and toks[q].lower in ("and", "but")
        and not capital_cue
        and first_word not in lex.ing_forms
    ):
        coordinated = True
        prev_i = q
    if coordinated and cue.low in lex.base_forms:
        coordinated = False
        prev_i = ci - 1
    participle = (
        first_word in lex.ing_forms
        and not capital_cue
        and prev_i >= 0
        and (toks[prev_i].text in (",", "—", "–") or prev_i < ci - 1)
    )
    return prev_i, coordinated, participle


def _colon_label_span(toks: list[Tok]) -> tuple[int, list[Tok]] | None:
    """The colon of a "Name: statement" line and the label before it, or None.

    A dash ends a lead-in ("EXCLUSIVE – Roger Stone: ...", "More from - Jones: ..."); a
    parenthetical before the colon is left out; a label with a label word is refused."""
    n = len(toks)
    start = 0
    for q in range(min(n, 12)):
        if toks[q].text in _DASH_SEPARATORS:
            start = q + 1
        if toks[q].text == ":":
            break
    c = start
    while c < n and c - start < 8 and toks[c].text != ":":
        c += 1
    if c >= n or toks[c].text != ":" or c == start or c + 1 >= n:
        return None
    label = toks[start:c]
    if toks[c - 1].text == ")":
        q = c - 1
        while q > start and toks[q].text != "(":
            q -= 1
        label = toks[start:q]
    if not label or any(t.lower in _LABEL_WORDS for t in label):
        return None
    return c, label


class _Extractor:
    def __init__(self, text: str) -> None:
        self.a = _Article(text)
        self.registry = Registry(self.a.masked, [u.start for u in self.a.units])
        self.drafts: list[_Draft] = []
        self._evidence: str | None = None
        self._last_speaker: str | None = None
        self._unit_starts = [u.start for u in self.a.units]
        """The speaker of the statement resolved last (a pronoun continuing it is safer)."""

    def run(self) -> list[Quote]:
        a = self.a
        cue_re = _cues()
        self._quote_lines()
        nominal_re = _NOMINAL_CUE_RE
        for ui, unit in enumerate(a.units):
            matches = list(cue_re.finditer(a.masked, unit.start, unit.end))
            colon = a.masked.find(":", unit.start, min(unit.end, unit.start + _MAX_LABEL))
            if not matches and colon < 0 and not nominal_re.search(a.masked, unit.start, unit.end):
                continue
            toks = tokenize(a.masked, unit.start, unit.end)
            if colon >= 0:
                d = self._colon_label(ui, toks)
                if d is not None:
                    self.drafts.append(d)
                    continue
            nv = nav(toks)
            unit_drafts: list[_Draft] = []
            holders = _Holders()
            for m in matches:
                if m.start() > 0 and a.masked[m.start() - 1] in "-'’":
                    continue  # "so-called", "they’said"
                ci = nv.index_at(m.start())
                if ci >= len(toks) or toks[ci].start != m.start():
                    continue
                holder = holders.first(m.start())
                if holder is not None:
                    if not (
                        self._split_off(holder, toks, ci)
                        or self._split_coordinated(holder, toks, ci)
                    ):
                        continue
                    holders.changed(holder)
                ce = nv.index_at(m.end())
                d = self._analyse(ui, unit, toks, ci, ce, m.group(), unit_drafts)
                if d is not None:
                    unit_drafts.append(d)
                    holders.add(d)
            if nominal_re.search(a.masked, unit.start, unit.end):
                # not inside another statement ("Kall said ..., such as his claim that")
                unit_drafts.extend(
                    d
                    for d in self._nominal_cues(ui, unit, toks)
                    if not any(s <= d.cue_start < e for u in unit_drafts for s, e in u.parts)
                )
            self.drafts.extend(unit_drafts)
        self._continuations()
        return self._finish()

    def _nominal_cues(self, ui: int, unit: Unit, toks: list[Tok]) -> list[_Draft]:
        """A claim named by a noun with its named owner: "Trump's claim that ...", "Kline's
        repeated assertion that ..." (PolNeAR counts these as statements of the owner)."""
        out: list[_Draft] = []
        nv = nav(toks)
        for m in _NOMINAL_CUE_RE.finditer(self.a.masked, unit.start, unit.end):
            noun_i = nv.index_at(m.start("noun"))
            that_i = noun_i + 1
            if that_i >= len(toks) or toks[that_i].lower != "that" or noun_i < 1:
                continue
            owner_i = noun_i - 1
            if not _possessive(toks[owner_i]):
                owner_i -= 1  # one modifier between: "Stumpf's repeated emphasis"
                if owner_i < 0 or not toks[owner_i + 1].lower.isalpha():
                    continue
            owner = toks[owner_i]
            mention: Mention | None
            # a named owner only: "his claim that" reached for the wrong antecedent too often
            if _possessive(owner) and is_name_token(owner):
                k = owner_i
                while k > 0 and is_name_token(toks[k - 1]) and not _possessive(toks[k - 1]):
                    k -= 1
                name = " ".join(t.text for t in toks[k : owner_i + 1])
                name = _POSSESSIVE_END_RE.sub("", name)
                end = owner.end - (len(owner.text) - len(_POSSESSIVE_END_RE.sub("", owner.text)))
                mention = Mention(toks[k].start, end, name, "name", name=name)
            else:
                continue
            parts = self._content_after(toks, that_i + 1, "say", unit, start=that_i + 1)
            if not parts:
                continue
            comma = nv.next_where(_is_comma_or_dash, that_i + 1)
            if comma < len(toks) and toks[comma].start < parts[0][1]:
                # the clause ends at a comma: "Asked about X's claim that A, Clinton said"
                parts = [(parts[0][0], toks[comma - 1].end)]
                if parts[0][1] <= parts[0][0]:
                    continue
            noun = toks[noun_i]
            out.append(_Draft(parts, noun.start, noun.end, noun.text, mention, ui))
        return out

    def _quote_lines(self) -> None:
        """Paragraphs that are one quotation with its speaker in the layout, not in a
        sentence: a list item `“...” ― Name` and a transcript line `"NAME: ...`."""
        a = self.a
        text = a.text
        unit_starts = self._unit_starts
        for line_m in _MARKED_LINE_RE.finditer(text):
            # every construction here is a line that opens with a mark
            base, line = line_m.start(), line_m.group()
            made = self._credit_line(base, line) or self._transcript_line(base, line)
            if made is None:
                continue
            parts, mention, cue_start, cue_end, cue = made
            ui = max(bisect.bisect_right(unit_starts, parts[0][0]) - 1, 0)
            self.drafts.append(
                _Draft(parts, cue_start, cue_end, cue, mention, ui, transcript=cue == ":")
            )

    def _credit_line(
        self, base: int, line: str
    ) -> tuple[list[tuple[int, int]], Mention, int, int, str] | None:
        """`“I am afraid he will win.” ― Ana Ruiz`: a quotation, a dash and a name."""
        m = _CREDIT_LINE_RE.match(line)
        if m is None:
            return None
        name = " ".join(m.group("name").split())
        last = name.split()[-1].rstrip(".")
        if len(name) < 3 or not is_name_token(Tok(last, 0, 0, last.lower(), True)):
            return None
        mention = Mention(base + m.start("name"), base + m.end("name"), name, "name", name=name)
        parts = [(base + m.start("body"), base + m.end("body"))]
        region = self.a.region_at(base)
        if region is not None and region.start == base and region.end == parts[0][1] + 1:
            parts = [(region.start, region.end)]  # the quotation as paired: a direct quote
        return parts, mention, base + m.start("dash"), base + m.end("dash"), m.group("dash")

    def _transcript_line(
        self, base: int, line: str
    ) -> tuple[list[tuple[int, int]], Mention, int, int, str] | None:
        """`"PENCE: Well, look, ...` in a transcript whose every line opens with a mark."""
        m = _TRANSCRIPT_LINE_RE.match(line)
        if m is None:
            return None
        label = m.group("label")
        words = label.split()
        lex = lexicon()
        if any(w.lower() in _LABEL_WORDS or w.lower() in lex.not_names for w in words):
            return None
        name = " ".join(w.capitalize() for w in words)
        mention = Mention(base + m.start("label"), base + m.end("label"), label, "name", name=name)
        start = base + m.start("body")
        region = self.a.region_at(base)
        end = base + len(line.rstrip())
        if end <= start:
            return None
        parts = [(start, end)]
        if region is not None and region.continues:
            for r in self.a.chain(region)[1:]:
                if _TRANSCRIPT_LINE_RE.match(self.a.text, r.start, r.end) or (
                    self.a.text[r.inner_start : r.inner_start + 1] in "(["
                ):
                    break  # the next speaker, or a stage direction ("(CROSSTALK.)")
                parts.append((r.start, r.end))
        colon = base + m.end("label")
        return parts, mention, colon, colon + 1, ":"

    def _split_off(self, holder: _Draft, toks: list[Tok], ci: int) -> bool:
        """A cue inside another statement's content with its own subject after a clause
        boundary ("She said A, but she said B") ends that content; True if so."""
        hm = holder.mention
        if hm is not None and hm.start <= toks[ci].start < hm.end:
            return False
        mention, passive, _ = speaker_before(toks, ci)
        if mention is None or passive:
            return False
        if mention.kind == "nominal" and not (
            hm is not None and self._tok_index(toks, hm.start) > 0 and _opens_concession(toks)
        ):
            return False
        k = self._tok_index(toks, mention.start) - 1
        if k < 1 or toks[k].lower not in _SPLIT_BOUNDARY:
            return False
        cut = k - 1 if toks[k].lower in ("but", "and", "while") and toks[k - 1].text == "," else k
        cut_pos = toks[cut].start
        for n, (s, e) in enumerate(holder.parts):
            if s <= cut_pos < e:
                if cut_pos <= s:
                    return False
                holder.parts[n] = (s, cut_pos)
                del holder.parts[n + 1 :]
                return True
        return False

    def _split_coordinated(self, holder: _Draft, toks: list[Tok], ci: int) -> bool:
        """ "X claimed A and said B": a second speech verb coordinated with the first, with
        no subject of its own, ends the first statement's reported content, so each verb
        gives a statement of its own (as PolNeAR counts them); True if so. Only verbs that
        report a clause (say, tell classes): "and urged X to ..." stays in the statement."""
        lex = lexicon()
        if holder.mention is None or ci < 2 or toks[ci].cap:
            return False
        low = toks[ci].lower
        if lex.verb_class.get(low) not in ("say", "tell") or low in lex.base_forms:
            return False  # "... and urged X to act" spells out the same statement
        if low in lex.ing_forms:
            return False
        k = ci - 1
        k = skip_back(toks, k, lex.skippable_adverbs, stop=0)
        if toks[k].lower not in ("and", "but"):
            return False
        cut = k - 1 if toks[k - 1].text == "," else k
        cut_pos = toks[cut].start
        if self.a.region_at(cut_pos) is not None:
            return False  # inside a quotation: the speaker's own words
        for n, (s, e) in enumerate(holder.parts):
            if s <= cut_pos < e:
                if cut_pos <= s or not toks[cut - 1].text[:1].isalnum():
                    return False
                holder.parts[n] = (s, cut_pos)
                del holder.parts[n + 1 :]
                return True
        return False

    @staticmethod
    def _inside(d: _Draft, pos: int) -> bool:
        if d.mention is not None and d.mention.start <= pos < d.mention.end:
            return True
        return any(s <= pos < e for s, e in d.parts)

    # -- one cue ----------------------------------------------------------------------

    def _analyse(
        self,
        ui: int,
        unit: Unit,
        toks: list[Tok],
        ci: int,
        ce: int,
        cue_text: str,
        earlier: list[_Draft],
    ) -> _Draft | None:
        """The statement the cue toks[ci:ce] introduces, if any.

        The construction handlers of `_CONSTRUCTIONS` are tried in order: each either
        claims the cue (a draft, or `_REJECT` for "not a statement") or passes it on,
        possibly after noting what it learnt on the `_Cue` (the speaker phrase).
        """
        lex = lexicon()
        low = " ".join(cue_text.lower().split())
        cue = _Cue(
            ui,
            unit,
            toks,
            ci,
            ce,
            cue_text,
            earlier,
            low=low,
            cls=lex.verb_class.get(low) or lex.multiword.get(low) or "say",
            first_word=low.split()[0],
            capital=cue_text[0].isupper(),
        )
        for handler in _Extractor._CONSTRUCTIONS:
            verdict = handler(self, cue)
            if verdict is not None:
                return verdict if isinstance(verdict, _Draft) else None
        return None

    def _handle_according_to(self, cue: _Cue) -> _Verdict:
        """ "According to X, ..." / "..., according to X"."""
        if cue.low != "according to":
            return None
        return _claim(self._according(cue.ui, cue.unit, cue.toks, cue.ci, cue.ce, cue.text))

    def _handle_not_a_cue(self, cue: _Cue) -> _Verdict:
        """Rejects a cue word used otherwise ("said" as an adjective, a capitalised name
        word: "The United States is ...")."""
        toks, ci = cue.toks, cue.ci
        if self._not_speech(toks, ci, cue.ce, cue.low):
            return _REJECT
        if cue.capital and ci > 0 and not self._title_case(toks):
            return _REJECT
        return None

    def _handle_participle(self, cue: _Cue) -> _Verdict:
        """A participle or coordinated verb: ", saying ..." / "... and said ..." is a
        statement of the clause's subject (or of the statement just before)."""
        toks, ci, ce = cue.toks, cue.ci, cue.ce
        prev_i, coordinated, participle = _participle_or_coordination(cue)
        if cue.capital or prev_i < 0 or not (coordinated or participle):
            return None
        ref = cue.earlier[-1] if cue.earlier else None
        if (
            ref is not None
            and ref.mention is not None
            and ref.mention.kind == "pronoun"
            and ref.mention.head in ("who", "which")
        ):
            ref = None  # "rebuked critics who say ..., saying ...": not the critics
        if (
            ref is not None
            and participle
            and not coordinated
            and _is_object_cue(ref.cue)
            and not self._bare_object_draft(ref)
        ):
            # "X expressed A, saying B": the participle spells out what the object-taking
            # cue ("expressed", "criticized") already reported; one statement, not two
            return _REJECT
        mention = None if ref is not None else subject_at_start(toks, prev_i)
        if ref is None and mention is None:
            return _REJECT
        parts = self._content_after(toks, ce, cue.cls, cue.unit)
        if not parts:
            return _REJECT
        return _Draft(parts, toks[ci].start, toks[ce - 1].end, cue.text, mention, cue.ui, ref=ref)

    def _handle_asked_by(self, cue: _Cue) -> _Verdict:
        """ "..., asked by reporters whether ...": the asker is not the speaker."""
        toks, ce = cue.toks, cue.ce
        if not (cue.first_word == "asked" and ce + 1 < len(toks) and toks[ce].lower == "by"):
            return None
        return _claim(self._asked_by(cue.ui, toks, cue.ci, ce, cue.text))

    def _handle_speaker(self, cue: _Cue) -> _Verdict:
        """Finds the speaker phrase before the cue, or after it when inverted
        ("“...,” said Putin"); rejects passives, bare base forms and I/we/you.
        Passes with `cue.mention` set."""
        lex = lexicon()
        toks, ci, ce = cue.toks, cue.ci, cue.ce
        mention, passive, app_desc = speaker_before(toks, ci)
        if passive and cue.first_word not in lex.ing_forms:
            return _REJECT
        if cue.low in lex.base_forms and not self._base_form_ok(toks, ci, mention):
            return _REJECT
        inverted = False
        after_end = ce
        if mention is None or (mention.kind == "pronoun" and mention.head in ("i", "we", "you")):
            if cue.capital and ci > 0:
                return _REJECT
            # inversion: "“...,” said Putin" / "..., said the minister"
            k = ci - 1
            if k >= 0 and not (toks[k].text in (",", "—", "–", ":") or toks[k].is_quote):
                return _REJECT
            mention, after_end = speaker_after(toks, ce)
            if mention is None:
                return _REJECT
            inverted = True
        if mention.kind == "pronoun" and mention.head in ("i", "we", "you"):
            return _REJECT
        cue.mention, cue.inverted, cue.after_end = mention, inverted, after_end
        cue.appositive = frozenset(app_desc)
        return None

    def _handle_relative(self, cue: _Cue) -> _Verdict:
        """ "X, who argued that ..., said": the relative clause ends at the next comma."""
        mention = cue.mention
        assert mention is not None
        if not (mention.kind == "pronoun" and mention.head in ("who", "which")) or cue.inverted:
            return None
        toks = cue.toks
        parts = self._content_after(toks, cue.ce, cue.cls, cue.unit, relative=True)
        if not parts:
            return _REJECT
        return _Draft(parts, toks[cue.ci].start, toks[cue.ce - 1].end, cue.text, mention, cue.ui)

    def _handle_inverted(self, cue: _Cue) -> _Verdict:
        """Inverted order: the content is before ("“...,” said Putin"), after a colon
        ("Said Ellis: “...”") or the previous unit's quotation."""
        if not cue.inverted:
            return None
        toks, ci, after_end = cue.toks, cue.ci, cue.after_end
        n_toks = len(toks)
        parts = self._content_before(toks, ci, after_end)
        if (
            not parts
            and ci == 0
            and after_end + 1 < n_toks
            and toks[after_end].text in (":", ",")
            and toks[after_end + 1].is_quote
        ):
            # "Said Ellis: “...”": the quotation after the inverted speaker
            parts = [self._span(toks, after_end + 1, n_toks)]
        if not parts and ci == 0:
            parts = self._previous_unit_quote(cue.unit, cue.ui)
        if not parts:
            return _REJECT
        return self._cue_draft(cue, parts)

    def _handle_subject_verb(self, cue: _Cue) -> _Verdict:
        """Subject before the cue: a quotation right before the attribution ("“...,” he
        said"), else the clause after the cue, else the clause before or around it
        ("..., he said." / "A, he said, B.")."""
        lex = lexicon()
        toks, ce, cls, unit, ui = cue.toks, cue.ce, cue.cls, cue.unit, cue.ui
        assert cue.mention is not None
        ms = self._tok_index(toks, cue.mention.start)
        # 1. a quotation right before the attribution: "“...,” he said"
        n = len(toks)
        # what follows the cue once a hearer ("told reporters") is skipped
        rest = _skip_hearer(toks, ce) if cls == "tell" else ce
        after_clause = _clause_after_cue(toks, ce, ms, rest, cls)
        before = self._quote_before(toks, ms, ce, after_clause)
        if before is not None:
            parts = before
        else:
            # 2. content after the cue, unless the cue closes the clause ("..., he said.")
            after = _skip_to_content(toks, ce, cls)
            before_ok = ms > 0 and toks[ms - 1].text in (",", "—", "–")
            if before_ok and (
                _is_adjunct_only(toks, rest, len(toks))
                or (
                    ce + 1 < n
                    and toks[ce].text == ","
                    and not toks[ce + 1].is_quote
                    and toks[ce + 1].lower not in lex.ing_forms
                )
            ):
                # "..., he said." / "A, he said, B."
                parts = self._content_before(toks, ms, ce)
            else:
                parts = self._content_after(toks, ce, cls, unit, start=after)
                if not parts and before_ok:
                    parts = self._content_before(toks, ms, ce)
        if not parts and ms == 0 and _is_adjunct_only(toks, rest, len(toks)):
            parts = self._previous_unit_quote(unit, ui)
        if not parts:
            return _REJECT
        if cls == "quote" and not all(
            self.a.by_start.get(s) or self.a.region_at(s) for s, _ in parts
        ):
            return _REJECT
        return self._cue_draft(cue, parts)

    def _cue_draft(self, cue: _Cue, parts: list[tuple[int, int]]) -> _Draft:
        toks = cue.toks
        return _Draft(
            parts,
            toks[cue.ci].start,
            toks[cue.ce - 1].end,
            cue.text,
            cue.mention,
            cue.ui,
            appositive=cue.appositive,
        )

    _CONSTRUCTIONS: tuple[Callable[[_Extractor, _Cue], _Verdict], ...] = (
        _handle_according_to,  # "according to X": its own construction
        _handle_not_a_cue,  # the cue word used otherwise
        _handle_participle,  # ", saying ..." / "and said ...": the clause's subject
        _handle_asked_by,  # "asked by reporters ..."
        _handle_speaker,  # finds the speaker (before, or inverted after); passes
        _handle_relative,  # "X, who said ..., ..."
        _handle_inverted,  # "“...,” said Putin"
        _handle_subject_verb,  # "X said ...", "“...,” X said", "..., X said."
    )
    """The constructions a speech cue can be part of, in order of precedence."""

    def _bare_object_draft(self, d: _Draft) -> bool:
        """Whether `d` reports only a bare object ("criticized the budget"), which `_build`
        drops: a participle after it ("..., saying it ignored the schools") is then the
        statement."""
        text = self.a.text
        if any(self.a.regions_in(s, e, limit=1) for s, e in d.parts):
            return False
        return _bare_object(d.cue, " ".join(text[s:e].strip(" ,.") for s, e in d.parts))

    @staticmethod
    def _not_speech(toks: list[Tok], ci: int, ce: int, low: str) -> bool:
        """A cue that reports no statement: a non-speech sense ("agreed to inject", "went on
        to win", "added to the pressure") or a negated one ("did not respond")."""
        lex = lexicon()
        nxt = toks[ce].lower if ce < len(toks) else ""
        if nxt[:1].isdigit():
            nxt = "#"  # "added 25 points": a number, not a statement
        if nxt and f"{low} {nxt}" in lex.non_speech:
            after_tok = toks[ce + 1] if ce + 1 < len(toks) else None
            after = after_tok.lower if after_tok is not None else ""
            if nxt == "on" and after_tok is not None and (after_tok.cap or after[:1].isdigit()):
                return False  # "insisted on Monday that ...": a time or a place, not a demand
            return after not in lex.verb_class  # "went on to explain" is speech
        if low in _ASK_FORMS and _for_comment(toks, ce):
            return True  # "is asking the company for comment": a request, nothing said yet
        q = ci - 1
        q = skip_back(toks, q, lex.skippable_adverbs)
        if q >= 0 and toks[q].lower in _MODALS and not toks[q].cap:
            return True  # "the administration will announce a strategy": not said yet
        return q >= 0 and toks[q].lower in lex.negations

    def _colon_label(self, ui: int, toks: list[Tok]) -> _Draft | None:
        """Headline and transcript style "Name: statement" ("Sanders: Clinton is wrong").

        Steps: the label before the colon (`_colon_label_span`), the first name in it
        (`_label_name`), the statement after the colon (`_label_content`)."""
        found = _colon_label_span(toks)
        if found is None:
            return None
        c, label = found
        name_toks = self._label_name(label)
        if name_toks is None:
            return None
        from briefings.quotes.mentions import _name_from_run

        name, desc = _name_from_run(name_toks)
        mention = Mention(
            name_toks[0].start, name_toks[-1].end, name, "name", name=name, descriptors=desc
        )
        parts = self._label_content(toks, c + 1)
        if parts is None:
            return None
        return _Draft(parts, toks[c].start, toks[c].end, ":", mention, ui)

    def _label_name(self, label: list[Tok]) -> list[Tok] | None:
        """The first name of a colon label (maybe titled, maybe "A and B"), or None when the
        label is not a name (a title-case headline phrase, a place, an unknown word)."""
        first_end = None
        for q, t in enumerate(label):
            if t.lower == "and" and first_end is None and q > 0:
                first_end = q - 1
                continue
            if not (
                is_name_token(t)
                or (t.cap and t.lower in lexicon().titles)
                or t.lower in ("and", "of", "former", "the")
            ):
                return None
        if first_end is None:
            first_end = len(label) - 1
        if not is_name_token(label[first_end]) or label[first_end].lower.isdigit():
            return None
        if len(label) == 1 and (
            label[0].lower in lexicon().not_names
            or label[0].text.isupper()
            and len(label[0].text) > 6
        ):
            return None
        lex = lexicon()
        if first_end >= 2 and not any(
            t.lower in lex.titles or t.lower in lex.male_names or t.lower in lex.female_names
            for t in label
        ):
            return None  # a title-case headline phrase, not a name
        name_toks = label[: first_end + 1]
        if " ".join(t.lower for t in name_toks) in lex.places:
            return None  # a section heading of a place ("Czech Republic: Seventh appearance")
        if len(name_toks) == 1:
            ent = self.registry.lookup(name_toks[0].text, name_toks[0].start)
            if ent is None or not (ent.is_person or ent.is_org) or ent.is_place:
                return None
        return name_toks

    def _label_content(self, toks: list[Tok], body: int) -> list[tuple[int, int]] | None:
        """The statement after a colon label at toks[body], with the quotations continuing
        it in the next paragraphs; None when it is a single bare word."""
        n = len(toks)
        words = [t for t in toks[body:] if t.text not in (".", ",", "!", "?")]
        if not words or (len(words) < 2 and not words[0].is_quote):
            return None
        s, e = self._span(toks, body, n)
        parts = [(s, e)]
        last = self.a.region_at(e - 1)
        if last is not None and last.continues:
            parts.extend((r.start, r.end) for r in self.a.chain(last)[1:])
        return parts

    def _asked_by(self, ui: int, toks: list[Tok], ci: int, ce: int, cue_text: str) -> _Draft | None:
        """ "(When) asked by X whether ...," : X asked the question."""
        mention, after = speaker_after(toks, ce + 1)
        if mention is None:
            return None
        n = len(toks)
        j = after
        while j < n and (
            toks[j].lower in DAYS
            or toks[j].lower in ("on", "in", "during", "at")
            and j + 1 < n
            and not toks[j + 1].is_quote
            and toks[j + 1].lower not in ("whether", "if")
        ):
            j += 1 if toks[j].lower in DAYS else 2
        nv = nav(toks)
        end = nv.next_where(_is_question_end, j)
        if nv.count_where(_is_word_question, j, end) < 2:
            return None
        return _Draft(
            [self._span(toks, j, end)], toks[ci].start, toks[ce - 1].end, cue_text, mention, ui
        )

    @staticmethod
    def _title_case(toks: list[Tok]) -> bool:
        """A headline in title case ("Trump Says He Will Win"); once per token list."""
        memo = nav(toks).memo
        if "title_case" not in memo:
            words = [t for t in toks if t.text[:1].isalpha()]
            caps = sum(1 for t in words if t.cap)
            memo["title_case"] = len(words) >= 3 and caps >= 0.7 * len(words)
        found: bool = memo["title_case"]
        return found

    @staticmethod
    def _base_form_ok(toks: list[Tok], ci: int, mention: Mention | None) -> bool:
        """'say', 'state', 'claim'... as verbs need a plural subject or an auxiliary."""
        q = ci - 1
        q = skip_back(toks, q, ("also", "not", "n't", "never", "often", "still"))
        if q >= 0 and toks[q].lower in _AUX_BEFORE_BASE:
            return True
        if mention is None:
            return False
        if mention.kind == "pronoun":
            return mention.head in ("they", "we", "i", "you", "who")
        last = mention.text.split()[-1] if mention.text else ""
        return last.endswith("s") and not last.endswith(("’s", "'s", "ss"))

    @staticmethod
    def _tok_index(toks: list[Tok], pos: int) -> int:
        return min(nav(toks).index_at(pos), len(toks) - 1)

    def _according(
        self, ui: int, unit: Unit, toks: list[Tok], ci: int, ce: int, cue_text: str
    ) -> _Draft | None:
        """ "According to X, A." / "A, according to X." / "A, according to X, B."."""
        n = len(toks)
        mention, after = self._according_source(toks, ce)
        if mention is None:
            return None
        cue_start, cue_end = toks[ci].start, toks[ce - 1].end
        # the rest of the source phrase runs to a comma ("a poll by X for Y,")
        nv = nav(toks)
        q = nv.next_where(_is_source_end, after)
        # what stands before, back to the previous comma or the clause start
        b = ci - 1
        b = skip_back(toks, b, (",", "—", "–", "("), text=True)
        p = nv.prev_where(_is_lead_start, b)
        lead = b - p  # the lead is toks[p + 1 : b + 1]
        lead_word = toks[p + 1].lower if lead else ""
        tail_ok = q < n and toks[q].text in (",", "—", "–", ":") and q + 1 < n
        tail: tuple[int, int] | None = None
        if tail_ok:
            end = _cut_point(toks, q + 1, "say")
            if nv.count_where(_is_word_tail, q + 1, end) >= 3:
                tail = self._span(toks, q + 1, end)
        if tail is not None and (not lead or (lead <= 6 and lead_word not in _SUBORD)):
            # "According to X, A." or "Since May, according to X, A."
            parts = (
                [self._span(toks, p + 1, b + 1), tail]
                if lead and lead_word not in _LEAD_CONJ
                else [tail]
            )
            return _Draft(parts, cue_start, cue_end, cue_text, mention, ui)
        if tail is not None and lead and lead_word in _SUBORD and p >= 0:
            return _Draft([tail], cue_start, cue_end, cue_text, mention, ui)
        if not lead:
            return None
        if lead_word in ("which", "who", "whose", "where"):
            return _Draft(
                [self._span(toks, p + 1, b + 1)], cue_start, cue_end, cue_text, mention, ui
            )
        parts = self._content_before(toks, ci, q)
        if not parts:
            return None
        return _Draft(parts, cue_start, cue_end, cue_text, mention, ui)

    def _according_source(self, toks: list[Tok], ce: int) -> tuple[Mention | None, int]:
        """The source after "according to" (a speaker phrase, else a source phrase: "a
        poll by X") and the index after it; a document's publisher rather than its title."""
        n = len(toks)
        mention, after = speaker_after(toks, ce)
        if mention is None:
            mention, after = self._source_phrase(toks, ce)
            if mention is None:
                return None, after
        if (
            after + 2 < n
            and toks[after].lower in _SOURCE_DOCUMENTS
            and toks[after + 1].lower in ("from", "by")
        ):
            # "according to the TexAuto Facts report from InfoNation": the publisher speaks,
            # not the document's title
            publisher, p_after = self._source_phrase(toks, after + 2)
            if publisher is not None and p_after - after <= 6:
                mention, after = publisher, p_after
        return mention, after

    @staticmethod
    def _source_phrase(toks: list[Tok], j: int) -> tuple[Mention | None, int]:
        """The first name in a source phrase ("early results of polls for the AP")."""
        n = len(toks)
        q = j
        while (
            q < n
            and q - j < 12
            and toks[q].text not in (",", ".", ";", ":", "!", "?")
            and not toks[q].is_quote
        ):
            if is_name_token(toks[q]):
                e = q
                while e < n and (is_name_token(toks[e]) or toks[e].lower == "of"):
                    e += 1
                from briefings.quotes.mentions import _name_from_run

                name, desc = _name_from_run(toks[q:e])
                return Mention(
                    toks[q].start, toks[e - 1].end, name, "name", name=name, descriptors=desc
                ), e
            q += 1
        return None, j

    @staticmethod
    def _span(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
        return toks[i].start, toks[j - 1].end

    def _quote_before(
        self, toks: list[Tok], ms: int, ce: int, after_clause: bool = False
    ) -> list[tuple[int, int]] | None:
        """A quotation that ends just before the speaker/cue block, plus its split half."""
        k = ms - 1
        k = skip_back(toks, k, (",", "—", "–", "-"), text=True)
        if k < 0 or not toks[k].is_quote:
            return None
        # everything between the quote and the block is punctuation; the quote should
        # open the clause (or follow another quote or a boundary)
        region = self.a.region_at(toks[k].start)
        if region is None:
            return None
        regions = [region]
        # earlier adjacent quotes in the unit: "“A.” “B,” he said" (rare) are left alone
        q = k - 1
        if q >= 0 and toks[q].text not in _QUOTE_LEAD and not toks[q].is_quote:
            # "He described it as “a disaster,” Putin said": mixed content from clause start;
            # but "On Fox's “Hannity,” Gingrich said that ...": the content follows the cue
            if after_clause:
                return None
            return [(self._clause_start(toks, q), region.end)]
        # split quotation: "“A,” he said, “B.”"
        n = len(toks)
        j = ce
        while (
            j < n
            and not toks[j].is_quote
            and toks[j].text not in (".", "!", "?", ";")
            and j - ce < 10
        ):
            j += 1
        if j < n and toks[j].is_quote and toks[j - 1].text in (",", ":", "—", "–"):
            r2 = self.a.region_at(toks[j].start)
            if r2 is not None:
                regions.extend(self.a.chain(r2))
        first = regions[0]
        out: list[tuple[int, int]] = []
        for r in self._backchain(first)[:-1]:
            out.append((r.start, r.end))
        out.extend((r.start, r.end) for r in regions)
        return out

    def _backchain(self, region: QuoteRegion) -> list[QuoteRegion]:
        """Regions of earlier paragraphs that this (continued) region completes."""
        out = [region]
        i = self.a.index_of[id(region)]
        while out[0].continued and i > 0 and self.a.regions[i - 1].continues:
            i -= 1
            out.insert(0, self.a.regions[i])
        return out

    @staticmethod
    def _clause_start(toks: list[Tok], q: int) -> int:
        """Start offset of the clause containing toks[q] (after the last . ; : boundary)."""
        if q > 0:
            q = nav(toks).prev_where(_is_clause_end, q - 1) + 1
        return toks[q].start

    def _content_after(
        self,
        toks: list[Tok],
        j: int,
        cls: str,
        unit: Unit,
        start: int | None = None,
        relative: bool = False,
    ) -> list[tuple[int, int]]:
        n = len(toks)
        if start is None:
            start = _skip_to_content(toks, j, cls)
        j = start
        j = skip_forward(toks, j, (",", ":", "—", "–"), text=True)
        if j >= n:
            # "X said:" at the end of a paragraph, the quotation follows
            if start > 0 and toks[start - 1].text == ":" or (j > 0 and toks[j - 1].text == ":"):
                return self._next_paragraph_quote(unit)
            return []
        end = _cut_point(toks, j, cls)
        nv = nav(toks)
        if relative:
            end = min(end, nv.next_where(_is_comma_or_dash, j))
        if end <= j:
            return []
        if end - j <= nv.WALK:  # the usual short content: looked at directly
            found = [t for t in toks[j:end] if _is_word_content(t)]
            words, head = len(found), (found[0] if found else None)
        else:
            words = nv.count_where(_is_word_content, j, end)
            head = toks[nv.next_where(_is_word_content, j)] if words else None
        if not words or head is None:
            return []
        if words == 1 and not head.is_quote and cls != "object":
            return []
        if head.lower in _NOT_CONTENT_START:
            return []  # "responded to a request", "reported from Iowa", "said as he left"
        s, e = self._span(toks, j, end)
        # a quotation that opens the content and runs on into the next paragraphs
        last = self.a.region_at(e - 1)
        if last is not None and last.continues:
            return [(s, e)] + [(r.start, r.end) for r in self.a.chain(last)[1:]]
        return [(s, e)]

    def _previous_unit_quote(self, unit: Unit, ui: int) -> list[tuple[int, int]]:
        """'“We won!” Smith said.' split after the '!': the quotation is the unit before."""
        if ui == 0:
            return []
        prev = self.a.units[ui - 1]
        if prev.para != unit.para:
            return []
        tail = self.a.last_region_in(prev.start, prev.end)
        if tail is None or tail.end < prev.end - 1:
            return []
        if any(self._inside(d, tail.start) for d in self.drafts[-3:]):
            return []
        return [(r.start, r.end) for r in self._backchain(tail)]

    def _next_paragraph_quote(self, unit: Unit) -> list[tuple[int, int]]:
        nxt = unit.para + 1
        if nxt >= len(self.a.paragraphs):
            return []
        p = self.a.paragraphs[nxt]
        r = self.a.by_start.get(p.start)
        if r is None:
            return []
        return [(x.start, x.end) for x in self.a.chain(r)]

    def _content_before(self, toks: list[Tok], block: int, after_end: int) -> list[tuple[int, int]]:
        """Content ending before toks[block] ("..., he said." / "“...,” said Putin")."""
        k = block - 1
        k = skip_back(toks, k, (",", "—", "–", "-"), text=True)
        if k < 0:
            return []
        if toks[k].is_quote:
            region = self.a.region_at(toks[k].start)
            if region is None:
                return []
            q = k - 1
            if q >= 0 and toks[q].text not in _QUOTE_LEAD and not toks[q].is_quote:
                return [(self._clause_start(toks, q), region.end)]
            parts = [(r.start, r.end) for r in self._backchain(region)]
            parts.extend(self._split_tail(toks, after_end))
            return parts
        # reported clause before the attribution: from the clause start
        nv = nav(toks)
        s_i = nv.prev_where(_is_clause_end, k - 1) + 1
        words = nv.count_where(_is_word_clause, s_i, k + 1)
        tail = self._split_tail(toks, after_end)
        if words < 3 and not (tail and words):
            return []
        return [self._span(toks, s_i, k + 1), *tail]

    def _split_tail(self, toks: list[Tok], j: int) -> list[tuple[int, int]]:
        """The second half after a mid-sentence attribution ("A, he said, B.")."""
        n = len(toks)
        q = j
        while (
            q < n
            and toks[q].text not in (",", ".", "!", "?", ";", ":", "—", "–")
            and not toks[q].is_quote
            and q - j < 8
        ):
            q += 1
        if q >= n or toks[q].text not in (",", ":", "—", "–"):
            if q < n and toks[q].is_quote and q > 0 and toks[q - 1].text in (",", ":"):
                pass
            else:
                return []
        r = q + 1 if not toks[q].is_quote else q
        if r >= n:
            return []
        if toks[r].lower in lexicon().ing_forms:
            return []
        if toks[r].is_quote:
            region = self.a.region_at(toks[r].start)
            if region is not None:
                return [(x.start, x.end) for x in self.a.chain(region)]
            return []
        end = _cut_point(toks, r, "say")
        if nav(toks).count_where(_is_word_tail, r, end) < 3:
            return []
        return [self._span(toks, r, end)]

    # -- continuation quotes ------------------------------------------------------------

    def _continuations(self) -> None:
        """Bare quotations right after a quoted statement continue that statement."""
        a = self.a
        if not self.drafts:
            return
        by_unit: dict[int, _Draft] = {}
        for d in self.drafts:
            by_unit[d.unit] = d
        claimed = {s for d in self.drafts for s, _ in d.parts}
        last: _Draft | None = None
        for ui, unit in enumerate(a.units):
            if ui in by_unit:
                last = by_unit[ui]
                if last.transcript:
                    last = None  # a transcript line holds its own paragraphs
                continue
            if last is None:
                continue
            prev_unit = a.units[last.unit]
            if unit.para - prev_unit.para > 1:
                last = None
                continue
            regs = a.regions_in(unit.start, unit.end)
            if not regs or regs[0].start in claimed:
                if not regs:
                    last = None
                continue
            rest = a.masked[unit.start : unit.end].replace("\x00", "").strip(" \t\n.,;:!?—–-")
            if rest.lower() in _LEAD_CONJ and a.masked[unit.start : regs[0].start].strip():
                rest = ""  # "But “...”" continues the quotation too
            if rest:
                last = None
                continue
            tail = last.parts[-1]
            if a.region_at(tail[1] - 1) is None:
                last = None
                continue
            for r in regs:
                if r.start not in claimed:
                    last.parts.append((r.start, r.end))
                    claimed.add(r.start)

    # -- speakers and output ------------------------------------------------------------

    def _resolve(self, d: _Draft) -> None:
        if d.resolved:
            return
        d.resolved = True
        if d.ref is not None:
            self._resolve(d.ref)
            d.speaker = d.ref.speaker
            d.kind = d.ref.kind
            d.evidence = f"ref:{d.ref.evidence}" if d.ref.evidence else None
            return
        m = d.mention
        if m is None:
            return
        self._evidence = None
        d.speaker = self._resolve_mention(m, d.appositive)
        d.evidence = self._found_by()
        if d.speaker is not None:
            self._validate(d, m.start)
            if d.cue == ":" and d.evidence is not None:
                d.evidence = "label"

    def _same_paragraph(self, a: int, b: int) -> bool:
        """Whether offsets a and b lie in one paragraph."""
        units = self.a.units
        i = bisect.bisect_right(self._unit_starts, a) - 1
        j = bisect.bisect_right(self._unit_starts, b) - 1
        return i >= 0 and j >= 0 and units[i].para == units[j].para

    def _found_by(self) -> str | None:
        """The evidence `_resolve_mention` recorded for the speaker it just returned."""
        return self._evidence

    def _validate(self, d: _Draft, pos: int) -> None:
        """Keep `d.speaker` only if it is a person or an organisation (`speakers.speaker_kind`);
        a gerund glued to a name ("Hosting Cook") is cut off and the rest resolved again
        through the article's names ("Cook" -> "Tim Cook")."""
        name = d.speaker or ""
        bare = strip_glued(name)
        ent = None
        if bare != name:
            ent = self._unglued(bare, pos)
            name = ent.display if ent is not None else bare
        else:
            ent = self.registry.lookup(name, pos)
        kind = speaker_kind(name, is_org=ent is not None and ent.is_org)
        m = d.mention
        if (
            m is not None
            and m.kind == "name"
            and any(
                mention_excludes(phrase, m.name or name)
                for phrase in {m.text, self.a.text[m.start : m.end]}
            )
        ):
            kind = None
        t = self.a.text
        whole = longer_name(t[: m.start], name, t[m.end :], kind) if m and kind else None
        if whole is not None:
            name, kind = whole, ORGANISATION if whole else None
        if (
            d.cue == ":"
            and not d.transcript
            and kind is not None
            and not label_speaker((m.name if m else None) or name, name, kind)
        ):
            kind = None
        if kind is None:
            d.speaker, d.evidence = None, None
            return
        d.speaker, d.kind = name, kind

    def _unglued(self, bare: str, pos: int) -> Entity | None:
        """The article's fullest name for `bare` that carries no glued word itself."""
        toks = name_tokens(bare)
        if not toks:
            return None
        best: Entity | None = None
        for ent in self.registry.entities:
            if ent.surname != toks[-1] or strip_glued(ent.display) != ent.display:
                continue
            if best is None or ent.display_len > best.display_len:
                best = ent
        return best

    def _resolve_mention(self, m: Mention, extra: frozenset[str]) -> str | None:
        """The speaker a mention denotes, by its kind (`_resolve_name`, `_resolve_pronoun`,
        `_resolve_nominal`); sets `_evidence` to how it was found. None when unknown."""
        if m.kind == "name" and m.name:
            return self._resolve_name(m, extra)
        if m.kind == "pronoun":
            return self._resolve_pronoun(m, extra)
        if m.kind == "nominal":
            return self._resolve_nominal(m)
        return None

    def _resolve_name(self, m: Mention, extra: frozenset[str]) -> str | None:
        """A name: an organisation as written, else the article's fullest name for it."""
        assert m.name is not None
        reg = self.registry
        if m.is_org and not _titled_person(m.name):
            # an organisation is its whole name as written ("Indiana State Police"), never
            # the word left after its modifiers are taken for titles ("Police")
            self._evidence = "org"
            return _org_name(m.text)
        ent = reg.lookup(m.name, m.start)
        if ent is None:
            self._evidence = "name" if len(m.name.split()) > 1 else "name_short"
            return _strip_det(m.name)
        reg.note_speaker(ent, m.descriptors | extra)
        reg.mark_person_at(m.start, ent)
        self._evidence = "name" if len(m.name.split()) > 1 else "name_short"
        if ent.is_org:
            self._evidence = "org"
        return ent.display if not ent.is_org else _strip_det(ent.display)

    def _resolve_pronoun(self, m: Mention, extra: frozenset[str]) -> str | None:
        """He/she: the latest compatible person (`Registry.antecedent`); "who": its antecedent."""
        reg = self.registry
        head = m.head or ""
        if head == "who" and m.antecedent is not None:
            return self._resolve_mention(m.antecedent, extra)
        if head in _PRONOUN_GENDER:
            ent = reg.antecedent(m.start, _PRONOUN_GENDER[head])
            if ent is not None:
                distance, others = reg.antecedent_distance(m.start, ent, _PRONOUN_GENDER[head])
                self._evidence = pronoun_evidence(
                    distance,
                    others,
                    ent.display == self._last_speaker,
                    self._same_paragraph(m.start - distance, m.start),
                )
                reg.mark_person_at(m.start, ent)
                return ent.display
        return None

    def _resolve_nominal(self, m: Mention) -> str | None:
        """A role noun phrase: the person introduced with that role, an organisation its
        member speaks for, or the owner of a campaign or spokesman."""
        reg = self.registry
        owner = reg.lookup(m.owner, m.start) if m.owner else None
        if (
            owner is not None
            and not (owner.is_person or owner.is_org)
            or (owner is not None and owner.is_place)
        ):
            owner = None  # "the top Russian diplomat": a modifier, not an owner
        # "the president of Judicial Watch" is not the president named earlier
        ent = reg.by_role(m, m.start) if owner is None else None
        if ent is not None:
            reg.mark_person_at(m.start, ent)
            self._evidence = "role_cont" if ent.display == self._last_speaker else "role"
            return ent.display
        if (
            m.owner
            and m.head in lexicon().org_member_heads
            and speaker_kind(_strip_det(m.owner)) == ORGANISATION
        ):
            # "an Interior Ministry official said": the ministry speaks
            self._evidence = "org_member"
            return _org_name(m.owner)
        if m.owner and m.head in _OWNER_HEADS:
            # "Huckabee's campaign said", "a spokesman for Clinton said"
            if _NESTED_GROUP_RE.search(m.text):
                return None  # "representatives of Epstein's family": the family's people
            self._evidence = "owner"
            if owner is not None:
                return owner.display if not owner.is_org else _strip_det(owner.display)
            return _strip_det(_POSSESSIVE_END_RE.sub("", m.owner))
        return None

    def _finish(self) -> list[Quote]:
        a = self.a
        text = a.text
        self.drafts.sort(key=lambda d: d.cue_start)
        out: list[Quote] = []
        for d in self.drafts:
            self._resolve(d)
            if d.speaker is not None:
                self._last_speaker = d.speaker
            q = self._build(d, text)
            if q is not None:
                out.append(q)
        out.sort(key=lambda q: (q.start, q.end))
        # drop a statement whose content lies inside an earlier one's
        kept: list[Quote] = []
        for q in out:
            if kept and q.start >= kept[-1].start and q.end <= kept[-1].end:
                continue
            kept.append(q)
        return kept

    def _build(self, d: _Draft, text: str) -> Quote | None:
        """The Quote of a resolved draft: its content spans (`_content_spans`), kind, body
        and speaker fields; None when it has no content or reports only a bare object."""
        spans, quoted_parts, has_quote = self._content_spans(d, text)
        if not spans:
            return None
        kind = "direct" if quoted_parts == len(spans) else ("mixed" if has_quote else "indirect")
        start, end = spans[0][0], spans[-1][1]
        body = text[start:end] if len(spans) == 1 else " ".join(text[s:e] for s, e in spans)
        if kind == "indirect" and _bare_object(d.cue, body):
            return None
        m = d.mention
        if m is None and d.ref is not None:
            m = d.ref.mention
        return Quote(
            speaker=d.speaker,
            confidence=confidence_for(d.evidence) if d.speaker else 0.0,
            speaker_kind=d.kind if d.speaker else None,
            evidence=d.evidence if d.speaker else None,
            text=body,
            start=start,
            end=end,
            kind=kind,
            cue=" ".join(d.cue.split()),
            cue_start=d.cue_start,
            cue_end=d.cue_end,
            speaker_mention=text[m.start : m.end] if m is not None else None,
            speaker_start=m.start if m is not None else None,
            speaker_end=m.end if m is not None else None,
            spans=tuple(spans),
        )

    def _content_spans(self, d: _Draft, text: str) -> tuple[list[tuple[int, int]], int, bool]:
        """The draft's content parts trimmed: a quotation's marks, a trailing comma, a
        leading "that" and the final period left out. Returns the spans, how many of them
        are whole quotations, and whether any quotation is in them."""
        a = self.a
        spans: list[tuple[int, int]] = []
        quoted_parts = 0
        has_quote = False
        for i, (s, e) in enumerate(sorted(set(d.parts))):
            r = a.by_start.get(s)
            if r is not None and r.end == e:
                s2, e2 = r.inner_start, r.inner_end
                while e2 > s2 and text[e2 - 1] in " \t\n\u00a0,":
                    e2 -= 1
                while s2 < e2 and text[s2].isspace():
                    s2 += 1
                if e2 > s2:
                    spans.append((s2, e2))
                    quoted_parts += 1
                    has_quote = True
                continue
            s2, e2 = s, e
            while s2 < e2 and text[s2] in " \t\n\u00a0,:—–-":
                s2 += 1
            if i == 0 and text[s2 : s2 + 5].lower() == "that " and d.cue != ":":
                s2 += 5
            region = a.region_at(e2 - 1)
            if region is None or region.end != e2:
                while e2 > s2 and text[e2 - 1] in _TRAIL_STRIP:
                    e2 -= 1
            if e2 <= s2:
                continue
            # (two are enough to tell "none", "one" and "several" apart)
            inner = a.regions_in(s2, e2, limit=2)
            if inner:
                has_quote = True
                # content made only of one quotation (e.g. after "that") is direct
                if len(inner) == 1 and inner[0].start == s2 and inner[0].end >= e2 - 1:
                    r = inner[0]
                    s3, e3 = r.inner_start, r.inner_end
                    while e3 > s3 and text[e3 - 1] in " \t\n\u00a0,":
                        e3 -= 1
                    spans.append((s3, e3))
                    quoted_parts += 1
                    continue
            spans.append((s2, e2))
        return spans, quoted_parts, has_quote


# documents a source publishes: "the X report from Y" is Y's
_SOURCE_DOCUMENTS = word_list("source_documents")
# "(criticised) for saying that ...", "aside from saying ...": the clause's subject said it
_SAYING = word_list("saying")
# nouns naming a statement, before "that": "Trump's claim that ..."
_NOMINAL_CUE_RE = re.compile(
    r"\b['’]s? (?:[a-z]+ )?"
    r"(?P<noun>claim|claims|assertion|assertions|insistence|emphasis|suggestion|contention|"
    r"proclamation|declaration|allegation|allegations|argument|pledge|promise|vow) that\b"
)
_POSSESSIVE_END_RE = re.compile(r"['’]s?$")


# "representatives of X's family": people of a group that belongs to X, not X
def _opens_concession(toks: list[Tok]) -> bool:
    """Whether the unit opens with a subordinate clause ("Although X said A, the director
    said B"): a second subject after its comma starts the main clause."""
    return bool(toks) and toks[0].lower in ("although", "though", "while", "whereas", "as")


_NESTED_GROUP_RE = re.compile(
    r"\b(?:of|for)\s+(?:\S+\s+){0,3}?\S+['’]s?\s+"
    r"(?:family|relatives|friends|parents|children|estate|supporters)\b"
)
_MODALS = word_list("modals")
_TIME_WORDS = word_list("time_words")
# a clause these open after "X said" tells when, not what
_TIME_SUBORD = word_list("time_subord")
_ASK_FORMS = word_list("ask_forms")


def _for_comment(toks: list[Tok], j: int) -> bool:
    """Whether "for comment" follows toks[j] after a short hearer ("asked Mojang for
    comment", "asked the company for a comment")."""
    for k in range(j, min(j + 6, len(toks) - 1)):
        t = toks[k]
        if t.text in (",", ".", ";", ":", "!", "?") or t.is_quote:
            return False
        if t.lower == "for":
            nxt = toks[k + 1].lower
            if nxt in ("a", "any") and k + 2 < len(toks):
                nxt = toks[k + 2].lower
            return nxt in ("comment", "comments")
    return False


_OBJECT_PRONOUNS = word_list("object_pronouns")


def _bare_object(cue: str, body: str) -> bool:
    """Whether reported content is only the noun-phrase object of an object-taking cue
    ("mocked the complaint", "cited it as an example"): what was done, not what was said."""
    cls = lexicon().verb_class.get(" ".join(cue.lower().split()))
    if cls not in ("object", "tell"):
        return False
    words = body.split()
    lows = [w.lower().strip(",.;:") for w in words]
    if "on" in lows[:5] and not any(w in _CLAUSE_MARKS for w in lows) and "," not in body:
        # "advises the mayor on housing", "told them on crime": a topic, not a statement
        return True
    if cls != "object":
        return False
    if len(words) <= 3:
        return True
    return words[0].lower() in _OBJECT_PRONOUNS and words[1].lower() == "as"


# words that mark a reported clause in the content of an object or tell cue
_CLAUSE_MARKS = word_list("clause_marks")


def _titled_person(name: str) -> bool:
    """A full personal name after an office that holds an organisation word
    ("Secretary of State Condoleezza Rice" -> "Condoleezza Rice")."""
    return len(name.split()) >= 2 and speaker_kind(name) == PERSON


def _org_name(phrase: str) -> str:
    """An organisation's name from its phrase: from the first capitalised word on
    ("a new Fast Company" -> "Fast Company", "an invitation obtained by POLITICO" ->
    "POLITICO")."""
    words = phrase.split()
    for i, w in enumerate(words):
        if w[:1].isupper() or w[:1].isdigit():
            return _strip_det(" ".join(words[i:]))
    return _strip_det(phrase)


def _strip_det(name: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", name).strip()


def extract_quotes(text: str, language: str | None = None) -> list[Quote]:
    """All attributed statements in `text` (direct, mixed and reported), sorted by start.

    `language` (ISO 639-1) picks the lexicon bundle: English (or None) runs the English
    rules below; "de", "fr", "es" and "ru" run `briefings.quotes.multilingual`.

    Never raises on odd input: empty text gives [], unbalanced quotation marks are
    capped at their paragraph, text in other languages simply yields few or no
    statements (the cue lexicon is English).
    """
    if not text or not text.strip():
        return []
    if language and language != "en":
        from briefings.quotes.multilingual import extract_multilingual

        return extract_multilingual(text, language)
    quotes = _Extractor(text).run()
    log.debug("extract_quotes: %d statements in %d characters", len(quotes), len(text))
    return quotes
