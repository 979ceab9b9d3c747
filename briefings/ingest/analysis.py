"""What is computed once per article at ingest: language, sentence offsets and quotes.

The language is detected first: quote attribution only runs where it is supported
(`briefings.languages.QUOTE_LANGUAGES`), so an article in another language gets no junk
speakers from English rules, and the replies say why it has no quotes. All of it is
pure CPU work, so `analyze_async` runs them in a worker process (a thread
would hold the GIL) and the bot's event loop keeps answering the gateway while a long
article is processed. A short text is analysed inline: that takes about 10 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.languages import detect_language, load_detector, quotes_supported
from briefings.quotes import Quote, extract_quotes
from briefings.text import split_sentences
from briefings.workers import INLINE_LIMIT, WorkerPool, default_pool


@dataclass(frozen=True, slots=True)
class Analysis:
    sentences: list[tuple[int, int]]
    quotes: list[Quote]
    # speaker -> every way the article wrote them, for actor aliases
    mentions: dict[str, list[str]]
    # ISO 639-1 code, None when the detector was not sure
    language: str | None = None


def analyze(text: str, declared_language: str | None = None) -> Analysis:
    """Everything `add_article` stores beside the text. `declared_language` (a page's
    own `lang`, as an ISO code) stands in only where the detector is unsure: pages often
    declare their template's language rather than the article's."""
    language = detect_language(text) or declared_language
    spans = [(s.start, s.end) for s in split_sentences(text)]
    quotes = extract_quotes(text) if quotes_supported(language) else []
    mentions: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker:
            seen = mentions.setdefault(q.speaker, [])
            if q.speaker_mention and q.speaker_mention not in seen:
                seen.append(q.speaker_mention)
    return Analysis(spans, quotes, mentions, language)


async def analyze_async(
    text: str, pool: WorkerPool | None = None, declared_language: str | None = None
) -> Analysis:
    """`analyze` off the event loop, in `pool` (default: the process-wide one), with the
    pool's time limit; inline for a text under `workers.INLINE_LIMIT` characters."""
    if len(text) < INLINE_LIMIT:
        await load_detector()  # analysed inline: load the model off the loop first
    return await (pool or default_pool()).run_sized(len(text), analyze, text, declared_language)
