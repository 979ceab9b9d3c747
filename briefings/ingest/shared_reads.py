"""One poll cycle's memo of public reading work, so a popular feed costs one read per entry.

A feed URL subscribed by many guilds is fetched once per cycle (`FeedService`); its
entries are then ingested by each subscription. Without this memo every guild fetched
each entry's page again and ran the same extraction and analysis on the same text.
`SharedReads` runs each piece of work once per key (single flight: the first guild to ask
starts it, the others await the same task) and hands every guild the same result; each
guild still stores its own article row.

With `keep`, the memo outlives a cycle and holds the latest `keep` results (oldest
dropped first): the `Ingestor` keeps the analyses of public pages this way, so a page
ingested by several guilds, in one poll or one after another, is analysed once. Such a
memo runs failed work again on the next request instead of sharing the failure.

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
    def __init__(self, keep: int | None = None) -> None:
        self._tasks: dict[tuple[str, str], asyncio.Task[Any]] = {}
        self._keep = keep
        self.started = 0  # pieces of work actually run (the rest were shared)

    async def get(self, kind: str, key: str, work: Callable[[], Awaitable[T]]) -> T:
        """The result of `work()` for (kind, key), running it only the first time asked.

        A failure is shared like a result (every guild records it for its own entry). The
        work is shielded: one guild's cancellation does not cancel it for the others.
        """
        task = self._tasks.get((kind, key))
        if task is not None and self._keep is not None and _failed(task):
            task = None  # a lasting memo does not keep failures: try again
        if task is None:
            task = asyncio.ensure_future(work())
            self._tasks.pop((kind, key), None)
            self._tasks[(kind, key)] = task
            self.started += 1
            self._forget_oldest()
        result: T = await asyncio.shield(task)
        return result

    def _forget_oldest(self) -> None:
        if self._keep is None:
            return
        for key in list(self._tasks):
            if len(self._tasks) <= self._keep:
                break
            if self._tasks[key].done():  # work in progress stays: someone awaits it
                old = self._tasks.pop(key)
                if not old.cancelled():
                    old.exception()  # mark a failure as seen

    async def close(self) -> None:
        """Cancel what nobody waits for any more, and collect every outcome."""
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(BaseException):
                await task
        self._tasks.clear()


def _failed(task: asyncio.Task[Any]) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)
