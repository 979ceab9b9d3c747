"""The worker pool: jobs that kill their worker or run too long fail alone, with a plain
message; the pool is replaced, the other jobs in flight are retried; the event loop keeps
running while a worker parses a big page.

The job functions are module-level so that the spawned workers can import them.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from briefings.errors import InputError
from briefings.web.html_text import extract_html
from briefings.workers import INLINE_LIMIT, WorkerError, WorkerPool

# ---------------------------------------------------------------- jobs (run in the workers)


def square(x: int) -> int:
    return x * x


def pid() -> int:
    return os.getpid()


def refuse(message: str) -> None:
    raise InputError(message)


def exit_abruptly() -> None:
    os._exit(1)


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def nap(seconds: float, marker: str | None = None) -> float:
    """Sleep; with `marker`, first append this process's id to that file (one line per run)."""
    if marker:
        with open(marker, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    return seconds


# ---------------------------------------------------------------- helpers


@pytest_asyncio.fixture
async def pool() -> AsyncIterator[WorkerPool]:
    p = WorkerPool(size=2, timeout=60)
    yield p
    await p.aclose()


async def started(marker: Path, runs: int = 1, within: float = 60.0) -> list[str]:
    """Wait until `nap` has started `runs` times with this marker; the pids it ran in."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if marker.exists():
            lines = marker.read_text(encoding="utf-8").split()
            if len(lines) >= runs:
                return lines
        await asyncio.sleep(0.02)
    raise AssertionError(f"the job did not start {runs} time(s) within {within} s")


_WORDS = (
    "the minister said officials would meet leaders of the opposition on monday to "
    "discuss plans for the economy after weeks of protests in the capital where "
    "thousands gathered outside parliament demanding reforms to wages and housing"
)


class Ticker:
    """Measures how late the event loop wakes a coroutine that sleeps 10 ms at a time."""

    def __init__(self) -> None:
        self.max_lag = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.01)
            self.max_lag = max(self.max_lag, loop.time() - before - 0.01)

    async def __aenter__(self) -> Ticker:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0.05)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


def big_html(size: int, seed: int = 7) -> str:
    """A news page of about `size` characters: many paragraphs, some quotes."""
    rng = random.Random(seed)
    vocab = _WORDS.split()
    parts = ['<html><head><meta charset="utf-8"><title>A long day</title></head><body>']
    parts.append("<article><h1>A long day</h1>")
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            s = " ".join(rng.choice(vocab) for _ in range(rng.randint(12, 25)))
            s = s[0].upper() + s[1:]
            sentences.append(f'"{s}," said Anna Petrova.' if rng.random() < 0.1 else s + ".")
        p = "<p>" + " ".join(sentences) + "</p>\n"
        parts.append(p)
        total += len(p)
    parts.append("</article></body></html>")
    return "".join(parts)


# ---------------------------------------------------------------- tests


async def test_jobs_run_in_worker_processes_and_their_errors_come_back(pool: WorkerPool) -> None:
    assert await pool.run(pid) != os.getpid()
    assert await pool.run(square, 7) == 49
    with pytest.raises(InputError, match="not an article"):
        await pool.run(refuse, "This is not an article.")


async def test_small_inputs_run_inline_and_large_ones_in_a_worker(pool: WorkerPool) -> None:
    assert await pool.run_sized(10, pid) == os.getpid()
    assert await pool.run_sized(INLINE_LIMIT, pid) != os.getpid()


@pytest.mark.parametrize("killer", [exit_abruptly, kill_self])
async def test_a_job_that_kills_its_worker_fails_and_the_next_one_succeeds(
    pool: WorkerPool, killer: Callable[[], None]
) -> None:
    with pytest.raises(WorkerError) as info:
        await pool.run(killer)
    assert str(info.value) == "That job stopped the worker (too large?); try a smaller input."
    assert await pool.run(square, 3) == 9


async def test_a_job_past_its_timeout_is_stopped_and_the_pool_keeps_working(
    pool: WorkerPool,
) -> None:
    t0 = time.monotonic()
    with pytest.raises(WorkerError, match=r"took longer than 1 s and was stopped"):
        await pool.run(nap, 60, timeout=1)
    assert time.monotonic() - t0 < 30  # stopped, not slept out
    assert await pool.run(square, 4) == 16


async def test_a_job_running_beside_a_killer_is_retried_and_succeeds(
    pool: WorkerPool, tmp_path: Path
) -> None:
    marker = tmp_path / "runs"
    await asyncio.gather(pool.run(nap, 0.2), pool.run(nap, 0.2))  # both workers up
    innocent = asyncio.create_task(pool.run(nap, 2.0, str(marker)))
    await started(marker)  # running in one worker, while the other one dies
    with pytest.raises(WorkerError, match="stopped the worker"):
        await pool.run(kill_self)
    assert await innocent == 2.0
    first, second = await started(marker, runs=2)
    assert first != second  # it ran again, in a worker of the new pool


async def test_a_job_running_beside_a_stuck_one_is_retried_and_succeeds(
    pool: WorkerPool, tmp_path: Path
) -> None:
    marker = tmp_path / "runs"
    await asyncio.gather(pool.run(nap, 0.2), pool.run(nap, 0.2))  # both workers up
    innocent = asyncio.create_task(pool.run(nap, 2.0, str(marker)))
    await started(marker)
    with pytest.raises(WorkerError, match="took longer than 0.5 s"):
        await pool.run(nap, 60, timeout=0.5)
    assert await innocent == 2.0
    assert len(await started(marker, runs=2)) == 2


async def test_a_job_whose_caller_gave_up_is_still_held_to_its_time_limit(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "runs"
    single = WorkerPool(size=1, timeout=60)
    try:
        abandoned = asyncio.create_task(single.run(nap, 60, str(marker), timeout=0.5))
        await started(marker)
        abandoned.cancel()
        # The only worker is free again once the watchdog has stopped the abandoned job
        # (the job queued behind it is retried on the new worker).
        t0 = time.monotonic()
        assert await single.run(square, 6) == 36
        assert time.monotonic() - t0 < 30
    finally:
        await single.aclose()


async def test_close_stops_running_jobs_and_the_pool_starts_again(
    pool: WorkerPool, tmp_path: Path
) -> None:
    marker = tmp_path / "runs"
    running = asyncio.create_task(pool.run(nap, 60, str(marker)))
    await started(marker)
    t0 = time.monotonic()
    await pool.aclose()
    assert time.monotonic() - t0 < 30
    with pytest.raises(WorkerError, match="shutting down"):
        await running
    assert await pool.run(square, 5) == 25


async def test_the_event_loop_keeps_ticking_while_a_worker_extracts_a_big_page(
    pool: WorkerPool,
) -> None:
    html = big_html(3_000_000)
    await pool.run(square, 1)  # workers started and warm: measure the job alone
    async with Ticker() as ticker:
        t0 = time.monotonic()
        extracted = await pool.run(extract_html, html)
        took = time.monotonic() - t0
    assert len(extracted.text) > 1_000_000
    # Run inline, the loop would stall for the whole extraction (seconds); in a worker
    # it only sees the hand-over of the page and of the text.
    assert ticker.max_lag < 0.5, (ticker.max_lag, took)
    assert ticker.max_lag < took / 2, (ticker.max_lag, took)


def mark_pid(folder: str) -> None:
    """A warm-up step that leaves a file named after the process it ran in."""
    Path(folder, str(os.getpid())).touch()


async def test_warm_starts_every_worker_and_prepares_each_process(tmp_path: Path) -> None:
    pool = WorkerPool(size=2, timeout=60, prepare=functools.partial(mark_pid, str(tmp_path)))
    try:
        await pool.warm()
        # Every worker runs the preparation when it starts, and so did this process (for
        # the inline path).
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < pool.size + 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        prepared = {int(p.name) for p in tmp_path.iterdir()}
        assert os.getpid() in prepared and len(prepared) == pool.size + 1
        # Jobs run in those already-started workers: no process is spawned on the loop.
        pids = set(await asyncio.gather(*(pool.run(nap_pid, 0.3) for _ in range(pool.size))))
        assert pids == prepared - {os.getpid()}
    finally:
        await pool.aclose()


def nap_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()
