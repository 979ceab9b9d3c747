"""/ingest, /article and /quotes say when an article's language has no quote extraction
(Italian: German, French, Spanish and Russian have it)."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord, private

ITALIAN = (
    "«Apriremo la nuova linea di traghetti in primavera», ha detto martedì la direttrice del porto "
    "Anna Berg a Genova. Secondo lei, la città ha stanziato dodici milioni di euro per il nuovo "
    "molo, e i primi biglietti saranno venduti già a marzo."
)
ENGLISH = (
    "“We will run the new ferry from the spring,” said Anna Berg, the harbour chief, on "
    "Tuesday in Kiel. The city has set aside twelve million euros for the new quay."
)


async def test_german_article_is_labelled_honestly(fake: FakeDiscord, bot: Any) -> None:
    res = await fake.slash("ingest", {"text": ITALIAN, "title": "Nuovo traghetto per Genova"})
    fields = {f["name"]: f["value"] for f in res.final["embeds"][0]["fields"]}
    assert fields["Quotes"] == "Quotes are not extracted for Italian yet"

    art = await fake.slash("article", {"id": 1})
    fields = {f["name"]: f["value"] for f in art.final["embeds"][0]["fields"]}
    assert fields["Quoted"] == "Quotes are not extracted for Italian yet"

    missing = await fake.slash("quotes", {"actor": "Berg"})
    assert private(missing)
    assert "quotes are not extracted from 1 article(s) in Italian" in missing.final["content"]

    await fake.slash("ingest", {"text": ENGLISH, "title": "New ferry for Kiel"})
    found = await fake.slash("quotes", {"actor": "Anna Berg"})
    e = found.final["embeds"][0]
    assert e["title"] == "What Anna Berg said"
    assert "quotes are not extracted from 1 article(s) in Italian" in e["footer"]["text"]
