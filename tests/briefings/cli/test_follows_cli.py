"""`follows` and `alerts` from the command line, on a real database file: follows made
here queue alerts as later ingests store articles, without Discord."""

from __future__ import annotations

import json
from pathlib import Path

from tests.briefings.cli.test_commands import cli
from tests.briefings.follows.texts import harbour_story, statement_article


def _ingest(db: Path, title: str, text: str) -> None:
    r = cli(db, "ingest", "-", "--title", title, stdin=text)
    assert r.returncode == 0, r.stderr


def test_follow_ingest_and_list_alerts(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    _ingest(db, "Roth on rail", statement_article("Lena Roth", "minister", ["Rail first"], "rail"))
    r = cli(db, "follows", "add", "person", "Roth", "--channel", "42")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Following #1 person Lena Roth in channel 42; 0 sent, 0 waiting"
    r = cli(db, "--json", "follows", "add", "topic", "Vellmar harbour")
    assert json.loads(r.stdout)["follow"]["kind"] == "topic"

    _ingest(db, "Roth on fares", statement_article("Lena Roth", "minister", ["No rise"], "fares"))
    for outlet in ("Courier", "Gazette", "Wire"):
        title, text = harbour_story(outlet)
        _ingest(db, title, text)

    r = cli(db, "--json", "alerts", "--since", "1d")
    assert r.returncode == 0, r.stderr
    alerts = json.loads(r.stdout)
    assert [(a["kind"], a["quote_text"], a["state"]) for a in alerts] == [
        ("person", "No rise", "queued"),
        ("topic", None, "queued"),
    ]
    assert alerts[0]["article_title"] == "Roth on fares" and alerts[0]["follow_id"] == 1
    plain = cli(db, "alerts")
    assert "[queued] follow #1 person Lena Roth: “No rise” (Lena Roth)" in plain.stdout

    listed = cli(db, "follows", "list")
    assert "#1 person Lena Roth in channel 42; 0 sent, 1 waiting" in listed.stdout
    assert "#2 topic Vellmar harbour (queued only); 0 sent, 1 waiting" in listed.stdout
    assert cli(db, "follows", "remove", "2").returncode == 0
    assert "Vellmar" not in cli(db, "follows", "list").stdout
    gone = cli(db, "follows", "remove", "2")
    assert gone.returncode == 1 and "No follow '2'" in gone.stderr
    nobody = cli(db, "follows", "add", "person", "Nobody Atall")
    assert nobody.returncode == 1 and nobody.stderr.count("\n") == 1


def test_feeds_filter_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    bad = cli(db, "feeds", "filter", "1", "--include", "x")
    assert bad.returncode == 1 and "No feed '1'" in bad.stderr


def test_settings_follow_role_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    shown = cli(db, "--guild", "7", "settings", "show")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == "/follow: Manage Server only"
    assert "digests: none" in shown.stdout
    r = cli(db, "--guild", "7", "settings", "follow-role", "555")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "/follow: Manage Server and members of role 555"
    as_json = json.loads(cli(db, "--guild", "7", "--json", "settings", "show").stdout)
    assert as_json["follow_role_id"] == 555 and as_json["digests"] == []
    # Per server: another guild's setting is untouched.
    assert (
        json.loads(cli(db, "--guild", "8", "--json", "settings", "show").stdout)["follow_role_id"]
        is None
    )
    cleared = cli(db, "--guild", "7", "settings", "follow-role", "--clear")
    assert cleared.stdout.splitlines()[0] == "/follow: Manage Server only"
    both = cli(db, "settings", "follow-role", "555", "--clear")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    neither = cli(db, "settings", "follow-role")
    assert neither.returncode == 2
