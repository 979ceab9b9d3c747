"""`extract_quotes` takes time linear in its input, nested quotation marks included.

The time checks compare one input with another eight times as long, in the same run:
linear code takes about 8 times as long, quadratic code about 64 times. No check
depends on how fast the machine is. (Before: 5.5 s on 200 KB of nested quotation
marks, 24 s on 400 KB, 97 s on 800 KB.)

The fast paths that made it linear (indexes over a unit's tokens, the lead of a name,
sentence breaks, covered positions, resolved speakers) are checked against the plain
statement of each rule they replace.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable

import pytest

from briefings.quotes import extract_quotes
from briefings.quotes.entities import (
    RECENCY_WINDOW,
    SALIENT_WINDOW,
    Entity,
    Registry,
    _lead_is_salient,
    _UnitLead,
)
from briefings.quotes.extract import _Draft, _Extractor, _Holders
from briefings.quotes.layout import _BREAK_RE, QuoteRegion, _BreakRule, _Cover, _is_break
from briefings.quotes.mentions import Mention, Tok, TokNav, tokenize
from tests.support.adversarial import NESTED_QUOTES
from tests.support.growth import MAX_RATIO, growth, repeat

BASE = 6_000
"""Characters of the smaller input: 8x this takes the new code well under a second, and
took the quadratic code tens of seconds."""
NESTED = NESTED_QUOTES
LONG_UNITS = {
    # one sentence unit over the whole text (no capital after a period): every cue's walk
    # to the clause start, the next cut or the unit end used to cross all of it
    "lowercase sentences": repeat("he said that it was fine and she said no. "),
    "adverb-like cues": repeat("reply "),
    "appositive chain": repeat("said Ann, said Tom, "),
    "title case cues": repeat("Aa Commented "),
    "stray parentheses": repeat("x) , said "),
    "one line of prose": repeat("The mayor said the plan would fail. “It will,” she said. "),
}


@pytest.mark.parametrize("make", NESTED.values(), ids=NESTED.keys())
def test_nested_quotation_marks_take_linear_time(make: Callable[[int], str]) -> None:
    assert growth(extract_quotes, make, BASE) < MAX_RATIO


@pytest.mark.parametrize("make", LONG_UNITS.values(), ids=LONG_UNITS.keys())
def test_long_sentence_units_take_linear_time(make: Callable[[int], str]) -> None:
    assert growth(extract_quotes, make, BASE) < MAX_RATIO


def test_nested_quotes_still_attributed() -> None:
    text = "“I told them ‘we will never give up,’ and I meant it,” Ann Lee said."
    quotes = extract_quotes(text)
    assert [(q.speaker, q.kind, q.text) for q in quotes] == [
        ("Ann Lee", "direct", "I told them ‘we will never give up,’ and I meant it")
    ]


# -- the fast paths give the answers of the rules they replace ---------------------------

WORDS = ["But", "and", "Now", "so", "Smith", "said", ",", ", ", " ", "  ", "\n", "\t", "x", "Y"]


def _toks(rng: random.Random) -> list[Tok]:
    pieces = ["said", "Ann", "Lee", ",", ".", ";", ":", "—", "(", ")", "that", "also", "the", "“x”"]
    text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
    return tokenize(text.replace("“x”", "\x00\x00\x00"), 0, len(text))


def test_tok_nav_matches_walking() -> None:
    rng = random.Random(3)

    def is_comma(t: Tok) -> bool:
        return t.text == ","

    for _ in range(200):
        toks = _toks(rng)
        n = len(toks)
        for walk in (0, 3, 1000):  # answered from the arrays, both ways, by walking
            nav = TokNav(toks)
            nav.WALK = walk
            for i in range(-2, n + 2):
                walked = next((k for k in range(max(i, 0), n) if is_comma(toks[k])), n)
                assert nav.next_where(is_comma, i) == walked
                back = next((k for k in range(min(i, n - 1), -1, -1) if is_comma(toks[k])), -1)
                assert nav.prev_where(is_comma, i) == back
                for j in range(max(i, 0), n + 2):
                    assert nav.count_where(is_comma, i, j) == sum(
                        map(is_comma, toks[max(i, 0) : j])
                    )
            for t in toks:
                assert toks[nav.index_at(t.start)] is t


def test_break_rule_matches_is_break() -> None:
    rng = random.Random(4)
    pieces = ["Mr", "U.S", "J", "word", "(", "“", "[", ".", ". ", ".\t", "! ", " ", "\n", "A"]
    for _ in range(1000):
        masked = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        rule = _BreakRule(masked)
        bounds = sorted({0, len(masked), *(rng.randrange(len(masked) + 1) for _ in range(3))})
        for lo, hi in zip(bounds, bounds[1:], strict=False):
            for m in _BREAK_RE.finditer(masked, lo, hi):
                expected = _is_break(masked, lo, m.start(), m.group())
                assert rule(lo, m.start(), m.group()) == expected, (masked, lo, m.start())


def test_unit_lead_matches_the_lead_rule() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        masked = "".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))
        end = len(masked)
        start = rng.randrange(end + 1)
        lead = _UnitLead.of(masked, start, end)
        for s in range(start, end):
            if s > 0 and (masked[s - 1].isalnum() or masked[s - 1] in "_’'-"):
                continue  # a name starts after no word character
            assert lead.salient(masked, start, s) == _lead_is_salient(masked[start:s]), (
                masked,
                start,
                s,
            )


def test_cover_matches_asking_every_region() -> None:
    rng = random.Random(6)
    for _ in range(500):
        regions = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randrange(60)
            e = s + rng.randrange(12)
            regions.append(QuoteRegion(s, e, s, e, True, 0))
        covered = _Cover(regions)
        for pos in range(-1, 75):
            assert covered(pos) == any(r.start <= pos < r.end for r in regions)


def test_holders_match_asking_every_draft() -> None:
    rng = random.Random(7)
    for _ in range(300):
        drafts: list[_Draft] = []
        holders = _Holders()
        for pos in sorted(rng.sample(range(200), 40)):
            got = holders.first(pos)
            assert got is next((d for d in drafts if _Extractor._inside(d, pos)), None)
            if got is not None and rng.random() < 0.5 and got.parts:
                # a later cue cuts its content short (what `_split_off` does)
                s, e = got.parts[0]
                got.parts[:] = [(s, max(s, min(e, pos + rng.randrange(-3, 4))))]
                holders.changed(got)
            if rng.random() < 0.6:
                parts = []
                for _ in range(rng.randint(0, 3)):
                    s = rng.randrange(pos, 220)
                    parts.append((s, s + rng.randrange(30)))
                mention = None
                if rng.random() < 0.5:
                    ms = rng.randrange(max(0, pos - 20), pos + 20)
                    mention = Mention(ms, ms + rng.randrange(8), "x", "name")
                d = _Draft(parts, pos, pos + 1, "said", mention, 0)
                drafts.append(d)
                holders.add(d)


def test_marked_speakers_resolve_as_when_inserted_in_order() -> None:
    """Speakers marked out of order, across several recency windows, give the same
    antecedents as inserting each into the sorted list of person mentions."""
    rng = random.Random(8)
    names = ["Ann Lee", "Tom Reed", "Maria Lopez", "John Smith", "Sara Khan", "Hugh Hill"]
    text = " ".join(
        f"{rng.choice(names)} spoke." if rng.random() < 0.3 else "The council met again."
        for _ in range(1500)
    )
    reg = Registry(text)
    people = [e for e in reg.entities if not (e.is_org or e.is_place)]
    pos_list = list(reg._person_pos)
    ent_list = list(reg._person_ent)
    sal_list = list(reg._person_salient)

    def mark(pos: int, ent: Entity, salient: bool) -> None:
        i = bisect.bisect_left(pos_list, pos)
        if i < len(pos_list) and pos_list[i] == pos:
            sal_list[i] = sal_list[i] or salient
            return
        pos_list.insert(i, pos)
        ent_list.insert(i, ent)
        sal_list.insert(i, salient)

    def antecedent(pos: int, gender: str | None) -> Entity | None:
        i = bisect.bisect_left(pos_list, pos) - 1
        fallback = None
        while i >= 0 and pos - pos_list[i] <= RECENCY_WINDOW:
            ent = ent_list[i]
            if reg._person_like(ent) and (gender is None or ent.gender in (None, gender)):
                if sal_list[i] and (fallback is None or pos - pos_list[i] <= SALIENT_WINDOW):
                    return ent
                if fallback is None:
                    fallback = ent
            i -= 1
        return fallback

    for step in range(3000):
        pos = rng.randrange(len(text))
        if step % 3 == 0:
            ent, salient = rng.choice(people), rng.random() < 0.5
            reg.mark_person_at(pos, ent, salient)
            mark(pos, ent, salient)
        else:
            gender = rng.choice([None, "m", "f"])
            assert reg.antecedent(pos, gender) is antecedent(pos, gender)
