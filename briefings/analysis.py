"""What is computed once per article at ingest: sentence offsets and attributed quotes.

Both are pure CPU work, so `analyze_async` runs them in a worker thread and the
bot's event loop keeps answering the gateway while a long article is processed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from briefings.models import NewQuote
from briefings.quotes import extract_quotes
from briefings.text import split_sentences


@dataclass(frozen=True, slots=True)
class Analysis:
    sentences: list[tuple[int, int]]
    quotes: list[NewQuote]
    # speaker -> every way the article wrote them, for actor aliases
    mentions: dict[str, list[str]]


def analyze(text: str) -> Analysis:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    quotes: list[NewQuote] = []
    mentions: dict[str, list[str]] = {}
    for q in extract_quotes(text):
        quotes.append(
            NewQuote(
                speaker=q.speaker,
                speaker_mention=getattr(q, "speaker_mention", None),
                text=q.text,
                kind=q.kind,
                cue=q.cue,
                start=q.start,
                end=q.end,
            )
        )
        if q.speaker:
            seen = mentions.setdefault(q.speaker, [])
            mention = getattr(q, "speaker_mention", None)
            if mention and mention not in seen:
                seen.append(mention)
    return Analysis(spans, quotes, mentions)


async def analyze_async(text: str) -> Analysis:
    return await asyncio.to_thread(analyze, text)
