"""Grouping articles into stories: several outlets reporting one event are one story.

Articles are compared by TF-IDF vectors of their whole text (title included), after
page furniture is removed: lines such as "Breaking News Emails", photo credits
("FILE – In this ... file photo") and share or subscribe prompts, and any short line
that several of the day's articles carry word for word. Left in, that furniture made
unrelated articles of one site look alike.

Groups are formed by average linkage: two groups join only while the mean cosine
over all their pairs stays above `SAME_STORY`. Single linkage (joining on any one
similar pair) chained distinct stories into one through a bridging article, and with
a threshold high enough to stop that it split most stories covered by several
outlets. Average linkage runs on each connected component of the "some pair above the
threshold" graph separately (an average-linkage group never spans two components), so
a day of a few hundred articles costs one sparse product and a few small dense ones.

The cosines are first corrected for how crowded each article's subject is that day
(`crowd_adjusted`): an article's background is its mean cosine to its 6th-15th nearest
neighbours. Sports pieces about one club, or a campaign's daily stories, sit in a dense
crowd and resemble each other at 0.3-0.45 without being one story; two outlets on a quiet
story often meet only at 0.2-0.3 while nothing else is near either. One threshold
cannot serve both; subtracting the background lets it. It needs no language knowledge.

Measured by `benchmarks/eval_grouping.py` on mixed days of Multi-News clusters and
CNN/DailyMail singles; the threshold and the crowding constants were tuned there on ten
seeded days and checked on twenty others. Tried there and left out because they did not
help on both sets: a names signal (runs of capitalised words), a lower linkage cut than
the edge threshold, binary or BM25 term weights, LSA, a lead-only cosine, a per-day
document-frequency cut, and treating short leftovers as empty.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

from briefings.languages import summary_language
from briefings.models import Article
from briefings.summarize.vectors import normalize_rows, stop_words, term_matrix, terms
from briefings.text import words

SAME_STORY = 0.23
"""Mean similarity (cosine after `crowd_adjusted`) two groups need to be one story
(tuned on mixed days, see the module doc; 0.25 before `SAME_SITE` kept one site's
pieces apart)."""
SAME_SITE = 0.5
"""Similarity (after `crowd_adjusted`) two articles of one site need to be joined at all.
Two outlets reporting one event is what makes a story; one outlet's pieces on one subject
on one day (a preview and a report, two transfer stories on one club) are most often
separate stories that share the subject's vocabulary. Its own follow-up of one event
repeats the event's facts and passes this bar. On the benchmark's mixed days every wrong
merge left at 0.25 was two or three CNN/DailyMail pieces on one subject: with this bar and
`SAME_STORY` at 0.23, over 25 seeded days B-cubed F1 0.928 -> 0.935 and wrong merges
2.4 % -> 1.7 % (docs/summaries.md)."""


CROWD_RANKS = (5, 15)
"""Neighbours (by rank, closest first) whose mean similarity is an article's background."""

CROWD_WEIGHT = 1.5
"""How much a pair's background above (below) `CROWD_REF` lowers (raises) its similarity."""

CROWD_REF = 0.065
"""A typical background on a day of a few hundred articles (median about 0.07)."""

MAX_CHARS = 20_000
"""Characters of an article read for grouping: a story's identity is in its first pages."""

SHARED_LINE = 3
"""A line this many of the day's articles carry word for word is furniture (a site's
footer, an archive notice), not news: outlets on one story word it each their own way."""

