"""What is computed once per article at ingest: sentence offsets and attributed quotes.

Both are pure CPU work, so `analyze_async` runs them in a worker process (a thread
would hold the GIL) and the bot's event loop keeps answering the gateway while a long
article is processed. A short text is analysed inline: that takes about 10 ms.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from briefings.boilerplate import is_boilerplate
from briefings.quotes import Quote, extract_quotes
from briefings.text import Sentence, split_sentences
from briefings.workers import WorkerPool, default_pool


@dataclass(frozen=True, slots=True)
class Analysis:
    sentences: list[tuple[int, int]]
    quotes: list[Quote]
    # speaker -> every way the article wrote them, for actor aliases
    mentions: dict[str, list[str]]


def analyze(text: str) -> Analysis:
    sentences = split_sentences(text)
    spans = [(s.start, s.end) for s in sentences]
    quotes = _outside_furniture(extract_quotes(text), sentences)
    mentions: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker:
            seen = mentions.setdefault(q.speaker, [])
            if q.speaker_mention and q.speaker_mention not in seen:
                seen.append(q.speaker_mention)
    return Analysis(spans, quotes, mentions)


def _outside_furniture(quotes: list[Quote], sentences: list[Sentence]) -> list[Quote]:
    """The quotes that lie, at least in part, outside page furniture: a credit line or a
    reprint notice ("Additional reporting by ...") states nothing anyone said."""
    furniture = [(s.start, s.end) for s in sentences if is_boilerplate(s.text)]
    if not furniture:
        return quotes
    starts = [a for a, _ in furniture]

    def inside(q: Quote) -> bool:
        i = bisect_right(starts, q.start) - 1
        return i >= 0 and furniture[i][1] >= q.end

    return [q for q in quotes if not inside(q)]


async def analyze_async(text: str, pool: WorkerPool | None = None) -> Analysis:
    """`analyze` off the event loop, in `pool` (default: the process-wide one), with the
    pool's time limit; inline for a text under `workers.INLINE_LIMIT` characters."""
    return await (pool or default_pool()).run_sized(len(text), analyze, text)
