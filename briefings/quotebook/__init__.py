"""The quote book: looking up what a person said across stored articles.

This is a service over the store; the NLP that finds quotes in a text is
`briefings.quotes`, which knows nothing of storage.
"""

from briefings.quotebook.lookup import (
    ActorDigest,
    ArticleQuotes,
    DigestQuote,
    QuoteService,
    QuoteSource,
)

__all__ = ["ActorDigest", "ArticleQuotes", "DigestQuote", "QuoteService", "QuoteSource"]
