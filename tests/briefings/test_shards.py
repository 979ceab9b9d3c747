"""Shards: which guilds a process serves, and the settings that say so."""

from __future__ import annotations

import pytest

from briefings.errors import ConfigError
from briefings.settings import Settings
from briefings.shards import Shards, parse_shard_ids, shard_of


def test_shard_of_follows_discords_rule() -> None:
    assert shard_of(5, 2) == 0
    assert shard_of((1 << 22) + 5, 2) == 1
    assert shard_of(175928847299117063, 4) == (175928847299117063 >> 22) % 4


@pytest.mark.parametrize(
    ("raw", "ids"),
    [("0", (0,)), ("0-3", (0, 1, 2, 3)), ("0,2,5", (0, 2, 5)), ("4-5, 0", (0, 4, 5))],
)
def test_shard_ids_forms(raw: str, ids: tuple[int, ...]) -> None:
    assert parse_shard_ids("BRIEFINGS_SHARD_IDS", raw) == ids


@pytest.mark.parametrize("raw", ["a", "3-1", "-1", ",", "0-99999999", "1-x"])
def test_bad_shard_ids_are_one_line_errors(raw: str) -> None:
    with pytest.raises(ConfigError, match="BRIEFINGS_SHARD_IDS"):
        parse_shard_ids("BRIEFINGS_SHARD_IDS", raw)


def test_settings_from_the_environment() -> None:
    s = Settings.load({"BRIEFINGS_SHARD_COUNT": "4", "BRIEFINGS_SHARD_IDS": "2-3"}, None)
    assert s.shards == Shards(4, frozenset({2, 3}))
    assert s.shards.owns((2 << 22) + 1) and not s.shards.owns(1 << 22)
    # A count alone: this process runs every shard of that count.
    assert Settings.load({"BRIEFINGS_SHARD_COUNT": "3"}, None).shards.ids == frozenset({0, 1, 2})
    # Neither: one process runs everything.
    assert Settings.load({}, None).shards.owns(12345)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BRIEFINGS_SHARD_IDS": "0"}, "needs BRIEFINGS_SHARD_COUNT"),
        ({"BRIEFINGS_SHARD_COUNT": "2", "BRIEFINGS_SHARD_IDS": "1-2"}, "numbered 0 to 1"),
        ({"BRIEFINGS_SHARD_COUNT": "0"}, "at least 1"),
    ],
)
def test_inconsistent_shard_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(env, None)
