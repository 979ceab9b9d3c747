"""Which language an article is in, and what the project can do in it.

Detected once at ingest (offline, with py3langid's bundled model: nothing is downloaded)
and stored in `articles.language`. The code picks the summarizers' stemmer and stop words
(`briefings.summarize.sumy_methods`) and says where quote attribution stops: quotes are
only extracted for `QUOTE_LANGUAGES`, and every reply about an article in another
language says so instead of silently showing no quotes.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from briefings.text import DEFAULT_LANGUAGE

# ISO 639-1 codes whose quotation marks, speech verbs and titles the quote extractor knows.
QUOTE_LANGUAGES: frozenset[str] = frozenset({"en", "de", "fr", "es", "ru"})

# Below this normalised probability the detector is guessing (short or mixed texts): the
# article's language is then unknown, and unknown is treated like a supported language
# (quotes are tried), so a short English text is never refused its quotes.
MIN_CONFIDENCE = 0.5
# The detector is linear in its input; the first this-many characters settle the language.
DETECT_CHARS = 20_000

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "nb": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

# ISO code -> the language name sumy, NLTK's Snowball stemmers and Punkt know it by, for
# languages where at least one of them has a stemmer, stop words or a sentence model.
SUMMARY_LANGUAGES: dict[str, str] = {
    "ar": "arabic",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "he": "hebrew",
    "hu": "hungarian",
    "it": "italian",
    "ja": "japanese",
    "ko": "korean",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sk": "slovak",
    "sv": "swedish",
    "th": "thai",
    "uk": "ukrainian",
    "zh": "chinese",
}
# Known to no library: no stemming, no stop list; the summarizers then take a text's
# most frequent words as its stop words (see `briefings.summarize.sumy_methods`).
NEUTRAL_LANGUAGE = "neutral"

_lock = threading.Lock()
_identifier: Any = None


def _detector() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once per process
    (the model takes ~0.2 s to unpickle; worker processes load their own)."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import _load_identifier

            _identifier = _load_identifier(norm_probs=True)
        return _identifier


async def load_detector() -> None:
    """Load the model (about 0.35 s) in a thread, so the first short text analysed inline on
    the event loop does not stall it; a no-op once loaded."""
    if _identifier is None:
        await asyncio.to_thread(_detector)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when the detector is not sure.

    Pure CPU work (~1 ms per KB): callers on the event loop run it in a worker for long
    texts, as the ingest analysis does.
    """
    sample = text[:DETECT_CHARS]
    if sum(1 for c in sample[:2000] if c.isalpha()) < 3:
        return None
    code, prob = _detector().classify(sample)
    if float(prob) < MIN_CONFIDENCE:
        return None
    return str(code)


def language_name(code: str | None) -> str:
    """'German' for 'de'; the code itself for a language without a name here."""
    if not code:
        return "an unknown language"
    return LANGUAGE_NAMES.get(code, code)


def quotes_supported(code: str | None) -> bool:
    """Whether quotes are extracted for articles in this language (unknown: tried)."""
    return code is None or code in QUOTE_LANGUAGES


def quotes_unsupported_note(code: str | None) -> str | None:
    """The line every reply shows for an article whose quotes are not extracted, else None."""
    if quotes_supported(code):
        return None
    return f"quotes are not extracted for {language_name(code)} yet"


def skipped_quotes_note(counts: Mapping[str | None, int]) -> str | None:
    """For `/quotes`: which of a server's articles (counts per language) had no quote
    extraction, e.g. 'quotes are not extracted from 3 article(s) in Chinese, French';
    None when every article's language is supported."""
    skipped = {c: n for c, n in counts.items() if not quotes_supported(c)}
    if not skipped:
        return None
    names = sorted({language_name(c) for c in skipped})
    return f"quotes are not extracted from {sum(skipped.values())} article(s) in {', '.join(names)}"


def summary_language(codes: Iterable[str | None]) -> str:
    """The language name the summarizers use for articles in these languages: the most
    common detected one (unknown articles count for nothing); English, as always, when
    none is known; `NEUTRAL_LANGUAGE` for a language no library has data for."""
    counts = Counter(c for c in codes if c)
    if not counts:
        return DEFAULT_LANGUAGE
    code = counts.most_common(1)[0][0]
    return SUMMARY_LANGUAGES.get(code, NEUTRAL_LANGUAGE)
