"""One pool of worker processes for all CPU work: parsing, text analysis, summaries.

CPU work must not run on the event loop: a blocked loop misses Discord's gateway
heartbeats. A thread does not help either, since pure-Python work holds the GIL, so
HTML extraction, feed parsing, charset detection, sentence splitting, quote
attribution and summaries all go through `WorkerPool.run` (or the module-level
`offload`, which uses a process-wide default pool). Inputs under `INLINE_LIMIT` may
run inline through `run_sized`: for them the work costs about what a round trip to a
worker does, and the loop stalls for about 10 ms at most.

The pool survives what its jobs do to it:

- a worker that dies (killed for memory, a crash in a C extension) breaks a
  `ProcessPoolExecutor` for good; the pool is replaced. The job that was running in the
  dead worker fails with `WorkerError`; every other job that was in flight on the
  broken pool (running in a healthy worker, or queued) is retried once on the new one;
- each job has a time limit (`Settings.job_timeout` by default). A running job cannot
  be cancelled in a `ProcessPoolExecutor`, so a watchdog thread kills the worker of a
  job that runs past its limit, which breaks the pool and takes the path above: the
  job gets a `WorkerError` saying it took too long, the others are retried. The
  watchdog also covers jobs whose caller has gone (a cancelled task);
- `close()` stops the workers (running jobs are killed: their callers get a
  `WorkerError`); the app closes its pool, and every pool is closed at exit. A closed
  pool starts again on its next job.

Which job a dead worker was running is known from a small shared array: each worker
writes its process id, the id of the job it starts and when it started; the exit codes
of the old pool's processes say which one died by itself (the executor terminates the
others with SIGTERM once one has died).

Workers use the "spawn" start method (safe beside threads) and start on first use.
Functions given to the pool, their arguments and their results must be picklable:
module-level functions and plain data.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from briefings.errors import BriefingsError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Inputs smaller than this (characters or bytes) may be handled inline (`run_sized`):
# at 5 KB extracting a page, parsing a feed, analysing a text or a news summary each took
# 7-11 ms on the loop, about what the round trip to a worker costs (measured on 2 shared
# cores; at 20 KB they took 22-35 ms).
INLINE_LIMIT = 5_000
DEFAULT_TIMEOUT = 120.0
WORKER_NICENESS = 10  # added to each worker's nice value (lower priority than the loop)
_SLOT = 3  # shared array fields per worker: pid, job id, start time (monotonic clock)
_SUBMIT_ATTEMPTS = 3


class WorkerError(BriefingsError):
    """A job could not finish in a worker process: it killed the worker, ran out of
    time, or the workers were shut down while it ran."""


KILLED = "That job stopped the worker (too large?); try a smaller input."
STOPPED = "That job was stopped because Briefings is shutting down."


def _too_slow(seconds: float) -> str:
    return f"That job took longer than {seconds:g} s and was stopped; try a smaller input."


def default_size() -> int:
    """Workers for this machine: one per CPU, at least 2 and at most 8."""
    return max(2, min(8, os.cpu_count() or 2))


# ---------------------------------------------------------------------- in the workers
_slots: Any = None
_slot: int | None = None


def _init_worker(slots: Any, claimed: Any, prepare: Callable[[], object] | None) -> None:
    """Runs once in each new worker: take a slot in the shared array, then `prepare`.

    Ctrl-C goes to the whole process group; the parent handles it (and stops the
    workers), so the workers ignore it rather than die mid-job with a traceback.
    Workers run at a lower priority than the parent: when every core is busy parsing
    and summarising, the kernel still runs the event loop first, so gateway heartbeats
    and acknowledgements are not queued behind batch work.
    """
    global _slots, _slot
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not permitted here: run at the parent's priority
        log.debug("could not lower the worker's priority", exc_info=True)
    with claimed.get_lock():
        index = claimed.value
        claimed.value += 1
    if index * _SLOT < len(slots):
        _slots, _slot = slots, index * _SLOT
        slots[_slot] = os.getpid()
    if prepare is not None:
        prepare()


def _call(job_id: int, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """Run one job in a worker, recording it in the worker's slot while it runs.

    The start time is written before the job id, so whoever reads the job id sees
    its start time too.
    """
    slots, i = _slots, _slot
    if slots is not None and i is not None:
        slots[i + 2] = time.monotonic()
        slots[i + 1] = job_id
    try:
        return fn(*args, **kwargs)
    finally:
        if slots is not None and i is not None:
            slots[i + 1] = 0


# ---------------------------------------------------------------------- in the parent
def _nothing() -> None:
    """The job `warm` submits: starting a worker is the point, not the job."""


@dataclass(slots=True)
class _Job:
    id: int
    timeout: float
    future: Future[Any]


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What broke a generation: jobs whose worker died under them, jobs killed for time."""

    killers: frozenset[int]
    timed_out: frozenset[int]


