"""One poll cycle's memo of public reading work, so a popular feed costs one read per entry.

A feed URL subscribed by many guilds is fetched once per cycle (`FeedService`); its
entries are then ingested by each subscription. Without this memo every guild fetched
each entry's page again and ran the same extraction and analysis on the same text.
`SharedReads` runs each piece of work once per key (single flight: the first guild to ask
starts it, the others await the same task) and hands every guild the same result; each
guild still stores its own article row.

Only what anyone can fetch goes through it: a public page (by its URL) and the analysis of
a text read from one. What a guild pastes or uploads never does, so nothing private is
ever shared. The memo lives for one cycle (`close` cancels what is left), so a page that
changed is read afresh next time.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


class SharedReads:
    def __init__(self) -> None:
        self._tasks: dict[tuple[str, str], asyncio.Task[Any]] = {}
        self.started = 0  # pieces of work actually run (the rest were shared)

    async def get(self, kind: str, key: str, work: Callable[[], Awaitable[T]]) -> T:
        """The result of `work()` for (kind, key), running it only the first time asked.

        A failure is shared like a result (every guild records it for its own entry). The
        work is shielded: one guild's cancellation does not cancel it for the others.
        """
        task = self._tasks.get((kind, key))
        if task is None:
            task = asyncio.ensure_future(work())
            self._tasks[(kind, key)] = task
            self.started += 1
        result: T = await asyncio.shield(task)
        return result

    async def close(self) -> None:
        """Cancel what nobody waits for any more, and collect every outcome."""
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(BaseException):
                await task
        self._tasks.clear()
