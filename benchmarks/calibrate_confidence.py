"""Where `briefings.quotes.confidence.EVIDENCE` comes from: per evidence class, how often
the speaker of a matched PolNeAR dev attribution is right.

    python benchmarks/calibrate_confidence.py --data ../shared/eval/quotes/polnear-dev.jsonl

For each evidence class (`Quote.evidence`: 'name', 'pronoun_far', 'ref:role'...) it prints
the predictions, those matched to a gold attribution (overlap >= 0.3), the share of matched
ones with the right speaker against the raw and the hand-corrected silver labels, and the
confidence the table gives now. Reading it, a class's confidence is its corrected speaker
accuracy, shrunk towards the overall rate when the class is small. The data path may be
missing (e.g. in CI): the script then says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_quotes import (  # noqa: E402
    DEFAULT_CORRECTIONS,
    _load,
    gold_spans,
    load_corrections,
    score_article,
)

from briefings.quotes import extract_quotes  # noqa: E402
from briefings.quotes.confidence import confidence_for  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--thresh", type=float, default=0.3)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found, nothing to calibrate")
        return 0
    rows = _load(args.data)
    corrections = load_corrections(DEFAULT_CORRECTIONS) if DEFAULT_CORRECTIONS.exists() else {}
    pred: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    ok_raw: Counter[str] = Counter()
    ok_fixed: Counter[str] = Counter()
    for row in rows:
        quotes = extract_quotes(row["text"])
        preds = [((q.start, q.end), q.speaker) for q in quotes]
        classes = [q.evidence or ("none" if q.speaker is None else "?") for q in quotes]
        for cls in classes:
            pred[cls] += 1
        for labels, ok in ((None, ok_raw), (corrections, ok_fixed)):
            gold, neutral = gold_spans(row, labels)
            _, pairs, _ = score_article(preds, gold, neutral, args.thresh)
            for i, _, same in pairs:
                if labels is None:
                    matched[classes[i]] += 1
                if same:
                    ok[classes[i]] += 1
    print(f"{'evidence':<18} {'pred':>5} {'matched':>7} {'acc raw':>7} {'acc fix':>7} {'conf':>5}")
    for cls, n in pred.most_common():
        m = matched[cls]
        raw = ok_raw[cls] / m if m else 0.0
        fixed = ok_fixed[cls] / m if m else 0.0
        conf = confidence_for(cls) if cls != "none" else 0.0
        print(f"{cls:<18} {n:>5} {m:>7} {raw:>7.3f} {fixed:>7.3f} {conf:>5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
