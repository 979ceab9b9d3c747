"""What is computed once per article at ingest: language, sentence offsets and quotes.

The language is detected first: quote attribution only runs where it is supported
(`briefings.languages.QUOTE_LANGUAGES`), so an article in another language gets no junk
speakers from English rules, and the replies say why it has no quotes. All of it is
pure CPU work, so `analyze_async` runs them in a worker process (a thread
would hold the GIL) and the bot's event loop keeps answering the gateway while a long
article is processed. A short text is analysed inline: that takes about 10 ms.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from briefings.boilerplate import is_boilerplate
from briefings.languages import detect_language, load_detector, quotes_supported
from briefings.quotes import Quote, extract_quotes
from briefings.quotes.actors import speaker_mentions
from briefings.text import Sentence, split_sentences
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
    sentences = split_sentences(text)
    spans = [(s.start, s.end) for s in sentences]
    quotes: list[Quote] = []
    if quotes_supported(language):
        quotes = _outside_furniture(extract_quotes(text, language=language), sentences)
    return Analysis(spans, quotes, speaker_mentions(quotes), language)


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


async def analyze_async(
    text: str, pool: WorkerPool | None = None, declared_language: str | None = None
) -> Analysis:
    """`analyze` off the event loop, in `pool` (default: the process-wide one), with the
    pool's time limit; inline for a text under `workers.INLINE_LIMIT` characters."""
    if len(text) < INLINE_LIMIT:
        await load_detector()  # analysed inline: load the model off the loop first
    return await (pool or default_pool()).run_sized(len(text), analyze, text, declared_language)