_FURNITURE_RE = re.compile(
    r"""^\W*(
        breaking\s+news\s+emails? | get\s+breaking\s+news | sign\s+up\b | subscribe\b
      | follow\s+(us|@) | share\s+(this|on)\b | advertisement$ | related\s*: | read\s+more\b
      | (image|photo|video)\s+(copyright|caption|credit)s?\b | file\s*[-–—]\s*in\s+this
      | this\s+material\s+may\s+not\s+be | copyright\s+\d{4} | ©
      | click\s+(here|to)\b | watch\s*: | (ap|getty|reuters|afp)\s+photo
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_RE = re.compile(r"\((?:AP|AFP|Reuters|Getty)[^)]{0,60}\)\s*$", re.IGNORECASE)
# What a web archive or an error page says instead of the article (anywhere in the line):
# capture notices ("... donating their crawl data to the Internet Archive ...", "The WARC
# files associated with this crawl ..."), "not publicly accessible", "the page you
# requested could not be found". Different articles archived the same way carried the
# same notice and were grouped as one story on it.
_NOTICE_RE = re.compile(
    r"""\bcrawl(?:s|ed|er|ing)?\b.{0,400}\b(?:internet\s+archive|wayback\s+machine|archive-it)\b
      | \b(?:internet\s+archive|wayback\s+machine|archive-it)\b.{0,400}\bcrawl
      | \b(?:this|these)\s+crawls?\b | \bcrawl\s+data\b | ^\W*the\s+seed\s+(?:list\s+)?for\b
      | \bwarc\s+files?\b
      | \bcurrently\s+not\s+publicly\s+accessible
      | \bnot\s+currently\s+available\s+to\s+the\s+(?:general\s+)?public
      | \bpage\s+you\s+(?:requested|are\s+looking\s+for)\s+(?:could\s+not|cannot|can't)\s+be\s+found
      | ^\s*poster="https?://""",
    re.IGNORECASE | re.VERBOSE,
)


def _line_key(line: str) -> str:
    return " ".join(line.lower().split())


def strip_furniture(texts: Sequence[str]) -> list[str]:
    """Each text without its page furniture lines (see the module doc); why: shared
    furniture made unrelated articles of one site look like one story."""
    split = [t[:MAX_CHARS].splitlines() for t in texts]
    seen: Counter[str] = Counter()
    for lines in split:
        seen.update({_line_key(ln) for ln in lines if ln.strip()})
    out = []
    for lines in split:
        kept = [
            ln
            for ln in lines
            if ln.strip()
            and not _FURNITURE_RE.search(ln.strip())
            and not _CREDIT_RE.search(ln.strip())
            and not _NOTICE_RE.search(ln)
            and seen[_line_key(ln)] < SHARED_LINE
        ]
        out.append("\n".join(kept))
    return out


# Without a stop list, a language's function words are told apart by length: in every
# alphabetic script they are overwhelmingly words of one to three letters ("и", "на",
# "что", "og", "det", "się", "nie"), while the words two reports of one story share are
# longer (names, places, nouns). Language-neutral, so it cannot merge stories.
NEUTRAL_MIN_TERM = 4


def story_terms(texts: list[str], languages: list[str | None]) -> list[list[str]]:
    """Each text's terms with its own language's stop words and stemmer (kept small here
    on purpose: the grouping itself may change), so two articles never look alike only
    because they share another language's function words; for a language without a stop
    list, the short words are dropped instead (`NEUTRAL_MIN_TERM`)."""
    out = []
    for text, code in zip(texts, languages, strict=True):
        name = summary_language([code])
        if not stop_words(name):  # judged on the words as written: stems are shorter
            text = " ".join(w for w in words(text) if len(w) >= NEUTRAL_MIN_TERM or _keeps_short(w))
        out.append(terms(text, name))
    return out


def _keeps_short(term: str) -> bool:
    """Numbers and ideographic bigrams are content however short."""
    return term.isdigit() or ord(term[0]) >= 0x2E80


def article_vectors(
    texts: Sequence[str], languages: Sequence[str | None] | None = None
) -> sp.csr_matrix:
    """Unit-length TF-IDF rows (sublinear TF, smoothed IDF over these texts), each text's
    terms taken in its own language (`story_terms`)."""
    counts, _ = term_matrix(story_terms(list(texts), list(languages or [None] * len(texts))))
    return _tfidf(counts, len(texts))


def _tfidf(counts: sp.csr_matrix, n: int) -> sp.csr_matrix:
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    x = sp.csr_matrix(counts.astype(np.float64))
    x.data = 1.0 + np.log(x.data)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    return normalize_rows(sp.csr_matrix(x @ sp.diags(idf)))


def crowding(sims: sp.csr_matrix) -> np.ndarray:
    """Each article's background: its mean similarity to its `CROWD_RANKS` nearest
    neighbours after the closest few (those may be its own story's other reports).
    High for an article in a crowded subject (a club's season, one campaign), low for
    one alone on its subject; `CROWD_REF` where the day is too small to tell."""
    lo, hi = CROWD_RANKS
    n = sims.shape[0]
    out = np.full(n, CROWD_REF)
    if n - 1 <= lo:
        return out
    for start in range(0, n, 512):  # dense row blocks: memory stays flat on big days
        block = sims[start : start + 512].toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = 0.0
        top = -np.sort(-block, axis=1)[:, lo:hi]
        out[start : start + len(block)] = top.mean(axis=1)
    return out


def crowd_adjusted(sims: sp.csr_matrix) -> sp.csr_matrix:
    """The cosines lowered for pairs of articles in a crowded subject and raised for
    lone ones: minus `CROWD_WEIGHT` times how far the pair's mean background
    (`crowding`) lies above `CROWD_REF`; the diagonal stays 1. Why: pieces on one busy
    subject (one club's matches, one campaign) resemble each other as much as two
    outlets' reports of one event on a quiet subject do, and a single threshold that
    kept the first apart split the second."""
    bg = crowding(sims)
    coo = sims.tocoo()
    data = coo.data - CROWD_WEIGHT * ((bg[coo.row] + bg[coo.col]) / 2.0 - CROWD_REF)
    data[coo.row == coo.col] = 1.0
    return sp.csr_matrix((data, (coo.row, coo.col)), shape=sims.shape)


def same_site_apart(sims: sp.csr_matrix, sites: Sequence[str | None] | None) -> sp.csr_matrix:
    """`sims` with the pairs of one known site below `SAME_SITE` set to 0 (see there)."""
    if not sites or not any(sites):
        return sims
    codes: dict[str, int] = {}
    site_id = np.array([codes.setdefault(s, len(codes)) if s else -1 for s in sites])
    coo = sims.tocoo()
    a, b = site_id[coo.row], site_id[coo.col]
    apart = (a >= 0) & (a == b) & (coo.row != coo.col) & (coo.data < SAME_SITE)
    data = np.where(apart, 0.0, coo.data)
    out = sp.csr_matrix((data, (coo.row, coo.col)), shape=sims.shape)
    out.eliminate_zeros()
    return out


def group_texts(
    titles: Sequence[str],
    texts: Sequence[str],
    threshold: float = SAME_STORY,
    languages: Sequence[str | None] | None = None,
    sites: Sequence[str | None] | None = None,
) -> list[list[int]]:
    """Indices grouped by story, each group in index order, groups in order of their
    first member; `languages` are the texts' detected languages (ISO codes or None),
    `sites` the outlets' host names (None where unknown: pasted text). Plain data in and
    out, so it can run in a worker process."""
    n = len(texts)
    if n == 0:
        return []
    bodies = strip_furniture(texts)
    # An article with nothing of its own left (an archive notice, a consent wall) is left
    # alone, title and all: joined on a shared title it would merge unrelated stories.
    docs = [f"{t}\n{t}\n{b}" if b else "" for t, b in zip(titles, bodies, strict=True)]
    vecs = article_vectors(docs, languages)
    sims = same_site_apart(crowd_adjusted(sp.csr_matrix(vecs @ vecs.T)), sites)
    strong = sims.multiply(sims >= threshold)
    _, comp = connected_components(strong, directed=False)
    label = np.full(n, -1)
    next_label = 0
    for c in np.unique(comp):
        members = np.flatnonzero(comp == c)
        if len(members) == 1:
            label[members] = next_label
            next_label += 1
            continue
        block = sims[members][:, members].toarray()
        dist = np.clip(1.0 - block, 0.0, None)
        iu = np.triu_indices(len(members), 1)
        tree = linkage(dist[iu], method="average")
        sub = fcluster(tree, t=1.0 - threshold, criterion="distance")
        for s in np.unique(sub):
            label[members[sub == s]] = next_label
            next_label += 1
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(int(label[i]), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def rank_groups(groups: list[list[int]], articles: Sequence[Article]) -> list[list[int]]:
    """Stories most covered first: by distinct outlets, then articles, then newest."""

    def outlets(g: list[int]) -> int:
        return len({articles[i].site or f"#{articles[i].id}" for i in g})

    return sorted(
        groups,
        key=lambda g: (
            -outlets(g),
            -len(g),
            -max(articles[i].when.timestamp() for i in g),
            g[0],
        ),
    )


def group_stories(articles: Sequence[Article], threshold: float = SAME_STORY) -> list[list[int]]:
    """Indices of `articles` grouped by story; most covered stories first (`rank_groups`)."""
    groups = group_texts(
        [a.title for a in articles],
        [a.text for a in articles],
        threshold,
        [a.language for a in articles],
        [a.site for a in articles],
    )
    return rank_groups(groups, articles)


def story_title(titles: Sequence[str]) -> str:
    """A story's headline from its articles' titles: the first that reads as a headline
    (not clipped with "…", at most 100 characters), else the shortest."""
    whole = [t for t in titles if t.strip() and not t.rstrip().endswith("…") and len(t) <= 100]
    if whole:
        return whole[0]
    return min(titles, key=len) if titles else ""


def story_sentences(articles: int) -> int:
    """Summary lines for a story of that many articles: 2 for one, 3 for several."""
    return 2 if articles <= 1 else 3
