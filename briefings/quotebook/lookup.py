"""Per-actor quote digests over the store: who said what, where and when.

Looking an actor up is forgiving: any alias works ('Putin', 'vladimir putin',
'President Putin'), case and accents are ignored, and a near miss ('Puttin')
is matched by rapidfuzz or answered with "did you mean". The same quote carried
by several outlets is shown once, with every source.

Names cross languages (`briefings.quotes.aliases`): 'Putin' also finds the actors stored
as 'Vladimir Poutine' or 'Владимир Путин', and actors whose full names are one name spelt
after different languages' habits are answered and listed as one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz, process

from briefings.errors import InputError, NotFoundError
from briefings.languages import skipped_quotes_note
from briefings.models import Actor, StoredQuote
from briefings.quotes.aliases import cross_key, same_person
from briefings.quotes.confidence import DEFAULT_MIN_CONFIDENCE
from briefings.quotes.names import name_key
from briefings.store import Store
from briefings.text import fold

FUZZY_ACCEPT = 80  # edit-distance ratio at or above which a typo is taken as meant
FUZZY_SUGGEST = 70  # WRatio (partial matches count) for a 'did you mean'


@dataclass(frozen=True, slots=True)
class QuoteSource:
    article_id: int
    title: str
    url: str | None
    site: str | None
    when: datetime | None


@dataclass(slots=True)
class DigestQuote:
    text: str
    kind: str
    cue: str | None
    speaker_mention: str | None
    sources: list[QuoteSource] = field(default_factory=list)
    confidence: float | None = None
    """How far the attribution can be trusted (None: stored before confidences)."""
    uncertain: bool = False
    """Below the confidence cut: shown only on request, and then marked."""


@dataclass(slots=True)
class ArticleQuotes:
    source: QuoteSource
    quotes: list[DigestQuote] = field(default_factory=list)


@dataclass(slots=True)
class ActorDigest:
    actor: Actor
    groups: list[ArticleQuotes]
    quote_count: int  # distinct quotes shown
    also_matching: list[Actor] = field(default_factory=list)  # other actors the name fits
    truncated: bool = False
    # e.g. "quotes are not extracted from 3 article(s) in Chinese": why some are missing
    note: str | None = None


def merge_same_person(
    actors: list[Actor], *, lead_most_quoted: bool = False
) -> tuple[Actor, list[int], list[Actor]]:
    """The first actor together with the actors who are the same person spelt after
    another language (full names with one `cross_key`: Vladimir Putin, Vladimir Poutine,
    Владимир Путин): the merged actor (counts summed, the other names as aliases), the ids
    of all of them, and the actors left over, in order. The merged actor is named as the
    first, or with `lead_most_quoted` as the most quoted spelling (the first stored on a
    tie)."""
    first = actors[0]
    same = [
        a
        for a in actors[1:]
        if a.kind == first.kind and a.id != first.id and same_person(a.name, first.name)
    ]
    rest = [a for a in actors[1:] if a not in same]
    if not same:
        return first, [first.id], rest
    if lead_most_quoted:
        group = sorted([first, *same], key=lambda a: (-a.quote_count, a.id))
        first, same = group[0], group[1:]
    aliases = list(first.aliases)
    for a in same:
        aliases += [n for n in (a.name, *a.aliases) if n not in aliases]
    merged = Actor(
        first.id,
        first.name,
        first.quote_count + sum(a.quote_count for a in same),
        first.article_count + sum(a.article_count for a in same),
        tuple(aliases),
        first.kind,
    )
    return merged, [first.id, *(a.id for a in same)], rest


def _source(q: StoredQuote) -> QuoteSource:
    return QuoteSource(q.article_id, q.article_title, q.article_url, q.article_site, q.article_when)


def group_quotes(
    quotes: list[StoredQuote], limit: int, min_confidence: float = 0.0
) -> tuple[list[ArticleQuotes], int, bool]:
    """Group newest-first quotes by article; a quote seen before gains a source instead.
    Quotes below `min_confidence` are marked uncertain."""
    groups: dict[int, ArticleQuotes] = {}
    by_key: dict[str, DigestQuote] = {}
    shown = 0
    truncated = False
    for q in quotes:
        if q.text_key in by_key:
            dq = by_key[q.text_key]
            if all(s.article_id != q.article_id for s in dq.sources):
                dq.sources.append(_source(q))
            continue
        if shown >= limit:
            truncated = True
            continue
        dq = DigestQuote(
            q.text,
            q.kind,
            q.cue,
            q.speaker_mention,
            [_source(q)],
            q.confidence,
            q.confidence is not None and q.confidence < min_confidence,
        )
        by_key[q.text_key] = dq
        groups.setdefault(q.article_id, ArticleQuotes(_source(q))).quotes.append(dq)
        shown += 1
    return list(groups.values()), shown, truncated


class QuoteService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def find_actors(
        self, guild_id: int, name: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE
    ) -> list[Actor]:
        """Actors the name means, best first; `NotFoundError` with suggestions if none.

        Only actors with attributions at or above `min_confidence` count; one whose every
        attribution is uncertain is answered with how to see them."""
        query = " ".join((name or "").split())
        if not query:
            raise InputError("Give the name of the person whose quotes you want.")
        key = name_key(query) or fold(query)
        index = await self.store.actor_aliases(guild_id)
        exact = {aid for alias_key, aid, _ in index if alias_key == key}
        if not exact:
            rows = await self.store.actor_rows(guild_id)
            exact = {aid for aid, _, nkey in rows if nkey == key}
        direct = set(exact)
        # the same name spelt after another language's habits: Putin, Poutine, Путин
        xkey = cross_key(query)
        if xkey:
            exact |= {aid for alias_key, aid, _ in index if cross_key(alias_key) == xkey}
        if not exact and index:
            keys = sorted({k for k, _, _ in index})
            # A typo ('Lavrof') is close in plain edit distance; a fragment ('Vlad') is not,
            # and only earns a suggestion (WRatio also scores partial matches).
            typo = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_ACCEPT)
            if typo is not None:
                exact = {aid for k, aid, _ in index if k == typo[0]}
            else:
                hits = process.extract(
                    key, keys, scorer=fuzz.WRatio, limit=5, score_cutoff=FUZZY_SUGGEST
                )
                ids = [aid for k, _, _ in hits for ak, aid, _ in index if ak == k]
                near = await self.store.actors(
                    guild_id, list(dict.fromkeys(ids)), min_confidence=min_confidence
                )
                suggestions = [a.name for a in near]
                if suggestions:
                    hint = f" Did you mean: {', '.join(suggestions[:5])}?"
                else:
                    hint = await self._mentioned_hint(guild_id, query)
                raise NotFoundError(f"No quotes from {query!r} in this server.{hint}")
        actors = await self.store.actors(guild_id, sorted(exact), min_confidence=min_confidence)
        if not actors and min_confidence > 0:
            unsure = await self.store.actors(guild_id, sorted(exact))
            if unsure:
                n = sum(a.quote_count for a in unsure)
                raise NotFoundError(
                    f"No certain quotes from {query!r} in this server: {n} attribution"
                    f"{'s' if n != 1 else ''} to them {'are' if n != 1 else 'is'} uncertain "
                    "(ask with the uncertain option to see them)."
                )
        if not actors:
            hint = await self._mentioned_hint(guild_id, query)
            raise NotFoundError(f"No quotes from {query!r} in this server.{hint}")
        # The fullest match for the typed name first, then the most quoted.
        # (an actor under the spelling typed before the same name in other languages)
        actors.sort(
            key=lambda a: (name_key(a.name) != key, a.id not in direct, -a.quote_count, a.name)
        )
        return actors

    async def _mentioned_hint(self, guild_id: int, name: str) -> str:
        """' They appear in N articles…' when the name is in the text but never quoted
        (Merkel at Putin's press conference): it tells the user the search worked."""
        hits = await self.store.search(guild_id, name, limit=100, or_fallback=False)
        if not hits:
            return ""
        n = len(hits)
        return (
            f" The name appears in {n} article{'s' if n != 1 else ''}, but no statement "
            "there is attributed to them."
        )

    async def digest(
        self,
        guild_id: int,
        name: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        uncertain: bool = False,
    ) -> ActorDigest:
        """What the actor `name` means said, newest first. Attributions below
        `DEFAULT_MIN_CONFIDENCE` are left out, or with `uncertain` shown and marked."""
        if limit < 1:
            raise InputError("The limit must be at least 1.")
        cut = 0.0 if uncertain else DEFAULT_MIN_CONFIDENCE
        # Articles in languages without quote extraction: said with the answer, and with a
        # name not found, since that may be why.
        note = skipped_quotes_note(await self.store.article_languages(guild_id))
        try:
            actors = await self.find_actors(guild_id, name, cut)
        except NotFoundError as exc:
            if note is None:
                raise
            raise NotFoundError(f"{exc} (Note: {note}.)") from exc
        actor, ids, others = merge_same_person(actors)
        quotes = await self.store.quotes_for_actors(
            guild_id,
            ids,
            since=since,
            until=until,
            limit=limit * 10 + 50,
            min_confidence=cut,
        )
        groups, shown, truncated = group_quotes(quotes, limit, DEFAULT_MIN_CONFIDENCE)
        return ActorDigest(actor, groups, shown, others, truncated, note)

    async def actors(
        self, guild_id: int, prefix: str = "", limit: int = 25, *, uncertain: bool = False
    ) -> list[Actor]:
        """Quoted actors, people before organisations, most quoted first; with `prefix`, those
        with a name or alias (or a word of one) starting with it: what autocomplete offers as
        someone types. Counts are of attributions at or above `DEFAULT_MIN_CONFIDENCE`
        unless `uncertain`."""
        cut = 0.0 if uncertain else DEFAULT_MIN_CONFIDENCE
        everyone = await self.store.actors(guild_id, min_confidence=cut)
        merged: list[Actor] = []
        left = list(everyone)
        while left:  # one entry per person, however many languages spell them
            one, _, left = merge_same_person(left, lead_most_quoted=True)
            merged.append(one)
        everyone = merged
        p = fold(prefix.strip())
        if not p:
            return everyone[:limit]

        def fits(a: Actor) -> bool:
            names = (a.name, *a.aliases)
            return any(w.startswith(p) for n in names for w in [fold(n), *fold(n).split()])

        return [a for a in everyone if fits(a)][:limit]
