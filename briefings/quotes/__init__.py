"""Quote attribution: who said what in a news article.

`extract_quotes(text)` returns every direct, mixed and reported statement with
its speaker (the fullest name the article gives, validated as a person or an
organisation by `briefings.quotes.speakers`), content offsets, cue and a confidence
(`briefings.quotes.confidence`; `DEFAULT_MIN_CONFIDENCE` is the cut the bot shows by default).
`briefings.quotes.names` has the name keys used to merge actors across articles and
`briefings.quotes.actors` decides which stored actor a speaker is.
See docs/quotes.md for the constructions handled and the benchmark figures.

The extractor (and its lexicons) is imported on first use of `extract_quotes`, so code
that only needs the `Quote` record (the store) does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefings.quotes.confidence import DEFAULT_MIN_CONFIDENCE
from briefings.quotes.model import Quote

if TYPE_CHECKING:
    from briefings.quotes.extract import extract_quotes

__all__ = ["DEFAULT_MIN_CONFIDENCE", "Quote", "extract_quotes"]


def __getattr__(name: str) -> Any:
    if name == "extract_quotes":
        from briefings.quotes.extract import extract_quotes

        return extract_quotes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
