"""ROUGE of every summarization method on a JSONL evaluation set, all in one run.

    .venv/bin/python benchmarks/eval_summaries.py --data ../shared/eval/summaries/cnndm-dev.jsonl
    .venv/bin/python benchmarks/eval_summaries.py --data .../multinews-dev.jsonl -k 9 --multi

Rows are {"text", "summary"[, "title"]} or, with --multi, {"docs": [...], "summary"}.
Prints ROUGE-1/2/Lsum F1 (rouge-score, use_stemmer=True; summary and reference
sentences newline-joined for Lsum) and milliseconds per article for the default
method, every method by name, and Lead-k. Lead for a cluster takes the first
sentence of each article in turn, then the second, and so on. The data is read
from PATH and never copied anywhere; a missing PATH prints a note and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.summarize import DEFAULT_METHOD, METHODS, summarize, summarize_many  # noqa: E402
from briefings.text import sentences as split  # noqa: E402


def load(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def run_method(method: str, rows: list[dict], k: int, multi: bool) -> tuple[np.ndarray, float]:
    """Mean (R1, R2, RLsum) F1 and mean milliseconds per row for one method."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    scores = np.zeros((len(rows), 3))
    elapsed = 0.0
    for n, row in enumerate(rows):
        t0 = time.perf_counter()
        if multi:
            chosen = [p.text for p in summarize_many(row["docs"], k, method)]
        else:
            chosen = summarize(row["text"], k, method, title=row.get("title"))
        elapsed += time.perf_counter() - t0
        reference = "\n".join(split(row["summary"]))
        r = scorer.score(reference, "\n".join(chosen))
        scores[n] = [r[m].fmeasure for m in ("rouge1", "rouge2", "rougeLsum")]
    return scores.mean(axis=0) * 100, elapsed / max(len(rows), 1) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path, help="JSONL evaluation file")
    ap.add_argument("-k", type=int, default=3, help="sentences per summary (default 3)")
    ap.add_argument("--multi", action="store_true", help="rows hold clusters: {docs, summary}")
    ap.add_argument("--limit", type=int, default=None, help="only the first N rows")
    ap.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated subset (default: all)"
    )
    ap.add_argument("--jobs", type=int, default=1, help="methods evaluated in parallel")
    ap.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = ap.parse_args(argv)

    if not args.data.is_file():
        print(f"evaluation data not found: {args.data} (nothing to do)")
        return 0
    rows = load(args.data, args.limit)
    if not rows:
        print(f"no rows in {args.data}")
        return 0
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if "lead" not in methods:
        methods.append("lead")
    kind = "clusters" if args.multi else "articles"
    print(f"{args.data.name}: {len(rows)} {kind}, k={args.k}, default method = {DEFAULT_METHOD}")

    with ProcessPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        futures = {m: pool.submit(run_method, m, rows, args.k, args.multi) for m in methods}
        results = {m: f.result() for m, f in futures.items()}

    lead = results["lead"][0]
    print(f"{'method':<12} {'R1':>6} {'R2':>6} {'RLsum':>6} {'dR1':>6} {'ms/item':>9}")
    table = []
    for m in sorted(methods, key=lambda m: (m != DEFAULT_METHOD, m != "lead", -results[m][0][0])):
        (r1, r2, rl), ms = results[m]
        name = f"{m}*" if m == DEFAULT_METHOD else (f"lead-{args.k}" if m == "lead" else m)
        print(f"{name:<12} {r1:6.2f} {r2:6.2f} {rl:6.2f} {r1 - lead[0]:+6.2f} {ms:9.1f}")
        table.append({"method": m, "r1": r1, "r2": r2, "rlsum": rl, "ms": ms})
    print("* default method; dR1 = ROUGE-1 minus Lead's in this run")
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
