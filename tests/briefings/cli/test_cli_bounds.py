"""`python -m briefings` refuses numbers and dates out of range in one line, exit status 1
(issue 12, item 10): SQLite integers end at 2**63-1, and before these checks a huge `--limit`,
article id, `--guild` or date printed a traceback."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefings.cli import main
from briefings.errors import InputError
from briefings.timeutil import parse_date, parse_since
from tests.support.paths import SEED_PATH

HUGE = "99999999999999999999"  # > 2**64
NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No settings from the environment or a `.env` file; one article stored."""
    for name in list(os.environ):
        if name.startswith(("DISCORD_", "BRIEFINGS_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "cli.db"
    assert main(["--db", str(path), "ingest", str(SEED_PATH)]) == 0
    return path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(["--db", str(db), *args])
    except SystemExit as exc:  # argparse's own exit (status 2): counted as a failure here
        status = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["articles", "--limit", HUGE], f"--limit must be from 1 to 100000, not '{HUGE}'."),
        (["articles", "--limit", "0"], "--limit must be from 1 to 100000, not '0'."),
        (["articles", "--limit", "-5"], "--limit must be from 1 to 100000, not '-5'."),
        (["articles", "--limit", "lots"], "--limit must be a whole number, not 'lots'."),
        (["articles", "--limit", "9" * 5000], "--limit must be from 1 to 100000"),
        (["search", "Putin", "--limit", HUGE], "--limit must be from 1 to 100000"),
        (["quotes", "Putin", "--limit", HUGE], "--limit must be from 1 to 100000"),
        (["actors", "--limit", HUGE], "--limit must be from 1 to 100000"),
        (["article", HUGE], f"the article id must be from 1 to {2**63 - 1}, not '{HUGE}'."),
        (["article", str(2**63)], f"the article id must be from 1 to {2**63 - 1}"),
        (["article", "0"], "the article id must be from 1 to"),
        (["brief", HUGE], "the article id must be from 1 to"),
        (["brief", "--latest", HUGE], "--latest must be from 1 to 500"),
        (["brief", "--sentences", HUGE], "--sentences must be from 1 to 20"),
        (["brief", "-k", "0"], "--sentences must be from 1 to 20"),
        (["--guild", "-1", "articles"], f"--guild must be from 0 to {2**63 - 1}, not '-1'."),
        (["--guild", HUGE, "articles"], f"--guild must be from 0 to {2**63 - 1}"),
        (["--guild", str(2**63), "quotes", "Putin"], "--guild must be from 0 to"),
        (["digest", "--date", "99999-01-01"], "Can't read '99999-01-01' as a date"),
        (["digest", "--date", "1899-12-31"], "'1899-12-31' is out of range"),
        (["digest", "--date", "9999-12-31"], f"between 1900 and {NEXT_YEAR}"),
        (["digest", "--date", "tomorrow"], "Can't read 'tomorrow' as a date"),
        (["quotes", "Putin", "--since", "99999999d"], "'99999999d' is too far back"),
        (["quotes", "Putin", "--since", "1800-01-01"], "'1800-01-01' is out of range"),
        (["brief", "--since", f"{10**30}h"], "is too far back"),
        (["feeds", "remove", HUGE], f"No feed '{HUGE}' in this server"),
    ],
)
def test_out_of_range_input_is_one_line_and_status_1(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(db, capsys, *args)
    assert status == 1, err
    assert "Traceback" not in err and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert message in err


def test_numbers_in_range_still_work(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, capsys, "articles", "--limit", "100000")[0] == 0
    status, out, _ = run(db, capsys, "--guild", str(2**63 - 1), "articles")
    assert status == 0 and "No articles stored yet." in out
    assert run(db, capsys, "article", "1")[0] == 0
    status, _, err = run(db, capsys, "article", str(2**63 - 1))
    assert status == 1 and err == f"error: No article #{2**63 - 1}.\n"
    assert run(db, capsys, "brief", "1", "-k", "20")[0] == 0
    assert run(db, capsys, "quotes", "Putin", "--since", "36500d", "--limit", "1")[0] == 0
    assert run(db, capsys, "digest", "--date", "1900-01-01")[0] == 0
    assert run(db, capsys, "digest", "--date", f"{NEXT_YEAR}-12-31")[0] == 0


def test_usage_errors_keep_argparse_status_2(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(db, capsys, "brief", "--method", "nonsense")
    assert status == 2 and "invalid choice" in err


NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    ["99999999d", "878401h", "5300w", "1300m", "9" * 10 + "d", "9" * 5000 + "h", "1899-12-31"],
)
def test_parse_since_is_range_checked(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_since(value, NOW)
    assert "\n" not in str(info.value) and len(str(info.value)) < 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("36500d", NOW - timedelta(days=36500)),  # 100 years back is allowed
        ("878400h", NOW - timedelta(hours=878400)),
        ("7d", datetime(2026, 11, 20, 6, 0, tzinfo=UTC)),
        ("1900-01-01", datetime(1900, 1, 1, tzinfo=UTC)),
        ("2027-12-31", datetime(2027, 12, 31, tzinfo=UTC)),
    ],
)
def test_parse_since_in_range(value: str, expected: datetime) -> None:
    assert parse_since(value, NOW) == expected


@pytest.mark.parametrize("value", ["2028-01-01", "1899-12-31", "0001-01-01", "2026-13-01", ""])
def test_parse_date_is_range_checked(value: str) -> None:
    with pytest.raises(InputError):
        parse_date(value, NOW)
