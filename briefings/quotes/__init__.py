"""Quote attribution: who said what in a news article.

`extract_quotes(text)` returns every direct, mixed and reported statement with
its speaker (the fullest name the article gives), content offsets and cue.
`briefings.quotes.names` has the name keys used to merge actors across articles.
See docs/quotes.md for the constructions handled and the benchmark figures.
"""

from briefings.quotes.extract import extract_quotes
from briefings.quotes.model import Quote

__all__ = ["Quote", "extract_quotes"]
