"""Story grouping on mixed days: Multi-News clusters (several outlets on one story) plus
CNN/DailyMail single articles, shuffled into one day, grouped by the digest's own code.

    .venv/bin/python benchmarks/eval_grouping.py ../shared/eval/summaries
    .venv/bin/python benchmarks/eval_grouping.py ../shared/eval/summaries --days 5 --no-rouge

PATH is the folder holding `multinews-dev.jsonl` and `cnndm-dev.jsonl`. Each seeded day
takes `--clusters` Multi-News clusters and `--singles` CNN/DM articles (about 200 articles),
and prints, over all days:

- B-cubed precision, recall and F1 over articles; the same, and the split share, once more
  over documents of 40 or more words only (the shorter Multi-News documents are widgets,
  error pages and archive notices, which no grouping can join to their story);
- wrong merges: the share of gold stories that share a group with another gold story;
- splits: the share of multi-article gold stories spread over more than one group;
- the digest's ROUGE-1/2/Lsum per Multi-News story at the digest's own length, once with
  the grouping's group (the one holding most of the story) and once with the gold cluster;
- how many stories covered by 3+ outlets make the digest's shown list (the top stories);
- with `--list-merges`, each group that holds more than one gold story (article openings
  are printed to the console only, never written anywhere);
- grouping time per day as a ratio to the time to vectorise the day once (same run).

The data is read from PATH and never copied; a missing PATH prints a note and exits 0.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.briefs.brief_service import BriefLine  # noqa: E402
from briefings.digest import stories as grouping  # noqa: E402
from briefings.digest.daily import distinct_lines  # noqa: E402
from briefings.models import Article  # noqa: E402
from briefings.summarize import summarize_many  # noqa: E402
from briefings.summarize.vectors import terms  # noqa: E402
from briefings.text import sentences as split  # noqa: E402


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def title_of(text: str) -> str:
    """What an ingested paste would be titled: its first short line, else its opening words."""
    first = text.strip().split("\n", 1)[0].strip()
    if 10 <= len(first) <= 120:
        return first
    return " ".join(text.split()[:12])


def make_day(
    seed: int, clusters: list[dict], singles: list[dict], n_clusters: int, n_singles: int
) -> tuple[list[Article], list[int], dict[int, dict]]:
    rng = random.Random(seed)
    picked = rng.sample([c for c in clusters if len(c["docs"]) >= 2], n_clusters)
    lone = rng.sample(singles, n_singles)
    items: list[tuple[str, int, str | None]] = []
    gold_rows: dict[int, dict] = {}
    for g, c in enumerate(picked):
        gold_rows[g] = c
        items.extend((d, g, None) for d in c["docs"] if d.strip())
    for k, s in enumerate(lone):
        items.append((s["text"], n_clusters + k, site_of(s["id"])))
    rng.shuffle(items)
    t0 = datetime(2026, 11, 28, tzinfo=UTC)
    arts = [
        Article(
            id=i + 1,
            guild_id=1,
            title=title_of(text),
            text=text,
            url=None,
            canonical_url=None,
            site=site,
            author=None,
            published_at=t0 + timedelta(minutes=5 * i),
            ingested_at=t0,
            content_hash=str(i),
            source="eval",
            feed_id=None,
            language="en",
            word_count=len(text.split()),
        )
        for i, (text, _, site) in enumerate(items)
    ]
    return arts, [g for _, g, _ in items], gold_rows


def site_of(record_id: str) -> str | None:
    """The outlet of a CNN/DailyMail record, from its id ("dm-test-...", "cnn-..."),
    as the store knows an article's site from its page; None where the id does not say
    (RealSumm's records). Multi-News documents carry no outlet at all."""
    prefix = record_id.split("-", 1)[0]
    return {"dm": "dailymail.co.uk", "cnn": "cnn.com"}.get(prefix)


MIN_ARTICLE_WORDS = 40
"""Documents shorter than this are left out of the second set of figures: in Multi-News
they are almost all page widgets, error pages and archive notices rather than articles
(27 of the 34 such documents of multinews-dev)."""

ALIKE = 0.3
"""Jaccard of terms from which the benchmark counts two lines as saying the same thing
(looser than the digest's own filter, `SAME_LINE`, so the filter is not its own judge)."""


def baseline_grouping(articles: list[Article], threshold: float = 0.3) -> list[list[int]]:
    """The grouping before issue 10 (commit a8365a6), for `--baseline`: TF-IDF over the
    title and the first 600 characters, single linkage (union-find) at cosine 0.3,
    biggest groups first."""
    import scipy.sparse as sp

    vecs = grouping.article_vectors([f"{a.title}\n{a.title}\n{a.text[:600]}" for a in articles])
    sims = sp.coo_matrix(vecs @ vecs.T)
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    mask = (sims.row < sims.col) & (sims.data >= threshold)
    for i, j in zip(sims.row[mask], sims.col[mask], strict=True):
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    newest = [a.when.timestamp() for a in articles]
    return sorted(groups.values(), key=lambda g: (-len(g), -max(newest[i] for i in g), g[0]))


def _repeats(line_terms: list[set[str]]) -> int:
    """1 when two of a story's lines share most of their terms (say the same thing)."""
    for i, a in enumerate(line_terms):
        for b in line_terms[i + 1 :]:
            if a and b and len(a & b) / len(a | b) >= ALIKE:
                return 1
    return 0


def bcubed(pred: list[int], gold: list[int]) -> tuple[float, float]:
    p = np.array(pred)
    g = np.array(gold)
    same_p = p[:, None] == p[None, :]
    same_g = g[:, None] == g[None, :]
    both = (same_p & same_g).sum(axis=1)
    return float((both / same_p.sum(axis=1)).mean()), float((both / same_g.sum(axis=1)).mean())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="folder with multinews-dev.jsonl and cnndm-dev.jsonl")
    ap.add_argument("--days", type=int, default=25)
    ap.add_argument("--clusters", type=int, default=30)
    ap.add_argument("--singles", type=int, default=110)
    ap.add_argument("--shown", type=int, default=8, help="stories the digest shows")
    ap.add_argument("--threshold", type=float, default=None, help="override the threshold")
    ap.add_argument("--no-rouge", action="store_true")
    ap.add_argument(
        "--list-merges",
        action="store_true",
        help="print each wrongly merged group: gold story, source and opening words per article",
    )
    ap.add_argument(
        "--baseline", action="store_true", help="score the grouping before issue 10 instead"
    )
    args = ap.parse_args()
    mn, cd = args.path / "multinews-dev.jsonl", args.path / "cnndm-dev.jsonl"
    if not mn.is_file() or not cd.is_file():
        print(f"no evaluation data under {args.path}; skipping")
        return 0
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    clusters, singles = load(mn), load(cd)
    kw = {} if args.threshold is None else {"threshold": args.threshold}
    P, R, merged_share, split_share, ratios = [], [], [], [], []
    P_art, R_art, split_art = [], [], []
    own, perfect = [], []
    big_total = big_shown = big_fit = 0
    repeats_before = repeats_after = n_stories = 0
    n_articles = 0
    for day in range(args.days):
        arts, gold, rows = make_day(1000 + day, clusters, singles, args.clusters, args.singles)
        n_articles += len(arts)
        t0 = time.perf_counter()
        for a in arts:  # the cost of reading the day once: the unit for the timing ratio
            terms(a.text)
        t1 = time.perf_counter()
        if args.baseline:
            groups = baseline_grouping(arts, **kw)
        else:
            groups = grouping.group_stories(arts, **kw)
        t2 = time.perf_counter()
        ratios.append((t2 - t1) / max(t1 - t0, 1e-9))
        pred = [0] * len(arts)
        for k, g in enumerate(groups):
            for i in g:
                pred[i] = k
        p, r = bcubed(pred, gold)
        P.append(p)
        R.append(r)
        gold_ids = sorted(set(gold))
        members = {s: [i for i, x in enumerate(gold) if x == s] for s in gold_ids}
        wrong = sum(
            1 for s in gold_ids if any(gold[j] != s for i in members[s] for j in groups[pred[i]])
        )
        if args.list_merges:
            for g in groups:
                if len({gold[i] for i in g}) > 1:
                    print(f"day {day}: one group holds gold stories {sorted({gold[i] for i in g})}")
                    for i in g:
                        kind = "multinews" if gold[i] < args.clusters else "cnndm"
                        print(
                            f"    story {gold[i]:>3} ({kind}) {' '.join(arts[i].text.split()[:14])}"
                        )
        multi = [s for s in gold_ids if len(members[s]) > 1]
        splits = sum(1 for s in multi if len({pred[i] for i in members[s]}) > 1)
        merged_share.append(wrong / len(gold_ids))
        split_share.append(splits / max(len(multi), 1))
        # The same over articles only: Multi-News clusters hold documents that are no
        # article at all (a Twitter widget, "JavaScript is disabled", an archive's crawl
        # notice), which no grouping can join to their story by content.
        real = [i for i, a in enumerate(arts) if len(a.text.split()) >= MIN_ARTICLE_WORDS]
        pa, ra = bcubed([pred[i] for i in real], [gold[i] for i in real])
        P_art.append(pa)
        R_art.append(ra)
        kept = {s: [i for i in real if gold[i] == s] for s in gold_ids}
        multi_art = [s for s in gold_ids if len(kept[s]) > 1]
        split_art.append(
            sum(1 for s in multi_art if len({pred[i] for i in kept[s]}) > 1)
            / max(len(multi_art), 1)
        )
        shown = {pred[i] for g in groups[: args.shown] for i in g[:1]}
        big_fit += min(args.shown, sum(1 for s in multi if len(members[s]) >= 3))
        for s in multi:
            if len(members[s]) >= 3:
                big_total += 1
                best = max({pred[i] for i in members[s]}, key=lambda k: len(groups[k]))
                big_shown += best in shown
        if args.no_rouge:
            continue
        for s, row in rows.items():
            votes = [pred[i] for i in members[s]]
            best = max(set(votes), key=votes.count)
            for bucket, idxs in ((own, groups[best]), (perfect, members[s])):
                docs = sorted(idxs, key=lambda i: arts[i].when)
                k = grouping.story_sentences(len(docs))
                texts = [arts[i].text for i in docs]
                # As the digest does: a few more lines than shown, repeats dropped.
                picks = summarize_many(texts, k + 2)
                lines = [BriefLine(p.text, p.doc, "", None, p.start, p.end) for p in picks]
                if bucket is perfect:
                    plain = [set(terms(p.text)) for p in summarize_many(texts, k)]
                    repeats_before += _repeats(plain)
                    kept = distinct_lines(lines, arts[docs[0]].title)[:k]
                    repeats_after += _repeats([set(terms(x.text)) for x in kept])
                    n_stories += 1
                else:
                    kept = distinct_lines(lines, arts[docs[0]].title)[:k]
                ref = "\n".join(split(row["summary"]))
                sc = scorer.score(ref, "\n".join(x.text for x in kept))
                bucket.append([sc[m].fmeasure for m in ("rouge1", "rouge2", "rougeLsum")])
    p, r = float(np.mean(P)), float(np.mean(R))
    f1 = 2 * p * r / (p + r)
    default_threshold = 0.3 if args.baseline else grouping.SAME_STORY
    print(
        f"{args.days} days, {n_articles / args.days:.0f} articles a day "
        f"({args.clusters} Multi-News stories + {args.singles} singles), "
        f"threshold {args.threshold if args.threshold is not None else default_threshold}"
        + (" (baseline: the grouping before issue 10)" if args.baseline else "")
    )
    print(f"B-cubed precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    print(f"stories wrongly merged {np.mean(merged_share) * 100:.1f} %")
    print(f"multi-article stories split {np.mean(split_share) * 100:.1f} %")
    pa, ra = float(np.mean(P_art)), float(np.mean(R_art))
    print(
        f"  over documents of {MIN_ARTICLE_WORDS}+ words only: B-cubed precision {pa:.3f}  "
        f"recall {ra:.3f}  F1 {2 * pa * ra / (pa + ra):.3f}; "
        f"split {np.mean(split_art) * 100:.1f} %"
    )
    print(
        f"3+-outlet stories in the top {args.shown}: {big_shown}/{big_total} "
        f"(at most {big_fit} fit in {args.shown} a day)"
    )
    print(f"grouping time / reading the day once: {np.mean(ratios):.2f}")
    if own:
        o, q = np.mean(own, axis=0) * 100, np.mean(perfect, axis=0) * 100
        print("digest ROUGE-1/2/Lsum per story   own grouping {:.1f} / {:.1f} / {:.1f}".format(*o))
        print("                              perfect grouping {:.1f} / {:.1f} / {:.1f}".format(*q))
        print(
            f"stories with two lines {ALIKE:.0%}+ alike (Jaccard of terms): "
            f"{repeats_before}/{n_stories} without the repeat filter, "
            f"{repeats_after}/{n_stories} with it"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