class _Generation:
    """One `ProcessPoolExecutor`, its shared slots, its jobs and its watchdog.

    A generation is used until it breaks or is closed, then retired: its processes
    are joined in a thread, and the verdict says which jobs to blame.
    """

    def __init__(
        self,
        size: int,
        on_retire: Callable[[_Generation], None],
        prepare: Callable[[], object] | None = None,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        # Plain shared memory without a lock: each worker writes only its own slot, and
        # the parent only reads (a lock held by a worker killed mid-write would hang
        # the parent).
        self.slots: Any = ctx.Array("d", _SLOT * size, lock=False)
        self._claimed: Any = ctx.Value("i", 0)
        self.executor = ProcessPoolExecutor(
            max_workers=size,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.slots, self._claimed, prepare),
        )
        self._on_retire = on_retire
        self._lock = threading.Lock()
        self._jobs: dict[int, _Job] = {}
        self._timed_out: set[int] = set()
        self._retiring = False
        self.closed = False
        self.verdict: Future[_Verdict] = Future()
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    # -- jobs
    def submit(
        self, job_id: int, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Future[Any]:
        return self.executor.submit(_call, job_id, fn, args, kwargs)

    def track(self, job: _Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
            if self._watchdog is None and not self._retiring:
                self._watchdog = threading.Thread(
                    target=self._watch, name="briefings-worker-watchdog", daemon=True
                )
                self._watchdog.start()
        job.future.add_done_callback(lambda _: self._forget(job.id))

    def _forget(self, job_id: int) -> None:
        with self._lock:
            self._jobs.pop(job_id, None)

    def running(self) -> list[tuple[int, int, float]]:
        """(pid, job id, start time) of each job a worker is running now."""
        raw = list(self.slots)
        out = []
        for i in range(0, len(raw), _SLOT):
            pid, job_id, started = int(raw[i]), int(raw[i + 1]), raw[i + 2]
            if pid and job_id:
                out.append((pid, job_id, started))
        return out

    # -- time limits
    def _watch(self) -> None:
        """Kill the worker of any job running past its time limit (until retired)."""
        while True:
            with self._lock:
                limits = [j.timeout for j in self._jobs.values()]
            tick = min(1.0, max(0.02, min(limits, default=1.0) / 20))
            if self._stop.wait(tick):
                return
            now = time.monotonic()
            overdue: list[tuple[int, _Job]] = []
            for pid, job_id, started in self.running():
                with self._lock:
                    job = self._jobs.get(job_id)
                if job is not None and now - started > job.timeout:
                    overdue.append((pid, job))
            if overdue:
                self._expire(overdue)
                return  # the generation is retired: nothing more to watch

    def _expire(self, overdue: list[tuple[int, _Job]]) -> None:
        with self._lock:
            self._timed_out.update(job.id for _, job in overdue)
        for pid, job in overdue:
            log.warning("job %d ran past its %g s limit: stopping its worker", job.id, job.timeout)
            self._kill(pid)
        self.retire()

    def _processes(self) -> dict[int, Any]:
        # The executor's own table of worker processes (pid -> Process). It is not public,
        # but it is the only way to reach their exit codes; without it no job is blamed
        # for a dead worker and every job in flight is simply retried once.
        procs = getattr(self.executor, "_processes", None)
        return dict(procs) if procs else {}

    def _kill(self, pid: int) -> None:
        proc = self._processes().get(pid)
        try:
            if proc is not None:
                proc.kill()
            else:
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        except (ProcessLookupError, OSError):
            pass  # already gone

    # -- retiring
    def retire(self, *, close: bool = False) -> Future[_Verdict]:
        """Stop using this generation (idempotent); the verdict is set once its processes
        have exited. `close` stops running jobs too (shutting down)."""
        with self._lock:
            if close:
                self.closed = True
            if self._retiring:
                return self.verdict
            self._retiring = True
        self._stop.set()
        self._on_retire(self)
        try:
            threading.Thread(
                target=self._finish, args=(close,), name="briefings-worker-retire", daemon=True
            ).start()
        except RuntimeError:  # no new threads while the interpreter exits
            self._finish(close)
        return self.verdict

    def _finish(self, close: bool) -> None:
        verdict = _Verdict(frozenset(), frozenset())
        try:
            procs = self._processes()
            with self._lock:
                busy = bool(self._jobs)
            if close and busy:
                for proc in procs.values():
                    proc.terminate()
            self.executor.shutdown(wait=True, cancel_futures=close)
            codes = {pid: proc.exitcode for pid, proc in procs.items()}
            with self._lock:
                timed_out = frozenset(self._timed_out)
            # Once one worker has died the executor terminates the others (SIGTERM): a job
            # whose worker ended any other way was running when its worker died.
            killers = frozenset(
                job_id
                for pid, job_id, _ in self.running()
                if job_id not in timed_out
                and codes.get(pid) is not None
                and codes.get(pid) != -signal.SIGTERM
            )
            verdict = _Verdict(killers, timed_out)
            if killers:
                log.warning("worker died running job(s) %s: the pool was replaced", sorted(killers))
        except Exception:
            log.exception("could not stop a worker pool cleanly")
        finally:
            self.verdict.set_result(verdict)


class WorkerPool:
    """Worker processes for CPU work: `await pool.run(fn, *args)`.

    `size` workers (default: `default_size()`), each job limited to `timeout` seconds
    unless `run` is given another limit. Started on first use; `close()` stops it.
    """

    def __init__(
        self,
        size: int | None = None,
        timeout: float | None = None,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        self.size = size or default_size()
        self.prepare = prepare
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        if self.size < 1 or not self.timeout > 0:
            raise ValueError("a worker pool needs at least one worker and a positive timeout")
        self._lock = threading.Lock()
        self._current: _Generation | None = None
        self._live: set[_Generation] = set()  # current and retiring generations
        self._ids = itertools.count(1)
        _POOLS.add(self)

    def __repr__(self) -> str:
        return f"WorkerPool(size={self.size}, timeout={self.timeout:g})"

    def _generation(self) -> _Generation:
        with self._lock:
            if self._current is None:
                log.info("starting %d worker process(es)", self.size)
                self._current = _Generation(self.size, self._retired, self.prepare)
                self._live.add(self._current)
            return self._current

    def _retired(self, gen: _Generation) -> None:
        with self._lock:
            if self._current is gen:
                self._current = None
        gen.verdict.add_done_callback(lambda _: self._drop(gen))

    def _drop(self, gen: _Generation) -> None:
        with self._lock:
            self._live.discard(gen)

    def executor(self) -> ProcessPoolExecutor:
        """The executor of the current workers (replaced when a worker dies). Jobs given
        to it directly have no time limit and are not retried."""
        return self._generation().executor

    def _submit(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], limit: float
    ) -> tuple[_Generation, _Job]:
        for _ in range(_SUBMIT_ATTEMPTS):
            gen = self._generation()
            job_id = next(self._ids)
            try:
                future = gen.submit(job_id, fn, args, kwargs)
            except (BrokenProcessPool, RuntimeError):
                # Broken or shut down between taking it and submitting: use a new one.
                gen.retire()
                continue
            job = _Job(job_id, limit, future)
            gen.track(job)
            return gen, job
        raise WorkerError("The worker processes could not be started; try again.")

    async def run(
        self, fn: Callable[..., T], /, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """`fn(*args, **kwargs)` in a worker process; its result or its exception.

        `WorkerError` when the job killed its worker or ran past `timeout` seconds (the
        pool's limit by default). A job whose worker was stopped by another job is run
        again, once.
        """
        limit = self.timeout if timeout is None else timeout
        if not limit > 0:
            raise ValueError(f"timeout must be positive, got {limit}")
        retried = False
        while True:
            gen, job = self._submit(fn, args, kwargs, limit)
            waiter = asyncio.wrap_future(job.future)
            try:
                await asyncio.wait({waiter})
            except asyncio.CancelledError:
                waiter.cancel()  # cancels the job if it has not started; else the
                raise  # watchdog still holds it to its time limit
            if not waiter.cancelled():
                waiter.exception()  # read from `job.future` below; retrieved here
            future = job.future
            if not future.cancelled():
                exc = future.exception()
                if not isinstance(exc, BrokenProcessPool):
                    return future.result()  # type: ignore[no-any-return]
            verdict = await asyncio.wrap_future(gen.retire())
            if gen.closed:
                raise WorkerError(STOPPED)
            if job.id in verdict.timed_out:
                raise WorkerError(_too_slow(limit))
            if job.id in verdict.killers or retried:
                raise WorkerError(KILLED)
            log.info("job %d was in flight when its pool broke: running it again", job.id)
            retried = True

    async def warm(self) -> None:
        """Start every worker now, and run `prepare` in this process for the inline path,
        off the event loop.

        Workers otherwise start on first use, inside `submit` on the event loop: each
        spawned process costs tens of milliseconds there, and the first jobs then pay for
        the imports in `prepare` while members wait. The bot calls this once at start.
        """

        def start_all() -> None:
            # Each submit finds no idle worker and spawns one, up to `size`.
            gen = self._generation()
            for future in [gen.executor.submit(_nothing) for _ in range(self.size)]:
                future.result(timeout=self.timeout)

        await asyncio.to_thread(start_all)
        if self.prepare is not None:
            await asyncio.to_thread(self.prepare)

    async def run_sized(self, size: int, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` inline when the input is small (`size` < `INLINE_LIMIT`
        characters or bytes), else in a worker with the pool's time limit."""
        if size < INLINE_LIMIT:
            return fn(*args, **kwargs)
        return await self.run(fn, *args, **kwargs)

    def close(self) -> None:
        """Stop the workers and wait for them to exit. Jobs still running are killed and
        their callers get `WorkerError`. The pool starts again if used after this."""
        with self._lock:
            live = list(self._live)
        for gen in live:
            gen.retire(close=True).result()

    async def aclose(self) -> None:
        """`close()` without blocking the event loop."""
        await asyncio.to_thread(self.close)


_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()
_default: WorkerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The process-wide pool, sized and limited by the settings (`BRIEFINGS_WORKERS`,
    `BRIEFINGS_JOB_TIMEOUT`)."""
    global _default
    with _default_lock:
        if _default is None:
            from briefings.settings import Settings

            settings = Settings.load()
            _default = WorkerPool(settings.workers, settings.job_timeout)
        return _default


async def offload(
    fn: Callable[..., T], /, *args: Any, timeout: float | None = None, **kwargs: Any
) -> T:
    """`fn(*args, **kwargs)` in the process-wide pool (see `WorkerPool.run`)."""
    return await default_pool().run(fn, *args, timeout=timeout, **kwargs)


def shutdown() -> None:
    """Stop the process-wide pool's workers (it starts again on its next job)."""
    with _default_lock:
        pool = _default
    if pool is not None:
        pool.close()


def _close_all() -> None:
    for pool in list(_POOLS):
        try:
            pool.close()
        except Exception:
            log.exception("could not stop a worker pool at exit")


atexit.register(_close_all)
