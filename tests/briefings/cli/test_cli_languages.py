"""The CLI says which languages quotes are not extracted for, and stores the language."""

from __future__ import annotations

import json
from pathlib import Path

from tests.briefings.cli.test_commands import cli

FRENCH = (
    "Le port de Brest ouvrira une nouvelle ligne de ferry au printemps\n"
    "« Nous ouvrirons la ligne au printemps », a déclaré mardi Marie Dupont, la directrice du "
    "port de Brest. Selon elle, la ville a consacré douze millions d'euros au nouveau quai, "
    "et les premiers billets seront vendus dès le mois de mars."
)


def test_french_article_says_quotes_are_not_extracted(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    r = cli(db, "ingest", "-", stdin=FRENCH)
    assert r.returncode == 0, r.stderr
    assert "quotes are not extracted for French yet" in r.stdout
    assert "no attributed quotes" not in r.stdout

    art = cli(db, "article", "1")
    assert art.returncode == 0, art.stderr
    assert "quotes are not extracted for French yet" in art.stdout
    assert "language: French" in art.stdout
    data = json.loads(cli(db, "--json", "article", "1").stdout)
    assert data["language"] == "fr" and data["quotes"] == []

    q = cli(db, "quotes", "Dupont")
    assert q.returncode != 0
    assert "quotes are not extracted from 1 article(s) in French" in q.stderr

    actors = cli(db, "--json", "actors")
    assert json.loads(actors.stdout) == []  # no junk speakers from English rules
