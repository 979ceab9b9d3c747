"""Score `briefings.quotes.extract_quotes` on PolNeAR-style JSONL (see shared/eval/README.md).

    python benchmarks/eval_quotes.py --data ../shared/eval/quotes/polnear-dev.jsonl
    python benchmarks/eval_quotes.py --data PATH --thresh 0.3
    python benchmarks/eval_quotes.py --data PATH --corrections none   # raw labels only

Metric (as defined for the project):
- gold = attributions with cue_class == "speech" and a non-null speaker_resolved;
  a gold span is [min start, max end) of its quote_spans;
- a prediction matches a gold attribution when their spans overlap by at least
  `thresh` of the longer span; pairs are made one-to-one, greedily by overlap;
- an unmatched prediction overlapping (by the same criterion) a non-speech or
  unresolved attribution is neither credited nor a false positive;
- span P/R/F1; speaker accuracy over matched pairs (last-name tokens agree, case
  and accents folded); attributed F1 counts a hit only when span and speaker match.
Speed is characters of article text per second through `extract_quotes` on one core.

Honest labels: PolNeAR's `speaker_resolved` is SILVER (CoreNLP coreference). A corrections
file (`--corrections`, default `data/polnear_dev_speaker_corrections.jsonl` beside this
script) lists hand-checked fixes, one JSON object a line: {article, quote_span [start, end],
silver, corrected, why}. The figures are printed against the raw labels and again against the
corrected ones: a correction replaces `speaker_resolved` of the speech attribution of that
article whose span is `quote_span` (and whose label is `silver`); a null `corrected` makes it
unresolved (neither credited nor a false positive). The file holds names and offsets only.
When the predictions carry a `confidence` (float in [0, 1]), a table over confidence cut-offs
follows: attributed P/R/F1, speaker accuracy and counts of the predictions kept.
The data path may be missing (e.g. in CI): the script then says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.quotes import DEFAULT_MIN_CONFIDENCE, extract_quotes  # noqa: E402

_WORD_RE = re.compile(r"\w+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
DEFAULT_CORRECTIONS = (
    Path(__file__).resolve().parent / "data" / "polnear_dev_speaker_corrections.jsonl"
)
CONFIDENCE_CUTS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def _fold(s: str) -> str:
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def last_name(name: str | None) -> str:
    """Folded last word of a name, generational suffixes skipped ('' for None)."""
    if not name:
        return ""
    toks = [t for t in _WORD_RE.findall(_fold(name)) if t not in ("s",)]
    while len(toks) > 1 and toks[-1] in _SUFFIXES:
        toks.pop()
    return toks[-1] if toks else ""


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matches(a: tuple[int, int], b: tuple[int, int], thresh: float) -> tuple[bool, float]:
    ov = overlap(a, b)
    longer = max(a[1] - a[0], b[1] - b[0], 1)
    return ov > 0 and ov >= thresh * longer, ov / longer


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    """Predictions that count (matched or false positive; neutral ones excluded)."""
    matched: int = 0
    speaker_ok: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.speaker_ok += other.speaker_ok


def _prf(hits: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = hits / pred if pred else 0.0
    r = hits / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


Correction = tuple[str, str | None]
"""(silver label, corrected label or None) of one gold attribution."""
CorrectionKey = tuple[str, tuple[int, int]]
"""(article id, quote span)."""


def gold_spans(
    row: dict,
    corrections: Mapping[CorrectionKey, Correction] | None = None,
    applied: set[CorrectionKey] | None = None,
) -> tuple[list[tuple[tuple[int, int], str]], list[tuple[int, int]]]:
    """(gold span, resolved speaker) pairs and the neutral spans of one article.

    With `corrections`, a speech attribution whose (article, span) has an entry and whose
    silver label is the entry's takes the corrected label; a None correction makes it
    unresolved, hence neutral. Keys used are added to `applied`.
    """
    gold: list[tuple[tuple[int, int], str]] = []
    neutral: list[tuple[int, int]] = []
    for q in row.get("quotes", []):
        spans = q.get("quote_spans") or []
        if not spans:
            continue
        span = (min(s for s, _ in spans), max(e for _, e in spans))
        speaker = q.get("speaker_resolved")
        if q.get("cue_class") == "speech" and speaker and corrections:
            key = (row.get("id", ""), span)
            fix = corrections.get(key)
            if fix is not None and fix[0] == speaker:
                speaker = fix[1]
                if applied is not None:
                    applied.add(key)
        if q.get("cue_class") == "speech" and speaker:
            gold.append((span, speaker))
        else:
            neutral.append(span)
    return gold, neutral


def load_corrections(path: Path) -> dict[CorrectionKey, Correction]:
    """The corrections file as {(article, quote span): (silver, corrected)}."""
    out: dict[CorrectionKey, Correction] = {}
    for row in _load(path):
        start, end = row["quote_span"]
        key = (row["article"], (int(start), int(end)))
        if key in out:
            raise ValueError(f"{path}: duplicate correction for {key}")
        out[key] = (row["silver"], row.get("corrected") or None)
    return out


def score_article(
    preds: list[tuple[tuple[int, int], str | None]],
    gold: list[tuple[tuple[int, int], str]],
    neutral: list[tuple[int, int]],
    thresh: float,
) -> tuple[Counts, list[tuple[int, int, bool]], list[int]]:
    """Counts for one article, plus (pred, gold, speaker_ok) pairs and counted FP indexes."""
    pairs = []
    for i, (ps, _) in enumerate(preds):
        for j, (gs, _) in enumerate(gold):
            ok, ratio = matches(ps, gs, thresh)
            if ok:
                pairs.append((ratio, overlap(ps, gs), i, j))
    pairs.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int, bool]] = []
    for _, _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        same = last_name(preds[i][1]) != "" and last_name(preds[i][1]) == last_name(gold[j][1])
        matched.append((i, j, same))
    fps: list[int] = []
    for i, (ps, _) in enumerate(preds):
        if i in used_p:
            continue
        if any(matches(ps, ns, thresh)[0] for ns in neutral):
            continue
        fps.append(i)
    c = Counts(
        gold=len(gold),
        pred=len(matched) + len(fps),
        matched=len(matched),
        speaker_ok=sum(1 for _, _, s in matched if s),
    )
    return c, matched, fps


def report(name: str, c: Counts, thresh: float) -> None:
    p, r, f = _prf(c.matched, c.pred, c.gold)
    acc = c.speaker_ok / c.matched if c.matched else 0.0
    ap, ar, af = _prf(c.speaker_ok, c.pred, c.gold)
    print(
        f"{name} overlap>={thresh:.1f}: gold {c.gold} pred {c.pred} matched {c.matched} | "
        f"span P {p:.3f} R {r:.3f} F1 {f:.3f} | speaker acc {acc:.3f} | "
        f"attributed P {ap:.3f} R {ar:.3f} F1 {af:.3f}"
    )


def score_all(
    rows: list[dict],
    predictions: list[list[tuple[tuple[int, int], str | None]]],
    thresh: float,
    corrections: Mapping[CorrectionKey, Correction] | None = None,
    applied: set[CorrectionKey] | None = None,
) -> Counts:
    """Counts over all articles (raw labels, or corrected ones when given)."""
    total = Counts()
    for row, preds in zip(rows, predictions, strict=True):
        gold, neutral = gold_spans(row, corrections, applied)
        total.add(score_article(preds, gold, neutral, thresh)[0])
    return total


def confidence_table(
    rows: list[dict],
    predictions: list[list[tuple[tuple[int, int], str | None]]],
    confidences: list[list[float]],
    thresh: float,
    labels: list[tuple[str, Mapping[CorrectionKey, Correction] | None]],
) -> None:
    """Attributed P/R/F1 and speaker accuracy of the predictions with confidence >= each cut."""
    print(f"confidence cut-offs (overlap>={thresh:.1f}; kept = predictions with confidence >= t):")
    for name, corrections in labels:
        print(
            f"  {name:<9} {'conf>=':>6} {'kept':>5} {'counted':>7} {'attr P':>7} {'attr R':>7} "
            f"{'attr F1':>7} {'spk acc':>7}"
        )
        for cut in sorted({*CONFIDENCE_CUTS, DEFAULT_MIN_CONFIDENCE}):
            kept = [
                [p for p, c in zip(preds, confs, strict=True) if c >= cut]
                for preds, confs in zip(predictions, confidences, strict=True)
            ]
            c = score_all(rows, kept, thresh, corrections)
            ap, ar, af = _prf(c.speaker_ok, c.pred, c.gold)
            acc = c.speaker_ok / c.matched if c.matched else 0.0
            mark = "  <- DEFAULT_MIN_CONFIDENCE" if cut == DEFAULT_MIN_CONFIDENCE else ""
            print(
                f"  {name:<9} {cut:>6.2f} {sum(map(len, kept)):>5} {c.pred:>7} {ap:>7.3f} "
                f"{ar:>7.3f} {af:>7.3f} {acc:>7.3f}{mark}"
            )


def _load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def _dump_errors(fh, row: dict, preds, gold, matched, fps) -> None:  # noqa: ANN001
    """Error listing for development (written outside the repository)."""
    text = row["text"]
    got = {j for _, j, _ in matched}
    fh.write(f"===== {row['id']}\n")
    for i, j, same in matched:
        if not same:
            fh.write(
                f"SPK  pred={preds[i][1]!r} gold={gold[j][1]!r} :: "
                f"{text[gold[j][0][0] : gold[j][0][1]][:120]!r}\n"
            )
    for j, (gs, spk) in enumerate(gold):
        if j not in got:
            ctx = text[max(0, gs[0] - 100) : gs[0]]
            fh.write(f"MISS [{spk}] ...{ctx[-100:]!r} >> {text[gs[0] : gs[1]][:200]!r}\n")
    for i in fps:
        (s, e), spk = preds[i]
        fh.write(f"FP   [{spk}] {text[s:e][:200]!r}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", required=True, help="PolNeAR-style JSONL file")
    ap.add_argument(
        "--thresh", type=float, default=None, help="overlap threshold (default: report 0.3 and 0.8)"
    )
    ap.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    ap.add_argument("--errors", default=None, help="write an error listing to this file")
    ap.add_argument(
        "--corrections",
        default=None,
        help="hand-checked speaker corrections (JSONL); 'none' for raw labels only "
        f"(default: {DEFAULT_CORRECTIONS.relative_to(DEFAULT_CORRECTIONS.parents[2])} if present)",
    )
    args = ap.parse_args(argv)

    path = Path(args.data)
    if not path.is_file():
        print(f"eval_quotes: no data at {path} (skipping)")
        return 0
    rows = _load(path)
    if args.limit:
        rows = rows[: args.limit]
    threshes = [args.thresh] if args.thresh is not None else [0.3, 0.8]

    corrections: dict[CorrectionKey, Correction] = {}
    if args.corrections is None:
        corr_path: Path | None = DEFAULT_CORRECTIONS if DEFAULT_CORRECTIONS.is_file() else None
    elif args.corrections.lower() in ("", "none"):
        corr_path = None
    else:
        corr_path = Path(args.corrections)
        if not corr_path.is_file():
            print(f"eval_quotes: no corrections file at {corr_path}", file=sys.stderr)
            return 2
    if corr_path is not None:
        corrections = load_corrections(corr_path)
        ids = {r.get("id") for r in rows}
        corrections = {k: v for k, v in corrections.items() if k[0] in ids}

    extract_quotes("Warm-up: lexicons load once, “like this,” she said.")
    chars = 0
    elapsed = 0.0
    cpu = 0.0
    predictions = []
    confidences: list[list[float]] = []
    has_confidence = False
    for row in rows:
        text = row["text"]
        t0, c0 = time.perf_counter(), time.process_time()
        quotes = extract_quotes(text)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        chars += len(text)
        predictions.append([((q.start, q.end), q.speaker) for q in quotes])
        confidences.append([float(getattr(q, "confidence", 1.0)) for q in quotes])
        has_confidence = has_confidence or any(hasattr(q, "confidence") for q in quotes)

    err_fh = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    try:
        for thresh in threshes:
            total = Counts()
            for row, preds in zip(rows, predictions, strict=True):
                gold, neutral = gold_spans(row)
                c, matched, fps = score_article(preds, gold, neutral, thresh)
                total.add(c)
                if err_fh is not None and thresh == threshes[0]:
                    _dump_errors(err_fh, row, preds, gold, matched, fps)
            report(f"{path.name} ({len(rows)} articles)", total, thresh)
            if corrections:
                applied: set[CorrectionKey] = set()
                fixed = score_all(rows, predictions, thresh, corrections, applied)
                report(f"{path.name} corrected labels ({len(applied)} fixed)", fixed, thresh)
                if thresh == threshes[0]:
                    for key in sorted(set(corrections) - applied):
                        print(
                            f"eval_quotes: correction not applied (span or silver label differs): "
                            f"{key[0]} {list(key[1])}",
                            file=sys.stderr,
                        )
    finally:
        if err_fh is not None:
            err_fh.close()
    if has_confidence:
        labels: list[tuple[str, Mapping[CorrectionKey, Correction] | None]] = [("raw", None)]
        if corrections:
            labels.append(("corrected", corrections))
        confidence_table(rows, predictions, confidences, threshes[0], labels)
    mb = sum(len(r["text"].encode("utf-8")) for r in rows) / 1e6
    elapsed = max(elapsed, 1e-9)
    cpu = max(cpu, 1e-9)
    print(
        f"speed (one core): {mb / cpu:.2f} MB/s of CPU time, {mb / elapsed:.2f} MB/s wall "
        f"({chars / cpu:,.0f} chars/s; {mb:.2f} MB in {cpu:.2f} s CPU, {elapsed:.2f} s wall)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
