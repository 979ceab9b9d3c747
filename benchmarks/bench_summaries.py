"""Speed of the default summarizer against sumy's LexRank, and event-loop lag.

    .venv/bin/python benchmarks/bench_summaries.py --data-dir ../shared/eval/summaries

1. `summarize_many` over N CNN/DM articles (default 100, about 3,000 sentences):
   best and median of several runs.
2. sumy's LexRank (`method="lexrank"`) on the same input in the same run, in a
   child process with a time limit. If it runs out of time it is timed on a
   subset instead and extrapolated quadratically in the number of sentences
   (LexRank builds a full sentence-by-sentence matrix in Python), and says so.
3. Event-loop lag while `asummarize_many` digests 1,000 articles: a ticker
   coroutine sleeps 10 ms in a loop and records how late it wakes, for the
   default worker process, a thread pool, and (for contrast) running inline.

Articles are read from the evaluation files (never copied); a missing directory
prints a note and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.summarize import (  # noqa: E402
    asummarize_many,
    default_executor,
    shutdown,
    summarize_many,
)
from briefings.text import split_sentences  # noqa: E402


def articles(data_dir: Path, n: int, files: tuple[str, ...]) -> list[str]:
    """The first n article texts found in `files` (cluster files contribute each doc)."""
    out: list[str] = []
    for name in files:
        path = data_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                for text in row.get("docs") or [row.get("text", "")]:
                    if text and text.strip():
                        out.append(text)
                    if len(out) >= n:
                        return out
    return out


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _lexrank_seconds(docs: list[str], k: int) -> float:
    t0 = time.perf_counter()
    summarize_many(docs, k, "lexrank")
    return time.perf_counter() - t0


def lexrank(docs: list[str], k: int, limit: float) -> tuple[float, str]:
    """Seconds for sumy LexRank on `docs`, measured or (past `limit`) extrapolated."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_lexrank_seconds, docs, k)
        try:
            return future.result(timeout=limit), "measured"
        except FutureTimeout:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()  # our own child, started just above
            pool.shutdown(wait=False, cancel_futures=True)
    full = sum(len(split_sentences(d)) for d in docs)
    subset = docs[: max(len(docs) // 4, 1)]
    part = sum(len(split_sentences(d)) for d in subset)
    with ProcessPoolExecutor(max_workers=1) as pool:
        seconds = pool.submit(_lexrank_seconds, subset, k).result()
    estimate = seconds * (full / part) ** 2
    return estimate, (
        f"EXTRAPOLATED: over the {limit:.0f} s limit; {seconds:.1f} s on {len(subset)} "
        f"articles ({part} sentences) scaled by ({full}/{part})^2"
    )


async def lag_during(docs: list[str], k: int, executor, label: str) -> dict:
    """Run one digest while a 10 ms ticker records how late it wakes up."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while not done.is_set():
            t0 = loop.time()
            await asyncio.sleep(0.010)
            lags.append(loop.time() - t0 - 0.010)

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    if executor == "inline":
        summarize_many(docs, k)
    else:
        await asummarize_many(docs, k, executor=executor)
    seconds = time.perf_counter() - t0
    done.set()
    await tick
    lags.sort()
    return {
        "label": label,
        "seconds": seconds,
        "max_ms": lags[-1] * 1000 if lags else 0.0,
        "p99_ms": lags[int(0.99 * (len(lags) - 1))] * 1000 if lags else 0.0,
        "ticks": len(lags),
    }


async def lag_report(docs: list[str], k: int) -> list[dict]:
    results = []
    pool = default_executor()
    await asummarize_many(docs[:2], 1)  # start the worker outside the measurement
    results.append(await lag_during(docs, k, pool, "worker process (default)"))
    with ThreadPoolExecutor(max_workers=1) as threads:
        results.append(await lag_during(docs, k, threads, "thread pool"))
    results.append(await lag_during(docs, k, "inline", "inline, blocking (contrast)"))
    shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/eval/summaries"))
    ap.add_argument("-n", type=int, default=100, help="articles for the speed test")
    ap.add_argument("-k", type=int, default=10, help="sentences in the brief")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--lexrank-limit", type=float, default=300.0, help="seconds")
    ap.add_argument("--skip-lexrank", action="store_true")
    ap.add_argument("--digest", type=int, default=1000, help="articles in the async digest")
    args = ap.parse_args(argv)

    if not args.data_dir.is_dir():
        print(f"evaluation data not found: {args.data_dir} (nothing to do)")
        return 0
    docs = articles(args.data_dir, args.n, ("cnndm-dev.jsonl",))
    if not docs:
        print(f"no CNN/DM articles in {args.data_dir} (nothing to do)")
        return 0
    n_sent = sum(len(split_sentences(d)) for d in docs)
    print(f"{len(docs)} CNN/DM articles, {n_sent} sentences, brief of {args.k} sentences")

    summarize_many(docs[:3], 3)  # imports and caches warm
    times = timed(lambda: summarize_many(docs, args.k), args.repeat)
    best, median = min(times), statistics.median(times)
    print(
        f"news (default) summarize_many: best {best:.3f} s, median {median:.3f} s "
        f"over {args.repeat} runs"
    )
    single = timed(lambda: [summarize_many([d], 3) for d in docs], 1)[0]
    print(f"news, one article at a time: {single / len(docs) * 1000:.1f} ms per article")

    if not args.skip_lexrank:
        seconds, how = lexrank(docs, args.k, args.lexrank_limit)
        print(f"sumy lexrank summarize_many: {seconds:.2f} s ({how})")
        print(
            f"speed-up over LexRank: {seconds / median:.0f}x (median), {seconds / best:.0f}x (best)"
        )

    digest = articles(
        args.data_dir,
        args.digest,
        ("cnndm-dev.jsonl", "multinews-dev.jsonl", "xsum-dev.jsonl", "bbc-news-summary.jsonl"),
    )
    print(
        f"\nevent-loop lag while digesting {len(digest)} articles "
        f"(ticker sleeps 10 ms; lag = how late it wakes):"
    )
    for r in asyncio.run(lag_report(digest, 20)):
        print(
            f"  {r['label']:<28} digest {r['seconds']:.2f} s, lag max {r['max_ms']:.1f} ms, "
            f"p99 {r['p99_ms']:.1f} ms over {r['ticks']} ticks"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
