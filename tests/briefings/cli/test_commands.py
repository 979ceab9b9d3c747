"""The offline CLI run as a real subprocess on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SEED_PATH
from tests.support.uncertain import BRIDGE_ARTICLE, SURE_TEXT, UNSURE_TEXT


def cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BRIEFINGS_"))}
    return subprocess.run(
        [sys.executable, "-m", "briefings", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def test_seed_article_end_to_end(db: Path) -> None:
    r = cli(db, "ingest", str(SEED_PATH))
    assert r.returncode == 0, r.stderr
    assert "Stored article #1" in r.stdout and "Vladimir Putin (6)" in r.stdout

    again = cli(db, "ingest", str(SEED_PATH))
    assert again.returncode == 0 and "Already stored as article #1" in again.stdout

    quotes = cli(db, "--json", "quotes", "Putin")
    assert quotes.returncode == 0, quotes.stderr
    data = json.loads(quotes.stdout)
    assert data["actor"]["name"] == "Vladimir Putin"
    assert data["quote_count"] == 6
    texts = [q["text"] for g in data["groups"] for q in g["quotes"]]
    assert any(t.startswith("You cannot impose standards") for t in texts)

    lavrov = cli(db, "quotes", "lavrov")
    assert lavrov.returncode == 0 and "Sergei Lavrov: 2 quote(s)" in lavrov.stdout

    merkel = cli(db, "quotes", "Merkel")
    assert merkel.returncode == 1
    assert merkel.stderr.count("\n") == 1 and "No quotes from 'Merkel'" in merkel.stderr
    assert "Traceback" not in merkel.stderr

    brief = cli(db, "--json", "brief")
    assert brief.returncode == 0, brief.stderr
    b = json.loads(brief.stdout)
    seed = SEED_PATH.read_text(encoding="utf-8")
    assert 1 <= len(b["sentences"]) <= 5
    for s in b["sentences"]:
        assert s["article_id"] == 1 and s["text"] in seed  # every line traceable

    one = cli(db, "brief", "1", "--sentences", "2")
    assert one.returncode == 0 and one.stdout.count("\n- ") == 2

    assert "Vladimir Putin: 6 quote(s)" in cli(db, "actors").stdout
    assert "#1" in cli(db, "articles").stdout
    assert "**Taliban**" in cli(db, "search", "taliban").stdout
    shown = cli(db, "article", "1")
    assert shown.returncode == 0 and "13 sentences" in shown.stdout
    digest = cli(db, "digest")
    assert digest.returncode == 0 and "1 article(s)" in digest.stdout


def test_stdin_several_inputs_and_errors(db: Path, tmp_path: Path) -> None:
    text = (
        "Ministers met in Oslo on Monday to discuss fishing quotas. "
        "Officials said a deal was close but not yet agreed."
    )
    r = cli(db, "ingest", "-", "--title", "Oslo talks", stdin=text)
    assert r.returncode == 0 and "Oslo talks" in r.stdout

    files = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(
            f"Article {i} says the harbour will reopen in spring, officials said. "
            f"It is story number {i}.",
            encoding="utf-8",
        )
        files.append(str(p))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = cli(db, "ingest", *files, str(bad), str(tmp_path / "missing.txt"))
    assert r.returncode == 1  # some inputs failed; the good ones are kept
    assert r.stdout.count("Stored article") == 3
    # Failures go to stderr, after the progress bar; stdout holds only what was stored.
    assert "bad.txt: error: bad.txt is binary" in r.stderr and "error" not in r.stdout
    assert r.stderr.rindex("missing.txt: error:") > r.stderr.rindex("5/5")
    assert "[########################] 5/5" in r.stderr  # progress on many inputs
    assert "Traceback" not in r.stderr
    listed = json.loads(cli(db, "--json", "articles").stdout)
    assert len(listed) == 4 and "text" not in listed[0]


def test_usage_and_lookup_errors(db: Path) -> None:
    assert cli(db, "brief", "--method", "nonsense").returncode == 2
    missing = cli(db, "article", "42")
    assert missing.returncode == 1 and missing.stderr.strip() == "error: No article #42."
    assert cli(db, "feeds", "list").stdout.strip() == "No feeds."
    empty = cli(db, "brief")
    assert empty.returncode == 0 and "No articles are stored yet" in empty.stdout
    bad_url = cli(db, "ingest", "ftp://example.com/x")
    assert bad_url.returncode == 1 and "Only http:// and https://" in bad_url.stderr


def test_quotes_uncertain_and_confidence_in_json(db: Path) -> None:
    r = cli(db, "ingest", "-", stdin=BRIDGE_ARTICLE)
    assert r.returncode == 0, r.stderr
    plain = cli(db, "--json", "quotes", "Ortega")
    assert plain.returncode == 0, plain.stderr
    shown = [q for g in json.loads(plain.stdout)["groups"] for q in g["quotes"]]
    assert [q["text"] for q in shown] == [SURE_TEXT]
    assert shown[0]["confidence"] >= 0.75 and shown[0]["uncertain"] is False
    everything = cli(db, "--json", "quotes", "Ortega", "--uncertain")
    quotes = {q["text"]: q for g in json.loads(everything.stdout)["groups"] for q in g["quotes"]}
    assert quotes[UNSURE_TEXT]["uncertain"] is True
    assert quotes[UNSURE_TEXT]["confidence"] < quotes[SURE_TEXT]["confidence"]
    text = cli(db, "quotes", "Ortega", "--uncertain")
    assert text.stdout.count("(uncertain attribution)") == 1


def _invented_story(n: int) -> str:
    """A distinct story per n: invented words keep the stories from merging."""
    w = [f"{a}{b}{n}" for a in ("bel", "cor", "dun", "fal") for b in ("ik", "om", "ur")]
    return "\n".join(
        [
            f"The {w[0]} council of {w[1]} voted on Tuesday to rebuild the {w[2]} bridge over "
            f"the {w[3]} river, ending a dispute with {w[4]} farmers about {w[5]} fields that "
            f"has lasted since the {w[6]} floods washed the old crossing away.",
            f"Engineers from {w[7]} said the {w[8]} works would take two years and that the "
            f"{w[9]} road would stay open, while {w[10]} traders asked for help with {w[11]}.",
            f"Officials in {w[1]} said the first {w[2]} contracts would be signed in spring.",
        ]
    )


def test_digest_budget_full_and_json(db: Path, tmp_path: Path) -> None:
    empty = cli(db, "--json", "digest")
    assert empty.returncode == 0, empty.stderr  # a date in the JSON no longer crashes it
    assert json.loads(empty.stdout)["stories"] == []
    paths = []
    for n in range(12):
        p = tmp_path / f"story{n}.txt"
        p.write_text(_invented_story(n), encoding="utf-8")
        paths.append(str(p))
    assert cli(db, "ingest", *paths).returncode == 0
    short = cli(db, "digest")
    assert short.returncode == 0, short.stderr
    shown = [ln for ln in short.stdout.splitlines() if ln[:1].isdigit() and ". " in ln[:4]]
    assert 1 <= len(shown) <= 8
    assert f"… and {12 - len(shown)} more stories: run `digest --full`" in short.stdout
    full = cli(db, "digest", "--full")
    numbered = [ln for ln in full.stdout.splitlines() if ln[:1].isdigit() and ". " in ln[:4]]
    assert len(numbered) == 12 and "more stories" not in full.stdout
    data = json.loads(cli(db, "--json", "digest").stdout)
    assert data["article_count"] == 12 and data["more_stories"] == 0
    assert len(data["stories"]) == 12
    assert sorted(i for s in data["stories"] for i in s["article_ids"]) == list(range(1, 13))
    for s in data["stories"]:
        assert [src["id"] for src in s["sources"]] == s["article_ids"]
        assert s["summary"] and all(ln["article_id"] in s["article_ids"] for ln in s["summary"])
