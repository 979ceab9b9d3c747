"""Quote attribution for German, French, Spanish and Russian.

The constructions here are language-neutral; what a language says lives in its bundle
(`briefings/quotes/lexicon/<code>/`, `lexicon.language_bundle`): cue verbs (with
German separable particles, French auxiliary + participle and its inverted "a-t-il"),
"according to" phrases, subject pronouns, complementizers, titles and role nouns.

Handled: a quotation followed by its attribution (« … », a-t-il ajouté / „…", sagte er /
«…», — добавил он / —…—dijo Putin—), an attribution with a colon before a quotation,
reported and mixed speech after a cue (subject before the verb or inverted after it,
pro-drop continuing the last speaker), and "according to" forms (selon, según,
по словам, laut). Speakers are names (resolved to the fullest form the article gives,
Russian case endings folded), pronouns (the last speaker, else the last person named)
and role nouns (the last person whose title qualifies for the role). Each statement
carries the evidence and confidence of `briefings.quotes.confidence`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from briefings.quotes.confidence import FAR, confidence_for, pronoun_evidence
from briefings.quotes.lexicon import LanguageBundle, language_bundle, lexicon
from briefings.quotes.model import Quote
from briefings.text import split_sentences

_TOKEN = re.compile(r"\w[\w’'\-]*")
_CLOSERS = {"«": "»", "„": '“”"', "“": "”", '"': '"', "‹": "›", "»": "«", "‚": "‘’"}
_DASHES = "—–"
_GLUED = re.compile(r"[.!?]\s+(?=[«„“‹\"»])")
_ORG_LINKS = frozenset({"de", "des", "du", "del", "der", "of", "d’", "d'"})
_RU_ENDINGS = ("ыми", "ому", "ого", "ым", "ом", "ой", "ей", "а", "у", "е", "ы")


def _key(word: str) -> str:
    """A surname's key: lowercased, Russian case endings folded (Путина -> путин)."""
    w = word.lower().strip("’'")
    if len(w) > 4 and re.match(r"[а-яё]", w):
        for end in _RU_ENDINGS:
            if w.endswith(end):
                return w[: -len(end)]
    return w


@dataclass
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()


@dataclass
class _Person:
    name: str
    titles: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)


@dataclass
class _Subject:
    kind: str  # 'name', 'pronoun', 'role', 'drop'
    text: str
    start: int
    end: int
    role: str | None = None


