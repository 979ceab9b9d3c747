"""The CLI says which languages quotes are not extracted for, and stores the language."""

from __future__ import annotations

import json
from pathlib import Path

from tests.briefings.cli.test_commands import cli

ITALIAN = (
    "Il porto di Genova aprirà una nuova linea di traghetti in primavera\n"
    "«Apriremo la linea in primavera», ha detto martedì Maria Rossi, la direttrice del "
    "porto di Genova. Secondo lei, la città ha stanziato dodici milioni di euro per il nuovo "
    "molo, e i primi biglietti saranno venduti già a marzo."
)


def test_italian_article_says_quotes_are_not_extracted(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    r = cli(db, "ingest", "-", stdin=ITALIAN)
    assert r.returncode == 0, r.stderr
    assert "quotes are not extracted for Italian yet" in r.stdout
    assert "no attributed quotes" not in r.stdout

    art = cli(db, "article", "1")
    assert art.returncode == 0, art.stderr
    assert "quotes are not extracted for Italian yet" in art.stdout
    assert "language: Italian" in art.stdout
    data = json.loads(cli(db, "--json", "article", "1").stdout)
    assert data["language"] == "it" and data["quotes"] == []

    q = cli(db, "quotes", "Rossi")
    assert q.returncode != 0
    assert "quotes are not extracted from 1 article(s) in Italian" in q.stderr

    actors = cli(db, "--json", "actors")
    assert json.loads(actors.stdout) == []  # no junk speakers from English rules
