"""Speaker noun phrases next to a speech cue: names, pronouns and role nouns.

Without a parser, the speaker is found by walking tokens outward from the cue:
back from "said" for "Russian Foreign Minister Sergei Lavrov said", "he also
stressed", "Hugh Hill, a doctor, said" or "the top Russian diplomat expressed";
forward for inverted order ("..., said Geoff Garin, a pollster") and "according
to". The walk only accepts what can stand at the start of a clause, so the
object of a preposition ("a meeting with Merkel said ...") is not taken for a
speaker. Quotations are masked beforehand and appear as single QUOTE tokens.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from briefings.quotes.layout import MASK
from briefings.quotes.lexicon import lexicon, word_list
from briefings.quotes.names import PARTICLES, SUFFIXES, name_start

_TOKEN_RE = re.compile(
    r"\x00+|[^\W_](?:[\w'’\-.]*\w)?(?:\.|(?<=[sS])['’](?![\w'’]))?|[^\s\w]", re.UNICODE
)

QUOTE = "\x00"

PRONOUNS_SUBJECT = word_list("pronouns_subject")
PRONOUNS_OBJECT = word_list("pronouns_object")
DETERMINERS = word_list("determiners")
PREPOSITIONS = word_list("prepositions")
CLAUSE_OPENERS = word_list("clause_openers")
BE_FORMS = word_list("be_forms")
SKIP_BEFORE_CUE = word_list("skip_before_cue")
DAYS = word_list("days")
MONTHS = word_list("months")
BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "(", ")", "[", "]", QUOTE, "…"})
ABBREVIATIONS = word_list("abbreviations")


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    lower: str
    """Lowercased text without a final period (unless an initial or abbreviation)."""
    cap: bool
    """Starts with an uppercase letter."""

    @property
    def is_quote(self) -> bool:
        return self.text[0] == QUOTE


MAX_NAME_RUN = 40
"""Walks along a capitalized name run stop after this many tokens (a title-case or
all-caps passage is not one name; without a bound, each cue in it walked it all)."""
MAX_APPOSITIVES = 8
"""At most this many comma pieces after an inverted speaker are taken for appositives."""


def _tok_start(tok: Tok) -> int:
    return tok.start


class TokNav(list[Tok]):
    """A token list with indexes built on first use, so that the walks a speech cue makes
    ("back to the clause start", "on to the next comma", "how many words until") cost
    O(1) instead of the distance walked. A sentence unit can hold thousands of tokens
    (quotations are masked, so their sentence ends do not split it); walking it from
    every cue in it was quadratic. `tokenize` returns one.

    A predicate is a module-level function of one token; its arrays are kept by identity.
    Most walks in ordinary text are a few tokens long, so each question first walks up to
    `WALK` tokens and only then builds (once) the array that answers all the others.
    """

    WALK = 24

    def __init__(self, toks: Iterable[Tok] = ()) -> None:
        super().__init__(toks)
        self.memo: dict[object, Any] = {}
        """Indexes, and callers' own results about this token list."""

    def index_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos (len when none)."""
        return bisect.bisect_left(self, pos, key=_tok_start)

    def _array(self, kind: str, pred: Callable[[Tok], bool]) -> array[int]:
        key = (kind, pred)
        arr: array[int] | None = self.memo.get(key)
        if arr is not None:
            return arr
        n = len(self)
        if kind == "next":  # smallest k >= i with pred, else n
            arr = array("q", bytes(8 * (n + 1)))
            arr[n] = n
            for k in range(n - 1, -1, -1):
                arr[k] = k if pred(self[k]) else arr[k + 1]
        elif kind == "prev":  # largest k <= i with pred, else -1
            arr = array("q", bytes(8 * n))
            last = -1
            for k in range(n):
                if pred(self[k]):
                    last = k
                arr[k] = last
        else:  # prefix counts
            arr = array("q", bytes(8 * (n + 1)))
            c = 0
            for k in range(n):
                if pred(self[k]):
                    c += 1
                arr[k + 1] = c
        self.memo[key] = arr
        return arr

    def next_where(self, pred: Callable[[Tok], bool], i: int) -> int:
        """The first index >= i whose token satisfies pred; len when none."""
        n = len(self)
        if i >= n:
            return n
        if i < 0:
            i = 0
        arr: array[int] | None = self.memo.get(("next", pred))
        if arr is None:
            stop = i + self.WALK
            if stop > n:
                stop = n
            for k in range(i, stop):
                if pred(self[k]):
                    return k
            if stop == n:
                return n
            arr = self._array("next", pred)
        return arr[i]

    def prev_where(self, pred: Callable[[Tok], bool], i: int) -> int:
        """The last index <= i whose token satisfies pred; -1 when none."""
        if i < 0 or not self:
            return -1
        if i >= len(self):
            i = len(self) - 1
        arr: array[int] | None = self.memo.get(("prev", pred))
        if arr is None:
            stop = i - self.WALK
            if stop < -1:
                stop = -1
            for k in range(i, stop, -1):
                if pred(self[k]):
                    return k
            if stop == -1:
                return -1
            arr = self._array("prev", pred)
        return arr[i]

    def count_where(self, pred: Callable[[Tok], bool], i: int, j: int) -> int:
        """How many tokens of self[i:j] satisfy pred."""
        n = len(self)
        i = 0 if i < 0 else n if i > n else i
        j = 0 if j < 0 else n if j > n else j
        if j <= i:
            return 0
        arr: array[int] | None = self.memo.get(("count", pred))
        if arr is None:
            if j - i <= self.WALK:
                c = 0
                for k in range(i, j):
                    if pred(self[k]):
                        c += 1
                return c
            arr = self._array("count", pred)
        return arr[j] - arr[i]


def nav(toks: list[Tok]) -> TokNav:
    """The token list with its indexes (a copy when it is a plain list)."""
    return toks if isinstance(toks, TokNav) else TokNav(toks)


def tokenize(masked: str, start: int, end: int) -> TokNav:
    """Tokens of masked[start:end] with absolute offsets; a quotation is one token."""
    out = TokNav()
    append = out.append
    n = len(masked)
    for m in _TOKEN_RE.finditer(masked, start, end):
        t = m.group()
        s = m.start()
        c = t[0]
        if c == MASK:
            append(Tok(QUOTE, s, m.end(), QUOTE, False))
            continue
        if not c.isalnum():
            append(Tok(t, s, s + 1, t, False))
            continue
        low = t.lower()
        if low[-1] != ".":
            append(Tok(t, s, s + len(t), low, c.isupper()))
            continue
        e = s + len(t)
        if len(low) > 2:
            bare = low[:-1]
            after = masked[e] if e < n else " "
            if bare not in ABBREVIATIONS and "." not in bare and after not in "),;:":
                # A sentence-final period glued to a word: keep the word only.
                append(Tok(t[:-1], s, e - 1, bare, c.isupper()))
                append(Tok(".", e - 1, e, ".", False))
                continue
            low = bare
        elif len(low) == 2:
            low = low[:-1]
        append(Tok(t, s, e, low, c.isupper()))
    return out


@dataclass(slots=True)
class Mention:
    """A speaker as the sentence names it."""

    start: int
    end: int
    text: str
    kind: str
    """'name' (a person or organization name), 'pronoun' or 'nominal'."""
    name: str | None = None
    """For 'name': the name as written without leading titles or determiners."""
    head: str | None = None
    """For 'pronoun': the pronoun; for 'nominal': the head noun (lowercase)."""
    descriptors: frozenset[str] = field(default_factory=frozenset)
    """Lowercase title and role words said of the speaker here ("foreign", "minister")."""
    is_org: bool = False
    owner: str | None = None
    """For 'nominal': a name owning the phrase ("Clinton" in "Clinton's campaign")."""
    antecedent: Mention | None = None
    """For a relative pronoun ("X, who said"): the phrase it stands for."""


def _possessive(tok: Tok) -> bool:
    return tok.lower.endswith(("’s", "'s")) or (tok.lower.endswith(("s’", "s'")))


def skip_forward(
    toks: Sequence[Tok],
    i: int,
    *word_sets: Container[str],
    end: int | None = None,
    text: bool = False,
) -> int:
    """The first index from `i` on, before `end` (the length by default), whose token is in
    none of `word_sets`, else `end`: a token scan for "skip the time words after the cue".
    Tokens are compared lowercased (`Tok.lower`), or as written with `text`."""
    stop = len(toks) if end is None else end
    while i < stop:
        w = toks[i].text if text else toks[i].lower
        for words in word_sets:
            if w in words:
                break
        else:
            return i
        i += 1
    return i


def skip_back(
    toks: Sequence[Tok],
    i: int,
    *word_sets: Container[str],
    stop: int = -1,
    text: bool = False,
) -> int:
    """The last index from `i` back, above `stop`, whose token is in none of `word_sets`,
    else `stop`: `skip_forward` walking left ("also", commas before a cue)."""
    while i > stop:
        w = toks[i].text if text else toks[i].lower
        for words in word_sets:
            if w in words:
                break
        else:
            return i
        i -= 1
    return i


def is_name_token(tok: Tok) -> bool:
    """A capitalized word that can belong to a name (not 'The', 'But', 'Thursday')."""
    if not tok.cap or tok.is_quote:
        return False
    low = tok.lower
    if low.endswith(("’s", "'s")):
        low = low[:-2]  # "He’s", "Trump’s"
    if low in DAYS:
        return False
    if low in lexicon().not_names and low not in MONTHS:
        return False
    return not (len(low) > 1 and not any(c.isalpha() for c in low))


def _is_descriptor_word(tok: Tok) -> bool:
    """Lowercase words allowed before a name in the same phrase ("pollster", "former")."""
    lex = lexicon()
    low = tok.lower
    if not low[:1].isalpha() or tok.cap:
        return False
    return low in lex.titles or low in lex.roles or low in lex.person_nouns or low in _MODIFIERS


_MODIFIERS = word_list("modifiers")


def _name_from_run(run: list[Tok]) -> tuple[str, frozenset[str]]:
    """Split a capitalized run into the name proper and its title words."""
    lex = lexicon()
    # "David Woodard of Clemson University": the person is before "of";
    # "Secretary of State John Kerry": only titles before "of", the name is after
    for n, t in enumerate(run):
        if t.lower == "of" and 0 < n < len(run) - 1:
            left, right = run[:n], run[n + 1 :]
            right_name, right_desc = _name_from_run(right)
            if right_desc or len(right_name.split()) >= 2 and len(right) > 2:
                # "Secretary of State John Kerry", "RNC Chief of Staff Katie Walsh"
                return right_name, right_desc | {x.lower.rstrip(".") for x in left}
            if (
                any(x.lower.rstrip(".") not in lex.titles for x in left)
                and left[-1].lower not in lex.org_words
            ):
                name, desc = _name_from_run(left)
                return name, desc | {x.lower for x in right}
            break
    # a known given name starts the name: "Republican Christine Todd Whitman"
    # (a double given name stays whole: "Mary Ann Zollman")
    for n, t in enumerate(run[:-1]):
        if n == 0 and t.lower in lex.given_names:
            break
        if n > 0 and (t.lower in lex.male_names or t.lower in lex.female_names):
            run = run[n:]
            break
    words = [t.text for t in run]
    # trailing generational suffixes stay with the name
    n = len(run)
    last = n - 1
    while last > 0 and run[last].lower.rstrip(".") in SUFFIXES:
        last -= 1
    first = name_start([t.lower for t in run], last)
    desc = frozenset(t.lower.rstrip(".") for t in run[:first])
    name = " ".join(words[first:])
    name = re.sub(r"(?:['’]s|['’])$", "", name)
    return name, desc


def _is_org(name_run: list[Tok]) -> bool:
    org = lexicon().org_words
    return (
        any(t.lower.rstrip(".") in org for t in name_run[1:])
        or (len(name_run) == 1 and name_run[0].lower in org)
        or (
            len(name_run) >= 1
            and name_run[-1].text.isupper()
            and len(name_run[-1].text) > 1
            and len(name_run) <= 2
            and name_run[-1].lower not in lexicon().titles
        )
    )


def _run_back(toks: list[Tok], i: int) -> int:
    """Index of the first token of the name run ending at toks[i] (a name token)."""
    j = i
    while j - 1 >= 0 and i - j < MAX_NAME_RUN:
        prev = toks[j - 1]
        if is_name_token(prev) and not _possessive(prev):
            j -= 1
            continue
        if prev.cap and prev.lower in lexicon().titles:
            j -= 1
            continue
        # particles and "of" inside names and titles: "de Gaulle", "Secretary of State"
        if (
            (prev.lower in PARTICLES or prev.lower == "of")
            and j - 2 >= 0
            and toks[j - 2].cap
            and is_name_token(toks[j - 2])
        ):
            j -= 2
            continue
        break
    return j


def _extend_back_descriptors(toks: list[Tok], j: int) -> tuple[int, set[str]]:
    """Walk left over role words, capitalized modifiers and a determiner."""
    desc: set[str] = set()
    k = j
    steps = 0
    lex = lexicon()
    while k - 1 >= 0 and steps < 6:
        prev = toks[k - 1]
        low = prev.lower
        if _is_descriptor_word(prev):
            desc.add(low)
            k -= 1
        elif prev.cap and not prev.is_quote and low not in lex.not_names:
            desc.add(low.rstrip("’s").rstrip("'s"))
            k -= 1
        elif low in ("the", "a", "an", "his", "her", "their", "its"):
            k -= 1
            break
        elif (
            not prev.cap
            and low[:1].isalpha()
            and low not in PREPOSITIONS
            and low not in BE_FORMS
            and low not in CLAUSE_OPENERS
            and low not in DETERMINERS
            and low not in lex.verb_class
            and low not in SKIP_BEFORE_CUE
            and low not in PRONOUNS_SUBJECT
            and low not in PRONOUNS_OBJECT
            and not low.endswith("ly")
        ):
            # other modifiers of the name: "GOP primary rival Sen. Marco Rubio"
            # only if the phrase goes on to a determiner, possessive or clause boundary
            q = k - 1
            while q - 1 >= 0 and k - q < 5 and _plain_modifier(toks[q - 1]):
                q -= 1
            before = toks[q - 1] if q - 1 >= 0 else None
            if (
                before is None
                or before.lower in ("the", "a", "an", "his", "her", "their")
                or _possessive(before)
                or before.text in BOUNDARY_PUNCT
                or before.lower in CLAUSE_OPENERS
            ):
                desc.update(t.lower for t in toks[q:k])
                k = q
                continue
            break
        else:
            break
        steps += 1
    return k, desc


def _plain_modifier(tok: Tok) -> bool:
    """A lowercase word that may modify a name ("rival", "primary"), not a function word."""
    low = tok.lower
    return (
        not tok.cap
        and low[:1].isalpha()
        and low not in PREPOSITIONS
        and low not in DETERMINERS
        and low not in lexicon().verb_class
        and low not in CLAUSE_OPENERS
    )


def _boundary_ok(toks: list[Tok], k: int) -> bool:
    """May a subject start at toks[k]? (start, punctuation, conjunction, adverb)."""
    if k == 0:
        return True
    prev = toks[k - 1]
    if prev.text in BOUNDARY_PUNCT or prev.is_quote or prev.text in (".", "!", "?"):
        return True
    low = prev.lower
    if low in PREPOSITIONS or low in DETERMINERS:
        return False
    if low in CLAUSE_OPENERS or low.endswith("ly"):
        return True
    # "As Putin said", "Last week Putin said": a capitalized opener word
    return bool(prev.cap and low in lexicon().not_names)


def _name_mention(toks: list[Tok], i: int) -> Mention | None:
    """The name phrase whose last token is toks[i]."""
    j = _run_back(toks, i)
    run = toks[j : i + 1]
    # drop sentence-initial function words that the run may have swallowed
    while run and run[0].lower in lexicon().not_names and len(run) > 1:
        run = run[1:]
        j += 1
    if not run:
        return None
    k, desc = _extend_back_descriptors(toks, j)
    org = _organisation_with_preposition(toks, k, i)
    if org is not None:
        return org
    if not _boundary_ok(toks, k):
        outer = _name_object_of_role(toks, k, i, run)
        if outer is not None:
            return outer
        prev = toks[k - 1]
        if (
            prev.lower in PREPOSITIONS
            or prev.lower in DETERMINERS
            or prev.lower in lexicon().verb_class
            or prev.lower in BE_FORMS
        ):
            return None
    name, title_words = _name_from_run(run)
    if not name:
        return None
    start = toks[k].start
    end = toks[i].end
    text = " ".join(t.text for t in toks[k : i + 1])
    return Mention(
        start,
        end,
        text,
        "name",
        name=name,
        descriptors=frozenset(desc | title_words),
        is_org=_is_org(run),
    )


def _organisation_with_preposition(toks: list[Tok], k: int, i: int) -> Mention | None:
    """ "The Commission on Presidential Debates said": the name toks[k..i] after "on"/"for"
    and an organisation word is part of one organisation name; None otherwise."""
    if not (
        not _boundary_ok(toks, k)
        and k >= 2
        and toks[k - 1].lower in ("on", "for")
        and toks[k - 2].cap
        and toks[k - 2].lower in lexicon().org_words
    ):
        return None
    j2 = _run_back(toks, k - 2)
    j2 = skip_forward(toks, j2, lexicon().not_names, end=k - 2)
    b = j2
    while b > 0 and (toks[b - 1].lower in DETERMINERS or not toks[b - 1].cap):
        if toks[b - 1].lower in DETERMINERS:
            b -= 1
            break
        if not toks[b - 1].lower.isalpha() or b < j2 - 2:
            break
        b -= 1  # "The nonpartisan Commission on ...": a modifier after the article
    if _boundary_ok(toks, b) or _boundary_ok(toks, j2):
        whole = " ".join(t.text for t in toks[j2 : i + 1])
        return Mention(toks[j2].start, toks[i].end, whole, "name", name=whole, is_org=True)
    return None


def _role_phrase_around(toks: list[Tok], k: int, i: int, owner: str | None) -> Mention | None:
    """The role phrase whose object, after "for"/"of"/..., is toks[k:i+1] ("a spokesman
    for X"): one mention from the role's start to toks[i], owned by `owner`; None when no
    role phrase precedes the preposition."""
    if k < 2 or toks[k - 1].lower not in ("for", "of", "at", "with", "from", "to"):
        return None
    outer = _nominal_mention(toks, k - 2)
    if outer is None:
        return None
    return Mention(
        outer.start,
        toks[i].end,
        " ".join(t.text for t in toks[_index_of(toks, outer.start) : i + 1]),
        "nominal",
        head=outer.head,
        descriptors=outer.descriptors,
        owner=owner,
    )


def _name_object_of_role(toks: list[Tok], k: int, i: int, run: list[Tok]) -> Mention | None:
    """ "a spokeswoman for Fiorina said": the name `run` is the object of "for"; the mention
    is the role phrase, with the name as its owner. None when no role phrase precedes."""
    owner = re.sub(r"(?:['’]s|['’])$", "", " ".join(t.text for t in run))
    return _role_phrase_around(toks, k, i, owner)


def _nominal_mention(toks: list[Tok], i: int) -> Mention | None:
    """A lowercase noun phrase ending at toks[i] ("the top Russian diplomat", "officials").

    Steps: the modifiers back from the head (`_nominal_start`); a phrase that is the
    object of a preposition belongs to the outer phrase (`_nominal_of_object`); the
    owner, if any (`_nominal_owner`)."""
    lex = lexicon()
    head = toks[i].lower
    if head not in lex.person_nouns and head not in lex.roles:
        return None
    desc: set[str] = {head}
    k, owner_name = _nominal_start(toks, i, desc)
    if not _boundary_ok(toks, k):
        return _nominal_of_object(toks, k, i)
    text = " ".join(t.text for t in toks[k : i + 1])
    return Mention(
        toks[k].start,
        toks[i].end,
        text,
        "nominal",
        head=head,
        descriptors=frozenset(desc),
        owner=_nominal_owner(toks, k, i, owner_name),
    )


def _nominal_start(toks: list[Tok], i: int, desc: set[str]) -> tuple[int, str | None]:
    """Index where the noun phrase ending at toks[i] starts (its determiner included) and
    the possessive owner inside it ("Clinton's spokesman"); its words go to `desc`."""
    lex = lexicon()
    k = i
    steps = 0
    owner_name: str | None = None
    while k - 1 >= 0 and steps < 6:
        prev = toks[k - 1]
        low = prev.lower
        if low in DETERMINERS:
            k -= 1
            break
        if (
            prev.is_quote
            or prev.text in BOUNDARY_PUNCT
            or low in PREPOSITIONS
            or low in CLAUSE_OPENERS
            or low in BE_FORMS
            or prev.text in (".", "!", "?")
        ):
            break
        if low in lex.verb_class:
            break
        if _possessive(prev) and prev.cap:
            owner_name = re.sub(r"(?:['’]s|['’])$", "", prev.text)
            q = k - 2
            while (
                q >= 0
                and k - q < MAX_NAME_RUN
                and is_name_token(toks[q])
                and not _possessive(toks[q])
            ):
                owner_name = f"{toks[q].text} {owner_name}"
                q -= 1
            desc.add(owner_name.lower())
            k = q + 1
            steps += 1
            continue
        desc.add(low)
        k -= 1
        steps += 1
    return k, owner_name


def _nominal_of_object(toks: list[Tok], k: int, i: int) -> Mention | None:
    """ "a spokesman for the campaign": the phrase toks[k:i+1] is the object of "for";
    the whole phrase is the mention, or None when there is no outer phrase."""
    caps = [t for t in toks[k : i + 1] if is_name_token(t)]
    return _role_phrase_around(toks, k, i, " ".join(t.text for t in caps) if caps else None)


def _nominal_owner(toks: list[Tok], k: int, i: int, owner_name: str | None) -> str | None:
    """Whom the noun phrase toks[k:i+1] speaks for: a possessive owner, a name inside
    ("a Clinton campaign aide") or after "for"/"of" ("a spokesman for Boeing")."""
    if owner_name is None:
        caps = [t for t in toks[k:i] if t.cap and is_name_token(t)]
        if caps:
            owner_name = " ".join(t.text for t in caps)  # "a Clinton campaign aide"
    if (
        owner_name is None
        and i + 2 < len(toks)
        and toks[i + 1].lower in ("for", "of")
        and is_name_token(toks[i + 2])
    ):
        e, run = _forward_name(toks, i + 2)
        owner_name = " ".join(t.text for t in run)
    return owner_name


def _index_of(toks: list[Tok], start: int) -> int:
    """Index of the token starting at `start` (0 when none); tokens are in offset order."""
    n = bisect.bisect_left(toks, start, key=_tok_start)
    return n if n < len(toks) and toks[n].start == start else 0


_PARTY_STATE_RE = re.compile(r"^[RDI]-[A-Z]")


_PARTY_MEMBERS = word_list("party_members")


def _appositive_start(tok: Tok) -> bool:
    low = tok.lower
    return (
        (not tok.cap and low[:1].isalpha())
        or low[:1].isdigit()
        or low in DETERMINERS
        or low in ("who", "whose")
        or (tok.cap and _possessive(tok))
        or bool(_PARTY_STATE_RE.match(tok.text))
        or low in _PARTY_MEMBERS  # "Dianne Feinstein, Democrat of California, said"
    )


def _has_clause_verb(toks: list[Tok], a_s: int, a_e: int) -> bool:
    """A finite speech verb in an appositive, outside a relative clause ("who argued ...")."""
    lex = lexicon()
    for n in range(a_s, a_e):
        low = toks[n].lower
        if low in ("who", "which", "that", "whose", "whom", "where", "when"):
            return False
        if low in lex.verb_class and low not in lex.base_forms and not toks[n].cap:
            return True
    return False


def _appositive_pieces(toks: list[Tok], comma: int) -> list[tuple[int, int]]:
    """Comma-separated pieces of the clause that ends at toks[comma] (a comma)."""
    seps = [comma]
    p = comma - 1
    while p >= 0 and len(seps) < 6:
        t = toks[p]
        if t.text == ")":
            p = max(nav(toks).prev_where(_is_open_paren, p), 0) - 1
            continue
        if t.is_quote or t.text in (";", ":", "(", ".", "!", "?", "—", "–"):
            break
        if t.text == ",":
            seps.append(p)
        p -= 1
    seps.append(p)
    seps.sort()
    return [(seps[n] + 1, seps[n + 1]) for n in range(len(seps) - 1)]


def _piece_is_name(toks: list[Tok], a_s: int, a_e: int) -> int | None:
    """Index of the last name token if toks[a_s:a_e] is just a (titled) name."""
    end = a_e - 1
    if end >= a_s and toks[end].text == ")":
        while end > a_s and toks[end].text != "(":
            end -= 1
        end -= 1
    if end < a_s:
        return None
    for n in range(a_s, end + 1):
        t = toks[n]
        if not (
            is_name_token(t)
            or (t.cap and t.lower in lexicon().titles)
            or t.lower in PARTICLES
            or t.lower in ("the", "of")
        ):
            return None
    return end if is_name_token(toks[end]) else None


def _names_a_role(toks: list[Tok], a_s: int, a_e: int) -> bool:
    """Whether toks[a_s:a_e] is a lowercase phrase naming a person's role ("a lawyer for
    the news outlets", "one of the family's attorneys")."""
    lex = lexicon()
    if a_e - a_s > 8 or toks[a_s].cap and toks[a_s].lower not in DETERMINERS:
        return False
    found = False
    for n in range(a_s, a_e):
        t = toks[n]
        if (
            t.lower in ("for", "of", "to", "with", "at")
            and not (t.lower == "of" and n > a_s and toks[n - 1].lower in _PARTITIVES)
            and any(u.lower in lex.person_nouns for u in toks[n + 1 : a_e])
        ):
            return False  # "a publicist for Thicke's son, Robin,": Robin is the son
        if not t.cap and (t.lower in lex.person_nouns or t.lower in lex.roles):
            found = True
    return found


_PARTITIVES = word_list("partitives")


def _appositive(toks: list[Tok], comma: int) -> tuple[Mention | None, set[str]]:
    """'NAME, APPOSITIVE(, APPOSITIVE)*,' ending at toks[comma] == ','.

    The comma pieces are tried as the subject from the last but one back
    (`_appositive_subject`); a single piece is a stray comma after a name."""
    pieces = _appositive_pieces(toks, comma)
    if len(pieces) == 1:
        # "Gov. John Kasich (R-Ohio), said": a stray comma after the subject
        ps, pe = pieces[0]
        if pe > ps:
            m = _np_ending_at(toks, pe - 1)
            if m is not None and m.kind == "name":
                return m, set()
        return None, set()
    for x in range(len(pieces) - 2, -1, -1):
        found = _appositive_subject(toks, pieces, x)
        if found is not None:
            return found
    return None, set()


def _appositive_subject(
    toks: list[Tok], pieces: list[tuple[int, int]], x: int
) -> tuple[Mention, set[str]] | None:
    """The subject phrase pieces[x] with the appositives pieces[x+1:] after it, and the
    appositives' descriptors; None when pieces[x] is not the subject."""
    ps, pe = pieces[x]
    if pe - ps < 1:
        return None
    apps = pieces[x + 1 :]
    if any(a_e <= a_s for a_s, a_e in apps):
        return None
    if (
        x > 0
        and _appositive_start(toks[ps])
        and toks[ps].lower not in ("and", "or", "but", "nor")
        and not _PARTY_STATE_RE.match(toks[pieces[x - 1][0]].text)
        and _piece_is_name(toks, *pieces[x - 1])
    ):
        # "Jeff Sanborn, president of Chapter & Verse, a design agency, said": this piece
        # describes the name before it, whose appositive chain runs to the cue
        return None
    role_named = _role_then_name(toks, ps, pe, apps)
    if role_named is not None:
        return role_named
    first_app = apps[0]
    if not _appositive_start(toks[first_app[0]]):
        return None
    ok = all(
        _appositive_start(toks[a_s]) or (toks[a_s].cap and a_e - a_s <= 3) for a_s, a_e in apps[1:]
    )
    if not ok or any(_has_clause_verb(toks, a_s, a_e) for a_s, a_e in apps):
        return None
    mention = _piece_head_mention(toks, ps, pe)
    if mention is None:
        return None
    desc = {
        toks[n].lower
        for a_s, a_e in apps
        for n in range(a_s, a_e)
        if not toks[n].cap or toks[n].lower in lexicon().titles
    }
    return mention, desc


def _role_then_name(
    toks: list[Tok], ps: int, pe: int, apps: list[tuple[int, int]]
) -> tuple[Mention, set[str]] | None:
    """ "a spokeswoman, Anna White, said": the name is the appositive of the role
    toks[ps:pe]; the mention runs from the role to the name."""
    last = toks[pe - 1]
    name_end = _piece_is_name(toks, *apps[0])
    if name_end is None or is_name_token(last) or last.lower in PRONOUNS_SUBJECT:
        return None
    nominal = _nominal_mention(toks, pe - 1)
    if nominal is None and _names_a_role(toks, ps, pe):
        # "one of the family's attorneys, Justin Bamberg, said"
        nominal = Mention(toks[ps].start, toks[pe - 1].end, "", "nominal")
    rest_ok = all(
        _appositive_start(toks[a_s]) or (toks[a_s].cap and a_e - a_s <= 3) for a_s, a_e in apps[1:]
    )
    if nominal is None or not rest_ok:
        return None
    named = _name_mention(toks, name_end)
    if named is None:
        return None
    named.start = nominal.start
    named.text = " ".join(t.text for t in toks[_index_of(toks, nominal.start) : name_end + 1])
    named.descriptors = frozenset(named.descriptors | nominal.descriptors)
    return named, set(nominal.descriptors)


def _piece_head_mention(toks: list[Tok], ps: int, pe: int) -> Mention | None:
    """The subject toks[ps:pe] before an appositive: a pronoun, a name (a parenthetical
    after it skipped: "John Kasich (R-Ohio)") or a role noun phrase."""
    last = toks[pe - 1]
    if last.lower in PRONOUNS_SUBJECT:
        return _pronoun(toks, pe - 1)
    if is_name_token(last) or (last.text == ")" and pe - 2 >= ps):
        end_i = pe - 1
        if last.text == ")":
            q = end_i
            while q > ps and toks[q].text != "(":
                q -= 1
            end_i = q - 1
        if end_i >= ps and is_name_token(toks[end_i]):
            return _name_mention(toks, end_i)
        return None
    return _nominal_mention(toks, pe - 1)


def _pronoun(toks: list[Tok], i: int) -> Mention | None:
    t = toks[i]
    if not _boundary_ok(toks, i):
        return None
    m = Mention(t.start, t.end, t.text, "pronoun", head=t.lower)
    if t.lower == "who" and i - 1 >= 0 and toks[i - 1].text == ",":
        ante = _np_ending_at(toks, i - 2)
        m.antecedent = ante
    return m


def _np_ending_at(toks: list[Tok], i: int) -> Mention | None:
    if i < 0:
        return None
    t = toks[i]
    if t.text == ")":
        return _np_ending_at(toks, max(nav(toks).prev_where(_is_open_paren, i), 0) - 1)
    if t.lower in PRONOUNS_SUBJECT:
        return _pronoun(toks, i)
    if is_name_token(t):
        return _name_mention(toks, i)
    if not t.cap:
        return _nominal_mention(toks, i)
    return None


_CONTRACTED_SUBJECTS = {"he's": "he", "she's": "she"}


def speaker_before(toks: list[Tok], cue: int) -> tuple[Mention | None, bool, set[str]]:
    """The subject phrase before toks[cue]; also whether the verb is passive.

    Returns (mention, passive, appositive_descriptors). Steps: back over auxiliaries,
    adverbs and time words (`_back_over_auxiliaries`), then the phrase ending there
    (`_subject_ending_at`).
    """
    i, saw_be = _back_over_auxiliaries(toks, cue)
    if i < 0:
        return None, saw_be, set()
    m, desc = _subject_ending_at(toks, i)
    return m, saw_be, desc


def _back_over_auxiliaries(toks: list[Tok], cue: int) -> tuple[int, bool]:
    """The index before toks[cue] once auxiliaries, adverbs and time words are passed ("has
    also repeatedly said"; -1 when none is left), and whether a form of "be" was among them."""
    i = cue - 1
    saw_be = False
    walked = cue - 1 - TokNav.WALK
    lex = lexicon()
    while i >= 0:
        if i == walked:  # a long run ("reply reply ..."): the indexes finish the walk
            nv = nav(toks)
            k = nv.prev_where(_not_skipped_before_cue, i)
            saw_be = saw_be or nv.count_where(_is_be_form, k + 1, i + 1) > 0
            i = k
            break
        t = toks[i]
        low = t.lower
        if low in BE_FORMS:
            saw_be = True
            i -= 1
            continue
        if (
            low in SKIP_BEFORE_CUE
            or low in DAYS
            or (not t.cap and low.endswith("ly") and low not in lex.person_nouns and len(low) > 4)
        ):
            i -= 1
            continue
        break
    return i, saw_be


def _subject_ending_at(toks: list[Tok], i: int) -> tuple[Mention | None, set[str]]:
    """The subject phrase ending at toks[i] (an appositive chain, a name before a
    parenthetical, a pronoun, a name or a role noun phrase) and appositive descriptors."""
    t = toks[i]
    if t.text == ",":
        m, desc = _appositive(toks, i)
        return m, desc
    if t.text == ")":
        q = max(nav(toks).prev_where(_is_open_paren, i), 0)
        if q - 1 >= 0 and is_name_token(toks[q - 1]):
            return _name_mention(toks, q - 1), set()
        return None, set()
    if t.lower in PRONOUNS_SUBJECT:
        return _pronoun(toks, i), set()
    head = _CONTRACTED_SUBJECTS.get(t.lower.replace("’", "'"))
    if head is not None and _boundary_ok(toks, i):
        # "He’s claiming that ...", "She's said that ...": the pronoun with "is" or "has"
        # glued on ("has said" is no passive)
        m = Mention(t.start, t.start + len(head), t.text[: len(head)], "pronoun", head=head)
        return m, set()
    if is_name_token(t):
        return _name_mention(toks, i), set()
    if _possessive(t) or t.is_quote:
        return None, set()
    return _nominal_mention(toks, i), set()


def _forward_name(toks: list[Tok], j: int) -> tuple[int, list[Tok]]:
    """The capitalized name run starting at toks[j]; returns (end index, run)."""
    k = j
    while k < len(toks) and k - j < MAX_NAME_RUN:
        t = toks[k]
        if is_name_token(t) or (t.cap and t.lower in lexicon().titles):
            k += 1
            if _possessive(t):
                break
            continue
        if (
            (t.lower in PARTICLES or t.lower == "of")
            and k + 1 < len(toks)
            and is_name_token(toks[k + 1])
            and k > j
        ):
            k += 1
            continue
        break
    return k, toks[j:k]


def speaker_after(toks: list[Tok], j: int) -> tuple[Mention | None, int]:
    """The speaker phrase starting at toks[j] (inverted order or 'according to').

    Returns the mention and the index just past it (appositive included). The steps:
    time words and "also" are skipped; a pronoun is the speaker; lowercase role words
    before a name ("said GOP strategist Charlie Black", `_roles_before_name`); a
    determiner or descriptor run ("the top Russian diplomat", `_descriptor_run`) that is
    not followed by a name is a nominal (`_nominal_after`); else a name with its
    titles and appositives (`_name_after`).
    """
    n = len(toks)
    j = skip_forward(toks, j, DAYS, ("also", "then", "later"))
    if j >= n:
        return None, j
    t = toks[j]
    if t.lower in ("he", "she", "they", "him", "her", "them", "it"):
        return Mention(t.start, t.end, t.text, "pronoun", head=t.lower), j + 1
    if t.lower == "the" and j + 1 < n and is_name_token(toks[j + 1]):
        j += 1  # "the World Bank", "The Hill"
        t = toks[j]
    desc: set[str] = set()
    k = _roles_before_name(toks, j, desc)
    if k == j and (t.lower in DETERMINERS or _is_descriptor_word(t)):
        k = _descriptor_run(toks, j, desc)
        if not (k < n and is_name_token(toks[k])):
            return _nominal_after(toks, j, k, desc)
    return _name_after(toks, j, k, desc)


def _roles_before_name(toks: list[Tok], j: int, desc: set[str]) -> int:
    """Index of the name after lowercase role words at toks[j] ("said lobbyist and GOP
    strategist Charlie Black"), their words added to `desc`; else j."""
    lex = lexicon()
    n = len(toks)
    t = toks[j]
    k = j
    if t.cap or t.lower in DETERMINERS or not t.lower[:1].isalpha():
        return k
    q = j
    while (
        q < n
        and q - j < 6
        and not toks[q].is_quote
        and toks[q].text not in BOUNDARY_PUNCT
        and toks[q].text not in (".", "!", "?")
        and toks[q].lower not in lex.verb_class
        and toks[q].lower not in ("that", "he", "she", "they", "it", "i", "we")
    ):
        if is_name_token(toks[q]):
            break
        q += 1
    if (
        q < n
        and q > j
        and is_name_token(toks[q])
        and (
            toks[q - 1].lower in lex.titles
            or toks[q - 1].lower in lex.person_nouns
            or toks[q - 1].lower in lex.roles
            or toks[q - 1].lower in _MODIFIERS
        )
    ):
        desc.update(x.lower for x in toks[j:q])
        k = q
    return k


def _descriptor_run(toks: list[Tok], j: int, desc: set[str]) -> int:
    """End of the lowercase run at toks[j] ("the top Russian diplomat" stops at the first
    capital), its words but determiners added to `desc`."""
    n = len(toks)
    k = j
    while k < n and k - j < 8 and not toks[k].cap:
        tk = toks[k]
        if tk.is_quote or tk.text in BOUNDARY_PUNCT or tk.text in (".", "!", "?"):
            break
        if tk.lower not in DETERMINERS:
            desc.add(tk.lower)
        k += 1
    return k


def _nominal_after(toks: list[Tok], j: int, k: int, desc: set[str]) -> tuple[Mention | None, int]:
    """A role noun phrase toks[j:k...] as speaker ("the minister", "a spokesman for the
    campaign"); (None, j) when it has no person noun."""
    lex = lexicon()
    n = len(toks)
    # nominal: head is the last person noun in toks[j:k]
    head_i = None
    for q in range(k - 1, j - 1, -1):
        if toks[q].lower in lex.person_nouns or toks[q].lower in lex.roles:
            head_i = q
            break
    # a capitalized modifier inside: "the Kremlin leader", "a Clinton aide"
    if head_i is None and k < n and toks[k].cap:
        e, run = _forward_name(toks, k)
        for q in range(e, min(n, e + 3)):
            if toks[q].lower in lex.person_nouns or toks[q].lower in lex.roles:
                head_i = q
                desc.update(r.lower for r in run)
                break
    if head_i is None:
        return None, j
    end = head_i
    owner = None
    caps = [x for x in toks[j:head_i] if is_name_token(x)]
    if caps:
        owner = " ".join(x.text.rstrip("’s").rstrip("'s") for x in caps)
    # "a spokesman for the campaign"
    if end + 2 < n and toks[end + 1].lower in ("for", "of", "at", "with", "to"):
        e = end + 2
        while (
            e < n
            and e - end < 6
            and toks[e].text not in BOUNDARY_PUNCT
            and toks[e].text not in (".", "!", "?")
            and not toks[e].is_quote
            and toks[e].lower not in lex.verb_class
        ):
            e += 1
        caps = [x for x in toks[end + 2 : e] if is_name_token(x)]
        if caps and owner is None:
            owner = " ".join(x.text for x in caps)
        end = e - 1
    text = " ".join(x.text for x in toks[j : end + 1])
    return Mention(
        toks[j].start,
        toks[end].end,
        text,
        "nominal",
        head=toks[head_i].lower,
        descriptors=frozenset(desc),
        owner=owner,
    ), end + 1


def _name_after(toks: list[Tok], j: int, k: int, desc: set[str]) -> tuple[Mention | None, int]:
    """A name at toks[k] (descriptors of toks[j:k] in `desc`) with its titles, a
    parenthetical and appositives; (None, j) when there is no name."""
    lex = lexicon()
    n = len(toks)
    if k >= n or not is_name_token(toks[k]):
        return None, j
    e, run = _forward_name(toks, k)
    if not run:
        return None, j
    # "said Democratic strategist David Axelrod", "said Concord resident Whit Symms"
    q = e
    while (
        q < n
        and q - e < 4
        and not toks[q].cap
        and (_is_descriptor_word(toks[q]) or toks[q].lower in lex.person_nouns)
    ):
        q += 1
    if q > e and q < n and is_name_token(toks[q]):
        desc.update(t.lower for t in toks[k:q])
        e, run = _forward_name(toks, q)
    name, title_words = _name_from_run(run)
    desc |= title_words
    end = e
    # parenthetical "(D-Texas)" and appositive ", a Democratic pollster,"
    if end < n and toks[end].text == "(":
        end = min(nav(toks).next_where(_is_close_paren, end) + 1, n)
    end = _appositives_end(toks, end, desc)
    text = " ".join(x.text for x in toks[j:e])
    return Mention(
        toks[j].start,
        toks[e - 1].end,
        text,
        "name",
        name=name,
        descriptors=frozenset(desc),
        is_org=_is_org(run),
    ), end


def _appositives_end(toks: list[Tok], end: int, desc: set[str]) -> int:
    """Index past the appositives at toks[end] (", 25, a bank employee who lives in Ohio,"),
    which belong to the speaker; their lowercase words are added to `desc`."""
    n = len(toks)
    # ", 25, a bank employee who lives in Ohio," : the appositives belong to the speaker
    pieces = 0
    while (
        pieces < MAX_APPOSITIVES
        and end + 1 < n
        and toks[end].text == ","
        and _looks_appositive(toks, end + 1)
        and (
            _appositive_start(toks[end + 1]) or (toks[end + 1].cap and _short_piece(toks, end + 1))
        )
    ):
        q = end + 1
        while (
            q < n
            and toks[q].text not in (",", ".", ";", ":", "—", "–", "!", "?")
            and not toks[q].is_quote
        ):
            if not toks[q].cap:
                desc.add(toks[q].lower)
            q += 1
        end = q
        pieces += 1
    return end


_ORG_NOUNS = word_list("org_nouns")


_FINITE_VERBS = word_list("finite_verbs")
"""Finite verbs that make a comma piece a clause rather than an appositive."""


def _looks_appositive(toks: list[Tok], i: int) -> bool:
    """Is the comma piece at toks[i] a description of the speaker, not a new clause?

    "a local farmer", "31", "who runs a firm", "the city's mayor" are; "the company
    lost money" is not: a piece opened by a definite determiner must name a role.
    """
    first = toks[i].lower
    for k, t in enumerate(_comma_piece(toks, i, 12)):
        if t.lower in ("who", "which", "that", "whose", "whom", "where"):
            break  # "a farmer who has ...": a relative clause describes the speaker
        if t.lower in _FINITE_VERBS and k > 0:
            return False  # "according to X, the areas are ...": a clause, the content
    if first not in ("the", "his", "her", "its", "their", "our", "this", "that"):
        return True
    lex = lexicon()
    return any(
        (t.lower in lex.roles or t.lower in lex.titles or t.lower in lex.person_nouns)
        and t.lower not in _ORG_NOUNS
        for t in _comma_piece(toks, i, 10)
    )


def _comma_piece(toks: list[Tok], i: int, limit: int) -> list[Tok]:
    """At most `limit` tokens from toks[i] up to the next punctuation mark or quotation."""
    piece: list[Tok] = []
    for t in toks[i : i + limit]:
        if t.text in (",", ".", ";", ":", "!", "?") or t.is_quote:
            break
        piece.append(t)
    return piece


def _short_piece(toks: list[Tok], i: int) -> bool:
    """toks[i:] up to the next comma is a short capitalized piece ("Mich.", "New York")."""
    q = i
    while q < len(toks) and toks[q].text not in (",", ".", ";", ":") and not toks[q].is_quote:
        if not toks[q].cap or q - i >= 3:
            return False
        q += 1
    return q < len(toks) and toks[q].text == ","


_NAME_JOINERS = word_list("name_joiners")
"""Lowercase words inside a capitalised name ("Bank of England", "Ursula von der Leyen")."""


def _all_cap(toks: list[Tok], i: int, j: int) -> bool:
    return all(t.cap or t.lower in _NAME_JOINERS for t in toks[i:j])


def subject_at_start(toks: list[Tok], limit: int) -> Mention | None:
    """The subject of the clause that opens toks (for "..., saying ..." participles)."""
    i = 0
    lex = lexicon()
    nv = nav(toks)
    # skip an introductory phrase ending in a comma ("Speaking in Moscow on Friday,")
    if i < limit and (
        toks[i].lower in PREPOSITIONS
        or toks[i].lower.endswith("ing")
        or toks[i].lower in CLAUSE_OPENERS
    ):
        q = min(nv.next_where(_is_comma_or_quote, i), limit)
        if q < limit and toks[q].text == ",":
            i = q + 1
    i = min(nv.next_where(_not_leading_conj, i), limit)
    if i >= limit:
        return None
    # find the end of the first noun phrase: the last token before the first verb-like word
    j = i
    while j < limit and j - i < 12:
        t = toks[j]
        if t.text in BOUNDARY_PUNCT and t.text != "(":
            break
        if not t.cap and (
            t.lower in lex.verb_class
            or t.lower in SKIP_BEFORE_CUE
            or t.lower in BE_FORMS
            or t.lower.endswith("ed")
        ):
            break
        if j > i and not t.cap and t.lower not in _NAME_JOINERS and _all_cap(toks, i, j):
            break  # "Mark Ellis spoke at ...": a name ends where a lowercase verb follows
        j += 1
    if j == i or j >= limit + 1:
        return None
    if j < limit and toks[j].text == ",":
        # every participle of a unit asks about the same first comma: keep the answer
        key = ("subject_appositive", j)
        if key not in nv.memo:
            nv.memo[key] = _appositive(toks, j)[0]
        m: Mention | None = nv.memo[key]
        if m is not None:
            return replace(m)
    return _np_ending_at(toks, j - 1)


# token predicates for TokNav (module level: their arrays are kept by identity)
def _is_open_paren(t: Tok) -> bool:
    return t.text == "("


def _is_close_paren(t: Tok) -> bool:
    return t.text == ")"


def _is_comma_or_quote(t: Tok) -> bool:
    return t.text == "," or t.is_quote


def _not_leading_conj(t: Tok) -> bool:
    return t.lower not in ("and", "but", "so", "yet", "also", "then")


def _is_be_form(t: Tok) -> bool:
    return t.lower in BE_FORMS


def _not_skipped_before_cue(t: Tok) -> bool:
    """Not an auxiliary, adverb or time word between a subject and its speech verb."""
    low = t.lower
    return not (
        low in BE_FORMS
        or low in SKIP_BEFORE_CUE
        or low in DAYS
        or (not t.cap and low.endswith("ly") and low not in lexicon().person_nouns and len(low) > 4)
    )
