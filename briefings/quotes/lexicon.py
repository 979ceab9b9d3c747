"""The word lists the quote rules run on, loaded once from package data.

The extractor has no statistical model: what it knows about English lives in
plain text files under `briefings/quotes/lexicon/` (speech verbs, titles, role
nouns, given names...). Keeping them as data makes them easy to review and
extend without touching the rules, and keeps them free of any article text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_PACKAGE = "briefings.quotes"
_FOLDER = "lexicon"

VERB_CLASSES = frozenset({"say", "tell", "object", "quote"})


def _lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of one lexicon file."""
    path = resources.files(_PACKAGE).joinpath(_FOLDER, name)
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for line in _lines(name) for w in line.split())


@cache
def word_list(name: str) -> frozenset[str]:
    """The lowercased words of the English list `lexicon/<name>.txt`: the small closed
    classes the rules name (determiners, prepositions, days, hearers of "told"...), kept
    beside the open lists of `Lexicon` so all English knowledge is in one bundle."""
    return _words(f"{name}.txt")


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extractor uses, lowercased."""

    verb_class: dict[str, str]
    """Speech-verb form -> class ('say', 'tell', 'object', 'quote')."""
    ing_forms: frozenset[str]
    """Forms ending in -ing (participles open a statement of the clause's subject)."""
    base_forms: frozenset[str]
    """Base forms ('say', 'state'): often nouns or infinitives, weak evidence of a clause."""
    multiword: dict[str, str]
    """Multi-word cue ('pointed out', 'called for') -> class."""
    titles: frozenset[str]
    """Titles, honorifics and offices that may precede a name (no trailing period)."""
    honorific_gender: dict[str, str]
    """Honorific or gendered role word -> 'm' or 'f'."""
    roles: dict[str, frozenset[str]]
    """Role noun -> title/role words that qualify a person for it."""
    person_nouns: frozenset[str]
    """Lowercase heads of noun phrases for people or bodies that can speak."""
    not_names: frozenset[str]
    """Capitalized words that are never part of a personal name."""
    org_words: frozenset[str]
    """Words that make a capitalized name an organization or place."""
    male_names: frozenset[str]
    female_names: frozenset[str]
    given_names: frozenset[str]
    """Every given name, of either or both genders ("Pat", "Jordan")."""
    nicknames: dict[str, frozenset[str]]
    """Given name -> all given names interchangeable with it (itself included)."""
    places: frozenset[str]
    """Countries, states and big cities (multi-word ones space-joined), lowercase."""
    not_speakers: frozenset[str]
    """Words that never open a speaker's name: generic plurals, credits, German articles."""
    nationalities: frozenset[str]
    """Nationality and regional adjectives ("Syrian", "Eastern")."""
    org_fragment_words: frozenset[str]
    """Words that with only organisation words beside them are a cut-off organisation name."""
    institutions: frozenset[str]
    """One-word institutions that are whole speakers ("Kremlin")."""
    non_speech: frozenset[str]
    """Cue + next word that is no speech act ("agreed to", "went on to")."""
    negations: frozenset[str]
    """Words negating the cue after them ("not", "never")."""
    skippable_adverbs: frozenset[str]
    org_member_heads: frozenset[str]
    place_prepositions: frozenset[str]
    """Prepositions that make the name after them a place or a thing, not the speaker
    ("a doctor from Hebron", "a telescope atop Mauna Kea")."""
    """Heads of phrases that speak for the organisation before them ("an X official")."""
    """Adverbs between a negation and its cue ("immediately")."""


def _load_verbs() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    verb_class: dict[str, str] = {}
    base: set[str] = set()
    for line in _lines("speech_verbs.txt"):
        cls, _, forms = line.partition(":")
        cls = cls.strip()
        if cls not in VERB_CLASSES:
            raise ValueError(f"unknown verb class {cls!r} in speech_verbs.txt")
        words = forms.lower().split()
        if words:
            base.add(words[0])
        for form in words:
            verb_class.setdefault(form, cls)
    ing = frozenset(f for f in verb_class if f.endswith("ing"))
    return verb_class, ing, frozenset(base)


def _load_multiword() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _lines("multiword_cues.txt"):
        cls, _, phrase = line.partition(":")
        out[" ".join(phrase.lower().split())] = cls.strip()
    return out


def _load_roles() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in _lines("roles.txt"):
        role, _, words = line.partition(":")
        role = role.strip().lower()
        out[role] = frozenset(words.lower().split()) | {role} | out.get(role, frozenset())
    return out


def _load_nicknames() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for line in _lines("nicknames.txt"):
        names = set(line.lower().split())
        for n in names:
            groups.setdefault(n, set()).update(names)
    return {k: frozenset(v) for k, v in groups.items()}


def _load_places() -> frozenset[str]:
    out = set(_words("places.txt"))
    out.update(" ".join(line.lower().split()) for line in _lines("places_multiword.txt"))
    return frozenset(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shared, immutable lexicon (loaded on first use)."""
    verb_class, ing, base = _load_verbs()
    gender: dict[str, str] = {}
    for line in _lines("honorifics.txt"):
        word, g = line.split()
        gender[word.lower()] = g
    male = _words("first_names_male.txt")
    female = _words("first_names_female.txt")
    return Lexicon(
        verb_class=verb_class,
        ing_forms=ing,
        base_forms=base,
        multiword=_load_multiword(),
        titles=frozenset(w.rstrip(".") for w in _words("titles.txt")),
        honorific_gender=gender,
        roles=_load_roles(),
        person_nouns=_words("person_nouns.txt"),
        not_names=_words("not_names.txt"),
        org_words=_words("org_words.txt"),
        male_names=male - female,
        female_names=female - male,
        given_names=male | female,
        nicknames=_load_nicknames(),
        places=_load_places(),
        not_speakers=_words("not_speakers.txt"),
        nationalities=_words("nationalities.txt"),
        org_fragment_words=_words("org_fragment_words.txt"),
        institutions=_words("institutions.txt"),
        non_speech=frozenset(
            " ".join(line.lower().split()) for line in _lines("non_speech_cues.txt")
        ),
        negations=_words("negations.txt"),
        skippable_adverbs=_words("skippable_adverbs.txt"),
        org_member_heads=_words("org_member_heads.txt"),
        place_prepositions=_words("place_prepositions.txt"),
    )


@dataclass(frozen=True)
class LanguageBundle:
    """The word lists of one language other than English (`lexicon/<code>/`), for the
    language-neutral constructions of `briefings.quotes.multilingual`. Lowercased."""

    code: str
    verbs: frozenset[str]
    """One-word finite cue forms ("sagte", "a-t-il" forms come from auxiliaries)."""
    particle_verbs: dict[str, str]
    """Separable cue -> the particle closing its clause ("fügte" -> "hinzu")."""
    auxiliaries: frozenset[str]
    participles: frozenset[str]
    according: tuple[str, ...]
    """'According to' phrases, longest first."""
    pronouns: dict[str, str]
    """Subject pronoun -> 'm' or 'f'."""
    complementizers: frozenset[str]
    adverbs: frozenset[str]
    titles: frozenset[str]
    roles: dict[str, frozenset[str]]
    """Role noun stem -> title words qualifying a person for it."""
    not_names: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    """A name right after one is no subject ("mit Kanzlerin Merkel")."""
    noun_suffixes: tuple[str, ...] = ()
    """Endings of common nouns, never of names ("Heimatstadt"; German capitalizes nouns)."""
    final_auxiliaries: frozenset[str] = frozenset()
    """Auxiliaries whose participle closes the clause ("hat ... gesagt")."""
    organisations: tuple[tuple[str, ...], ...] = ()
    """Organisations that speak ("Kreml", "auswärtige amt"): word stems, lowercased."""
    post_cues: frozenset[str] = frozenset()
    """Words attributing a quotation they follow, verb-less ("…", so Putin)."""
    conjunctions: frozenset[str] = frozenset()
    """Coordinating conjunctions: a cue after one shares the sentence's subject."""


def _bundle_path(code: str, name: str) -> str:
    return f"{code}/{name}"


@lru_cache(maxsize=8)
def language_bundle(code: str) -> LanguageBundle:
    """The bundle of language `code` (ISO 639-1), loaded on first use; KeyError when the
    lexicon has no folder for it."""
    if not resources.files(_PACKAGE).joinpath(_FOLDER, code).is_dir():
        raise KeyError(code)

    def lines(name: str) -> list[str]:
        return _lines(_bundle_path(code, name))

    def words(name: str) -> frozenset[str]:
        return frozenset(w.lower() for line in lines(name) for w in line.split())

    verbs: set[str] = set()
    particles: dict[str, str] = {}
    for line in lines("speech_verbs.txt"):
        parts = line.lower().split()
        if len(parts) == 3 and parts[1] == "...":
            particles[parts[0]] = parts[2]
        else:
            verbs.add(" ".join(parts))
    roles: dict[str, frozenset[str]] = {}
    for line in lines("roles.txt"):
        role, _, qual = line.partition(":")
        roles[" ".join(role.lower().split())] = frozenset(qual.lower().split())
    pronouns = {p.lower(): g for p, g in (line.split() for line in lines("pronouns.txt"))}
    return LanguageBundle(
        code=code,
        verbs=frozenset(verbs),
        particle_verbs=particles,
        auxiliaries=words("auxiliaries.txt"),
        participles=words("participles.txt")
        | frozenset(" ".join(x.lower().split()) for x in lines("participle_phrases.txt")),
        according=tuple(
            sorted((" ".join(x.lower().split()) for x in lines("according.txt")), key=len)[::-1]
        ),
        pronouns=pronouns,
        complementizers=frozenset(x.lower() for x in lines("complementizers.txt")),
        adverbs=words("adverbs.txt"),
        titles=frozenset(w.rstrip(".") for w in words("titles.txt")),
        roles=roles,
        not_names=frozenset(w for line in lines("not_names.txt") for w in line.split()),
        determiners=words("determiners.txt"),
        prepositions=words("prepositions.txt"),
        noun_suffixes=tuple(sorted(words("noun_suffixes.txt"))),
        final_auxiliaries=words("final_auxiliaries.txt"),
        organisations=tuple(
            sorted((tuple(x.lower().split()) for x in lines("organisations.txt")), key=len)[::-1]
        ),
        post_cues=words("post_cues.txt"),
        conjunctions=words("conjunctions.txt"),
    )
