"""One person across languages: Putin, Poutine, Путин are aliases when articles name them
in full; a surname alone is offered, not merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.app import Briefings
from briefings.errors import NotFoundError
from briefings.models import Actor
from briefings.quotebook.lookup import merge_same_person
from briefings.quotes.aliases import cross_key, same_person
from briefings.settings import Settings
from tests.support.paths import SEED_PATH

DATA = Path(__file__).resolve().parents[1] / "quotes" / "data" / "multilingual"


@pytest.mark.parametrize(
    "names",
    [
        ("Vladimir Putin", "Wladimir Putin", "Vladimir Poutine", "Владимир Путин"),
        ("Sergei Lavrov", "Sergej Lawrow", "Sergueï Lavrov", "Serguéi Lavrov", "Сергей Лавров"),
        ("Ashraf Ghani", "Aschraf Ghani", "Ашраф Гани"),
        ("Dmitri Peskov", "Dmitrij Peskow", "Дмитрий Песков"),
    ],
)
def test_spellings_share_one_key(names: tuple[str, ...]) -> None:
    assert len({cross_key(n) for n in names}) == 1
    assert all(same_person(names[0], n) for n in names)


def test_different_people_keep_their_keys() -> None:
    assert not same_person("Vladimir Putin", "Vladimir Zelensky")
    assert not same_person("Sergei Lavrov", "Sergei Shoigu")
    assert not same_person("Putin", "Poutine")  # one word: not said who they are
    assert cross_key("Angela Merkel") != cross_key("Angela Marker")


def test_merge_keeps_organisations_and_others_apart() -> None:
    a = Actor(1, "Vladimir Putin", 6, 1, ("Putin",))
    b = Actor(2, "Владимир Путин", 6, 1, ("Путин",))
    c = Actor(3, "Poutine", 1, 1, ())
    d = Actor(4, "Vladimir Putin Foundation", 1, 1, (), "organisation")
    merged, ids, rest = merge_same_person([a, c, b, d])
    assert ids == [1, 2]
    assert (merged.name, merged.quote_count, merged.article_count) == ("Vladimir Putin", 12, 2)
    assert "Владимир Путин" in merged.aliases
    assert rest == [c, d]


async def test_quotes_putin_finds_every_language(settings: Settings) -> None:
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, SEED_PATH.read_text(encoding="utf-8"), title="en")
        for lang in ("de", "fr", "ru"):
            text = (DATA / f"seed-{lang}-2.txt").read_text(encoding="utf-8")
            await app.ingest.text(1, text, title=lang)
        for query, shown in [
            ("Putin", "Vladimir Putin"),
            ("Vladimir Putin", "Vladimir Putin"),
            ("Poutine", "Vladimir Poutine"),
            ("Wladimir Putin", "Wladimir Putin"),
            ("Путин", "Владимир Путин"),
        ]:
            d = await app.quotes.digest(1, query)
            assert d.actor.name == shown, query  # the spelling typed, the others aliases
            assert d.quote_count == 24, query  # six statements in each of four languages
            assert len(d.groups) == 4
            assert d.also_matching == []
        d = await app.quotes.digest(1, "Lavrov")
        assert d.quote_count == 8
        people = [a for a in await app.quotes.actors(1) if not a.is_organisation]
        assert [(a.name, a.quote_count) for a in people] == [
            ("Vladimir Putin", 24),
            ("Sergei Lavrov", 8),
        ]
        assert not any("Merkel" in a.name or "Ghani" in a.name for a in people)


@pytest.mark.parametrize("seed", sorted(p.name for p in DATA.glob("seed-*.txt")))
async def test_each_seed_translation_through_the_quote_service(
    settings: Settings, seed: str
) -> None:
    """What `python -m briefings ingest` then `quotes Putin` answers: every statement is
    shown by default (none below the confidence cut), Merkel and Ghani are never quoted."""
    async with await Briefings.open(settings) as app:
        await app.ingest.text(1, (DATA / seed).read_text(encoding="utf-8"))
        assert (await app.quotes.digest(1, "Putin")).quote_count == 6
        assert (await app.quotes.digest(1, "Lavrov")).quote_count == 2
        for name in ("Merkel", "Ghani"):
            with pytest.raises(NotFoundError):
                await app.quotes.digest(1, name)
