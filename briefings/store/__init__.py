"""Persistence: `Store` owns every SQL statement; `schema` applies the migrations beside it."""

from briefings.store.store import (
    NewArticle,
    Store,
    content_hash,
    fts_query,
    redact_url,
    text_fingerprint,
)

__all__ = [
    "NewArticle",
    "Store",
    "content_hash",
    "fts_query",
    "redact_url",
    "text_fingerprint",
]
