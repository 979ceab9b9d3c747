"""Which guilds this process serves when the bot runs as several processes.

Discord requires sharding from 2,500 servers: each gateway connection (shard) carries the
guilds with `(guild_id >> 22) % shard_count == shard_id`. Several processes, each running a
range of shards against one shared database, must then also split the background work:
a process schedules digests and polls feeds only for the guilds on its own shards. The
store's claims still make each digest post once even when two processes were started
with overlapping ranges by mistake; this split is what keeps them from doing the same
work twice in the normal case.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.errors import ConfigError


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that carries `guild_id` (Discord's rule)."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class Shards:
    """The shards this process runs. `count` None: one process runs every shard (the
    default, whatever count Discord recommends)."""

    count: int | None = None
    ids: frozenset[int] | None = None

    def owns(self, guild_id: int) -> bool:
        if self.count is None or self.ids is None:
            return True
        return shard_of(guild_id, self.count) in self.ids

    def describe(self) -> str:
        if self.count is None:
            return "all shards"
        ids = sorted(self.ids) if self.ids is not None else range(self.count)
        return f"shard(s) {', '.join(map(str, ids))} of {self.count}"


def parse_shard_ids(name: str, raw: str) -> tuple[int, ...]:
    """'0-3' or '0,2,5' or '0-1,4' as sorted shard ids; a one-line error otherwise."""
    ids: set[int] = set()
    for part in raw.replace(" ", "").split(","):
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        try:
            first, last = int(lo), int(hi if sep else lo)
        except ValueError:
            raise ConfigError(
                f"{name} must list shard ids like 0-3 or 0,2,5, got {raw!r}"
            ) from None
        if first < 0 or last < first:
            raise ConfigError(f"{name} has an empty or negative range {part!r}")
        if last - first > 10_000:
            raise ConfigError(f"{name} range {part!r} is larger than any bot needs")
        ids.update(range(first, last + 1))
    if not ids:
        raise ConfigError(f"{name} lists no shard id")
    return tuple(sorted(ids))
