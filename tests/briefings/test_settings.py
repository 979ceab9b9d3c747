from __future__ import annotations

from pathlib import Path

import pytest

from briefings.errors import ConfigError
from briefings.settings import DISCORD_API_DEFAULT, Settings


def test_defaults_without_environment(tmp_path: Path) -> None:
    s = Settings.load(env={}, env_file=tmp_path / "none")
    assert s.discord_token is None and s.db_path == Path("briefings.db")
    assert s.discord_api_base == DISCORD_API_DEFAULT and not s.fetch_allow_private
    assert s.fetch_max_redirects == 5 and s.default_timezone == "UTC"


def test_env_file_and_environment_precedence(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=from-file\nBRIEFINGS_DB=file.db\nLOG_LEVEL=debug\n")
    s = Settings.load(
        env={
            "BRIEFINGS_DB": "env.db",
            "DISCORD_GUILD_ID": "42",
            "BRIEFINGS_ALLOW_PRIVATE_URLS": "yes",
            "DISCORD_API_BASE": "http://127.0.0.1:1/api/v10/",
        },
        env_file=env_file,
    )
    assert s.discord_token == "from-file" and s.db_path == Path("env.db")
    assert s.guild_id == 42 and s.fetch_allow_private and s.log_level == "DEBUG"
    assert s.discord_api_base == "http://127.0.0.1:1/api/v10"


@pytest.mark.parametrize(
    "env",
    [
        {"DISCORD_GUILD_ID": "abc"},
        {"BRIEFINGS_TIMEZONE": "Mars/X"},
        {"DISCORD_API_BASE": "ftp://x"},
        {"LOG_LEVEL": "LOUD"},
        {"DISCORD_GATEWAY_URL": "http://x"},
        {"BRIEFINGS_ALLOW_PRIVATE_URLS": "maybe"},
    ],
)
def test_bad_values_are_one_line_errors(env: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.load(env=env, env_file=tmp_path / "none")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "env",
    [
        {"BRIEFINGS_FETCH_TIMEOUT": "0"},
        {"BRIEFINGS_FETCH_TIMEOUT": "-3"},
        {"BRIEFINGS_FETCH_TIMEOUT": "nan"},
        {"BRIEFINGS_FETCH_MAX_BYTES": "0"},
        {"BRIEFINGS_FETCH_MAX_REDIRECTS": "-1"},
        {"BRIEFINGS_FEED_POLL_MINUTES": "0"},
        {"BRIEFINGS_FEED_MAX_FAILURES": "0"},
        {"DISCORD_GUILD_ID": "0"},
    ],
)
def test_explicit_out_of_range_values_are_refused_not_defaulted(
    env: dict[str, str], tmp_path: Path
) -> None:
    """An explicit 0 is a mistake to report, never a request for the default."""
    (name,) = env
    with pytest.raises(ConfigError, match=name):
        Settings.load(env=env, env_file=tmp_path / "none")


def test_zero_redirects_is_a_valid_choice(tmp_path: Path) -> None:
    s = Settings.load(env={"BRIEFINGS_FETCH_MAX_REDIRECTS": "0"}, env_file=tmp_path / "none")
    assert s.fetch_max_redirects == 0


def test_empty_values_mean_default(tmp_path: Path) -> None:
    s = Settings.load(
        env={"BRIEFINGS_FETCH_TIMEOUT": " ", "BRIEFINGS_FEED_MAX_FAILURES": ""},
        env_file=tmp_path / "none",
    )
    assert s.fetch_timeout == Settings().fetch_timeout
    assert s.feed_max_failures == Settings().feed_max_failures


def test_env_example_documents_every_variable() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    documented = {
        line.split("=", 1)[0].strip()
        for line in example.splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert documented == set(Settings.variables())
