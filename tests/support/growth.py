"""How a function's CPU time grows with its input: the check that it stays linear.

Not a timing test: the figure is a ratio of two CPU times measured in the same process,
t(8n) / t(n), about 8 for linear code and about 64 for quadratic code, so a shared,
noisy machine moves it far less than the gap between the two.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable

MAX_RATIO = 20.0
"""Time ratio for 8x the input: about 8 when linear, about 64 when quadratic."""


def best_cpu_time(fn: Callable[[str], object], text: str, repeat: int) -> float:
    """CPU seconds of this process, the best of `repeat` runs: other processes on the
    machine do not count, and the garbage collector is held off (a full collection walks
    every live object, the lexicons too: a step in time unrelated to the input)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            fn(text)
            best = min(best, time.process_time() - t0)
        finally:
            gc.enable()
    return best


def growth(fn: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    """t(8n) / t(n), each the best of a few runs; tried again (up to three times) when
    above the limit but not far above it, since noise only ever makes a try look worse."""
    small, large = make(n), make(8 * n)
    best = float("inf")
    for _ in range(3):
        ratio = best_cpu_time(fn, large, 3) / max(best_cpu_time(fn, small, 5), 1e-6)
        best = min(best, ratio)
        if ratio < MAX_RATIO or ratio > 2.5 * MAX_RATIO:
            break
    return best


def repeat(unit: str) -> Callable[[int], str]:
    """Inputs of any size made of `unit` over and over."""
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def shuffled(pieces: list[str], seed: int) -> Callable[[int], str]:
    """Inputs of any size made of `pieces` in a seeded random order."""

    def make(n: int) -> str:
        rng = random.Random(seed)
        out: list[str] = []
        size = 0
        while size < n:
            out.append(rng.choice(pieces))
            size += len(out[-1])
        return "".join(out)[:n]

    return make
