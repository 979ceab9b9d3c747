"""What is computed once per article at ingest: sentence offsets and attributed quotes.

Both are pure CPU work, so `analyze_async` runs them in a worker process (a thread
would hold the GIL) and the bot's event loop keeps answering the gateway while a long
article is processed. A short text is analysed inline: that takes about 10 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.quotes import Quote, extract_quotes
from briefings.text import split_sentences
from briefings.workers import WorkerPool, default_pool


@dataclass(frozen=True, slots=True)
class Analysis:
    sentences: list[tuple[int, int]]
    quotes: list[Quote]
    # speaker -> every way the article wrote them, for actor aliases
    mentions: dict[str, list[str]]


def analyze(text: str) -> Analysis:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    quotes = extract_quotes(text)
    mentions: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker:
            seen = mentions.setdefault(q.speaker, [])
            if q.speaker_mention and q.speaker_mention not in seen:
                seen.append(q.speaker_mention)
    return Analysis(spans, quotes, mentions)


async def analyze_async(text: str, pool: WorkerPool | None = None) -> Analysis:
    """`analyze` off the event loop, in `pool` (default: the process-wide one), with the
    pool's time limit; inline for a text under `workers.INLINE_LIMIT` characters."""
    return await (pool or default_pool()).run_sized(len(text), analyze, text)