class _Multi:
    def __init__(self, text: str, b: LanguageBundle) -> None:
        self.text = text
        self.b = b
        self.toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [t.start for t in self.toks]
        self.regions = self._regions()
        self.region_starts = [r[0] for r in self.regions]
        self.people: dict[str, _Person] = {}
        self.mentions: list[tuple[int, str]] = []  # (position, person key), in order
        self._register_people()
        self.quotes: list[Quote] = []
        self.last: tuple[int, str] | None = None  # (position, speaker key) of the last statement

    # --- quotation marks -------------------------------------------------------------
    def _regions(self) -> list[tuple[int, int]]:
        """[open, close] positions of each quotation (marks or a dialogue dash)."""
        out: list[tuple[int, int]] = []
        t = self.text
        pos = 0
        for para in t.split("\n"):
            base = pos
            pos += len(para) + 1
            stripped = para.lstrip()
            lead = len(para) - len(stripped)
            if stripped[:1] in _DASHES:
                start = base + lead
                m = re.search(r",?\s*[—–]\s*\w", para[lead + 1 :])
                end = base + lead + 1 + (m.start() if m else len(stripped) - 1)
                out.append((start, end))
                continue
            i = 0
            while i < len(para):
                ch = para[i]
                closers = _CLOSERS.get(ch)
                if closers:
                    j = next(
                        (k for k in range(i + 1, len(para)) if para[k] in closers),
                        -1,
                    )
                    if j > i + 1:
                        out.append((base + i, base + j))
                        i = j + 1
                        continue
                i += 1
        return out

    def _region_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.region_starts, pos) - 1
        if i >= 0 and self.regions[i][1] >= pos:
            return self.regions[i]
        return None

    def _title(self, low: str) -> bool:
        """A title, or a compound ending in one ("Hafenchefin", "vicepresidente")."""
        low = low.rstrip(".")
        return low in self.b.titles or any(
            low.endswith(t) for t in self.b.titles if len(t) >= 5 and len(low) > len(t)
        )

    # --- people ------------------------------------------------------------------------
    def _is_name_word(self, tok: _Tok) -> bool:
        return (
            tok.cap
            and tok.text not in self.b.not_names
            and not self._title(tok.low)
            and tok.low not in self.b.pronouns
            and not tok.text.isupper()
            and not any(
                tok.low.endswith(x) and len(tok.low) > len(x) + 2 for x in self.b.noun_suffixes
            )
        )

    def _runs(self) -> list[tuple[int, int]]:
        """Token index ranges [i, j) of capitalized name words separated by one space."""
        out: list[tuple[int, int]] = []
        i = 0
        toks = self.toks
        while i < len(toks):
            if not self._is_name_word(toks[i]):
                i += 1
                continue
            j = i + 1
            while (
                j < len(toks)
                and j - i < 4
                and self._is_name_word(toks[j])
                and self.text[toks[j - 1].end : toks[j].start] == " "
            ):
                j += 1
            out.append((i, j))
            i = j
        return out

    def _register_people(self) -> None:
        toks = self.toks
        runs = [r for r in self._runs() if not self._org_len(*r)]  # "Auswärtige Amt"
        full: dict[str, str] = {}
        for i, j in runs:
            if j - i >= 2:
                # given name + surname (+ a Russian patronymic between); the words before
                # are places or offices ("Мэр Казани Ольга Смирнова")
                first = j - 2
                if j - i >= 3 and re.search(r"(ович|евич|ьич|овна|евна|ична)$", toks[j - 2].low):
                    first = j - 3
                name = self.text[toks[first].start : toks[j - 1].end]
                k = _key(toks[j - 1].text)
                if len(name.split()) > len(full.get(k, "").split()):
                    full[k] = name
        in_full = {x for i, j in runs if j - i >= 2 for x in range(i, j)}
        for i, j in runs:
            k = _key(toks[j - 1].text)
            titles: set[str] = set()
            # a surname alone takes only the title right before it ("Kanzlerin Merkel");
            # a full name the titles of the words before it in its sentence
            for x in range(i - 1, max(-1, i - (7 if j - i > 1 else 2)), -1):
                if re.search(r"[.!?;]", self.text[toks[x].end : toks[x + 1].start]):
                    break  # titles stay in the name's sentence
                if x in in_full:
                    break  # ... and belong to the nearest name ("Pedro Sánchez visitó Lima")
                if self._title(toks[x].low):
                    titles.add(toks[x].low.rstrip("."))
            # ... and those of an apposition after it ("Vladimir Poutine, le président
            # russe, a ...", "Sergueï Lavrov, le ministre des Affaires étrangères,")
            if j - i > 1 and j < len(toks) and self.text[toks[j - 1].end : toks[j].start] == ", ":
                for x in range(j, min(len(toks), j + 5)):
                    if re.search(r"[,.!?;:]", self.text[toks[x - 1].end : toks[x].start]) and x > j:
                        break
                    if self._title(toks[x].low):
                        titles.add(toks[x].low.rstrip("."))
            after_det = j - i == 1 and i > 0 and toks[i - 1].low in self.b.determiners
            if k not in full and not titles:
                continue
            if after_det:
                continue
            p = self.people.setdefault(k, _Person(full.get(k, toks[i].text)))
            p.titles |= titles
            p.positions.append(toks[i].start)
            self.mentions.append((toks[i].start, k))

    def _name_before(self, ti: int) -> tuple[int, int] | None:
        """The name run ending at token ti-1, if any."""
        j = ti
        i = j
        while (
            i > 0
            and self._is_name_word(self.toks[i - 1])
            and j - i < 4
            and (i == j or self.text[self.toks[i - 1].end : self.toks[i].start] == " ")
        ):
            i -= 1
        return (i, j) if i < j else None

    def _name_after(self, ti: int) -> tuple[int, int] | None:
        i = ti
        j = i
        while (
            j < len(self.toks)
            and self._is_name_word(self.toks[j])
            and j - i < 4
            and (j == i or self.text[self.toks[j - 1].end : self.toks[j].start] == " ")
        ):
            j += 1
        return (i, j) if i < j else None

    # --- cues --------------------------------------------------------------------------
    def _phrase_len(self, ti: int, words: frozenset[str]) -> int:
        """How many tokens from ti spell an entry of `words` (one to three), longest first."""
        for n in (3, 2, 1):
            if ti + n <= len(self.toks):
                parts = self.toks[ti : ti + n]
                if n > 1 and any(
                    self.text[x.end : y.start] != " "
                    for x, y in zip(parts, parts[1:], strict=False)
                ):
                    continue
                if " ".join(t.low for t in parts) in words:
                    return n
        return 0

    def _participle_after(self, ti: int) -> int | None:
        """The last token of a participle after token ti and up to three adverbs."""
        k = ti + 1
        while k < len(self.toks) and k - ti < 4 and self.toks[k].low in self.b.adverbs:
            k += 1
        n = self._phrase_len(k, self.b.participles) if k < len(self.toks) else 0
        return k + n - 1 if n else None

    def _cue_at(self, ti: int) -> tuple[int, int, _Subject | None] | None:
        """(first, last token index, subject found inside the cue) of a cue at token ti:
        a verb ("sagte", "hizo hincapié"), an inverted verb-pronoun ("dit-il", "a-t-il
        ajouté"), an auxiliary + participle ("a déclaré", "ha dicho", "s’est dit"), or a
        German verb-final frame whose participle closes the clause, with the subject
        possibly inside ("hat er gesagt", "hatte Lawrow am Donnerstag erklärt")."""
        toks, b = self.toks, self.b
        if ti >= len(toks):
            return None
        tok = toks[ti]
        low = tok.low
        if low in b.participles and ti + 1 < len(toks) and toks[ti + 1].low in b.final_auxiliaries:
            return ti, ti + 1, None  # a subordinate clause: "wie er betont hat"
        n = self._phrase_len(ti, b.verbs)
        if n:
            return ti, ti + n - 1, None
        if low in b.particle_verbs:
            # only with its particle later in the sentence ("prangerte ... an")
            for k in range(ti + 1, min(len(toks), ti + 30)):
                if re.search(r"[.!?]\s", self.text[toks[k - 1].end : toks[k].start + 1]):
                    break
                if toks[k].low == b.particle_verbs[low]:
                    return ti, ti, None
            return None
        m = re.fullmatch(r"(\w+?)(?:-t)?-(\w+)", low)
        if m and m.group(2) in b.pronouns:
            pron = _Subject("pronoun", tok.text[-len(m.group(2)) :], tok.start, tok.end)
            if m.group(1) in b.verbs:
                return ti, ti, pron
            if m.group(1) in b.auxiliaries:
                part = self._participle_after(ti)
                if part is not None:
                    return ti, part, pron
        if low in b.auxiliaries:
            part = self._participle_after(ti)
            if part is not None:
                return ti, part, None
        if low in b.final_auxiliaries:
            k = ti + 1
            limit = 12
            while k < len(toks) and k - ti <= limit:
                gap = self.text[toks[k - 1].end : toks[k].start]
                if re.search(r"[;:.!?—–]", gap):
                    break
                if toks[k].low in b.participles:
                    return ti, k, self._inner_subject(ti + 1, k)
                if "," in gap:
                    # an infinitive clause inside the frame: "hat die Politik, Afghanistan
                    # „fremde Werte“ aufzuzwingen, verurteilt"
                    e = k
                    while (
                        e < len(toks)
                        and e - k < 15
                        and "," not in self.text[toks[e].end : toks[e].end + 1]
                        and not re.search(r"[;:.!?]", self.text[toks[e].end : toks[e].end + 1])
                    ):
                        e += 1
                    if (
                        e < len(toks)
                        and e > k
                        and re.fullmatch(r"\w*zu\w+en|zu", toks[e].low)
                        or (e < len(toks) and e > k and toks[e - 1].low == "zu")
                    ):
                        limit = e + 1 + 3 - ti
                        k = e + 1
                        continue
                    break
                k += 1
        return None

    def _inner_subject(self, a: int, k: int) -> _Subject | None:
        """The subject between a verb-final frame's auxiliary and its participle."""
        toks, b = self.toks, self.b
        while a < k and (toks[a].low in b.adverbs or toks[a].low in b.determiners):
            a += 1
        if a < k and toks[a].low in b.pronouns:
            return _Subject("pronoun", toks[a].text, toks[a].start, toks[a].end)
        for x in range(a, k):
            if self._title(toks[x].low) or not self._is_name_word(toks[x]):
                continue
            if x > 0 and toks[x - 1].low in b.determiners:
                continue  # "hat die Politik verurteilt": a common noun
            run = self._name_after(x)
            if run and run[1] <= k:
                i, j = run
                if j - i > 1 or _key(toks[j - 1].text) in self.people:
                    return _Subject("name", self._span(i, j), toks[i].start, toks[j - 1].end)
        role = self._role_in(toks[a].start, toks[k].start) if a < k else None
        if role:
            return _Subject("role", self.text[toks[a].start : toks[k].start].strip(), 0, 0, role)
        org = self._org_at(a, k)
        if org:
            return org
        return None

    # --- roles and organisations ------------------------------------------------------
    def _role_words(self) -> list[tuple[str, tuple[str, ...]]]:
        if not hasattr(self, "_rw"):
            self._rw = sorted(
                ((r, tuple(_key(w) for w in r.split())) for r in self.b.roles),
                key=lambda x: (-len(x[1]), -len(x[0])),
            )
        return self._rw

    def _role_at(self, p: int, end: int) -> str | None:
        """The role noun spelt from token p (before token end): "Chefdiplomat",
        "chef de la diplomatie", "главы государства" (Russian case endings folded)."""
        for role, words in self._role_words():
            if p + len(words) > end:
                continue
            ok = True
            for w, t in zip(words, self.toks[p : p + len(words)], strict=False):
                f = _key(t.text)
                if not (
                    f == w
                    or (f.startswith(w) and len(f) - len(w) <= 2)
                    or (len(words) == 1 and len(w) >= 5 and f.endswith(w))
                ):
                    ok = False
                    break
            if ok:
                return role
        return None

    def _org_len(self, p: int, end: int) -> int:
        """How many tokens from p name an organisation of the bundle (0: none). A word
        matches its stem with a case ending ("Кремле") or, for long stems, as the end of a
        compound ("Außenministerium"), never as the head of another compound
        ("Kreml-Sprecher", "Regierungssprecher")."""
        toks = self.toks
        for words in self.b.organisations:
            if p + len(words) > end:
                continue
            ok = True
            for w, t in zip(words, toks[p : p + len(words)], strict=False):
                low = t.low if t.low.startswith(w) else re.sub(r"^[dl][’']", "", t.low)
                rest = low[len(w) :] if low.startswith(w) else None
                if not (
                    (rest is not None and len(rest) <= 3 and "-" not in rest)
                    or (len(words) == 1 and len(w) >= 6 and low.endswith(w))
                ):
                    ok = False
                    break
            if ok:
                return len(words)
        return 0

    def _full_name_at(self, x: int) -> bool:
        run = self._name_after(x) if self._is_name_word(self.toks[x]) else None
        return run is not None and run[1] - run[0] >= 2 and not self._org_len(x, run[1])

    def _org_at(self, p: int, end: int, whole: bool = False) -> _Subject | None:
        """An organisation named from token p (skipping articles) before token end, with
        its complements ("Ministerio de Exteriores", "МИД России"); with `whole`, only
        when the phrase fills [p, end) (the subject before a cue: "le ministère russe des
        Affaires étrangères a indiqué"), and no person's full name is inside."""
        toks, b = self.toks, self.b
        while p < end and (toks[p].low in b.determiners or toks[p].low in b.adverbs):
            p += 1
        n = self._org_len(p, end) if p < end else 0
        if not n:
            return None
        j = p + n
        if whole:
            e = end
            while e > j and toks[e - 1].low in b.adverbs:
                e -= 1
            if e - p > 7 or any(self._full_name_at(x) for x in range(j, e)):
                return None
            if re.search(r"[.;:!?«»„“”\"]", self.text[toks[p].start : toks[e - 1].end]):
                return None
            j = e
        else:
            while j < end and j - p < 5 and self.text[toks[j - 1].end : toks[j].start] == " ":
                t = toks[j]
                link = t.low in b.prepositions or t.low in _ORG_LINKS
                if link and j + 1 < end and toks[j + 1].cap and not self._full_name_at(j + 1):
                    j += 2
                elif t.cap and t.low not in b.pronouns and not self._full_name_at(j):
                    j += 1
                else:
                    break
        text = re.sub(r"^[dlDL][’']", "", self._span(p, j))
        return _Subject("org", text, toks[p].start, toks[j - 1].end)

    def _role_in(self, start: int, end: int) -> str | None:
        """The role noun nearest to `end` in [start, end), not after a preposition
        ("mit Kanzlerin ..." is no subject)."""
        a, e = self._tok_index(start), self._tok_index(end)
        best = None
        for p in range(a, e):
            role = self._role_at(p, e)
            if role and not (p > a and self.toks[p - 1].low in self.b.prepositions):
                best = role
        return best

    def _subject(
        self, ci: int, ce: int, inside: _Subject | None, clause_start: int
    ) -> _Subject | None:
        """Who speaks at the cue tokens ci..ce: inside the cue ("a-t-il", "hat er
        gesagt"), before it, or inverted after it (a name, a pronoun, a role noun, an
        organisation)."""
        toks, b = self.toks, self.b
        if inside:
            return inside
        org = self._org_at(self._tok_index(clause_start), ci, whole=True)
        if org:  # "das Auswärtige Amt teilte mit", "Кремль заявил"
            return org
        # before: skip adverbs back to the clause start
        k = ci
        while k > 0 and toks[k - 1].start >= clause_start and toks[k - 1].low in b.adverbs:
            k -= 1
        before = None
        if k > 0 and toks[k - 1].start >= clause_start:
            prev = toks[k - 1]
            gap = self.text[prev.end : toks[k].start]
            if prev.low in b.pronouns and gap.strip() == "":
                before = _Subject("pronoun", prev.text, prev.start, prev.end)
            else:
                run = self._name_before(k)
                if run and gap.strip() == "" and self._bare_noun(run):
                    run = None
                if run and gap.strip() == "":
                    i, j = run
                    x = i - 1
                    while x >= 0 and self._title(toks[x].low):
                        x -= 1
                    if not (x >= 0 and toks[x].low in b.prepositions):
                        before = _Subject("name", self._span(i, j), toks[i].start, toks[j - 1].end)
        # after (inverted)
        a = ce + 1
        det = False
        while a < len(toks) and (toks[a].low in b.adverbs or toks[a].low in b.determiners):
            det = det or toks[a].low in b.determiners
            a += 1
        after = None
        gap_after = self.text[toks[ce].end : toks[ce + 1].start] if a < len(toks) else ""
        if a < len(toks) and gap_after.strip(" ,") == "":
            t = toks[a]
            if t.low in b.pronouns and t.low not in b.determiners:
                after = _Subject("pronoun", t.text, t.start, t.end)
            else:
                x = a
                while x < len(toks) and (
                    self._title(toks[x].low)
                    or (not toks[x].cap and x + 1 < len(toks) and self._title(toks[x + 1].low))
                ):
                    x += 1
                run = self._name_after(x) if x < len(toks) and (x > a or not det) else None
                if run and not re.search(r"[.!?;:]", self.text[toks[a].start : toks[run[0]].start]):
                    i, j = run
                    after = _Subject("name", self._span(i, j), toks[i].start, toks[j - 1].end)
                if after is None and before is None:
                    after = self._tail_subject(a)
        if before is None and after is None:
            before = self._apposition(ci, clause_start)
        if before:
            return before
        if after:
            return after
        before_start = clause_start
        cue_start = toks[ci].start
        role = self._role_in(before_start, cue_start)
        if role:
            return _Subject("role", self.text[before_start:cue_start].strip(" ,"), 0, 0, role=role)
        if self.text[before_start:cue_start].strip(" ,—–-") == "" or all(
            t.low in b.adverbs for t in toks if before_start <= t.start < cue_start
        ):
            return _Subject("drop", "", toks[ci].start, toks[ci].end)
        return None

    def _tail_subject(self, a: int) -> _Subject | None:
        """A role noun or an organisation after an inverted cue, up to the next
        punctuation ("—agregó el presidente ruso", "ergänzte der Kremlchef", "заявили в
        Кремле"); a complementizer there opens the content instead."""
        toks, b = self.toks, self.b
        if toks[a].low in b.complementizers:
            return None
        e = a + 1
        while (
            e < len(toks)
            and e - a < 7
            and not re.search(r"[,.;:!?—–«»„“”\"‹›()]", self.text[toks[e - 1].end : toks[e].start])
        ):
            if toks[e].low in b.complementizers:
                return None
            e += 1
        org = self._org_at(a, e)
        if org:  # "сообщили в МИД России" (before the role noun "МИД")
            return org
        for p in range(a, e):
            role = self._role_at(p, e)
            if role:
                return _Subject("role", self._span(a, e), toks[a].start, toks[e - 1].end, role)
        return None

    def _bare_noun(self, run: tuple[int, int]) -> bool:
        """A lone capitalized word after an article or an adjective is a common noun
        (German capitalizes them: "der oberste Diplomat"), not a name."""
        i, j = run
        if j - i > 1 or i == 0:
            return False
        prev = self.toks[i - 1]
        if self.text[prev.end : self.toks[i].start].strip():
            return False
        return prev.low in self.b.determiners or (
            not prev.cap and prev.low not in self.b.adverbs and not self._title(prev.low)
        )

    def _apposition(self, ci: int, clause_start: int) -> _Subject | None:
        """A name set off by commas right before the cue ("le ministre, Sergueï Lavrov, a
        déclaré"; "El presidente ruso, Vladimir Putin, criticó")."""
        toks = self.toks
        if any(t.low not in self.b.adverbs for t in toks[:ci] if t.start >= clause_start):
            return None
        before = self.text[:clause_start].rstrip()
        if not before.endswith(","):
            return None
        k = self._tok_index(len(before) - 1)
        run = self._name_before(k)
        if not run or self.text[toks[run[1] - 1].end : len(before) - 1].strip():
            # "Vladimir Poutine, le président russe, a fustigé": the name before the role
            seg_start = before.rfind(",", 0, len(before) - 1)
            if seg_start < 0 or not self._role_in(seg_start + 1, len(before) - 1):
                return None
            head = self.text[:seg_start].rstrip()
            k = self._tok_index(len(head))
            run = self._name_before(k)
            if not run or self.text[toks[run[1] - 1].end : seg_start].strip():
                return None
        i, j = run
        return _Subject("name", self._span(i, j), toks[i].start, toks[j - 1].end)

    def _span(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start : self.toks[j - 1].end]

    # --- speakers ----------------------------------------------------------------------
    def _resolve(self, s: _Subject, pos: int) -> tuple[str, str, str] | None:
        """(speaker, person key, evidence) of a subject at text position pos."""
        if s.kind == "name":
            words = s.text.split()
            k = _key(words[-1])
            if k not in self.people and k.endswith("s") and k[:-1] in self.people:
                k = k[:-1]  # a German genitive: "nach Angaben Putins"
            if k not in self.people and len(words) == 1:
                # a given name alone for someone named in full before ("Taty", "Taty Almeida")
                given = [x for x, q in self.people.items() if _key(q.name.split()[0]) == k]
                if len(given) == 1 and len(self.people[given[0]].name.split()) > 1:
                    k = given[0]
            p = self.people.get(k)
            name = p.name if p else s.text
            if not p:
                self.people[k] = _Person(name, positions=[s.start])
                self.mentions.append((s.start, k))
            return name, k, "name" if len(words) > 1 else "name_short"
        if s.kind == "org":
            return s.text, "org:" + s.text.lower(), "org"
        if s.kind == "role":
            if s.role is None:
                return None
            qual = self.b.roles[s.role]
            for mpos, k in reversed(self.mentions):
                if mpos < pos and any(t.endswith(q) for t in self.people[k].titles for q in qual):
                    cont = self.last is not None and self.last[1] == k
                    return self.people[k].name, k, "role_cont" if cont else "role"
            return None
        # pronoun or dropped subject: the last speaker, else the last person named, of
        # the pronoun's gender when both are known ("она" is not Микки Рурк)
        want = self.b.pronouns.get(s.text.lower()) if s.kind == "pronoun" else None

        def fits(k: str) -> bool:
            g = self._gender(self.people[k].name)
            return want is None or g is None or g == want

        cand: tuple[int, str] | None = None
        if (
            self.last
            and pos - self.last[0] < FAR
            and self.last[1] in self.people
            and fits(self.last[1])
        ):
            cand = self.last
        else:
            before = [m for m in self.mentions if m[0] < pos and fits(m[1])]
            cand = before[-1] if before else None
        if cand is None:
            return None
        others = {k for p, k in self.mentions if cand[0] < p < pos and k != cand[1]}
        continues = self.last is not None and self.last[1] == cand[1]
        same_para = "\n" not in self.text[cand[0] : pos]
        ev = pronoun_evidence(pos - cand[0], len(others), continues, same_para)
        return self.people[cand[1]].name, cand[1], ev

    def _gender(self, name: str) -> str | None:
        """'m' or 'f' from a given name (the English lexicon's first names, or a Russian
        given name's ending), None when unknown."""
        words = name.split()
        if len(words) < 2:
            return None
        first = words[0].lower()
        if re.fullmatch(r"[а-яё]+", first):
            # only where the case cannot mislead: "Игоря Котова" (genitive) is unknown
            last = words[-1].lower()
            if first in ("никита", "илья", "кузьма", "фома", "лука"):
                return "m"
            if first.endswith("а") and last.endswith(("ова", "ева", "ина", "ына", "ая")):
                return "f"
            if re.search(r"[бвгдзклмнпрстфхцчшщйь]$", first) and first != "любовь":
                return "m"
            return None
        lex = lexicon()
        if first in lex.female_names:
            return "f"
        if first in lex.male_names:
            return "m"
        return None

    def _emit(
        self,
        s: _Subject,
        spans: list[tuple[int, int]],
        cue: tuple[int, int],
        kind: str | None = None,
    ) -> None:
        spans = [(a, e) for a, e in spans if e > a]
        if not spans:
            return
        resolved = self._resolve(s, min(cue[0], spans[0][0]))
        if resolved is None:
            return
        speaker, k, ev = resolved
        body = " ".join(self.text[a:e] for a, e in spans)
        if kind is None:
            a, e = spans[0][0], spans[-1][1]
            marks = any(a <= r[0] < e or a < r[1] < e for r in self.regions)
            kind = "mixed" if marks else "indirect"
        self.quotes.append(
            Quote(
                speaker=speaker,
                text=body,
                start=spans[0][0],
                end=spans[-1][1],
                kind=kind,
                cue=self.text[cue[0] : cue[1]],
                cue_start=cue[0],
                cue_end=cue[1],
                speaker_mention=s.text or None,
                speaker_start=s.start if s.text else None,
                speaker_end=s.end if s.text else None,
                spans=tuple(spans),
                confidence=confidence_for(ev),
                speaker_kind="organisation" if s.kind == "org" else "person",
                evidence=ev,
            )
        )
        self.last = (max(cue[1], spans[-1][1]), k)

    # --- constructions -----------------------------------------------------------------
    def run(self) -> list[Quote]:
        used: set[tuple[int, int]] = set()
        consumed: set[int] = set()
        for sent in split_sentences(self.text):
            # a paragraph break ends a sentence ("…guerre.\n« On ne peut … »")
            # and so does a full stop before a quotation the splitter left glued
            # ("… l’État. « Ce sont … », a-t-il déclaré.")
            a = sent.start
            for line in self.text[sent.start : sent.end].split("\n"):
                cuts = [m.end() for m in _GLUED.finditer(line)]
                for b0, b1 in zip([0, *cuts], [*cuts, len(line)], strict=True):
                    if line[b0:b1].strip():
                        self._sentence(a + b0, a + b1, used, consumed)
                a += len(line) + 1
        return sorted(self.quotes, key=lambda q: q.start)

    def _tok_index(self, pos: int) -> int:
        """The first token starting at or after pos."""
        return bisect_left(self.starts, pos)

    def _sentence(self, s0: int, s1: int, used: set[tuple[int, int]], consumed: set[int]) -> None:
        # direct: a quotation, then its attribution
        for r in self.regions:
            if r in used or not (s0 <= r[1] < s1):
                continue
            tail = self.text[r[1] + 1 : s1]
            m = re.match(r"\s*[,.!?…]?\s*[—–-]?\s*", tail)
            assert m is not None
            if not re.search(r"[,—–-]", m.group()) and not self._cue_at(self._tok_index(r[1] + 1)):
                continue  # a quotation inside the sentence ("«…» Афганистана; он призвал")
            ti = self._tok_index(r[1] + 1 + m.end())
            for ci in range(ti, min(ti + 4, len(self.toks))):
                if self.toks[ci].start >= s1:
                    break
                cue = self._cue_at(ci)
                if not cue and self.toks[ci].low in self.b.post_cues and ci == ti:
                    # „…“, so Putin: no verb; the subject must be named
                    subj = self._subject(ci, ci, None, r[1] + 1)
                    if subj is None or subj.kind not in ("name", "role", "org"):
                        break
                    cue = (ci, ci, subj)
                if not cue:
                    continue
                subj = self._subject(cue[0], cue[1], cue[2], r[1] + 1)
                if subj is None:
                    break
                inner = self._inner(r)
                spans = [inner]
                used.add(r)
                nxt = self._next_part(r, s1)
                if nxt:
                    used.add(nxt)
                    spans.append(self._inner(nxt))
                self._emit(subj, spans, (self.toks[cue[0]].start, self.toks[cue[1]].end), "direct")
                consumed.update(range(cue[0], cue[1] + 1))
                break
        # "according to" opening the sentence: its source speaks the whole sentence
        # ("По словам Путина, ...; он призвал ...": one statement, as in English)
        low = self.text[s0 : s0 + 40].lstrip(' «„“"—–').lower()
        opens = any(re.match(rf"{re.escape(p)}(?!\w)", low) for p in self.b.according)
        if opens and self._according(s0, s1):
            return
        # prose: the sentence's first free cue
        i = self._tok_index(s0)
        while i < len(self.toks) and self.toks[i].start < s1:
            t = self.toks[i]
            if i in consumed or self._region_at(t.start):
                i += 1
                continue
            cue = self._cue_at(i)
            if cue and self._prose(cue, s0, s1, used):
                return
            i = cue[1] + 1 if cue else i + 1
        self._according(s0, s1)

    def _inner(self, r: tuple[int, int]) -> tuple[int, int]:
        a, e = r[0] + 1, r[1]
        while a < e and self.text[a] in " \u00a0":
            a += 1
        while e > a and self.text[e - 1] in " \u00a0,—–":
            e -= 1
        return a, e

    def _next_part(self, r: tuple[int, int], s1: int) -> tuple[int, int] | None:
        """A quotation resumed right after its attribution (« A », dit-il, « B »)."""
        for r2 in self.regions:
            if r2[0] > r[1] and r2[0] < s1:
                between = self.text[r[1] + 1 : r2[0]]
                if len(between) < 40 and between.rstrip().endswith((",", "—", ":")):
                    return r2
                return None
        return None

    def _prose(
        self,
        cue: tuple[int, int, _Subject | None],
        s0: int,
        s1: int,
        used: set[tuple[int, int]],
    ) -> bool:
        """A statement at a cue in running text; False when it has no subject."""
        toks, b = self.toks, self.b
        ci, ce, inside = cue
        cs = max(s0, self.text.rfind(",", s0, toks[ci].start) + 1)
        # a quotation closing right before the clause belongs to the clause before
        subj = self._subject(ci, ce, inside, cs)
        if subj is None:
            subj = self._coordinated(ci, cs, s0)
        if subj is None:
            return False
        if subj.kind == "role" and subj.start == subj.end == 0:
            subj = _Subject("role", subj.text, cs, toks[ci].start, role=subj.role)
        after = toks[ce].end
        if subj.start > after:
            after = subj.end
        mid: tuple[int, int] | None = None
        if ce > ci + 1 and toks[ci].low in b.final_auxiliaries:
            # "hat die Politik verurteilt, ...": the words inside the frame are content
            m0 = subj.end if toks[ci].start < subj.start < toks[ce].start else toks[ci].end
            inner = [t for t in toks[ci + 1 : ce] if t.start >= m0 and t.low not in b.adverbs]
            if inner:
                mid = (inner[0].start, inner[-1].end)
        # content: after a complementizer close by, else after adverbs and commas
        j = self._tok_index(after)
        k = j
        while k < len(toks) and k - j < 8 and toks[k].start < s1:
            low = toks[k].low
            if low in b.complementizers or any(
                low.startswith(c) and c[-1] in "’'" for c in b.complementizers
            ):
                cstart = toks[k].start + (
                    len(low)
                    if low in b.complementizers
                    else next(len(c) for c in b.complementizers if low.startswith(c))
                )
                after = cstart
                break
            if self.text[toks[k].end : toks[k].end + 1] in ".;:":
                break
            k += 1
        else:
            k = j
            while k < len(toks) and toks[k].low in b.adverbs:
                k += 1
            if k > j and k < len(toks):
                after = toks[k].start
        start = after
        while start < s1 and self.text[start] in " ,:\u00a0—–\n":
            start += 1
        end = s1
        while end > start and self.text[end - 1] in " \n":
            end -= 1
        if end > start and self.text[end - 1] == ".":
            end -= 1
        m = re.search(r"[.!?]\s+(?=[«„“‹\"—–])", self.text[start:end])
        if m:  # a sentence the splitter left glued to the next quotation
            end = start + m.start()
        particle = b.particle_verbs.get(toks[ci].low)
        if particle:
            m = re.search(rf"[\s,]*\b{re.escape(particle)}\s*$", self.text[start:end])
            if m:
                end = start + m.start()
            m = re.match(rf"{re.escape(particle)}\b[\s,]*", self.text[start:end], re.IGNORECASE)
            if m:  # "hob er hervor, wie ...": the particle right after the subject
                start += m.end()
        if end <= start and mid is not None:
            # all the content inside the frame: "hat die Politik, ... aufzuzwingen, verurteilt."
            (start, end), mid = mid, None
        if end <= start:
            # reported content before the cue: "Moskau sei bereit, sagte er."
            if cs > s0:
                start, end = s0, cs - 1
            else:
                return False
        if end - start < 3:
            return False
        r = self._region_at(start)
        kind = None
        if r and r[0] == start and self._region_at(end - 1) == r:
            kind = "direct"
            used.add(r)
            start, end = self._inner(r)
        spans = [(start, end)] if mid is None or mid[1] > start else [mid, (start, end)]
        self._emit(subj, spans, (toks[ci].start, toks[ce].end), kind)
        return True

    def _coordinated(self, ci: int, cs: int, s0: int) -> _Subject | None:
        """The sentence's subject for a cue in a coordinated clause ("Der Chefdiplomat
        zeigte sich bereit, ..., und verwies darauf, dass ...")."""
        toks, b = self.toks, self.b
        head = [t for t in toks[self._tok_index(cs) : ci]]
        if not head or head[0].low not in b.conjunctions:
            return None
        if any(t.low not in b.adverbs for t in head[1:]):
            return None
        first_comma = self.text.find(",", s0, toks[ci].start)
        end = first_comma if first_comma > 0 else toks[ci].start
        a = self._tok_index(s0)
        if a < len(toks) and toks[a].low in b.pronouns:
            return _Subject("pronoun", toks[a].text, toks[a].start, toks[a].end)
        x = a
        while (
            x < len(toks)
            and toks[x].start < end
            and (toks[x].low in b.determiners or self._title(toks[x].low) or not toks[x].cap)
        ):
            x += 1
        run = self._name_after(x) if x < len(toks) and toks[x].start < end else None
        if run and (run[1] - run[0] > 1 or _key(toks[run[1] - 1].text) in self.people):
            i, j = run
            return _Subject("name", self._span(i, j), toks[i].start, toks[j - 1].end)
        role = self._role_in(s0, end)
        if role:
            return _Subject("role", self.text[s0:end].strip(), s0, end, role)
        return None

    def _according(self, s0: int, s1: int) -> bool:
        sent = self.text[s0:s1]
        low = sent.lower()
        for phrase in self.b.according:
            m = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low)
            if not m:
                continue
            a = s0 + m.end()
            ti = self._tok_index(a)
            while ti < len(self.toks) and (
                self.toks[ti].low in self.b.determiners or self._title(self.toks[ti].low)
            ):
                ti += 1
            run = self._name_after(ti) if ti < len(self.toks) else None
            org = self._org_at(ti, min(len(self.toks), ti + 6))
            if org:
                subj = org
                src_end = org.end
            elif run:
                i, j = run
                subj = _Subject("name", self._span(i, j), self.toks[i].start, self.toks[j - 1].end)
                src_end = self.toks[j - 1].end
            else:
                role = self._role_in(a, min(s1, a + 60))
                if not role:
                    return False
                comma = self.text.find(",", a, s1)
                src_end = comma if comma > 0 else a
                subj = _Subject("role", self.text[a:src_end].strip(), a, src_end, role=role)
            if m.start() < 3:  # at the sentence start: the content follows the source
                start, end = src_end, s1
            else:
                start, end = s0, s0 + m.start()
            while start < end and self.text[start] in " ,:\u00a0":
                start += 1
            while end > start and self.text[end - 1] in " ,.\n":
                end -= 1
            if end - start >= 3:
                n = len(self.quotes)
                self._emit(subj, [(start, end)], (s0 + m.start(), s0 + m.end()))
                return len(self.quotes) > n
            return False
        return False


def extract_multilingual(text: str, language: str) -> list[Quote]:
    """The statements of `text` in `language` (a bundle must exist for it)."""
    return _Multi(text, language_bundle(language)).run()
