"""/ingest, /article and /quotes say when an article's language has no quote extraction."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord, private

GERMAN = (
    "„Wir werden die neue Fähre im Frühjahr in Betrieb nehmen“, sagte die Hafenchefin Anna "
    "Berg am Dienstag in Kiel. Die Stadt habe dafür zwölf Millionen Euro bereitgestellt, fügte "
    "sie hinzu. Die ersten Fahrkarten sollen schon im März verkauft werden."
)
ENGLISH = (
    "“We will run the new ferry from the spring,” said Anna Berg, the harbour chief, on "
    "Tuesday in Kiel. The city has set aside twelve million euros for the new quay."
)


async def test_german_article_is_labelled_honestly(fake: FakeDiscord, bot: Any) -> None:
    res = await fake.slash("ingest", {"text": GERMAN, "title": "Neue Fähre für Kiel"})
    fields = {f["name"]: f["value"] for f in res.final["embeds"][0]["fields"]}
    assert fields["Quotes"] == "Quotes are not extracted for German yet"

    art = await fake.slash("article", {"id": 1})
    fields = {f["name"]: f["value"] for f in art.final["embeds"][0]["fields"]}
    assert fields["Quoted"] == "Quotes are not extracted for German yet"

    missing = await fake.slash("quotes", {"actor": "Berg"})
    assert private(missing)
    assert "quotes are not extracted from 1 article(s) in German" in missing.final["content"]

    await fake.slash("ingest", {"text": ENGLISH, "title": "New ferry for Kiel"})
    found = await fake.slash("quotes", {"actor": "Anna Berg"})
    e = found.final["embeds"][0]
    assert e["title"] == "What Anna Berg said"
    assert "quotes are not extracted from 1 article(s) in German" in e["footer"]["text"]
