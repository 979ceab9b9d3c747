"""Who an attributed speaker is across articles: the rules, not the SQL.

One article says "Vladimir Putin", the next only "Putin"; both are one actor in
a guild. Every merging rule lives here: ingest collects the ways an article wrote
each speaker (`speaker_mentions`) and builds their records (`actors_for`); the
store calls `choose_actor` inside its write transaction with the existing actors
that share the new name's surname, so merging is atomic. The name normalisation
itself comes from `briefings.quotes.names`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefings.models import QuoteActor
from briefings.quotes.model import Quote
from briefings.quotes.names import aliases, name_key, same_person, surname_key
from briefings.quotes.speakers import PERSON, speaker_kind


def actor_for(name: str, mentions: Sequence[str] = (), kind: str | None = None) -> QuoteActor:
    """The actor record for a speaker's fullest name and the names used for them.

    `kind` is what the extractor found ('person' or 'organisation', `Quote.speaker_kind`);
    without it the name alone decides (`speakers.speaker_kind`).

    `mentions` are other ways the article wrote the speaker; only name-like ones
    ('Putin', 'President Putin') become aliases, never pronouns or role nouns,
    which mean someone else in the next article.
    """
    key = name_key(name)
    pairs: dict[str, str] = {key: name}
    for alias_key in aliases(name):
        pairs.setdefault(alias_key, alias_key)
    surname = surname_key(name)
    for mention in mentions:
        k = name_key(mention)
        if k and surname_key(mention) == surname and mention[:1].isupper():
            pairs[k] = mention
    kind = kind or speaker_kind(name) or PERSON
    return QuoteActor(name=name, name_key=key, alias_keys=tuple(pairs.items()), kind=kind)


def speaker_mentions(quotes: Sequence[Quote]) -> dict[str, list[str]]:
    """Speaker -> every way the article wrote them ("Putin", "he", "the president"),
    in order of first use: `actor_for` keeps the name-like ones as aliases."""
    mentions: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker:
            seen = mentions.setdefault(q.speaker, [])
            if q.speaker_mention and q.speaker_mention not in seen:
                seen.append(q.speaker_mention)
    return mentions


def actors_for(
    quotes: Sequence[Quote], mentions: Mapping[str, Sequence[str]]
) -> dict[str, QuoteActor]:
    """The actor record of every speaker of `quotes` (`mentions` from `speaker_mentions`)."""
    kinds = {q.speaker: q.speaker_kind for q in quotes if q.speaker}
    return {
        speaker: actor_for(speaker, mentions.get(speaker, ()), kind)
        for speaker, kind in kinds.items()
    }


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing actor sharing the new speaker's surname."""

    id: int
    name: str
    name_key: str
    quote_count: int


def choose_actor(actor: QuoteActor, candidates: Sequence[Candidate]) -> tuple[int | None, bool]:
    """Pick the existing actor `actor` belongs to: (actor id or None, rename to fuller name).

    With several compatible actors (a bare 'Clinton' when both Clintons are
    stored) the most quoted one wins, as a reader would assume.
    """
    fits = [c for c in candidates if same_person(actor.name, c.name)]
    if not fits:
        return None, False
    best = max(fits, key=lambda c: (c.quote_count, -c.id))
    fuller = len(actor.name_key.split()) > len(best.name_key.split())
    return best.id, fuller
